import type { RouteObject } from 'react-router';
import type { NavItem } from '../../app/feature';
import type { SlotContributions } from '../../app/registry';
import { DiaryHomeCard } from './components/DiaryHomeCard';
import { diaryPaths } from './paths';

/**
 * The diary of students and parents [DOMAIN §7]: the week day by day, marks by subject with the trend
 * and «что нужно», final marks of every year, homework by due date, a private calendar link.
 * Read-only, and only one's own [000 §3.6]; a parent switches between children.
 */

export const routes: RouteObject[] = [
  { path: diaryPaths.week, lazy: async () => ({ Component: (await import('./pages/WeekPage')).WeekPage }) },
  { path: diaryPaths.subjects, lazy: async () => ({ Component: (await import('./pages/SubjectsPage')).SubjectsPage }) },
  { path: '/diary/subjects/:subjectId', lazy: async () => ({ Component: (await import('./pages/SubjectPage')).SubjectPage }) },
  { path: diaryPaths.finals, lazy: async () => ({ Component: (await import('./pages/FinalsPage')).FinalsPage }) },
  { path: diaryPaths.homework, lazy: async () => ({ Component: (await import('./pages/HomeworkPage')).HomeworkPage }) },
  { path: diaryPaths.calendar, lazy: async () => ({ Component: (await import('./pages/CalendarPage')).CalendarPage }) },
];

export const navItems: NavItem[] = [
  // Families only: staff read a pupil's journal pages, not the diary screens.
  {
    id: 'diary',
    to: diaryPaths.week,
    label: 'nav.diary',
    audience: { when: (me) => me.children.length > 0 || me.student !== null },
    order: 5,
  },
];

export const slots: SlotContributions = { 'diary.person': DiaryHomeCard };
