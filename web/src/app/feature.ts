import type { RouteObject } from 'react-router';
import type { MessageKey } from '../lib/i18n';
import type { Audience } from '../lib/session';
import type { SlotContributions } from './registry';

/** One entry of the menu. The shell shows it only to users its audience allows. */
export interface NavItem {
  /** Stable id (tests and keys). */
  id: string;
  /** Where it leads; an absolute path of one of the feature's routes. */
  to: string;
  /** Catalogue key of the label. */
  label: MessageKey;
  /** Roles and/or condition that may use it. */
  audience: Audience;
  /** Position in the menu: lower first. Home is 0, account items are 900+. */
  order: number;
  /** `main` items first, `account` items (sessions, password) after a divider. */
  group?: 'main' | 'account';
  /** Active only on an exact match (the home page); otherwise also on sub-paths. */
  end?: boolean;
}

/**
 * What a feature folder (web/src/features/<area>/index.ts) exports. The shell builds the router and
 * the menu from these, so a new feature never edits the shell.
 */
export interface Feature {
  /** Pages inside the signed-in shell (header + menu); guarded by sign-in and forced steps. */
  routes: RouteObject[];
  /** Menu entries for the pages above. */
  navItems: NavItem[];
  /** Pages for signed-in users outside the shell, reachable while a forced step (new password, TOTP) is pending. */
  accountRoutes?: RouteObject[];
  /** Pages open without signing in (the sign-in page). */
  publicRoutes?: RouteObject[];
  /** Components the feature adds to named places in other features' pages (see app/registry.tsx). */
  slots?: SlotContributions;
}
