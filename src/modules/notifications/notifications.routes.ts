import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../server/context';
import { errorSchema } from '../auth/auth.schemas';
import { makeNotificationsService } from './notifications.service';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };
const id = z.string().max(64);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'дата в формате ГГГГ-ММ-ДД');
const range = z.object({ from: isoDate.optional(), to: isoDate.optional() });
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'время в формате ЧЧ:ММ');
const kind = z.enum(['mark', 'absence', 'homework', 'final_mark', 'message', 'announcement']);

const notification = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    kind: z.string(),
    studentId: z.uuid().nullable(),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable(),
    createdAt: z.string(),
    read: z.boolean(),
  })
  .meta({ id: 'Notification' });

const preferences = z
  .object({
    schoolId: z.uuid(),
    schoolName: z.string(),
    personId: z.uuid(),
    isParent: z.boolean(),
    email: z.boolean(),
    sms: z.boolean(),
    kinds: z.array(z.string()),
    digest: z.boolean(),
    digestHour: z.number().int(),
    quietStart: z.string().nullable(),
    quietEnd: z.string().nullable(),
    weeklyReport: z.boolean(),
    hasEmailAddress: z.boolean(),
    hasPhone: z.boolean(),
    emailConsent: z.boolean(),
    smsConsent: z.boolean(),
  })
  .meta({ id: 'NotificationPreferences' });

const mailing = z
  .object({
    id: z.uuid(),
    subject: z.string(),
    text: z.string(),
    senderName: z.string().nullable(),
    createdAt: z.string(),
    processed: z.boolean(),
    sent: z.number().int(),
    pending: z.number().int(),
    failed: z.number().int(),
    cancelled: z.number().int(),
  })
  .meta({ id: 'Mailing' });

const parentReport = z
  .object({
    schoolName: z.string(),
    student: z.object({ id: z.uuid(), name: z.string(), className: z.string().nullable() }),
    parentName: z.string().nullable(),
    from: z.string(),
    to: z.string(),
    subjects: z.array(
      z.object({
        name: z.string(),
        shortName: z.string(),
        marks: z.array(z.object({ date: z.string(), value: z.string(), workType: z.string(), workTypeName: z.string() })),
        average: z.number().nullable(),
      }),
    ),
    attendance: z.object({
      missed: z.number().int(),
      ill: z.number().int(),
      excused: z.number().int(),
      unexcused: z.number().int(),
      late: z.number().int(),
    }),
    finals: z.array(z.object({ subjectName: z.string(), periodName: z.string(), value: z.string() })),
    text: z.string(),
    sms: z.string(),
  })
  .meta({ id: 'ParentReport' });

const pdfHeaders = (name: string) => ({
  'Content-Type': 'application/pdf',
  'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
});

export async function notificationsRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = makeNotificationsService(deps);

  r.get(
    '/api/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Мои уведомления (новые сверху) и число непрочитанных',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).optional(), unread: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ unread: z.number().int(), items: z.array(notification) }), ...errors },
      },
    },
    async (req) => svc.list(req.actor!, { limit: req.query.limit, unreadOnly: req.query.unread === 'true' }),
  );

  r.post(
    '/api/notifications/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Отметить уведомления прочитанными (ids или все)',
        body: z.object({ ids: z.array(z.uuid()).max(500).optional() }),
        response: { 200: z.object({ marked: z.number().int() }), ...errors },
      },
    },
    async (req) => svc.markRead(req.actor!, req.body.ids ?? null),
  );

  r.get(
    '/api/notifications/preferences',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Настройки уведомлений: каналы, виды событий, сводка, тихие часы (по школам)',
        response: { 200: z.array(preferences), ...errors },
      },
    },
    async (req) => svc.preferences(req.actor!),
  );

  r.put(
    '/api/notifications/preferences/:schoolId',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Сохранить настройки уведомлений в школе',
        params: z.object({ schoolId: id }),
        body: z.object({
          email: z.boolean(),
          sms: z.boolean(),
          kinds: z.array(kind).max(10),
          digest: z.boolean(),
          digestHour: z.number().int().min(0).max(23),
          quietStart: time.nullable(),
          quietEnd: time.nullable(),
          weeklyReport: z.boolean(),
        }),
        response: { 200: preferences, ...errors },
      },
    },
    async (req) => svc.savePreferences(req.actor!, req.params.schoolId, req.body),
  );

  r.post(
    '/api/classes/:id/mailings',
    {
      schema: {
        tags: ['notifications'],
        summary: 'E-mail-рассылка родителям класса (учитель класса, классный руководитель)',
        params: z.object({ id }),
        body: z.object({
          subject: z.string().trim().min(1, 'Введите тему').max(200),
          text: z.string().trim().min(1, 'Введите текст').max(10_000),
        }),
        response: { 200: z.object({ id: z.uuid(), parents: z.number().int(), emailRecipients: z.number().int() }), ...errors },
      },
    },
    async (req) => svc.sendMailing(req.actor!, req.params.id, req.body),
  );

  r.get(
    '/api/classes/:id/mailings',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Рассылки родителям класса и их доставка',
        params: z.object({ id }),
        response: { 200: z.array(mailing), ...errors },
      },
    },
    async (req) => svc.listMailings(req.actor!, req.params.id),
  );

  r.get(
    '/api/students/:id/parent-report',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Информационное письмо для родителей: успеваемость и посещаемость за период (по умолчанию — текущая неделя)',
        params: z.object({ id }),
        querystring: range,
        response: { 200: parentReport, ...errors },
      },
    },
    async (req) => svc.parentReport(req.actor!, req.params.id, req.query),
  );

  r.get(
    '/api/students/:id/parent-report.pdf',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Информационное письмо для родителей (PDF для печати)',
        params: z.object({ id }),
        querystring: range,
      },
    },
    async (req, reply) => {
      const pdf = await svc.parentReportPdf(req.actor!, req.params.id, req.query);
      return reply.headers(pdfHeaders('Информационное письмо.pdf')).send(pdf);
    },
  );

  r.post(
    '/api/students/:id/parent-report/send',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Отправить информационное письмо родителям (e-mail с PDF и/или SMS — по их выбору и согласию)',
        params: z.object({ id }),
        body: range,
        response: { 200: z.object({ parents: z.number().int(), from: z.string(), to: z.string() }), ...errors },
      },
    },
    async (req) => svc.sendParentReport(req.actor!, req.params.id, req.body),
  );

  r.get(
    '/api/classes/:id/paper-reports.pdf',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Письма для печати родителям класса без согласия на электронный журнал (один PDF)',
        params: z.object({ id }),
        querystring: range,
      },
    },
    async (req, reply) => {
      const pdf = await svc.paperReports(req.actor!, req.params.id, req.query);
      return reply.headers(pdfHeaders('Письма родителям.pdf')).send(pdf);
    },
  );
}
