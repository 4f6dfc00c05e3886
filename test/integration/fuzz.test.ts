import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll, makeLesson, makePeriod, makePerson, makeSmallSchool } from '../fixtures/factories';
import { type Client, clientFor, createTestContext, signIn, type TestContext } from '../helpers/test-app';
import { ACCESS_MATRIX } from '../security/access-matrix';

/**
 * [issue 10] Hostile input: thousands of malformed bodies, query strings and ids sent to every endpoint
 * of the OpenAPI document, as several roles. Never a 500, never a stack trace or an internal path in a body.
 * Seeded, so a failure repeats; FUZZ_SEED and FUZZ_PER_ENDPOINT change the run.
 */
let t: TestContext;
let clients: Record<string, Client>;
let refreshers: Record<string, () => Promise<Client>>;
let realIds: string[];
/** People no fuzzing client is: the endpoints that block, reset, re-role or sign people out aim at them. */
let throwawayIds: string[];
/** The ids hostile paths and bodies pick from (the throwaway ones for the account endpoints). */
let idPool: string[];

const seed = Number(process.env.FUZZ_SEED ?? 20261123);
const perEndpoint = Number(process.env.FUZZ_PER_ENDPOINT ?? 12);

function rng(s: number) {
  return () => {
    s |= 0;
    s = (s + 0x6d2b79f5) | 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = [
  '',
  ' ',
  'a'.repeat(100_000),
  "' OR 1=1 --",
  "'; DROP TABLE marks; --",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '%00',
  '\u0000',
  'ё😀\u202e\ufeff',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4shell-style string, sent as it is
  '${jndi:ldap://x}',
  '{{7*7}}',
  '0',
  '-1',
  '1e308',
  'NaN',
  'null',
  'true',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '2026-13-45',
  '9999-99-99',
  '5',
  'н',
];
const NUMBERS = [0, -1, 1e308, -1e308, 2 ** 53, 2 ** 31, -(2 ** 31) - 1, 0.5, 1e-300];

function hostileValue(r: () => number, depth = 0): unknown {
  const k = Math.floor(r() * 9);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  switch (k) {
    case 0:
    case 1:
      return pick(STRINGS);
    case 2:
      return pick(NUMBERS);
    case 3:
      return r() < 0.5;
    case 4:
      return null;
    case 5:
      return depth > 2 ? [] : Array.from({ length: Math.floor(r() * 4) }, () => hostileValue(r, depth + 1));
    case 6:
      return depth > 2 ? {} : hostileObject(r, depth + 1);
    case 7:
      return pick(idPool);
    default:
      return pick(STRINGS).repeat(1 + Math.floor(r() * 3));
  }
}

const FIELD_NAMES = [
  'login',
  'password',
  'value',
  'version',
  'workId',
  'studentId',
  'lessonId',
  'code',
  'minutes',
  'topic',
  'text',
  'dueDate',
  'items',
  'periodId',
  'classId',
  'name',
  'comment',
  'workType',
  'weight',
  '__proto__',
  'constructor',
];

function hostileObject(r: () => number, depth = 0): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const n = Math.floor(r() * 6);
  for (let i = 0; i < n; i++) {
    // defineProperty, so "__proto__" becomes a real key of the JSON sent (prototype poisoning attempts).
    Object.defineProperty(o, FIELD_NAMES[Math.floor(r() * FIELD_NAMES.length)], {
      value: hostileValue(r, depth),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return o;
}

function hostileBody(r: () => number, schemaProps: string[]): string | undefined {
  const k = Math.floor(r() * 6);
  if (k === 0) return '{"unterminated": ';
  if (k === 1) return JSON.stringify(hostileValue(r));
  const o = hostileObject(r);
  for (const p of schemaProps)
    if (r() < 0.7) Object.defineProperty(o, p, { value: hostileValue(r), enumerable: true, writable: true, configurable: true });
  return JSON.stringify(o);
}

function fillPath(path: string, r: () => number): string {
  return path.replace(/\{[^}]+\}/g, () => {
    const v = r() < 0.4 ? idPool[Math.floor(r() * idPool.length)] : STRINGS[Math.floor(r() * STRINGS.length)].slice(0, 300);
    return encodeURIComponent(String(v));
  });
}

function hostileQuery(r: () => number, params: string[]): string {
  const q = new URLSearchParams();
  for (const p of params) if (r() < 0.8) q.set(p, asText(hostileValue(r)).slice(0, 2000));
  if (r() < 0.3) q.set('__proto__', 'x');
  const s = q.toString();
  return s ? `?${s}` : '';
}

const asText = (v: unknown) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));

const LEAK = /\bat [\w.<>]+ \(|node_modules|\/work\/|\.ts:\d+|stack|TypeError|ReferenceError|syntax error at or near/i;

beforeAll(async () => {
  t = await createTestContext();
  const s = await makeSmallSchool(t.db, { adminTotpRequired: false });
  await makePeriod(t.db, s.schoolId, s.year.id, { number: 1, startsOn: '2000-01-01', endsOn: '2999-12-31' });
  const lesson = await makeLesson(t.db, s.schoolId, s.pageId, new Date().toISOString().slice(0, 10), 1);
  realIds = [s.schoolId, s.classId, s.otherClassId, s.pageId, s.student.id, s.parent.id, lesson, s.year.id, s.teacher.id];
  // throwaway targets: a student of the class teacher's class with a login, one without, a teacher, a parent
  const pupil = await makePerson(t.db, s.schoolId, { roles: ['student'] });
  await enroll(t.db, s.schoolId, pupil.id, s.classId, `${s.year.startYear}-09-01`);
  const newcomer = await makePerson(t.db, s.schoolId, { roles: ['student'], login: null });
  await enroll(t.db, s.schoolId, newcomer.id, s.classId, `${s.year.startYear}-09-01`);
  const staff = await makePerson(t.db, s.schoolId, { roles: ['teacher'] });
  const parent = await makePerson(t.db, s.schoolId, { roles: ['parent'] });
  throwawayIds = [pupil.id, newcomer.id, staff.id, parent.id, s.schoolId, s.classId];
  idPool = realIds;
  const who = { admin: s.admin, teacher: s.teacher, parent: s.parent, classTeacher: s.classTeacher };
  refreshers = Object.fromEntries(Object.entries(who).map(([k, p]) => [k, () => signIn(t.app, p.login, p.password)]));
  clients = Object.fromEntries(await Promise.all(Object.entries(refreshers).map(async ([k, f]) => [k, await f()])));
  // signed out: no cookie at all (public endpoints parse the hostile input, the rest must answer 401)
  clients.anon = clientFor(t.app, '', '');
});

/** Endpoints that end sessions, change passwords or rights: fuzzed against throwaway people only. */
const ACCOUNT_ENDPOINTS = /^\/api\/auth\/(logout|password)$|^\/api\/(accounts|credentials)\/|\/roles$/;

/** Signs every fuzzing client in again (after the account endpoints: a logout ends the session). */
async function signInAgain() {
  for (const [role, refresh] of Object.entries(refreshers)) clients[role] = await refresh();
}
afterAll(async () => t?.close());

describe('hostile input on every endpoint [issue 10]', () => {
  it('never answers 500 and never leaks internals', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: { name: string; in: string }[];
            requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
          }
        >
      >;
    };
    const r = rng(seed);
    const problems: string[] = [];
    let sent = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        // Signing out, changing a password, resetting, blocking or re-roling people, issuing credentials:
        // fuzzed with ids of throwaway people only, and every client signs in again afterwards.
        const accountEndpoint = ACCOUNT_ENDPOINTS.test(path);
        idPool = accountEndpoint ? throwawayIds : realIds;
        const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        const bodyProps = Object.keys(op.requestBody?.content?.['application/json']?.schema?.properties ?? {});
        for (let i = 0; i < perEndpoint; i++) {
          for (const [role, client] of Object.entries(clients)) {
            const url = fillPath(path, r) + hostileQuery(r, queryParams);
            const m = method.toUpperCase();
            const body = m === 'GET' || m === 'DELETE' ? undefined : hostileBody(r, bodyProps);
            const res = await t.app.inject({
              method: m as 'GET',
              url,
              payload: body,
              headers: {
                cookie: client.cookie,
                'x-csrf-token': client.csrf,
                ...(body !== undefined ? { 'content-type': r() < 0.9 ? 'application/json' : 'text/plain' } : {}),
                ...(r() < 0.1 ? { 'idempotency-key': asText(hostileValue(r)).slice(0, 120) } : {}),
              },
            });
            sent++;
            if (res.statusCode >= 500 || LEAK.test(res.body.slice(0, 5000))) {
              problems.push(`${role} ${m} ${url.slice(0, 150)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
            }
            if (res.statusCode === 401 && refreshers[role]) clients[role] = await refreshers[role]().catch(() => client);
          }
        }
        if (accountEndpoint) await signInAgain();
      }
    }
    idPool = realIds;
    console.log(`fuzz: ${sent} hostile requests to ${Object.keys(doc.paths).length} paths, seed ${seed}`);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(sent).toBeGreaterThan(1000);
  }, 600_000);

  /**
   * Uploads (the multipart endpoints of the access-matrix table): a boundary that is not the body's, no part,
   * an empty part, a part that is not «file», a huge or hostile file name, a header injected through the
   * name, more parts than allowed, a body cut short, no boundary at all, JSON under a multipart type.
   * Every one is a 4xx with a Russian message (or a stored file), never a 500 nor a stack trace.
   */
  it('never answers 500 to a malformed multipart upload, signed in or out', async () => {
    const B = 'fuzzboundary';
    const part = (name: string, filename: string, body = 'Памятка', type = 'text/plain') =>
      `--${B}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n${body}\r\n`;
    const end = `--${B}--\r\n`;
    const cases: { name: string; type: string; body: string | Buffer }[] = [
      { name: 'boundary not the body one', type: 'multipart/form-data; boundary=other', body: part('file', 'a.txt') + end },
      { name: 'no part', type: `multipart/form-data; boundary=${B}`, body: end },
      { name: 'empty body', type: `multipart/form-data; boundary=${B}`, body: '' },
      { name: 'not the file field', type: `multipart/form-data; boundary=${B}`, body: part('other', 'a.txt') + end },
      {
        name: 'a field, no file',
        type: `multipart/form-data; boundary=${B}`,
        body: `--${B}\r\nContent-Disposition: form-data; name="file"\r\n\r\nтекст\r\n${end}`,
      },
      { name: 'huge file name', type: `multipart/form-data; boundary=${B}`, body: part('file', `${'я'.repeat(20_000)}.txt`) + end },
      {
        name: 'hostile file name',
        type: `multipart/form-data; boundary=${B}`,
        body: part('file', '../../etc/<script>alert(1)</script>\u0000.html', '<b>x</b>', 'text/html') + end,
      },
      {
        name: 'header injected in the name',
        type: `multipart/form-data; boundary=${B}`,
        body: part('file', 'a.txt"\r\nContent-Type: text/html\r\nX: "') + end,
      },
      { name: 'empty file name', type: `multipart/form-data; boundary=${B}`, body: part('file', '') + end },
      {
        name: 'many parts',
        type: `multipart/form-data; boundary=${B}`,
        body: Array.from({ length: 40 }, (_, i) => part('file', `${i}.txt`)).join('') + end,
      },
      { name: 'cut short', type: `multipart/form-data; boundary=${B}`, body: part('file', 'a.txt').slice(0, 60) },
      { name: 'no boundary', type: 'multipart/form-data', body: part('file', 'a.txt') + end },
      { name: 'JSON as multipart', type: `multipart/form-data; boundary=${B}`, body: JSON.stringify({ file: 'x' }) },
      {
        name: 'binary garbage',
        type: `multipart/form-data; boundary=${B}`,
        body: Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 37) % 256)),
      },
    ];
    const uploads = Object.entries(ACCESS_MATRIX)
      .filter(([, row]) => row.upload)
      .map(([key]) => key.split(' ')[1]);
    expect(uploads.length).toBeGreaterThanOrEqual(4);
    const problems: string[] = [];
    let sent = 0;
    const urls = new Set(
      uploads.flatMap((path) =>
        realIds.map((id) => `${path.replace(/\{[^}]+\}/g, id)}${path.includes('attachments') ? `?schoolId=${id}` : ''}`),
      ),
    );
    for (const url of urls) {
      for (const c of cases) {
        for (const role of ['admin', 'teacher', 'anon']) {
          const client = clients[role];
          const res = await t.app.inject({
            method: 'POST',
            url,
            payload: c.body,
            headers: { cookie: client.cookie, 'x-csrf-token': client.csrf, 'content-type': c.type },
          });
          sent++;
          if (res.statusCode >= 500 || LEAK.test(res.body.slice(0, 5000)))
            problems.push(`${role} POST ${url} (${c.name}) → ${res.statusCode} ${res.body.slice(0, 200)}`);
          if (res.statusCode === 401 && refreshers[role]) clients[role] = await refreshers[role]();
        }
      }
    }
    console.log(`fuzz: ${sent} malformed uploads to ${uploads.length} endpoints (${urls.size} addresses)`);
    expect(problems.slice(0, 20)).toEqual([]);
  }, 300_000);
});
