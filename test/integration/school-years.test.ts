import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePeriod } from '../../src/modules/structure/years.service';
import { enroll, linkParent, makeClass, makeLesson, makePage, makePerson, makeSmallSchool } from '../fixtures/factories';
import { type Client, createTestContext, signIn, type TestContext } from '../helpers/test-app';

/** Academic year, periods, holidays, closing and reopening periods [DOMAIN §2], [004 admin], [002 §4.6]. */
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
  const yearStart = `${y}-09-01`;
  const yearEnd = `${y + 1}-06-30`;
  return { ...s, adminClient: admin, y, yearStart, yearEnd };
}

/** One period per scheme covering the whole year: every date of the year is in an open period. */
async function wholeYearPeriods(c: Client, yearId: string, yearStart: string, yearEnd: string) {
  const res = await c.put(`/api/years/${yearId}/periods`, {
    periods: [
      { scheme: 'quarter', number: 1, startsOn: yearStart, endsOn: addDays(today(), -20) },
      { scheme: 'quarter', number: 2, startsOn: addDays(today(), -19), endsOn: yearEnd },
      { scheme: 'half', number: 1, startsOn: yearStart, endsOn: yearEnd },
    ],
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().year.periods as { id: string; scheme: string; number: number; name: string }[];
}

describe('academic years [002 §4.6]', () => {
  it('[002 §4.6] the administrator opens a draft year with the usual periods and holidays proposed', async () => {
    const s = await setup();
    const res = await s.adminClient.post('/api/years', {
      name: `${s.y + 1}/${s.y + 2}`,
      startsOn: `${s.y + 1}-09-01`,
      endsOn: `${s.y + 2}-06-30`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const year = res.json();
    expect(year).toMatchObject({ status: 'draft', readOnly: false });
    expect(year.gradeSchemes).toEqual([
      { fromGrade: 1, toGrade: 9, scheme: 'quarter' },
      { fromGrade: 10, toGrade: 11, scheme: 'half' },
    ]);
    expect(year.periods.filter((p: { scheme: string }) => p.scheme === 'quarter').map((p: { name: string }) => p.name)).toEqual([
      '1 четверть',
      '2 четверть',
      '3 четверть',
      '4 четверть',
    ]);
    expect(year.periods.filter((p: { scheme: string }) => p.scheme === 'half')).toHaveLength(2);
    expect(year.holidays.map((h: { name: string }) => h.name)).toContain('Осенние каникулы');
    const list = (await s.adminClient.get('/api/years')).json();
    expect(list.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([year.id, s.year.id]));
  });

  it('[DOMAIN §2] trimesters for a grade range, given explicitly', async () => {
    const s = await setup();
    const res = await s.adminClient.post('/api/years', {
      name: 'Триместры',
      startsOn: `${s.y + 1}-09-01`,
      endsOn: `${s.y + 2}-06-30`,
      gradeSchemes: [{ fromGrade: 1, toGrade: 11, scheme: 'trimester' }],
      holidays: [],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().periods.map((p: { name: string }) => p.name)).toEqual(['1 триместр', '2 триместр', '3 триместр']);
    expect(res.json().holidays).toEqual([]);
  });

  it('refuses a second current year (one current year) — 409 naming the current one', async () => {
    const s = await setup();
    const res = await s.adminClient.post('/api/years', {
      name: 'Другой',
      startsOn: `${s.y + 1}-09-01`,
      endsOn: `${s.y + 2}-06-30`,
      current: true,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('school.conflict');
    expect(res.json().error.message).toMatch(/Текущий учебный год уже есть/);
  });

  it('refuses a year ending before it starts, and a duplicate name', async () => {
    const s = await setup();
    const bad = await s.adminClient.post('/api/years', { name: 'X', startsOn: `${s.y + 1}-09-01`, endsOn: `${s.y + 1}-08-01` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('endsOn');
    const ok = await s.adminClient.post('/api/years', { name: 'Y', startsOn: `${s.y + 1}-09-01`, endsOn: `${s.y + 2}-06-30` });
    expect(ok.statusCode).toBe(200);
    const dup = await s.adminClient.post('/api/years', { name: 'Y', startsOn: `${s.y + 1}-09-01`, endsOn: `${s.y + 2}-06-30` });
    expect(dup.statusCode).toBe(409);
  });

  it('a teacher may read the year but not open one; another school’s year is 404', async () => {
    const s = await setup();
    const other = await setup();
    const teacher = await signIn(t.app, s.teacher.login, s.teacher.password);
    expect((await teacher.get(`/api/years/${s.year.id}`)).statusCode).toBe(200);
    expect((await teacher.post('/api/years', { name: 'Z', startsOn: `${s.y + 1}-09-01`, endsOn: `${s.y + 2}-06-30` })).statusCode).toBe(
      403,
    );
    expect((await s.adminClient.get(`/api/years/${other.year.id}`)).statusCode).toBe(404);
    const parent = await signIn(t.app, s.parent.login, s.parent.password);
    expect((await parent.get(`/api/years/${s.year.id}`)).statusCode).toBe(404);
  });
});

describe('periods [DOMAIN §2]', () => {
  it('[DOMAIN §2] refuses overlapping periods, naming both, and writes nothing', async () => {
    const s = await setup();
    await wholeYearPeriods(s.adminClient, s.year.id, s.yearStart, s.yearEnd);
    const res = await s.adminClient.put(`/api/years/${s.year.id}/periods`, {
      periods: [
        { scheme: 'quarter', number: 1, startsOn: s.yearStart, endsOn: `${s.y}-11-10` },
        { scheme: 'quarter', number: 2, startsOn: `${s.y}-11-05`, endsOn: s.yearEnd },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('school.invalid');
    expect(res.json().error.message).toMatch(/Периоды пересекаются: «1 четверть».*«2 четверть»/);
    expect(res.json().error.details.fields[0].field).toBe('periods.1.startsOn');
    const year = (await s.adminClient.get(`/api/years/${s.year.id}`)).json();
    expect(year.periods).toHaveLength(3);
  });

  it('refuses a period outside the year', async () => {
    const s = await setup();
    const res = await s.adminClient.put(`/api/years/${s.year.id}/periods`, {
      periods: [{ scheme: 'quarter', number: 1, startsOn: `${s.y}-08-01`, endsOn: `${s.y}-10-01` }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/выходит за границы учебного года/);
  });

  it('switching grades 5–9 to trimesters moves their classes to the trimester scheme', async () => {
    const s = await setup();
    const res = await s.adminClient.put(`/api/years/${s.year.id}/periods`, {
      gradeSchemes: [{ fromGrade: 5, toGrade: 9, scheme: 'trimester' }],
      periods: [
        { scheme: 'quarter', number: 1, startsOn: s.yearStart, endsOn: s.yearEnd },
        { scheme: 'trimester', number: 1, startsOn: s.yearStart, endsOn: s.yearEnd },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const cls = (await s.adminClient.get(`/api/classes/${s.classId}`)).json();
    expect(cls.periodScheme).toBe('trimester');
  });
});

describe('closing and reopening a period [004 admin]', () => {
  it('[004 admin] a closed period refuses marks and attendance in the journal; reopening needs a reason and is recorded', async () => {
    const s = await setup();
    const periods = await wholeYearPeriods(s.adminClient, s.year.id, s.yearStart, s.yearEnd);
    const q1 = periods.find((p) => p.scheme === 'quarter' && p.number === 1)!;
    const lessonId = await makeLesson(t.db, s.schoolId, s.pageId, addDays(today(), -25), 1);
    const teacher = await signIn(t.app, s.teacher.login, s.teacher.password);
    // Entered while the period was open: a work with a mark and an absence.
    const openWork = await teacher.post(`/api/lessons/${lessonId}/works`, { workType: 'test' });
    expect(openWork.statusCode, openWork.body).toBe(200);
    const workId = openWork.json().id;
    const mark = await teacher.put('/api/marks', { workId, studentId: s.student.id, value: '4', version: null });
    expect(mark.statusCode, mark.body).toBe(200);
    const absence = await teacher.put('/api/attendance', { lessonId, studentId: s.classmate.id, code: 'н', version: null });
    expect(absence.statusCode, absence.body).toBe(200);

    const closed = await s.adminClient.post(`/api/periods/${q1.id}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ closed: true, closedBy: s.admin.id });

    const work = await teacher.post(`/api/lessons/${lessonId}/works`, { workType: 'class_answer' });
    expect(work.statusCode).toBe(423);
    expect(work.json().error.code).toBe('journal.period_closed');
    const att = await teacher.put('/api/attendance', { lessonId, studentId: s.student.id, code: 'н', version: null });
    expect(att.statusCode).toBe(423);
    // The mark already given can be neither changed nor added to; the class teacher's weekly correction is refused too.
    const changed = await teacher.put('/api/marks', { workId, studentId: s.student.id, value: '5', version: mark.json().version });
    expect(changed.statusCode).toBe(423);
    expect((await teacher.put('/api/marks', { workId, studentId: s.classmate.id, value: '3', version: null })).statusCode).toBe(423);
    const classTeacher = await signIn(t.app, s.classTeacher.login, s.classTeacher.password);
    const corrected = await classTeacher.put('/api/attendance/correction', {
      lessonId,
      studentId: s.classmate.id,
      code: 'уп',
      version: absence.json().version,
      reason: 'Справка',
    });
    expect(corrected.statusCode).toBe(423);
    const kept = await t.db.query<{ value: string }>('SELECT value FROM marks WHERE school_id = $1 AND work_id = $2', [s.schoolId, workId]);
    expect(kept.map((m) => m.value)).toEqual(['4']);

    const again = await s.adminClient.post(`/api/periods/${q1.id}/close`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/уже закрыт/);

    const noReason = await s.adminClient.post(`/api/periods/${q1.id}/reopen`, { reason: '   ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details.fields[0].field).toBe('reason');
    expect((await s.adminClient.post(`/api/periods/${q1.id}/reopen`, {})).statusCode).toBe(400);

    const reopened = await s.adminClient.post(`/api/periods/${q1.id}/reopen`, { reason: 'Исправление ошибки по заявлению родителя' });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json().closed).toBe(false);
    expect((await teacher.post(`/api/lessons/${lessonId}/works`, { workType: 'class_answer' })).statusCode).toBe(200);

    const year = (await s.adminClient.get(`/api/years/${s.year.id}`)).json();
    expect(year.periodEvents.map((e: { action: string; reason: string | null }) => [e.action, e.reason])).toEqual([
      ['close', null],
      ['reopen', 'Исправление ошибки по заявлению родителя'],
    ]);
    const audit = await t.db.query<{ action: string; details: { reason?: string } }>(
      "SELECT action, details FROM audit_log WHERE school_id = $1 AND action LIKE 'period.%' ORDER BY id",
      [s.schoolId],
    );
    expect(audit.map((a) => a.action)).toEqual(['period.close', 'period.reopen']);
    expect(audit[1].details.reason).toBe('Исправление ошибки по заявлению родителя');
  });

  it('[004 admin] only the administrator closes periods: a teacher or director gets 404; another school’s period is 404', async () => {
    const s = await setup();
    const other = await setup();
    const periods = await wholeYearPeriods(s.adminClient, s.year.id, s.yearStart, s.yearEnd);
    const director = await signIn(t.app, s.director.login, s.director.password);
    expect((await director.post(`/api/periods/${periods[0].id}/close`)).statusCode).toBe(404);
    const teacher = await signIn(t.app, s.teacher.login, s.teacher.password);
    expect((await teacher.post(`/api/periods/${periods[0].id}/close`)).statusCode).toBe(404);
    expect((await other.adminClient.post(`/api/periods/${periods[0].id}/close`)).statusCode).toBe(404);
  });

  it('[004 admin] closePeriod(deps, actor, periodId) — the function the close-period command calls', async () => {
    const s = await setup();
    const periods = await wholeYearPeriods(s.adminClient, s.year.id, s.yearStart, s.yearEnd);
    const actor = {
      accountId: s.admin.accountId!,
      memberships: [{ schoolId: s.schoolId, personId: s.admin.id, roles: new Set(['administrator'] as const) }],
    };
    const deps = { db: t.db, config: {} as never, now: () => new Date() };
    const out = await closePeriod(deps, actor, periods[0].id);
    expect(out.closed).toBe(true);
    await expect(closePeriod(deps, actor, periods[0].id)).rejects.toMatchObject({ code: 'school.conflict' });
  });

  it('[004 admin] a closed period cannot change its dates (423) until reopened', async () => {
    const s = await setup();
    const periods = await wholeYearPeriods(s.adminClient, s.year.id, s.yearStart, s.yearEnd);
    const q1 = periods.find((p) => p.scheme === 'quarter' && p.number === 1)!;
    await s.adminClient.post(`/api/periods/${q1.id}/close`);
    const res = await s.adminClient.put(`/api/years/${s.year.id}/periods`, {
      periods: [
        { scheme: 'quarter', number: 1, startsOn: s.yearStart, endsOn: addDays(today(), -30) },
        { scheme: 'quarter', number: 2, startsOn: addDays(today(), -19), endsOn: s.yearEnd },
        { scheme: 'half', number: 1, startsOn: s.yearStart, endsOn: s.yearEnd },
      ],
    });
    expect(res.statusCode).toBe(423);
    expect(res.json().error.message).toMatch(/«1 четверть» закрыт/);
  });
});

describe('holidays and non-working days [DOMAIN §2]', () => {
  it('[DOMAIN §2] a holiday removes the empty lessons in it and keeps the others', async () => {
    const s = await setup();
    await wholeYearPeriods(s.adminClient, s.year.id, s.yearStart, s.yearEnd);
    const d = addDays(today(), 10);
    await makeLesson(t.db, s.schoolId, s.pageId, d, 1);
    const outside = await makeLesson(t.db, s.schoolId, s.pageId, addDays(today(), 12), 1);
    const res = await s.adminClient.post(`/api/years/${s.year.id}/holidays`, {
      name: 'Карантин',
      startsOn: d,
      endsOn: addDays(d, 1),
      kind: 'holiday',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().removedLessons).toBe(1);
    const left = await t.db.query<{ id: string }>('SELECT id FROM lessons WHERE school_id = $1 AND page_id = $2', [s.schoolId, s.pageId]);
    expect(left.map((l) => l.id)).toEqual([outside]);
    const year = (await s.adminClient.get(`/api/years/${s.year.id}`)).json();
    expect(year.holidays.map((h: { name: string }) => h.name)).toContain('Карантин');
  });

  it('[DOMAIN §2] removing a holiday gives back the timetable lessons of its days', async () => {
    const s = await setup();
    await wholeYearPeriods(s.adminClient, s.year.id, s.yearStart, s.yearEnd);
    const d = addDays(today(), 10);
    const weekday = ((new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    if (weekday === 7) return; // a Sunday has no lessons to give back
    const tt = await s.adminClient.post('/api/timetable', {
      classId: s.classId,
      validFrom: s.yearStart,
      entries: [{ pageId: s.pageId, weekday, lessonNumber: 3 }],
    });
    expect(tt.statusCode, tt.body).toBe(200);
    const onDay = () => t.db.query('SELECT id FROM lessons WHERE school_id = $1 AND page_id = $2 AND date = $3', [s.schoolId, s.pageId, d]);
    expect(await onDay()).toHaveLength(1);
    const h = await s.adminClient.post(`/api/years/${s.year.id}/holidays`, { name: 'Карантин', startsOn: d, endsOn: d, kind: 'holiday' });
    expect(h.statusCode, h.body).toBe(200);
    expect(await onDay()).toHaveLength(0);
    const holidayId =
      h.json().holiday?.id ??
      (await s.adminClient.get(`/api/years/${s.year.id}`)).json().holidays.find((x: { name: string }) => x.name === 'Карантин').id;
    const del = await s.adminClient.delete(`/api/holidays/${holidayId}`);
    expect(del.statusCode, del.body).toBe(200);
    expect(del.json()).toMatchObject({ createdLessons: 1 });
    expect(await onDay()).toHaveLength(1);
  });

  it('[DOMAIN §2] refuses a holiday over lessons that hold data (409 naming the lesson), writing nothing', async () => {
    const s = await setup();
    await wholeYearPeriods(s.adminClient, s.year.id, s.yearStart, s.yearEnd);
    const d = addDays(today(), 5);
    await makeLesson(t.db, s.schoolId, s.pageId, d, 2, { topic: 'Дроби' });
    const res = await s.adminClient.post(`/api/years/${s.year.id}/holidays`, { name: 'Праздник', startsOn: d, endsOn: d, kind: 'day_off' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/уже есть уроки с записями \(1\): 5А, Математика/);
    expect(res.json().error.details.lessons).toHaveLength(1);
    const year = (await s.adminClient.get(`/api/years/${s.year.id}`)).json();
    expect(year.holidays.map((h: { name: string }) => h.name)).not.toContain('Праздник');
  });

  it('refuses a holiday outside the year', async () => {
    const s = await setup();
    const res = await s.adminClient.post(`/api/years/${s.year.id}/holidays`, {
      name: 'Лето',
      startsOn: `${s.y + 1}-07-01`,
      endsOn: `${s.y + 1}-07-10`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/за границы учебного года/);
  });

  it('refuses a date that does not exist', async () => {
    const s = await setup();
    const res = await s.adminClient.post(`/api/years/${s.year.id}/holidays`, {
      name: 'X',
      startsOn: `${s.y + 1}-02-30`,
      endsOn: `${s.y + 1}-03-01`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('request.invalid');
  });
});

describe('holidays of some grades only [DOMAIN §2], [issue 3]', () => {
  /** The small school plus a 1st class (1А) with a page, a student and a parent. */
  async function withFirstGrade() {
    const s = await setup();
    await wholeYearPeriods(s.adminClient, s.year.id, s.yearStart, s.yearEnd);
    const firstClassId = await makeClass(t.db, s.schoolId, s.year.id, { grade: 1, letter: 'А' });
    const firstPageId = await makePage(t.db, s.schoolId, s.year.id, firstClassId, s.math, s.teacher.id);
    const firstStudent = await makePerson(t.db, s.schoolId, { roles: ['student'], lastName: 'Орлова', firstName: 'Вера' });
    const firstParent = await makePerson(t.db, s.schoolId, { roles: ['parent'] });
    await enroll(t.db, s.schoolId, firstStudent.id, firstClassId, s.yearStart);
    await linkParent(t.db, s.schoolId, firstParent.id, firstStudent.id);
    return { ...s, firstClassId, firstPageId, firstStudent, firstParent };
  }
  const lessonsOn = (schoolId: string, pageId: string, date: string) =>
    t.db.query<{ id: string }>('SELECT id FROM lessons WHERE school_id = $1 AND page_id = $2 AND date = $3', [schoolId, pageId, date]);
  const firstGraders = { name: 'Дополнительные каникулы для первоклассников', kind: 'holiday', fromGrade: 1, toGrade: 1 };

  it('[DOMAIN §2] a 1st-grade holiday removes only the 1st class’s empty lessons and keeps the 5th’s; the year shows its grades', async () => {
    const s = await withFirstGrade();
    const d = addDays(today(), 10);
    await makeLesson(t.db, s.schoolId, s.firstPageId, d, 1);
    const fifth = await makeLesson(t.db, s.schoolId, s.pageId, d, 1);
    const res = await s.adminClient.post(`/api/years/${s.year.id}/holidays`, { ...firstGraders, startsOn: d, endsOn: addDays(d, 1) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ removedLessons: 1, holiday: { fromGrade: 1, toGrade: 1 } });
    expect(await lessonsOn(s.schoolId, s.firstPageId, d)).toHaveLength(0);
    expect((await lessonsOn(s.schoolId, s.pageId, d)).map((l) => l.id)).toEqual([fifth]);
    // a holiday of the whole school answers both bounds null
    const all = await s.adminClient.post(`/api/years/${s.year.id}/holidays`, {
      name: 'Праздник',
      startsOn: addDays(d, 5),
      endsOn: addDays(d, 5),
    });
    expect(all.statusCode, all.body).toBe(200);
    const year = (await s.adminClient.get(`/api/years/${s.year.id}`)).json();
    const byName = (name: string) => year.holidays.find((h: { name: string }) => h.name === name);
    expect(byName(firstGraders.name)).toMatchObject({ fromGrade: 1, toGrade: 1 });
    expect(byName('Праздник')).toMatchObject({ fromGrade: null, toGrade: null });
  });

  it('[DOMAIN §2] refuses a 1st-grade holiday only over 1st-class lessons with data (409 naming 1А); 5th-class data does not stop it', async () => {
    const s = await withFirstGrade();
    const d = addDays(today(), 6);
    await makeLesson(t.db, s.schoolId, s.pageId, d, 2, { topic: 'Дроби' });
    const ok = await s.adminClient.post(`/api/years/${s.year.id}/holidays`, { ...firstGraders, startsOn: d, endsOn: d });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().removedLessons).toBe(0);
    const d2 = addDays(today(), 8);
    await makeLesson(t.db, s.schoolId, s.firstPageId, d2, 1, { topic: 'Счёт до 10' });
    const res = await s.adminClient.post(`/api/years/${s.year.id}/holidays`, { ...firstGraders, name: 'Ещё', startsOn: d2, endsOn: d2 });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/уже есть уроки с записями \(1\): 1А, Математика/);
    const year = (await s.adminClient.get(`/api/years/${s.year.id}`)).json();
    expect(year.holidays.map((h: { name: string }) => h.name)).not.toContain('Ещё');
  });

  it('[002 §4.6] a new year takes holidays of some grades; a bad range there names its holiday’s field', async () => {
    const s = await setup();
    const body = (holidays: unknown[]) => ({
      name: `${s.y + 1}/${s.y + 2}`,
      startsOn: `${s.y + 1}-09-01`,
      endsOn: `${s.y + 2}-06-30`,
      holidays,
    });
    const feb = { ...firstGraders, startsOn: `${s.y + 2}-02-16`, endsOn: `${s.y + 2}-02-22` };
    const bad = await s.adminClient.post(
      '/api/years',
      body([
        { name: 'Осень', startsOn: `${s.y + 1}-10-27`, endsOn: `${s.y + 1}-11-04` },
        { ...feb, toGrade: 12 },
      ]),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0]).toMatchObject({ field: 'holidays.1.toGrade' });
    const res = await s.adminClient.post('/api/years', body([feb]));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().holidays).toEqual([expect.objectContaining({ name: feb.name, fromGrade: 1, toGrade: 1 })]);
  });

  it('refuses a grade range outside 1–11, «с» above «по», or one bound alone — 400 naming the field', async () => {
    const s = await setup();
    const d = addDays(today(), 10);
    const post = (body: Record<string, unknown>) =>
      s.adminClient.post(`/api/years/${s.year.id}/holidays`, { name: 'Каникулы', startsOn: d, endsOn: d, ...body });
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ fromGrade: 0, toGrade: 1 }, 'fromGrade', /класс «с» должен быть от 1 до 11, указано 0/],
      [{ fromGrade: 1, toGrade: 12 }, 'toGrade', /класс «по» должен быть от 1 до 11, указано 12/],
      [{ fromGrade: 4, toGrade: 1 }, 'toGrade', /класс «по» \(1\) меньше класса «с» \(4\)/],
      [{ fromGrade: 1 }, 'toGrade', /укажите, по какой класс/],
      [{ toGrade: 3, fromGrade: null }, 'fromGrade', /укажите, с какого класса/],
    ];
    for (const [body, field, message] of cases) {
      const res = await post(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.message).toMatch(message);
      expect(res.json().error.details.fields[0].field).toBe(field);
    }
    const fraction = await post({ fromGrade: 1.5, toGrade: 2 });
    expect(fraction.statusCode).toBe(400);
    expect(fraction.json().error.details.fields[0].field).toMatch(/fromGrade/);
    const year = (await s.adminClient.get(`/api/years/${s.year.id}`)).json();
    expect(year.holidays.map((h: { name: string }) => h.name)).not.toContain('Каникулы');
  });

  it('[DOMAIN §2] the timetable skips a 1st-grade holiday only for the 1st class; an extra lesson is refused only there; deleting it restores only the 1st’s', async () => {
    const s = await withFirstGrade();
    const d = addDays(today(), 10);
    const weekday = ((new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    if (weekday === 7) return; // a Sunday has no lessons
    // one teacher teaches both pages: the 5th class at the 3rd lesson, the 1st at the 2nd
    for (const [classId, pageId, lessonNumber] of [
      [s.classId, s.pageId, 3],
      [s.firstClassId, s.firstPageId, 2],
    ] as const) {
      const tt = await s.adminClient.post('/api/timetable', {
        classId,
        validFrom: s.yearStart,
        entries: [{ pageId, weekday, lessonNumber }],
      });
      expect(tt.statusCode, tt.body).toBe(200);
    }
    expect(await lessonsOn(s.schoolId, s.pageId, d)).toHaveLength(1);
    expect(await lessonsOn(s.schoolId, s.firstPageId, d)).toHaveLength(1);
    const h = await s.adminClient.post(`/api/years/${s.year.id}/holidays`, { ...firstGraders, startsOn: d, endsOn: d });
    expect(h.statusCode, h.body).toBe(200);
    expect(h.json().removedLessons).toBe(1);
    expect(await lessonsOn(s.schoolId, s.firstPageId, d)).toHaveLength(0);
    expect(await lessonsOn(s.schoolId, s.pageId, d)).toHaveLength(1);

    // a later change of the timetable regenerates both classes: the 1st class still skips its holiday
    const again = await s.adminClient.post('/api/timetable', {
      classId: s.firstClassId,
      validFrom: today(),
      entries: [{ pageId: s.firstPageId, weekday, lessonNumber: 4 }],
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(await lessonsOn(s.schoolId, s.firstPageId, d)).toHaveLength(0);

    // single lessons: refused in the 1st class on its holiday, allowed in the 5th
    const extraFirst = await s.adminClient.post('/api/lessons/extra', { pageId: s.firstPageId, date: d, number: 6 });
    expect(extraFirst.statusCode).toBe(409);
    expect(extraFirst.json().error.message).toMatch(/Дополнительные каникулы для первоклассников/);
    const extraFifth = await s.adminClient.post('/api/lessons/extra', { pageId: s.pageId, date: d, number: 6 });
    expect(extraFifth.statusCode, extraFifth.body).toBe(200);

    const del = await s.adminClient.delete(`/api/holidays/${h.json().holiday.id}`);
    expect(del.statusCode, del.body).toBe(200);
    expect(del.json()).toMatchObject({ createdLessons: 1 });
    expect(await lessonsOn(s.schoolId, s.firstPageId, d)).toHaveLength(1);
    expect(await lessonsOn(s.schoolId, s.pageId, d)).toHaveLength(2); // its timetable lesson and the extra one, untouched
  });

  it('[DOMAIN §2] the diary shows a 1st-grade holiday to the 1st-grader’s family, not to a 5th-grader’s', async () => {
    const s = await withFirstGrade();
    const d = addDays(today(), 10);
    const h = await s.adminClient.post(`/api/years/${s.year.id}/holidays`, { ...firstGraders, startsOn: d, endsOn: d });
    expect(h.statusCode, h.body).toBe(200);
    const dayOf = async (login: string, password: string, studentId: string) => {
      const c = await signIn(t.app, login, password);
      const res = await c.get(`/api/diary?studentId=${studentId}&from=${d}&to=${d}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().days[0].holiday;
    };
    expect(await dayOf(s.firstParent.login, s.firstParent.password, s.firstStudent.id)).toBe(firstGraders.name);
    expect(await dayOf(s.parent.login, s.parent.password, s.student.id)).toBeNull();
  });

  it('[003 §6.3] expected lessons in the control report leave out a grade’s holiday only for that grade’s pages', async () => {
    const s = await withFirstGrade();
    const from = addDays(today(), 14);
    const to = addDays(from, 13);
    const h = await s.adminClient.post(`/api/years/${s.year.id}/holidays`, { ...firstGraders, startsOn: from, endsOn: addDays(from, 6) });
    expect(h.statusCode, h.body).toBe(200);
    const deputy = await signIn(t.app, s.deputy.login, s.deputy.password);
    const res = await deputy.get(`/api/reports/control?from=${from}&to=${to}`);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.studyWeeks).toBe(2); // the school's weeks: the 1st-grade holiday is not the whole school's
    const expected = (id: string) => r.pages.find((p: { pageId: string }) => p.pageId === id).figures.lessonsExpected;
    expect(expected(s.pageId)).toBe(4); // 2 hours a week × 2 weeks
    expect(expected(s.firstPageId)).toBe(2); // 2 hours a week × 1 week
  });
});
