import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { type Db, openDb } from '../../src/db/client';
import { migrate } from '../../src/db/migrate';
import { buildApp } from '../../src/server/app';
import { makeLesson, makePeriod, makeSmallSchool } from '../fixtures/factories';
import { signIn } from '../helpers/test-app';

/**
 * [issue 10] Faults: a private PostgreSQL cluster is killed with SIGKILL while 200 mark saves run at once,
 * then restarted. Every acknowledged save must be there with its history record, no save may be half
 * written, the app answers 503 while the database is down and recovers by itself.
 */
const BIN = '/usr/lib/postgresql/15/bin';
const cannotRun =
  process.getuid?.() !== 0
    ? 'it must run as root (it starts a private PostgreSQL cluster as the postgres user)'
    : !fs.existsSync(`${BIN}/initdb`)
      ? `PostgreSQL 15 is not installed (${BIN}/initdb is missing)`
      : null;
// In CI the test must run: a silent skip would hide that the fault guarantee is no longer checked.
if (cannotRun && process.env.CI === 'true') {
  describe('faults: PostgreSQL killed during 200 concurrent mark saves', () => {
    it('can run in CI', () => {
      throw new Error(`The fault test cannot run in CI: ${cannotRun}. Run the suite as root with postgresql-15 installed.`);
    });
  });
}
const port = 56000 + Math.floor(Math.random() * 2000);
const dir = path.join(os.tmpdir(), `journal-fault-pg-${process.pid}`);
const sockDir = `${dir}.sock`;
const asPostgres = (cmd: string, args: string[]) =>
  execFileSync('runuser', ['-u', 'postgres', '--', `${BIN}/${cmd}`, ...args], { stdio: 'pipe' });
function start() {
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
      `-p ${port} -k ${sockDir} -c listen_addresses=127.0.0.1`,
      'start',
    ]);
  } catch (_e) {
    throw new Error(`PostgreSQL did not start: ${fs.readFileSync(`${dir}.log`, 'utf8').slice(-800)}`);
  }
}

let db: Db;

