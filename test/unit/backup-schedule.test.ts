import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import type { Db, Queryable } from '../../src/db/client';
import { BACKUP_LOCK_KEY, startBackupSchedule } from '../../src/jobs/backup-schedule';

/**
 * The daily backup's schedule [000 §5.1] with a fake clock and fake database handles: when it runs, that
 * it runs once a day, and that on PostgreSQL the lock is taken inside one transaction (one connection),
 * so it cannot leak and skip the next days.
 */
interface Call {
  on: 'pool' | 'tx';
  sql: string;
}

function fakeDb(kind: 'pglite' | 'postgresql', lockGranted: () => boolean) {
  const calls: Call[] = [];
  let openTx = 0;
  const answer = (sql: string) => (/pg_try_advisory/.test(sql) ? [{ got: lockGranted() }] : []);
  const db = {
    kind,
    async query(sql: string) {
      calls.push({ on: 'pool', sql });
      return answer(sql);
    },
    async tx<T>(fn: (tx: Queryable) => Promise<T>) {
      openTx++;
      try {
        return await fn({
          query: async <R>(sql: string) => {
            calls.push({ on: 'tx', sql });
            return answer(sql) as R[];
          },
        });
      } finally {
        openTx--;
      }
    },
    async exec() {},
    async close() {},
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
  } as unknown as Db;
  return { db, calls, inTx: () => openTx > 0 };
}

function setup(opts: { kind?: 'pglite' | 'postgresql'; hour?: number; lock?: () => boolean; fail?: () => boolean } = {}) {
  let clock = new Date(2025, 2, 10, 1, 59);
  const config = loadConfig({ BACKUP_HOUR: String(opts.hour ?? 2), BACKUP_DIR: '/nonexistent/backups', LOG_LEVEL: 'silent' });
  const fake = fakeDb(opts.kind ?? 'postgresql', opts.lock ?? (() => true));
  const backups: { at: Date; inTx: boolean }[] = [];
  const prunes: unknown[] = [];
  const logs: { level: 'info' | 'error'; msg: string }[] = [];
  const schedule = startBackupSchedule(
    { db: fake.db, config, now: () => clock },
    { info: (_o, msg) => logs.push({ level: 'info', msg }), error: (_o, msg) => logs.push({ level: 'error', msg }) },
    {
      intervalMs: 0,
      createBackup: async () => {
        if (opts.fail?.()) throw new Error('disk full');
        backups.push({ at: clock, inTx: fake.inTx() });
        return { file: `/nonexistent/backups/${backups.length}.dump` };
      },
      pruneBackups: (_dir, policy) => {
        prunes.push(policy);
        return [];
      },
    },
  );
  return {
    ...fake,
    schedule,
    backups,
    prunes,
    logs,
    set(d: Date) {
      clock = d;
    },
  };
}

describe('the daily backup schedule [000 §5.1]', () => {
  it('takes one backup a day at the backup hour and prunes after it', async () => {
    const s = setup({ kind: 'pglite' });
    await s.schedule.tick();
    expect(s.backups).toHaveLength(0);
    s.set(new Date(2025, 2, 10, 2, 0));
    await s.schedule.tick();
    s.set(new Date(2025, 2, 10, 2, 30));
    await s.schedule.tick();
    expect(s.backups).toHaveLength(1);
    expect(s.prunes).toEqual([{ dailyDays: 30, weeklyMonths: 3, monthlyMonths: 12 }]);
    s.set(new Date(2025, 2, 10, 3, 0));
    await s.schedule.tick();
    s.set(new Date(2025, 2, 11, 2, 5));
    await s.schedule.tick();
    expect(s.backups.map((b) => b.at.getDate())).toEqual([10, 11]);
    // The embedded database is one process: no lock is asked for.
    expect(s.calls).toEqual([]);
    await s.schedule.stop();
  });

  it('on PostgreSQL takes the lock and the backup inside one transaction, never through the pool', async () => {
    const s = setup();
    for (const day of [10, 11, 12]) {
      s.set(new Date(2025, 2, day, 2, 1));
      await s.schedule.tick();
    }
    expect(s.backups).toHaveLength(3);
    expect(s.backups.every((b) => b.inTx)).toBe(true);
    expect(s.calls.filter((c) => c.on === 'pool')).toEqual([]);
    expect(s.calls.map((c) => c.sql)).toEqual(Array(3).fill('SELECT pg_try_advisory_xact_lock($1) AS got'));
    // A transaction-level lock needs no unlock that could go to another connection.
    expect(s.calls.some((c) => /advisory_unlock/.test(c.sql))).toBe(false);
    expect(BACKUP_LOCK_KEY).toBeTypeOf('number');
  });

  it('logs a skip when another process holds the lock, and tries again the next day', async () => {
    let granted = false;
    const s = setup({ lock: () => granted });
    s.set(new Date(2025, 2, 10, 2, 0));
    await s.schedule.tick();
    expect(s.backups).toHaveLength(0);
    expect(s.logs).toEqual([{ level: 'info', msg: expect.stringMatching(/skipped/) }]);
    granted = true;
    s.set(new Date(2025, 2, 11, 2, 0));
    await s.schedule.tick();
    expect(s.backups).toHaveLength(1);
  });

  it('a failed backup is logged and the next day runs again', async () => {
    let fail = true;
    const s = setup({ fail: () => fail });
    s.set(new Date(2025, 2, 10, 2, 0));
    await s.schedule.tick();
    expect(s.logs.map((l) => l.level)).toEqual(['error']);
    fail = false;
    s.set(new Date(2025, 2, 11, 2, 0));
    await s.schedule.tick();
    expect(s.backups).toHaveLength(1);
    expect(s.logs.map((l) => l.level)).toEqual(['error', 'info']);
  });

  it('is off with a negative BACKUP_HOUR', async () => {
    const s = setup({ hour: -1 });
    s.set(new Date(2025, 2, 10, 2, 0));
    await s.schedule.tick();
    expect(s.backups).toHaveLength(0);
  });
});
