import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../server/context';
import { errorSchema } from '../auth/auth.schemas';
import { archiveCatalogueSchema, archiveQuery, classParams, journalQuery } from './archive.schemas';
import { type DownloadedFile, makeArchiveService } from './archive.service';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };

/** A generated file, as a download with a Russian file name. */
function send(reply: FastifyReply, file: DownloadedFile) {
  return reply
    .header('Content-Type', file.contentType)
    .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .header('Cache-Control', 'private, no-store')
    .send(file.body);
}

/** The paper journal and the year-end archive [004], [002 §4.1], [002 §4.7], [003 §6.4]. */
export async function archiveRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = makeArchiveService(deps);
  const tags = ['archive'];

  r.get(
    '/api/archive/catalogue',
    {
      schema: {
        tags,
        summary: 'Архив журналов: учебные годы (в том числе закрытые) с классами и периодами, доступные для выгрузки',
        response: { 200: archiveCatalogueSchema, ...errors },
      },
    },
    async (req) => svc.catalogue(req.actor!),
  );

  r.get(
    '/api/classes/:id/journal.pdf',
    {
      schema: {
        tags,
        summary:
          'Печатная форма классного журнала (PDF, A4): титульный лист, развороты по предметам и месяцам, сводная ведомость, лист заверения с числом листов',
        params: classParams,
        querystring: journalQuery,
        produces: ['application/pdf'],
        response: errors,
      },
    },
    async (req, reply) => send(reply, await svc.journalPdf(req.actor!, req.params.id, req.query)),
  );

  r.get(
    '/api/classes/:id/archive.zip',
    {
      schema: {
        tags,
        summary:
          'Архив класса за учебный год (ZIP): печатный журнал, сводная ведомость (PDF, XLSX), уроки, отметки, посещаемость и итоговые отметки (CSV, XLSX), опись с SHA-256',
        params: classParams,
        querystring: archiveQuery,
        produces: ['application/zip'],
        response: errors,
      },
    },
    async (req, reply) => send(reply, await svc.archiveZip(req.actor!, req.params.id, req.query)),
  );
}
