import type { RouteObject } from 'react-router';
import type { NavItem } from '../../app/feature';
import { journalPaths } from './paths';

/**
 * The teacher's journal: the list of pages (own; the class's for a class teacher; all for the
 * administration) and a page with its grid, lesson panel and history [DOMAIN §3–5].
 */

export const routes: RouteObject[] = [
  { path: journalPaths.list, lazy: async () => ({ Component: (await import('./pages/JournalListPage')).JournalListPage }) },
  { path: `${journalPaths.list}/:pageId`, lazy: async () => ({ Component: (await import('./pages/JournalPage')).JournalPage }) },
  { path: `${journalPaths.list}/:pageId/plan`, lazy: async () => ({ Component: (await import('./pages/PlanEditorPage')).PlanEditorPage }) },
];

export const navItems: NavItem[] = [
  {
    id: 'journal',
    to: journalPaths.list,
    label: 'journal.nav',
    audience: { roles: ['teacher', 'administrator', 'director', 'deputy'] },
    order: 10,
  },
];
