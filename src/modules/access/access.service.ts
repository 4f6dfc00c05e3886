import type { Queryable } from '../../db/client';
import { type Action, type Actor, can, type Resource } from '../../domain/policy';
import { AppError } from '../../server/errors';
import { accessRepository as repo } from './access.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Target =
  | { school: string }
  | { classId: string }
  | { studentId: string }
  | { pageId: string }
  | { lessonId: string }
  | { personId: string };

const WHAT: Record<string, string> = {
  school: 'Школа',
  classId: 'Класс',
  studentId: 'Ученик',
  pageId: 'Страница журнала',
  lessonId: 'Урок',
  personId: 'Человек',
};

/**
 * The single gate every service calls (immich's requireAccess): loads the facts about the target within
 * the actor's schools, asks the policy, and answers 404 — not 403 — when the actor may not act on it,
 * so ids outside one's scope cannot be told apart from ids that do not exist.
 * Returns the resource facts (with its schoolId) for the service to use.
 */
export async function requireAccess(db: Queryable, actor: Actor, action: Action, target: Target): Promise<Resource> {
  const schoolIds = actor.memberships.map((m) => m.schoolId);
  const [key, id] = Object.entries(target)[0] as [string, string];
  const missing = new AppError('not_found', `${WHAT[key]}: не найдено`);
  if (!UUID.test(id) || schoolIds.length === 0) throw missing;
  let resource: Resource | undefined;
  if ('school' in target) {
    resource = schoolIds.includes(id) ? { kind: 'school', schoolId: id } : undefined;
  } else if ('classId' in target) {
    const f = await repo.classFacts(db, schoolIds, id);
    if (f) resource = { kind: 'class', schoolId: f.school_id, classTeacherId: f.class_teacher_id, teacherIds: f.teacher_ids };
  } else if ('studentId' in target) {
    const f = await repo.studentFacts(db, schoolIds, id);
    if (f)
      resource = {
        kind: 'student',
        schoolId: f.school_id,
        studentId: id,
        parentIds: f.parent_ids,
        classTeacherIds: f.class_teacher_ids,
        teacherIds: f.teacher_ids,
      };
  } else if ('pageId' in target) {
    const f = await repo.pageFacts(db, schoolIds, id);
    if (f)
      resource = {
        kind: 'page',
        schoolId: f.school_id,
        teacherId: f.teacher_id,
        classTeacherId: f.class_teacher_id,
        substituteIds: f.substitute_ids,
      };
  } else if ('lessonId' in target) {
    const f = await repo.lessonFacts(db, schoolIds, id);
    if (f)
      resource = {
        kind: 'lesson',
        schoolId: f.school_id,
        teacherId: f.teacher_id,
        classTeacherId: f.class_teacher_id,
        substituteId: f.substitute_teacher_id,
      };
  } else if ('personId' in target) {
    const f = await repo.personFacts(db, schoolIds, id);
    if (f) resource = { kind: 'person', schoolId: f.school_id, personId: id, isStaff: f.is_staff };
  }
  if (!resource || !can(actor, action, resource)) throw missing;
  return resource;
}

/** Schools where the actor may do a school-wide action (for lists that span schools). */
export function schoolsWhere(actor: Actor, action: Action): string[] {
  return actor.memberships.filter((m) => can(actor, action, { kind: 'school', schoolId: m.schoolId })).map((m) => m.schoolId);
}

export function isUuid(s: string) {
  return UUID.test(s);
}
