import type { Queryable } from '../../db/client';
import { averageOf } from '../../domain/averages';
import { calendarDateIn } from '../../domain/calendar';
import { PENDING_MARK } from '../../domain/marks';
import { classRates } from '../../domain/rates';
import { hasExactlyOneThree, isEnteredMark } from '../../domain/report-formulas';
import { resolveSettings, type SchoolSettingsInput } from '../../domain/school-settings';
import { workTypeName } from '../../domain/work-types';
import { notFound } from '../../server/errors';
import { analysisRepository as repo } from './analysis.repository';
import { attendanceFigures, attendanceFilter, EXCUSED_MISSED_CODES, LATE_CODE, MISSED_CODES } from './attendance.report';
import { attendanceRepository } from './attendance.repository';
import { controlFigures, countControlByPage, emptyCounts } from './control.report';
import { controlRepository } from './control.repository';
import { countRates, periodBasis, pickPeriod, rateChange, rateFigures } from './performance.report';
import { reportsRepository } from './reports.repository';
import type { ClassAnalysis, StudentCategory, SubjectAnalysis } from './reports.schemas';
import type { ReportScope } from './reports.scope';

/** Works whose results a subject analysis shows one by one: the written checks, not everyday answers. */
const CHECK_WORK_TYPES = new Set([
  'independent',
  'test',
  'control',
  'laboratory',
  'practical',
  'dictation',
  'essay',
  'summary',
  'project',
  'exam',
]);

/**
 * [003 §3.3], [002 §4.4] the teacher's analysis of a subject after a period: each student's marks,
 * average, period mark (and the one before), absences; the period marks' performance and quality
 * compared with the period before; the results of each written check; the page's control figures.
 */
export async function computeSubjectAnalysis(
  db: Queryable,
  scope: ReportScope,
  periodId: string | null,
  now: Date,
): Promise<SubjectAnalysis> {
  const pageId = scope.pageId ?? '';
  const school = await reportsRepository.school(db, scope.schoolId);
  const settings = resolveSettings(school.settings as SchoolSettingsInput);
  const page = await repo.pageClass(db, scope.schoolId, pageId);
  if (!page) throw notFound('Страница журнала');
  const cls = await reportsRepository.className(db, scope.schoolId, page.class_id);
  const { period, previous } = await pickPeriod(db, scope.schoolId, periodId, cls.period_scheme, calendarDateIn(now, school.time_zone));
  const range = { from: period.starts_on, to: period.ends_on };
  const filter = { schoolIds: [scope.schoolId], from: range.from, to: range.to, pageId };
  const [control, students, marks, finals, previousFinals, absences] = await Promise.all([
    countControlByPage(db, filter, [school]),
    controlRepository.pageStudents(db, filter, PENDING_MARK),
    repo.pageMarks(db, scope.schoolId, pageId, range.from, range.to),
    repo.periodFinals(db, scope.schoolId, period.id, { pageId }),
    previous ? repo.periodFinals(db, scope.schoolId, previous.id, { pageId }) : Promise.resolve([]),
    repo.pageAttendance(db, scope.schoolId, pageId, range.from, range.to, {
      missed: [...MISSED_CODES],
      excused: [...EXCUSED_MISSED_CODES],
      late: LATE_CODE,
    }),
  ]);
  const p = control.pages[0];
  if (!p) throw notFound('Страница журнала');
  const finalOf = new Map(finals.map((f) => [f.student_id, f.value]));
  const previousOf = new Map(previousFinals.map((f) => [f.student_id, f.value]));
  const absenceOf = new Map(absences.map((a) => [a.student_id, a]));
  const marksOf = new Map<string, typeof marks>();
  for (const m of marks) marksOf.set(m.student_id, [...(marksOf.get(m.student_id) ?? []), m]);

  const works = new Map<string, { date: string; workType: string; title: string | null; values: string[] }>();
  for (const m of marks) {
    if (!CHECK_WORK_TYPES.has(m.work_type) || !isEnteredMark(m.value)) continue;
    const w = works.get(m.work_id) ?? { date: m.date, workType: m.work_type, title: m.title, values: [] };
    w.values.push(m.value);
    works.set(m.work_id, w);
  }
  const current = rateFigures(finals.map((f) => [f.value]));
  const before = previous ? rateFigures(previousFinals.map((f) => [f.value])) : null;
  return {
    page: {
      pageId: p.id,
      classId: p.class_id,
      className: p.class_name,
      subgroupName: p.subgroup_name,
      subjectId: p.subject_id,
      subjectName: p.subject_name,
      teacherId: p.teacher_id,
      teacherName: p.teacher_name,
      hoursPerWeek: p.hours_per_week,
    },
    schoolName: school.name,
    period: periodBasis(period),
    previous: previous ? periodBasis(previous) : null,
    students: students.map((s) => {
      const own = (marksOf.get(s.student_id) ?? []).filter((m) => isEnteredMark(m.value));
      const a = absenceOf.get(s.student_id);
      return {
        studentId: s.student_id,
        name: s.name,
        fromDate: s.from_date,
        toDate: s.to_date,
        marks: own.length,
        average: averageOf(
          own.map((m) => ({ value: m.value, workType: m.work_type, weight: m.weight })),
          settings,
        ),
        final: finalOf.get(s.student_id) ?? null,
        previousFinal: previousOf.get(s.student_id) ?? null,
        missed: a?.missed ?? 0,
        excused: a?.excused ?? 0,
        late: a?.late ?? 0,
      };
    }),
    finals: current,
    previousFinals: before,
    change: rateChange(current, before),
    works: [...works.entries()].map(([workId, w]) => ({
      workId,
      date: w.date,
      workType: w.workType,
      workTypeName: workTypeName(w.workType),
      title: w.title,
      figures: rateFigures(w.values.map((v) => [v])),
    })),
    control: controlFigures(control.counts.get(p.id) ?? emptyCounts()),
  };
}

