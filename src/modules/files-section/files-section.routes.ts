import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { safeFileName } from '../../domain/messaging';
import type { Deps } from '../../server/context';
import { AppError } from '../../server/errors';
import { errorSchema } from '../auth/auth.schemas';
import { makeFilesSectionService } from './files-section.service';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
const id = z.string().max(64);
const ok = z.object({ ok: z.literal(true) });
const access = z.enum(['staff', 'everyone']);
const name = z
  .string()
  .trim()
  .min(1, 'Введите название')
  .max(120)
  .refine((v) => safeFileName(v) === v, 'Название без символов / и \\');

const folder = z
  .object({
    id: z.uuid(),
    parentId: z.uuid().nullable(),
    name: z.string(),
    access,
    staffOnly: z.boolean(),
    fileCount: z.number().int(),
    isYearFolder: z.boolean(),
    canAdd: z.boolean(),
    canManage: z.boolean(),
  })
  .meta({ id: 'FileFolder' });

const fileOut = z.object({ id: z.uuid(), name: z.string(), size: z.number().int(), contentType: z.string() });

export async function filesSectionRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = makeFilesSectionService(deps);

  r.get(
    '/api/school-files',
    {
      schema: {
        tags: ['files'],
        summary: 'Раздел «Файлы»: папки учебного года (по умолчанию текущего), видимые пользователю',
        querystring: z.object({ schoolId: z.uuid().optional(), yearId: z.uuid().optional() }),
        response: {
          200: z.object({
            schoolId: z.uuid(),
            yearId: z.uuid().nullable(),
            years: z.array(z.object({ id: z.uuid(), name: z.string(), current: z.boolean() })),
            folders: z.array(folder),
          }),
          ...errors,
        },
      },
    },
    async (req) => svc.section(req.actor!, req.query),
  );

  r.get(
    '/api/school-files/folders/:id',
    {
      schema: {
        tags: ['files'],
        summary: 'Папка и её файлы',
        params: z.object({ id }),
        response: {
          200: z.object({
            folder,
            files: z.array(fileOut.extend({ uploaderName: z.string().nullable(), createdAt: z.string(), canRemove: z.boolean() })),
          }),
          ...errors,
        },
      },
    },
    async (req) => svc.folder(req.actor!, req.params.id),
  );

  r.post(
    '/api/school-files/folders',
    {
      schema: {
        tags: ['files'],
        summary: 'Создать папку (сотрудники): права — только сотрудники или все',
        body: z.object({ parentId: z.uuid(), name, access }),
        response: { 200: folder, ...errors },
      },
    },
    async (req) => svc.createFolder(req.actor!, req.body),
  );

  r.patch(
    '/api/school-files/folders/:id',
    {
      schema: {
        tags: ['files'],
        summary: 'Переименовать папку или изменить права',
        params: z.object({ id }),
        body: z.object({ name: name.optional(), access: access.optional() }),
        response: { 200: folder, ...errors },
      },
    },
    async (req) => svc.updateFolder(req.actor!, req.params.id, req.body),
  );

  r.delete(
    '/api/school-files/folders/:id',
    { schema: { tags: ['files'], summary: 'Удалить пустую папку', params: z.object({ id }), response: { 200: ok, ...errors } } },
    async (req) => svc.deleteFolder(req.actor!, req.params.id),
  );

  r.post(
    '/api/school-files/folders/:id/files',
    {
      schema: {
        tags: ['files'],
        summary: 'Загрузить файл в папку (multipart, поле file, до 10 МБ)',
        params: z.object({ id }),
        consumes: ['multipart/form-data'],
        response: { 200: fileOut, 413: errorSchema, 415: errorSchema, ...errors },
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
      const fileName = safeFileName(file.filename) || 'файл';
      return svc.upload(req.actor!, req.params.id, {
        name: fileName,
        contentType: file.mimetype.toLowerCase(),
        content,
        truncated: file.file.truncated,
      });
    },
  );

  r.get(
    '/api/school-files/files/:id',
    { schema: { tags: ['files'], summary: 'Скачать файл раздела «Файлы»', params: z.object({ id }) } },
    async (req, reply) => {
      const f = await svc.download(req.actor!, req.params.id);
      return reply
        .header('Content-Type', f.contentType)
        .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`)
        .header('X-Content-Type-Options', 'nosniff')
        .header('Content-Security-Policy', "default-src 'none'; sandbox")
        .send(f.content);
    },
  );

  r.delete(
    '/api/school-files/files/:id',
    {
      schema: {
        tags: ['files'],
        summary: 'Удалить файл (загрузивший или администрация)',
        params: z.object({ id }),
        response: { 200: ok, ...errors },
      },
    },
    async (req) => svc.removeFile(req.actor!, req.params.id),
  );
}
