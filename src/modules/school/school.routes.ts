import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { schoolSettingsInputSchema, schoolSettingsSchema } from '../../domain/school-settings';
import { DEADLINE_RULES, WORK_TYPES } from '../../domain/work-types';
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

const settingsOut = schoolSettingsSchema.meta({ id: 'SchoolSettings' });

export const schoolCardSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    shortName: z.string(),
    directorName: z.string().nullable().describe('ФИО директора: печатается на титульном листе и заверительной надписи журнала'),
    timeZone: z.string(),
    settings: settingsOut.describe('действующие настройки (умолчания с изменениями школы)'),
    overrides: schoolSettingsInputSchema.describe('что школа изменила; остальное — по умолчанию'),
    defaults: settingsOut.describe('значения по умолчанию'),
    workTypes: z.array(
      z
        .object({ code: z.enum(WORK_TYPES), name: z.string(), weight: z.number(), deadline: z.enum(DEADLINE_RULES) })
        .meta({ id: 'WorkTypeInfo' }),
    ),
  })
  .meta({ id: 'SchoolCard' });

const schoolCardBody = z
  .object({
    schoolId: z
      .uuid('ожидается идентификатор (UUID)')
      .optional()
      .describe('Школа; можно не указывать, если пользователь администрирует одну школу'),
    name: z.string().max(300).optional(),
    shortName: z.string().max(120).optional(),
    directorName: z.string().max(200).nullable().optional().describe('пусто или null — не указан'),
    timeZone: z.string().max(64).optional().describe('часовой пояс IANA, например Europe/Moscow'),
    settings: schoolSettingsInputSchema.strict().optional(),
  })
  .strict()
  .meta({ id: 'SchoolCardChange' });

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
    '/api/school',
    {
      schema: {
        tags: ['school'],
        summary: 'Карточка и настройки школы (для сотрудников школы)',
        querystring: z.object({ schoolId: z.uuid('ожидается идентификатор (UUID)').optional() }),
        response: { 200: schoolCardSchema, ...errors },
      },
    },
    async (req) => svc.getSchoolCard(req.actor!, req.query.schoolId),
  );

  // The default `changes` bumps the school's read caches: averages and deadlines follow the settings [DOMAIN §4].
  r.patch(
    '/api/school',
    {
      schema: {
        tags: ['school'],
        summary: 'Изменить карточку и настройки школы (администратор школы)',
        body: schoolCardBody,
        response: { 200: schoolCardSchema, ...errors },
      },
    },
    async (req) => svc.updateSchoolCard(req.actor!, req.body),
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
