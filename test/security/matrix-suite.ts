import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeAccessWorld } from '../fixtures/factories';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { ACCESS_MATRIX, type MatrixRow, ROLE_NAMES, type RoleName } from './access-matrix';
import { type Actors, type Obj, objectsOf, send, signInRoles, type World } from './world';

const HIDDEN = new Set([401, 403, 404]);
const today = () => new Date().toISOString().slice(0, 10);

/** Writes run after reads, deletions last, and the account endpoints (reset, block) at the very end. */
function order(key: string) {
  if (key.includes('/accounts/')) return 4;
  if (key.startsWith('GET ')) return 0;
  if (key.startsWith('DELETE ')) return key.includes('/parents/') ? 3 : 2;
  return 1;
}

interface Probe {
  key: string;
  role: RoleName;
  relation: string;
  status: number;
  control?: number;
  expected: 'allow' | 'deny' | 'unauth';
  ok: boolean;
  body: string;
}

export function accessMatrixSuite() {
  let t: TestContext;
  let w: World;
  let actors: Actors;
  const probes: Probe[] = [];
  const controls = new Map<string, number>();
  const deleted = new Set<string>();

  beforeAll(async () => {
    t = await createTestContext();
    w = await makeAccessWorld(t.db);
    actors = await signInRoles(t.app, t.db, w);
  });
  afterAll(async () => t?.close());

  const fill = (tpl: string, obj: Obj) =>
    tpl
      .replaceAll('{id}', obj.id)
      .replaceAll('{period}', obj.school === 'A' ? w.periodA : w.periodB)
      .replaceAll('{year}', obj.school === 'A' ? w.a.year.id : w.b.year.id)
      .replaceAll('{today}', today())
      .replaceAll('{child}', w.a.student.id);

  function urlOf(key: string, row: MatrixRow, obj: Obj) {
    const path = key
      .split(' ')[1]
      .replace(/\{(id|pageId|classId|personId|schoolId)\}/, obj.id)
      .replace('{parentId}', w.a.parent.id)
      .replace('{purpose}', 'journal')
      .replace('{file}', `${randomUUID()}.ics`);
    return row.query ? `${path}?${fill(row.query, obj)}` : path;
  }
  const bodyOf = (row: MatrixRow, obj: Obj) => (row.body === undefined ? {} : JSON.parse(fill(JSON.stringify(row.body), obj)));

  async function runRow(key: string, row: MatrixRow) {
    const method = key.split(' ')[0];
    const relations = objectsOf(w, actors.selfIds)[row.param];
    for (const [relation, o] of Object.entries(relations)) {
      // roles that must not reach the object go first, so an allowed deletion cannot hide an object from them
      const roles = [...ROLE_NAMES].sort((x, y) => Number(!!row.allow[x]?.includes(relation)) - Number(!!row.allow[y]?.includes(relation)));
      for (const role of roles) {
        const obj = typeof o === 'function' ? o(role) : o;
        if (!obj) continue;
        if (key === 'POST /api/auth/logout' && role !== 'anon' && role !== 'blocked') continue; // would end the shared session
        const c = actors.clients[role];
        const res = await send(t.app, c, method, urlOf(key, row, obj), bodyOf(row, obj));
        const p: Probe = { key, role, relation, status: res.statusCode, expected: 'deny', ok: false, body: res.body.slice(0, 160) };
        if ((role === 'anon' || role === 'blocked') && row.public) {
          p.expected = 'allow';
          p.ok = res.statusCode < 500;
        } else if (role === 'anon' || role === 'blocked') {
          p.expected = 'unauth';
          p.ok = res.statusCode === 401 || (res.statusCode === 400 && res.body.includes('"request.invalid"'));
        } else if (row.allow[role]?.includes(relation)) {
          p.expected = 'allow';
          p.ok = (!HIDDEN.has(res.statusCode) && res.statusCode < 500) || (res.statusCode === 404 && deleted.has(obj.id));
          if (method === 'DELETE' && res.statusCode < 300) deleted.add(obj.id);
        } else if (HIDDEN.has(res.statusCode)) {
          p.ok = true;
        } else if (row.scopedList && res.statusCode < 300) {
          p.ok = true;
        } else if (row.param === 'none') {
          // no object in the request: a schema rejection tells nothing about anything
          p.ok = res.statusCode === 400;
        } else {
          // the same answer as for an id that does not exist reveals nothing
          const ghost: Obj = { id: randomUUID(), school: obj.school };
          const ck = `${key}|${role}|${obj.school}`;
          if (!controls.has(ck)) controls.set(ck, (await send(t.app, c, method, urlOf(key, row, ghost), bodyOf(row, ghost))).statusCode);
          p.control = controls.get(ck);
          p.ok = p.control === res.statusCode && res.statusCode >= 300 && res.statusCode < 500;
        }
        probes.push(p);
      }
    }
  }

  it('has a row for every endpoint of the OpenAPI document (a new endpoint cannot ship without one)', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const keys = Object.entries(doc.paths).flatMap(([p, ms]) => Object.keys(ms).map((m) => `${m.toUpperCase()} ${p}`));
    expect(keys.length).toBeGreaterThan(100);
    expect(keys.filter((k) => !(k in ACCESS_MATRIX))).toEqual([]);
    expect(Object.keys(ACCESS_MATRIX).filter((k) => !keys.includes(k))).toEqual([]);
  });

  const keys = Object.keys(ACCESS_MATRIX).sort((x, y) => order(x) - order(y));
  for (const key of keys) {
    it(`[000 §3.6] ${key}: each role reaches exactly the objects its row allows; others 404, signed out or blocked 401`, async () => {
      const before = probes.length;
      await runRow(key, ACCESS_MATRIX[key]);
      const wrong = probes.slice(before).filter((p) => !p.ok);
      const fmt = (p: Probe) =>
        `${p.role} on ${p.relation}: expected ${p.expected}, got ${p.status}${p.control ? ` (nonexistent id: ${p.control})` : ''} ${p.body}`;
      if (ACCESS_MATRIX[key].mismatch) return; // a known disagreement with the policy, reported as a bug
      expect(wrong.map(fmt)).toEqual([]);
    });
  }

  afterAll(() => {
    const out = process.env.ACCESS_MATRIX_DISCOVER;
    if (out) fs.writeFileSync(out, JSON.stringify(probes, null, 1));
    console.log(`access matrix: ${keys.length} endpoints, ${ROLE_NAMES.length} roles, ${probes.length} requests`);
  });
}
