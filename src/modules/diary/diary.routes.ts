import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../server/context';
import { errorSchema } from '../auth/auth.schemas';
import {
  feedCreateBody,
  feedCreatedOut,
  feedsOut,
  finalsOut,
  finalsQuery,
  homeworkOut,
  homeworkQuery,
  marksOut,
  marksQuery,
  studentParams,
  weekOut,
  weekQuery,
} from './diary.schemas';
import { makeDiaryService } from './diary.service';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };

/** [DOMAIN §7] the diary of students and parents: read-only, only one's own [000 §3.6], day and night [002 §6.1]. */
export async function diaryRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = makeDiaryService(deps);
  app.addHook('onClose', async () => {
    await svc.flushViews();
  });
  const baseUrl = (req: FastifyRequest) => deps.config.PUBLIC_URL?.replace(/\/$/, '') ?? `${req.protocol}://${req.host}`;

  r.get(
    '/api/diary',
    {
      schema: {
        tags: ['diary'],
        summary: 'Дневник по дням: уроки со временем, темы, домашние задания, отметки, пропуски (до 31 дня)',
        querystring: weekQuery,
        response: { 200: weekOut, ...errors },
      },
    },
    // The week's JSON text, often from memory: sent as it is, not serialised again.
    async (req, reply) => reply.type('application/json; charset=utf-8').send((await svc.weekJson(req.actor!, req.query)) as never),
  );

  r.get(
    '/api/students/:id/marks',
    {
      schema: {
        tags: ['diary'],
        summary: 'Отметки ученика за период по предметам: средний балл, динамика, итоговые, «что нужно»',
        params: studentParams,
        querystring: marksQuery,
        response: { 200: marksOut, ...errors },
      },
    },
    async (req) => svc.marks(req.actor!, req.params.id, req.query),
  );

  r.get(
    '/api/students/:id/finals',
    {
      schema: {
        tags: ['diary'],
        summary: 'Итоговые отметки ученика за учебный год: четвертные (полугодовые), годовые, экзаменационные, итоговые',
        params: studentParams,
        querystring: finalsQuery,
        response: { 200: finalsOut, ...errors },
      },
    },
    async (req) => svc.finals(req.actor!, req.params.id, req.query),
  );

  r.get(
    '/api/students/:id/homework',
    {
      schema: {
        tags: ['diary'],
        summary: 'Домашние задания ученика по сроку сдачи (до 31 дня)',
        params: studentParams,
        querystring: homeworkQuery,
        response: { 200: homeworkOut, ...errors },
      },
    },
    async (req) => svc.homework(req.actor!, req.params.id, req.query),
  );

  r.get(
    '/api/diary/calendar-feeds',
    { schema: { tags: ['diary'], summary: 'Мои ссылки на календарь (iCal) дневника', response: { 200: feedsOut, ...errors } } },
    async (req) => svc.listFeeds(req.actor!),
  );

  r.post(
    '/api/diary/calendar-feeds',
    {
      schema: {
        tags: ['diary'],
        summary: 'Создать личную ссылку на календарь (iCal) с расписанием и домашними заданиями ученика',
        body: feedCreateBody,
        response: { 200: feedCreatedOut, ...errors },
      },
    },
    async (req) => svc.createFeed(req.actor!, req.body, baseUrl(req)),
  );

  r.delete(
    '/api/diary/calendar-feeds/:id',
    {
      schema: {
        tags: ['diary'],
        summary: 'Отозвать ссылку на календарь: она сразу перестаёт работать',
        params: z.object({ id: z.string().max(64) }),
        response: { 200: z.object({ ok: z.literal(true) }), ...errors },
      },
    },
    async (req) => svc.revokeFeed(req.actor!, req.params.id),
  );

  r.get(
    '/ical/:file',
    {
      config: { auth: 'public' },
      // The URL is the secret: keep it out of the request log.
      logLevel: 'warn',
      schema: {
        tags: ['diary'],
        summary: 'Календарь ученика в формате iCalendar (RFC 5545) по личной ссылке {token}.ics: уроки ±4 недели и домашние задания',
        params: z.object({ file: z.string().max(200) }),
        security: [],
        produces: ['text/calendar'],
      },
    },
    async (req, reply) => {
      const body = await svc.calendar(req.params.file);
      return reply
        .header('Content-Type', 'text/calendar; charset=utf-8')
        .header('Content-Disposition', 'inline; filename="diary.ics"')
        .header('Cache-Control', 'private, max-age=900')
        .send(body);
    },
  );
}
