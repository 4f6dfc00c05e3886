import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../server/context';
import { errorSchema } from '../auth/auth.schemas';
import {
  confirmBodySchema,
  finalHistorySchema,
  finalKindSchema,
  finalsQuerySchema,
  finalsViewSchema,
  savedFinalSchema,
  saveOneBodySchema,
  summarySheetSchema,
} from './finals.schemas';
import { makeFinalsService } from './finals.service';
import { makeSummarySheetService } from './summary-sheet.service';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema, 423: errorSchema };
const idParam = z.object({ id: z.string().max(64) });
const yearQuery = z.object({ yearId: z.string().max(64).optional() });

/** A generated document, as a download with a Russian file name. */
function sendDocument(reply: FastifyReply, doc: { fileName: string; contentType: string; body: Buffer }) {
  return reply
    .header('Content-Type', doc.contentType)
    .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`)
    .header('Cache-Control', 'private, no-store')
    .send(doc.body);
}

export async function finalsRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const finals = makeFinalsService(deps);
  const sheets = makeSummarySheetService(deps);

  r.get(
    '/api/pages/:id/finals',
    {
      schema: {
        tags: ['finals'],
        summary: 'Итоговые отметки страницы: предложение системы и решение учителя по каждому ученику, срок и блокировка',
        params: idParam,
        querystring: finalsQuerySchema,
        response: { 200: finalsViewSchema, ...errors },
      },
    },
    async (req) => finals.view(req.actor!, req.params.id, req.query),
  );

  r.post(
    '/api/pages/:id/finals/confirm',
    {
      schema: {
        tags: ['finals'],
        summary: 'Подтвердить предложения (без value) или выставить свои отметки (value) для нескольких учеников; всё или ничего',
        params: idParam,
        body: confirmBodySchema,
        response: { 200: finalsViewSchema, ...errors },
      },
    },
    async (req) => finals.confirm(req.actor!, req.params.id, req.body),
  );

  r.put(
    '/api/finals',
    {
      schema: {
        tags: ['finals'],
        summary: 'Поставить или изменить одну итоговую отметку (version — прочитанная версия, null для пустой клетки)',
        body: saveOneBodySchema,
        response: { 200: savedFinalSchema, ...errors },
      },
    },
    async (req) => finals.saveOne(req.actor!, req.body),
  );

  r.get(
    '/api/pages/:id/finals/history',
    {
      schema: {
        tags: ['finals'],
        summary: 'История итоговой отметки ученика: кто, когда, было, стало',
        params: idParam,
        querystring: z.object({ studentId: z.uuid(), kind: finalKindSchema, periodId: z.uuid().optional() }),
        response: { 200: finalHistorySchema, ...errors },
      },
    },
    async (req) => finals.history(req.actor!, req.params.id, req.query),
  );

  r.get(
    '/api/classes/:id/summary-sheet',
    {
      schema: {
        tags: ['finals'],
        summary: 'Сводная ведомость успеваемости класса за учебный год',
        params: idParam,
        querystring: yearQuery,
        response: { 200: summarySheetSchema, ...errors },
      },
    },
    async (req) => sheets.summarySheet(req.actor!, req.params.id, req.query.yearId),
  );

  r.get(
    '/api/classes/:id/summary-sheet.pdf',
    {
      schema: {
        tags: ['finals'],
        summary: 'Сводная ведомость в PDF (A4, альбомная)',
        params: idParam,
        querystring: yearQuery,
        produces: ['application/pdf'],
      },
    },
    async (req, reply) => sendDocument(reply, await sheets.summarySheetDocument(req.actor!, req.params.id, 'pdf', req.query.yearId)),
  );

  r.get(
    '/api/classes/:id/summary-sheet.xlsx',
    {
      schema: {
        tags: ['finals'],
        summary: 'Сводная ведомость в XLSX',
        params: idParam,
        querystring: yearQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (req, reply) => sendDocument(reply, await sheets.summarySheetDocument(req.actor!, req.params.id, 'xlsx', req.query.yearId)),
  );
}
