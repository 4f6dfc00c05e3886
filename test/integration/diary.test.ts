import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, calendarDateIn, weekStart } from '../../src/domain/calendar';
import {
  addPersonForAccount,
  enroll,
  linkParent,
  makeClass,
  makeLesson,
  makePage,
  makePeriod,
  makePerson,
  makeSmallSchool,
  makeSubject,
  makeYear,
} from '../fixtures/factories';
import { type Client, createTestContext, signIn, type TestContext } from '../helpers/test-app';

/**
 * The diary over HTTP [DOMAIN §7]: families read only their own [000 §3.6], [002 §8.2]; views are
 * counted for the participation reports [000 §9]; the calendar feed is private and revocable.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

const today = () => calendarDateIn(new Date(), 'Europe/Moscow');
const monday = () => weekStart(today());

// ───────────── small factories of journal content (SQL, so dates and closed periods are free) ─────────────

async function addBells(schoolId: string) {
  const bells = [
    [1, '08:30', '09:15'],
    [2, '09:25', '10:10'],
    [3, '10:30', '11:15'],
    [4, '11:35', '12:20'],
  ];
  for (const [n, a, b] of bells) {
    await t.db.query('INSERT INTO bell_schedule (school_id, number, starts_at, ends_at) VALUES ($1, $2, $3, $4)', [schoolId, n, a, b]);
  }
}

async function addWork(schoolId: string, lessonId: string, workType = 'class_answer', weight: number | null = null) {
  const [w] = await t.db.query<{ id: string }>(
    'INSERT INTO works (school_id, lesson_id, work_type, weight) VALUES ($1, $2, $3, $4) RETURNING id',
    [schoolId, lessonId, workType, weight],
  );
  return w.id;
}

async function addMark(
  schoolId: string,
  o: { lessonId: string; pageId: string; studentId: string; value: string; workType?: string; comment?: string },
) {
  const workId = await addWork(schoolId, o.lessonId, o.workType ?? 'class_answer');
  const [m] = await t.db.query<{ id: string }>(
    `INSERT INTO marks (school_id, work_id, lesson_id, page_id, student_id, value, comment)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [schoolId, workId, o.lessonId, o.pageId, o.studentId, o.value, o.comment ?? null],
  );
  return m.id;
}

async function addHomework(schoolId: string, lessonId: string, text: string, dueDate: string) {
  await t.db.query('INSERT INTO homework (school_id, lesson_id, text, due_date) VALUES ($1, $2, $3, $4)', [
    schoolId,
    lessonId,
    text,
    dueDate,
  ]);
}

async function addHomeworkFile(schoolId: string, lessonId: string, name: string) {
  const [f] = await t.db.query<{ id: string }>(
    `INSERT INTO files (school_id, owner_kind, owner_id, name, content_type, size, sha256, content)
     VALUES ($1, 'homework', $2, $3, 'application/pdf', 3, 'x', '\\x414243') RETURNING id`,
    [schoolId, lessonId, name],
  );
  return f.id;
}

async function addAbsence(
  schoolId: string,
  lessonId: string,
  pageId: string,
  studentId: string,
  code: string,
  minutes: number | null = null,
) {
  await t.db.query('INSERT INTO attendance (school_id, lesson_id, student_id, page_id, code, minutes) VALUES ($1, $2, $3, $4, $5, $6)', [
    schoolId,
    lessonId,
    studentId,
    pageId,
    code,
    minutes,
  ]);
}

async function addHoliday(schoolId: string, yearId: string, name: string, startsOn: string, endsOn: string) {
  await t.db.query('INSERT INTO holidays (school_id, year_id, name, starts_on, ends_on) VALUES ($1, $2, $3, $4, $5)', [
    schoolId,
    yearId,
    name,
    startsOn,
    endsOn,
  ]);
}

async function addFinal(
  schoolId: string,
  o: { pageId: string; subjectId: string; studentId: string; kind: string; periodId?: string | null; value: string },
) {
  await t.db.query(
    `INSERT INTO final_marks (school_id, page_id, subject_id, student_id, kind, period_id, value)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [schoolId, o.pageId, o.subjectId, o.studentId, o.kind, o.periodId ?? null, o.value],
  );
}

async function diaryViews(schoolId: string) {
  return t.db.query<{ person_id: string; subject_person_id: string }>(
    "SELECT person_id, subject_person_id FROM activity WHERE school_id = $1 AND kind = 'diary_view' ORDER BY id",
    [schoolId],
  );
}

/** A school with a period around today, bells, and this week's lessons of the student's class. */
async function setup() {
  const s = await makeSmallSchool(t.db, { adminTotpRequired: false });
  const mon = monday();
  const periodId = await makePeriod(t.db, s.schoolId, s.year.id, { number: 1, startsOn: addDays(mon, -60), endsOn: addDays(mon, 60) });
  await addBells(s.schoolId);
  const lessonMon = await makeLesson(t.db, s.schoolId, s.pageId, mon, 1, { topic: 'Дроби' });
  const lessonWed = await makeLesson(t.db, s.schoolId, s.pageId, addDays(mon, 2), 2, { topic: 'Сложение дробей' });
  const otherLesson = await makeLesson(t.db, s.schoolId, s.otherPageId, mon, 1, { topic: 'Чужой урок' });
  // The student's sibling in another class, with the same parent.
  const sibling = await makePerson(t.db, s.schoolId, { roles: ['student'], lastName: 'Иванова', firstName: 'Мария' });
  await enroll(t.db, s.schoolId, sibling.id, s.otherClassId, `${s.year.startYear}-09-01`);
  await linkParent(t.db, s.schoolId, s.parent.id, sibling.id);
  return { ...s, mon, periodId, lessonMon, lessonWed, otherLesson, sibling };
}

