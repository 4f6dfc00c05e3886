import type { RouteObject } from 'react-router';
import type { NavItem } from '../../app/feature';
import { paths } from '../../app/paths';

/** Sign-in, the forced account steps, and the user's own sessions. */

export const publicRoutes: RouteObject[] = [
  { path: paths.login, lazy: async () => ({ Component: (await import('./pages/LoginPage')).LoginPage }) },
];

export const accountRoutes: RouteObject[] = [
  { path: paths.changePassword, lazy: async () => ({ Component: (await import('./pages/ChangePasswordPage')).ChangePasswordPage }) },
  { path: paths.totpSetup, lazy: async () => ({ Component: (await import('./pages/TotpSetupPage')).TotpSetupPage }) },
];

export const routes: RouteObject[] = [
  { path: paths.sessions, lazy: async () => ({ Component: (await import('./pages/SessionsPage')).SessionsPage }) },
];

export const navItems: NavItem[] = [
  { id: 'sessions', to: paths.sessions, label: 'nav.sessions', audience: {}, order: 900, group: 'account' },
  { id: 'password', to: paths.changePassword, label: 'nav.password', audience: {}, order: 910, group: 'account' },
];
