import type { Queryable } from '../../db/client';
import { ACTIVITY_GROUPS, activityFigures, activityFilter } from './activity.report';
import { activityRepository } from './activity.repository';
import { type AttendanceCounts, addAttendance, attendanceFigures, attendanceFilter } from './attendance.report';
import { attendanceRepository } from './attendance.repository';
import {
  addCounts,
  type ControlCounts,
  controlFigures,
  countControlOfRegion,
  limiter,
  REGION_CONNECTIONS,
  type SchoolMeta,
} from './control.report';
import { countSchoolRates, rateFigures } from './performance.report';
import { performanceRepository } from './performance.repository';
import type { RegionReport, RegionSchoolFigures } from './reports.schemas';
import { withPlan } from './reports.settings';

/**
 * [DOMAIN §1] the region view for a methodologist: the control, performance, attendance and activity
 * figures of each school and of all of them, and holding no personal data: no person's name or id,
 * only schools and counts. The control figures come from the school report's own statements
 * (countControlOfRegion: the same per-page counts, one statement per group of schools); performance,
 * attendance and activity from statements that count per school what the school reports count per
 * class or student and add up, since nothing finer is shown here. Every school total equals the
 * school's own report (test/integration/reports-access.test.ts).
 */
export async function computeRegion(
  db: Queryable,
  schools: readonly SchoolMeta[],
  range: { from: string; to: string },
  q: { scheme: 'quarter' | 'half' | 'trimester'; periodNumber: number | null },
): Promise<RegionReport> {
  const schoolIds = schools.map((s) => s.id);
  const periodIds =
    q.periodNumber === null
      ? null
      : (await performanceRepository.periodsNumbered(db, schoolIds, q.scheme, q.periodNumber)).map((p) => p.id);
  const yearIds = q.periodNumber === null ? (await performanceRepository.currentYears(db, schoolIds)).map((y) => y.id) : null;
  const act = activityFilter(schoolIds, range, null, 'month');
  // the marks and lessons of the schools first, then the rest, on at most REGION_CONNECTIONS connections
  const slot = limiter(REGION_CONNECTIONS);
  const [control, rates, absences, students, population, activity] = await Promise.all([
    countControlOfRegion(db, { schoolIds, from: range.from, to: range.to }, schools, slot),
    slot(() =>
      withPlan(db, 'report', (tx) =>
        countSchoolRates(tx, {
          schoolIds,
          kind: q.periodNumber === null ? 'year' : 'period',
          // no matching period in any school: nothing to count, not everything
          periodIds: periodIds && periodIds.length === 0 ? ['00000000-0000-0000-0000-000000000000'] : periodIds,
          yearIds,
          classId: null,
        }),
      ),
    ),
    slot(() => withPlan(db, 'scan', (q) => attendanceRepository.schoolCounts(q, attendanceFilter(schoolIds, range, null, 'month')))),
    slot(() => attendanceRepository.schoolStudents(db, schoolIds, range.from, range.to)),
    slot(() => withPlan(db, 'report', (q) => activityRepository.population(q, act))),
    slot(() => withPlan(db, 'report', (q) => activityRepository.counts(q, act, false))),
  ]);

  const controlOf = new Map<string, ControlCounts[]>();
  for (const p of control.pages) {
    const list = controlOf.get(p.school_id) ?? [];
    list.push(control.counts.get(p.id) as ControlCounts);
    controlOf.set(p.school_id, list);
  }
  const absencesOf = new Map<string, AttendanceCounts>();
  for (const r of absences) {
    absencesOf.set(r.school_id, addAttendance(absencesOf.get(r.school_id) ?? { missed: 0, excused: 0, late: 0, lateMinutes: 0 }, r));
  }
  const studentsOf = new Map(students.map((s) => [s.school_id, s.students]));

  const activityOf = (schoolId: string | null) =>
    Object.fromEntries(
      ACTIVITY_GROUPS.map((group) => {
        const pop = population.filter((p) => p.grp === group && (schoolId === null || p.school_id === schoolId));
        const cnt = activity.filter((c) => c.g === 1 && c.grp === group && (schoolId === null || c.school_id === schoolId));
        const sum = (rows: { [k: string]: unknown }[], key: string) => rows.reduce((s, r) => s + (r[key] as number), 0);
        return [
          group,
          activityFigures(sum(pop, 'people'), sum(pop, 'with_account'), {
            signed_in: sum(cnt, 'signed_in'),
            viewers: sum(cnt, 'viewers'),
            active: sum(cnt, 'active'),
          }),
        ];
      }),
    ) as RegionSchoolFigures['activity'];

  const perSchool = schools.map((s) => ({
    schoolId: s.id,
    schoolName: s.name,
    control: controlFigures(addCounts(controlOf.get(s.id) ?? [])),
    performance: rateFigures(rates.bySchool.get(s.id) ?? []),
    attendance: attendanceFigures(absencesOf.get(s.id) ?? { missed: 0, excused: 0, late: 0, lateMinutes: 0 }, studentsOf.get(s.id) ?? 0),
    activity: activityOf(s.id),
  }));
  const allAbsences = [...absencesOf.values()].reduce(
    (t, c) => addAttendance(t, { missed: c.missed, excused: c.excused, late: c.late, late_minutes: c.lateMinutes }),
    { missed: 0, excused: 0, late: 0, lateMinutes: 0 },
  );
  return {
    from: range.from,
    to: range.to,
    scheme: q.scheme,
    periodNumber: q.periodNumber,
    schools: perSchool,
    total: {
      control: controlFigures(addCounts([...control.counts.values()])),
      performance: rateFigures(rates.total),
      attendance: attendanceFigures(
        allAbsences,
        [...studentsOf.values()].reduce((a, b) => a + b, 0),
      ),
      activity: activityOf(null),
    },
  };
}
