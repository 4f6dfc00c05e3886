import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../server/context';
import { consentRoutes } from '../consent/consent.routes';
import { filesSectionRoutes } from '../files-section/files-section.routes';
import { newsRoutes } from '../news/news.routes';
import { notificationsRoutes } from '../notifications/notifications.routes';
import { messagesRoutes } from './messages.routes';

/** Communication (issue 7): messages, news and calendar, the files section, notifications, consent [DOMAIN §8, §11]. */
export async function communicationRoutes(app: FastifyInstance, deps: Deps) {
  await messagesRoutes(app, deps);
  await newsRoutes(app, deps);
  await filesSectionRoutes(app, deps);
  await notificationsRoutes(app, deps);
  await consentRoutes(app, deps);
}
