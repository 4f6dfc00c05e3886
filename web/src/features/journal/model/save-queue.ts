/**
 * The journal's save queue: every mark and absence the teacher enters is a queued save that survives a
 * lost connection and a page reload (memory + localStorage) until the server has it.
 *
 * - One logical save = one Idempotency-Key. A retry sends the same body with the same key, so a save
 *   whose answer was lost is never applied twice (the server replays its stored answer).
 * - Saves go one at a time in the order typed; a cell's second value waits for the first one's answer,
 *   because it must carry the version that answer returns.
 * - Network trouble and 5xx are retried with growing pauses (1 s … 30 s) and at once when the browser
 *   says it is online again. A 409 «stale» parks the save as a conflict until the teacher chooses.
 *   Any other refusal (a bad mark, a closed period) is shown on the cell and not retried.
 *
 * No React and no fetch here: the page gives the queue a `send` function and cache callbacks.
 */

export type SaveOp =
  /** `comment`: undefined leaves the mark's comment as it is; a string sets it; null removes it [004 teacher]. */
  | { type: 'mark'; pageId: string; lessonId: string; workId: string; studentId: string; value: string; comment?: string | null }
  | { type: 'mark.delete'; pageId: string; lessonId: string; workId: string; studentId: string }
  | { type: 'attendance'; pageId: string; lessonId: string; studentId: string; code: string | null; minutes: number | null };

/** The request of a save, fixed when it is first sent so that a retry is byte-for-byte the same. */
export type SaveRequest =
  | {
      call: 'mark.put';
      body: { workId: string; studentId: string; value: string; comment?: string | null; version: number | null };
      idempotencyKey: string;
    }
  | { call: 'mark.delete'; markId: string; version: number; idempotencyKey: string }
  | {
      call: 'attendance.put';
      body: { lessonId: string; studentId: string; code: string | null; minutes: number | null; version: number | null };
      idempotencyKey: string;
    };

export type SaveStatus = 'queued' | 'saving' | 'retrying' | 'conflict' | 'error' | 'saved';

export interface PendingSave {
  id: string;
  cellKey: string;
  op: SaveOp;
  request?: SaveRequest;
  status: SaveStatus;
  attempts: number;
  /** When a retry is due (ms since epoch). */
  retryAt?: number;
  /** The server's message of a refusal. */
  message?: string;
  /** On a conflict: the value the server holds now (error.details.current). */
  current?: unknown;
}

/** What the server answered. `status` 0 = not reached. */
export type SendResult =
  | { ok: true; data: unknown }
  | { ok: false; status: number; code: string; message: string; details?: Record<string, unknown> };

export interface CellVersion {
  /** The mark's id (for a delete); absent for attendance. */
  id?: string;
  version: number;
}

export interface QueueDeps {
  send(request: SaveRequest): Promise<SendResult>;
  /** The version of the cell as last read from the server; null when the cell is empty there. */
  currentVersion(op: SaveOp): CellVersion | null;
  /** The server accepted a save: put its answer into the page data. */
  onSaved(op: SaveOp, data: unknown): void;
  /** The server holds another value: show it as the page's value (the pending one stays on top). */
  onConflict(op: SaveOp, current: unknown): void;
  /** A refused save: the page may re-read the cell. */
  onRefused?(op: SaveOp): void;
}

export interface QueueStorage {
  read(): string | null;
  write(value: string): void;
}

export interface QueueOptions {
  storage?: QueueStorage;
  now?: () => number;
  newKey?: () => string;
  /** How long «сохранено» stays on a cell. */
  savedForMs?: number;
}

export function cellKeyOf(op: SaveOp): string {
  return op.type === 'attendance' ? `a:${op.lessonId}:${op.studentId}` : `m:${op.workId}:${op.studentId}`;
}

const MAX_PAUSE_MS = 30_000;

/** 1 s, 2 s, 4 s … 30 s, with a little jitter so many tabs do not retry in step. */
export function retryPause(attempts: number): number {
  const base = Math.min(MAX_PAUSE_MS, 1000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.9 + Math.random() * 0.2));
}

/**
 * Worth sending again: not reached, a server failure, too many requests, the same key still being
 * processed, or a session that ended (the save waits in storage until the teacher signs in again).
 */
function isRetryable(r: Extract<SendResult, { ok: false }>): boolean {
  return (
    r.status === 0 || r.status >= 500 || r.status === 429 || r.status === 401 || (r.status === 409 && r.code === 'conflict.idempotency')
  );
}

