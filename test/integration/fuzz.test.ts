import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLesson, makePeriod, makeSmallSchool } from '../fixtures/factories';
import { type Client, createTestContext, signIn, type TestContext } from '../helpers/test-app';

/**
 * [issue 10] Hostile input: thousands of malformed bodies, query strings and ids sent to every endpoint
 * of the OpenAPI document, as several roles. Never a 500, never a stack trace or an internal path in a body.
 * Seeded, so a failure repeats; FUZZ_SEED and FUZZ_PER_ENDPOINT change the run.
 */
let t: TestContext;
let clients: Record<string, Client>;
let refreshers: Record<string, () => Promise<Client>>;
let realIds: string[];

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
      return pick(realIds);
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
    const v = r() < 0.4 ? realIds[Math.floor(r() * realIds.length)] : STRINGS[Math.floor(r() * STRINGS.length)].slice(0, 300);
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
  const who = { admin: s.admin, teacher: s.teacher, parent: s.parent, classTeacher: s.classTeacher };
  refreshers = Object.fromEntries(Object.entries(who).map(([k, p]) => [k, () => signIn(t.app, p.login, p.password)]));
  clients = Object.fromEntries(await Promise.all(Object.entries(refreshers).map(async ([k, f]) => [k, await f()])));
});
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
        // Signing out or changing one's own password would only end the fuzzing clients' sessions.
        // So would resetting, blocking or re-roling the fuzzing users, or issuing them new passwords.
        if (path === '/api/auth/logout' || path === '/api/auth/password' || /\/api\/(accounts|credentials)\/|\/roles$/.test(path)) continue;
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
            if (res.statusCode === 401) clients[role] = await refreshers[role]().catch(() => client);
          }
        }
      }
    }
    console.log(`fuzz: ${sent} hostile requests to ${Object.keys(doc.paths).length} paths, seed ${seed}`);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(sent).toBeGreaterThan(1000);
  }, 600_000);
});
