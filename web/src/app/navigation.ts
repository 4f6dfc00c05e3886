import { features } from '../features';
import type { Me } from '../lib/api/client';
import { allows } from '../lib/session';
import type { NavItem } from './feature';

/**
 * The one menu table: every feature's items with the roles/condition that may use each, in menu order.
 * The navbar shows only the rows the signed-in user's roles allow.
 */
export const navigation: readonly NavItem[] = features.flatMap((f) => f.navItems).sort((a, b) => a.order - b.order);

export function visibleNavigation(me: Me): NavItem[] {
  return navigation.filter((item) => allows(item.audience, me));
}
