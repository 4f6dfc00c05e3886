import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSmallSchool } from '../fixtures/factories';
import { createTestContext, signIn, type TestContext } from '../helpers/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

async function setup() {
  const s = await makeSmallSchool(t.db, { adminTotpRequired: false });
  const as = (p: { login: string; password: string }) => signIn(t.app, p.login, p.password);
  return {
    ...s,
    classTeacherC: await as(s.classTeacher),
    teacherC: await as(s.teacher),
    otherTeacherC: await as(s.otherTeacher),
    parentC: await as(s.parent),
    otherParentC: await as(s.otherParent),
    adminC: await as(s.admin),
    deputyC: await as(s.deputy),
  };
}

const state = (body: { consents: { purpose: string; status: string }[] }, purpose: string) =>
  body.consents.find((c) => c.purpose === purpose)?.status;

describe('personal-data consent per parent and purpose [003 §5.2], [DOMAIN §11]', () => {
  it('the class teacher records a consent with its document and date; it is audited', async () => {
    const s = await setup();
    const res = await s.classTeacherC.put(`/api/parents/${s.parent.id}/consents/journal`, {
      status: 'given',
      document: 'Заявление № 12 от 01.09.2025',
      decidedOn: '2025-09-01',
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(state(body, 'journal')).toBe('given');
    expect(state(body, 'email')).toBe('none');
    expect(body.paperReports).toBe(false);
    expect(body.consents[0]).toMatchObject({ purpose: 'journal', document: 'Заявление № 12 от 01.09.2025', decidedOn: '2025-09-01' });
    expect(body.consents[0].recordedByName).toBeTruthy();

    const mine = (await s.parentC.get('/api/consents/mine')).json();
    expect(mine).toHaveLength(1);
    expect(state(mine[0], 'journal')).toBe('given');

    const audit = await t.db.query<{ action: string; object_id: string; details: { purpose: string } }>(
      "SELECT action, object_id, details FROM audit_log WHERE school_id = $1 AND action LIKE 'consent.%'",
      [s.schoolId],
    );
    expect(audit).toEqual([
      {
        action: 'consent.given',
        object_id: s.parent.id,
        details: expect.objectContaining({ purpose: 'journal', document: 'Заявление № 12 от 01.09.2025' }),
      },
    ]);
  });

  it('a consent is revocable, by the parent too; the revocation is kept with its date', async () => {
    const s = await setup();
    await s.classTeacherC.put(`/api/parents/${s.parent.id}/consents/journal`, { status: 'given', document: 'Заявление' });
    const res = await s.parentC.put(`/api/parents/${s.parent.id}/consents/journal`, { status: 'revoked' });
    expect(res.statusCode, res.body).toBe(200);
    expect(state(res.json(), 'journal')).toBe('revoked');
    expect(res.json().paperReports).toBe(true);
    const actions = await t.db.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE school_id = $1 AND action LIKE 'consent.%' ORDER BY id",
      [s.schoolId],
    );
    expect(actions.map((a) => a.action)).toEqual(['consent.given', 'consent.revoked']);
  });

  it('a parent consents to e-mail and SMS notifications online, but not to the journal itself', async () => {
    const s = await setup();
    const email = await s.parentC.put(`/api/parents/${s.parent.id}/consents/email`, { status: 'given' });
    expect(email.statusCode, email.body).toBe(200);
    expect(email.json().consents.find((c: { purpose: string }) => c.purpose === 'email').document).toBe('Согласие в личном кабинете');
    const journal = await s.parentC.put(`/api/parents/${s.parent.id}/consents/journal`, { status: 'given', document: 'сам' });
    expect(journal.statusCode).toBe(403);
  });

  it('refuses a staff record without a document, a date in the future, an unknown purpose', async () => {
    const s = await setup();
    const noDoc = await s.classTeacherC.put(`/api/parents/${s.parent.id}/consents/sms`, { status: 'given' });
    expect(noDoc.statusCode).toBe(400);
    expect(noDoc.json().error.details.fields[0].field).toBe('document');
    const future = await s.classTeacherC.put(`/api/parents/${s.parent.id}/consents/sms`, {
      status: 'given',
      document: 'x',
      decidedOn: '2999-01-01',
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.details.fields[0].field).toBe('decidedOn');
    expect(
      (await s.classTeacherC.put(`/api/parents/${s.parent.id}/consents/telepathy`, { status: 'given', document: 'x' })).statusCode,
    ).toBe(400);
  });

  it('others cannot see or change a parent’s consents: 404', async () => {
    const s = await setup();
    for (const c of [s.teacherC, s.otherTeacherC, s.otherParentC]) {
      expect((await c.get(`/api/parents/${s.parent.id}/consents`)).statusCode).toBe(404);
      expect((await c.put(`/api/parents/${s.parent.id}/consents/email`, { status: 'revoked' })).statusCode).toBe(404);
    }
    // the deputy reads but does not record; the administrator records
    expect((await s.deputyC.get(`/api/parents/${s.parent.id}/consents`)).statusCode).toBe(200);
    expect((await s.deputyC.put(`/api/parents/${s.parent.id}/consents/email`, { status: 'given', document: 'x' })).statusCode).toBe(403);
    expect((await s.adminC.put(`/api/parents/${s.parent.id}/consents/email`, { status: 'given', document: 'x' })).statusCode).toBe(200);
    // a student is not a parent; an id of another school is unknown
    expect((await s.adminC.get(`/api/parents/${s.student.id}/consents`)).statusCode).toBe(404);
    const other = await makeSmallSchool(t.db);
    expect((await s.adminC.get(`/api/parents/${other.parent.id}/consents`)).statusCode).toBe(404);
    expect((await s.adminC.get('/api/parents/not-a-uuid/consents')).statusCode).toBe(404);
  });

  it('[002 §8.3] the class list shows every parent’s consents and lists those without consent for paper reports', async () => {
    const s = await setup();
    await s.classTeacherC.put(`/api/parents/${s.parent.id}/consents/journal`, { status: 'given', document: 'Заявление' });
    await s.classTeacherC.put(`/api/parents/${s.otherParent.id}/consents/journal`, {
      status: 'refused',
      document: 'Отказ, заявление от 02.09',
    });
    const res = await s.classTeacherC.get(`/api/classes/${s.classId}/consents`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.students.map((x: { studentName: string }) => x.studentName)).toEqual(['Иванов Пётр', 'Петрова Анна']);
    expect(body.students[0].parents[0]).toMatchObject({ parentId: s.parent.id, journal: 'given', email: 'none', paperReports: false });
    expect(body.paperReports.map((p: { parentId: string; studentName: string }) => [p.parentId, p.studentName])).toEqual([
      [s.otherParent.id, 'Петрова Анна'],
    ]);
    expect((await s.teacherC.get(`/api/classes/${s.classId}/consents`)).statusCode).toBe(404);
    expect((await s.parentC.get(`/api/classes/${s.classId}/consents`)).statusCode).toBe(404);
  });
});
