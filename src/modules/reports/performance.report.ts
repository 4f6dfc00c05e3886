import type { Queryable } from '../../db/client';
import { calendarDateIn } from '../../domain/calendar';
import { classRates } from '../../domain/rates';
import { averageOfFinals, changeFrom } from '../../domain/report-formulas';
import { AppError, notFound } from '../../server/errors';
import { type FinalsFilter, type PeriodRow, performanceRepository as repo } from './performance.repository';
import { reportsRepository } from './reports.repository';
import type { PerformanceReport, RateChange, RateFigures } from './reports.schemas';
import type { ReportScope } from './reports.scope';

/** [000 §9], [002 §5.3] the figures of a group from its units (a student's final marks, or one final mark each). */
export function rateFigures(units: readonly (readonly string[])[]): RateFigures {
  const r = classRates(units);
  return {
    students: r.students,
    five: r.counts['5'],
    four: r.counts['4'],
    three: r.counts['3'],
    two: r.counts['2'],
    excellent: r.excellent,
    good: r.good,
    withThree: r.withThree,
    failing: r.failing,
    performance: r.performance,
    quality: r.quality,
    average: averageOfFinals(units.flat()),
  };
}

export function rateChange(current: RateFigures, previous: RateFigures | null): RateChange {
  return {
    performance: changeFrom(current.performance, previous?.performance ?? null),
    quality: changeFrom(current.quality, previous?.quality ?? null),
    average: changeFrom(current.average, previous?.average ?? null),
  };
}

interface Named {
  id: string;
  name: string;
  grade?: number;
  letter?: string;
}

/** Units grouped by a key, with the key's name. */
class Groups {
  readonly map = new Map<string, { named: Named; units: string[][] }>();
  add(named: Named, unit: string[]) {
    const g = this.map.get(named.id) ?? { named, units: [] };
    g.units.push(unit);
    this.map.set(named.id, g);
  }
}

export interface RateGroups {
  total: Groups;
  byClass: Groups;
  byGrade: Groups;
  bySubject: Groups;
  byTeacher: Groups;
  bySchool: Groups;
}

/**
 * Counts final marks in two GROUP BY queries and sorts them into groups: the school (and each school
 * of a region), classes and grades judge students by all their final marks; subjects and teachers
 * judge each final mark on its own (one student × subject = one unit).
 */
export async function countRates(db: Queryable, f: FinalsFilter): Promise<RateGroups> {
  const [students, values] = await Promise.all([repo.finalsByStudent(db, f), repo.finalsBySubjectTeacher(db, f)]);
  const g: RateGroups = {
    total: new Groups(),
    byClass: new Groups(),
    byGrade: new Groups(),
    bySubject: new Groups(),
    byTeacher: new Groups(),
    bySchool: new Groups(),
  };
  // a student who changed class mid-year is one unit in the school, one in each class
  const perStudent = new Map<string, { schoolId: string; marks: string[] }>();
  for (const s of students) {
    g.byClass.add({ id: s.class_id, name: s.class_name, grade: s.grade, letter: s.letter }, s.marks);
    g.byGrade.add({ id: String(s.grade), name: `${s.grade} классы`, grade: s.grade }, s.marks);
    const key = `${s.school_id}:${s.student_id}`;
    const cur = perStudent.get(key) ?? { schoolId: s.school_id, marks: [] };
    cur.marks.push(...s.marks);
    perStudent.set(key, cur);
  }
  for (const s of perStudent.values()) {
    g.total.add({ id: 'total', name: '' }, s.marks);
    g.bySchool.add({ id: s.schoolId, name: '' }, s.marks);
  }
  for (const v of values) {
    for (let i = 0; i < v.n; i++) {
      g.bySubject.add({ id: v.subject_id, name: v.subject_name }, [v.value]);
      g.byTeacher.add({ id: v.teacher_id, name: v.teacher_name }, [v.value]);
    }
  }
  return g;
}

/**
 * The region view's performance: per school and over all schools, each student judged by all their
 * final marks (as `total` and `bySchool` of countRates), from one GROUP BY per school and student.
 */
