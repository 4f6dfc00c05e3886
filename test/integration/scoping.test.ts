import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSmallSchool } from '../fixtures/factories';
import { createTestContext, signIn, type TestContext } from '../helpers/test-app';

/** 401 when signed out; 404 — never 403 — for objects outside one's scope [000 §3.6]. */
let t: TestContext;
let s: Awaited<ReturnType<typeof makeSmallSchool>>;
let other: Awaited<ReturnType<typeof makeSmallSchool>>;
beforeAll(async () => {
  t = await createTestContext();
  s = await makeSmallSchool(t.db, { adminTotpRequired: false });
  other = await makeSmallSchool(t.db, { adminTotpRequired: false });
});
afterAll(async () => t?.close());

describe('scoping of classes', () => {
  it('answers 401 to a signed-out request', async () => {
    expect((await t.app.inject({ url: '/api/classes' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: `/api/classes/${s.classId}/students` })).statusCode).toBe(401);
  });

  it('the administrator sees every class of own school and none of another school', async () => {
    const c = await signIn(t.app, s.admin.login, s.admin.password);
    const ids = (await c.get('/api/classes')).json().map((x: { id: string }) => x.id);
    expect(ids).toEqual(expect.arrayContaining([s.classId, s.otherClassId]));
    expect(ids).not.toContain(other.classId);
    expect((await c.get(`/api/classes/${other.classId}/students`)).statusCode).toBe(404);
  });

  it('a subject teacher sees the classes they teach only', async () => {
    const c = await signIn(t.app, s.teacher.login, s.teacher.password);
    const list = (await c.get('/api/classes')).json();
    expect(list.map((x: { id: string }) => x.id)).toEqual([s.classId]);
    const students = (await c.get(`/api/classes/${s.classId}/students`)).json();
    expect(students.map((x: { lastName: string }) => x.lastName)).toEqual(['Иванов', 'Петрова']);
    expect((await c.get(`/api/classes/${s.otherClassId}/students`)).statusCode).toBe(404);
  });

  it('the class teacher sees own class marked as theirs', async () => {
    const c = await signIn(t.app, s.classTeacher.login, s.classTeacher.password);
    const list = (await c.get('/api/classes')).json();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: s.classId, isMine: true, name: '5А', studentCount: 2 });
  });

  it('students and parents see no class lists (404) and an empty class list', async () => {
    for (const p of [s.student, s.parent]) {
      const c = await signIn(t.app, p.login, p.password);
      expect((await c.get('/api/classes')).json()).toEqual([]);
      const res = await c.get(`/api/classes/${s.classId}/students`);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
  });

  it('a malformed id answers 404, not 500', async () => {
    const c = await signIn(t.app, s.director.login, s.director.password);
    for (const bad of ['1', "' OR 1=1 --", '%00', 'x'.repeat(64)]) {
      const res = await c.get(`/api/classes/${encodeURIComponent(bad)}/students`);
      expect([400, 404]).toContain(res.statusCode);
    }
  });
});

describe('GET /api/me', () => {
  it('tells a parent their children and a student themself', async () => {
    const p = await signIn(t.app, s.parent.login, s.parent.password);
    const me = (await p.get('/api/me')).json();
    expect(me.children).toEqual([expect.objectContaining({ id: s.student.id, className: '5А' })]);
    expect(me.student).toBeNull();
    const st = await signIn(t.app, s.student.login, s.student.password);
    const sme = (await st.get('/api/me')).json();
    expect(sme.student).toMatchObject({ id: s.student.id, className: '5А' });
    expect(sme.children).toEqual([]);
  });

  it('tells a class teacher their class', async () => {
    const c = await signIn(t.app, s.classTeacher.login, s.classTeacher.password);
    expect((await c.get('/api/me')).json().classTeacherOf).toEqual([{ id: s.classId, schoolId: s.schoolId, name: '5А' }]);
  });
});
