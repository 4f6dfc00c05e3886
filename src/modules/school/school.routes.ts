import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../server/context';
import { errorSchema } from '../auth/auth.schemas';
import { makeSchoolService } from './school.service';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };
const idParam = z.object({ id: z.string().max(64) });

export const classSchema = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    yearId: z.uuid(),
    grade: z.number().int(),
    letter: z.string(),
    name: z.string(),
    periodScheme: z.enum(['quarter', 'half', 'trimester']),
    classTeacherId: z.uuid().nullable(),
    classTeacherName: z.string().nullable(),
    studentCount: z.number().int(),
    isMine: z.boolean(),
  })
  .meta({ id: 'Class' });

export const classStudentSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    lastName: z.string(),
    firstName: z.string(),
    middleName: z.string().nullable(),
    fromDate: z.string(),
    toDate: z.string().nullable(),
    arrivalKind: z.string(),
    departureKind: z.string().nullable(),
    current: z.boolean(),
  })
  .meta({ id: 'ClassStudent' });

export async function schoolRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = makeSchoolService(deps);

  r.get(
    '/api/classes',
    {
      schema: {
        tags: ['school'],
        summary: 'Классы, доступные пользователю (текущего года или указанного, в том числе закрытого)',
        querystring: z.object({ yearId: z.uuid().optional().describe('учебный год; по умолчанию текущий') }),
        response: { 200: z.array(classSchema), ...errors },
      },
    },
    async (req) => svc.listClasses(req.actor!, req.query.yearId ?? null),
  );

  r.get(
    '/api/classes/:id/students',
    {
      schema: {
        tags: ['school'],
        summary: 'Ученики класса (с движением)',
        params: idParam,
        response: { 200: z.array(classStudentSchema), ...errors },
      },
    },
    async (req) => svc.classStudents(req.actor!, req.params.id),
  );
}
