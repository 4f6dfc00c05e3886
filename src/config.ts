import path from 'node:path';
import { z } from 'zod';

/**
 * The one place that reads process.env (CONVENTIONS habit 6). Every variable has a default,
 * a validator and a comment; a bad value stops start-up with one clear line.
 */
const bool = z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off']).transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const duration = z.coerce.number().int().positive();

const schema = z.object({
  /** TCP port of the web app and API. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Address to listen on; 0.0.0.0 serves the school LAN. */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** postgres://… of a real PostgreSQL 15+; unset = the embedded PGlite under JOURNAL_DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'должен начинаться с postgres://')
    .optional(),
  /** Connection pool size for PostgreSQL. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * A streaming read replica of DATABASE_URL for families' diary weeks (issue 11). A week is read there
   * only when the replica has replayed the primary's WAL up to the moment of the read; else from the primary.
   */
  DATABASE_REPLICA_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'должен начинаться с postgres://')
    .optional(),
  /** PostgreSQL: run parameterised statements as named prepared statements (off behind PgBouncer < 1.21 in transaction mode). */
  DATABASE_PREPARED_STATEMENTS: bool.default(true),
  /**
   * Keep sessions and families' diary weeks in memory while nothing they depend on changed
   * (src/server/freshness.ts; several processes learn each other's changes through PostgreSQL NOTIFY).
   */
  READ_CACHE: bool.default(true),
  /** Memory for cached diary weeks, MB per process. */
  READ_CACHE_MB: z.coerce.number().int().min(1).max(4096).default(64),
  /** Diary views are written in batches at most this far apart (ms); 0 writes each view at once. */
  DIARY_VIEW_BATCH_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** Folder of the embedded database and local files. */
  JOURNAL_DATA_DIR: z.string().min(1).default('./data'),
  /** Create the demo school when the database is empty (default: on for PGlite, off for PostgreSQL). */
  JOURNAL_DEMO: bool.optional(),
  /** Idle session timeout, minutes: a session unused this long ends. */
  SESSION_IDLE_MINUTES: duration.default(60),
  /** Absolute session lifetime, hours, however active. */
  SESSION_ABSOLUTE_HOURS: duration.default(12),
  /** Set when the app is served over HTTPS (directly or behind a proxy): Secure + __Host- cookies, HSTS. */
  JOURNAL_HTTPS: bool.default(false),
  /** Trust X-Forwarded-* from a reverse proxy (needed for per-IP limits behind nginx). */
  TRUST_PROXY: bool.default(false),
  /** Sign-in failures per account before the growing delay starts. */
  LOGIN_FREE_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  /** Sign-in requests per minute per IP: a whole school may sign in from one NAT address. */
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Requests per minute per IP on the API (general limit). */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(10).default(1200),
  /** Check every response against its schema before sending (tests: on; production: off, for speed —
   *  the schemas still document the API, and the test suite proves the responses match them). */
  RESPONSE_VALIDATION: bool.default(false),
  /** Log level of pino. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** SMTP server for e-mail notifications (smtp://user:pass@host:port); unset = e-mail off. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'должен начинаться с smtp://')
    .optional(),
  /** Sender address of notifications. */
  SMTP_FROM: z.string().default('journal@localhost'),
  /** SMS gateway URL (HTTP POST JSON {to, text}); unset = SMS off. */
  SMS_GATEWAY_URL: z.string().url().optional(),
  /** Bearer token for the SMS gateway. */
  SMS_GATEWAY_TOKEN: z.string().optional(),
  /** Argon2id memory cost in KiB (19 MiB per OWASP). Tests may lower it. */
  ARGON2_MEMORY_KIB: z.coerce.number().int().min(1024).default(19456),
  /** Folder of scheduled backups; default <JOURNAL_DATA_DIR>/backups. */
  BACKUP_DIR: z.string().min(1).optional(),
  /** Hour (0–23, server local time) of the daily backup; -1 turns scheduled backups off. */
  BACKUP_HOUR: z.coerce.number().int().min(-1).max(23).default(2),
  /** Keep every daily backup this many days [002 §4.2]. */
  BACKUP_KEEP_DAILY_DAYS: z.coerce.number().int().min(1).default(30),
  /** Keep one backup a week for this many months. */
  BACKUP_KEEP_WEEKLY_MONTHS: z.coerce.number().int().min(0).default(3),
  /** Keep one backup a month for this many months. */
  BACKUP_KEEP_MONTHLY_MONTHS: z.coerce.number().int().min(0).default(12),
  /** Journals are kept this many years after their year ends [002 §7.1]. */
  RETENTION_JOURNAL_YEARS: z.coerce.number().int().min(1).default(5),
  /** Summary sheets (final marks) are kept this many years [002 §7.2]. */
  RETENTION_SUMMARY_YEARS: z.coerce.number().int().min(1).default(25),
  /** Public base URL used in links (calendar feeds, e-mails). */
  PUBLIC_URL: z.string().url().optional(),
});

export type Config = z.infer<typeof schema> & {
  databaseKind: 'pglite' | 'postgresql';
  dataDir: string;
  demo: boolean;
  publicUrl: string;
  backupDir: string;
};

export class ConfigError extends Error {}

/** Reads and validates the environment; throws ConfigError with one readable line per problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Ошибка настройки: ${lines.join('; ')}`);
  }
  const c = parsed.data;
  const databaseKind = c.DATABASE_URL ? 'postgresql' : 'pglite';
  return {
    ...c,
    databaseKind,
    dataDir: path.resolve(c.JOURNAL_DATA_DIR),
    demo: c.JOURNAL_DEMO ?? databaseKind === 'pglite',
    publicUrl: c.PUBLIC_URL ?? `http://localhost:${c.PORT}`,
    backupDir: path.resolve(c.BACKUP_DIR ?? path.join(c.JOURNAL_DATA_DIR, 'backups')),
  };
}

/** Version of the app, from package.json, for /api/health. */
export const APP_VERSION = '0.1.0';
