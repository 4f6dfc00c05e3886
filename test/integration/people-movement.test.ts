import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClass, makeLesson, makeSmallSchool, makeYear } from '../fixtures/factories';
import { createTestContext, signIn, type TestContext } from '../helpers/test-app';

/** Student movement by order number and date [004 class teacher], [002 §4.6]; history is kept, marks stay. */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

const iso = (d: Date) => d.toISOString().slice(0, 10);
const today = () => iso(new Date());
const addDays = (date: string, n: number) => iso(new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000));

async function setup() {
  const s = await makeSmallSchool(t.db, { adminTotpRequired: false });
  const admin = await signIn(t.app, s.admin.login, s.admin.password);
  const y = s.year.startYear;
  const res = await admin.put(`/api/years/${s.year.id}/periods`, {
    periods: [
      { scheme: 'quarter', number: 1, startsOn: `${y}-09-01`, endsOn: `${y + 1}-06-30` },
      { scheme: 'half', number: 1, startsOn: `${y}-09-01`, endsOn: `${y + 1}-06-30` },
    ],
  });
  expect(res.statusCode).toBe(200);
  const ct = await signIn(t.app, s.classTeacher.login, s.classTeacher.password);
  return { ...s, adminClient: admin, ctClient: ct, y, yearStart: `${s.year.startYear}-09-01` };
}

