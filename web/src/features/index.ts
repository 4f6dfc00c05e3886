import type { Feature } from '../app/feature';
/*
 * The features of the web app, one import line each. A feature folder exports `routes` and `navItems`
 * (and optionally `publicRoutes`, `accountRoutes`, `slots`); the shell builds the router and the menu
 * from this list. Order here is the order of slot contributions; the menu is ordered by `order`.
 */
import * as admin from './admin';
import * as archive from './archive';
import * as attendance from './attendance';
import * as audit from './audit';
import * as auth from './auth';
import * as diary from './diary';
import * as finals from './finals';
import * as home from './home';
import * as journal from './journal';
import * as messages from './messages';
import * as news from './news';
import * as reports from './reports';

export const features: readonly Feature[] = [
  home,
  auth,
  finals,
  journal,
  attendance,
  diary,
  reports,
  messages,
  news,
  admin,
  archive,
  audit,
];
