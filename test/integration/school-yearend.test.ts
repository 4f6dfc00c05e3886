import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll, makeClass, makeLesson, makePage, makePerson, makeSmallSchool } from '../fixtures/factories';
import { createTestContext, signIn, type TestContext } from '../helpers/test-app';

/** Year-end transfer: close the year, open the next, move classes up, graduate, keep repeaters [002 §4.6]. */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

async function setup() {
  const s = await makeSmallSchool(t.db, { adminTotpRequired: false });
  const admin = await signIn(t.app, s.admin.login, s.admin.password);
  const y = s.year.startYear;
  const yearStart = `${y}-09-01`;
  const yearEnd = `${y + 1}-06-30`;
  await admin.put(`/api/years/${s.year.id}/periods`, {
    periods: [
      { scheme: 'quarter', number: 1, startsOn: yearStart, endsOn: `${y}-12-28` },
      { scheme: 'quarter', number: 2, startsOn: `${y + 1}-01-12`, endsOn: yearEnd },
      { scheme: 'half', number: 1, startsOn: yearStart, endsOn: yearEnd },
    ],
  });
  const eleventh = await makeClass(t.db, s.schoolId, s.year.id, { grade: 11, letter: 'А', classTeacherId: s.otherTeacher.id });
  const graduate = await makePerson(t.db, s.schoolId, { roles: ['student'], lastName: 'Выпускник', firstName: 'Иван' });
  await enroll(t.db, s.schoolId, graduate.id, eleventh, yearStart);
  // a subgroup page in 5А, with both students in it
  const g = (
    await admin.post(`/api/classes/${s.classId}/subgroups`, { name: 'Группа 1', studentIds: [s.student.id, s.classmate.id] })
  ).json();
  const english = (await admin.post('/api/subjects', { name: 'Английский язык' })).json();
  const groupPage = await makePage(t.db, s.schoolId, s.year.id, s.classId, english.id, s.teacher.id, g.id);
  await admin.put(`/api/years/${s.year.id}/curriculum`, {
    rows: [
      { grade: 5, subjectId: s.math, hoursPerWeek: 5 },
      { grade: 6, subjectId: s.math, hoursPerWeek: 5 },
    ],
  });
  const oldLesson = await makeLesson(t.db, s.schoolId, s.pageId, `${y}-10-06`, 1);
  return { ...s, adminClient: admin, y, yearStart, yearEnd, eleventh, graduate, groupPage, oldLesson };
}

const nextYear = (y: number) => ({ name: `${y + 1}/${y + 2}`, startsOn: `${y + 1}-09-01`, endsOn: `${y + 2}-06-30` });

