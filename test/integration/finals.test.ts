import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, calendarDateIn } from '../../src/domain/calendar';
import { enroll, makeClass, makePage, makePeriod, makePerson, makeSmallSchool, makeSubject } from '../fixtures/factories';
import { type Client, createTestContext, signIn, type TestContext } from '../helpers/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

/** Days from today in the school's calendar (Moscow): deadlines are judged there, not in UTC. */
const day = (n: number) => addDays(calendarDateIn(new Date(), 'Europe/Moscow'), n);

type Setup = Awaited<ReturnType<typeof setup>>;

/**
 * A grade-5 class with quarters: I closed, II ended 10 days ago (still open: its finals are late now),
 * III current, IV not yet begun.
 */
async function setup(settings: Record<string, unknown> = {}) {
  const s = await makeSmallSchool(t.db, { adminTotpRequired: false, ...settings });
  const q1 = await makePeriod(t.db, s.schoolId, s.year.id, { number: 1, startsOn: day(-200), endsOn: day(-121), closed: true });
  const q2 = await makePeriod(t.db, s.schoolId, s.year.id, { number: 2, startsOn: day(-120), endsOn: day(-10) });
  const q3 = await makePeriod(t.db, s.schoolId, s.year.id, { number: 3, startsOn: day(-9), endsOn: day(60) });
  const q4 = await makePeriod(t.db, s.schoolId, s.year.id, { number: 4, startsOn: day(61), endsOn: day(120) });
  // The year must span the periods (its dates bound year marks and the summary sheet).
  await t.db.query('UPDATE academic_years SET starts_on = $3, ends_on = $4 WHERE school_id = $1 AND id = $2', [
    s.schoolId,
    s.year.id,
    day(-200),
    day(120),
  ]);
  await t.db.query('UPDATE enrollments SET from_date = $2 WHERE school_id = $1', [s.schoolId, day(-200)]);
  const teacher = await signIn(t.app, s.teacher.login, s.teacher.password);
  return { ...s, q1, q2, q3, q4, teacherClient: teacher };
}

let lessonNo = 0;
/** Marks of one student on a page on a date, each for its own work (value with the work type). */
async function giveMarks(s: { schoolId: string }, pageId: string, studentId: string, date: string, marks: [string, string?][]) {
  const [lesson] = await t.db.query<{ id: string }>(
    'INSERT INTO lessons (school_id, page_id, date, number) VALUES ($1, $2, $3, $4) RETURNING id',
    [s.schoolId, pageId, date, (lessonNo++ % 12) + 1],
  );
  for (const [value, workType = 'class_answer'] of marks) {
    const [w] = await t.db.query<{ id: string }>('INSERT INTO works (school_id, lesson_id, work_type) VALUES ($1, $2, $3) RETURNING id', [
      s.schoolId,
      lesson.id,
      workType,
    ]);
    await t.db.query('INSERT INTO marks (school_id, work_id, lesson_id, page_id, student_id, value) VALUES ($1, $2, $3, $4, $5, $6)', [
      s.schoolId,
      w.id,
      lesson.id,
      pageId,
      studentId,
      value,
    ]);
  }
}

/** Иванов: 5 for a control work (weight 2), 4, 4 → (10 + 8) / 4 = 4.50; Петрова: two marks only. */
async function withQ3Marks(s: Setup) {
  await giveMarks(s, s.pageId, s.student.id, day(-5), [['5', 'control'], ['4'], ['4']]);
  await giveMarks(s, s.pageId, s.classmate.id, day(-4), [['3'], ['4']]);
}

type Row = {
  id: string;
  name: string;
  proposal: { value: string; average: number | null; count: number } | null;
  decision: { value: string; version: number; late: boolean; proposedValue: string | null } | null;
  differs: boolean;
  basis: { label: string; value: string | null }[];
};
const rowOf = (view: { students: Row[] }, id: string) => view.students.find((r) => r.id === id)!;