describe('transfer to another class', () => {
  it('[004 class teacher] transfers a student by order: the old stay ends the day before, marks stay where they were given', async () => {
    const s = await setup();
    // a mark given in 5А before the transfer
    const lessonDate = addDays(today(), -3);
    const lesson = await makeLesson(t.db, s.schoolId, s.pageId, lessonDate, 1);
    const teacher = await signIn(t.app, s.teacher.login, s.teacher.password);
    const work = (await teacher.post(`/api/lessons/${lesson}/works`, { workType: 'class_answer' })).json();
    const mark = await teacher.put('/api/marks', { workId: work.id, studentId: s.student.id, value: '5', version: null });
    expect(mark.statusCode, mark.body).toBe(200);

    const date = addDays(today(), -1);
    const res = await s.ctClient.post(`/api/students/${s.student.id}/movements`, {
      kind: 'transfer',
      date,
      orderNumber: '45-у',
      toClassId: s.otherClassId,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual([
      expect.objectContaining({
        classId: s.classId,
        className: '5А',
        toDate: addDays(date, -1),
        departureKind: 'transfer',
        departureOrder: '45-у',
      }),
      expect.objectContaining({
        classId: s.otherClassId,
        className: '6Б',
        fromDate: date,
        toDate: null,
        arrivalKind: 'transfer',
        arrivalOrder: '45-у',
      }),
    ]);
    // the mark is still on the 5А page, and the 5А journal still shows it for the lesson before the transfer
    const [m] = await t.db.query<{ page_id: string; value: string }>(
      'SELECT page_id, value FROM marks WHERE school_id = $1 AND student_id = $2',
      [s.schoolId, s.student.id],
    );
    expect(m).toEqual({ page_id: s.pageId, value: '5' });
    const page = (await teacher.get(`/api/pages/${s.pageId}`)).json();
    const row = page.students.find((x: { id: string }) => x.id === s.student.id);
    expect(row).toBeDefined();
    // history of the student and of both classes
    const hist = (await s.adminClient.get(`/api/students/${s.student.id}/movements`)).json();
    expect(hist).toHaveLength(2);
    const cls = (await s.adminClient.get(`/api/classes/${s.classId}/movements`)).json();
    expect(cls.find((x: { studentId: string }) => x.studentId === s.student.id)).toMatchObject({
      studentName: 'Иванов Пётр',
      departureKind: 'transfer',
    });
    const list = (await s.adminClient.get(`/api/classes/${s.classId}/students`)).json();
    expect(list.find((x: { id: string }) => x.id === s.student.id)).toMatchObject({ current: false, toDate: addDays(date, -1) });
    const audit = await t.db.query("SELECT details FROM audit_log WHERE school_id = $1 AND action = 'student.movement'", [s.schoolId]);
    expect(audit).toHaveLength(1);
  });

  it('[002 §4.6] refuses a transfer dated before (or on) the arrival, naming both dates', async () => {
    const s = await setup();
    const res = await s.adminClient.post(`/api/students/${s.student.id}/movements`, {
      kind: 'transfer',
      date: s.yearStart,
      orderNumber: '1',
      toClassId: s.otherClassId,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('school.invalid');
    expect(res.json().error.message).toMatch(/Дата перевода .* должна быть позже зачисления в класс 5А/);
    expect(res.json().error.details.fields[0].field).toBe('date');
  });

  it('refuses a transfer to the same class, to a class of another year, and without an order number', async () => {
    const s = await setup();
    const same = await s.adminClient.post(`/api/students/${s.student.id}/movements`, {
      kind: 'transfer',
      date: today(),
      orderNumber: '1',
      toClassId: s.classId,
    });
    expect(same.statusCode).toBe(409);
    const old = await makeYear(t.db, s.schoolId, { startsOn: '2000-09-01', endsOn: '2001-06-30', status: 'closed' });
    const oldClass = await makeClass(t.db, s.schoolId, old.id, { grade: 5, letter: 'Я' });
    const other = await s.adminClient.post(`/api/students/${s.student.id}/movements`, {
      kind: 'transfer',
      date: today(),
      orderNumber: '1',
      toClassId: oldClass,
    });
    expect(other.statusCode).toBe(400);
    expect(other.json().error.message).toMatch(/не относится к текущему учебному году/);
    const noOrder = await s.adminClient.post(`/api/students/${s.student.id}/movements`, {
      kind: 'transfer',
      date: today(),
      orderNumber: ' ',
      toClassId: s.otherClassId,
    });
    expect(noOrder.statusCode).toBe(400);
    expect(noOrder.json().error.details.fields[0].field).toBe('orderNumber');
  });

  it('a subject teacher or another class teacher may not move the student (404)', async () => {
    const s = await setup();
    for (const who of [s.teacher, s.otherTeacher]) {
      const c = await signIn(t.app, who.login, who.password);
      const res = await c.post(`/api/students/${s.student.id}/movements`, { kind: 'departure', date: today(), orderNumber: '1' });
      expect(res.statusCode).toBe(404);
    }
  });
});

describe('arrival and departure', () => {
  it('[002 §4.6] refuses an arrival of a student who is in a class: a student is never in two classes at once', async () => {
    const s = await setup();
    const res = await s.adminClient.post(`/api/students/${s.student.id}/movements`, {
      kind: 'arrival',
      date: today(),
      orderNumber: '7',
      toClassId: s.otherClassId,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('school.conflict');
    expect(res.json().error.message).toMatch(/уже числится в классе 5А .* не может быть в двух классах одновременно/);
  });

  it('[004 class teacher] departure by order, then arrival into another class after it', async () => {
    const s = await setup();
    const leave = addDays(today(), -10);
    const dep = await s.ctClient.post(`/api/students/${s.classmate.id}/movements`, { kind: 'departure', date: leave, orderNumber: '12-в' });
    expect(dep.statusCode, dep.body).toBe(200);
    expect(dep.json()[0]).toMatchObject({ toDate: addDays(leave, -1), departureKind: 'departure', departureOrder: '12-в' });
    const again = await s.ctClient.post(`/api/students/${s.classmate.id}/movements`, {
      kind: 'departure',
      date: today(),
      orderNumber: '13',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/не числится ни в одном классе/);
    const early = await s.adminClient.post(`/api/students/${s.classmate.id}/movements`, {
      kind: 'arrival',
      date: addDays(leave, -5),
      orderNumber: '20-п',
      toClassId: s.otherClassId,
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toMatch(/прибытие возможно не раньше/);
    const arr = await s.adminClient.post(`/api/students/${s.classmate.id}/movements`, {
      kind: 'arrival',
      date: today(),
      orderNumber: '20-п',
      toClassId: s.otherClassId,
    });
    expect(arr.statusCode, arr.body).toBe(200);
    expect(arr.json()[1]).toMatchObject({ classId: s.otherClassId, arrivalKind: 'arrival', arrivalOrder: '20-п', toDate: null });
  });

  it('the class teacher of the arrival class takes a student in', async () => {
    const s = await setup();
    await s.adminClient.post(`/api/students/${s.classmate.id}/movements`, {
      kind: 'departure',
      date: addDays(today(), -3),
      orderNumber: '1',
    });
    const res = await s.ctClient.post(`/api/students/${s.classmate.id}/movements`, {
      kind: 'arrival',
      date: today(),
      orderNumber: '2',
      toClassId: s.classId,
    });
    expect(res.statusCode, res.body).toBe(200);
    const other = await signIn(t.app, s.otherTeacher.login, s.otherTeacher.password);
    await s.adminClient.post(`/api/students/${s.classmate.id}/movements`, {
      kind: 'departure',
      date: addDays(today(), 1),
      orderNumber: '3',
    });
    const res2 = await other.post(`/api/students/${s.classmate.id}/movements`, {
      kind: 'arrival',
      date: addDays(today(), 2),
      orderNumber: '4',
      toClassId: s.classId,
    });
    expect(res2.statusCode).toBe(404);
  });
});