describe.skipIf(!!cannotRun)('faults: PostgreSQL killed during 200 concurrent mark saves', () => {
  beforeAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.mkdirSync(sockDir, { recursive: true });
    fs.chownSync(
      sockDir,
      Number(execFileSync('id', ['-u', 'postgres']).toString()),
      Number(execFileSync('id', ['-g', 'postgres']).toString()),
    );
    fs.chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
    asPostgres('initdb', ['-D', dir, '-A', 'trust', '-U', 'postgres', '--no-instructions']);
    start();
    db = await openDb({ url: `postgres://postgres@127.0.0.1:${port}/postgres`, poolSize: 10 });
    await migrate(db);
  }, 120_000);

  afterAll(async () => {
    await db?.close().catch(() => {});
    try {
      asPostgres('pg_ctl', ['-D', dir, '-m', 'immediate', 'stop']);
    } catch {
      /* already down */
    }
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(`${dir}.log`, { force: true });
    fs.rmSync(sockDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged save with its history, none half-written; 503 while down; recovers', async () => {
    const s = await makeSmallSchool(db, { adminTotpRequired: false });
    await makePeriod(db, s.schoolId, s.year.id, { number: 1, startsOn: '2000-01-01', endsOn: '2999-12-31' });
    // 100 works × 2 students = 200 empty cells.
    const today = new Date().toISOString().slice(0, 10);
    const lesson = await makeLesson(db, s.schoolId, s.pageId, today, 1);
    const works = await db.query<{ id: string }>(
      `INSERT INTO works (school_id, lesson_id, work_type) SELECT $1, $2, 'oral' FROM generate_series(1, 100) RETURNING id`,
      [s.schoolId, lesson],
    );
    const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent', ARGON2_MEMORY_KIB: '1024' }), db, logger: false });
    const c = await signIn(app, s.teacher.login, s.teacher.password);
    const cells = works.flatMap((w) => [s.student.id, s.classmate.id].map((studentId) => ({ workId: w.id, studentId })));

    const pid = Number(fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    // Kill the postmaster and every backend at once, as a power cut would, once 40 saves were acknowledged.
    let acknowledged = 0;
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      const children = execFileSync('ps', ['--ppid', String(pid), '-o', 'pid='])
        .toString()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
      for (const p of [pid, ...children]) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          /* gone already */
        }
      }
    };
    const saves = cells.map((cell, i) =>
      c.put('/api/marks', { ...cell, value: String(2 + (i % 4)), version: null }).then((r) => {
        if (r.statusCode === 200 && ++acknowledged === 40) kill();
        return { cell, sent: String(2 + (i % 4)), status: r.statusCode, body: r.body };
      }),
    );
    const results = await Promise.all(saves);
    kill();
    const acked = results.filter((r) => r.status === 200);
    const failed = results.filter((r) => r.status !== 200);
    // Failures are clean 503s, never a 500 or a stack trace.
    // Failures are clean 503s for a signed-in user — never a 500, a stack trace, or a 401 that would send the
    // teacher to the sign-in page while the database is merely down.
    for (const f of failed) {
      expect(f.status, f.body).toBe(503);
      expect(JSON.parse(f.body).error.code).toBe('service.unavailable');
      expect(f.body).not.toMatch(/at \w+ \(|node_modules/);
    }

    // While the database is down: 503 from health and from a write, not a crash. Wait until the pool has
    // seen the database go (health answers 503), not a fixed time.
    for (let i = 0; i < 100 && (await app.inject({ url: '/api/health' })).statusCode !== 503; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect((await app.inject({ url: '/api/health' })).statusCode).toBe(503);
    const downWrite = await c.put('/api/marks', { ...cells[0], value: '4', version: null });
    expect(downWrite.statusCode, downWrite.body).toBe(503);
    expect(downWrite.json().error).toMatchObject({ code: 'service.unavailable', message: expect.stringMatching(/База данных/) });
    // A session that is not in the process's memory must be looked up in the database: that failure is a
    // 503 as well, not «signed out» (a second app process without the session cache, same cookie).
    const cold = await buildApp({
      config: loadConfig({ LOG_LEVEL: 'silent', ARGON2_MEMORY_KIB: '1024', READ_CACHE: 'false' }),
      db,
      logger: false,
    });
    const coldWrite = await cold.inject({
      method: 'PUT',
      url: '/api/marks',
      payload: { ...cells[1], value: '4', version: null },
      headers: { cookie: c.cookie, 'x-csrf-token': c.csrf },
    });
    expect(coldWrite.statusCode, coldWrite.body).toBe(503);
    expect((await cold.inject({ url: '/api/me', headers: { cookie: c.cookie } })).statusCode).toBe(503);
    await cold.close();

    // Wait for the killed processes to be gone before PostgreSQL restarts and runs crash recovery.
    for (let i = 0; i < 50; i++) {
      const alive = execFileSync('sh', ['-c', `ps -u postgres -o stat=,args= | grep -v '^Z' | grep -c "${dir}" || true`])
        .toString()
        .trim();
      if (alive === '0') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // In this sandbox nothing reaps the killed postmaster, so its pid stays taken by a zombie and PostgreSQL
    // would think it still runs; a real init reaps it. Remove the stale lock file as the init would let it.
    fs.rmSync(path.join(dir, 'postmaster.pid'), { force: true });
    for (const f of fs.readdirSync(sockDir)) fs.rmSync(path.join(sockDir, f), { force: true });
    start();
    // The pool reconnects by itself.
    let healthy = false;
    for (let i = 0; i < 50 && !healthy; i++) {
      healthy = (await app.inject({ url: '/api/health' })).statusCode === 200;
      if (!healthy) await new Promise((r) => setTimeout(r, 200));
    }
    expect(healthy).toBe(true);

    const marks = await db.query<{ work_id: string; student_id: string; value: string }>(
      'SELECT work_id, student_id, value FROM marks WHERE school_id = $1',
      [s.schoolId],
    );
    const history = await db.query<{ entity_key: string; action: string; new_value: { value?: string } | null }>(
      "SELECT entity_key, action, new_value FROM journal_history WHERE school_id = $1 AND entity = 'mark'",
      [s.schoolId],
    );
    const markKeys = new Set(marks.map((m) => `${m.work_id}:${m.student_id}`));
    const historyKeys = new Set(history.map((h) => h.entity_key));
    const storedValue = new Map(marks.map((m) => [`${m.work_id}:${m.student_id}`, m.value]));
    for (const a of acked) {
      const key = `${a.cell.workId}:${a.cell.studentId}`;
      expect(markKeys.has(key), `acknowledged ${key} lost`).toBe(true);
      expect(historyKeys.has(key), `acknowledged ${key} has no history`).toBe(true);
      // What is stored, what the history says and what the answer said are what was sent.
      expect(storedValue.get(key), `acknowledged ${key} stored another value`).toBe(a.sent);
      expect(JSON.parse(a.body).value, `acknowledged ${key} answered another value`).toBe(a.sent);
      const entries = history.filter((h) => h.entity_key === key);
      expect(entries, `acknowledged ${key}: one history record`).toHaveLength(1);
      expect(entries[0]).toMatchObject({ action: 'create', new_value: { value: a.sent } });
    }
    // No half-written save: a mark always has its history record and a history record its mark.
    expect([...markKeys].filter((k) => !historyKeys.has(k))).toEqual([]);
    expect([...historyKeys].filter((k) => !markKeys.has(k))).toEqual([]);
    console.log(`faults: ${acked.length} acknowledged, ${failed.length} refused with 503 while PostgreSQL was killed`);
    expect(acked.length + failed.length).toBe(200);

    // And the app works again without a restart.
    const again = await c.put('/api/marks', {
      ...cells[0],
      value: '5',
      version: acked.some((a) => a.cell === cells[0]) ? 1 : markKeys.has(`${cells[0].workId}:${cells[0].studentId}`) ? 1 : null,
    });
    expect(again.statusCode).toBe(200);
    await app.close();
  }, 180_000);
});
