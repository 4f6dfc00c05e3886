import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { safeFileName } from '../../domain/messaging';
import type { Deps } from '../../server/context';
import { AppError } from '../../server/errors';
import { errorSchema } from '../auth/auth.schemas';
import { makeMessagesService } from './messages.service';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };
const id = z.string().max(64);
const ok = z.object({ ok: z.literal(true) });
const subject = z.string().trim().min(1, 'Введите тему').max(200);
const body = z.string().trim().min(1, 'Введите текст сообщения').max(20_000);
const attachmentIds = z.array(z.uuid()).max(10).optional();
const fileRef = z.object({ id: z.uuid(), name: z.string(), size: z.number().int(), contentType: z.string() }).meta({ id: 'MessageFile' });

const recipient = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    name: z.string(),
    roles: z.array(z.string()),
    roleLabel: z.string(),
    description: z.string().nullable(),
  })
  .meta({ id: 'MessageRecipient' });

const threadSummary = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    subject: z.string(),
    lastMessageAt: z.string(),
    archived: z.boolean(),
    unread: z.number().int(),
    lastMessage: z.object({ body: z.string(), senderName: z.string(), createdAt: z.string() }).nullable(),
    participants: z.array(z.object({ id: z.uuid(), name: z.string() })),
  })
  .meta({ id: 'MessageThreadSummary' });

const thread = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    subject: z.string(),
    archived: z.boolean(),
    myPersonId: z.uuid(),
    canReply: z.boolean(),
    participants: z.array(z.object({ id: z.uuid(), name: z.string(), roleLabel: z.string(), isMe: z.boolean() })),
    messages: z.array(
      z.object({
        id: z.uuid(),
        senderId: z.uuid(),
        senderName: z.string(),
        body: z.string(),
        createdAt: z.string(),
        mine: z.boolean(),
        unread: z.boolean(),
        files: z.array(fileRef),
      }),
    ),
  })
  .meta({ id: 'MessageThread' });

const report = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    messageId: z.uuid(),
    reason: z.string(),
    messageText: z.string(),
    reporterName: z.string(),
    senderId: z.uuid(),
    senderName: z.string(),
    createdAt: z.string(),
    resolvedAt: z.string().nullable(),
    resolution: z.string().nullable(),
  })
  .meta({ id: 'MessageReport' });