async function finals(c: Client, pageId: string, query = '') {
  const res = await c.get(`/api/pages/${pageId}/finals${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('[DOMAIN §6] proposals of period marks', () => {
  it('proposes from the weighted average, «н/а» under the minimum of 3 marks, decision empty', async () => {
    const s = await setup();
    await withQ3Marks(s);
    const view = await finals(s.teacherClient, s.pageId);
    expect(view.kind).toBe('period');
    expect(view.period.id).toBe(s.q3);
    expect(view.canWrite).toBe(true);
    expect(view.locked).toBeNull();
    expect(view.deadline).toMatchObject({ dueBy: day(60), lateAfter: day(64), overdue: false });
    expect(view.students.map((r: Row) => r.name)).toEqual(['Иванов Пётр', 'Петрова Анна']);
    expect(rowOf(view, s.student.id)).toMatchObject({ proposal: { value: '5', average: 4.5, count: 3 }, decision: null, differs: false });
    expect(rowOf(view, s.classmate.id).proposal).toEqual({ value: 'н/а', average: 3.5, count: 2 });
  });

  it('follows the school rounding border x.60 and its minimum of marks', async () => {
    const s = await setup({ roundingBorder: 0.6, minMarksForPeriod: 2 });
    await withQ3Marks(s);
    const view = await finals(s.teacherClient, s.pageId, `?periodId=${s.q3}`);
    expect(rowOf(view, s.student.id).proposal).toMatchObject({ value: '4', average: 4.5 });
    expect(rowOf(view, s.classmate.id).proposal).toMatchObject({ value: '3', average: 3.5 });
  });

  it('follows the plain average when the school chose it', async () => {
    const s = await setup({ averageMode: 'plain' });
    await withQ3Marks(s);
    // (5 + 4 + 4) / 3 = 4.33 → «4»
    expect(rowOf(await finals(s.teacherClient, s.pageId), s.student.id).proposal).toMatchObject({ value: '4', average: 4.33 });
  });
});

describe('[DOMAIN §6] confirming and overriding', () => {
  it('confirms every proposal in bulk, records history, and a repeat changes nothing', async () => {
    const s = await setup({ minMarksForPeriod: 2 });
    await withQ3Marks(s);
    const items = [
      { studentId: s.student.id, version: null },
      { studentId: s.classmate.id, version: null },
    ];
    const res = await s.teacherClient.post(`/api/pages/${s.pageId}/finals/confirm`, { kind: 'period', periodId: s.q3, items });
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    expect(rowOf(view, s.student.id).decision).toMatchObject({ value: '5', proposedValue: '5', version: 1, late: false });
    expect(rowOf(view, s.classmate.id).decision).toMatchObject({ value: '4', proposedValue: '4', version: 1 });
    expect(rowOf(view, s.student.id).decision).toHaveProperty('confirmedBy', expect.stringContaining('Фамилия'));

    const again = await s.teacherClient.post(`/api/pages/${s.pageId}/finals/confirm`, {
      kind: 'period',
      periodId: s.q3,
      items: items.map((i) => ({ ...i, version: 1 })),
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(rowOf(again.json(), s.student.id).decision!.version).toBe(1);
    const history = (
      await s.teacherClient.get(`/api/pages/${s.pageId}/finals/history?studentId=${s.student.id}&kind=period&periodId=${s.q3}`)
    ).json();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      action: 'create',
      oldValue: null,
      newValue: { value: '5', proposedValue: '5', average: 4.5, late: false },
    });
  });

  it('overrides one mark: proposal and decision side by side, history of the change', async () => {
    const s = await setup();
    await withQ3Marks(s);
    await s.teacherClient.post(`/api/pages/${s.pageId}/finals/confirm`, {
      kind: 'period',
      periodId: s.q3,
      items: [{ studentId: s.student.id, version: null }],
    });
    const put = await s.teacherClient.put('/api/finals', {
      pageId: s.pageId,
      studentId: s.student.id,
      kind: 'period',
      periodId: s.q3,
      value: '4',
      version: 1,
      reason: 'Не сдана контрольная работа',
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ value: '4', proposedValue: '5', version: 2, kind: 'period', periodId: s.q3 });
    const row = rowOf(await finals(s.teacherClient, s.pageId), s.student.id);
    expect(row).toMatchObject({ proposal: { value: '5' }, decision: { value: '4', proposedValue: '5' }, differs: true });
    const history = (
      await s.teacherClient.get(`/api/pages/${s.pageId}/finals/history?studentId=${s.student.id}&kind=period&periodId=${s.q3}`)
    ).json();
    expect(history.map((h: { action: string }) => h.action)).toEqual(['create', 'update']);
    expect(history[1]).toMatchObject({
      oldValue: { value: '5' },
      newValue: { value: '4', proposedValue: '5', confirmedProposal: false },
      reason: 'Не сдана контрольная работа',
    });
    const rows = await t.db.query<{ entity_key: string }>(
      "SELECT entity_key FROM journal_history WHERE school_id = $1 AND entity = 'final_mark'",
      [s.schoolId],
    );
    expect(rows[0].entity_key).toBe(`${s.pageId}:${s.student.id}:period:${s.q3}`);
  });

  it('overrides inside a bulk confirm, and sets «н/а» and «осв»', async () => {
    const s = await setup();
    await withQ3Marks(s);
    const res = await s.teacherClient.post(`/api/pages/${s.pageId}/finals/confirm`, {
      kind: 'period',
      periodId: s.q3,
      items: [
        { studentId: s.student.id, value: 'осв', version: null },
        { studentId: s.classmate.id, version: null },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(rowOf(res.json(), s.student.id).decision!.value).toBe('осв');
    expect(rowOf(res.json(), s.classmate.id).decision!.value).toBe('н/а');
  });

  it('refuses a stale write with 409 and the current value; a bulk confirm writes nothing then', async () => {
    const s = await setup();
    await withQ3Marks(s);
    const one = { pageId: s.pageId, studentId: s.student.id, kind: 'period', periodId: s.q3, value: '5', version: null };
    expect((await s.teacherClient.put('/api/finals', one)).statusCode).toBe(200);
    const second = await s.teacherClient.put('/api/finals', { ...one, value: '3' });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('conflict.stale');
    expect(second.json().error.details.current).toMatchObject({ value: '5', version: 1 });
    const wrongVersion = await s.teacherClient.put('/api/finals', { ...one, value: '3', version: 7 });
    expect(wrongVersion.statusCode).toBe(409);

    const bulk = await s.teacherClient.post(`/api/pages/${s.pageId}/finals/confirm`, {
      kind: 'period',
      periodId: s.q3,
      items: [
        { studentId: s.classmate.id, value: '4', version: null },
        { studentId: s.student.id, version: null },
      ],
    });
    expect(bulk.statusCode).toBe(409);
    expect(bulk.json().error.details.stale).toEqual([
      { studentId: s.student.id, current: expect.objectContaining({ value: '5', version: 1 }) },
    ]);
    const rows = await t.db.query('SELECT 1 FROM final_marks WHERE school_id = $1 AND student_id = $2', [s.schoolId, s.classmate.id]);
    expect(rows).toHaveLength(0);
  });
});

describe('[004 admin] locks and [001 §5.8] deadlines', () => {
  it('a closed period locks its final marks (423) until it is reopened', async () => {
    const s = await setup();
    const one = { pageId: s.pageId, studentId: s.student.id, kind: 'period', periodId: s.q1, value: '4', version: null };
    const res = await s.teacherClient.put('/api/finals', one);
    expect(res.statusCode).toBe(423);
    expect(res.json().error.code).toBe('journal.period_closed');
    expect(res.json().error.message).toMatch(/закрыт/);
    const bulk = await s.teacherClient.post(`/api/pages/${s.pageId}/finals/confirm`, {
      kind: 'period',
      periodId: s.q1,
      items: [{ studentId: s.student.id, value: '4', version: null }],
    });
    expect(bulk.statusCode).toBe(423);
    const view = await finals(s.teacherClient, s.pageId, `?periodId=${s.q1}`);
    expect(view.canWrite).toBe(false);
    expect(view.locked).toMatchObject({ code: 'journal.period_closed' });

    await t.db.query('UPDATE periods SET closed_at = NULL WHERE school_id = $1 AND id = $2', [s.schoolId, s.q1]);
    const reopened = await s.teacherClient.put('/api/finals', one);
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json().late).toBe(true);
  });

  it('closing the year locks year, exam and final marks, and period marks too', async () => {
    const s = await setup();
    const year = { pageId: s.pageId, studentId: s.student.id, kind: 'year', value: '4', version: null };
    expect((await s.teacherClient.put('/api/finals', year)).statusCode).toBe(200);
    await t.db.query("UPDATE academic_years SET status = 'closed', closed_at = now() WHERE school_id = $1 AND id = $2", [
      s.schoolId,
      s.year.id,
    ]);
    for (const body of [
      { ...year, value: '5', version: 1 },
      { ...year, kind: 'exam' },
      { ...year, kind: 'final' },
      { ...year, kind: 'period', periodId: s.q3 },
    ]) {
      const res = await s.teacherClient.put('/api/finals', body);
      expect(res.statusCode, body.kind).toBe(423);
      expect(res.json().error.code).toBe('journal.period_closed');
    }
  });

  it('refuses a final mark for a period not yet started', async () => {
    const s = await setup();
    const res = await s.teacherClient.put('/api/finals', {
      pageId: s.pageId,
      studentId: s.student.id,
      kind: 'period',
      periodId: s.q4,
      value: '5',
      version: null,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('journal.outside_period');
    expect(res.json().error.message).toMatch(/ещё не начался/);
    expect((await finals(s.teacherClient, s.pageId, `?periodId=${s.q4}`)).locked.code).toBe('journal.outside_period');
  });

  it('[001 §5.8] marks entries after the period end + 4 days as late, and keeps it when corrected', async () => {
    const s = await setup();
    const view = await finals(s.teacherClient, s.pageId, `?periodId=${s.q2}`);
    expect(view.deadline).toMatchObject({ dueBy: day(-10), lateAfter: day(-6), overdue: true });
    const put = await s.teacherClient.put('/api/finals', {
      pageId: s.pageId,
      studentId: s.student.id,
      kind: 'period',
      periodId: s.q2,
      value: '4',
      version: null,
    });
    expect(put.json().late).toBe(true);
    const onTime = await s.teacherClient.put('/api/finals', {
      pageId: s.pageId,
      studentId: s.student.id,
      kind: 'period',
      periodId: s.q3,
      value: '4',
      version: null,
    });
    expect(onTime.json().late).toBe(false);
    const corrected = await s.teacherClient.put('/api/finals', {
      pageId: s.pageId,
      studentId: s.student.id,
      kind: 'period',
      periodId: s.q3,
      value: '5',
      version: 1,
    });
    expect(corrected.json()).toMatchObject({ late: false, version: 2 });
    const rows = await t.db.query<{ late: boolean }>('SELECT late FROM final_marks WHERE school_id = $1 ORDER BY late', [s.schoolId]);
    expect(rows.map((r) => r.late)).toEqual([false, true]);
  });

  it.each([
    [-4, false],
    [-5, true],
  ])('[001 §5.8] a period that ended %i days ago: late %s (school calendar)', async (ended, late) => {
    const s = await makeSmallSchool(t.db, { adminTotpRequired: false });
    await t.db.query('UPDATE academic_years SET starts_on = $3 WHERE school_id = $1 AND id = $2', [s.schoolId, s.year.id, day(-100)]);
    await t.db.query('UPDATE enrollments SET from_date = $2 WHERE school_id = $1', [s.schoolId, day(-100)]);
    const period = await makePeriod(t.db, s.schoolId, s.year.id, { number: 1, startsOn: day(-60), endsOn: day(ended) });
    const c = await signIn(t.app, s.teacher.login, s.teacher.password);
    const res = await c.put('/api/finals', {
      pageId: s.pageId,
      studentId: s.student.id,
      kind: 'period',
      periodId: period,
      value: '4',
      version: null,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().late).toBe(late);
  });
});

describe('bad input and access', () => {
  it('refuses a student who does not take the subject on this page', async () => {
    const s = await setup();
    const res = await s.teacherClient.post(`/api/pages/${s.pageId}/finals/confirm`, {
      kind: 'period',
      periodId: s.q3,
      items: [
        { studentId: s.student.id, value: '5', version: null },
        { studentId: s.otherStudent.id, value: '5', version: null },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('journal.student_not_on_page');
    expect(res.json().error.details.fields[0].field).toBe('items.1.studentId');
    expect(await t.db.query('SELECT 1 FROM final_marks WHERE school_id = $1', [s.schoolId])).toHaveLength(0);

    // A subgroup page: only the subgroup's members.
    const [sg] = await t.db.query<{ id: string }>(
      "INSERT INTO subgroups (school_id, class_id, name) VALUES ($1, $2, '1 группа') RETURNING id",
      [s.schoolId, s.classId],
    );
    await t.db.query('INSERT INTO subgroup_members (school_id, subgroup_id, student_id) VALUES ($1, $2, $3)', [
      s.schoolId,
      sg.id,
      s.student.id,
    ]);
    const english = await makeSubject(t.db, s.schoolId, 'Английский язык');
    const sgPage = await makePage(t.db, s.schoolId, s.year.id, s.classId, english, s.teacher.id, sg.id);
    const outside = await s.teacherClient.put('/api/finals', {
      pageId: sgPage,
      studentId: s.classmate.id,
      kind: 'period',
      periodId: s.q3,
      value: '5',
      version: null,
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.details.fields[0].field).toBe('studentId');
    expect(
      (
        await s.teacherClient.put('/api/finals', {
          pageId: sgPage,
          studentId: s.student.id,
          kind: 'period',
          periodId: s.q3,
          value: '5',
          version: null,
        })
      ).statusCode,
    ).toBe(200);
  });

  it('[003 §2.6] a teacher who does not teach the page gets 404; readers read but cannot write', async () => {
    const s = await setup();
    const other = await signIn(t.app, s.otherTeacher.login, s.otherTeacher.password);
    expect((await other.get(`/api/pages/${s.pageId}/finals`)).statusCode).toBe(404);
    const body = { pageId: s.pageId, studentId: s.student.id, kind: 'period', periodId: s.q3, value: '5', version: null };
    expect((await other.put('/api/finals', body)).statusCode).toBe(404);
    expect(
      (
        await other.post(`/api/pages/${s.pageId}/finals/confirm`, {
          kind: 'period',
          periodId: s.q3,
          items: [{ studentId: s.student.id, version: null }],
        })
      ).statusCode,
    ).toBe(404);
    for (const p of [s.classTeacher, s.deputy, s.director, s.admin]) {
      const c = await signIn(t.app, p.login, p.password);
      const view = await c.get(`/api/pages/${s.pageId}/finals`);
      expect(view.statusCode, p.login).toBe(200);
      expect(view.json().canWrite).toBe(false);
      expect((await c.put('/api/finals', body)).statusCode).toBe(404);
    }
    for (const p of [s.student, s.parent]) {
      const c = await signIn(t.app, p.login, p.password);
      expect((await c.get(`/api/pages/${s.pageId}/finals`)).statusCode).toBe(404);
    }
  });

  it('[001 §5.5] refuses final marks in grade 1', async () => {
    const s = await setup();
    const first = await makeClass(t.db, s.schoolId, s.year.id, { grade: 1, letter: 'В' });
    const kid = await makePerson(t.db, s.schoolId, { roles: ['student'] });
    await enroll(t.db, s.schoolId, kid.id, first, day(-200));
    const page = await makePage(t.db, s.schoolId, s.year.id, first, s.math, s.teacher.id);
    const res = await s.teacherClient.put('/api/finals', {
      pageId: page,
      studentId: kid.id,
      kind: 'period',
      periodId: s.q3,
      value: '5',
      version: null,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('journal.grade1_no_marks');
    expect((await finals(s.teacherClient, page, `?periodId=${s.q3}`)).locked.code).toBe('journal.grade1_no_marks');
  });

  it('refuses values off the scale, naming the field', async () => {
    const s = await setup();
    const base = { pageId: s.pageId, studentId: s.student.id, kind: 'period', periodId: s.q3, version: null };
    for (const value of ['5+', '7', '1', '•', 'зч', 'нз']) {
      const res = await s.teacherClient.put('/api/finals', { ...base, value });
      expect(res.statusCode, value).toBe(400);
      expect(res.json().error.code).toBe('journal.invalid_mark');
      expect(res.json().error.details.fields[0].field).toBe('value');
    }
    const noPeriod = await s.teacherClient.put('/api/finals', { ...base, periodId: undefined, value: '5' });
    expect(noPeriod.statusCode).toBe(400);
    expect(noPeriod.json().error.details.fields[0].field).toBe('periodId');
    const yearWithPeriod = await s.teacherClient.put('/api/finals', { ...base, kind: 'year', value: '5' });
    expect(yearWithPeriod.statusCode).toBe(400);
    const badKind = await s.teacherClient.put('/api/finals', { ...base, kind: 'quarter', value: '5' });
    expect(badKind.statusCode).toBe(400);
    const foreignPeriod = await s.teacherClient.put('/api/finals', {
      ...base,
      periodId: '00000000-0000-4000-8000-000000000000',
      value: '5',
    });
    expect(foreignPeriod.statusCode).toBe(404);
  });

  it('[DOMAIN §6] a pass/fail subject takes «зч»/«нз» and has no period proposal', async () => {
    const s = await setup();
    const pe = await makeSubject(t.db, s.schoolId, 'Физическая культура', true);
    const page = await makePage(t.db, s.schoolId, s.year.id, s.classId, pe, s.teacher.id);
    await giveMarks(s, page, s.student.id, day(-3), [['зч'], ['зч'], ['зч']]);
    const view = await finals(s.teacherClient, page, `?periodId=${s.q3}`);
    expect(rowOf(view, s.student.id).proposal).toBeNull();
    expect(view.page.passFail).toBe(true);
    const noValue = await s.teacherClient.post(`/api/pages/${page}/finals/confirm`, {
      kind: 'period',
      periodId: s.q3,
      items: [{ studentId: s.student.id, version: null }],
    });
    expect(noValue.statusCode).toBe(400);
    expect(noValue.json().error.details.fields[0].field).toBe('items.0.value');
    const four = await s.teacherClient.put('/api/finals', {
      pageId: page,
      studentId: s.student.id,
      kind: 'period',
      periodId: s.q3,
      value: '4',
      version: null,
    });
    expect(four.statusCode).toBe(400);
    const pass = await s.teacherClient.put('/api/finals', {
      pageId: page,
      studentId: s.student.id,
      kind: 'period',
      periodId: s.q3,
      value: 'Зч',
      version: null,
    });
    expect(pass.statusCode, pass.body).toBe(200);
    expect(pass.json().value).toBe('зч');
    // The year proposal of a pass/fail subject follows its period marks.
    expect(rowOf(await finals(s.teacherClient, page, '?kind=year'), s.student.id).proposal).toMatchObject({ value: 'зч' });
  });
});

describe('[DOMAIN §6] year and final marks', () => {
  it('proposes the year mark from the confirmed period marks, the final one from year and exam', async () => {
    const s = await setup();
    await t.db.query('UPDATE periods SET closed_at = NULL WHERE school_id = $1', [s.schoolId]);
    for (const [periodId, value] of [
      [s.q1, '4'],
      [s.q2, '5'],
      [s.q3, '5'],
    ]) {
      const res = await s.teacherClient.put('/api/finals', {
        pageId: s.pageId,
        studentId: s.student.id,
        kind: 'period',
        periodId,
        value,
        version: null,
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const year = await finals(s.teacherClient, s.pageId, '?kind=year');
    expect(year.period).toBeNull();
    const row = rowOf(year, s.student.id);
    // (4 + 5 + 5) / 3 = 4.67 → «5»
    expect(row.proposal).toEqual({ value: '5', average: 4.67, count: 3 });
    expect(row.basis.map((b) => b.value)).toEqual(['4', '5', '5', null]);
    expect(rowOf(year, s.classmate.id).proposal).toBeNull();
    const confirmed = await s.teacherClient.post(`/api/pages/${s.pageId}/finals/confirm`, {
      kind: 'year',
      items: [{ studentId: s.student.id, version: null }],
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(rowOf(confirmed.json(), s.student.id).decision).toMatchObject({ value: '5', average: 4.67 });

    expect(rowOf(await finals(s.teacherClient, s.pageId, '?kind=exam'), s.student.id).proposal).toBeNull();
    await s.teacherClient.put('/api/finals', { pageId: s.pageId, studentId: s.student.id, kind: 'exam', value: '4', version: null });
    const final = rowOf(await finals(s.teacherClient, s.pageId, '?kind=final'), s.student.id);
    // year 5 and exam 4: 4.5 → «5» with the x.50 border
    expect(final.proposal).toEqual({ value: '5', average: 4.5, count: 2 });
    expect(final.basis).toEqual([
      { label: 'Год', value: '5' },
      { label: 'Экзамен', value: '4' },
    ]);
  });
});

/** Two subjects with finals for two students, for the summary sheet tests. */
async function withSheet(s: Setup) {
  await t.db.query('UPDATE periods SET closed_at = NULL WHERE school_id = $1', [s.schoolId]);
  const russian = await makeSubject(t.db, s.schoolId, 'Русский язык');
  const russianPage = await makePage(t.db, s.schoolId, s.year.id, s.classId, russian, s.teacher.id);
  const put = async (pageId: string, studentId: string, kind: string, value: string, periodId?: string) => {
    const res = await s.teacherClient.put('/api/finals', { pageId, studentId, kind, periodId, value, version: null });
    expect(res.statusCode, res.body).toBe(200);
  };
  await put(s.pageId, s.student.id, 'period', '5', s.q1);
  await put(s.pageId, s.classmate.id, 'period', '3', s.q1);
  await put(russianPage, s.student.id, 'period', '4', s.q1);
  await put(russianPage, s.classmate.id, 'period', '2', s.q1);
  await put(s.pageId, s.student.id, 'year', '5');
  await put(s.pageId, s.classmate.id, 'year', 'н/а');
  return { russian, russianPage };
}

describe('[002 §7.2] the summary sheet', () => {
  it('lists students × subjects with counts and rates', async () => {
    const s = await setup();
    const { russian } = await withSheet(s);
    const ct = await signIn(t.app, s.classTeacher.login, s.classTeacher.password);
    const res = await ct.get(`/api/classes/${s.classId}/summary-sheet?yearId=${s.year.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const sheet = res.json();
    expect(sheet.class).toMatchObject({ name: '5А' });
    expect(sheet.columns.map((c: { label: string }) => c.label)).toEqual(['I', 'II', 'III', 'IV', 'Год']);
    expect(sheet.subjects.map((x: { name: string }) => x.name)).toEqual(['Математика', 'Русский язык']);
    expect(sheet.students.map((x: { name: string }) => x.name)).toEqual(['Иванов Пётр', 'Петрова Анна']);
    expect(sheet.students[0].marks).toEqual({ [`${s.math}:${s.q1}`]: '5', [`${russian}:${s.q1}`]: '4', [`${s.math}:year`]: '5' });
    expect(sheet.totals[`${s.math}:${s.q1}`]).toEqual({ counts: { '5': 1, '4': 0, '3': 1, '2': 0 }, performance: 100, quality: 50 });
    expect(sheet.totals[`${russian}:${s.q1}`]).toEqual({ counts: { '5': 0, '4': 1, '3': 0, '2': 1 }, performance: 50, quality: 50 });
    expect(sheet.totals[`${s.math}:year`]).toMatchObject({ performance: 50, quality: 50 });
    // Over the class for quarter I: Иванов 5 and 4 (хорошист), Петрова 3 and 2 (fails) [000 §9].
    expect(sheet.classTotals[s.q1]).toMatchObject({
      students: 2,
      good: 1,
      failing: 1,
      performance: 50,
      quality: 50,
      counts: { '5': 1, '4': 1, '3': 1, '2': 1 },
    });
  });

  it('[003 §2.5] is for staff with class reports only: 404 to the subject teacher and families', async () => {
    const s = await setup();
    for (const p of [s.deputy, s.director, s.admin]) {
      const c = await signIn(t.app, p.login, p.password);
      expect((await c.get(`/api/classes/${s.classId}/summary-sheet`)).statusCode, p.login).toBe(200);
    }
    for (const p of [s.teacher, s.otherTeacher, s.parent, s.student]) {
      const c = await signIn(t.app, p.login, p.password);
      expect((await c.get(`/api/classes/${s.classId}/summary-sheet`)).statusCode).toBe(404);
      expect((await c.get(`/api/classes/${s.classId}/summary-sheet.pdf`)).statusCode).toBe(404);
    }
    const ct = await signIn(t.app, s.classTeacher.login, s.classTeacher.password);
    expect((await ct.get(`/api/classes/${s.otherClassId}/summary-sheet`)).statusCode).toBe(404);
    expect((await ct.get(`/api/classes/${s.classId}/summary-sheet?yearId=00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
  });

  it('as PDF: A4 landscape, Russian text with names, marks, totals and signatures', async () => {
    const s = await setup();
    await withSheet(s);
    await t.db.query("UPDATE schools SET name = 'МБОУ «Лицей № 7»', director_name = 'Смирнова Е. В.' WHERE id = $1", [s.schoolId]);
    const ct = await signIn(t.app, s.classTeacher.login, s.classTeacher.password);
    const res = await ct.get(`/api/classes/${s.classId}/summary-sheet.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('Сводная ведомость 5А'));
    const file = path.join(os.tmpdir(), `summary-${process.pid}-${Date.now()}.pdf`);
    fs.writeFileSync(file, res.rawPayload);
    try {
      const info = execFileSync('/usr/bin/pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toMatch(/Page size:\s+841\.89 x 595\.28/);
      const text = execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      for (const expected of [
        'СВОДНАЯ ВЕДОМОСТЬ',
        'МБОУ «Лицей № 7»',
        'Класс 5А',
        'Иванов Пётр',
        'Петрова Анна',
        'Математика',
        'Русский язык',
        'н/а',
        'Количество «5»',
        'Успеваемость, %',
        'Качество знаний, %',
        'Итоги по классу',
        'Классный руководитель',
        'Директор',
        'Смирнова Е. В.',
      ]) {
        expect(text, expected).toContain(expected);
      }
      // Иванов's row: maths I «5», year «5»; Russian I «4».
      const ivanov = text.split('\n').find((l) => l.includes('Иванов Пётр'))!;
      expect(ivanov.replace(/\s+/g, ' ')).toMatch(/Иванов Пётр 5 5 4/);
      const performance = text.split('\n').find((l) => l.includes('Успеваемость, %') && /\d/.test(l))!;
      // maths: I 100, II–IV none, year 50; Russian: I 50.
      expect(performance.replace(/\s+/g, ' ')).toContain('100 — — — 50 50');
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('as XLSX with the same numbers as the JSON', async () => {
    const s = await setup();
    const { russian } = await withSheet(s);
    const ct = await signIn(t.app, s.classTeacher.login, s.classTeacher.password);
    const sheet = (await ct.get(`/api/classes/${s.classId}/summary-sheet`)).json();
    const res = await ct.get(`/api/classes/${s.classId}/summary-sheet.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = book.getWorksheet('Сводная ведомость')!;
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const find = (label: string) => rows.find((r) => r[1] === label)!;
    const cols = sheet.columns.length;
    const at = (subjectIndex: number, columnIndex: number) => 2 + subjectIndex * cols + columnIndex;
    const ivanov = find('Иванов Пётр');
    expect(ivanov[at(0, 0)]).toBe(5);
    expect(ivanov[at(1, 0)]).toBe(4);
    expect(ivanov[at(0, cols - 1)]).toBe(5);
    expect(find('Петрова Анна')[at(0, cols - 1)]).toBe('н/а');
    for (const [label, pick] of [
      ['Количество «5»', (x: { counts: Record<string, number> }) => x.counts['5']],
      ['Количество «2»', (x: { counts: Record<string, number> }) => x.counts['2']],
      ['Успеваемость, %', (x: { performance: number | null }) => x.performance],
      ['Качество знаний, %', (x: { quality: number | null }) => x.quality],
    ] as const) {
      const row = find(label);
      expect(row[at(0, 0)], label).toBe(pick(sheet.totals[`${s.math}:${s.q1}`] as never));
      expect(row[at(1, 0)], label).toBe(pick(sheet.totals[`${russian}:${s.q1}`] as never));
    }
    const summary = book.getWorksheet('Итоги по классу')!;
    const perf = (summary.getRow(7).values as unknown[]).slice(1);
    expect(perf[0]).toBe('Успеваемость, %');
    expect(perf[1]).toBe(sheet.classTotals[s.q1].performance);
  });
});
