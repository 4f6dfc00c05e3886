import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../server/context';
import { errorSchema } from '../auth/auth.schemas';
import { makeConsentService } from './consent.service';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };
const id = z.string().max(64);
const purpose = z.enum(['journal', 'email', 'sms']);
const state = z.enum(['given', 'refused', 'revoked', 'none']);

const parentConsents = z
  .object({
    parentId: z.uuid(),
    parentName: z.string(),
    paperReports: z.boolean(),
    consents: z.array(
      z.object({
        purpose,
        purposeName: z.string(),
        status: state,
        document: z.string().nullable(),
        decidedOn: z.string().nullable(),
        recordedByName: z.string().nullable(),
        updatedAt: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'ParentConsents' });

const classParent = z.object({
  parentId: z.uuid(),
  parentName: z.string(),
  hasEmail: z.boolean(),
  hasPhone: z.boolean(),
  journal: state,
  email: state,
  sms: state,
  paperReports: z.boolean(),
});

const classConsents = z
  .object({
    classId: z.uuid(),
    students: z.array(z.object({ studentId: z.uuid(), studentName: z.string(), parents: z.array(classParent) })),
    paperReports: z.array(classParent.extend({ studentId: z.uuid(), studentName: z.string() })),
  })
  .meta({ id: 'ClassConsents' });

export async function consentRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = makeConsentService(deps);

  r.get(
    '/api/consents/mine',
    {
      schema: {
        tags: ['consent'],
        summary: 'Мои согласия на обработку персональных данных (родитель)',
        response: { 200: z.array(parentConsents), ...errors },
      },
    },
    async (req) => svc.mine(req.actor!),
  );

  r.get(
    '/api/parents/:id/consents',
    {
      schema: {
        tags: ['consent'],
        summary: 'Согласия родителя на обработку персональных данных (по целям)',
        params: z.object({ id }),
        response: { 200: parentConsents, ...errors },
      },
    },
    async (req) => svc.ofParent(req.actor!, req.params.id),
  );

  r.put(
    '/api/parents/:id/consents/:purpose',
    {
      schema: {
        tags: ['consent'],
        summary: 'Записать согласие, отказ или отзыв согласия (с документом и датой)',
        params: z.object({ id, purpose }),
        body: z.object({
          status: z.enum(['given', 'refused', 'revoked']),
          document: z.string().max(300).nullable().optional(),
          decidedOn: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/, 'дата в формате ГГГГ-ММ-ДД')
            .nullable()
            .optional(),
        }),
        response: { 200: parentConsents, ...errors },
      },
    },
    async (req) => svc.record(req.actor!, req.params.id, req.params.purpose, req.body),
  );

  r.get(
    '/api/classes/:id/consents',
    {
      schema: {
        tags: ['consent'],
        summary: 'Согласия родителей класса; родители без согласия — в списке для бумажных отчётов',
        params: z.object({ id }),
        response: { 200: classConsents, ...errors },
      },
    },
    async (req) => svc.classOverview(req.actor!, req.params.id),
  );
}
