import type { RouteObject } from 'react-router';
import type { NavItem } from '../../app/feature';
import { auditPaths } from './paths';

/**
 * The audit log [DOMAIN §1], [DOMAIN §11]: who changed people and rights, who read a student's card, who
 * changed a mark, an absence or a final mark and what it was before [DOMAIN §4] — for the administrator
 * and the director (policy action `school.audit`). The server checks every search; the menu only hides
 * what a user cannot use.
 */
export const routes: RouteObject[] = [
  { path: auditPaths.home, lazy: async () => ({ Component: (await import('./pages/AuditPage')).AuditPage }) },
];

export const navItems: NavItem[] = [
  { id: 'audit', to: auditPaths.home, label: 'audit.nav', audience: { roles: ['administrator', 'director'] }, order: 90 },
];