const as = (p: { login: string; password: string }) => signIn(t.app, p.login, p.password);
const week = (c: Client, studentId: string, from = monday(), to?: string) =>
  c.get(`/api/diary?studentId=${studentId}&from=${from}${to ? `&to=${to}` : ''}`);
const diaryUrls = (studentId: string) => [
  `/api/diary?studentId=${studentId}&from=${monday()}`,
  `/api/students/${studentId}/marks`,
  `/api/students/${studentId}/finals`,
  `/api/students/${studentId}/homework?from=${monday()}`,
];

describe('the diary week [DOMAIN §7]', () => {
  it('shows day by day the lessons with bell times, topic, homework with files, marks with work type, weight and comment, absences', async () => {
    const s = await setup();
    await addMark(s.schoolId, {
      lessonId: s.lessonMon,
      pageId: s.pageId,
      studentId: s.student.id,
      value: '5',
      workType: 'control',
      comment: 'Отлично',
    });
    await addMark(s.schoolId, { lessonId: s.lessonMon, pageId: s.pageId, studentId: s.classmate.id, value: '2' });
    await addHomework(s.schoolId, s.lessonMon, '№ 12, 14', addDays(s.mon, 2));
    const fileId = await addHomeworkFile(s.schoolId, s.lessonMon, 'задачи.pdf');
    await addAbsence(s.schoolId, s.lessonWed, s.pageId, s.student.id, 'оп', 10);
    const res = await week(await as(s.parent), s.student.id);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.student).toMatchObject({ id: s.student.id, name: 'Иванов Пётр', className: '5А' });
    expect(body.days).toHaveLength(7);
    expect(body.days.map((d: { weekday: number }) => d.weekday)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(body.today).toBe(today());
    expect(body.days.filter((d: { isToday: boolean }) => d.isToday).map((d: { date: string }) => d.date)).toEqual([today()]);
    const [mon] = body.days[0].lessons;
    expect(mon).toMatchObject({
      id: s.lessonMon,
      number: 1,
      startsAt: '08:30',
      endsAt: '09:15',
      subjectName: 'Математика',
      topic: 'Дроби',
      homework: { text: '№ 12, 14', dueDate: addDays(s.mon, 2), files: [{ id: fileId, name: 'задачи.pdf', url: `/api/files/${fileId}` }] },
      attendance: null,
    });
    // Only the student's own mark; the work type in Russian and its weight [DOMAIN §4].
    expect(mon.marks).toEqual([
      expect.objectContaining({ value: '5', workType: 'control', workTypeName: 'Контрольная работа', weight: 2, comment: 'Отлично' }),
    ]);
    expect(mon.teacherName).toMatch(/^Фамилия.+ И\.$/);
    const wed = body.days[2].lessons[0];
    expect(wed).toMatchObject({
      id: s.lessonWed,
      startsAt: '09:25',
      attendance: { code: 'оп', name: 'опоздание', minutes: 10 },
      marks: [],
    });
    // Another class's lessons never show.
    const ids = body.days.flatMap((d: { lessons: { id: string }[] }) => d.lessons.map((l) => l.id));
    expect(ids).not.toContain(s.otherLesson);
    // The homework file of the own child is downloadable by the parent.
    const file = await (await as(s.parent)).get(`/api/files/${fileId}`);
    expect(file.statusCode).toBe(200);
  });

  it('[issue 6] answers a range over 31 days, a bad date or a reversed range with a clear 400 naming the field', async () => {
    const s = await setup();
    const c = await as(s.parent);
    const long = await week(c, s.student.id, s.mon, addDays(s.mon, 31));
    expect(long.statusCode).toBe(400);
    expect(long.json().error.details.fields[0].field).toBe('to');
    expect(long.json().error.message).toMatch(/31/);
    expect((await week(c, s.student.id, s.mon, addDays(s.mon, 30))).statusCode).toBe(200);
    const reversed = await week(c, s.student.id, s.mon, addDays(s.mon, -1));
    expect(reversed.statusCode).toBe(400);
    const badDate = await week(c, s.student.id, '2025-02-30');
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.details.fields[0].field).toBe('from');
    const noFrom = await c.get(`/api/diary?studentId=${s.student.id}`);
    expect(noFrom.statusCode).toBe(400);
    const longHomework = await c.get(`/api/students/${s.student.id}/homework?from=${s.mon}&to=${addDays(s.mon, 40)}`);
    expect(longHomework.statusCode).toBe(400);
  });

  it('[DOMAIN §2] a week across a holiday shows the holiday and no lessons on it', async () => {
    const s = await setup();
    const mon = addDays(s.mon, -14);
    const before = await makeLesson(t.db, s.schoolId, s.pageId, mon, 1);
    const after = await makeLesson(t.db, s.schoolId, s.pageId, addDays(mon, 4), 1);
    await addHoliday(s.schoolId, s.year.id, 'Осенние каникулы', addDays(mon, 1), addDays(mon, 3));
    const body = (await week(await as(s.student), s.student.id, mon)).json();
    expect(body.days.map((d: { holiday: string | null }) => d.holiday)).toEqual([
      null,
      'Осенние каникулы',
      'Осенние каникулы',
      'Осенние каникулы',
      null,
      null,
      null,
    ]);
    expect(body.days.map((d: { lessons: { id: string }[] }) => d.lessons.map((l) => l.id))).toEqual([
      [before],
      [],
      [],
      [],
      [after],
      [],
      [],
    ]);
  });

  it('a week across a period border shows the lessons and marks of both periods', async () => {
    const s = await makeSmallSchool(t.db, { adminTotpRequired: false });
    const mon = monday();
    const first = await makePeriod(t.db, s.schoolId, s.year.id, { number: 1, startsOn: addDays(mon, -50), endsOn: addDays(mon, 2) });
    const second = await makePeriod(t.db, s.schoolId, s.year.id, { number: 2, startsOn: addDays(mon, 3), endsOn: addDays(mon, 60) });
    const tue = await makeLesson(t.db, s.schoolId, s.pageId, addDays(mon, 1), 1);
    const fri = await makeLesson(t.db, s.schoolId, s.pageId, addDays(mon, 4), 1);
    await addMark(s.schoolId, { lessonId: tue, pageId: s.pageId, studentId: s.student.id, value: '3' });
    await addMark(s.schoolId, { lessonId: fri, pageId: s.pageId, studentId: s.student.id, value: '5' });
    const c = await as(s.parent);
    const body = (await week(c, s.student.id, mon)).json();
    expect(body.days[1].lessons[0].marks[0].value).toBe('3');
    expect(body.days[4].lessons[0].marks[0].value).toBe('5');
    const inFirst = (await c.get(`/api/students/${s.student.id}/marks?periodId=${first}`)).json();
    const inSecond = (await c.get(`/api/students/${s.student.id}/marks?periodId=${second}`)).json();
    expect(inFirst.subjects[0].marks.map((m: { value: string }) => m.value)).toEqual(['3']);
    expect(inSecond.subjects[0].marks.map((m: { value: string }) => m.value)).toEqual(['5']);
    expect(inFirst.periods.map((p: { id: string }) => p.id)).toEqual([first, second]);
  });

  it('[DOMAIN §2] a student who moved to another class mid-period sees each class lessons for their days and the marks of both', async () => {
    const s = await setup();
    const newClass = await makeClass(t.db, s.schoolId, s.year.id, { grade: 5, letter: 'В' });
    const newPage = await makePage(t.db, s.schoolId, s.year.id, newClass, s.math, s.otherTeacher.id);
    const moveOn = addDays(s.mon, 2);
    await t.db.query('UPDATE enrollments SET to_date = $3 WHERE school_id = $1 AND student_id = $2', [
      s.schoolId,
      s.student.id,
      addDays(moveOn, -1),
    ]);
    await enroll(t.db, s.schoolId, s.student.id, newClass, moveOn);
    const oldLater = await makeLesson(t.db, s.schoolId, s.pageId, addDays(s.mon, 3), 1);
    const newEarlier = await makeLesson(t.db, s.schoolId, newPage, addDays(s.mon, 1), 1);
    const newLater = await makeLesson(t.db, s.schoolId, newPage, addDays(s.mon, 3), 2);
    await addMark(s.schoolId, { lessonId: s.lessonMon, pageId: s.pageId, studentId: s.student.id, value: '3', workType: 'control' });
    await addMark(s.schoolId, { lessonId: newLater, pageId: newPage, studentId: s.student.id, value: '5' });
    const c = await as(s.parent);
    const body = (await week(c, s.student.id)).json();
    const ids = body.days.flatMap((d: { lessons: { id: string }[] }) => d.lessons.map((l) => l.id));
    expect(ids).toEqual([s.lessonMon, newLater]);
    expect(ids).not.toContain(s.lessonWed); // old class, after the move
    expect(ids).not.toContain(oldLater);
    expect(ids).not.toContain(newEarlier); // new class, before the move
    expect(ids).toContain(newLater);
    expect(body.student.className).toBe('5В');
    const marks = (await c.get(`/api/students/${s.student.id}/marks?periodId=${s.periodId}`)).json();
    expect(marks.subjects).toHaveLength(1);
    const math = marks.subjects[0];
    expect(math.marks.map((m: { value: string }) => m.value)).toEqual(['3', '5']);
    // (3×2 + 5×1) / 3 = 3.67 [DOMAIN §4]
    expect(math.average).toBe(3.67);
  });

  it('[003 §3.2] shows a subgroup page lessons only to its members', async () => {
    const s = await setup();
    const english = await makeSubject(t.db, s.schoolId, 'Английский язык');
    const [g1] = await t.db.query<{ id: string }>(
      "INSERT INTO subgroups (school_id, class_id, name) VALUES ($1, $2, '1 группа') RETURNING id",
      [s.schoolId, s.classId],
    );
    const [g2] = await t.db.query<{ id: string }>(
      "INSERT INTO subgroups (school_id, class_id, name) VALUES ($1, $2, '2 группа') RETURNING id",
      [s.schoolId, s.classId],
    );
    await t.db.query('INSERT INTO subgroup_members (school_id, subgroup_id, student_id) VALUES ($1, $2, $3), ($1, $4, $5)', [
      s.schoolId,
      g1.id,
      s.student.id,
      g2.id,
      s.classmate.id,
    ]);
    const p1 = await makePage(t.db, s.schoolId, s.year.id, s.classId, english, s.teacher.id, g1.id);
    const p2 = await makePage(t.db, s.schoolId, s.year.id, s.classId, english, s.otherTeacher.id, g2.id);
    const l1 = await makeLesson(t.db, s.schoolId, p1, s.mon, 3);
    const l2 = await makeLesson(t.db, s.schoolId, p2, s.mon, 3);
    const body = (await week(await as(s.student), s.student.id)).json();
    const monday = body.days[0].lessons;
    expect(monday.map((l: { id: string }) => l.id)).toEqual([s.lessonMon, l1]);
    expect(monday[1]).toMatchObject({ subjectName: 'Английский язык', subgroupName: '1 группа' });
    const classmate = (await week(await as(s.classmate), s.classmate.id)).json();
    expect(classmate.days[0].lessons.map((l: { id: string }) => l.id)).toEqual([s.lessonMon, l2]);
  });
});

