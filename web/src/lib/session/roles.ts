import type { Me, Role } from '../api/client';

/** Roles the user holds in any of their schools (a person may hold several, per school). */
export function rolesOf(me: Me): Set<Role> {
  return new Set(me.schools.flatMap((s) => s.roles));
}

export function hasRole(me: Me, ...roles: Role[]): boolean {
  const mine = rolesOf(me);
  return roles.some((r) => mine.has(r));
}

/** A class teacher is a teacher who leads at least one class this year. */
export function isClassTeacher(me: Me): boolean {
  return me.classTeacherOf.length > 0;
}