export async function countSchoolRates(db: Queryable, f: FinalsFilter): Promise<{ bySchool: Map<string, string[][]>; total: string[][] }> {
  const bySchool = new Map<string, string[][]>();
  const total: string[][] = [];
  for (const s of await repo.finalsBySchoolStudent(db, f)) {
    const list = bySchool.get(s.school_id) ?? [];
    list.push(s.marks);
    bySchool.set(s.school_id, list);
    total.push(s.marks);
  }
  return { bySchool, total };
}

/**
 * How a group of the report finds itself in the basis before: by its own id, or (`cohort`, when the two
 * bases are in different school years, whose classes are different rows) by the same children one grade
 * lower — 6А is compared with last year's 5А, the 6th grade with last year's 5th [002 §5.3].
 */
type Match = 'id' | 'cohort';
const matchKey = (n: Named, match: Match, before: boolean) =>
  match === 'id' || n.grade === undefined ? n.id : `${(n.grade ?? 0) + (before ? 1 : 0)}|${n.letter ?? ''}`;

function rows(current: Groups, previous: Groups | null, match: Match = 'id') {
  const before = new Map([...(previous?.map.values() ?? [])].map((g) => [matchKey(g.named, match, true), g]));
  return [...current.map.values()].map(({ named, units }) => {
    const figures = rateFigures(units);
    const prev = before.get(matchKey(named, match, false));
    const previousFigures = prev ? rateFigures(prev.units) : null;
    return {
      id: named.id,
      name: named.name,
      figures,
      previous: previousFigures,
      previousName: prev?.named.name ?? null,
      change: rateChange(figures, previousFigures),
    };
  });
}

const basisOf = (kind: 'period' | 'year', r: { id: string; name: string; starts_on: string; ends_on: string }) => ({
  kind,
  id: r.id,
  name: r.name,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
});

/**
 * [000 §9], [002 §5.3] performance and quality for a period (or the year) by class, subject, teacher and
 * grade, each compared with the period before (the year before for year marks). A class scope keeps
 * only that class's final marks.
 */