describe('only their own [000 §3.6] [002 §8.2]', () => {
  it('a parent reads each own child and gets 404 for every other student', async () => {
    const s = await setup();
    const other = await makeSmallSchool(t.db, { adminTotpRequired: false });
    const c = await as(s.parent);
    for (const child of [s.student.id, s.sibling.id]) {
      for (const url of diaryUrls(child)) expect((await c.get(url)).statusCode, url).toBe(200);
    }
    const strangers = [
      s.classmate.id,
      s.otherStudent.id,
      other.student.id,
      s.teacher.id,
      s.parent.id,
      '00000000-0000-0000-0000-000000000000',
      'not-a-uuid',
    ];
    for (const id of strangers) {
      for (const url of diaryUrls(id)) {
        const res = await c.get(url);
        expect(res.statusCode, url).toBe(404);
        expect(res.json().error.code).toBe('not_found');
      }
    }
  });

  it('a student cannot read a sibling or a classmate diary', async () => {
    const s = await setup();
    const c = await as(s.student);
    for (const url of diaryUrls(s.student.id)) expect((await c.get(url)).statusCode, url).toBe(200);
    for (const id of [s.sibling.id, s.classmate.id, s.otherStudent.id]) {
      for (const url of diaryUrls(id)) expect((await c.get(url)).statusCode, url).toBe(404);
    }
  });

  it('a parent with children in two schools switches between them', async () => {
    const s = await setup();
    const other = await makeSmallSchool(t.db, { adminTotpRequired: false });
    const personThere = await addPersonForAccount(t.db, other.schoolId, s.parent.accountId!, ['parent']);
    await linkParent(t.db, other.schoolId, personThere, other.classmate.id);
    const c = await as(s.parent);
    const me = (await c.get('/api/me')).json();
    expect(me.children.map((x: { id: string }) => x.id).sort()).toEqual([s.student.id, s.sibling.id, other.classmate.id].sort());
    for (const child of me.children) {
      const res = await week(c, child.id);
      expect(res.statusCode).toBe(200);
      expect(res.json().student.id).toBe(child.id);
    }
    expect((await week(c, other.student.id)).statusCode).toBe(404);
    // The view is counted in the child's school, for the parent's person there.
    expect(await diaryViews(other.schoolId)).toEqual([{ person_id: personThere, subject_person_id: other.classmate.id }]);
  });

  it('staff read per policy: the class teacher and the subject teacher yes, a teacher of another class no', async () => {
    const s = await setup();
    for (const p of [s.classTeacher, s.teacher, s.deputy]) expect((await week(await as(p), s.student.id)).statusCode).toBe(200);
    expect((await week(await as(s.otherTeacher), s.student.id)).statusCode).toBe(404);
  });

  it('nothing in the diary can be changed by a student or a parent', async () => {
    const s = await setup();
    const workId = await addWork(s.schoolId, s.lessonMon);
    for (const p of [s.student, s.parent]) {
      const c = await as(p);
      expect((await c.put('/api/marks', { workId, studentId: s.student.id, value: '5', version: null })).statusCode).toBe(404);
      expect((await c.put(`/api/lessons/${s.lessonMon}/homework`, { version: null, text: 'x', dueDate: s.mon })).statusCode).toBe(404);
      expect(
        (await c.put('/api/attendance', { lessonId: s.lessonMon, studentId: s.student.id, code: null, version: null })).statusCode,
      ).toBe(404);
      expect((await c.post('/api/diary', {})).statusCode).toBe(404);
    }
    expect(await t.db.query('SELECT 1 FROM marks WHERE school_id = $1', [s.schoolId])).toHaveLength(0);
  });

  it('answers 401 when signed out', async () => {
    const s = await setup();
    for (const url of diaryUrls(s.student.id)) expect((await t.app.inject({ url })).statusCode).toBe(401);
  });
});

