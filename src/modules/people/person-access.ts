import type { Queryable } from '../../db/client';
import { type Action, type Actor, STAFF_ROLES } from '../../domain/policy';
import { AppError, notFound } from '../../server/errors';
import { requireAccess, type Target } from '../access/access.service';
import { schoolIdsOf } from '../structure/scope';
import { type PersonFacts, peopleRepository as repo } from './people.repository';

export type PersonMode = 'read' | 'edit' | 'credentials';

async function allowed(db: Queryable, actor: Actor, action: Action, target: Target): Promise<boolean> {
  try {
    await requireAccess(db, actor, action, target);
    return true;
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') return false;
    throw e;
  }
}

export const isStaffPerson = (f: Pick<PersonFacts, 'roles'>) => f.roles.some((r) => STAFF_ROLES.includes(r));

/**
 * Who may read, edit or issue credentials to a person, by what the person is [DOMAIN §1]:
 * - a student: the card is read by administration and the class teacher [000 §4.1], edited by the
 *   administrator and the class teacher; credentials from the class teacher [000 §3.2], [002 §3.2];
 * - a parent: as for any of their children;
 * - staff: read by administration (or themself), edited by the administrator (or themself); credentials only from
 *   the administrator [002 §4.6].
 * Everything outside these answers 404 (policy through requireAccess), so ids cannot be probed.
 */
export async function requirePersonAccess(db: Queryable, actor: Actor, personId: string, mode: PersonMode): Promise<PersonFacts> {
  const f = await repo.facts(db, schoolIdsOf(actor), personId);
  if (!f) throw notFound('Человек');
  const school = { school: f.school_id };
  const staff = isStaffPerson(f);
  const student = f.roles.includes('student');
  const parent = f.roles.includes('parent');
  let ok = false;
  const anyChild = async (ids: string[], action: Action) => {
    for (const c of ids) if (await allowed(db, actor, action, { studentId: c })) return true;
    return false;
  };
  if (mode === 'credentials') {
    if (staff || (!student && !parent)) ok = await allowed(db, actor, 'credentials.staff', school);
    else {
      const classIds = student ? f.class_ids : f.child_class_ids;
      for (const classId of parent && student ? [...f.class_ids, ...f.child_class_ids] : classIds) {
        if (await allowed(db, actor, 'class.credentials', { classId })) {
          ok = true;
          break;
        }
      }
      // Out of every class (left the school): only the administrator.
      if (!ok) ok = await allowed(db, actor, 'credentials.staff', school);
    }
  } else if (mode === 'read') {
    if (student) ok = await allowed(db, actor, 'student.card_read', { studentId: personId });
    if (!ok && parent) ok = await anyChild(f.child_ids, 'student.card_read');
    if (!ok) ok = await allowed(db, actor, 'person.read', { personId });
  } else {
    if (staff) ok = await allowed(db, actor, 'person.edit', { personId });
    else {
      if (student) ok = await allowed(db, actor, 'student.card_edit', { studentId: personId });
      if (!ok && parent) ok = await anyChild(f.child_ids, 'student.card_edit');
      // Families do not edit their own cards: the class teacher keeps them [000 §4.1]; else the administrator.
      if (!ok) ok = await allowed(db, actor, 'school.manage', school);
    }
  }
  if (!ok) throw notFound('Человек');
  return f;
}
