import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WEB_DIST } from '../../src/server/app';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { ACCESS_MATRIX, type MatrixRow, RELATIONS, ROLE_NAMES, type RoleName } from './access-matrix';
import { DOC_PATH, renderMatrixDoc } from './matrix-doc';
import {
  type Actors,
  changeCounter,
  FRESH_KINDS,
  makeMatrixWorld,
  type Obj,
  objectsOf,
  outOfScope,
  type Provider,
  send,
  signInRoles,
  type World,
} from './world';

const today = () => new Date().toISOString().slice(0, 10);
const shift = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Reads first, then writes, then deletions; the year switch (activate, close-and-promote) last: were it
 * ever to succeed, it would make another year current for every later row.
 */
function order(key: string) {
  if (key.includes('/activate') || key.includes('/close-and-promote')) return 3;
  if (key.startsWith('GET ')) return 0;
  if (key.startsWith('DELETE ')) return 2;
  return 1;
}

/**
 * Every route of Fastify's route tree (`printRoutes({ commonPrefix: false })`) as 'METHOD /path', with the
 * path parameters written as the OpenAPI document writes them (`:id` → `{id}`).
 */
export function servedRoutes(tree: string): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line.replace(/\u00a0/g, ' '));
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    const full = (stack[depth - 1] ?? '') + m[2];
    stack[depth] = full;
    for (const method of m[3]?.split(', ') ?? []) out.push(`${method} ${full.replace(/:(\w+)/g, '{$1}')}`);
  }
  return [...new Set(out)];
}

/** The answer the table expects from a role for a relation (see the legend of access-matrix.ts). */
export function expectedStatus(row: MatrixRow, role: RoleName, relation: string): number {
  const exact = row.answers?.[role]?.[relation];
  if (exact) return exact;
  if ((role === 'anon' || role === 'blocked') && !row.public) return 401;
  if (row.allow[role]?.includes(relation)) return 200;
  if (row.forbid?.[role]?.includes(relation)) return 403;
  return row.deny ?? 404;
}

interface Probe {
  key: string;
  role: RoleName;
  relation: string;
  status: number;
  expected: number;
  changed: string[];
  /** Tables an allowed write changed that hold records the audit must cover, when it wrote no audit record. */
  unaudited: string[];
  /** Objects outside the role's scope that the answer named (see outOfScope). */
  leaked: string[];
  body: string;
}

/**
 * [issue 10] every change to marks, absences, final marks, people and rights leaves an audit record: an
 * allowed write that changed one of these tables must have written `audit_log` or `journal_history` too.
 */
const AUDITED = ['marks', 'attendance', 'final_marks', 'persons', 'memberships', 'parent_links', 'enrollments'];

/** A tiny import file: one class (what POST /api/import/* reads). */
const CSV = Buffer.from('Класс\n8В\n', 'utf8').toString('base64');
/** A thematic plan as a teacher's CSV. */
const PLAN_CSV = Buffer.from('Тема;Часы\nДроби;2\nУравнения;3\n', 'utf8');
/** A full bell schedule, lessons 0…12 (PUT /api/bells replaces the school's: later rows need every number). */
const BELLS = Array.from({ length: 13 }, (_, i) => {
  const hm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return { number: i, startsAt: hm(450 + i * 45), endsAt: hm(490 + i * 45) };
});

