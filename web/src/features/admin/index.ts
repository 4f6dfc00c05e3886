import type { RouteObject } from 'react-router';
import type { NavItem } from '../../app/feature';
import { hasRole, isClassTeacher } from '../../lib/session';
import { adminPaths } from './paths';

/**
 * School administration [002 §4.6], [002 §3.2], [004 admin]: import of lists, logins and one-time passwords,
 * the week timetable, bells and one-off lesson changes (moves, substitutions, extra lessons), years, periods and
 * holidays, the year-end transfer, subjects and the curriculum, the teaching load, classes with their class
 * teachers and movement lists, subgroups, people (added by hand too) with their cards, roles and movement.
 * The server checks every call; the menu only hides what a user cannot use.
 */

export const routes: RouteObject[] = [
  { path: adminPaths.school, lazy: async () => ({ Component: (await import('./pages/SchoolPage')).SchoolPage }) },
  { path: adminPaths.import, lazy: async () => ({ Component: (await import('./pages/ImportPage')).ImportPage }) },
  { path: adminPaths.credentials, lazy: async () => ({ Component: (await import('./pages/CredentialsPage')).CredentialsPage }) },
  { path: adminPaths.timetable, lazy: async () => ({ Component: (await import('./pages/TimetablePage')).TimetablePage }) },
  { path: adminPaths.bells, lazy: async () => ({ Component: (await import('./pages/BellsPage')).BellsPage }) },
  { path: adminPaths.lessonChanges, lazy: async () => ({ Component: (await import('./pages/LessonChangesPage')).LessonChangesPage }) },
  { path: adminPaths.movements, lazy: async () => ({ Component: (await import('./pages/MovementsPage')).MovementsPage }) },
  { path: adminPaths.years, lazy: async () => ({ Component: (await import('./pages/YearsPage')).YearsPage }) },
  { path: adminPaths.periods, lazy: async () => ({ Component: (await import('./pages/YearsPage')).YearsPage }) },
  { path: adminPaths.yearEnd, lazy: async () => ({ Component: (await import('./pages/YearEndPage')).YearEndPage }) },
  { path: adminPaths.classes, lazy: async () => ({ Component: (await import('./pages/ClassesPage')).ClassesPage }) },
  { path: adminPaths.subjects, lazy: async () => ({ Component: (await import('./pages/SubjectsPage')).SubjectsPage }) },
  { path: adminPaths.curriculum, lazy: async () => ({ Component: (await import('./pages/CurriculumPage')).CurriculumPage }) },
  { path: adminPaths.loads, lazy: async () => ({ Component: (await import('./pages/LoadsPage')).LoadsPage }) },
  { path: adminPaths.subgroups, lazy: async () => ({ Component: (await import('./pages/SubgroupsPage')).SubgroupsPage }) },
  { path: adminPaths.people, lazy: async () => ({ Component: (await import('./pages/PeoplePage')).PeoplePage }) },
  { path: '/admin/people/:personId', lazy: async () => ({ Component: (await import('./pages/PersonPage')).PersonPage }) },
];

const admins = { roles: ['administrator'] } as const;
/** A class teacher manages the logins and the subgroups of their own class [002 §3.2], [003 §3.2]. */
const adminsAndClassTeachers = { when: (me: Parameters<typeof isClassTeacher>[0]) => hasRole(me, 'administrator') || isClassTeacher(me) };

export const navItems: NavItem[] = [
  { id: 'admin-school', to: adminPaths.school, label: 'admin.nav.school', audience: admins, order: 79 },
  { id: 'admin-import', to: adminPaths.import, label: 'admin.nav.import', audience: admins, order: 80 },
  { id: 'admin-credentials', to: adminPaths.credentials, label: 'admin.nav.credentials', audience: adminsAndClassTeachers, order: 81 },
  { id: 'admin-timetable', to: adminPaths.timetable, label: 'admin.nav.timetable', audience: admins, order: 82 },
  // Daily work of the administrator: a sick teacher's lessons, a moved lesson [DOMAIN §2], [001 §5.4.2].
  { id: 'admin-bells', to: adminPaths.bells, label: 'admin.nav.bells', audience: admins, order: 82.2 },
  { id: 'admin-lesson-changes', to: adminPaths.lessonChanges, label: 'admin.nav.lessonChanges', audience: admins, order: 82.5 },
  { id: 'admin-years', to: adminPaths.years, label: 'admin.nav.years', audience: admins, order: 83 },
  { id: 'admin-year-end', to: adminPaths.yearEnd, label: 'admin.nav.yearEnd', audience: admins, order: 83.5 },
  { id: 'admin-classes', to: adminPaths.classes, label: 'admin.nav.classes', audience: admins, order: 84 },
  { id: 'admin-movements', to: adminPaths.movements, label: 'admin.nav.movements', audience: admins, order: 84.5 },
  { id: 'admin-subjects', to: adminPaths.subjects, label: 'admin.nav.subjects', audience: admins, order: 85 },
  { id: 'admin-curriculum', to: adminPaths.curriculum, label: 'admin.nav.curriculum', audience: admins, order: 86 },
  { id: 'admin-loads', to: adminPaths.loads, label: 'admin.nav.loads', audience: admins, order: 87 },
  { id: 'admin-subgroups', to: adminPaths.subgroups, label: 'admin.nav.subgroups', audience: adminsAndClassTeachers, order: 88 },
  // [000 §4.1] [004 class teacher] the class teacher keeps the cards of their class (the page shows that class only).
  { id: 'admin-people', to: adminPaths.people, label: 'admin.nav.people', audience: adminsAndClassTeachers, order: 89 },
];