describe('participation [000 §9]', () => {
  it('records every diary view with the viewer person and the student', async () => {
    const s = await setup();
    const parent = await as(s.parent);
    const student = await as(s.student);
    await week(parent, s.student.id);
    await week(parent, s.sibling.id);
    await student.get(`/api/students/${s.student.id}/marks`);
    await student.get(`/api/students/${s.student.id}/finals`);
    await student.get(`/api/students/${s.student.id}/homework?from=${s.mon}`);
    await parent.get(`/api/diary?studentId=${s.classmate.id}&from=${s.mon}`); // refused: not a view
    expect(await diaryViews(s.schoolId)).toEqual([
      { person_id: s.parent.id, subject_person_id: s.student.id },
      { person_id: s.parent.id, subject_person_id: s.sibling.id },
      { person_id: s.student.id, subject_person_id: s.student.id },
      { person_id: s.student.id, subject_person_id: s.student.id },
      { person_id: s.student.id, subject_person_id: s.student.id },
    ]);
  });

  it('[issue 6] the week takes at most 4 queries including the session and access', async () => {
    const s = await setup();
    const c = await as(s.parent);
    await week(c, s.student.id);
    const original = t.db.query;
    const seen: string[] = [];
    t.db.query = ((sql: string, params?: unknown[]) => {
      seen.push(sql.trim().slice(0, 60));
      return original.call(t.db, sql, params);
    }) as typeof original;
    try {
      expect((await week(c, s.student.id)).statusCode).toBe(200);
    } finally {
      t.db.query = original;
    }
    expect(seen.length, seen.join('\n')).toBeLessThanOrEqual(4);
  });
});

