import type { RouteObject } from 'react-router';
import type { NavItem } from '../../app/feature';
import { paths } from '../../app/paths';

/** The start page with a block per role. */

export const routes: RouteObject[] = [{ path: paths.home, lazy: async () => ({ Component: (await import('./HomePage')).HomePage }) }];

export const navItems: NavItem[] = [{ id: 'home', to: paths.home, label: 'nav.home', audience: {}, order: 0, end: true }];
