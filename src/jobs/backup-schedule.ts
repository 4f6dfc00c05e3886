import { createBackup, pruneBackups } from '../modules/backup/backup.service';
import type { Deps } from '../server/context';

/**
 * The daily backup inside the server process [000 §5.1]: at BACKUP_HOUR (server local time) take a backup and
 * prune by the retention policy. In-process because the embedded database can be opened by one process only.
 * With several app processes on PostgreSQL, an advisory lock lets one of them take it.
 */
export function startBackupSchedule(deps: Deps, log: { info: (o: object, m: string) => void; error: (o: object, m: string) => void }) {
  const { config, db } = deps;
  if (config.BACKUP_HOUR < 0) return { stop: async () => {} };
  let lastDay = '';
  let running: Promise<void> | null = null;
  const tick = async () => {
    const now = deps.now();
    const day = now.toDateString();
    if (now.getHours() !== config.BACKUP_HOUR || day === lastDay || running) return;
    lastDay = day;
    running = (async () => {
      try {
        if (db.kind === 'postgresql') {
          const [{ got }] = await db.query<{ got: boolean }>('SELECT pg_try_advisory_lock(727275) AS got');
          if (!got) return;
        }
        const out = await createBackup(db, { dir: config.backupDir, databaseUrl: config.DATABASE_URL });
        const removed = pruneBackups(config.backupDir, {
          dailyDays: config.BACKUP_KEEP_DAILY_DAYS,
          weeklyMonths: config.BACKUP_KEEP_WEEKLY_MONTHS,
          monthlyMonths: config.BACKUP_KEEP_MONTHLY_MONTHS,
        });
        log.info({ file: out.file, removed }, 'scheduled backup done');
      } catch (err) {
        log.error({ err }, 'scheduled backup failed');
      } finally {
        if (db.kind === 'postgresql') await db.query('SELECT pg_advisory_unlock(727275)').catch(() => {});
        running = null;
      }
    })();
  };
  const timer = setInterval(() => void tick(), 60_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
