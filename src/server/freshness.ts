import pg from 'pg';
import type { Db } from '../db/client';

/**
 * How fresh a cached read is. The hot reads (a session on every request, a family's diary week) are
 * kept in memory and answered without the database while nothing they depend on has changed.
 *
 * Every committed write bumps a logical clock for what it touched: one class (a mark, an absence — the
 * journal's hot writes report their class), or a whole school (every other write through the API, by
 * default), or everything (a CLI command, a lost change feed). A cached read remembers the clock value
 * taken BEFORE it read the database, and is fresh while nothing it depends on was bumped after that:
 * a write that commits while the read runs makes the read's entry stale at once, never the other way round.
 *
 * Several app processes (issue 11: behind a proxy) learn each other's bumps through PostgreSQL
 * LISTEN/NOTIFY (`ChangeFeed`): within ~50 ms on a healthy feed. While the feed is down, caching is
 * off (every read goes to the database) and everything is dropped when it comes back.
 */
export class Freshness {
  private tick = 0;
  private everything = 0;
  private anySchool = 0;
  private readonly schools = new Map<string, number>();
  private readonly classes = new Map<string, number>();
  private readonly listeners: ((c: Change) => void)[] = [];
  /** false while another process's changes could be missed (the change feed is down). */
  enabled = true;

  /** The clock value to keep with a read; take it before reading. */
  mark(): number {
    return ++this.tick;
  }

  /** Applies a change; `local` changes are also passed to the listeners (the feed sends them on). */
  apply(c: Change, local = true): void {
    const t = ++this.tick;
    if (c.kind === 'all') this.everything = t;
    else if (c.kind === 'school') {
      this.schools.set(c.schoolId, t);
      this.anySchool = t;
    } else this.classes.set(`${c.schoolId}:${c.classId}`, t);
    if (local) for (const l of this.listeners) l(c);
  }

  schoolChanged(schoolId: string): void {
    this.apply({ kind: 'school', schoolId });
  }

  classChanged(schoolId: string, classId: string): void {
    this.apply({ kind: 'class', schoolId, classId });
  }

  everythingChanged(): void {
    this.apply({ kind: 'all' });
  }

  onLocalChange(fn: (c: Change) => void): void {
    this.listeners.push(fn);
  }

  /**
   * Nothing of these schools changed after `at` (class-level changes do not count); with no school at
   * all (an account of no school), nothing of any school changed.
   */
  schoolsFresh(at: number, schoolIds: readonly string[]): boolean {
    if (!this.enabled || this.everything >= at) return false;
    if (schoolIds.length === 0) return this.anySchool < at;
    for (const s of schoolIds) if ((this.schools.get(s) ?? 0) >= at) return false;
    return true;
  }

  /** Nothing of the school and none of these classes changed after `at`. */
  classesFresh(at: number, schoolId: string, classIds: readonly string[]): boolean {
    if (!this.schoolsFresh(at, [schoolId])) return false;
    for (const c of classIds) if ((this.classes.get(`${schoolId}:${c}`) ?? 0) >= at) return false;
    return true;
  }
}

/**
 * Answers kept in memory as their JSON, UTF-8 encoded, at most `maxBytes` in all (the oldest go first). What
 * makes an entry still good to serve is the caller's check against `Freshness` with the entry's `at`.
 * Bytes, not text: V8 keeps a string with Cyrillic in it at two bytes a character (a diary week's keys,
 * ids and dates too), where UTF-8 takes one for those; and a buffer is sent as it is, not encoded again
 * for every answer.
 */
export class JsonCache<E extends { at: number; json: Buffer }> {
  private readonly entries = new Map<string, E>();
  private bytes = 0;
  constructor(private readonly maxBytes: number) {}

  get(key: string): E | undefined {
    return this.entries.get(key);
  }

  set(key: string, e: E): void {
    this.delete(key);
    this.entries.set(key, e);
    this.bytes += e.json.length;
    for (const [k] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(k);
    }
  }

  delete(key: string): void {
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.json.length;
      this.entries.delete(key);
    }
  }
}

export type Change = { kind: 'all' } | { kind: 'school'; schoolId: string } | { kind: 'class'; schoolId: string; classId: string };

const CHANNEL = 'journal_changes';
const encode = (c: Change) => (c.kind === 'all' ? '*' : c.kind === 'school' ? `s:${c.schoolId}` : `c:${c.schoolId}:${c.classId}`);
function decode(s: string): Change | undefined {
  if (s === '*') return { kind: 'all' };
  const [k, a, b] = s.split(':');
  if (k === 's' && a) return { kind: 'school', schoolId: a };
  if (k === 'c' && a && b) return { kind: 'class', schoolId: a, classId: b };
  return undefined;
}

/** Tells other processes that everything may have changed (a CLI command that wrote to the database). */
export async function announceEverythingChanged(db: Db): Promise<void> {
  if (db.kind === 'postgresql') await db.query('SELECT pg_notify($1, $2)', [CHANNEL, '*']).catch(() => {});
}

/**
 * The cross-process side of `Freshness` on PostgreSQL: local changes are sent, batched every 25 ms, as
 * NOTIFY after their commit (never inside the write's transaction, whose commit NOTIFY would serialise);
 * a dedicated connection LISTENs for the others'. PGlite is one process: nothing to do.
 */
export class ChangeFeed {
  private client?: pg.Client;
  private pending = new Set<string>();
  private timer?: NodeJS.Timeout;
  private retry?: NodeJS.Timeout;
  private closed = false;
  private readonly origin = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(
    private readonly db: Db,
    private readonly freshness: Freshness,
    private readonly url: string | undefined,
  ) {}

  async start(): Promise<void> {
    if (this.db.kind !== 'postgresql' || !this.url) return;
    this.freshness.onLocalChange((c) => this.queue(encode(c)));
    await this.connect();
  }

  private queue(s: string) {
    this.pending.add(s);
    this.timer ??= setTimeout(() => void this.flush(), 25);
  }

  private async flush() {
    this.timer = undefined;
    const items = [...(this.pending.has('*') ? ['*'] : this.pending)];
    this.pending.clear();
    // A NOTIFY payload holds under 8000 bytes: about 90 class changes per message.
    for (let i = 0; i < items.length; i += 90) {
      await this.db.query('SELECT pg_notify($1, $2)', [CHANNEL, `${this.origin} ${items.slice(i, i + 90).join(' ')}`]).catch(() => {
        // The database is away: other processes lose their feed too and drop everything on reconnect.
      });
    }
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url });
    const down = () => {
      if (this.client !== client) return;
      this.client = undefined;
      this.freshness.enabled = false;
      client.end().catch(() => {});
      if (!this.closed) this.retry = setTimeout(() => void this.connect(), 1000);
    };
    client.on('error', down);
    client.on('end', down);
    client.on('notification', (n) => {
      const [origin, ...items] = (n.payload ?? '').split(' ');
      if (origin === this.origin) return;
      for (const s of items) {
        const c = decode(s);
        if (c) this.freshness.apply(c, false);
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.client = client;
      // Whatever happened while we were not listening is unknown: start afresh.
      this.freshness.apply({ kind: 'all' }, false);
      this.freshness.enabled = true;
    } catch {
      this.freshness.enabled = false;
      client.end().catch(() => {});
      if (!this.closed) this.retry = setTimeout(() => void this.connect(), 1000);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    if (this.timer) {
      clearTimeout(this.timer);
      await this.flush();
    }
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => {});
  }
}
