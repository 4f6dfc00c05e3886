import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type QueueDeps, type SaveOp, SaveQueue, type SaveRequest, type SendResult } from '../../web/src/features/journal/model/save-queue';

/**
 * The journal's save queue without a browser: what it sends, when it retries, and what it keeps
 * [issue 4: unsaved entries survive a network error; one Idempotency-Key per logical save].
 */

const mark = (value: string, studentId = 's1'): SaveOp => ({ type: 'mark', pageId: 'p', lessonId: 'l', workId: 'w', studentId, value });

interface Harness {
  queue: SaveQueue;
  sent: SaveRequest[];
  saved: unknown[];
  conflicts: unknown[];
  versions: Map<string, { id?: string; version: number }>;
  answer: (fn: (r: SaveRequest, n: number) => SendResult | Promise<SendResult>) => void;
  deps: QueueDeps;
  storage: { value: string | null };
}

function harness(stored: string | null = null): Harness {
  const sent: SaveRequest[] = [];
  const saved: unknown[] = [];
  const conflicts: unknown[] = [];
  const versions = new Map<string, { id?: string; version: number }>();
  let responder: (r: SaveRequest, n: number) => SendResult | Promise<SendResult> = () => ({ ok: true, data: { id: 'm1', version: 1 } });
  const storage = { value: stored };
  let keys = 0;
  const queue = new SaveQueue({
    storage: { read: () => storage.value, write: (v) => (storage.value = v) },
    newKey: () => `key-${++keys}`,
    savedForMs: 100_000,
  });
  const deps: QueueDeps = {
    async send(r) {
      sent.push(structuredClone(r));
      return responder(r, sent.length);
    },
    currentVersion: (op) => versions.get(op.type === 'attendance' ? `a:${op.studentId}` : `m:${op.studentId}`) ?? null,
    onSaved: (op, data) => {
      saved.push(data);
      const d = data as { id?: string; version?: number } | null;
      if (d?.version) versions.set(`m:${op.studentId}`, { id: d.id, version: d.version });
    },
    onConflict: (_op, current) => conflicts.push(current),
  };
  return { queue, sent, saved, conflicts, versions, answer: (fn) => (responder = fn), deps, storage };
}

