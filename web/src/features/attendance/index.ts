import type { RouteObject } from 'react-router';
import type { NavItem } from '../../app/feature';
import { isClassTeacher } from '../../lib/session';

/** The class teacher's weekly attendance review and correction [000 §4.2], [001 §5.3.2]. */

export const ATTENDANCE_WEEK_PATH = '/attendance/week';

export const routes: RouteObject[] = [
  { path: ATTENDANCE_WEEK_PATH, lazy: async () => ({ Component: (await import('./pages/ClassWeekPage')).ClassWeekPage }) },
];

export const navItems: NavItem[] = [
  { id: 'attendance-week', to: ATTENDANCE_WEEK_PATH, label: 'journal.attendanceNav', audience: { when: isClassTeacher }, order: 20 },
];
