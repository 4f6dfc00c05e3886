import { formatDateRu } from '../../domain/calendar';
import { type Action, type Actor, can } from '../../domain/policy';
import { AppError, invalid } from '../../server/errors';

/**
 * The school a school-wide request is about: the `schoolId` the client named (404 when the actor is not in
 * it), or the actor's only school where the action is allowed. A member without the right is told so (403);
 * an actor in several such schools must name one.
 */
export function schoolFor(actor: Actor, action: Action, schoolId?: string | null): string {
  if (schoolId) {
    const m = actor.memberships.find((x) => x.schoolId === schoolId);
    if (!m) throw new AppError('not_found', 'Школа: не найдено');
    if (!can(actor, action, { kind: 'school', schoolId })) throw new AppError('access.forbidden');
    return schoolId;
  }
  const allowed = actor.memberships.filter((m) => can(actor, action, { kind: 'school', schoolId: m.schoolId })).map((m) => m.schoolId);
  if (allowed.length === 1) return allowed[0];
  if (allowed.length === 0) {
    if (actor.memberships.length === 0) throw new AppError('not_found', 'Школа: не найдено');
    throw new AppError('access.forbidden');
  }
  throw invalid('schoolId', 'Вы работаете в нескольких школах: укажите schoolId', 'school.invalid');
}

/** The actor's person id in a school (for closed_by, created_by …). */
export function personIdIn(actor: Actor, schoolId: string): string | null {
  return actor.memberships.find((m) => m.schoolId === schoolId)?.personId ?? null;
}

export const schoolIdsOf = (actor: Actor) => actor.memberships.map((m) => m.schoolId);

/** A year as the write guards need it. */
export interface YearRow {
  id: string;
  school_id: string;
  name: string;
  starts_on: string;
  ends_on: string;
  status: 'draft' | 'current' | 'closed';
  closed_at: Date | null;
  grade_schemes: Record<string, 'quarter' | 'half' | 'trimester'>;
}

/** [002 §4.6] an earlier (closed) year stays readable but nothing in it may change. */
export function assertYearOpen(year: Pick<YearRow, 'status' | 'name' | 'closed_at'>): void {
  if (year.status === 'closed') {
    const when = year.closed_at ? ` ${formatDateRu(year.closed_at.toISOString().slice(0, 10))}` : '';
    throw new AppError('journal.period_closed', `Учебный год «${year.name}» закрыт${when}: изменения запрещены`, { year: year.name });
  }
}

/** A 409 naming the conflict, with details for the UI. */
export const conflict = (message: string, details: Record<string, unknown> = {}) => new AppError('school.conflict', message, details);

/** A 400 naming the field at fault. */
export const badField = (field: string, message: string, extra: Record<string, unknown> = {}) =>
  new AppError('school.invalid', message, { fields: [{ field, message }], ...extra });