describe('close the year and promote [002 §4.6]', () => {
  it('[002 §4.6] closes the year and its periods, opens the next, moves classes up, graduates the 11th, keeps repeaters', async () => {
    const s = await setup();
    const res = await s.adminClient.post(`/api/years/${s.year.id}/close-and-promote`, {
      nextYear: nextYear(s.y),
      repeaters: [s.classmate.id],
      promotionOrder: '101-о',
      graduationOrder: '102-о',
    });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ promoted: 2, graduated: 1, repeated: 1, closedPeriods: 3, curriculumRows: 2, loads: 3, subgroups: 1 });
    expect(r.closedYear).toMatchObject({ id: s.year.id, status: 'closed', readOnly: true });
    expect(r.newYear).toMatchObject({ name: `${s.y + 1}/${s.y + 2}`, status: 'current' });
    expect(r.classes.map((c: { fromName: string; toName: string | null }) => [c.fromName, c.toName])).toEqual([
      ['5А', '6А'],
      ['6Б', '7Б'],
      ['11А', null],
    ]);

    // the old year's periods are all closed, with period events
    const oldYear = (await s.adminClient.get(`/api/years/${s.year.id}`)).json();
    expect(oldYear.periods.every((p: { closed: boolean }) => p.closed)).toBe(true);
    expect(oldYear.periodEvents).toHaveLength(3);

    // classes of the new year (current), with the class teacher carried over; old classes stay readable
    const current = (await s.adminClient.get('/api/classes')).json();
    expect(current.map((c: { name: string }) => c.name)).toEqual(['5А', '6А', '7Б']);
    const sixA = current.find((c: { name: string }) => c.name === '6А');
    expect(sixA).toMatchObject({ classTeacherId: s.classTeacher.id, studentCount: 1 });
    expect(current.find((c: { name: string }) => c.name === '5А')).toMatchObject({ studentCount: 1 });
    const old = (await s.adminClient.get(`/api/classes?yearId=${s.year.id}`)).json();
    expect(old.map((c: { name: string }) => c.name)).toEqual(['5А', '6Б', '11А']);

    // movement history: promotion, repeat, graduation — with the orders
    const iv = (await s.adminClient.get(`/api/students/${s.student.id}/movements`)).json();
    expect(iv).toEqual([
      expect.objectContaining({ className: '5А', toDate: s.yearEnd, departureKind: 'promotion', departureOrder: '101-о' }),
      expect.objectContaining({
        className: '6А',
        fromDate: `${s.y + 1}-09-01`,
        toDate: null,
        arrivalKind: 'promotion',
        arrivalOrder: '101-о',
      }),
    ]);
    const pe = (await s.adminClient.get(`/api/students/${s.classmate.id}/movements`)).json();
    expect(pe[1]).toMatchObject({ className: '5А', arrivalKind: 'repeat', yearId: r.newYear.id });
    const gr = (await s.adminClient.get(`/api/students/${s.graduate.id}/movements`)).json();
    expect(gr).toEqual([expect.objectContaining({ className: '11А', departureKind: 'graduation', departureOrder: '102-о' })]);

    // load carried over as pages of the new classes; the subgroup with its promoted members only
    const loads = (await s.adminClient.get(`/api/loads?yearId=${r.newYear.id}`)).json();
    expect(
      loads.map((l: { className: string; subjectName: string; subgroupName: string | null }) => [
        l.className,
        l.subjectName,
        l.subgroupName,
      ]),
    ).toEqual([
      ['6А', 'Английский язык', 'Группа 1'],
      ['6А', 'Математика', null],
      ['7Б', 'Математика', null],
    ]);
    const groups = (await s.adminClient.get(`/api/classes/${sixA.id}/subgroups`)).json();
    expect(groups[0].members.map((m: { id: string }) => m.id)).toEqual([s.student.id]);
    expect((await s.adminClient.get(`/api/years/${r.newYear.id}/curriculum`)).json()).toHaveLength(2);
    const audit = await t.db.query("SELECT 1 FROM audit_log WHERE school_id = $1 AND action = 'year.close'", [s.schoolId]);
    expect(audit).toHaveLength(1);
  });

  it('nothing of the old year becomes editable again: journal, structure and periods refuse writes (423)', async () => {
    const s = await setup();
    const res = await s.adminClient.post(`/api/years/${s.year.id}/close-and-promote`, { nextYear: nextYear(s.y) });
    expect(res.statusCode, res.body).toBe(200);
    const teacher = await signIn(t.app, s.teacher.login, s.teacher.password);
    const work = await teacher.post(`/api/lessons/${s.oldLesson}/works`, { workType: 'class_answer' });
    expect(work.statusCode).toBe(423);
    expect(work.json().error.code).toBe('journal.period_closed');
    const [period] = (await s.adminClient.get(`/api/years/${s.year.id}`)).json().periods;
    const reopen = await s.adminClient.post(`/api/periods/${period.id}/reopen`, { reason: 'Ошибка' });
    expect(reopen.statusCode).toBe(423);
    expect(reopen.json().error.message).toMatch(/закрыт/);
    expect((await s.adminClient.post('/api/classes', { yearId: s.year.id, grade: 3, letter: 'А' })).statusCode).toBe(423);
    expect((await s.adminClient.put(`/api/years/${s.year.id}/curriculum`, { rows: [] })).statusCode).toBe(423);
    expect((await s.adminClient.post(`/api/classes/${s.classId}/subgroups`, { name: 'Новая' })).statusCode).toBe(423);
    expect(
      (await s.adminClient.post(`/api/years/${s.year.id}/close-and-promote`, { nextYear: { ...nextYear(s.y + 1), name: 'Ещё' } }))
        .statusCode,
    ).toBe(423);
    // still readable
    expect((await teacher.get(`/api/pages/${s.pageId}`)).statusCode).toBe(200);
    expect((await s.adminClient.get(`/api/classes/${s.classId}/students`)).json()).toHaveLength(2);
  });

  it('refuses bad input, writing nothing: a repeater not in a class, a next year before the end, bad periods', async () => {
    const s = await setup();
    const other = await setup();
    const rep = await s.adminClient.post(`/api/years/${s.year.id}/close-and-promote`, {
      nextYear: nextYear(s.y),
      repeaters: [other.student.id],
    });
    expect(rep.statusCode).toBe(400);
    expect(rep.json().error.details.fields[0].field).toBe('repeaters.0');
    const early = await s.adminClient.post(`/api/years/${s.year.id}/close-and-promote`, {
      nextYear: { ...nextYear(s.y), startsOn: `${s.y + 1}-06-01` },
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.message).toMatch(/после окончания текущего/);
    const overlap = await s.adminClient.post(`/api/years/${s.year.id}/close-and-promote`, {
      nextYear: {
        ...nextYear(s.y),
        periods: [
          { scheme: 'quarter', number: 1, startsOn: `${s.y + 1}-09-01`, endsOn: `${s.y + 1}-11-30` },
          { scheme: 'quarter', number: 2, startsOn: `${s.y + 1}-11-01`, endsOn: `${s.y + 2}-05-30` },
        ],
      },
    });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.json().error.message).toMatch(/пересекаются/);
    const year = (await s.adminClient.get(`/api/years/${s.year.id}`)).json();
    expect(year.status).toBe('current');
    expect(year.periods.some((p: { closed: boolean }) => p.closed)).toBe(false);
    expect((await s.adminClient.get('/api/years')).json()).toHaveLength(1);
  });

  it('[002 §4.6] in a basic school (last grade 9, a school setting) the 9th grade graduates and no 10th class is made', async () => {
    const s = await setup();
    await t.db.query(`UPDATE schools SET settings = settings || '{"lastGrade": 9}'::jsonb WHERE id = $1`, [s.schoolId]);
    const ninth = await makeClass(t.db, s.schoolId, s.year.id, { grade: 9, letter: 'Б' });
    const leaver = await makePerson(t.db, s.schoolId, { roles: ['student'], lastName: 'Девятиклассник', firstName: 'Пётр' });
    await enroll(t.db, s.schoolId, leaver.id, ninth, s.yearStart);
    const res = await s.adminClient.post(`/api/years/${s.year.id}/close-and-promote`, { nextYear: nextYear(s.y), graduationOrder: '7-о' });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    const moves = Object.fromEntries(r.classes.map((c: { fromName: string; toName: string | null }) => [c.fromName, c.toName]));
    expect(moves).toMatchObject({ '9Б': null, '11А': null, '5А': '6А' });
    expect(r.graduated).toBe(2);
    const gr = (await s.adminClient.get(`/api/students/${leaver.id}/movements`)).json();
    expect(gr).toEqual([expect.objectContaining({ className: '9Б', departureKind: 'graduation', departureOrder: '7-о' })]);
    const tenth = await t.db.query('SELECT 1 FROM classes WHERE school_id = $1 AND grade = 10', [s.schoolId]);
    expect(tenth).toHaveLength(0);
  });

  it('only the administrator transfers the year', async () => {
    const s = await setup();
    const director = await signIn(t.app, s.director.login, s.director.password);
    expect((await director.post(`/api/years/${s.year.id}/close-and-promote`, { nextYear: nextYear(s.y) })).statusCode).toBe(404);
  });
});

