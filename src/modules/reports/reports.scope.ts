import type { Queryable } from '../../db/client';
import { daysBetween, isIsoDate } from '../../domain/calendar';
import type { SessionActor } from '../../server/context';
import { AppError, invalid } from '../../server/errors';
import { requireAccess, schoolsWhere } from '../access/access.service';

/** What a school report covers once access is decided: one school, optionally one class or one page. */
export interface ReportScope {
  schoolId: string;
  classId: string | null;
  pageId: string | null;
}

/**
 * Who may read which report [DOMAIN §1], asked of the one policy:
 * - a journal page (control drill-down, subject analysis): 'page.read' — the page's teacher, the class
 *   teacher of its class, the administration;
 * - a class: 'class.reports' — its class teacher and the administration; another class answers 404;
 * - the whole school: 'reports.school' — deputy, director, administrator [000 §3.5].
 */
export async function resolveScope(
  db: Queryable,
  actor: SessionActor,
  q: { schoolId?: string; classId?: string; pageId?: string },
): Promise<ReportScope> {
  let scope: ReportScope;
  if (q.pageId) {
    const r = await requireAccess(db, actor, 'page.read', { pageId: q.pageId });
    scope = { schoolId: r.schoolId, classId: null, pageId: q.pageId };
  } else if (q.classId) {
    const r = await requireAccess(db, actor, 'class.reports', { classId: q.classId });
    scope = { schoolId: r.schoolId, classId: q.classId, pageId: null };
  } else {
    const schoolId = q.schoolId ?? schoolsWhere(actor, 'reports.school')[0];
    if (!schoolId) throw new AppError('not_found', 'Школа: не найдено');
    await requireAccess(db, actor, 'reports.school', { school: schoolId });
    scope = { schoolId, classId: null, pageId: null };
  }
  if (q.schoolId && q.schoolId !== scope.schoolId) throw new AppError('not_found', 'Школа: не найдено');
  return scope;
}

/** The longest range a report takes: a school year and a little. */
const MAX_RANGE_DAYS = 400;

/** A report's date range: real dates, from ≤ to, at most a year; the error names the field at fault. */
export function checkRange(from: string, to: string): { from: string; to: string } {
  if (!isIsoDate(from)) throw invalid('from', 'Неверная дата начала (ГГГГ-ММ-ДД)');
  if (!isIsoDate(to)) throw invalid('to', 'Неверная дата окончания (ГГГГ-ММ-ДД)');
  if (to < from) throw invalid('to', 'Дата окончания раньше даты начала');
  if (daysBetween(from, to) > MAX_RANGE_DAYS) throw invalid('to', `Отчёт строится не более чем за ${MAX_RANGE_DAYS} дней`);
  return { from, to };
}
