import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../server/context';
import { errorSchema } from '../auth/auth.schemas';
import { errors, schoolIdOpt, uuid } from '../structure/structure.schemas';
import { IMPORT_KINDS } from './import.columns';
import { makeImportService } from './import.service';

const body = z.object({
  schoolId: schoolIdOpt,
  yearId: uuid.optional().describe('учебный год (по умолчанию текущий)'),
  kind: z.enum(IMPORT_KINDS).describe('classes — классы, students — ученики, parents — родители, staff — сотрудники'),
  fileName: z.string().max(200).optional(),
  contentBase64: z.string().min(1, 'файл пуст').max(28_000_000).describe('содержимое файла CSV или XLSX в Base64 (до 20 МБ)'),
});

const problem = z
  .object({
    row: z.number().int().nullable().describe('строка файла (заголовок — строка 1); null — весь файл'),
    column: z.string().nullable(),
    severity: z.enum(['error', 'warning']),
    message: z.string(),
  })
  .meta({ id: 'ImportProblem' });

const result = z
  .object({
    kind: z.enum(IMPORT_KINDS),
    fileName: z.string().nullable(),
    format: z.enum(['csv', 'xlsx']),
    encoding: z.enum(['utf-8', 'windows-1251']).nullable(),
    delimiter: z.enum([';', ',', '\t']).nullable(),
    totalRows: z.number().int(),
    columns: z.object({ recognized: z.array(z.object({ column: z.string(), field: z.string() })), ignored: z.array(z.string()) }),
    summary: z.object({ create: z.number().int(), update: z.number().int(), unchanged: z.number().int(), errors: z.number().int() }),
    canCommit: z.boolean(),
    problems: z.array(problem),
    rows: z.array(
      z.object({
        row: z.number().int(),
        action: z.enum(['create', 'update', 'unchanged', 'error']),
        name: z.string(),
        changes: z.array(z.string()),
      }),
    ),
    committed: z.boolean().optional(),
  })
  .meta({ id: 'ImportResult' });

const description =
  'Файл CSV (UTF-8 или Windows-1251, разделитель «;», «,» или табуляция, с BOM или без) или XLSX (первый лист), ' +
  'передаётся в JSON полем contentBase64. Первая строка — заголовки: Фамилия, Имя, Отчество (или ФИО), Дата рождения, Пол, Телефон, ' +
  'Email, Адрес, ID; для учеников — Класс, Дата зачисления, Приказ, документы (Свидетельство о рождении, СНИЛС…); для родителей — ' +
  'Ребёнок (ФИО) и Дата рождения ребёнка или ID ребёнка, Кем приходится; для сотрудников — Роль; для классов — Класс, ' +
  'Классный руководитель, Схема периодов. Незнакомые колонки не загружаются (предупреждение), пустые строки пропускаются. ' +
  'Люди находятся по ID или по ФИО и дате рождения, поэтому повторная загрузка того же файла ничего не меняет.';

/** Import of classes, students, parents and staff from CSV/XLSX [002 §4.6]: preview, then all-or-nothing commit. */
export async function importRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = makeImportService(deps);
  const bodyLimit = 30 * 1024 * 1024;

  r.post(
    '/api/import/preview',
    {
      bodyLimit,
      schema: {
        tags: ['import'],
        summary: 'Предпросмотр загрузки: что будет создано и изменено, все ошибки по строкам (ничего не записывается)',
        description,
        body,
        response: { 200: result, 413: errorSchema, ...errors },
      },
    },
    async (req) => svc.preview(req.actor!, req.body),
  );

  r.post(
    '/api/import/commit',
    {
      bodyLimit,
      schema: {
        tags: ['import'],
        summary: 'Загрузить файл: всё или ничего (при любой ошибке — 400 со списком ошибок, ничего не записано)',
        description,
        body,
        response: { 200: result, 413: errorSchema, ...errors },
      },
    },
    async (req) => svc.commit(req.actor!, req.body),
  );
}