describe('marks by subject [DOMAIN §7]', () => {
  it('gives every mark of the period with work type, the weighted average, the trend, the proposal and what is needed', async () => {
    const s = await setup();
    const l0 = await makeLesson(t.db, s.schoolId, s.pageId, addDays(s.mon, -7), 1);
    await addMark(s.schoolId, { lessonId: l0, pageId: s.pageId, studentId: s.student.id, value: '4', workType: 'class_answer' });
    await addMark(s.schoolId, {
      lessonId: s.lessonMon,
      pageId: s.pageId,
      studentId: s.student.id,
      value: '3',
      workType: 'control',
      comment: 'Ошибки в дробях',
    });
    await addMark(s.schoolId, { lessonId: s.lessonMon, pageId: s.pageId, studentId: s.student.id, value: '•', workType: 'homework' });
    await addMark(s.schoolId, { lessonId: s.lessonMon, pageId: s.pageId, studentId: s.classmate.id, value: '5' });
    const body = (await (await as(s.parent)).get(`/api/students/${s.student.id}/marks`)).json();
    expect(body.period).toMatchObject({ id: s.periodId, name: '1 четверть' });
    const math = body.subjects.find((x: { subjectName: string }) => x.subjectName === 'Математика');
    expect(math.marks.map((m: { value: string; workTypeName: string; weight: number }) => [m.value, m.workTypeName, m.weight])).toEqual([
      ['4', 'Ответ на уроке', 1],
      ['3', 'Контрольная работа', 2],
      ['•', 'Домашняя работа', 1],
    ]);
    expect(math.marks[1].comment).toBe('Ошибки в дробях');
    // (4×1 + 3×2) / 3 = 3.33; the точка does not count [DOMAIN §4]
    expect(math.average).toBe(3.33);
    expect(math.trend).toEqual([
      { date: addDays(s.mon, -7), average: 4 },
      { date: s.mon, average: 3.33 },
    ]);
    // Two numeric marks < 3 required: the proposal is «н/а» [DOMAIN §6]; «5» answers lift it.
    expect(math.proposed).toBe('н/а');
    // One «5»: (4 + 3×2 + 5) / 4 = 3.75 → «4»; «5» needs (10 + 5n) / (3 + n) ≥ 4.5 → n = 7.
    expect(math.needed).toEqual([
      { target: '3', fives: 1 },
      { target: '4', fives: 1 },
      { target: '5', fives: 7 },
    ]);
  });

  it('shows the period final mark with the subject; an unknown period answers 404', async () => {
    const s = await setup();
    await addFinal(s.schoolId, {
      pageId: s.pageId,
      subjectId: s.math,
      studentId: s.student.id,
      kind: 'period',
      periodId: s.periodId,
      value: '4',
    });
    const c = await as(s.student);
    const body = (await c.get(`/api/students/${s.student.id}/marks?periodId=${s.periodId}`)).json();
    expect(body.subjects[0]).toMatchObject({
      subjectName: 'Математика',
      periodFinal: '4',
      finals: [{ kind: 'period', periodName: '1 четверть', value: '4' }],
    });
    const foreign = await makeSmallSchool(t.db, { adminTotpRequired: false });
    const foreignPeriod = await makePeriod(t.db, foreign.schoolId, foreign.year.id, {
      number: 1,
      startsOn: s.mon,
      endsOn: addDays(s.mon, 9),
    });
    expect((await c.get(`/api/students/${s.student.id}/marks?periodId=${foreignPeriod}`)).statusCode).toBe(404);
    expect((await c.get(`/api/students/${s.student.id}/marks?periodId=x`)).statusCode).toBe(404);
  });
});

