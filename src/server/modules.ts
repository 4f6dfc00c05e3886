import type { FastifyInstance } from 'fastify';
import { archiveRoutes } from '../modules/archive/archive.routes';
import { authRoutes } from '../modules/auth/auth.routes';
import type { AuthService } from '../modules/auth/auth.service';
import { diaryRoutes } from '../modules/diary/diary.routes';
import { finalsRoutes } from '../modules/finals/finals.routes';
import { importRoutes } from '../modules/imports/import.routes';
import { journalRoutes } from '../modules/journal/journal.routes';
import { communicationRoutes } from '../modules/messages/communication.routes';
import { peopleRoutes } from '../modules/people/people.routes';
import { reportsRoutes } from '../modules/reports/reports.routes';
import { schoolRoutes } from '../modules/school/school.routes';
import { structureRoutes } from '../modules/structure/structure.routes';
import type { Deps } from './context';

/** Every business area registers its routes here; each area is a folder under src/modules. */
export async function registerModules(app: FastifyInstance, deps: Deps, ctx: { auth: AuthService; cookieName: string }) {
  await authRoutes(app, deps, ctx.auth, ctx.cookieName);
  await schoolRoutes(app, deps);
  await structureRoutes(app, deps);
  await peopleRoutes(app, deps);
  await importRoutes(app, deps);
  await journalRoutes(app, deps);
  await finalsRoutes(app, deps);
  await diaryRoutes(app, deps);
  await communicationRoutes(app, deps);
  await reportsRoutes(app, deps);
  await archiveRoutes(app, deps);
}
