import type { FastifyInstance } from 'fastify';
import { authRoutes } from '../modules/auth/auth.routes';
import type { AuthService } from '../modules/auth/auth.service';
import { journalRoutes } from '../modules/journal/journal.routes';
import { schoolRoutes } from '../modules/school/school.routes';
import type { Deps } from './context';

/** Every business area registers its routes here; each area is a folder under src/modules. */
export async function registerModules(app: FastifyInstance, deps: Deps, ctx: { auth: AuthService; cookieName: string }) {
  await authRoutes(app, deps, ctx.auth, ctx.cookieName);
  await schoolRoutes(app, deps);
  await journalRoutes(app, deps);
}
