import type { RouteObject } from 'react-router';
import type { NavItem } from '../../app/feature';
import { archivePaths } from './paths';

/**
 * The archive of journals [002 §4.7], [003 §6.4]: the printed class journal (PDF) of a year or a period,
 * with its binding certificate, and the class's year-end archive (ZIP) — for the archivist, the ICT
 * deputy, the director and the administrator (policy action `school.archive`). The server checks every
 * download; the menu only hides what a user cannot use.
 */
export const routes: RouteObject[] = [
  { path: archivePaths.home, lazy: async () => ({ Component: (await import('./pages/ArchivePage')).ArchivePage }) },
];

export const navItems: NavItem[] = [
  {
    id: 'archive',
    to: archivePaths.home,
    label: 'archive.nav',
    audience: { roles: ['archivist', 'administrator', 'director', 'deputy', 'deputy_ict'] },
    order: 76,
  },
];
