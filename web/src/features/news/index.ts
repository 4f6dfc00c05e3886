import type { RouteObject } from 'react-router';
import type { NavItem } from '../../app/feature';
import { newsPaths } from './paths';

/**
 * [001 §2.2] news, announcements and the events calendar of «Школа», a class and «Учительская»;
 * [001 §2.3] the «Файлы» section with a folder per school year.
 */
export const routes: RouteObject[] = [
  { path: newsPaths.list, lazy: async () => ({ Component: (await import('./pages/NewsPage')).NewsPage }) },
  { path: '/news/:id', lazy: async () => ({ Component: (await import('./pages/PostPage')).PostPage }) },
  { path: newsPaths.calendar, lazy: async () => ({ Component: (await import('./pages/CalendarPage')).CalendarPage }) },
  { path: newsPaths.files, lazy: async () => ({ Component: (await import('./pages/FilesPage')).FilesPage }) },
];

export const navItems: NavItem[] = [
  { id: 'news', to: newsPaths.list, label: 'nav.news', audience: {}, order: 32 },
  { id: 'calendar', to: newsPaths.calendar, label: 'nav.calendar', audience: {}, order: 33 },
  { id: 'files', to: newsPaths.files, label: 'nav.files', audience: {}, order: 34 },
];
