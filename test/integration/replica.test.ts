import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { type Db, openDb } from '../../src/db/client';
import { migrate } from '../../src/db/migrate';
import { buildApp } from '../../src/server/app';
import { makeLesson, makePeriod, makeSmallSchool } from '../fixtures/factories';
import { signIn } from '../helpers/test-app';

/**
 * [issue 11] Diary reads from a PostgreSQL streaming replica (DATABASE_REPLICA_URL): a private primary
 * and a replica made from it with pg_basebackup. A family's week is read on the replica when it has
 * replayed up to the moment of the read, and from the primary when it lags — so a mark is in the diary
 * the moment its save was answered, even with the replica's replay paused.
 */
const BIN = '/usr/lib/postgresql/15/bin';
// Runs in the PostgreSQL pass of the suite only (its own clusters do not depend on the engine under test).
const canRun =
  !!process.env.TEST_DATABASE_URL && process.getuid?.() === 0 && fs.existsSync(`${BIN}/initdb`) && fs.existsSync(`${BIN}/pg_basebackup`);
const port = 52000 + Math.floor(Math.random() * 2000);
const base = path.join(os.tmpdir(), `journal-replica-${process.pid}`);
const primaryDir = `${base}-primary`;
const replicaDir = `${base}-replica`;
const sockDir = `${base}.sock`;
const asPostgres = (cmd: string, args: string[]) =>
  execFileSync('runuser', ['-u', 'postgres', '--', `${BIN}/${cmd}`, ...args], { stdio: 'pipe' });
const ids = () => ({
  uid: Number(execFileSync('id', ['-u', 'postgres']).toString()),
  gid: Number(execFileSync('id', ['-g', 'postgres']).toString()),
});

function start(dir: string, p: number) {
  try {
    asPostgres('pg_ctl', [
      '-D',
      dir,
      '-l',
      `${dir}.log`,
      '-w',
      '-t',
      '60',
      '-o',
      `-p ${p} -k ${sockDir} -c listen_addresses=127.0.0.1`,
      'start',
    ]);
  } catch {
    throw new Error(`PostgreSQL did not start: ${fs.readFileSync(`${dir}.log`, 'utf8').slice(-800)}`);
  }
}

let primary: Db;
let replica: Db;
let app: FastifyInstance;

describe.skipIf(!canRun)('diary reads on a streaming replica [issue 11]', () => {
  beforeAll(async () => {
    const { uid, gid } = ids();
    for (const d of [primaryDir, replicaDir, sockDir]) {
      fs.rmSync(d, { recursive: true, force: true });
      fs.mkdirSync(d, { recursive: true });
      fs.chownSync(d, uid, gid);
    }
    fs.chmodSync(replicaDir, 0o700);
    asPostgres('initdb', ['-D', primaryDir, '-A', 'trust', '-U', 'postgres', '--no-instructions']);
    start(primaryDir, port);
    primary = await openDb({ url: `postgres://postgres@127.0.0.1:${port}/postgres`, poolSize: 5 });
    await migrate(primary);
    asPostgres('pg_basebackup', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream']);
    start(replicaDir, port + 1);
    replica = await openDb({ url: `postgres://postgres@127.0.0.1:${port + 1}/postgres`, poolSize: 5 });
    const config = loadConfig({
      ARGON2_MEMORY_KIB: '1024',
      LOG_LEVEL: 'silent',
      JOURNAL_DEMO: 'false',
      RESPONSE_VALIDATION: 'true',
      DIARY_VIEW_BATCH_MS: '0',
    });
    app = await buildApp({ config, db: primary, replica, logger: false });
  }, 180_000);

  afterAll(async () => {
    await app?.close().catch(() => {});
    await replica?.close().catch(() => {});
    await primary?.close().catch(() => {});
    for (const d of [replicaDir, primaryDir]) {
      try {
        asPostgres('pg_ctl', ['-D', d, '-m', 'immediate', 'stop']);
      } catch {
        /* already down */
      }
      fs.rmSync(d, { recursive: true, force: true });
      fs.rmSync(`${d}.log`, { force: true });
    }
    fs.rmSync(sockDir, { recursive: true, force: true });
  });

  it('reads a week on the replica once it has caught up, and on the primary while it lags', async () => {
    const s = await makeSmallSchool(primary, { adminTotpRequired: false });
    await makePeriod(primary, s.schoolId, s.year.id, { number: 1, startsOn: '2000-01-01', endsOn: '2999-12-31' });
    const today = new Date().toISOString().slice(0, 10);
    const lesson = await makeLesson(primary, s.schoolId, s.pageId, today, 1, { topic: 'Дроби' });
    const teacher = await signIn(app, s.teacher.login, s.teacher.password);
    const parent = await signIn(app, s.parent.login, s.parent.password);
    const work = (await teacher.post(`/api/lessons/${lesson}/works`, { workType: 'test' })).json() as { id: string };
    const replicaReads = async () =>
      (
        await replica.query<{ n: number }>(
          "SELECT sum(xact_commit + xact_rollback)::int AS n FROM pg_stat_database WHERE datname = 'postgres'",
        )
      )[0].n;
    const marks = async () => {
      const res = await parent.get(`/api/diary?studentId=${s.student.id}&from=${today}&to=${today}`);
      expect(res.statusCode).toBe(200);
      return (res.json().days[0].lessons[0].marks as { value: string }[]).map((m) => m.value);
    };
    // Let the replica catch up, then a week read goes there.
    for (let i = 0; i < 100; i++) {
      const [{ lsn }] = await primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
      const [{ ok }] = await replica.query<{ ok: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok', [lsn]);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const before = await replicaReads();
    expect(await marks()).toEqual([]);
    // pg_stat_database is updated when a backend reports, at most every 500 ms: wait for the figure.
    let after = await replicaReads();
    for (let i = 0; i < 40 && after <= before + 1; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await replicaReads();
    }
    expect(after).toBeGreaterThan(before + 1);
    // Replay paused: the replica does not have the new mark, the week is read on the primary.
    await replica.query('SELECT pg_wal_replay_pause()');
    try {
      expect((await teacher.put('/api/marks', { workId: work.id, studentId: s.student.id, value: '5', version: null })).statusCode).toBe(
        200,
      );
      expect(await marks()).toEqual(['5']);
      const [{ n }] = await replica.query<{ n: number }>('SELECT count(*)::int AS n FROM marks WHERE school_id = $1', [s.schoolId]);
      expect(n).toBe(0);
    } finally {
      await replica.query('SELECT pg_wal_replay_resume()');
    }
  }, 120_000);
});
