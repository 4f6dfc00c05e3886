import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLesson, makePeriod, makePerson, makeSmallSchool } from '../fixtures/factories';
import { createTestContext, type TestContext } from '../helpers/test-app';

/**
 * [issue 11] The app is stateless: two app processes on one PostgreSQL serve the same users — a session
 * made by one is honoured by the other, a write through one is read through the other, and sign-in
 * throttling counts failures across both.
 */
const root = path.resolve(__dirname, '../..');
let t: TestContext;
const procs: ChildProcess[] = [];
const ports = [0, 0];

async function startServer(url: string): Promise<number> {
  const port = 41000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, [path.join(root, 'bin/journal.mjs'), 'serve'], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      JOURNAL_DEMO: 'false',
      LOG_LEVEL: 'warn',
      BACKUP_HOUR: '-1',
      ARGON2_MEMORY_KIB: '1024',
    },
    stdio: 'ignore',
  });
  procs.push(child);
  for (let i = 0; i < 500; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return port;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not start');
}

/** Polls `read` until `ok` (at most 3 s): another process learns of a change a few milliseconds later. */
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  let v = await read();
  for (let i = 0; i < 60 && !ok(v); i++) {
    await new Promise((r) => setTimeout(r, 50));
    v = await read();
  }
  return v;
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('two app processes on one database', () => {
  beforeAll(async () => {
    t = await createTestContext();
    [ports[0], ports[1]] = await Promise.all([startServer(t.url!), startServer(t.url!)]);
  }, 180_000);
  afterAll(async () => {
    for (const p of procs) p.kill('SIGTERM');
    await t?.close();
  });

  it('share sessions, data and sign-in throttling', async () => {
    const s = await makeSmallSchool(t.db, { adminTotpRequired: false });
    await makePeriod(t.db, s.schoolId, s.year.id, { number: 1, startsOn: '2000-01-01', endsOn: '2999-12-31' });
    const lesson = await makeLesson(t.db, s.schoolId, s.pageId, new Date().toISOString().slice(0, 10), 1);
    const [a, b] = ports.map((p) => `http://127.0.0.1:${p}`);
    const login = await fetch(`${a}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: s.teacher.login, password: s.teacher.password }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
    // Signed in on A, writing on B.
    const work = await fetch(`${b}/api/lessons/${lesson}/works`, { method: 'POST', headers, body: JSON.stringify({ workType: 'test' }) });
    expect(work.status).toBe(200);
    const { id: workId } = (await work.json()) as { id: string };
    const mark = await fetch(`${b}/api/marks`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ workId, studentId: s.student.id, value: '5', version: null }),
    });
    expect(mark.status).toBe(200);
    // Reading on A.
    const page = (await (await fetch(`${a}/api/pages/${s.pageId}`, { headers })).json()) as { marks: { value: string }[] };
    expect(page.marks.map((m) => m.value)).toEqual(['5']);
    // Failures on both processes add up to one lock-out.
    const victim = await makePerson(t.db, s.schoolId, { roles: ['teacher'] });
    for (let i = 0; i < 6; i++) {
      await fetch(`${i % 2 ? a : b}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: victim.login, password: 'wrong-password' }),
      });
    }
    const locked = await fetch(`${a}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: victim.login, password: victim.password }),
    });
    expect(locked.status).toBe(429);
    // A family's week is cached on A; a mark saved on B reaches it: the processes tell each other what
    // changed (PostgreSQL NOTIFY, src/server/freshness.ts), within well under a second.
    const pLogin = await fetch(`${a}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: s.parent.login, password: s.parent.password }),
    });
    const pHeaders = {
      cookie: pLogin.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; '),
    };
    const today = new Date().toISOString().slice(0, 10);
    const diaryMarks = async () => {
      const res = await fetch(`${a}/api/diary?studentId=${s.student.id}&from=${today}&to=${today}`, { headers: pHeaders });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { days: { lessons: { marks: { value: string }[] }[] }[] };
      return body.days.flatMap((d) => d.lessons.flatMap((l) => l.marks.map((m) => m.value)));
    };
    expect(await diaryMarks()).toEqual(['5']);
    const [{ version }] = await t.db.query<{ version: number }>('SELECT version FROM marks WHERE school_id = $1 AND work_id = $2', [
      s.schoolId,
      workId,
    ]);
    const changed = await fetch(`${b}/api/marks`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ workId, studentId: s.student.id, value: '4', version }),
    });
    expect(changed.status).toBe(200);
    expect(await eventually(diaryMarks, (v) => v[0] === '4')).toEqual(['4']);
    // Logging out on B ends the session on A too.
    expect((await fetch(`${b}/api/auth/logout`, { method: 'POST', headers, body: '{}' })).status).toBe(200);
    expect(
      await eventually(
        async () => (await fetch(`${a}/api/me`, { headers })).status,
        (st) => st === 401,
      ),
    ).toBe(401);
  }, 60_000);
});