export async function messagesRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = makeMessagesService(deps);

  r.get(
    '/api/messages/recipients',
    {
      schema: {
        tags: ['messages'],
        summary: 'Кому можно написать (поиск по имени)',
        querystring: z.object({
          schoolId: z.uuid().optional(),
          q: z.string().max(100).optional(),
          limit: z.coerce.number().int().min(1).max(200).optional(),
        }),
        response: { 200: z.array(recipient), ...errors },
      },
    },
    async (req) => svc.recipients(req.actor!, req.query),
  );

  r.get(
    '/api/messages/threads',
    {
      schema: {
        tags: ['messages'],
        summary: 'Мои переписки (входящие или архив), поиск по теме и тексту',
        querystring: z.object({
          q: z.string().max(100).optional(),
          archived: z.enum(['true', 'false']).optional(),
          limit: z.coerce.number().int().min(1).max(200).optional(),
          offset: z.coerce.number().int().min(0).max(100_000).optional(),
        }),
        response: { 200: z.array(threadSummary), ...errors },
      },
    },
    async (req) => svc.list(req.actor!, { ...req.query, archived: req.query.archived === 'true' }),
  );

  r.get(
    '/api/messages/unread',
    {
      schema: {
        tags: ['messages'],
        summary: 'Число непрочитанных сообщений',
        response: { 200: z.object({ messages: z.number().int(), threads: z.number().int() }), ...errors },
      },
    },
    async (req) => svc.unread(req.actor!),
  );

  r.post(
    '/api/messages/threads',
    {
      schema: {
        tags: ['messages'],
        summary: 'Написать сообщение (несколько семей получают отдельные переписки)',
        body: z.object({ recipientIds: z.array(z.uuid()).min(1, 'Выберите получателя').max(200), subject, body, attachmentIds }),
        response: { 200: z.object({ threadIds: z.array(z.uuid()) }), ...errors },
      },
    },
    async (req) => svc.start(req.actor!, req.body),
  );

  r.post(
    '/api/classes/:id/parent-messages',
    {
      schema: {
        tags: ['messages'],
        summary: 'Сообщение всем родителям класса сразу (классный руководитель)',
        params: z.object({ id }),
        body: z.object({ subject, body, attachmentIds }),
        response: { 200: z.object({ threadIds: z.array(z.uuid()) }), ...errors },
      },
    },
    async (req) => svc.writeToClassParents(req.actor!, req.params.id, req.body),
  );

  r.get(
    '/api/messages/threads/:id',
    {
      schema: {
        tags: ['messages'],
        summary: 'Переписка с сообщениями и вложениями',
        params: z.object({ id }),
        response: { 200: thread, ...errors },
      },
    },
    async (req) => svc.thread(req.actor!, req.params.id),
  );

  r.post(
    '/api/messages/threads/:id/messages',
    {
      schema: {
        tags: ['messages'],
        summary: 'Ответить в переписке',
        params: z.object({ id }),
        body: z.object({ body, attachmentIds }),
        response: { 200: z.object({ id: z.uuid() }), ...errors },
      },
    },
    async (req) => svc.reply(req.actor!, req.params.id, req.body),
  );

  r.post(
    '/api/messages/threads/:id/read',
    {
      schema: { tags: ['messages'], summary: 'Отметить переписку прочитанной', params: z.object({ id }), response: { 200: ok, ...errors } },
    },
    async (req) => svc.markRead(req.actor!, req.params.id),
  );

  r.put(
    '/api/messages/threads/:id/archive',
    {
      schema: {
        tags: ['messages'],
        summary: 'Убрать переписку в архив или вернуть во входящие',
        params: z.object({ id }),
        body: z.object({ archived: z.boolean() }),
        response: { 200: ok, ...errors },
      },
    },
    async (req) => svc.archive(req.actor!, req.params.id, req.body.archived),
  );

  r.post(
    '/api/messages/attachments',
    {
      schema: {
        tags: ['messages'],
        summary: 'Загрузить вложение к сообщению (multipart, поле file, до 10 МБ; документы и изображения)',
        querystring: z.object({ schoolId: z.uuid().optional() }),
        consumes: ['multipart/form-data'],
        response: { 200: fileRef, 413: errorSchema, 415: errorSchema, ...errors },
      },
    },
    async (req) => {
      if (!req.isMultipart())
        throw new AppError('request.invalid', 'Ожидается multipart/form-data с полем file', {
          fields: [{ field: 'file', message: 'нет файла' }],
        });
      const file = await req.file();
      if (!file) throw new AppError('request.invalid', 'Файл не передан', { fields: [{ field: 'file', message: 'нет файла' }] });
      const content = await file.toBuffer();
      const name = safeFileName(file.filename) || 'файл';
      return svc.upload(req.actor!, req.query.schoolId, {
        name,
        contentType: file.mimetype.toLowerCase(),
        content,
        truncated: file.file.truncated,
      });
    },
  );

  r.get(
    '/api/messages/attachments/:id',
    { schema: { tags: ['messages'], summary: 'Скачать вложение сообщения', params: z.object({ id }) } },
    async (req, reply) => {
      const f = await svc.download(req.actor!, req.params.id);
      // An attachment never renders in our origin: fixed type, download, sandboxed.
      return reply
        .header('Content-Type', f.contentType)
        .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`)
        .header('X-Content-Type-Options', 'nosniff')
        .header('Content-Security-Policy', "default-src 'none'; sandbox")
        .send(f.content);
    },
  );

  r.get(
    '/api/messages/blocks',
    {
      schema: {
        tags: ['messages'],
        summary: 'Заблокированные отправители',
        response: { 200: z.array(z.object({ personId: z.uuid(), schoolId: z.uuid(), name: z.string(), since: z.string() })), ...errors },
      },
    },
    async (req) => svc.blocks(req.actor!),
  );

  r.put(
    '/api/messages/blocks/:personId',
    {
      schema: {
        tags: ['messages'],
        summary: 'Заблокировать отправителя',
        params: z.object({ personId: id }),
        response: { 200: ok, ...errors },
      },
    },
    async (req) => svc.block(req.actor!, req.params.personId),
  );

  r.delete(
    '/api/messages/blocks/:personId',
    {
      schema: {
        tags: ['messages'],
        summary: 'Разблокировать отправителя',
        params: z.object({ personId: id }),
        response: { 200: ok, ...errors },
      },
    },
    async (req) => svc.unblock(req.actor!, req.params.personId),
  );

  r.post(
    '/api/messages/:id/report',
    {
      schema: {
        tags: ['messages'],
        summary: 'Пожаловаться на сообщение администрации',
        params: z.object({ id }),
        body: z.object({ reason: z.string().trim().min(1, 'Опишите причину').max(1000) }),
        response: { 200: z.object({ id: z.uuid() }), ...errors },
      },
    },
    async (req) => svc.report(req.actor!, req.params.id, req.body.reason),
  );

  r.get(
    '/api/messages/reports',
    {
      schema: {
        tags: ['messages'],
        summary: 'Жалобы на сообщения (администрация)',
        querystring: z.object({ status: z.enum(['open', 'resolved']).optional() }),
        response: { 200: z.array(report), ...errors },
      },
    },
    async (req) => svc.reports(req.actor!, req.query.status !== 'resolved'),
  );

  r.post(
    '/api/messages/reports/:id/resolve',
    {
      schema: {
        tags: ['messages'],
        summary: 'Закрыть жалобу с решением',
        params: z.object({ id }),
        body: z.object({ resolution: z.string().trim().min(1, 'Опишите решение').max(1000) }),
        response: { 200: ok, ...errors },
      },
    },
    async (req) => svc.resolveReport(req.actor!, req.params.id, req.body.resolution),
  );
}
