import type { Queryable } from '../../db/client';
import { addDays, weekStart } from '../../domain/calendar';
import { type Granularity, percentOf, reportBuckets } from '../../domain/report-formulas';
import { type ActivityFilter, activityRepository as repo } from './activity.repository';
import { reportsRepository } from './reports.repository';
import type { ActivityFigures, ActivityReport } from './reports.schemas';
import type { ReportScope } from './reports.scope';

export const ACTIVITY_GROUPS = ['staff', 'parents', 'students'] as const;
export type ActivityGroup = (typeof ACTIVITY_GROUPS)[number];

/** [000 §3.5] participation: shares of the whole group (with or without a login) who signed in, looked, either. */
export function activityFigures(
  people: number,
  withAccount: number,
  c: { signed_in: number; viewers: number; active: number } | undefined,
): ActivityFigures {
  const signedIn = c?.signed_in ?? 0;
  const viewers = c?.viewers ?? 0;
  const active = c?.active ?? 0;
  return {
    people,
    withAccount,
    signedIn,
    signedInPct: percentOf(signedIn, people),
    diaryViewers: viewers,
    diaryViewersPct: percentOf(viewers, people),
    active,
    activePct: percentOf(active, people),
  };
}

export function activityFilter(
  schoolIds: string[],
  range: { from: string; to: string },
  classId: string | null,
  granularity: Granularity,
): ActivityFilter {
  return { schoolIds, from: range.from, to: range.to, classId, granularity };
}

/**
 * [000 §9] weekly and [002 §5.1] monthly activity of staff, parents and students: sign-ins and diary
 * views, as counts and shares of each group. For a class: its students and parents, and [004] the
 * parents who have not opened their child's diary in the week that ends the range.
 */
export async function computeActivity(
  db: Queryable,
  scope: ReportScope,
  range: { from: string; to: string },
  granularity: Granularity,
  _now: Date,
): Promise<ActivityReport> {
  const school = await reportsRepository.school(db, scope.schoolId);
  const f = activityFilter([scope.schoolId], range, scope.classId, granularity);
  const weekFrom = weekStart(range.to);
  const weekTo = addDays(weekFrom, 6);
  const [population, counts, parents, cls] = await Promise.all([
    repo.population(db, f),
    repo.counts(db, f),
    scope.classId ? repo.parentsOfClass(db, scope.schoolId, scope.classId, weekFrom, weekTo) : Promise.resolve(null),
    scope.classId ? reportsRepository.className(db, scope.schoolId, scope.classId) : Promise.resolve(undefined),
  ]);
  const buckets = reportBuckets({ startsOn: range.from, endsOn: range.to }, granularity);
  const groups = ACTIVITY_GROUPS.filter((g) => g !== 'staff' || !scope.classId).map((group) => {
    const pop = population.find((p) => p.grp === group);
    const people = pop?.people ?? 0;
    const withAccount = pop?.with_account ?? 0;
    const mine = counts.filter((c) => c.grp === group);
    return {
      group,
      total: activityFigures(
        people,
        withAccount,
        mine.find((c) => c.g === 1),
      ),
      buckets: buckets.map((b) => ({
        key: b.key,
        startsOn: b.startsOn,
        endsOn: b.endsOn,
        figures: activityFigures(
          people,
          withAccount,
          mine.find((c) => c.g === 0 && c.bucket === b.key),
        ),
      })),
    };
  });
  return {
    scope: { schoolId: school.id, schoolName: school.name, classId: scope.classId, className: cls?.name ?? null, pageId: null },
    from: range.from,
    to: range.to,
    granularity,
    groups,
    notLooked: parents
      ? {
          startsOn: weekFrom,
          endsOn: weekTo,
          parents: parents
            .filter((p) => !p.viewed_in_week)
            .map((p) => ({
              parentId: p.parent_id,
              parentName: p.parent_name,
              hasAccount: p.has_account,
              studentId: p.student_id,
              studentName: p.student_name,
              lastViewOn: p.last_view_on,
            })),
        }
      : null,
  };
}