describe('final marks [DOMAIN §6]', () => {
  it('lists period, year, exam and final marks of the year and keeps earlier years readable [002 §4.6]', async () => {
    const s = await setup();
    await addFinal(s.schoolId, {
      pageId: s.pageId,
      subjectId: s.math,
      studentId: s.student.id,
      kind: 'period',
      periodId: s.periodId,
      value: '5',
    });
    await addFinal(s.schoolId, { pageId: s.pageId, subjectId: s.math, studentId: s.student.id, kind: 'year', value: '5' });
    await addFinal(s.schoolId, { pageId: s.pageId, subjectId: s.math, studentId: s.student.id, kind: 'exam', value: '4' });
    await addFinal(s.schoolId, { pageId: s.pageId, subjectId: s.math, studentId: s.student.id, kind: 'final', value: '5' });
    await addFinal(s.schoolId, { pageId: s.pageId, subjectId: s.math, studentId: s.classmate.id, kind: 'year', value: '2' });
    // Last year: grade 4.
    const last = s.year.startYear - 1;
    const oldYear = await makeYear(t.db, s.schoolId, { startsOn: `${last}-09-01`, endsOn: `${last + 1}-06-30`, status: 'closed' });
    const oldClass = await makeClass(t.db, s.schoolId, oldYear.id, { grade: 4, letter: 'А' });
    await enroll(t.db, s.schoolId, s.student.id, oldClass, `${last}-09-01`, `${last + 1}-06-30`);
    const oldPage = await makePage(t.db, s.schoolId, oldYear.id, oldClass, s.math, s.teacher.id);
    await addFinal(s.schoolId, { pageId: oldPage, subjectId: s.math, studentId: s.student.id, kind: 'year', value: '3' });
    const c = await as(s.parent);
    const body = (await c.get(`/api/students/${s.student.id}/finals`)).json();
    expect(body.year).toMatchObject({ id: s.year.id, current: true });
    expect(body.years.map((y: { id: string }) => y.id)).toEqual([s.year.id, oldYear.id]);
    expect(body.periods.map((p: { id: string }) => p.id)).toEqual([s.periodId]);
    expect(body.subjects).toEqual([
      { subjectId: s.math, subjectName: 'Математика', periods: [{ periodId: s.periodId, value: '5' }], year: '5', exam: '4', final: '5' },
    ]);
    const old = (await c.get(`/api/students/${s.student.id}/finals?yearId=${oldYear.id}`)).json();
    expect(old.year).toMatchObject({ id: oldYear.id, current: false });
    expect(old.subjects[0]).toMatchObject({ year: '3', exam: null });
    const foreign = await makeSmallSchool(t.db, { adminTotpRequired: false });
    expect((await c.get(`/api/students/${s.student.id}/finals?yearId=${foreign.year.id}`)).statusCode).toBe(404);
  });
});

