/**
 * The one access policy (CONVENTIONS habit 2): every permission is decided here from the actor's
 * roles in a school and the actor's relations to the object (own child, own class, own page).
 * Pure: the caller loads the facts (see src/modules/access) and turns a refusal into 404, so that
 * objects outside a user's scope cannot be probed [DOMAIN §1 access rule], [000 §3.6], [002 §3.6].
 */

export const ROLES = ['administrator', 'director', 'deputy', 'deputy_ict', 'teacher', 'student', 'parent', 'archivist'] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES: readonly Role[] = ['administrator', 'director', 'deputy', 'deputy_ict', 'teacher', 'archivist'];
/** Roles that may read every journal page and student list of their school. */
const SCHOOL_WIDE_READERS: readonly Role[] = ['administrator', 'director', 'deputy'];

/** What the actor is in one school. */
export interface Membership {
  schoolId: string;
  personId: string;
  roles: ReadonlySet<Role>;
}

export interface Actor {
  accountId: string;
  memberships: readonly Membership[];
}

/** Facts about the object an action is aimed at, loaded by the access service. */
export type Resource =
  | { kind: 'school'; schoolId: string }
  | { kind: 'class'; schoolId: string; classTeacherId: string | null; teacherIds: readonly string[] }
  | {
      kind: 'student';
      schoolId: string;
      studentId: string;
      parentIds: readonly string[];
      classTeacherIds: readonly string[];
      teacherIds: readonly string[];
    }
  | {
      kind: 'page';
      schoolId: string;
      teacherId: string;
      classTeacherId: string | null;
      substituteIds: readonly string[];
    }
  | {
      kind: 'lesson';
      schoolId: string;
      teacherId: string;
      classTeacherId: string | null;
      substituteId: string | null;
    }
  | { kind: 'person'; schoolId: string; personId: string; isStaff: boolean };

export const ACTIONS = [
  'school.read',
  'school.manage',
  'school.audit',
  'school.backup',
  'school.archive',
  'period.close',
  'credentials.staff',
  'reports.school',
  'class.read',
  'class.manage',
  'class.credentials',
  'class.attendance_correct',
  'class.reports',
  'student.card_read',
  'student.card_edit',
  'student.diary',
  'page.read',
  'page.write',
  'page.finals',
  'lesson.write',
  'person.read',
  'person.edit',
] as const;
export type Action = (typeof ACTIONS)[number];

type Rule = (m: Membership, r: Resource) => boolean;

const has = (m: Membership, ...roles: Role[]) => roles.some((r) => m.roles.has(r));
const isStaff = (m: Membership) => STAFF_ROLES.some((r) => m.roles.has(r));
const me = (m: Membership, id: string | null | undefined) => id != null && m.personId === id;