describe('[002 §4.6] a draft of the next year does not block the year-end transfer', () => {
  /** The next year prepared ahead as a draft: own quarters and halves, one holiday, a new 1А and an empty 6А. */
  async function withDraft() {
    const s = await setup();
    const n = nextYear(s.y);
    const y1 = s.y + 1;
    const periods = [
      { scheme: 'quarter', number: 1, startsOn: `${y1}-09-01`, endsOn: `${y1}-10-31` },
      { scheme: 'quarter', number: 2, startsOn: `${y1}-11-10`, endsOn: `${y1}-12-27` },
      { scheme: 'quarter', number: 3, startsOn: `${y1 + 1}-01-12`, endsOn: `${y1 + 1}-03-20` },
      { scheme: 'quarter', number: 4, startsOn: `${y1 + 1}-03-30`, endsOn: `${y1 + 1}-05-29` },
      { scheme: 'half', number: 1, startsOn: `${y1}-09-01`, endsOn: `${y1}-12-27` },
      { scheme: 'half', number: 2, startsOn: `${y1 + 1}-01-12`, endsOn: `${y1 + 1}-05-29` },
    ];
    const created = await s.adminClient.post('/api/years', {
      ...n,
      current: false,
      periods,
      holidays: [{ name: 'Осенние каникулы', startsOn: `${y1}-11-01`, endsOn: `${y1}-11-09` }],
    });
    expect(created.statusCode, created.body).toBe(200);
    const draft = created.json();
    expect(draft.status).toBe('draft');
    const first = await s.adminClient.post('/api/classes', { yearId: draft.id, grade: 1, letter: 'А' });
    expect(first.statusCode, first.body).toBe(200);
    const sixth = await s.adminClient.post('/api/classes', { yearId: draft.id, grade: 6, letter: 'А' });
    expect(sixth.statusCode, sixth.body).toBe(200);
    return { ...s, draft, periods, n, firstClass: first.json(), sixthClass: sixth.json() };
  }

  it('[002 §4.6] the transfer takes over the draft of the same name: it becomes current with its calendar and classes', async () => {
    const s = await withDraft();
    const res = await s.adminClient.post(`/api/years/${s.year.id}/close-and-promote`, { nextYear: s.n, promotionOrder: '7-о' });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ fromDraft: true, promoted: 3, graduated: 1, repeated: 0 });
    expect(r.newYear).toMatchObject({ id: s.draft.id, name: s.n.name, status: 'current', startsOn: s.n.startsOn, endsOn: s.n.endsOn });
    expect(r.closedYear).toMatchObject({ id: s.year.id, status: 'closed' });
    // one year more, not two: the draft is the new year
    const years = (await s.adminClient.get('/api/years')).json();
    expect(years.map((y: { status: string }) => y.status).sort()).toEqual(['closed', 'current']);

    // the draft's own periods and holiday are kept (the request gave none)
    const detail = (await s.adminClient.get(`/api/years/${s.draft.id}`)).json();
    expect(
      detail.periods
        .map((p: { scheme: string; number: number; startsOn: string; endsOn: string }) => [p.scheme, p.number, p.startsOn, p.endsOn])
        .sort(),
    ).toEqual(s.periods.map((p) => [p.scheme, p.number, p.startsOn, p.endsOn]).sort());
    expect(detail.holidays.map((h: { name: string }) => h.name)).toEqual(['Осенние каникулы']);

    // 5А moves into the draft's 6А (which gets the class teacher it lacked); the new 1А stays
    const current = (await s.adminClient.get('/api/classes')).json();
    expect(current.map((c: { name: string }) => c.name)).toEqual(['1А', '6А', '7Б']);
    expect(current.find((c: { name: string }) => c.name === '6А')).toMatchObject({
      id: s.sixthClass.id,
      classTeacherId: s.classTeacher.id,
      studentCount: 2,
    });
    const moves = (await s.adminClient.get(`/api/students/${s.student.id}/movements`)).json();
    expect(moves[1]).toMatchObject({ classId: s.sixthClass.id, yearId: s.draft.id, arrivalKind: 'promotion', arrivalOrder: '7-о' });
    // load and curriculum carried into the draft
    const loads = (await s.adminClient.get(`/api/loads?yearId=${s.draft.id}`)).json();
    expect(loads.map((l: { className: string; subjectName: string }) => `${l.className} ${l.subjectName}`)).toContain('6А Математика');
    const audit = await t.db.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE school_id = $1 AND object_id = $2 AND action LIKE 'year.%' ORDER BY id",
      [s.schoolId, s.draft.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['year.create', 'year.activate']);
  });

  it('[002 §4.6] periods and holidays given with the transfer replace those of the draft', async () => {
    const s = await withDraft();
    const y1 = s.y + 1;
    const periods = [
      { scheme: 'quarter', number: 1, startsOn: `${y1}-09-01`, endsOn: `${y1}-12-27` },
      { scheme: 'quarter', number: 2, startsOn: `${y1 + 1}-01-12`, endsOn: `${y1 + 1}-06-30` },
    ];
    const res = await s.adminClient.post(`/api/years/${s.year.id}/close-and-promote`, { nextYear: { ...s.n, periods, holidays: [] } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ fromDraft: true, newYear: { id: s.draft.id } });
    const detail = (await s.adminClient.get(`/api/years/${s.draft.id}`)).json();
    expect(detail.periods.map((p: { scheme: string; number: number; endsOn: string }) => [p.scheme, p.number, p.endsOn])).toEqual([
      ['quarter', 1, `${y1}-12-27`],
      ['quarter', 2, `${y1 + 1}-06-30`],
    ]);
    expect(detail.holidays).toEqual([]);
  });

  it('[002 §4.6] a draft calendar that does not fit the new dates is refused with what to do, and nothing changes', async () => {
    const s = await withDraft();
    const res = await s.adminClient.post(`/api/years/${s.year.id}/close-and-promote`, {
      nextYear: { ...s.n, startsOn: `${s.y + 1}-09-15` },
    });
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.message).toMatch(new RegExp(`Календарь черновика «${s.n.name}» не подходит`));
    expect(err.message).toMatch(/Годы и периоды/);
    expect(err.details.fields[0].field).toMatch(/^nextYear\.periods\./);
    const years = (await s.adminClient.get('/api/years')).json();
    expect(years.find((y: { id: string }) => y.id === s.year.id).status).toBe('current');
    expect(years.find((y: { id: string }) => y.id === s.draft.id)).toMatchObject({ status: 'draft', startsOn: s.n.startsOn });
  });

  it('[002 §4.6] the name of the current year or of a closed year is refused at the name field', async () => {
    const s = await setup();
    const currentName: string = (await s.adminClient.get(`/api/years/${s.year.id}`)).json().name;
    const same = await s.adminClient.post(`/api/years/${s.year.id}/close-and-promote`, {
      nextYear: { ...nextYear(s.y), name: currentName },
    });
    expect(same.statusCode).toBe(409);
    expect(same.json().error).toMatchObject({ details: { field: 'nextYear.name' } });
    expect(same.json().error.message).toMatch(/название текущего года/);
    const first = await s.adminClient.post(`/api/years/${s.year.id}/close-and-promote`, { nextYear: nextYear(s.y) });
    expect(first.statusCode, first.body).toBe(200);
    const again = await s.adminClient.post(`/api/years/${first.json().newYear.id}/close-and-promote`, {
      nextYear: { ...nextYear(s.y + 1), name: currentName },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/уже есть и закрыт/);
  });
});