const FAMILY_ROLES: RoleName[] = ['parent1', 'student', 'parent2'];
const TEACHER_ROLES: RoleName[] = ['subjectTeacher', 'substitute', 'classTeacher'];
const HEAD_ROLES: RoleName[] = ['deputy', 'director', 'admin'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Bodies that differ from a valid one in one place each: nothing at all, a field left out, a text emptied
 * or nonsensical, a date impossible, an id of nothing, a list emptied, a number out of range.
 */
export function mutations(body: Record<string, unknown>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [{}];
  const clone = () => structuredClone(body);
  for (const k of Object.keys(body)) {
    const b = clone();
    delete b[k];
    out.push(b);
  }
  const walk = (v: unknown, set: (x: unknown) => Record<string, unknown>) => {
    if (typeof v === 'string') {
      if (UUID.test(v)) out.push(set(randomUUID()));
      else if (/^\d{4}-\d{2}-\d{2}$/.test(v)) out.push(set('1990-02-30'));
      else out.push(set(''), set('??'));
    } else if (typeof v === 'number') out.push(set(-1), set(999_999));
    else if (Array.isArray(v)) {
      out.push(set([]));
      for (const [i, x] of v.entries()) {
        walk(x, (y) => {
          const copy = [...v];
          copy[i] = y;
          return set(copy);
        });
      }
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, (y) => set({ ...(v as object), [k]: y }));
    }
  };
  for (const [k, v] of Object.entries(body)) walk(v, (x) => ({ ...clone(), [k]: x }));
  return out;
}