/** The request a save makes, with the version the client read. */
function buildRequest(op: SaveOp, version: CellVersion | null, idempotencyKey: string): SaveRequest | null {
  switch (op.type) {
    case 'mark':
      return {
        call: 'mark.put',
        body: {
          workId: op.workId,
          studentId: op.studentId,
          value: op.value,
          ...(op.comment !== undefined ? { comment: op.comment } : {}),
          version: version?.version ?? null,
        },
        idempotencyKey,
      };
    case 'mark.delete':
      // Nothing on the server to remove: the cell is already empty.
      if (!version?.id) return null;
      return { call: 'mark.delete', markId: version.id, version: version.version, idempotencyKey };
    case 'attendance':
      return {
        call: 'attendance.put',
        body: {
          lessonId: op.lessonId,
          studentId: op.studentId,
          code: op.code,
          minutes: op.code === 'оп' ? op.minutes : null,
          version: version?.version ?? null,
        },
        idempotencyKey,
      };
  }
}

/** What a cell shows while its save is on the way (or refused). */
export interface CellOverlay {
  op: SaveOp;
  status: SaveStatus;
  message?: string;
  current?: unknown;
}

export interface QueueSummary {
  waiting: number;
  conflicts: number;
  errors: number;
  offline: boolean;
  retryAt?: number;
}

export class SaveQueue {
  private entries: PendingSave[] = [];
  private saved = new Map<string, { op: SaveOp; until: number }>();
  private listeners = new Set<() => void>();
  private deps: QueueDeps | null = null;
  private running = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private savedTimer: ReturnType<typeof setTimeout> | null = null;
  private snapshot: ReadonlyMap<string, CellOverlay> = new Map();
  private summary: QueueSummary = { waiting: 0, conflicts: 0, errors: 0, offline: false };
  private readonly storage?: QueueStorage;
  private readonly now: () => number;
  private readonly newKey: () => string;
  private readonly savedForMs: number;
  private seq = 0;

  constructor(opts: QueueOptions = {}) {
    this.storage = opts.storage;
    this.now = opts.now ?? Date.now;
    this.newKey = opts.newKey ?? (() => crypto.randomUUID());
    this.savedForMs = opts.savedForMs ?? 2500;
    this.restore();
  }

  /** The page connects the queue to the API and its cache; saves restored from storage start now. */
  attach(deps: QueueDeps) {
    this.deps = deps;
    this.kick();
  }