describe('homework list', () => {
  it('lists homework by due date with files, own class only', async () => {
    const s = await setup();
    const russian = await makeSubject(t.db, s.schoolId, 'Русский язык');
    const rusPage = await makePage(t.db, s.schoolId, s.year.id, s.classId, russian, s.teacher.id);
    const rus = await makeLesson(t.db, s.schoolId, rusPage, addDays(s.mon, -3), 2);
    await addHomework(s.schoolId, s.lessonMon, 'Задачи 1–3', addDays(s.mon, 4));
    await addHomework(s.schoolId, rus, 'Упражнение 45', addDays(s.mon, 1));
    await addHomework(s.schoolId, s.lessonWed, 'Через месяц', addDays(s.mon, 40));
    await addHomework(s.schoolId, s.otherLesson, 'Чужое', addDays(s.mon, 1));
    const f = await addHomeworkFile(s.schoolId, rus, 'упр45.pdf');
    const body = (await (await as(s.student)).get(`/api/students/${s.student.id}/homework?from=${s.mon}`)).json();
    expect(body.to).toBe(addDays(s.mon, 13));
    expect(body.items.map((h: { text: string; dueDate: string; subjectName: string }) => [h.text, h.dueDate, h.subjectName])).toEqual([
      ['Упражнение 45', addDays(s.mon, 1), 'Русский язык'],
      ['Задачи 1–3', addDays(s.mon, 4), 'Математика'],
    ]);
    expect(body.items[0]).toMatchObject({ givenOn: addDays(s.mon, -3), files: [{ id: f, name: 'упр45.pdf' }] });
  });
});

