import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../server/context';
import { errorSchema } from '../auth/auth.schemas';
import { makeNewsService } from './news.service';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };
const id = z.string().max(64);
const ok = z.object({ ok: z.literal(true) });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'дата в формате ГГГГ-ММ-ДД');
const kind = z.enum(['news', 'announcement', 'event']);
const audience = z.enum(['school', 'class', 'staff']);

const post = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    kind,
    audience,
    classId: z.uuid().nullable(),
    className: z.string().nullable(),
    title: z.string(),
    body: z.string(),
    eventDate: z.string().nullable(),
    eventEndDate: z.string().nullable(),
    eventTime: z.string().nullable(),
    eventPlace: z.string().nullable(),
    authorId: z.uuid(),
    authorName: z.string(),
    publishedAt: z.string(),
    updatedAt: z.string(),
    readByMe: z.boolean(),
    readCount: z.number().int(),
    canEdit: z.boolean(),
  })
  .meta({ id: 'NewsPost' });

const postBody = z.object({
  schoolId: z.uuid().optional(),
  kind,
  audience,
  classId: z.uuid().nullable().optional(),
  title: z.string().trim().min(1, 'Введите заголовок').max(200),
  body: z.string().trim().min(1, 'Введите текст').max(20_000),
  eventDate: isoDate.nullable().optional(),
  eventEndDate: isoDate.nullable().optional(),
  eventTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'время в формате ЧЧ:ММ')
    .nullable()
    .optional(),
  eventPlace: z.string().trim().max(200).nullable().optional(),
});

export async function newsRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = makeNewsService(deps);

  r.get(
    '/api/news',
    {
      schema: {
        tags: ['news'],
        summary: 'Новости, объявления и события: «Школа», класс, «Учительская» (только сотрудники)',
        querystring: z.object({
          kind: kind.optional(),
          audience: audience.optional(),
          classId: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(200).optional(),
          offset: z.coerce.number().int().min(0).max(100_000).optional(),
        }),
        response: { 200: z.array(post), ...errors },
      },
    },
    async (req) => svc.list(req.actor!, req.query),
  );

  r.get(
    '/api/news/calendar',
    {
      schema: {
        tags: ['news'],
        summary: 'Календарь событий за период',
        querystring: z.object({ from: isoDate, to: isoDate }),
        response: { 200: z.array(post), ...errors },
      },
    },
    async (req) => svc.calendar(req.actor!, req.query),
  );

  r.get(
    '/api/news/:id',
    { schema: { tags: ['news'], summary: 'Публикация', params: z.object({ id }), response: { 200: post, ...errors } } },
    async (req) => svc.get(req.actor!, req.params.id),
  );

  r.post(
    '/api/news',
    {
      schema: {
        tags: ['news'],
        summary: 'Опубликовать новость, объявление или событие',
        body: postBody,
        response: { 200: post, ...errors },
      },
    },
    async (req) => svc.create(req.actor!, req.body),
  );

  r.put(
    '/api/news/:id',
    {
      schema: {
        tags: ['news'],
        summary: 'Изменить публикацию (автор, администрация)',
        params: z.object({ id }),
        body: postBody,
        response: { 200: post, ...errors },
      },
    },
    async (req) => svc.update(req.actor!, req.params.id, req.body),
  );

  r.delete(
    '/api/news/:id',
    {
      schema: {
        tags: ['news'],
        summary: 'Удалить публикацию (автор, администрация)',
        params: z.object({ id }),
        response: { 200: ok, ...errors },
      },
    },
    async (req) => svc.remove(req.actor!, req.params.id),
  );

  r.post(
    '/api/news/:id/read',
    { schema: { tags: ['news'], summary: 'Подтвердить прочтение', params: z.object({ id }), response: { 200: ok, ...errors } } },
    async (req) => svc.markRead(req.actor!, req.params.id),
  );

  r.get(
    '/api/news/:id/receipts',
    {
      schema: {
        tags: ['news'],
        summary: 'Кто прочитал публикацию (автор, администрация)',
        params: z.object({ id }),
        response: {
          200: z.object({
            total: z.number().int(),
            read: z.number().int(),
            people: z.array(z.object({ personId: z.uuid(), name: z.string(), roleLabel: z.string(), readAt: z.string().nullable() })),
          }),
          ...errors,
        },
      },
    },
    async (req) => svc.receipts(req.actor!, req.params.id),
  );
}