export function accessMatrixSuite() {
  let t: TestContext;
  let w: World;
  let actors: Actors;
  let providers: ReturnType<typeof objectsOf>;
  /** Rows written so far, per table (see changeCounter). */
  let writes: () => Promise<Map<string, string>>;
  const probes: Probe[] = [];
  let uniq = 0;
  let days = 0;

  beforeAll(async () => {
    t = await createTestContext();
    w = await makeMatrixWorld(t.db);
    actors = await signInRoles(t.app, w);
    providers = objectsOf(t.db, w, actors.selfIds);
    writes = await changeCounter(t.db);
  });
  afterAll(async () => t?.close());

  /** Fills the placeholders of a template; a string that is one placeholder takes the value's own type. */
  function filler(obj: Obj) {
    const n = ++uniq;
    const startYear = obj.school === 'A' ? w.a.year.startYear : w.b.year.startYear;
    const june = `${startYear + 1}-06-01`;
    const globals: Record<string, unknown> = {
      id: obj.id,
      school: obj.school === 'A' ? w.a.schoolId : w.b.schoolId,
      period: obj.school === 'A' ? w.periodA : w.periodB,
      year: obj.school === 'A' ? w.a.year.id : w.b.year.id,
      today: today(),
      child: w.a.student.id,
      uniq: `${n}`,
      bells: BELLS,
      june,
      csv: CSV,
      ...obj.vars,
    };
    // a day from the start of the school's year, new for each request that names it: always inside the year
    Object.defineProperty(globals, 'uniqDate', { enumerable: true, get: () => shift(`${startYear}-09-01`, ++days) });
    const text = (s: string) => s.replace(/\{(\w+)\}/g, (m, k) => (k in globals ? String(globals[k]) : m));
    const value = (v: unknown): unknown => {
      if (typeof v === 'string') {
        const whole = /^\{(\w+)\}$/.exec(v);
        return whole && whole[1] in globals ? globals[whole[1]] : text(v);
      }
      if (Array.isArray(v)) return v.map(value);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, value(x)]));
      return v;
    };
    return { text, value };
  }

  function request(key: string, row: MatrixRow, obj: Obj) {
    const f = filler(obj);
    const path = key
      .split(' ')[1]
      .replace(/\{(id|pageId|classId|personId|schoolId|file)\}/, obj.id)
      .replace('{parentId}', String(obj.vars?.parentId ?? randomUUID()))
      .replace('{purpose}', 'email')
      .replace('/*', '/static/index.css');
    // a query parameter whose placeholder the object does not fill is left out (see the scope kinds)
    const query = row.query
      ? f
          .text(row.query)
          .split('&')
          .filter((pair) => !/=(\{\w+\})?$/.test(pair))
          .join('&')
      : '';
    return { url: query ? `${path}?${query}` : path, body: f.value(row.body ?? {}) };
  }

  async function call(key: string, row: MatrixRow, role: RoleName, obj: Obj, body?: unknown): Promise<LightMyRequestResponse> {
    const method = key.split(' ')[0];
    const r = request(key, row, obj);
    const c = obj.client === undefined ? actors.clients[role] : (obj.client ?? undefined);
    if (row.upload === 'plan') {
      const boundary = '----accessmatrix';
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="план.csv"\r\nContent-Type: text/csv\r\n\r\n`),
        PLAN_CSV,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const headers: Record<string, string> = c ? { cookie: c.cookie, 'x-csrf-token': c.csrf } : {};
      return t.app.inject({
        method: 'POST',
        url: r.url,
        headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
    }
    return send(t.app, c, method, r.url, body ?? r.body, row.upload === true);
  }

  /**
   * [000 §3.6] What an answer shows must be in the actor's scope, lists above all (threads, news, people,
   * classes, pages, files…): no id of another school, of other people's conversations and notifications,
   * of another family's child or class, of the staff room for families — but the ids the request named.
   */
  function leaksOf(role: RoleName, req: { url: string; body: unknown }, res: LightMyRequestResponse): string[] {
    if (!String(res.headers['content-type'] ?? '').includes('json')) return [];
    const asked = req.url + JSON.stringify(req.body ?? '');
    return [...outOfScope(w, role)].filter(([id]) => !asked.includes(id) && res.body.includes(id)).map(([, label]) => label);
  }

  async function runRow(key: string, row: MatrixRow) {
    const method = key.split(' ')[0];
    const fresh = FRESH_KINDS.has(row.param);
    let known: Map<string, string> | undefined;
    for (const [index, [relation, provide]] of Object.entries(providers[row.param] as Record<string, Provider>).entries()) {
      // A fresh object serves every refused request and is replaced after one that succeeded; a provider
      // that takes the role (own session, own feed) makes one per role.
      let shared: Obj | undefined;
      for (const role of ROLE_NAMES) {
        if (row.skip?.includes(role)) continue;
        // signed out and blocked are refused before any object is looked at: one relation shows it
        if ((role === 'anon' || role === 'blocked') && !row.public && index > 0) continue;
        let obj: Obj | undefined;
        if (fresh && provide.length === 0) {
          if (!shared) {
            shared = await provide(role);
            known = undefined;
          }
          obj = shared;
        } else {
          obj = await provide(role);
          if (fresh) known = undefined;
        }
        if (!obj) continue;
        const expected = expectedStatus(row, role, relation);
        const guarded = method !== 'GET' && !row.allow[role]?.includes(relation);
        if (obj.before) {
          await obj.before();
          known = undefined;
        }
        const before = method !== 'GET' ? (known ?? (await writes())) : undefined;
        const res = await call(key, row, role, obj);
        let changed: string[] = [];
        let unaudited: string[] = [];
        if (before) {
          const after = await writes();
          const wrote = [...after].filter(([table, n]) => before.get(table) !== n).map(([table]) => table);
          if (guarded) changed = wrote;
          else if (res.statusCode < 300 && !wrote.includes('audit_log') && !wrote.includes('journal_history'))
            unaudited = wrote.filter((table) => AUDITED.includes(table));
          known = after;
        } else known = undefined;
        if (obj.after) {
          await obj.after();
          known = undefined;
        }
        if (fresh && res.statusCode < 300) shared = undefined;
        probes.push({
          key,
          role,
          relation,
          status: res.statusCode,
          expected,
          changed,
          unaudited,
          leaked: res.statusCode < 300 ? leaksOf(role, request(key, row, obj), res) : [],
          body: res.body.slice(0, 200),
        });
      }
    }
  }

  it('has a row for every endpoint of the OpenAPI document (a new endpoint cannot ship without one)', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const keys = Object.entries(doc.paths).flatMap(([p, ms]) => Object.keys(ms).map((m) => `${m.toUpperCase()} ${p}`));
    expect(keys.length).toBeGreaterThan(100);
    expect(keys.filter((k) => !(k in ACCESS_MATRIX))).toEqual([]);
    // …and no row of a route that is gone (a hidden route is in the app's route tree, see the next test)
    const served = servedRoutes(t.app.printRoutes({ commonPrefix: false }));
    expect(Object.keys(ACCESS_MATRIX).filter((k) => !keys.includes(k) && !served.includes(k))).toEqual([]);
  });

  /**
   * Routes hidden from the OpenAPI document (`hide: true`: /metrics, the document itself, its UI) escape the
   * test above: the app's real routes (Fastify's own route tree) must all have a row too. HEAD answers as
   * GET does; the web app's built files (served when dist/web exists) are static and public.
   */
  it('has a row for every route the app really serves, hidden ones included (/metrics, /api/openapi.json, /api/docs)', () => {
    const served = servedRoutes(t.app.printRoutes({ commonPrefix: false }));
    const webFiles = fs.existsSync(path.join(WEB_DIST, 'index.html'));
    const missing = served
      .filter((k) => !k.startsWith('HEAD '))
      .filter((k) => !(webFiles && !/^\w+ \/(api|ical|metrics)\b/.test(k) && k.startsWith('GET ')))
      .filter((k) => !(k in ACCESS_MATRIX));
    expect(served.length).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  it('the world builds exactly the relations the table names, and every row names only those relations and roles', () => {
    for (const [kind, rels] of Object.entries(RELATIONS))
      expect([kind, Object.keys(providers[kind as keyof typeof RELATIONS])]).toEqual([kind, rels]);
    const unknown: string[] = [];
    for (const [key, row] of Object.entries(ACCESS_MATRIX)) {
      const named = [row.allow, row.forbid ?? {}, ...Object.values(row.answers ?? {}).map((a) => ({ x: Object.keys(a ?? {}) }))].flatMap(
        (r) => Object.values(r).flat(),
      );
      for (const rel of named) if (!RELATIONS[row.param].includes(rel as string)) unknown.push(`${key}: ${rel}`);
    }
    expect(unknown).toEqual([]);
  });

  it('docs/ACCESS-MATRIX.md is generated from the table and up to date (node_modules/.bin/tsx test/security/matrix-doc.ts)', () => {
    const onDisk = fs.existsSync(DOC_PATH) ? fs.readFileSync(DOC_PATH, 'utf8') : '';
    expect(onDisk === renderMatrixDoc(), 'docs/ACCESS-MATRIX.md is stale: run node_modules/.bin/tsx test/security/matrix-doc.ts').toBe(
      true,
    );
  });

  // ACCESS_MATRIX_ONLY=<regexp> runs only the rows whose key matches (while writing a row).
  const only = process.env.ACCESS_MATRIX_ONLY ? new RegExp(process.env.ACCESS_MATRIX_ONLY) : undefined;
  const keys = Object.keys(ACCESS_MATRIX)
    .filter((k) => !only || only.test(k))
    .sort((x, y) => order(x) - order(y));
  const rowTest = (key: string) => {
    // A known disagreement with the policy (`mismatch`) is a test that is expected to fail: it is listed in
    // the run, and the day the product is fixed it passes — and so fails, until the flag is removed.
    const test = ACCESS_MATRIX[key].mismatch ? it.fails : it;
    test(`[000 §3.6] ${key}: each role gets exactly the answer of its row for its own, its child's, a classmate's, another class's and another school's object; a refused request changes nothing; an allowed change of marks, absences, finals, people or rights is audited; an answer shows nothing outside the role's scope${ACCESS_MATRIX[key].mismatch ? ` (KNOWN MISMATCH: ${ACCESS_MATRIX[key].mismatch})` : ''}`, async () => {
      const before = probes.length;
      await runRow(key, ACCESS_MATRIX[key]);
      const wrong = probes
        .slice(before)
        .filter((p) => p.status !== p.expected || p.changed.length > 0 || p.leaked.length > 0 || p.unaudited.length > 0);
      const fmt = (p: Probe) =>
        `${p.role} on ${p.relation}: expected ${p.expected}, got ${p.status}${p.changed.length ? `, and it CHANGED ${p.changed.join(', ')}` : ''}${p.leaked.length ? `, and it SHOWED ${p.leaked.join(', ')}` : ''}${p.unaudited.length ? `, and it changed ${p.unaudited.join(', ')} WITH NO AUDIT RECORD` : ''} ${p.body}`;
      expect(wrong.map(fmt)).toEqual([]);
    });
  };
  // the year switch (activate, close-and-promote) runs after the body test below: see order()
  for (const key of keys.filter((k) => order(k) < 3)) rowTest(key);
  /**
   * Validation before access: a request the actor may not make must be refused (403/404) whatever its body
   * says, or the answer tells a parent, say, which fields a record they cannot see has, or that an id in the
   * body exists. For every write row, bodies that differ from the valid one in one place are sent by each
   * refused role; the schema's own answer (400 «Неверное значение поля …», the same for everyone, it
   * describes the public API) is allowed, any other answer but 403/404 is a leak.
   */
  it('[000 §3.6] no endpoint checks a body (fields, dates, ids of other records) before deciding whether the actor may make the request', async () => {
    const schemaLevel = (res: LightMyRequestResponse) => res.statusCode === 400 && res.body.includes('"message":"Неверное значение поля «');
    const leaks: string[] = [];
    for (const key of keys) {
      const row = ACCESS_MATRIX[key];
      const method = key.split(' ')[0];
      if (method === 'GET' || row.upload || !row.body || typeof row.body !== 'object' || row.public) continue;
      const [relation, provide] = Object.entries(providers[row.param] as Record<string, Provider>)[0];
      // one refused role of each kind is enough: a family member, a teacher, a head of the school
      const refused = [FAMILY_ROLES, TEACHER_ROLES, HEAD_ROLES]
        .map((group) => group.find((r) => [403, 404].includes(expectedStatus(row, r, relation))))
        .filter((r): r is RoleName => !!r);
      if (!refused.length) continue;
      const shared = provide.length === 0 ? await provide('admin') : undefined;
      const objectOf = async (role: RoleName) => shared ?? (await provide(role));
      const first = await objectOf(refused[0]);
      if (!first) continue;
      for (const body of mutations(request(key, row, first).body as Record<string, unknown>)) {
        for (const [i, role] of refused.entries()) {
          const obj = await objectOf(role);
          if (!obj) continue;
          // the mutated body, with this role's own object where the relation depends on the role
          const own = obj === first ? body : JSON.parse(JSON.stringify(body).replaceAll(first.id, obj.id));
          const res = await call(key, row, role, obj, own);
          if (i === 0 && schemaLevel(res)) break; // the schema refuses this body to everyone
          // A role that may do this to some other object may be told what is wrong with a body that no longer
          // names the refused object (it is then a request about their own school); one that may do it to
          // nothing must be refused whatever the body says.
          const mayElsewhere = (row.allow[role]?.length ?? 0) > 0;
          const namesObject = key.includes('{') || JSON.stringify(own).includes(obj.id);
          if (mayElsewhere && !namesObject) continue;
          if (res.statusCode !== 403 && res.statusCode !== 404 && !schemaLevel(res)) {
            leaks.push(
              `${key} as ${role} on ${relation} with ${JSON.stringify(own).slice(0, 120)}: ${res.statusCode} ${res.body.slice(0, 140)}`,
            );
          }
        }
      }
    }
    expect(leaks).toEqual([]);
  });

  for (const key of keys.filter((k) => order(k) === 3)) rowTest(key);

  afterAll(() => {
    const out = process.env.ACCESS_MATRIX_DISCOVER;
    if (out) fs.writeFileSync(out, JSON.stringify(probes, null, 1));
    console.log(`access matrix: ${keys.length} endpoints, ${ROLE_NAMES.length} roles, ${probes.length} requests`);
  });
}
