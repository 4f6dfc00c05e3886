import type { Config } from '../config';
import { openDb } from '../db/client';
import { migrate } from '../db/migrate';
import { startJobs } from '../jobs';
import { startBackupSchedule } from '../jobs/backup-schedule';
import { buildApp } from './app';

/** Starts the journal: migrate, create the demo school on an empty database, listen, print logins. */
export async function serve(config: Config) {
  const db = await openDb({
    url: config.DATABASE_URL,
    dataDir: config.dataDir,
    poolSize: config.DATABASE_POOL_SIZE,
    prepare: config.DATABASE_PREPARED_STATEMENTS,
  });
  await migrate(db);
  let demoLogins: { login: string; description: string }[] = [];
  if (config.demo) {
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*) AS n FROM schools');
    const { seedDemo, DEMO_LOGINS } = await import('../db/demo/seed');
    if (n === 0) {
      console.log('Создаётся демонстрационная школа (один раз, около минуты)…');
      await seedDemo(db, { size: 'demo' });
    }
    const [{ has }] = await db.query<{ has: boolean }>("SELECT EXISTS (SELECT 1 FROM accounts WHERE login = 'admin') AS has");
    if (has) demoLogins = DEMO_LOGINS;
  }
  const replica = config.DATABASE_REPLICA_URL
    ? await openDb({ url: config.DATABASE_REPLICA_URL, poolSize: config.DATABASE_POOL_SIZE, prepare: config.DATABASE_PREPARED_STATEMENTS })
    : undefined;
  const app = await buildApp({ config, db, replica });
  const backups = startBackupSchedule({ db, config, now: () => new Date() }, app.log);
  // Notifications: outbox fan-out, e-mail/SMS deliveries, digests, weekly letters.
  const jobs = startJobs({ db, config, now: () => new Date() }, { onError: (err) => app.log.error({ err }, 'notifications') });
  const stop = async (signal: string) => {
    app.log.info({ signal }, 'stopping');
    await backups.stop();
    await jobs.stop();
    await app.close();
    await replica?.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  await app.listen({ port: config.PORT, host: config.HOST });
  const url = `http://localhost:${(app.server.address() as { port: number }).port}`;
  const lines = [
    '',
    `Электронный журнал запущен: ${url}`,
    `База данных: ${db.kind === 'pglite' ? `встроенная PGlite (${config.dataDir})` : 'PostgreSQL'}`,
    `Документация API: ${url}/api/docs`,
  ];
  if (demoLogins.length) {
    lines.push('', 'Демо-входы (пароль у всех: demo):');
    for (const l of demoLogins) lines.push(`  ${l.login.padEnd(14)} ${l.description}`);
  }
  console.log(lines.join('\n'));
  return app;
}
