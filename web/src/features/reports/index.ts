import type { RouteObject } from 'react-router';
import type { NavItem } from '../../app/feature';
import { hasRole } from '../../lib/session';
import { reportsPaths } from './paths';

/**
 * Reports and control [DOMAIN §9]: journal-keeping control with drill-down, activity, performance and
 * quality, attendance, the teacher's and the class teacher's analyses, and the region view — each on
 * screen with charts and as PDF and XLSX drawn from the same structure.
 */
export const routes: RouteObject[] = [
  { path: reportsPaths.home, lazy: async () => ({ Component: (await import('./pages/ReportsHomePage')).ReportsHomePage }) },
  { path: reportsPaths.control, lazy: async () => ({ Component: (await import('./pages/ControlReportPage')).ControlReportPage }) },
  { path: '/reports/control/pages/:pageId', lazy: async () => ({ Component: (await import('./pages/ControlPagePage')).ControlPagePage }) },
  {
    path: reportsPaths.performance,
    lazy: async () => ({ Component: (await import('./pages/PerformanceReportPage')).PerformanceReportPage }),
  },
  { path: reportsPaths.attendance, lazy: async () => ({ Component: (await import('./pages/AttendanceReportPage')).AttendanceReportPage }) },
  { path: reportsPaths.activity, lazy: async () => ({ Component: (await import('./pages/ActivityReportPage')).ActivityReportPage }) },
  {
    path: '/reports/class-analysis/:classId',
    lazy: async () => ({ Component: (await import('./pages/ClassAnalysisPage')).ClassAnalysisPage }),
  },
  {
    path: '/reports/subject-analysis/:pageId',
    lazy: async () => ({ Component: (await import('./pages/SubjectAnalysisPage')).SubjectAnalysisPage }),
  },
  { path: reportsPaths.region, lazy: async () => ({ Component: (await import('./pages/RegionReportPage')).RegionReportPage }) },
];

export const navItems: NavItem[] = [
  {
    id: 'reports',
    to: reportsPaths.home,
    label: 'nav.reports',
    // staff who report or are reported on; a regional methodologist holds no school role at all
    audience: { when: (me) => hasRole(me, 'administrator', 'director', 'deputy', 'teacher') || me.schools.length === 0 },
    order: 70,
  },
];
