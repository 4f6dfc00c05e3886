import type { RouteObject } from 'react-router';
import type { NavItem } from '../../app/feature';
import { hasRole, isClassTeacher } from '../../lib/session';
import { adminPaths } from './paths';

/**
 * School administration [002 §4.6], [002 §3.2]: import of lists, logins and one-time passwords,
 * the week timetable, years and periods, classes and people with the movement of students.
 * The server checks every call; the menu only hides what a user cannot use.
 */

export const routes: RouteObject[] = [
  { path: adminPaths.import, lazy: async () => ({ Component: (await import('./pages/ImportPage')).ImportPage }) },
  { path: adminPaths.credentials, lazy: async () => ({ Component: (await import('./pages/CredentialsPage')).CredentialsPage }) },
  { path: adminPaths.timetable, lazy: async () => ({ Component: (await import('./pages/TimetablePage')).TimetablePage }) },
  { path: adminPaths.years, lazy: async () => ({ Component: (await import('./pages/YearsPage')).YearsPage }) },
  { path: adminPaths.periods, lazy: async () => ({ Component: (await import('./pages/YearsPage')).YearsPage }) },
  { path: adminPaths.classes, lazy: async () => ({ Component: (await import('./pages/ClassesPage')).ClassesPage }) },
  { path: adminPaths.people, lazy: async () => ({ Component: (await import('./pages/PeoplePage')).PeoplePage }) },
  { path: '/admin/people/:personId', lazy: async () => ({ Component: (await import('./pages/PersonPage')).PersonPage }) },
];

const admins = { roles: ['administrator'] } as const;

export const navItems: NavItem[] = [
  { id: 'admin-import', to: adminPaths.import, label: 'admin.nav.import', audience: admins, order: 80 },
  // A class teacher issues logins to the students and parents of their class [002 §3.2].
  {
    id: 'admin-credentials',
    to: adminPaths.credentials,
    label: 'admin.nav.credentials',
    audience: { when: (me) => hasRole(me, 'administrator') || isClassTeacher(me) },
    order: 81,
  },
  { id: 'admin-timetable', to: adminPaths.timetable, label: 'admin.nav.timetable', audience: admins, order: 82 },
  { id: 'admin-years', to: adminPaths.years, label: 'admin.nav.years', audience: admins, order: 83 },
  { id: 'admin-classes', to: adminPaths.classes, label: 'admin.nav.classes', audience: admins, order: 84 },
  { id: 'admin-people', to: adminPaths.people, label: 'admin.nav.people', audience: admins, order: 85 },
];
