import { createBackup, pruneBackups } from '../modules/backup/backup.service';
import type { Deps } from '../server/context';

/** The lock key that lets one of several app processes take the day's backup (PostgreSQL). */
export const BACKUP_LOCK_KEY = 727275;

export interface BackupScheduleLog {
  info: (o: object, m: string) => void;
  error: (o: object, m: string) => void;
}

/** What the schedule calls; tests pass their own (src/jobs is wired with the real ones). */
export interface BackupScheduleHooks {
  createBackup?: (db: Deps['db'], opts: { dir: string; databaseUrl?: string }) => Promise<{ file: string }>;
  pruneBackups?: typeof pruneBackups;
  /** How often the clock is looked at (ms); 0 — never by itself, the caller calls `tick()`. */
  intervalMs?: number;
}

/**
 * The daily backup inside the server process [000 §5.1]: at BACKUP_HOUR (server local time) take a backup and
 * prune by the retention policy. In-process because the embedded database can be opened by one process only.
 *
 * With several app processes on PostgreSQL, one of them takes it: each tries a transaction-level advisory lock
 * in a transaction that stays open until its backup is written. The lock lives and dies with that one
 * connection — a session lock taken and released through the pool could land on two different connections,
 * stay held for ever and silently skip every later day. A process that does not get the lock logs the skip.
 */
export function startBackupSchedule(deps: Deps, log: BackupScheduleLog, hooks: BackupScheduleHooks = {}) {
  const { config, db } = deps;
  const backup = hooks.createBackup ?? createBackup;
  const prune = hooks.pruneBackups ?? pruneBackups;
  if (config.BACKUP_HOUR < 0) return { stop: async () => {}, tick: async () => {} };
  let lastDay = '';
  let running: Promise<void> | null = null;

  const takeAndPrune = async () => {
    const out = await backup(db, { dir: config.backupDir, databaseUrl: config.DATABASE_URL });
    const removed = prune(config.backupDir, {
      dailyDays: config.BACKUP_KEEP_DAILY_DAYS,
      weeklyMonths: config.BACKUP_KEEP_WEEKLY_MONTHS,
      monthlyMonths: config.BACKUP_KEEP_MONTHLY_MONTHS,
    });
    log.info({ file: out.file, removed }, 'scheduled backup done');
  };

  const run = async () => {
    try {
      if (db.kind === 'postgresql') {
        await db.tx(async (tx) => {
          const [{ got }] = await tx.query<{ got: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS got', [BACKUP_LOCK_KEY]);
          if (!got) {
            log.info({ lock: BACKUP_LOCK_KEY }, 'scheduled backup skipped: another process is taking it');
            return;
          }
          // The transaction (and the lock with it) ends after the backup, on this same connection.
          await takeAndPrune();
        });
      } else {
        await takeAndPrune();
      }
    } catch (err) {
      log.error({ err }, 'scheduled backup failed');
    }
  };

  /** Looks at the clock: at the backup hour, once a day, starts the backup. Resolves when a started one ends. */
  const tick = async () => {
    const now = deps.now();
    const day = now.toDateString();
    if (now.getHours() !== config.BACKUP_HOUR || day === lastDay || running) return running ?? undefined;
    lastDay = day;
    running = run().finally(() => {
      running = null;
    });
    return running;
  };

  const intervalMs = hooks.intervalMs ?? 60_000;
  const timer = intervalMs > 0 ? setInterval(() => void tick(), intervalMs) : undefined;
  timer?.unref();
  return {
    tick,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
