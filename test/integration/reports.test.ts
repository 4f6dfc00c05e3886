import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markEntryDeadline } from '../../src/domain/deadlines';
import { resolveSettings } from '../../src/domain/school-settings';
import { makeReportDataset, type ReportDataset } from '../fixtures/report-dataset';
import { type Client, createTestContext, signIn, type TestContext } from '../helpers/test-app';

/**
 * Every figure of the reports [issue 8] against the hand-built data set of test/fixtures/report-dataset.ts,
 * whose comment works each expected number out.
 */
let t: TestContext;
let d: ReportDataset;
let deputy: Client;
beforeAll(async () => {
  t = await createTestContext();
  d = await makeReportDataset(t.db);
  deputy = await signIn(t.app, d.deputy.login, d.deputy.password);
});
afterAll(async () => t?.close());

const range = () => `from=${d.range.from}&to=${d.range.to}`;

async function json(c: Client, url: string) {
  const res = await c.get(url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('[000 §3.5] [002 §3.5] [003 §6.3] control of journal keeping', () => {
  it('counts each page by hand-known answers', async () => {
    const r = await json(deputy, `/api/reports/control?${range()}`);
    expect(r.studyWeeks).toBe(2);
    const page = (id: string) => r.pages.find((p: { pageId: string }) => p.pageId === id).figures;
    expect(page(d.math5a)).toEqual({
      pages: 1,
      students: 4,
      studentsNoMarks: 1,
      studentsNoMarksPct: 25,
      studentsOneMark: 2,
      studentsOneMarkPct: 50,
      lessons: 4,
      lessonsWithTopic: 3,
      lessonsWithTopicPct: 75,
      topicsOnTime: 2,
      lessonsWithHomework: 3,
      lessonsWithHomeworkPct: 75,
      homeworkOnTime: 2,
      attendanceTaken: 3,
      attendanceTakenPct: 75,
      attendanceOnTime: 2,
      marks: 5,
      lateMarks: 1,
      lateMarksPct: 20,
      medianDelayDays: 1,
      lessonsExpected: 4,
      marksPerStudent: 1.25,
      accumulation: 0.31,
      planYearHours: 4,
      planHours: 4,
      planGiven: 2,
      planPct: 50,
    });
    expect(page(d.russian5a)).toMatchObject({
      students: 4,
      studentsNoMarks: 1,
      studentsOneMark: 2,
      lessons: 2,
      lessonsWithTopic: 2,
      lessonsWithHomework: 2,
      attendanceTaken: 0,
      marks: 4,
      lateMarks: 2,
      lateMarksPct: 50,
      medianDelayDays: 3.5,
      // no load on the page: the curriculum's 3 hours × 2 weeks
      lessonsExpected: 6,
      accumulation: 0.17,
      planHours: 0,
      planPct: null,
    });
    expect(page(d.math5b)).toMatchObject({
      students: 2,
      studentsNoMarks: 0,
      studentsOneMark: 2,
      lessons: 1,
      lessonsWithTopic: 1,
      lessonsWithHomework: 0,
      // an absence recorded counts as the roll taken
      attendanceTaken: 1,
      attendanceOnTime: 0,
      marks: 2,
      lateMarks: 0,
      lateMarksPct: 0,
      medianDelayDays: null,
      accumulation: 0.25,
    });
    expect(r.total).toMatchObject({
      pages: 3,
      students: 10,
      studentsNoMarks: 2,
      studentsNoMarksPct: 20,
      studentsOneMark: 6,
      studentsOneMarkPct: 60,
      lessons: 7,
      lessonsWithTopic: 6,
      lessonsWithTopicPct: 85.7,
      lessonsWithHomework: 5,
      lessonsWithHomeworkPct: 71.4,
      attendanceTaken: 4,
      attendanceTakenPct: 57.1,
      marks: 11,
      lateMarks: 3,
      lateMarksPct: 27.3,
      medianDelayDays: 1,
      marksPerStudent: 1.1,
      accumulation: 0.23,
      planYearHours: 4,
      planHours: 4,
      planGiven: 2,
    });
  });

  it('adds pages up by teacher, class and subject', async () => {
    const r = await json(deputy, `/api/reports/control?${range()}`);
    const t1 = r.byTeacher.find((x: { teacherId: string }) => x.teacherId === d.t1.id);
    expect(t1.teacherName).toBe('Математикин Т.');
    expect(t1.figures).toMatchObject({
      pages: 2,
      students: 6,
      studentsNoMarks: 1,
      studentsNoMarksPct: 16.7,
      studentsOneMark: 4,
      studentsOneMarkPct: 66.7,
      marks: 7,
      lateMarks: 1,
      lateMarksPct: 14.3,
      medianDelayDays: 1,
    });
    const c5a = r.byClass.find((x: { classId: string }) => x.classId === d.class5a);
    expect(c5a.figures).toMatchObject({
      students: 8,
      studentsNoMarks: 2,
      studentsNoMarksPct: 25,
      studentsOneMark: 4,
      lateMarks: 3,
      medianDelayDays: 1,
    });
    const russian = r.bySubject.find((x: { subjectId: string }) => x.subjectId === d.russian);
    expect(russian.figures).toMatchObject({ lateMarks: 2, medianDelayDays: 3.5 });
  });

  it('[003 §3.2] the mark entered on day 3 for a control work is late: the next lesson was on day 2', async () => {
    const r = await json(deputy, `/api/reports/control/pages/${d.math5a}?${range()}`);
    expect(r.lateMarks).toHaveLength(1);
    const m = r.lateMarks[0];
    expect(m).toMatchObject({
      markId: d.lateMark,
      lessonDate: '2024-09-02',
      workType: 'control',
      studentName: 'Борисова Бэлла',
      deadline: '2024-09-03',
      enteredOn: '2024-09-04',
      delayDays: 1,
    });
    // the SQL applies the same rule as the domain function
    expect(markEntryDeadline('control', '2024-09-02', ['2024-09-03', '2024-09-09'], resolveSettings({}))).toBe(m.deadline);
  });

  it('drills down to the students, lessons and plan behind each figure', async () => {
    const r = await json(deputy, `/api/reports/control/pages/${d.math5a}?${range()}`);
    const school = await json(deputy, `/api/reports/control?${range()}`);
    expect(r.figures).toEqual(school.pages.find((p: { pageId: string }) => p.pageId === d.math5a).figures);
    expect(r.students.map((s: { name: string; marks: number }) => [s.name, s.marks])).toEqual([
      ['Антонов Алексей', 3],
      ['Борисова Бэлла', 1],
      ['Васильев Виктор', 1],
      ['Дмитриева Дина', 0],
    ]);
    // the transferred student is on the page for the days in 5А only
    expect(r.students[2]).toMatchObject({ fromDate: '2024-09-02', toDate: '2024-09-03', lessons: 2 });
    expect(r.students.filter((s: { marks: number }) => s.marks === 0)).toHaveLength(r.figures.studentsNoMarks);
    expect(r.students.filter((s: { marks: number }) => s.marks === 1)).toHaveLength(r.figures.studentsOneMark);
    expect(r.lessons.map((l: { date: string; topic: string | null }) => [l.date, l.topic])).toEqual([
      ['2024-09-02', 'Натуральные числа'],
      ['2024-09-03', null],
      ['2024-09-09', 'Сложение'],
      ['2024-09-10', 'Вычитание'],
    ]);
    expect(r.lessons.filter((l: { homework: boolean }) => l.homework)).toHaveLength(r.figures.lessonsWithHomework);
    expect(r.lessons.filter((l: { attendanceTaken: boolean }) => l.attendanceTaken)).toHaveLength(r.figures.attendanceTaken);
    expect(r.plan).toEqual([
      { position: 1, topic: 'Натуральные числа', hours: 1, cumulativeHours: 1, dueHours: 1, given: 1, counted: 1 },
      { position: 2, topic: 'Сложение', hours: 1, cumulativeHours: 2, dueHours: 1, given: 1, counted: 1 },
      { position: 3, topic: 'Вычитание', hours: 2, cumulativeHours: 4, dueHours: 2, given: 0, counted: 0 },
    ]);
  });

  it('[002 §2.1] plan vs fact counts the plan hours due by the end of the range, not the whole year', async () => {
    // up to 09-09 Математика 5А has 3 lessons (09-02, 09-03, 09-09): the first 3 of the plan's 4 hours
    // are due (items 1 and 2, one hour of item 3); 2 were given (09-02 item 1, 09-09 item 2) → 66.7 %.
    // The whole-year rule read 2 of 4 = 50 %.
    const to = 'from=2024-09-02&to=2024-09-09';
    const want = { planYearHours: 4, planHours: 3, planGiven: 2, planPct: 66.7 };
    const school = await json(deputy, `/api/reports/control?${to}`);
    expect(school.pages.find((p: { pageId: string }) => p.pageId === d.math5a).figures).toMatchObject(want);
    // a narrowed report counts page by page: the same answer
    const cls = await json(deputy, `/api/reports/control?${to}&classId=${d.class5a}`);
    expect(cls.pages.find((p: { pageId: string }) => p.pageId === d.math5a).figures).toMatchObject(want);
    const page = await json(deputy, `/api/reports/control/pages/${d.math5a}?${to}`);
    expect(page.figures).toMatchObject(want);
    expect(page.plan.map((p: { dueHours: number; counted: number }) => [p.dueHours, p.counted])).toEqual([
      [1, 1],
      [1, 1],
      [1, 0],
    ]);
    // the items add up to the figures
    expect(page.plan.reduce((a: number, p: { dueHours: number }) => a + p.dueHours, 0)).toBe(page.figures.planHours);
    expect(page.plan.reduce((a: number, p: { counted: number }) => a + p.counted, 0)).toBe(page.figures.planGiven);
    // a page without a plan has nothing due
    expect(school.pages.find((p: { pageId: string }) => p.pageId === d.math5b).figures).toMatchObject({ planHours: 0, planPct: null });
  });

  it('filters by teacher and subject; refuses a bad range naming the field', async () => {
    const r = await json(deputy, `/api/reports/control?${range()}&teacherId=${d.t2.id}`);
    expect(r.pages.map((p: { pageId: string }) => p.pageId)).toEqual([d.russian5a]);
    expect(r.filters).toEqual({ teacherId: d.t2.id, subjectId: null });
    // the pickers still offer every teacher and subject of the school
    expect(r.choices.teachers.map((x: { name: string }) => x.name)).toEqual(['Математикин Т.', 'Русских Т.']);
    expect(r.choices.subjects.map((x: { id: string }) => x.id)).toEqual([d.math, d.russian]);
    // a teacher's row adds up to the pages behind it (what its drill-down lists)
    const all = await json(deputy, `/api/reports/control?${range()}`);
    expect(r.total).toEqual(all.byTeacher.find((x: { teacherId: string }) => x.teacherId === d.t2.id).figures);
    const s = await json(deputy, `/api/reports/control?${range()}&subjectId=${d.math}`);
    expect(s.total.pages).toBe(2);
    const bad = await deputy.get('/api/reports/control?from=2024-09-15&to=2024-09-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('to');
    expect((await deputy.get('/api/reports/control?from=2024-02-30&to=2024-03-01')).json().error.details.fields[0].field).toBe('from');
  });
});

describe('[000 §9] [002 §5.3] performance and quality', () => {
  it('counts quarter 2 by class, subject, teacher and grade, compared with quarter 1', async () => {
    const r = await json(deputy, `/api/reports/performance?periodId=${d.q2}`);
    expect(r.basis).toMatchObject({ kind: 'period', id: d.q2, name: '2 четверть' });
    expect(r.previous).toMatchObject({ id: d.q1 });
    expect(r.total.figures).toEqual({
      students: 5,
      five: 3,
      four: 4,
      three: 1,
      two: 0,
      excellent: 1,
      good: 3,
      withThree: 1,
      failing: 0,
      performance: 100,
      quality: 80,
      average: 4.25,
    });
    expect(r.total.previous).toMatchObject({
      students: 5,
      five: 2,
      four: 3,
      three: 2,
      two: 1,
      performance: 80,
      quality: 60,
      average: 3.75,
    });
    expect(r.total.change).toEqual({ performance: 20, quality: 20, average: 0.5 });
    const c5a = r.byClass.find((c: { classId: string }) => c.classId === d.class5a);
    expect(c5a.figures).toMatchObject({ students: 3, performance: 100, quality: 66.7, average: 4.33 });
    expect(c5a.previous).toMatchObject({ students: 3, performance: 66.7, quality: 66.7, average: 3.83 });
    expect(c5a.change).toEqual({ performance: 33.3, quality: 0, average: 0.5 });
    const c5b = r.byClass.find((c: { classId: string }) => c.classId === d.class5b);
    expect(c5b.figures).toMatchObject({ students: 2, performance: 100, quality: 100, average: 4 });
    const math = r.bySubject.find((s: { subjectId: string }) => s.subjectId === d.math);
    // one unit per final mark: 5, 3, 5, 4, 4
    expect(math.figures).toMatchObject({ students: 5, five: 2, four: 2, three: 1, performance: 100, quality: 80, average: 4.2 });
    expect(math.previous).toMatchObject({ performance: 100, quality: 60, average: 3.8 });
    const t2 = r.byTeacher.find((x: { teacherId: string }) => x.teacherId === d.t2.id);
    expect(t2.figures).toMatchObject({ students: 3, performance: 100, quality: 100 });
    expect(t2.previous).toMatchObject({ performance: 66.7, quality: 66.7, average: 3.67 });
    expect(r.byGrade).toHaveLength(1);
    expect(r.byGrade[0]).toMatchObject({ grade: 5, figures: r.total.figures });
  });

  it('compares the first period with the last period of the year before, class by class through the same children', async () => {
    const r = await json(deputy, `/api/reports/performance?periodId=${d.q1}`);
    expect(r.previous).toMatchObject({ kind: 'period', id: d.lastQ4, name: '4 четверть' });
    expect(r.total.figures).toMatchObject({ performance: 80, quality: 60, average: 3.75 });
    expect(r.total.previous).toMatchObject({ students: 5, performance: 100, quality: 80, average: 4.25 });
    expect(r.total.change).toEqual({ performance: -20, quality: -20, average: -0.5 });
    const c5a = r.byClass.find((c: { classId: string }) => c.classId === d.class5a);
    expect(c5a.previousClassName).toBe('4А');
    expect(c5a.previous).toMatchObject({ students: 3, performance: 100, quality: 66.7, average: 4.17 });
    expect(c5a.change).toEqual({ performance: -33.3, quality: 0, average: -0.34 });
    const c5b = r.byClass.find((c: { classId: string }) => c.classId === d.class5b);
    expect(c5b).toMatchObject({ previousClassName: '4Б', previous: { performance: 100, quality: 100, average: 4.5 } });
    expect(c5b.change).toEqual({ performance: 0, quality: -50, average: -1 });
    expect(r.byGrade[0].previous).toMatchObject({ students: 5, quality: 80 });
    // a class's own report finds last year's class of the same children too
    const own = await json(deputy, `/api/reports/performance?periodId=${d.q1}&classId=${d.class5a}`);
    expect(own.total.previous).toMatchObject({ students: 3, quality: 66.7, average: 4.17 });
  });

  it('[002 §5.3] year marks, compared with the year before through the same children', async () => {
    const r = await json(deputy, `/api/reports/performance?yearId=${d.yearId}`);
    expect(r.basis).toMatchObject({ kind: 'year', id: d.yearId });
    expect(r.previous).toMatchObject({ kind: 'year', id: d.lastYearId });
    expect(r.total.figures).toMatchObject({
      students: 5,
      excellent: 2,
      good: 1,
      withThree: 2,
      performance: 100,
      quality: 60,
      average: 4.25,
    });
    expect(r.total.previous).toMatchObject({ students: 5, failing: 1, performance: 80, quality: 60, average: 3.75 });
    expect(r.total.change).toEqual({ performance: 20, quality: 0, average: 0.5 });
    const c5a = r.byClass.find((c: { classId: string }) => c.classId === d.class5a);
    expect(c5a).toMatchObject({
      className: '5А',
      previousClassName: '4А',
      figures: { students: 3, performance: 100, quality: 66.7, average: 4.33 },
      previous: { students: 3, performance: 66.7, quality: 66.7, average: 3.67 },
      change: { performance: 33.3, quality: 0, average: 0.66 },
    });
    const c5b = r.byClass.find((c: { classId: string }) => c.classId === d.class5b);
    expect(c5b).toMatchObject({
      previousClassName: '4Б',
      figures: { performance: 100, quality: 50, average: 4 },
      previous: { performance: 100, quality: 50, average: 4 },
      change: { performance: 0, quality: 0, average: 0 },
    });
    // grade 5 this year is grade 4 last year
    expect(r.byGrade).toEqual([{ grade: 5, figures: r.total.figures, previous: r.total.previous, change: r.total.change }]);
    const math = r.bySubject.find((s: { subjectId: string }) => s.subjectId === d.math);
    expect(math.figures).toMatchObject({ students: 5, five: 3, four: 1, three: 1, quality: 80, average: 4.4 });
    expect(math.previous).toMatchObject({ students: 5, quality: 60, average: 4 });
    // the year before has no year before it
    const last = await json(deputy, `/api/reports/performance?yearId=${d.lastYearId}`);
    expect(last.previous).toBeNull();
    expect(last.byClass.map((c: { className: string; previous: unknown }) => [c.className, c.previous])).toEqual([
      ['4А', null],
      ['4Б', null],
    ]);
  });

  it('a class scope keeps only the class', async () => {
    const r = await json(deputy, `/api/reports/performance?periodId=${d.q2}&classId=${d.class5a}`);
    expect(r.byClass.map((c: { classId: string }) => c.classId)).toEqual([d.class5a]);
    expect(r.total.figures).toMatchObject({ students: 3, quality: 66.7 });
  });
});

interface AttendanceRow {
  missed: number;
  excused: number;
  unexcused: number;
  late: number;
  missedPerStudent: number | null;
}
/** missed, excused, unexcused, late, missed per student */
const cells = (f: AttendanceRow) => [f.missed, f.excused, f.unexcused, f.late, f.missedPerStudent];

describe('[002 §4.5] [000 §4.2] attendance', () => {
  it('counts missed lessons per class and week, excused vs unexcused, late', async () => {
    const r = await json(deputy, `/api/reports/attendance?${range()}&granularity=week`);
    // the student who moved from 5А to 5Б is one of the school's 5 students, and one of each class's
    expect(r.total).toEqual({
      students: 5,
      missed: 4,
      excused: 2,
      unexcused: 2,
      late: 1,
      lateMinutes: 10,
      missedPerStudent: 0.8,
      unexcusedPerStudent: 0.4,
    });
    const c5a = r.byClass.find((c: { classId: string }) => c.classId === d.class5a);
    expect(c5a.figures).toEqual({
      students: 4,
      missed: 3,
      excused: 1,
      unexcused: 2,
      late: 1,
      lateMinutes: 10,
      missedPerStudent: 0.75,
      unexcusedPerStudent: 0.5,
    });
    const c5b = r.byClass.find((c: { classId: string }) => c.classId === d.class5b);
    expect(c5b.figures).toMatchObject({ students: 2, missed: 1, excused: 1, unexcused: 0, missedPerStudent: 0.5 });
    expect(
      r.buckets.map((b: { key: string; figures: { missed: number; unexcused: number; late: number } }) => [
        b.key,
        b.figures.missed,
        b.figures.unexcused,
        b.figures.late,
      ]),
    ).toEqual([
      ['2024-09-02', 3, 1, 0],
      ['2024-09-09', 1, 1, 1],
    ]);
    expect(r.students).toEqual([]);
    // each class per week: 5А А4 «у» 09-02, А2 «н» 09-03 | А2 «н» 09-10, А1 «оп»; 5Б Б1 «б» 09-05 | nothing
    const weeks = (c: { buckets: { key: string; figures: AttendanceRow }[] }) => c.buckets.map((b) => [b.key, ...cells(b.figures)]);
    expect(weeks(c5a)).toEqual([
      ['2024-09-02', 2, 1, 1, 0, 0.5],
      ['2024-09-09', 1, 0, 1, 1, 0.25],
    ]);
    expect(weeks(c5b)).toEqual([
      ['2024-09-02', 1, 1, 0, 0, 0.5],
      ['2024-09-09', 0, 0, 0, 0, 0],
    ]);
  });

  it('counts each class per month', async () => {
    const r = await json(deputy, `/api/reports/attendance?${range()}&granularity=month`);
    expect(
      r.buckets.map((b: { key: string; startsOn: string; endsOn: string; figures: AttendanceRow }) => [
        b.key,
        b.startsOn,
        b.endsOn,
        ...cells(b.figures),
      ]),
    ).toEqual([['2024-09-01', '2024-09-02', '2024-09-15', 4, 2, 2, 1, 0.8]]);
    const byClass = Object.fromEntries(
      r.byClass.map((c: { className: string; buckets: { key: string; figures: AttendanceRow }[] }) => [
        c.className,
        c.buckets.map((b) => [b.key, ...cells(b.figures)]),
      ]),
    );
    expect(byClass).toEqual({
      '5А': [['2024-09-01', 3, 1, 2, 1, 0.75]],
      '5Б': [['2024-09-01', 1, 1, 0, 0, 0.5]],
    });
    // the month of each class is the class's figures over the range
    for (const c of r.byClass) expect(c.buckets[0].figures).toEqual(c.figures);
  });

  it('lists the class teacher’s students by subject and student', async () => {
    const ct = await signIn(t.app, d.t2.login, d.t2.password);
    const r = await json(ct, `/api/reports/attendance?${range()}&classId=${d.class5a}&granularity=month`);
    expect(r.buckets.map((b: { key: string; figures: AttendanceRow }) => [b.key, ...cells(b.figures)])).toEqual([
      ['2024-09-01', 3, 1, 2, 1, 0.75],
    ]);
    expect(r.bySubject).toEqual([
      { subjectId: d.math, subjectName: 'Математика', figures: expect.objectContaining({ missed: 3, excused: 1, unexcused: 2, late: 1 }) },
    ]);
    const byName = Object.fromEntries(
      r.students.map((s: { name: string; figures: { missed: number; unexcused: number; late: number } }) => [
        s.name,
        [s.figures.missed, s.figures.unexcused, s.figures.late],
      ]),
    );
    expect(byName).toEqual({
      'Антонов Алексей': [0, 0, 1],
      'Борисова Бэлла': [2, 2, 0],
      'Васильев Виктор': [0, 0, 0],
      'Дмитриева Дина': [1, 0, 0],
    });
  });
});

describe('[000 §9] [002 §5.1] activity', () => {
  it('counts sign-ins and diary views per week as shares of each group', async () => {
    const r = await json(deputy, `/api/reports/activity?${range()}&granularity=week`);
    const g = (name: string) => r.groups.find((x: { group: string }) => x.group === name);
    expect(g('staff').total).toEqual({
      people: 6,
      withAccount: 6,
      signedIn: 3,
      signedInPct: 50,
      diaryViewers: 0,
      diaryViewersPct: 0,
      active: 3,
      activePct: 50,
    });
    expect(
      g('staff').buckets.map((b: { figures: { active: number; activePct: number } }) => [b.figures.active, b.figures.activePct]),
    ).toEqual([
      [2, 33.3],
      [2, 33.3],
    ]);
    expect(g('parents').total).toMatchObject({ people: 4, signedIn: 1, diaryViewers: 3, diaryViewersPct: 75, active: 3, activePct: 75 });
    expect(
      g('parents').buckets.map((b: { figures: { signedIn: number; diaryViewers: number; active: number } }) => [
        b.figures.signedIn,
        b.figures.diaryViewers,
        b.figures.active,
      ]),
    ).toEqual([
      [1, 2, 2],
      [1, 1, 2],
    ]);
    expect(g('students').total).toMatchObject({ people: 5, active: 1, activePct: 20 });
    expect(r.notLooked).toBeNull();
  });

  it('[004] lists the class’s parents who have not looked this week', async () => {
    const ct = await signIn(t.app, d.t2.login, d.t2.password);
    const r = await json(ct, `/api/reports/activity?${range()}&classId=${d.class5a}`);
    expect(r.groups.map((x: { group: string }) => x.group)).toEqual(['parents', 'students']);
    expect(r.notLooked.startsOn).toBe('2024-09-09');
    expect(
      r.notLooked.parents.map((p: { parentName: string; studentName: string; lastViewOn: string | null }) => [
        p.parentName,
        p.studentName,
        p.lastViewOn,
      ]),
    ).toEqual([
      ['Антонова Полина', 'Антонов Алексей', '2024-09-02'],
      ['Дмитриев Пётр', 'Дмитриева Дина', null],
    ]);
  });
});

describe('[003 §3.3] analyses after a period', () => {
  it('the teacher’s subject analysis of a page', async () => {
    const teacher = await signIn(t.app, d.t1.login, d.t1.password);
    const r = await json(teacher, `/api/reports/subject-analysis/${d.math5a}?periodId=${d.q1}`);
    expect(r.period.id).toBe(d.q1);
    expect(r.previous).toBeNull();
    const rows = r.students.map(
      (s: { name: string; marks: number; average: number | null; final: string | null; missed: number; late: number }) => [
        s.name,
        s.marks,
        s.average,
        s.final,
        s.missed,
        s.late,
      ],
    );
    expect(rows).toEqual([
      // weighted (5×2 + 4×1 + 5×1.5) / 4.5 = 4.78
      ['Антонов Алексей', 3, 4.78, '5', 0, 1],
      ['Борисова Бэлла', 1, 4, '3', 2, 0],
      ['Васильев Виктор', 1, 3, null, 0, 0],
      ['Дмитриева Дина', 0, null, '4', 1, 0],
    ]);
    expect(r.finals).toMatchObject({ students: 3, five: 1, four: 1, three: 1, performance: 100, quality: 66.7, average: 4 });
    expect(
      r.works.map((w: { workType: string; figures: { students: number; quality: number } }) => [
        w.workType,
        w.figures.students,
        w.figures.quality,
      ]),
    ).toEqual([
      ['control', 3, 66.7],
      ['test', 1, 100],
    ]);
    expect(r.control).toMatchObject({ lessons: 5, lessonsWithTopic: 4 });
  });

  it('the class teacher’s class analysis, compared with the quarter before', async () => {
    const ct = await signIn(t.app, d.t2.login, d.t2.password);
    const r = await json(ct, `/api/reports/class-analysis/${d.class5a}?periodId=${d.q2}`);
    expect(r.previous.id).toBe(d.q1);
    expect(r.students.map((s: { name: string; category: string; oneThree: boolean }) => [s.name, s.category, s.oneThree])).toEqual([
      ['Антонов Алексей', 'excellent', false],
      ['Борисова Бэлла', 'withThree', true],
      ['Дмитриева Дина', 'good', false],
    ]);
    expect(r.lists).toEqual({
      excellent: ['Антонов Алексей'],
      good: ['Дмитриева Дина'],
      oneThree: ['Борисова Бэлла'],
      failing: [],
      notAssessed: [],
    });
    expect(r.total.figures).toMatchObject({ performance: 100, quality: 66.7, average: 4.33 });
    expect(r.total.change).toEqual({ performance: 33.3, quality: 0, average: 0.5 });
    const russian = r.bySubject.find((s: { subjectId: string }) => s.subjectId === d.russian);
    expect(russian.figures).toMatchObject({ performance: 100, quality: 100 });
    expect(russian.previous).toMatchObject({ performance: 66.7 });
    // quarter 1 still has the student who moved on to 5Б, with no period marks in 5А
    const q1 = await json(ct, `/api/reports/class-analysis/${d.class5a}?periodId=${d.q1}`);
    expect(q1.lists.notAssessed).toEqual(['Васильев Виктор']);
    expect(q1.lists.failing).toEqual(['Борисова Бэлла']);
    expect(q1.attendance).toMatchObject({ students: 4, missed: 3, excused: 1, unexcused: 2 });
  });
});