describe('calendar feed (iCal)', () => {
  const feedPath = (url: string) => new URL(url).pathname;

  it('gives a private RFC 5545 feed of the timetable with bell times and homework, and revokes it', async () => {
    const s = await setup();
    await addHomework(s.schoolId, s.lessonMon, 'Задачи; №12, 14', addDays(s.mon, 2));
    const c = await as(s.parent);
    const created = await c.post('/api/diary/calendar-feeds', { studentId: s.student.id });
    expect(created.statusCode, created.body).toBe(200);
    const feed = created.json();
    expect(feed.url).toMatch(/\/ical\/[0-9a-f]{32}[A-Za-z0-9_-]{43}\.ics$/);
    // Only the hash is stored.
    const token = feed.path.slice('/ical/'.length, -'.ics'.length);
    const stored = await t.db.query<{ token_hash: string }>('SELECT token_hash FROM calendar_feeds WHERE school_id = $1', [s.schoolId]);
    expect(stored).toHaveLength(1);
    expect(stored[0].token_hash).not.toContain(token);
    expect(stored[0].token_hash).toMatch(/^[0-9a-f]{64}$/);

    const ics = await t.app.inject({ url: feedPath(feed.url) });
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    const text = ics.body;
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[^\r]\n/);
    // Monday's first lesson at 08:30 Moscow = 05:30 UTC.
    const ymd = s.mon.replace(/-/g, '');
    const unfolded = text.replace(/\r\n /g, '');
    expect(unfolded).toContain(`UID:lesson-${s.lessonMon}@`);
    expect(unfolded).toContain(`DTSTART:${ymd}T053000Z`);
    expect(unfolded).toContain(`DTEND:${ymd}T061500Z`);
    expect(unfolded).toContain('SUMMARY:Математика');
    expect(unfolded).toContain(`DTSTART;VALUE=DATE:${addDays(s.mon, 2).replace(/-/g, '')}`);
    expect(unfolded).toContain('DESCRIPTION:Задачи\\; №12\\, 14');
    expect(unfolded).not.toContain(s.otherLesson);
    expect((unfolded.match(/BEGIN:VEVENT/g) ?? []).length).toBe((unfolded.match(/END:VEVENT/g) ?? []).length);
    for (const block of unfolded.split('BEGIN:VEVENT').slice(1)) {
      expect(block).toMatch(/\r\nUID:/);
      expect(block).toMatch(/\r\nDTSTAMP:\d{8}T\d{6}Z/);
      expect(block).toMatch(/\r\nDTSTART[:;]/);
    }

    const list = (await c.get('/api/diary/calendar-feeds')).json();
    expect(list).toEqual([expect.objectContaining({ id: feed.id, studentId: s.student.id, studentName: 'Иванов Пётр' })]);
    expect(list[0].lastUsedAt).not.toBeNull();
    // Someone else cannot revoke it.
    expect((await (await as(s.otherParent)).delete(`/api/diary/calendar-feeds/${feed.id}`)).statusCode).toBe(404);
    expect((await c.delete(`/api/diary/calendar-feeds/${feed.id}`)).statusCode).toBe(200);
    expect((await t.app.inject({ url: feedPath(feed.url) })).statusCode).toBe(404);
    expect((await c.get('/api/diary/calendar-feeds')).json()).toEqual([]);
    expect((await c.delete(`/api/diary/calendar-feeds/${feed.id}`)).statusCode).toBe(404);
  });

  it('makes feeds only for students the actor may read, and a feed ends when the parent link does', async () => {
    const s = await setup();
    const c = await as(s.parent);
    expect((await c.post('/api/diary/calendar-feeds', { studentId: s.classmate.id })).statusCode).toBe(404);
    const feed = (await c.post('/api/diary/calendar-feeds', { studentId: s.sibling.id })).json();
    expect((await t.app.inject({ url: feedPath(feed.url) })).statusCode).toBe(200);
    await t.db.query('DELETE FROM parent_links WHERE school_id = $1 AND parent_id = $2 AND student_id = $3', [
      s.schoolId,
      s.parent.id,
      s.sibling.id,
    ]);
    expect((await t.app.inject({ url: feedPath(feed.url) })).statusCode).toBe(404);
  });

  it('answers 404 to a wrong or malformed token and never logs in anybody', async () => {
    const s = await setup();
    const hex = s.schoolId.replace(/-/g, '');
    for (const file of [`${hex}${'A'.repeat(43)}.ics`, 'x.ics', `${hex}.ics`, '../../etc/passwd']) {
      const res = await t.app.inject({ url: `/ical/${encodeURIComponent(file)}` });
      expect(res.statusCode, file).toBe(404);
    }
  });
});