async function settle() {
  for (let i = 0; i < 10; i++) await vi.advanceTimersByTimeAsync(0);
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('journal save queue', () => {
  it('retries a save that got no answer with the same Idempotency-Key and body, then applies the answer once', async () => {
    const h = harness();
    h.answer((_r, n) =>
      n < 3 ? { ok: false, status: 0, code: 'network', message: 'offline' } : { ok: true, data: { id: 'm1', version: 1 } },
    );
    h.queue.attach(h.deps);
    h.queue.enqueue(mark('5'));
    await settle();
    expect(h.queue.getSummary()).toMatchObject({ waiting: 1, offline: true });
    expect(h.queue.getOverlay().get('m:w:s1')?.status).toBe('retrying');
    // The unsaved mark is in storage while it waits.
    expect(h.storage.value).toContain('"value":"5"');
    await vi.advanceTimersByTimeAsync(1200);
    await vi.advanceTimersByTimeAsync(2400);
    await settle();
    expect(h.sent).toHaveLength(3);
    expect(new Set(h.sent.map((r) => r.idempotencyKey))).toEqual(new Set(['key-1']));
    expect(new Set(h.sent.map((r) => JSON.stringify(r)))).toHaveProperty('size', 1);
    expect(h.saved).toHaveLength(1);
    expect(h.queue.getSummary()).toMatchObject({ waiting: 0, offline: false });
    expect(h.queue.getOverlay().get('m:w:s1')?.status).toBe('saved');
    expect(JSON.parse(h.storage.value ?? '[]')).toEqual([]);
  });

  it('sends a second value typed into a cell after the first is answered, over the version that answer returned', async () => {
    const h = harness();
    let release: (r: SendResult) => void = () => {};
    h.answer((r, n) => (n === 1 ? new Promise<SendResult>((ok) => (release = ok)) : { ok: true, data: { id: 'm1', version: 2, echo: r } }));
    h.queue.attach(h.deps);
    h.queue.enqueue(mark('5'));
    await settle();
    h.queue.enqueue(mark('4'));
    await settle();
    expect(h.sent).toHaveLength(1);
    release({ ok: true, data: { id: 'm1', version: 1 } });
    await settle();
    expect(h.sent).toHaveLength(2);
    expect(h.sent[1]).toMatchObject({ call: 'mark.put', body: { value: '4', version: 1 }, idempotencyKey: 'key-2' });
  });

  it('[004 teacher] sends a mark’s comment with its value, and a plain retyped mark leaves the comment out (the server keeps it)', async () => {
    const h = harness();
    h.queue.attach(h.deps);
    h.queue.enqueue({ ...mark('4'), comment: 'Не выучил правило' } as SaveOp);
    await settle();
    h.queue.enqueue(mark('5'));
    await settle();
    expect(h.sent[0]).toMatchObject({ call: 'mark.put', body: { value: '4', comment: 'Не выучил правило', version: null } });
    expect(h.sent[1]).toMatchObject({ call: 'mark.put', body: { value: '5', version: 1 } });
    expect(h.sent[1].call === 'mark.put' && 'comment' in h.sent[1].body).toBe(false);
  });

  it('[004 teacher] keeps a comment still waiting when the mark is retyped before it went out', async () => {
    const h = harness();
    h.queue.enqueue({ ...mark('4'), comment: 'Исправить к пятнице' } as SaveOp);
    h.queue.enqueue(mark('3'));
    h.queue.attach(h.deps);
    await settle();
    expect(h.sent).toHaveLength(1);
    expect(h.sent[0]).toMatchObject({ call: 'mark.put', body: { value: '3', comment: 'Исправить к пятнице' } });
  });

  it('sends only the last of several values typed before the queue got to them', async () => {
    const h = harness();
    h.queue.enqueue(mark('5'));
    h.queue.enqueue(mark('4'));
    h.queue.enqueue(mark('3'));
    h.queue.attach(h.deps);
    await settle();
    expect(h.sent.map((r) => (r.call === 'mark.put' ? r.body.value : ''))).toEqual(['3']);
  });

  it('parks a stale save as a conflict with the server’s value, and resends it over the new version when the teacher keeps it', async () => {
    const h = harness();
    h.versions.set('m:s1', { id: 'm1', version: 1 });
    h.answer((r, n) =>
      n === 1
        ? {
            ok: false,
            status: 409,
            code: 'conflict.stale',
            message: 'Запись уже изменена',
            details: { current: { id: 'm1', value: '2', version: 2 } },
          }
        : { ok: true, data: { id: 'm1', version: 3, sent: r } },
    );
    h.queue.attach(h.deps);
    h.queue.enqueue(mark('3'));
    await settle();
    expect(h.conflicts).toEqual([{ id: 'm1', value: '2', version: 2 }]);
    const [conflict] = h.queue.conflicts();
    expect(conflict).toMatchObject({ status: 'conflict', current: { value: '2' } });
    expect(h.queue.getSummary().conflicts).toBe(1);
    // The page put the server's value in its data (onConflict); the teacher keeps «3».
    h.versions.set('m:s1', { id: 'm1', version: 2 });
    h.queue.keepMine(conflict.id);
    await settle();
    expect(h.sent[1]).toMatchObject({ body: { value: '3', version: 2 }, idempotencyKey: 'key-2' });
    expect(h.queue.conflicts()).toEqual([]);
  });

  it('drops a conflict when the teacher takes the server’s value', async () => {
    const h = harness();
    h.answer(() => ({ ok: false, status: 409, code: 'conflict.stale', message: 'stale', details: { current: null } }));
    h.queue.attach(h.deps);
    h.queue.enqueue(mark('3'));
    await settle();
    h.queue.discard(h.queue.conflicts()[0].id);
    expect(h.queue.getOverlay().size).toBe(0);
    expect(h.sent).toHaveLength(1);
  });

  it('shows a refused save on its cell and neither retries nor stores it', async () => {
    const h = harness();
    h.answer(() => ({ ok: false, status: 423, code: 'journal.period_closed', message: 'Период закрыт' }));
    h.queue.attach(h.deps);
    h.queue.enqueue(mark('5'));
    await settle();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.sent).toHaveLength(1);
    expect(h.queue.getOverlay().get('m:w:s1')).toMatchObject({ status: 'error', message: 'Период закрыт' });
    expect(JSON.parse(h.storage.value ?? '[]')).toEqual([]);
  });

  it('resends saves restored from storage after a reload with their original key', async () => {
    const first = harness();
    first.answer(() => ({ ok: false, status: 503, code: 'unavailable', message: 'down' }));
    first.queue.attach(first.deps);
    first.queue.enqueue(mark('5'));
    await settle();
    // The page is reloaded: a new queue reads what the old one stored.
    const second = harness(first.storage.value);
    expect(second.queue.getOverlay().get('m:w:s1')?.op).toMatchObject({ value: '5' });
    second.queue.attach(second.deps);
    await settle();
    expect(second.sent[0].idempotencyKey).toBe(first.sent[0].idempotencyKey);
    expect(second.saved).toHaveLength(1);
  });

  it('completes a delete of a cell that is already empty on the server without a request', async () => {
    const h = harness();
    h.queue.attach(h.deps);
    h.queue.enqueue({ type: 'mark.delete', pageId: 'p', lessonId: 'l', workId: 'w', studentId: 's1' });
    await settle();
    expect(h.sent).toEqual([]);
    expect(h.queue.getSummary().waiting).toBe(0);
  });
});