/** Rules per action: the action is allowed when any rule holds. */
const RULES: Record<Action, Rule[]> = {
  // Structure (classes, subjects, timetable) is visible to all staff of the school.
  'school.read': [(m) => isStaff(m)],
  // [004 admin] base data, credentials, periods, year-end: the journal administrator.
  'school.manage': [(m) => has(m, 'administrator')],
  'school.audit': [(m) => has(m, 'administrator', 'director')],
  // [002 §4.2] backups and archive: the ICT deputy and the administrator.
  'school.backup': [(m) => has(m, 'administrator', 'deputy_ict')],
  // [002 §4.7] the archivist receives the year-end archive; [002 §4.3] the academic deputy checks the
  // transfer to paper and passes the copies on; [002 §4.1] the director certifies them.
  'school.archive': [(m) => has(m, 'administrator', 'deputy_ict', 'deputy', 'director', 'archivist')],
  'period.close': [(m) => has(m, 'administrator')],
  // [002 §3.2] staff credentials come from the journal administrator.
  'credentials.staff': [(m) => has(m, 'administrator')],
  // [000 §3.5] control and performance reports: deputy, director, administrator.
  'reports.school': [(m) => has(m, 'administrator', 'director', 'deputy')],

  'class.read': [
    (m) => has(m, ...SCHOOL_WIDE_READERS, 'deputy_ict'),
    (m, r) => r.kind === 'class' && (me(m, r.classTeacherId) || r.teacherIds.includes(m.personId)),
  ],
  // [000 §4.1] the class teacher keeps the class's students and parents.
  'class.manage': [(m) => has(m, 'administrator'), (m, r) => r.kind === 'class' && me(m, r.classTeacherId)],
  // [000 §3.2] family credentials come from the class teacher.
  'class.credentials': [(m) => has(m, 'administrator'), (m, r) => r.kind === 'class' && me(m, r.classTeacherId)],
  // [000 §4.2] weekly correction of absences: the class teacher.
  'class.attendance_correct': [(m, r) => r.kind === 'class' && me(m, r.classTeacherId), (m) => has(m, 'administrator')],
  'class.reports': [(m) => has(m, ...SCHOOL_WIDE_READERS), (m, r) => r.kind === 'class' && me(m, r.classTeacherId)],

  'student.card_read': [(m) => has(m, ...SCHOOL_WIDE_READERS), (m, r) => r.kind === 'student' && r.classTeacherIds.includes(m.personId)],
  'student.card_edit': [(m) => has(m, 'administrator'), (m, r) => r.kind === 'student' && r.classTeacherIds.includes(m.personId)],
  // [000 §3.6] families see only their own data: the student themself and their parents.
  'student.diary': [
    (m, r) => r.kind === 'student' && me(m, r.studentId),
    (m, r) => r.kind === 'student' && has(m, 'parent') && r.parentIds.includes(m.personId),
    (m) => has(m, ...SCHOOL_WIDE_READERS),
    (m, r) => r.kind === 'student' && (r.classTeacherIds.includes(m.personId) || r.teacherIds.includes(m.personId)),
  ],

  // [003 §2.1] students and parents never work with the journal.
  'page.read': [
    (m) => has(m, ...SCHOOL_WIDE_READERS),
    (m, r) =>
      r.kind === 'page' &&
      has(m, 'teacher', 'administrator', 'director', 'deputy') &&
      (me(m, r.teacherId) || me(m, r.classTeacherId) || r.substituteIds.includes(m.personId)),
  ],
  // [003 §2.6] a teacher writes only the pages the teaching load assigns them.
  'page.write': [(m, r) => r.kind === 'page' && has(m, 'teacher') && me(m, r.teacherId)],
  'page.finals': [(m, r) => r.kind === 'page' && has(m, 'teacher') && me(m, r.teacherId)],
  // [001 §5.4.2] a substitute fills the page for the lessons they replace.
  'lesson.write': [(m, r) => r.kind === 'lesson' && has(m, 'teacher') && (me(m, r.teacherId) || me(m, r.substituteId))],

  'person.read': [(m) => has(m, 'administrator', 'director', 'deputy'), (m, r) => r.kind === 'person' && me(m, r.personId)],
  'person.edit': [(m) => has(m, 'administrator'), (m, r) => r.kind === 'person' && me(m, r.personId)],
};

/** The actor's membership in the school of the resource, if any. */
export function membershipIn(actor: Actor, schoolId: string): Membership | undefined {
  return actor.memberships.find((m) => m.schoolId === schoolId);
}

/** True when the actor may do the action to the resource. A blocked or foreign actor may do nothing. */
export function can(actor: Actor, action: Action, resource: Resource): boolean {
  const m = membershipIn(actor, resource.schoolId);
  if (!m) return false;
  return RULES[action].some((rule) => rule(m, resource));
}

/** Role names in Russian, for the UI and documents. */
export const ROLE_NAMES_RU: Record<Role, string> = {
  administrator: 'Администратор',
  director: 'Директор',
  deputy: 'Заместитель директора по УВР',
  deputy_ict: 'Заместитель директора по ИКТ',
  teacher: 'Учитель',
  student: 'Ученик',
  parent: 'Родитель',
  archivist: 'Документовед',
};
