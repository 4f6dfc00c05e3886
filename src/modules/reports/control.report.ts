import type { Queryable } from '../../db/client';
import { holidayRangesOfGrade, isGradeLimited } from '../../domain/holiday-grades';
import { PENDING_MARK } from '../../domain/marks';
import {
  accumulation,
  deadlineRuleTable,
  expectedLessons,
  marksPerStudent,
  medianOfHistogram,
  mergeHistograms,
  percentOf,
  studyWeeks,
} from '../../domain/report-formulas';
import { resolveSettings, type SchoolSettingsInput } from '../../domain/school-settings';
import { workTypeName } from '../../domain/work-types';
import { notFound } from '../../server/errors';
import { type ControlFilter, type DeadlineRules, type PageRow, controlRepository as repo } from './control.repository';
import { reportsRepository } from './reports.repository';
import type { ControlFigures, ControlPageReport, ControlReport } from './reports.schemas';
import type { ReportScope } from './reports.scope';
import { type ReportPlan, withPlan } from './reports.settings';

/** What a page (or a group of pages) counts; the figures a person reads are made from it. */
export interface ControlCounts {
  pages: number;
  students: number;
  noMarks: number;
  oneMark: number;
  lessons: number;
  withTopic: number;
  topicOnTime: number;
  withHomework: number;
  homeworkOnTime: number;
  attendanceTaken: number;
  attendanceOnTime: number;
  /** days after the deadline → marks (0 = on time) */
  delays: Map<number, number>;
  lessonsExpected: number | null;
  /** Σ students × lessons expected, over pages with a teaching load; and the marks of those pages */
  studentLessonsExpected: number;
  marksWithLoad: number;
  rosterMarks: number;
  planYearHours: number;
  planHours: number;
  planGiven: number;
}

export const emptyCounts = (): ControlCounts => ({
  pages: 0,
  students: 0,
  noMarks: 0,
  oneMark: 0,
  lessons: 0,
  withTopic: 0,
  topicOnTime: 0,
  withHomework: 0,
  homeworkOnTime: 0,
  attendanceTaken: 0,
  attendanceOnTime: 0,
  delays: new Map(),
  lessonsExpected: null,
  studentLessonsExpected: 0,
  marksWithLoad: 0,
  rosterMarks: 0,
  planYearHours: 0,
  planHours: 0,
  planGiven: 0,
});

/** Pages add up: counts are summed, delay histograms merged (medians are taken after). */
export function addCounts(list: readonly ControlCounts[]): ControlCounts {
  const out = emptyCounts();
  for (const c of list) {
    out.pages += c.pages;
    out.students += c.students;
    out.noMarks += c.noMarks;
    out.oneMark += c.oneMark;
    out.lessons += c.lessons;
    out.withTopic += c.withTopic;
    out.topicOnTime += c.topicOnTime;
    out.withHomework += c.withHomework;
    out.homeworkOnTime += c.homeworkOnTime;
    out.attendanceTaken += c.attendanceTaken;
    out.attendanceOnTime += c.attendanceOnTime;
    if (c.lessonsExpected !== null) out.lessonsExpected = (out.lessonsExpected ?? 0) + c.lessonsExpected;
    out.studentLessonsExpected += c.studentLessonsExpected;
    out.marksWithLoad += c.marksWithLoad;
    out.rosterMarks += c.rosterMarks;
    out.planYearHours += c.planYearHours;
    out.planHours += c.planHours;
    out.planGiven += c.planGiven;
  }
  out.delays = mergeHistograms(list.map((c) => c.delays));
  return out;
}

