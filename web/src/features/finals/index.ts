import type { RouteObject } from 'react-router';
import type { NavItem } from '../../app/feature';
import { hasRole, isClassTeacher } from '../../lib/session';
import { finalsPaths } from './paths';

/**
 * Final marks [DOMAIN §6]: the finals screen of a journal page (proposal and decision side by side,
 * «Подтвердить все», override a cell) and the class's summary sheet with its PDF and XLSX.
 */

export const routes: RouteObject[] = [
  { path: finalsPaths.pages, lazy: async () => ({ Component: (await import('./pages/FinalsPagesPage')).FinalsPagesPage }) },
  { path: '/finals/:pageId', lazy: async () => ({ Component: (await import('./pages/PageFinalsPage')).PageFinalsPage }) },
  { path: finalsPaths.sheets, lazy: async () => ({ Component: (await import('./pages/SummarySheetsPage')).SummarySheetsPage }) },
  { path: '/summary-sheet/:classId', lazy: async () => ({ Component: (await import('./pages/SummarySheetPage')).SummarySheetPage }) },
];

export const navItems: NavItem[] = [
  // The page's teacher writes; the class teacher and the administration read [003 §2.6].
  {
    id: 'finals',
    to: finalsPaths.pages,
    label: 'nav.finals',
    audience: { roles: ['teacher', 'administrator', 'director', 'deputy'] },
    order: 40,
  },
  // [003 §2.5] summary forms only for staff who need them: the administration and class teachers.
  {
    id: 'summary-sheet',
    to: finalsPaths.sheets,
    label: 'nav.summarySheet',
    audience: { when: (me) => hasRole(me, 'administrator', 'director', 'deputy') || isClassTeacher(me) },
    order: 45,
  },
];