/** Which of the four groups a student's period marks put them in (or not assessed). */
function categoryOf(values: readonly string[]): StudentCategory {
  const r = classRates([values]);
  if (r.students === 0) return 'notAssessed';
  if (r.failing) return 'failing';
  if (r.withThree) return 'withThree';
  if (r.good) return 'good';
  if (r.excellent) return 'excellent';
  return 'passed';
}

/**
 * [003 §3.3], [002 §4.5] the class teacher's analysis of the class after a period: every student's
 * period marks by subject, their group (отличник, хорошист, с «3», неуспевающий) and absences; each
 * subject's performance and quality; the class against the period before.
 */
export async function computeClassAnalysis(db: Queryable, scope: ReportScope, periodId: string | null, now: Date): Promise<ClassAnalysis> {
  const classId = scope.classId ?? '';
  const school = await reportsRepository.school(db, scope.schoolId);
  const cls = await reportsRepository.className(db, scope.schoolId, classId);
  if (!cls) throw notFound('Класс');
  const { period, previous } = await pickPeriod(db, scope.schoolId, periodId, cls.period_scheme, calendarDateIn(now, school.time_zone));
  const range = { from: period.starts_on, to: period.ends_on };
  const base = { schoolIds: [scope.schoolId], classId, kind: 'period' as const, yearIds: null };
  const [roster, finals, subjects, rates, before, absences] = await Promise.all([
    attendanceRepository.classStudents(db, scope.schoolId, classId, range.from, range.to),
    repo.periodFinals(db, scope.schoolId, period.id, { classId }),
    repo.classSubjects(db, scope.schoolId, classId),
    countRates(db, { ...base, periodIds: [period.id] }),
    previous ? countRates(db, { ...base, periodIds: [previous.id] }) : Promise.resolve(null),
    attendanceRepository.counts(db, attendanceFilter([scope.schoolId], range, classId, 'month')),
  ]);
  const finalsOf = new Map<string, { subjectId: string; value: string }[]>();
  for (const f of finals) finalsOf.set(f.student_id, [...(finalsOf.get(f.student_id) ?? []), { subjectId: f.subject_id, value: f.value }]);
  const absenceOf = new Map(absences.filter((a) => a.g === 5 && a.student_id).map((a) => [a.student_id as string, a]));
  const classTotal = absences.find((a) => a.g === 7);
  const students = roster.map((s) => {
    const own = finalsOf.get(s.id) ?? [];
    const values = own.map((f) => f.value);
    const r = rateFigures([values]);
    const a = absenceOf.get(s.id);
    return {
      studentId: s.id,
      name: s.name,
      finals: own,
      five: r.five,
      four: r.four,
      three: r.three,
      two: r.two,
      average: r.average,
      category: categoryOf(values),
      oneThree: hasExactlyOneThree(values),
      missed: a?.missed ?? 0,
      excused: a?.excused ?? 0,
      unexcused: (a?.missed ?? 0) - (a?.excused ?? 0),
    };
  });
  const subjectRows = subjects.map((s) => {
    const now_ = rates.bySubject.map.get(s.subject_id);
    const prev = before?.bySubject.map.get(s.subject_id);
    const figures = rateFigures(now_?.units ?? []);
    const previousFigures = prev ? rateFigures(prev.units) : null;
    return {
      subjectId: s.subject_id,
      subjectName: s.subject_name,
      figures,
      previous: previousFigures,
      change: rateChange(figures, previousFigures),
    };
  });
  const total = rateFigures([...(rates.byClass.map.get(classId)?.units ?? [])]);
  const previousTotal = before ? rateFigures([...(before.byClass.map.get(classId)?.units ?? [])]) : null;
  const names = (c: StudentCategory) => students.filter((s) => s.category === c).map((s) => s.name);
  return {
    scope: { schoolId: school.id, schoolName: school.name, classId, className: cls.name, pageId: null },
    period: periodBasis(period),
    previous: previous ? periodBasis(previous) : null,
    subjects: subjects.map((s) => ({ subjectId: s.subject_id, subjectName: s.subject_name })),
    students,
    bySubject: subjectRows,
    total: { figures: total, previous: previousTotal, change: rateChange(total, previousTotal) },
    lists: {
      excellent: names('excellent'),
      good: names('good'),
      oneThree: students.filter((s) => s.oneThree).map((s) => s.name),
      failing: names('failing'),
      notAssessed: names('notAssessed'),
    },
    attendance: attendanceFigures(
      {
        missed: classTotal?.missed ?? 0,
        excused: classTotal?.excused ?? 0,
        late: classTotal?.late ?? 0,
        lateMinutes: classTotal?.late_minutes ?? 0,
      },
      roster.length,
    ),
  };
}