/** [000 §3.5], [002 §3.5], [003 §6.3] the figures of the control report from what was counted. */
export function controlFigures(c: ControlCounts): ControlFigures {
  let marks = 0;
  let late = 0;
  const lateDelays = new Map<number, number>();
  for (const [delay, n] of c.delays) {
    marks += n;
    if (delay > 0) {
      late += n;
      lateDelays.set(delay, n);
    }
  }
  return {
    pages: c.pages,
    students: c.students,
    studentsNoMarks: c.noMarks,
    studentsNoMarksPct: percentOf(c.noMarks, c.students),
    studentsOneMark: c.oneMark,
    studentsOneMarkPct: percentOf(c.oneMark, c.students),
    lessons: c.lessons,
    lessonsWithTopic: c.withTopic,
    lessonsWithTopicPct: percentOf(c.withTopic, c.lessons),
    topicsOnTime: c.topicOnTime,
    lessonsWithHomework: c.withHomework,
    lessonsWithHomeworkPct: percentOf(c.withHomework, c.lessons),
    homeworkOnTime: c.homeworkOnTime,
    attendanceTaken: c.attendanceTaken,
    attendanceTakenPct: percentOf(c.attendanceTaken, c.lessons),
    attendanceOnTime: c.attendanceOnTime,
    marks,
    lateMarks: late,
    lateMarksPct: percentOf(late, marks),
    // [003 §6.3] how late the late marks were: the median of their delays in days
    medianDelayDays: medianOfHistogram(lateDelays),
    lessonsExpected: c.lessonsExpected,
    marksPerStudent: marksPerStudent(c.rosterMarks, c.students),
    accumulation: accumulation(c.marksWithLoad, c.studentLessonsExpected),
    // [002 §2.1] plan hours due by the end of the range vs given (control.repository planCounts)
    planYearHours: c.planYearHours,
    planHours: c.planHours,
    planGiven: c.planGiven,
    planPct: percentOf(c.planGiven, c.planHours),
  };
}

export interface SchoolMeta {
  id: string;
  name: string;
  time_zone: string;
  settings: Record<string, unknown>;
}

/** [003 §3.2] each school's deadline rule per work type, as the statements take it. */
function deadlineRules(schools: readonly SchoolMeta[]): DeadlineRules {
  return Object.fromEntries(
    schools.map((s) => [
      s.id,
      Object.fromEntries(deadlineRuleTable(resolveSettings(s.settings as SchoolSettingsInput)).map((r) => [r.workType, r.rule])),
    ]),
  );
}

/**
 * Counts every page of the filter in four set-based queries (pages, lessons, marks by student and
 * delay, thematic plan) — the same for one page, a class, a school or (countControlOfRegion) a region.
 */
export function countControlByPage(db: Queryable, filter: ControlFilter, schools: readonly SchoolMeta[]) {
  // a whole school reads all its lessons and marks of the range: hash plans; a class or a page, index lookups
  const narrow = Boolean(filter.classId || filter.teacherId || filter.subjectId || filter.pageId);
  return countPages(
    db,
    filter,
    schools,
    withPlan(db, 'report', (q) => repo.pages(q, filter)),
    narrow ? 'report' : 'scan',
    [filter],
  );
}

/**
 * The same counts over the schools of a region view: its pages without names (it shows none), and the
 * statements that read every lesson and mark of its schools with hash plans (reports.settings.ts), one
 * per group of schools, run side by side on their own connections (at most REGION_CONNECTIONS at a time,
 * so that the rest of the pool keeps serving the journal). A page's figures do not depend on other
 * schools, so the groups add up to the one statement's answer.
 */
export function countControlOfRegion(
  db: Queryable,
  filter: ControlFilter,
  schools: readonly SchoolMeta[],
  slot: Slot = limiter(REGION_CONNECTIONS),
) {
  const groups = schoolGroups(schools).map((ids) => ({ ...filter, schoolIds: ids }));
  return countPages(
    db,
    filter,
    schools,
    slot(() => withPlan(db, 'report', (q) => repo.pageLoads(q, filter))),
    'scan',
    groups,
    slot,
  );
}

/**
 * A region's statements over lessons and marks cover about this many schools each, and at most
 * REGION_CONNECTIONS of its statements run at a time (of the pool's DATABASE_POOL_SIZE, 10 by default).
 * Measured on the 20-school district (YTD, 3M marks): one statement 7–10 s, four side by side 4.5–5 s.
 */
