import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClass, makeLesson, makePage, makePerson, makeSmallSchool, makeSubject } from '../fixtures/factories';
import { createTestContext, signIn, type TestContext } from '../helpers/test-app';

/** Bells, weekly timetable valid from a date, generated lessons, one-off changes [DOMAIN §2], [004 admin], [001 §5.4.2]. */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

const iso = (d: Date) => d.toISOString().slice(0, 10);
const today = () => iso(new Date());
const addDays = (date: string, n: number) => iso(new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000));
const weekday = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
/** The next date on or after `from` that falls on an ISO weekday. */
const nextWeekday = (from: string, wd: number) => addDays(from, (wd - weekday(from) + 7) % 7);
function countWeekdays(from: string, to: string, wd: number, skip: (d: string) => boolean = () => false) {
  let n = 0;
  for (let d = nextWeekday(from, wd); d <= to; d = addDays(d, 7)) if (!skip(d)) n++;
  return n;
}

async function setup() {
  const s = await makeSmallSchool(t.db, { adminTotpRequired: false });
  const admin = await signIn(t.app, s.admin.login, s.admin.password);
  const y = s.year.startYear;
  const yearStart = `${y}-09-01`;
  const yearEnd = `${y + 1}-06-30`;
  const res = await admin.put(`/api/years/${s.year.id}/periods`, {
    periods: [
      { scheme: 'quarter', number: 1, startsOn: yearStart, endsOn: yearEnd },
      { scheme: 'half', number: 1, startsOn: yearStart, endsOn: yearEnd },
    ],
  });
  expect(res.statusCode, res.body).toBe(200);
  return { ...s, adminClient: admin, y, yearStart, yearEnd };
}

const lessonsOf = (schoolId: string, pageId: string) =>
  t.db.query<{ id: string; date: string; number: number; origin: string; room: string | null }>(
    'SELECT id, date, number, origin, room FROM lessons WHERE school_id = $1 AND page_id = $2 ORDER BY date, number',
    [schoolId, pageId],
  );

