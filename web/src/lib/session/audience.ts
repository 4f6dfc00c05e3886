import type { Me, Role } from '../api/client';
import { rolesOf } from './roles';

/**
 * Who may use a menu item, a page or a home section: any of `roles`, and `when` if given.
 * No roles and no condition = every signed-in user. The server still checks every request;
 * this only keeps people from seeing what they cannot use.
 */
export interface Audience {
  roles?: readonly Role[];
  when?: (me: Me) => boolean;
}

export function allows(audience: Audience, me: Me): boolean {
  if (audience.roles && audience.roles.length > 0) {
    const mine = rolesOf(me);
    if (!audience.roles.some((r) => mine.has(r))) return false;
  }
  return audience.when ? audience.when(me) : true;
}

/** Staff who read the whole school. */
export const SCHOOL_WIDE: readonly Role[] = ['administrator', 'director', 'deputy', 'deputy_ict'];