const REGION_SCHOOLS_PER_STATEMENT = 5;
export const REGION_CONNECTIONS = 4;

function schoolGroups(schools: readonly SchoolMeta[]): string[][] {
  const n = Math.max(1, Math.ceil(schools.length / REGION_SCHOOLS_PER_STATEMENT));
  const groups: string[][] = Array.from({ length: n }, () => []);
  for (const [i, s] of schools.entries()) groups[i % n].push(s.id);
  return groups;
}

export type Slot = <T>(fn: () => Promise<T>) => Promise<T>;

/** Runs at most n of the functions given to it at once, in the order given. */
export function limiter(n: number): Slot {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (running >= n) await new Promise<void>((go) => waiting.push(go));
    running++;
    try {
      return await fn();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

type PageLoad = Pick<PageRow, 'school_id' | 'id' | 'hours_per_week' | 'grade'>;

async function countPages<P extends PageLoad>(
  db: Queryable,
  filter: ControlFilter,
  schools: readonly SchoolMeta[],
  pageRows: Promise<P[]>,
  plan: ReportPlan,
  groups: ControlFilter[],
  slot: Slot = (fn) => fn(),
): Promise<{ pages: P[]; counts: Map<string, ControlCounts>; weeks: Map<string, number> }> {
  const rulesOf = (f: ControlFilter) => deadlineRules(schools.filter((s) => f.schoolIds.includes(s.id)));
  const each = <T>(run: (q: Queryable, f: ControlFilter) => Promise<T[]>) =>
    Promise.all(groups.map((f) => slot(() => withPlan(db, plan, (q) => run(q, f))))).then((parts) => parts.flat());
  const [pages, markCounts, lessons, plans, holidays] = await Promise.all([
    pageRows,
    each((q, f) => repo.markCounts(q, f, rulesOf(f))),
    each((q, f) => repo.lessonCounts(q, f)),
    each((q, f) => repo.planCounts(q, f)),
    repo.holidays(db, filter.schoolIds, filter.from, filter.to),
  ]);
  const range = { startsOn: filter.from, endsOn: filter.to };
  const withGrades = holidays.map((h) => ({
    ...h,
    startsOn: h.starts_on,
    endsOn: h.ends_on,
    fromGrade: h.from_grade,
    toGrade: h.to_grade,
  }));
  // The school's study weeks (shown with the report) leave out the whole school's holidays.
  const weeks = new Map<string, number>();
  for (const s of schools) {
    const own = withGrades.filter((h) => h.school_id === s.id && !isGradeLimited(h));
    weeks.set(s.id, studyWeeks(range, own));
  }
  // [DOMAIN §2] a page's expected lessons leave out also the holidays of its grade (first-graders' February ones)
  const gradeWeeks = new Map<string, number>();
  const weeksOf = (p: PageLoad) => {
    const key = `${p.school_id}|${p.grade}`;
    let w = gradeWeeks.get(key);
    if (w === undefined) {
      w = studyWeeks(
        range,
        holidayRangesOfGrade(
          withGrades.filter((h) => h.school_id === p.school_id),
          p.grade,
        ),
      );
      gradeWeeks.set(key, w);
    }
    return w;
  };
  const counts = new Map<string, ControlCounts>();
  for (const p of pages) {
    const c = emptyCounts();
    c.pages = 1;
    c.lessonsExpected = expectedLessons(p.hours_per_week, weeksOf(p));
    counts.set(p.id, c);
  }
  for (const l of lessons) {
    const c = counts.get(l.page_id);
    if (!c) continue;
    c.lessons = l.lessons;
    c.withTopic = l.with_topic;
    c.topicOnTime = l.topic_on_time;
    c.withHomework = l.with_homework;
    c.homeworkOnTime = l.homework_on_time;
    c.attendanceTaken = l.attendance_taken;
    c.attendanceOnTime = l.attendance_on_time;
  }
  for (const r of markCounts) {
    const c = counts.get(r.page_id);
    if (!c) continue;
    if (r.kind === 'delay') {
      c.delays.set(r.delay, r.marks);
      continue;
    }
    c.students = r.students;
    c.noMarks = r.no_marks;
    c.oneMark = r.one_mark;
    c.rosterMarks = r.marks;
  }
  for (const p of plans) {
    const c = counts.get(p.page_id);
    if (!c) continue;
    c.planYearHours = p.plan_year_hours;
    c.planHours = p.plan_hours;
    c.planGiven = p.plan_given;
  }
  for (const c of counts.values()) {
    if (c.lessonsExpected !== null && c.lessonsExpected > 0 && c.students > 0) {
      c.studentLessonsExpected = c.students * c.lessonsExpected;
      c.marksWithLoad = c.rosterMarks;
    }
  }
  return { pages, counts, weeks };
}

/** Groups pages by a key and adds up their counts; the order of first appearance is kept. */
export function groupCounts<K>(pages: readonly PageRow[], counts: ReadonlyMap<string, ControlCounts>, key: (p: PageRow) => K) {
  const groups = new Map<K, { first: PageRow; list: ControlCounts[] }>();
  for (const p of pages) {
    const k = key(p);
    const g = groups.get(k) ?? { first: p, list: [] };
    g.list.push(counts.get(p.id) ?? emptyCounts());
    groups.set(k, g);
  }
  return [...groups.values()].map((g) => ({ first: g.first, counts: addCounts(g.list) }));
}

/** The control report of a school, a class or a page: rows per page, per teacher, class and subject, and the total. */
export async function computeControl(
  db: Queryable,
  scope: ReportScope,
  range: { from: string; to: string },
  extra: { teacherId: string | null; subjectId: string | null },
): Promise<ControlReport> {
  const school = await reportsRepository.school(db, scope.schoolId);
  const filter: ControlFilter = {
    schoolIds: [scope.schoolId],
    from: range.from,
    to: range.to,
    classId: scope.classId,
    pageId: scope.pageId,
    teacherId: extra.teacherId,
    subjectId: extra.subjectId,
  };
  const [{ pages, counts, weeks }, cls, choices] = await Promise.all([
    countControlByPage(db, filter, [school]),
    scope.classId ? reportsRepository.className(db, scope.schoolId, scope.classId) : Promise.resolve(undefined),
    // the pickers offer every teacher and subject of the scope, whatever is chosen now
    repo.pages(db, { ...filter, teacherId: null, subjectId: null }),
  ]);
  const byName = <T extends { first: PageRow }>(rows: T[], name: (p: PageRow) => string) =>
    rows.sort((a, b) => name(a.first).localeCompare(name(b.first), 'ru'));
  return {
    scope: { schoolId: school.id, schoolName: school.name, classId: scope.classId, className: cls?.name ?? null, pageId: scope.pageId },
    from: range.from,
    to: range.to,
    studyWeeks: weeks.get(school.id) ?? 0,
    pages: pages.map((p) => ({ ...pageRef(p), figures: controlFigures(counts.get(p.id) ?? emptyCounts()) })),
    byTeacher: byName(
      groupCounts(pages, counts, (p) => p.teacher_id),
      (p) => p.teacher_name,
    ).map((g) => ({
      teacherId: g.first.teacher_id,
      teacherName: g.first.teacher_name,
      figures: controlFigures(g.counts),
    })),
    byClass: groupCounts(pages, counts, (p) => p.class_id).map((g) => ({
      classId: g.first.class_id,
      className: g.first.class_name,
      figures: controlFigures(g.counts),
    })),
    bySubject: byName(
      groupCounts(pages, counts, (p) => p.subject_id),
      (p) => p.subject_name,
    ).map((g) => ({
      subjectId: g.first.subject_id,
      subjectName: g.first.subject_name,
      figures: controlFigures(g.counts),
    })),
    total: controlFigures(addCounts([...counts.values()])),
    filters: { teacherId: extra.teacherId, subjectId: extra.subjectId },
    choices: {
      teachers: distinctBy(
        choices,
        (p) => p.teacher_id,
        (p) => p.teacher_name,
      ),
      subjects: distinctBy(
        choices,
        (p) => p.subject_id,
        (p) => p.subject_name,
      ),
    },
  };
}

/** Each id once with its name, in Russian alphabetical order of the names. */
function distinctBy(rows: readonly PageRow[], id: (p: PageRow) => string, name: (p: PageRow) => string) {
  const out = new Map<string, string>();
  for (const p of rows) out.set(id(p), name(p));
  return [...out.entries()].map(([k, v]) => ({ id: k, name: v })).sort((a, b) => a.name.localeCompare(b.name, 'ru'));
}

function pageRef(p: PageRow) {
  return {
    pageId: p.id,
    classId: p.class_id,
    className: p.class_name,
    subgroupName: p.subgroup_name,
    subjectId: p.subject_id,
    subjectName: p.subject_name,
    teacherId: p.teacher_id,
    teacherName: p.teacher_name,
    hoursPerWeek: p.hours_per_week,
  };
}

/**
 * One page's figures with what is behind each of them [issue 8 drill-down]: its students (no mark, one
 * mark), its lessons (topic, homework, roll), its late marks with deadline and delay, its plan.
 * The figures are computed by the same queries as the school report, so they match its row.
 */
export async function computeControlPage(
  db: Queryable,
  scope: ReportScope,
  range: { from: string; to: string },
): Promise<ControlPageReport> {
  const school = await reportsRepository.school(db, scope.schoolId);
  const filter: ControlFilter = { schoolIds: [scope.schoolId], from: range.from, to: range.to, pageId: scope.pageId };
  const rules = deadlineRules([school]);
  const [{ pages, counts }, students, lessons, late, plan] = await Promise.all([
    countControlByPage(db, filter, [school]),
    repo.pageStudents(db, filter, PENDING_MARK),
    repo.pageLessons(db, filter, PENDING_MARK),
    repo.pageLateMarks(db, filter, PENDING_MARK, rules),
    repo.pagePlan(db, scope.schoolId, scope.pageId ?? '', range.to),
  ]);
  const page = pages[0];
  if (!page) throw notFound('Страница журнала');
  return {
    page: pageRef(page),
    schoolName: school.name,
    from: range.from,
    to: range.to,
    figures: controlFigures(counts.get(page.id) ?? emptyCounts()),
    students: students.map((s) => ({
      studentId: s.student_id,
      name: s.name,
      fromDate: s.from_date,
      toDate: s.to_date,
      lessons: s.lessons,
      marks: s.marks,
    })),
    lessons: lessons.map((l) => ({
      lessonId: l.id,
      date: l.date,
      number: l.number,
      topic: l.topic,
      topicOnTime: l.topic !== null && l.topic_on_time === true,
      homework: l.has_homework,
      homeworkOnTime: l.has_homework && l.homework_on_time === true,
      attendanceTaken: l.attendance_taken,
      attendanceOnTime: l.attendance_on_time,
      planTopic: l.plan_topic,
      marks: l.marks,
    })),
    lateMarks: late.map((m) => ({
      markId: m.mark_id,
      lessonId: m.lesson_id,
      lessonDate: m.date,
      workType: m.work_type,
      workTypeName: workTypeName(m.work_type),
      studentId: m.student_id,
      studentName: m.student_name,
      value: m.value,
      deadline: m.deadline,
      enteredOn: m.entered_on,
      delayDays: m.delay,
    })),
    plan: plan.map((p) => ({
      position: p.position,
      topic: p.topic,
      hours: p.hours,
      cumulativeHours: p.before + p.hours,
      dueHours: p.due,
      given: p.given,
      // what the figure counts: an item's lessons up to its own hours [002 §2.1]
      counted: Math.min(p.given, p.hours),
    })),
  };
}