describe('bell schedule [004 admin]', () => {
  it('[004 admin] the administrator sets bells; staff read them', async () => {
    const s = await setup();
    const bells = [
      { number: 1, startsAt: '08:30', endsAt: '09:15' },
      { number: 2, startsAt: '09:25', endsAt: '10:10' },
      { number: 3, startsAt: '10:30', endsAt: '11:15' },
    ];
    const res = await s.adminClient.put('/api/bells', { bells });
    expect(res.statusCode, res.body).toBe(200);
    const teacher = await signIn(t.app, s.teacher.login, s.teacher.password);
    expect((await teacher.get('/api/bells')).json()).toMatchObject({ validFrom: null, bells, versions: [null] });
    expect((await teacher.put('/api/bells', { bells })).statusCode).toBe(403);
  });

  it('refuses overlapping bells (409) and a bad time (400)', async () => {
    const s = await setup();
    const overlap = await s.adminClient.put('/api/bells', {
      bells: [
        { number: 1, startsAt: '08:30', endsAt: '09:15' },
        { number: 2, startsAt: '09:10', endsAt: '09:55' },
      ],
    });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().error.message).toMatch(/Звонки пересекаются/);
    const bad = await s.adminClient.put('/api/bells', { bells: [{ number: 1, startsAt: '8.30', endsAt: '09:15' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('bells.0.startsAt');
  });

  it('[004 admin] bells are valid from a date: a new set leaves earlier lessons (and the diary) with their old times', async () => {
    const s = await setup();
    const first = [
      { number: 1, startsAt: '08:30', endsAt: '09:15' },
      { number: 2, startsAt: '09:25', endsAt: '10:10' },
    ];
    const put1 = await s.adminClient.put('/api/bells', { bells: first });
    expect(put1.json()).toMatchObject({ validFrom: null, bells: first, versions: [null] });
    // A later Monday within the year: the new set (a shortened day) from then on.
    const from = nextWeekday(addDays(today(), 14), 1);
    const shortened = [
      { number: 1, startsAt: '08:30', endsAt: '09:00' },
      { number: 2, startsAt: '09:10', endsAt: '09:40' },
    ];
    const put2 = await s.adminClient.put('/api/bells', { validFrom: from, bells: shortened });
    expect(put2.statusCode, put2.body).toBe(200);
    expect(put2.json()).toMatchObject({ validFrom: from, bells: shortened, versions: [null, from] });
    expect((await s.adminClient.get(`/api/bells?date=${addDays(from, -1)}`)).json()).toMatchObject({ validFrom: null, bells: first });
    expect((await s.adminClient.get(`/api/bells?date=${from}`)).json()).toMatchObject({ validFrom: from, bells: shortened });
    // Omitted validFrom = the set in force today (the first one): corrected in place, no new set.
    const fixed = [{ ...first[0], endsAt: '09:10' }, first[1]];
    const put3 = await s.adminClient.put('/api/bells', { bells: fixed });
    expect(put3.json()).toMatchObject({ validFrom: null, bells: fixed, versions: [null, from] });

    // The diary shows each lesson with the bells of its own date.
    const before = await makeLesson(t.db, s.schoolId, s.pageId, addDays(from, -7), 1);
    const after = await makeLesson(t.db, s.schoolId, s.pageId, from, 1);
    const parent = await signIn(t.app, s.parent.login, s.parent.password);
    const lessonsOf = async (monday: string) =>
      (await parent.get(`/api/diary?studentId=${s.student.id}&from=${monday}`))
        .json()
        .days.flatMap((d: { lessons: { id: string; startsAt: string; endsAt: string }[] }) => d.lessons);
    expect((await lessonsOf(addDays(from, -7))).find((l: { id: string }) => l.id === before)).toMatchObject({
      startsAt: '08:30',
      endsAt: '09:10',
    });
    expect((await lessonsOf(from)).find((l: { id: string }) => l.id === after)).toMatchObject({ startsAt: '08:30', endsAt: '09:00' });
  });

  it('[004 admin] refuses a set of bells dated before the current year, and leaving out a lesson the timetable uses', async () => {
    const s = await setup();
    await s.adminClient.put('/api/bells', {
      bells: [
        { number: 1, startsAt: '08:30', endsAt: '09:15' },
        { number: 2, startsAt: '09:25', endsAt: '10:10' },
      ],
    });
    const early = await s.adminClient.put('/api/bells', {
      validFrom: addDays(s.yearStart, -1),
      bells: [{ number: 1, startsAt: '08:00', endsAt: '08:45' }],
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.details.fields[0].field).toBe('validFrom');
    const tt = await s.adminClient.post('/api/timetable', {
      classId: s.classId,
      validFrom: s.yearStart,
      entries: [{ pageId: s.pageId, weekday: 1, lessonNumber: 2 }],
    });
    expect(tt.statusCode, tt.body).toBe(200);
    const gone = await s.adminClient.put('/api/bells', {
      validFrom: addDays(today(), 7),
      bells: [{ number: 1, startsAt: '08:30', endsAt: '09:15' }],
    });
    expect(gone.statusCode).toBe(400);
    expect(gone.json().error).toMatchObject({ details: { fields: [expect.objectContaining({ field: 'bells' })] } });
    expect(gone.json().error.message).toMatch(/2-й урок/);
    expect((await s.adminClient.get('/api/bells')).json().versions).toEqual([null]);
  });
});

describe('weekly timetable and generated lessons [DOMAIN §2]', () => {
  it('[DOMAIN §2] generates the lessons of a page from the timetable, skipping holidays, with the room', async () => {
    const s = await setup();
    const holidayStart = nextWeekday(addDays(today(), 14), 1);
    const h = await s.adminClient.post(`/api/years/${s.year.id}/holidays`, {
      name: 'Каникулы',
      startsOn: holidayStart,
      endsOn: addDays(holidayStart, 6),
    });
    expect(h.statusCode, h.body).toBe(200);
    const res = await s.adminClient.post('/api/timetable', {
      classId: s.classId,
      validFrom: s.yearStart,
      entries: [
        { pageId: s.pageId, weekday: 1, lessonNumber: 1, room: '101' },
        { pageId: s.pageId, weekday: 3, lessonNumber: 2, room: '101' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const inHoliday = (d: string) => d >= holidayStart && d <= addDays(holidayStart, 6);
    const expected = countWeekdays(s.yearStart, s.yearEnd, 1, inHoliday) + countWeekdays(s.yearStart, s.yearEnd, 3, inHoliday);
    expect(res.json().lessons.created).toBe(expected);
    const lessons = await lessonsOf(s.schoolId, s.pageId);
    expect(lessons).toHaveLength(expected);
    expect(lessons.some((l) => inHoliday(l.date))).toBe(false);
    expect(lessons.every((l) => l.room === '101' && l.origin === 'timetable')).toBe(true);
    expect(new Set(lessons.map((l) => weekday(l.date)))).toEqual(new Set([1, 3]));

    const tt = (await s.adminClient.get(`/api/timetable?classId=${s.classId}`)).json();
    expect(
      tt.entries.map((e: { weekday: number; lessonNumber: number; subjectName: string }) => [e.weekday, e.lessonNumber, e.subjectName]),
    ).toEqual([
      [1, 1, 'Математика'],
      [3, 2, 'Математика'],
    ]);
    const teacherView = await signIn(t.app, s.teacher.login, s.teacher.password);
    const mine = (await teacherView.get(`/api/timetable?teacherId=${s.teacher.id}`)).json();
    expect(mine.entries).toHaveLength(2);
  });

  it('[DOMAIN §2] changing the timetable from a date regenerates only future lessons without data', async () => {
    const s = await setup();
    const first = await s.adminClient.post('/api/timetable', {
      classId: s.classId,
      validFrom: s.yearStart,
      entries: [{ pageId: s.pageId, weekday: 1, lessonNumber: 1 }],
    });
    expect(first.statusCode, first.body).toBe(200);
    const before = await lessonsOf(s.schoolId, s.pageId);
    const past = before.filter((l) => l.date < today());
    const future = before.filter((l) => l.date >= addDays(today(), 7));
    // A future lesson that holds data (a topic) must survive the change.
    const keep = future[1];
    await t.db.query("UPDATE lessons SET topic = 'Повторение' WHERE school_id = $1 AND id = $2", [s.schoolId, keep.id]);

    const changeFrom = addDays(today(), 7);
    const res = await s.adminClient.post('/api/timetable', {
      classId: s.classId,
      validFrom: changeFrom,
      entries: [{ pageId: s.pageId, weekday: 2, lessonNumber: 3 }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().lessons.keptWithData).toBe(1);
    const after = await lessonsOf(s.schoolId, s.pageId);
    // past lessons untouched
    expect(after.filter((l) => l.date < today()).map((l) => l.id)).toEqual(past.map((l) => l.id));
    // from the change: Tuesdays #3, plus the kept Monday lesson with its topic
    const fromChange = after.filter((l) => l.date >= changeFrom);
    expect(fromChange.filter((l) => weekday(l.date) === 1).map((l) => l.id)).toEqual([keep.id]);
    expect(fromChange.filter((l) => weekday(l.date) === 2).every((l) => l.number === 3)).toBe(true);
    expect(fromChange.filter((l) => weekday(l.date) === 2)).toHaveLength(countWeekdays(changeFrom, s.yearEnd, 2));
    // the old entry ends the day before the change
    const old = (await s.adminClient.get(`/api/timetable?classId=${s.classId}&date=${s.yearStart}`)).json();
    expect(old.entries[0]).toMatchObject({ weekday: 1, validTo: addDays(changeFrom, -1) });
  });

  it('[003 §2.6] refuses a teacher loaded twice in one slot (same weekday and lesson number, overlapping validity)', async () => {
    const s = await setup();
    const physics = await makeSubject(t.db, s.schoolId, 'Физика');
    const otherPage = await makePage(t.db, s.schoolId, s.year.id, s.otherClassId, physics, s.teacher.id);
    const a = await s.adminClient.post('/api/timetable', {
      classId: s.classId,
      validFrom: s.yearStart,
      entries: [{ pageId: s.pageId, weekday: 1, lessonNumber: 1 }],
    });
    expect(a.statusCode).toBe(200);
    const b = await s.adminClient.post('/api/timetable', {
      classId: s.otherClassId,
      validFrom: addDays(today(), 3),
      entries: [{ pageId: otherPage, weekday: 1, lessonNumber: 1 }],
    });
    expect(b.statusCode).toBe(409);
    expect(b.json().error.code).toBe('school.conflict');
    expect(b.json().error.message).toMatch(/Учитель уже занят в этот час \(понедельник, 1-й урок\): «6Б, Физика» и «5А, Математика»/);
    expect(b.json().error.details.conflicts[0]).toMatchObject({ kind: 'teacher', weekday: 1, lessonNumber: 1 });
    // another slot is fine
    const c = await s.adminClient.post('/api/timetable', {
      classId: s.otherClassId,
      validFrom: addDays(today(), 3),
      entries: [{ pageId: otherPage, weekday: 1, lessonNumber: 2 }],
    });
    expect(c.statusCode, c.body).toBe(200);
  });

  it('refuses a class with two lessons in one slot, but allows two subgroups at once [003 §3.2]', async () => {
    const s = await setup();
    const english = await makeSubject(t.db, s.schoolId, 'Английский язык');
    const history = await makeSubject(t.db, s.schoolId, 'История');
    const historyPage = await makePage(t.db, s.schoolId, s.year.id, s.classId, history, s.otherTeacher.id);
    const clash = await s.adminClient.post('/api/timetable', {
      classId: s.classId,
      validFrom: s.yearStart,
      entries: [
        { pageId: s.pageId, weekday: 2, lessonNumber: 1 },
        { pageId: historyPage, weekday: 2, lessonNumber: 1 },
      ],
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.message).toMatch(/У класса уже стоит урок в этот час/);

    const g1 = (await s.adminClient.post(`/api/classes/${s.classId}/subgroups`, { name: '1 группа' })).json().id;
    const g2 = (await s.adminClient.post(`/api/classes/${s.classId}/subgroups`, { name: '2 группа' })).json().id;
    const t2 = await makePerson(t.db, s.schoolId, { roles: ['teacher'] });
    const p1 = await makePage(t.db, s.schoolId, s.year.id, s.classId, english, s.teacher.id, g1);
    const p2 = await makePage(t.db, s.schoolId, s.year.id, s.classId, english, t2.id, g2);
    const ok = await s.adminClient.post('/api/timetable', {
      classId: s.classId,
      validFrom: s.yearStart,
      entries: [
        { pageId: p1, weekday: 2, lessonNumber: 1 },
        { pageId: p2, weekday: 2, lessonNumber: 1 },
      ],
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('refuses a page of another class, a lesson number missing from the bells, a date outside the year', async () => {
    const s = await setup();
    await s.adminClient.put('/api/bells', { bells: [{ number: 1, startsAt: '08:30', endsAt: '09:15' }] });
    const other = await s.adminClient.post('/api/timetable', {
      classId: s.classId,
      validFrom: s.yearStart,
      entries: [{ pageId: s.otherPageId, weekday: 1, lessonNumber: 1 }],
    });
    expect(other.statusCode).toBe(400);
    expect(other.json().error.details.fields[0].field).toBe('entries.0.pageId');
    const bell = await s.adminClient.post('/api/timetable', {
      classId: s.classId,
      validFrom: s.yearStart,
      entries: [{ pageId: s.pageId, weekday: 1, lessonNumber: 5 }],
    });
    expect(bell.statusCode).toBe(400);
    expect(bell.json().error.message).toMatch(/нет 5-го урока/);
    const out = await s.adminClient.post('/api/timetable', { classId: s.classId, validFrom: `${s.y + 1}-08-01`, entries: [] });
    expect(out.statusCode).toBe(400);
    expect(out.json().error.details.fields[0].field).toBe('validFrom');
  });

  it('[001 §5.3.1] the class teacher sets the class timetable; a subject teacher may not (404)', async () => {
    const s = await setup();
    const ct = await signIn(t.app, s.classTeacher.login, s.classTeacher.password);
    const res = await ct.post('/api/timetable', {
      classId: s.classId,
      validFrom: s.yearStart,
      entries: [{ pageId: s.pageId, weekday: 4, lessonNumber: 1 }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const teacher = await signIn(t.app, s.teacher.login, s.teacher.password);
    expect((await teacher.post('/api/timetable', { classId: s.classId, validFrom: s.yearStart, entries: [] })).statusCode).toBe(404);
  });
});

describe('one-off changes: extra, moved, substituted lessons', () => {
  async function withTimetable() {
    const s = await setup();
    const res = await s.adminClient.post('/api/timetable', {
      classId: s.classId,
      validFrom: s.yearStart,
      entries: [{ pageId: s.pageId, weekday: 1, lessonNumber: 1 }],
    });
    expect(res.statusCode).toBe(200);
    const future = (await lessonsOf(s.schoolId, s.pageId)).filter((l) => l.date > addDays(today(), 7));
    return { ...s, future };
  }

  it('[DOMAIN §2] an extra lesson on a working day; refused on a holiday (409 naming it) and in a busy slot', async () => {
    const s = await withTimetable();
    const tuesday = nextWeekday(addDays(today(), 3), 2);
    const extra = await s.adminClient.post('/api/lessons/extra', { pageId: s.pageId, date: tuesday, number: 5, room: '202' });
    expect(extra.statusCode, extra.body).toBe(200);
    expect(extra.json()).toMatchObject({ origin: 'extra', date: tuesday, number: 5, room: '202' });

    const holiday = nextWeekday(addDays(today(), 20), 3);
    await s.adminClient.post(`/api/years/${s.year.id}/holidays`, {
      name: 'День здоровья',
      startsOn: holiday,
      endsOn: holiday,
      kind: 'day_off',
    });
    const inHoliday = await s.adminClient.post('/api/lessons/extra', { pageId: s.pageId, date: holiday, number: 2 });
    expect(inHoliday.statusCode).toBe(409);
    expect(inHoliday.json().error.code).toBe('school.conflict');
    expect(inHoliday.json().error.message).toMatch(/нерабочий день \(«День здоровья»\)/);
    expect(inHoliday.json().error.details.holiday).toBe('День здоровья');

    const busy = await s.adminClient.post('/api/lessons/extra', { pageId: s.pageId, date: s.future[0].date, number: 1 });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().error.message).toMatch(/Учитель уже ведёт урок/);
  });

  it('[DOMAIN §2] a moved lesson keeps its data and its old slot is not regenerated', async () => {
    const s = await withTimetable();
    const lesson = s.future[0];
    await t.db.query("UPDATE lessons SET topic = 'Перенесённая тема' WHERE school_id = $1 AND id = $2", [s.schoolId, lesson.id]);
    const to = addDays(lesson.date, 1);
    const res = await s.adminClient.post(`/api/lessons/${lesson.id}/move`, { date: to, number: 4 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ origin: 'moved', date: to, number: 4, movedFromDate: lesson.date, movedFromNumber: 1 });
    // regenerate the timetable: the old slot stays empty
    await s.adminClient.post('/api/timetable', {
      classId: s.classId,
      validFrom: s.yearStart,
      entries: [{ pageId: s.pageId, weekday: 1, lessonNumber: 1 }],
    });
    const all = await lessonsOf(s.schoolId, s.pageId);
    expect(all.filter((l) => l.date === lesson.date)).toEqual([]);
    expect(all.find((l) => l.id === lesson.id)).toMatchObject({ date: to, number: 4 });
  });

  it('[DOMAIN §2] refuses moving a lesson onto a holiday', async () => {
    const s = await withTimetable();
    const d = nextWeekday(addDays(today(), 30), 4);
    await s.adminClient.post(`/api/years/${s.year.id}/holidays`, { name: 'Праздник', startsOn: d, endsOn: d });
    const res = await s.adminClient.post(`/api/lessons/${s.future[0].id}/move`, { date: d, number: 2 });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/нерабочий день/);
  });

  it('[001 §5.4.2] a substitute teacher conducts the lesson and may fill it; recorded in the audit', async () => {
    const s = await withTimetable();
    const lesson = s.future[0];
    const res = await s.adminClient.put(`/api/lessons/${lesson.id}/substitute`, { teacherId: s.otherTeacher.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().substituteTeacherId).toBe(s.otherTeacher.id);
    const sub = await signIn(t.app, s.otherTeacher.login, s.otherTeacher.password);
    const work = await sub.post(`/api/lessons/${lesson.id}/works`, { workType: 'class_answer' });
    expect(work.statusCode, work.body).toBe(200);
    const audit = await t.db.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE school_id = $1 AND action = 'lesson.substitute'",
      [s.schoolId],
    );
    expect(audit).toHaveLength(1);

    const self = await s.adminClient.put(`/api/lessons/${lesson.id}/substitute`, { teacherId: s.teacher.id });
    expect(self.statusCode).toBe(400);
    const notTeacher = await s.adminClient.put(`/api/lessons/${lesson.id}/substitute`, { teacherId: s.parent.id });
    expect(notTeacher.statusCode).toBe(400);
    expect(notTeacher.json().error.message).toMatch(/не учитель/);
  });

  it('refuses a substitute who already teaches in that slot', async () => {
    const s = await withTimetable();
    const otherPageLessonDate = s.future[0].date;
    await t.db.query('INSERT INTO lessons (school_id, page_id, date, number) VALUES ($1, $2, $3, 1)', [
      s.schoolId,
      s.otherPageId,
      otherPageLessonDate,
    ]);
    const res = await s.adminClient.put(`/api/lessons/${s.future[0].id}/substitute`, { teacherId: s.otherTeacher.id });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/Учитель уже ведёт урок .*6Б/);
  });

  it('lists the week’s lessons with changes', async () => {
    const s = await withTimetable();
    await s.adminClient.put(`/api/lessons/${s.future[0].id}/substitute`, { teacherId: s.otherTeacher.id });
    const from = s.future[0].date;
    const list = (await s.adminClient.get(`/api/timetable/lessons?classId=${s.classId}&from=${from}&to=${addDays(from, 6)}`)).json();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: s.future[0].id, substituteTeacherId: s.otherTeacher.id, subjectName: 'Математика' });
    const tooLong = await s.adminClient.get(`/api/timetable/lessons?classId=${s.classId}&from=${s.yearStart}&to=${s.yearEnd}`);
    expect(tooLong.statusCode).toBe(400);
  });

  it('[000 §3.6] objects of another school are 404', async () => {
    const s = await withTimetable();
    const other = await setup();
    expect((await other.adminClient.post(`/api/lessons/${s.future[0].id}/move`, { date: s.future[0].date, number: 2 })).statusCode).toBe(
      404,
    );
    expect((await other.adminClient.post('/api/lessons/extra', { pageId: s.pageId, date: s.future[0].date, number: 2 })).statusCode).toBe(
      404,
    );
    expect((await other.adminClient.post('/api/timetable', { classId: s.classId, validFrom: s.yearStart, entries: [] })).statusCode).toBe(
      404,
    );
    const cls = await makeClass(t.db, s.schoolId, s.year.id, { grade: 7, letter: 'В' });
    expect((await other.adminClient.get(`/api/timetable?classId=${cls}`)).statusCode).toBe(404);
  });
});