  detach(deps: QueueDeps) {
    if (this.deps === deps) this.deps = null;
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Cell key → what the cell shows now; a new object after every change (for useSyncExternalStore). */
  getOverlay = (): ReadonlyMap<string, CellOverlay> => this.snapshot;

  getSummary = (): QueueSummary => this.summary;

  /** Saves that are not yet on the server (for the «не закрывайте страницу» warning). */
  hasUnsaved(): boolean {
    return this.entries.some((e) => e.status !== 'error');
  }

  conflicts(): PendingSave[] {
    return this.entries.filter((e) => e.status === 'conflict');
  }

  /** A new value typed into a cell. It replaces a value of that cell still waiting (never one on the wire). */
  enqueue(typed: SaveOp) {
    const cellKey = cellKeyOf(typed);
    const inFlight = this.entries.find((e) => e.cellKey === cellKey && e.status === 'saving');
    const waiting = this.entries.filter((e) => e.cellKey === cellKey && e.status !== 'saving');
    // A conflict stays a conflict: the newer value becomes «mine» in the choice, it does not overwrite silently.
    const conflict = waiting.find((e) => e.status === 'conflict');
    // A comment still waiting is not lost when the mark is retyped before it went out.
    const waitingComment = waiting
      .map((e) => e.op)
      .filter((o): o is Extract<SaveOp, { type: 'mark' }> => o.type === 'mark' && o.comment !== undefined)
      .pop();
    const op: SaveOp =
      typed.type === 'mark' && typed.comment === undefined && waitingComment ? { ...typed, comment: waitingComment.comment } : typed;
    this.entries = this.entries.filter((e) => !waiting.includes(e));
    this.saved.delete(cellKey);
    const entry: PendingSave = { id: `${this.now()}-${++this.seq}`, cellKey, op, status: 'queued', attempts: 0 };
    if (conflict && !inFlight) Object.assign(entry, { status: 'conflict', current: conflict.current });
    this.entries.push(entry);
    this.changed();
    this.kick();
  }

  /** The save a cell shows (waiting, refused or in conflict), if any. */
  entryFor(cellKey: string): PendingSave | undefined {
    return this.entries.filter((e) => e.cellKey === cellKey).pop();
  }

  /** Conflict resolved by keeping the teacher's value: sent again over the version just read. */
  keepMine(entryId: string) {
    const e = this.entries.find((x) => x.id === entryId);
    if (e?.status !== 'conflict') return;
    Object.assign(e, { status: 'queued', request: undefined, current: undefined, attempts: 0, message: undefined });
    this.changed();
    this.kick();
  }

  /** Conflict resolved by taking the value the server holds (already shown by onConflict); or a refused save dismissed. */
  discard(entryId: string) {
    const e = this.entries.find((x) => x.id === entryId);
    if (!e || e.status === 'saving') return;
    this.entries = this.entries.filter((x) => x !== e);
    this.changed();
  }

  /** «Повторить сейчас»: retries due later go at once (also when the browser comes back online). */
  retryNow() {
    for (const e of this.entries) if (e.status === 'retrying') e.retryAt = this.now();
    this.changed();
    this.kick();
  }

  private kick() {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    void this.run();
  }

  private next(): PendingSave | undefined {
    return this.entries.find((e) => e.status === 'queued' || e.status === 'retrying');
  }

  private async run() {
    if (this.running || !this.deps) return;
    this.running = true;
    try {
      for (let e = this.next(); e && this.deps; e = this.next()) {
        if (e.status === 'retrying' && (e.retryAt ?? 0) > this.now()) {
          // Order is kept: nothing overtakes a save that waits for the connection.
          this.timer = setTimeout(() => this.kick(), (e.retryAt ?? 0) - this.now());
          return;
        }
        await this.sendOne(e, this.deps);
      }
    } finally {
      this.running = false;
    }
  }

  private async sendOne(e: PendingSave, deps: QueueDeps) {
    if (!e.request) {
      const request = buildRequest(e.op, deps.currentVersion(e.op), this.newKey());
      if (!request) {
        this.finish(e);
        return;
      }
      e.request = request;
    }
    e.status = 'saving';
    e.attempts += 1;
    this.changed();
    const result = await deps.send(e.request);
    if (!this.entries.includes(e)) return;
    if (result.ok) {
      deps.onSaved(e.op, result.data);
      this.finish(e);
      return;
    }
    if (isRetryable(result)) {
      Object.assign(e, { status: 'retrying', retryAt: this.now() + retryPause(e.attempts), message: result.message });
      this.changed();
      return;
    }
    if (result.status === 409 && result.code === 'conflict.stale') {
      const current = result.details?.current ?? null;
      deps.onConflict(e.op, current);
      // A newer value typed meanwhile into the same cell is the one the teacher will keep or drop.
      const newer = this.entries.find((x) => x !== e && x.cellKey === e.cellKey && x.status === 'queued');
      this.entries = this.entries.filter((x) => x !== e);
      Object.assign(newer ?? e, { status: 'conflict', current, request: undefined, message: result.message });
      if (!newer) this.entries.push(e);
      this.changed();
      return;
    }
    deps.onRefused?.(e.op);
    Object.assign(e, { status: 'error', message: result.message, request: undefined });
    this.changed();
  }

  private finish(e: PendingSave) {
    this.entries = this.entries.filter((x) => x !== e);
    if (!this.entries.some((x) => x.cellKey === e.cellKey)) {
      this.saved.set(e.cellKey, { op: e.op, until: this.now() + this.savedForMs });
      this.scheduleSavedCleanup();
    }
    this.changed();
  }

  private scheduleSavedCleanup() {
    if (this.savedTimer) return;
    this.savedTimer = setTimeout(() => {
      this.savedTimer = null;
      const now = this.now();
      for (const [k, v] of this.saved) if (v.until <= now) this.saved.delete(k);
      this.changed();
      if (this.saved.size > 0) this.scheduleSavedCleanup();
    }, this.savedForMs);
  }

  private changed() {
    const overlay = new Map<string, CellOverlay>();
    for (const [k, v] of this.saved) overlay.set(k, { op: v.op, status: 'saved' });
    // The newest entry of a cell is what it shows.
    for (const e of this.entries) overlay.set(e.cellKey, { op: e.op, status: e.status, message: e.message, current: e.current });
    this.snapshot = overlay;
    const retrying = this.entries.filter((e) => e.status === 'retrying');
    this.summary = {
      waiting: this.entries.filter((e) => e.status === 'queued' || e.status === 'saving' || e.status === 'retrying').length,
      conflicts: this.entries.filter((e) => e.status === 'conflict').length,
      errors: this.entries.filter((e) => e.status === 'error').length,
      offline: retrying.length > 0,
      retryAt: retrying.length > 0 ? Math.min(...retrying.map((e) => e.retryAt ?? 0)) : undefined,
    };
    this.persist();
    for (const l of this.listeners) l();
  }

  private persist() {
    if (!this.storage) return;
    // Refused saves are not kept: they will never pass, and the cell showed why.
    const keep = this.entries.filter((e) => e.status !== 'error');
    this.storage.write(
      JSON.stringify(
        keep.map(({ id, cellKey, op, request, status, attempts, current }) => ({ id, cellKey, op, request, status, attempts, current })),
      ),
    );
  }

  private restore() {
    const raw = this.storage?.read();
    if (!raw) return;
    try {
      const list = JSON.parse(raw) as PendingSave[];
      if (!Array.isArray(list)) return;
      // A save that was on the wire when the page closed may have arrived: retried with its own key, it cannot apply twice.
      this.entries = list
        .filter((e) => e && typeof e.cellKey === 'string' && e.op)
        .map((e) => ({ ...e, status: e.status === 'conflict' ? 'conflict' : e.request ? 'retrying' : 'queued', retryAt: 0 }));
      this.changed();
    } catch {
      /* a damaged entry list is dropped rather than blocking the journal */
    }
  }
}
