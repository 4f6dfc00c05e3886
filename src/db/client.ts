import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * One small interface over the two engines: the embedded PGlite and a real PostgreSQL through `pg`.
 * Repositories write plain PostgreSQL 15 SQL with $1 parameters and get plain objects back.
 * Dates (`date`) come back as 'YYYY-MM-DD' strings, bigint counts and numerics as numbers,
 * timestamps as Date, on both engines alike.
 */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgresql';
  /** The connection URL (PostgreSQL): a dedicated connection (LISTEN) opens its own client. */
  readonly url?: string;
  /** Runs fn in one transaction; the transaction handle is passed to repositories. */
  tx<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a multi-statement script (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
  /** Pool figures for /metrics. */
  poolStats(): { total: number; idle: number; waiting: number };
}

const DATE = 1082;
const INT8 = 20;
const NUMERIC = 1700;

let pgTypesSet = false;
function setPgTypes() {
  if (pgTypesSet) return;
  pg.types.setTypeParser(DATE, (v: string) => v);
  pg.types.setTypeParser(INT8, (v: string) => Number(v));
  pg.types.setTypeParser(NUMERIC, (v: string) => Number(v));
  pgTypesSet = true;
}

export interface OpenOptions {
  url?: string;
  dataDir?: string;
  /** In-memory PGlite (tests), optionally loaded from a dumped data dir. */
  memory?: boolean;
  loadDataDir?: Blob;
  poolSize?: number;
  /**
   * PostgreSQL: run parameterised statements as named prepared statements (default true). Our joins all
   * share `school_id`, which makes every pair of tables joinable and the planner's search exhaustive: a
   * 9-table context query plans in 25–50 ms and runs in under 1 ms. A named statement is planned a few
   * times per connection and then runs on its cached generic plan. Turn off behind a pooler in
   * transaction mode that cannot keep prepared statements (PgBouncer before 1.21).
   */
  prepare?: boolean;
}

/** At most this many distinct statement texts are prepared per process; the rest run unnamed. */
const MAX_PREPARED = 400;

export async function openDb(opts: OpenOptions): Promise<Db> {
  if (opts.url) return openPostgres(opts.url, opts.poolSize ?? 10, opts.prepare ?? true);
  return openPglite(opts);
}

async function openPostgres(url: string, poolSize: number, prepare: boolean): Promise<Db> {
  setPgTypes();
  // Prepared statements go straight to their generic plan: PostgreSQL's own choice kept re-planning the
  // hot context queries (its estimate of planning cost is far below the real 25–190 ms).
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 5000,
    ...(prepare ? { options: '-c plan_cache_mode=force_generic_plan' } : {}),
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', () => {});
  // A checked-out client can also receive the server's FATAL (e.g. postmaster exit) between queries; it
  // surfaces as the next query's rejection, and the event itself must not become an uncaught exception.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  // Statement text → its name; the name is a digest of the text, so every connection agrees on it.
  const names = new Map<string, string>();
  const nameOf = (sql: string): string | undefined => {
    let name = names.get(sql);
    if (name === undefined && names.size < MAX_PREPARED) {
      name = `j${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
      names.set(sql, name);
    }
    return name;
  };
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      // Only parameterised statements: they already use the extended protocol (one statement, no `;` lists).
      const name = prepare && params.length > 0 ? nameOf(sql) : undefined;
      const r = name ? await c.query({ name, text: sql, values: params as unknown[] }) : await c.query(sql, params as unknown[]);
      return r.rows as T[];
    },
  });
  const root = wrap(pool);
  return {
    kind: 'postgresql',
    url,
    query: root.query,
    async tx<T>(fn: (tx: Queryable) => Promise<T>) {
      const client = await pool.connect();
      // A connection lost mid-transaction (database restart) surfaces as the query's rejection; the
      // client's own 'error' event must not crash the process.
      const onError = () => {};
      client.on('error', onError);
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw e;
      } finally {
        client.off('error', onError);
        // A broken connection is destroyed, not returned to the pool.
        client.release(broken);
      }
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    close: () => pool.end(),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}

const pgliteParsers = {
  [DATE]: (v: string) => v,
  [INT8]: (v: string) => Number(v),
  [NUMERIC]: (v: string) => Number(v),
  [pgliteTypes.TIMESTAMPTZ]: (v: string) => new Date(v),
};

/**
 * PGlite does not lock its data dir, and two processes opening it lose writes: a lock file with the
 * owner's pid refuses a second process with a clear message (a stale lock of a dead pid is taken over).
 */
function takeLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lock = path.join(dataDir, 'journal.lock');
  try {
    const pid = Number(fs.readFileSync(lock, 'utf8'));
    if (pid && pid !== process.pid) {
      try {
        process.kill(pid, 0);
        throw new Error(
          `База данных в ${dataDir} уже открыта другим процессом (pid ${pid}). Остановите его или задайте другой JOURNAL_DATA_DIR.`,
        );
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
      }
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  fs.writeFileSync(lock, String(process.pid));
  return () => {
    try {
      if (fs.readFileSync(lock, 'utf8') === String(process.pid)) fs.unlinkSync(lock);
    } catch {
      /* already gone */
    }
  };
}

async function openPglite(opts: OpenOptions): Promise<Db> {
  let release = () => {};
  let dir: string | undefined;
  if (!opts.memory) {
    dir = path.resolve(opts.dataDir ?? './data', 'pglite');
    release = takeLock(path.dirname(dir));
  }
  const db = await PGlite.create(dir ? `file://${dir}` : 'memory://', {
    parsers: pgliteParsers,
    loadDataDir: opts.loadDataDir,
  });
  const wrap = (c: { query: PGlite['query'] }): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      const r = await c.query<T>(sql, params as unknown[]);
      return r.rows;
    },
  });
  const root = wrap(db);
  return {
    kind: 'pglite',
    query: root.query,
    tx: (fn) => db.transaction((t) => fn(wrap(t))),
    async exec(sql: string) {
      await db.exec(sql);
    },
    async close() {
      await db.close();
      release();
    },
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    // Exposed for the test template (dumpDataDir) and backups.
    ...({ pglite: db } as object),
  };
}

/** The PGlite instance behind a Db, for data-dir dumps; undefined on PostgreSQL. */
export function pgliteOf(db: Db): PGlite | undefined {
  return (db as unknown as { pglite?: PGlite }).pglite;
}
