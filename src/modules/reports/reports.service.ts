import type { Deps, SessionActor } from '../../server/context';
import { AppError, notFound } from '../../server/errors';
import { computeActivity } from './activity.report';
import { computeClassAnalysis, computeSubjectAnalysis } from './analysis.report';
import { computeAttendance } from './attendance.report';
import { computeControl, computeControlPage } from './control.report';
import { computePerformance, performanceChoices } from './performance.report';
import { computeRegion } from './region.report';
import { reportsRepository } from './reports.repository';
import type { ActivityQuery, AttendanceQuery, ControlQuery, PerformanceQuery, RegionQuery } from './reports.schemas';
import { checkRange, resolveScope } from './reports.scope';

/**
 * The reports [DOMAIN §9]: each function takes the acting user first, decides the scope through the
 * one policy (404 outside it) and returns one plain structure — what the JSON route sends and what
 * the PDF and XLSX files are drawn from, so the three can never disagree.
 */
export function makeReportsService({ db, now }: Deps) {
  return {
    /** [000 §3.5], [002 §3.5], [003 §6.3] control of journal keeping by teacher, class and subject. */
    async control(actor: SessionActor, q: ControlQuery) {
      const range = checkRange(q.from, q.to);
      const scope = await resolveScope(db, actor, q);
      return computeControl(db, scope, range, { teacherId: q.teacherId ?? null, subjectId: q.subjectId ?? null });
    },

    /** The lessons, students and marks behind one page's control figures. */
    async controlPage(actor: SessionActor, pageId: string, q: { from: string; to: string }) {
      const range = checkRange(q.from, q.to);
      const scope = await resolveScope(db, actor, { pageId });
      return computeControlPage(db, scope, range);
    },

    /** [000 §9], [002 §5.1] sign-ins and diary views per week or month; parents who have not looked. */
    async activity(actor: SessionActor, q: ActivityQuery) {
      const range = checkRange(q.from, q.to);
      const scope = await resolveScope(db, actor, { schoolId: q.schoolId, classId: q.classId });
      return computeActivity(db, scope, range, q.granularity ?? 'week', now());
    },

    /** [000 §9], [002 §5.3] performance and quality per period or year, compared with the one before. */
    async performance(actor: SessionActor, q: PerformanceQuery) {
      const scope = await resolveScope(db, actor, { schoolId: q.schoolId, classId: q.classId });
      return computePerformance(db, scope, { periodId: q.periodId ?? null, yearId: q.yearId ?? null }, now());
    },

    /** The periods of the current year, for the pickers of the period reports. */
    async periods(actor: SessionActor, q: { schoolId?: string; classId?: string; pageId?: string }) {
      const scope = await resolveScope(db, actor, q);
      return performanceChoices(db, scope.schoolId);
    },

    /** [002 §4.5], [000 §4.2] missed lessons per class and student, excused vs unexcused, late. */
    async attendance(actor: SessionActor, q: AttendanceQuery) {
      const range = checkRange(q.from, q.to);
      const scope = await resolveScope(db, actor, { schoolId: q.schoolId, classId: q.classId });
      return computeAttendance(db, scope, range, q.granularity ?? 'week');
    },

    /** [003 §3.3], [002 §4.4] the teacher's analysis of a subject (one page) after a period. */
    async subjectAnalysis(actor: SessionActor, pageId: string, q: { periodId?: string }) {
      const scope = await resolveScope(db, actor, { pageId });
      return computeSubjectAnalysis(db, scope, q.periodId ?? null, now());
    },

    /** [003 §3.3], [002 §4.5] the class teacher's analysis of the class after a period. */
    async classAnalysis(actor: SessionActor, classId: string, q: { periodId?: string }) {
      const scope = await resolveScope(db, actor, { classId });
      return computeClassAnalysis(db, scope, q.periodId ?? null, now());
    },

    /** Schools a regional methodologist watches (an empty list for everybody else). */
    async regionSchools(actor: SessionActor) {
      const rows = await reportsRepository.regionSchools(db, actor.accountId);
      return rows.map((s) => ({ id: s.id, name: s.name, shortName: s.short_name }));
    },

    /** [DOMAIN §1] the region view: the same figures over the methodologist's schools, no personal data. */
    async region(actor: SessionActor, q: RegionQuery) {
      const range = checkRange(q.from, q.to);
      const schools = await reportsRepository.regionSchools(db, actor.accountId);
      if (schools.length === 0) throw notFound('Регион');
      if (q.periodNumber !== undefined && (q.periodNumber < 1 || q.periodNumber > 4)) {
        throw new AppError('request.invalid', 'Номер периода от 1 до 4', { fields: [{ field: 'periodNumber', message: 'от 1 до 4' }] });
      }
      return computeRegion(db, schools, range, { scheme: q.scheme ?? 'quarter', periodNumber: q.periodNumber ?? null });
    },
  };
}

export type ReportsService = ReturnType<typeof makeReportsService>;
