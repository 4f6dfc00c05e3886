import type { RouteObject } from 'react-router';
import type { NavItem } from '../../app/feature';
import { hasRole, isClassTeacher } from '../../lib/session';
import { messagesPaths } from './paths';

/**
 * Communication [DOMAIN §8]: messages between teachers, parents and students [000 §2.6], notifications
 * and their settings, consents and letters to parents [000 §4.3], [003 §5.2], teachers' mailings [004].
 */

export const routes: RouteObject[] = [
  { path: messagesPaths.inbox, lazy: async () => ({ Component: (await import('./pages/InboxPage')).InboxPage }) },
  { path: messagesPaths.compose, lazy: async () => ({ Component: (await import('./pages/ComposePage')).ComposePage }) },
  { path: messagesPaths.reports, lazy: async () => ({ Component: (await import('./pages/ReportsPage')).ReportsPage }) },
  { path: '/messages/:id', lazy: async () => ({ Component: (await import('./pages/ThreadPage')).ThreadPage }) },
  { path: messagesPaths.notifications, lazy: async () => ({ Component: (await import('./pages/NotificationsPage')).NotificationsPage }) },
  { path: messagesPaths.settings, lazy: async () => ({ Component: (await import('./pages/SettingsPage')).SettingsPage }) },
  { path: messagesPaths.parents, lazy: async () => ({ Component: (await import('./pages/ClassParentsPage')).ClassParentsPage }) },
  { path: messagesPaths.mailings, lazy: async () => ({ Component: (await import('./pages/MailingsPage')).MailingsPage }) },
];

export const navItems: NavItem[] = [
  { id: 'messages', to: messagesPaths.inbox, label: 'nav.messages', audience: {}, order: 30 },
  { id: 'notifications', to: messagesPaths.notifications, label: 'nav.notifications', audience: {}, order: 31 },
  // [000 §4.1], [003 §5.2] the class teacher keeps parents' consents and sends them letters.
  {
    id: 'class-parents',
    to: messagesPaths.parents,
    label: 'nav.classParents',
    audience: { when: (me) => isClassTeacher(me) || hasRole(me, 'administrator', 'director', 'deputy') },
    order: 47,
  },
  // [004 teacher] e-mail mailings to the parents of the teacher's classes.
  {
    id: 'mailings',
    to: messagesPaths.mailings,
    label: 'nav.mailings',
    audience: { roles: ['teacher', 'administrator', 'director', 'deputy'] },
    order: 48,
  },
  {
    id: 'notification-settings',
    to: messagesPaths.settings,
    label: 'nav.notificationSettings',
    audience: {},
    order: 905,
    group: 'account',
  },
];