export async function computePerformance(
  db: Queryable,
  scope: ReportScope,
  q: { periodId: string | null; yearId: string | null },
  now: Date = new Date(),
): Promise<PerformanceReport> {
  const school = await reportsRepository.school(db, scope.schoolId);
  const cls = scope.classId ? await reportsRepository.className(db, scope.schoolId, scope.classId) : undefined;
  let current: FinalsFilter;
  let previous: FinalsFilter | null = null;
  let basis: PerformanceReport['basis'];
  let previousBasis: PerformanceReport['previous'] = null;
  const base = { schoolIds: [scope.schoolId], classId: scope.classId };
  /** The basis before, when it is in another school year: its class is the same children's (grade − 1). */
  let crossYear = false;
  const previousBase = async (yearId: string) => {
    if (!cls || yearId === cls.year_id) return { ...base };
    const before = await repo.classOfYear(db, scope.schoolId, yearId, cls.grade - 1, cls.letter);
    return before ? { ...base, classId: before.id } : null;
  };
  if (q.yearId && !q.periodId) {
    const year = await repo.year(db, scope.schoolId, q.yearId);
    if (!year) throw notFound('Учебный год');
    current = { ...base, kind: 'year', periodIds: null, yearIds: [year.id] };
    basis = basisOf('year', year);
    // [002 §5.3] year marks are compared with the year before, class by class through the cohort
    const prev = await repo.previousYear(db, scope.schoolId, year.starts_on);
    const prevBase = prev ? await previousBase(prev.id) : null;
    if (prev && prevBase) {
      previous = { ...prevBase, kind: 'year', periodIds: null, yearIds: [prev.id] };
      previousBasis = basisOf('year', prev);
      crossYear = true;
    }
  } else {
    let period: PeriodRow | undefined;
    if (q.periodId) period = await repo.period(db, scope.schoolId, q.periodId);
    else period = await repo.defaultPeriod(db, scope.schoolId, cls?.period_scheme ?? 'quarter', calendarDateIn(now, school.time_zone));
    if (!period) {
      if (q.periodId) throw new AppError('not_found', 'Период: не найдено');
      throw new AppError('not_found', 'В текущем учебном году нет периодов');
    }
    current = { ...base, kind: 'period', periodIds: [period.id], yearIds: null };
    basis = basisOf('period', period);
    // [002 §5.3] the period before; for the first period of a year, the last period of the year before
    const prev = (await repo.previousPeriod(db, scope.schoolId, period)) ?? (await repo.lastPeriodOfYearBefore(db, scope.schoolId, period));
    const prevBase = prev ? await previousBase(prev.year_id) : null;
    if (prev && prevBase) {
      previous = { ...prevBase, kind: 'period', periodIds: [prev.id], yearIds: null };
      previousBasis = basisOf('period', prev);
      crossYear = prev.year_id !== period.year_id;
    }
  }
  const [now_, before] = await Promise.all([countRates(db, current), previous ? countRates(db, previous) : Promise.resolve(null)]);
  const [total] = rows(now_.total, before?.total ?? null);
  const empty = rateFigures([]);
  const match: Match = crossYear ? 'cohort' : 'id';
  const byClass = rows(now_.byClass, before?.byClass ?? null, match).map((r) => ({
    classId: r.id,
    className: r.name,
    previousClassName: r.previousName,
    figures: r.figures,
    previous: r.previous,
    change: r.change,
  }));
  const bySubject = rows(now_.bySubject, before?.bySubject ?? null).map((r) => ({
    subjectId: r.id,
    subjectName: r.name,
    figures: r.figures,
    previous: r.previous,
    change: r.change,
  }));
  const byTeacher = rows(now_.byTeacher, before?.byTeacher ?? null).map((r) => ({
    teacherId: r.id,
    teacherName: r.name,
    figures: r.figures,
    previous: r.previous,
    change: r.change,
  }));
  const byGrade = rows(now_.byGrade, before?.byGrade ?? null, match).map((r) => ({
    grade: Number(r.id),
    figures: r.figures,
    previous: r.previous,
    change: r.change,
  }));
  const previousTotal = before ? rateFigures([...before.total.map.values()].flatMap((g) => g.units)) : null;
  const totalFigures = total?.figures ?? empty;
  return {
    scope: { schoolId: school.id, schoolName: school.name, classId: scope.classId, className: cls?.name ?? null, pageId: null },
    basis,
    previous: previousBasis,
    total: { figures: totalFigures, previous: previousTotal, change: rateChange(totalFigures, previousTotal) },
    byClass,
    bySubject: bySubject.sort((a, b) => a.subjectName.localeCompare(b.subjectName, 'ru')),
    byTeacher: byTeacher.sort((a, b) => a.teacherName.localeCompare(b.teacherName, 'ru')),
    byGrade: byGrade.sort((a, b) => a.grade - b.grade),
  };
}

/** The periods and years a performance report can be asked for (the screen's picker). */
export async function performanceChoices(db: Queryable, schoolId: string) {
  const year = await repo.year(db, schoolId, null);
  if (!year) return { yearId: null, periods: [] };
  const periods = await repo.periodsOfYear(db, schoolId, year.id);
  return {
    yearId: year.id,
    periods: periods.map((p) => ({ id: p.id, name: p.name, scheme: p.scheme, number: p.number, startsOn: p.starts_on, endsOn: p.ends_on })),
  };
}

/** The period asked for, or the current one of the class's scheme; with the period before it. */
export async function pickPeriod(db: Queryable, schoolId: string, periodId: string | null, scheme: string, today: string) {
  const period = periodId ? await repo.period(db, schoolId, periodId) : await repo.defaultPeriod(db, schoolId, scheme, today);
  if (!period) throw new AppError('not_found', periodId ? 'Период: не найдено' : 'В текущем учебном году нет периодов');
  const previous = (await repo.previousPeriod(db, schoolId, period)) ?? null;
  return { period, previous };
}

export const periodBasis = (p: PeriodRow) => basisOf('period', p);
