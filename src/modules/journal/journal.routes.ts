import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkAttachment, MAX_ATTACHMENT_BYTES } from '../../domain/messaging';
import { contentMismatch } from '../../domain/upload-content';
import type { Deps } from '../../server/context';
import { AppError } from '../../server/errors';
import { errorSchema } from '../auth/auth.schemas';
import { makeJournalService } from './journal.service';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema, 423: errorSchema };
const id = z.string().max(64);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'дата в формате ГГГГ-ММ-ДД');
const version = z.number().int().min(1).max(1_000_000);
const ok = z.object({ ok: z.literal(true) });

const pageSummary = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    classId: z.uuid(),
    className: z.string(),
    grade: z.number().int(),
    subgroupId: z.uuid().nullable(),
    subgroupName: z.string().nullable(),
    subjectId: z.uuid(),
    subjectName: z.string(),
    teacherId: z.uuid(),
    teacherName: z.string(),
    hoursPerWeek: z.number().nullable(),
    isMine: z.boolean(),
    isSubstitution: z.boolean().describe('страница другого учителя, где пользователь замещает уроки [001 §5.4.2]'),
  })
  .meta({ id: 'JournalPageSummary' });

const work = z
  .object({
    id: z.uuid(),
    workType: z.string(),
    title: z.string().nullable(),
    weight: z.number().nullable(),
    version: z.number().int().describe('версия работы: передайте её при изменении и удалении, чтобы не затереть чужие правки'),
  })
  .meta({ id: 'Work' });
const fileRef = z.object({ id: z.uuid(), name: z.string(), size: z.number().int(), contentType: z.string() });

const markOut = z
  .object({
    id: z.uuid(),
    workId: z.uuid(),
    lessonId: z.uuid(),
    studentId: z.uuid(),
    value: z.string(),
    comment: z.string().nullable(),
    version: z.number().int(),
    onTime: z.boolean(),
  })
  .meta({ id: 'Mark' });

const attendanceOut = z.object({
  lessonId: z.uuid(),
  studentId: z.uuid(),
  code: z.string().nullable(),
  minutes: z.number().int().nullable(),
  version: z.number().int().nullable(),
});

const pageOut = z
  .object({
    page: z.object({
      id: z.uuid(),
      schoolId: z.uuid(),
      classId: z.uuid(),
      className: z.string(),
      grade: z.number().int(),
      subgroupName: z.string().nullable(),
      subjectName: z.string(),
      passFail: z.boolean(),
      teacherId: z.uuid(),
      teacherName: z.string(),
      marksAllowed: z.boolean(),
      canWrite: z.boolean().describe('пользователь ведёт страницу (учитель по нагрузке, год не закрыт)'),
      isSubstitute: z.boolean().describe('страница другого учителя, где пользователь замещает уроки: писать можно только их'),
    }),
    periods: z.array(z.object({ id: z.uuid(), name: z.string(), startsOn: z.string(), endsOn: z.string(), closed: z.boolean() })),
    period: z.object({ id: z.uuid(), name: z.string(), startsOn: z.string(), endsOn: z.string(), closed: z.boolean() }).nullable(),
    settings: z.object({ averageMode: z.string(), weights: z.record(z.string(), z.number()) }),
    lessons: z.array(
      z.object({
        id: z.uuid(),
        date: z.string(),
        number: z.number().int(),
        topic: z.string().nullable(),
        planItemId: z.uuid().nullable(),
        suggestedTopic: z.string().nullable(),
        suggestedPlanItemId: z.uuid().nullable(),
        substituteTeacherId: z.uuid().nullable(),
        substituteName: z.string().nullable(),
        canWrite: z.boolean().describe('пользователь может сейчас записывать этот урок: свой или замещаемый, период открыт, срок не истёк'),
        origin: z.string(),
        version: z.number().int(),
        createdAt: z.string(),
        updatedAt: z.string(),
        attendanceTaken: z.boolean(),
        homework: z.object({ text: z.string(), dueDate: z.string(), version: z.number().int(), files: z.array(fileRef) }).nullable(),
        works: z.array(work),
      }),
    ),
    students: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        fromDate: z.string(),
        toDate: z.string().nullable(),
        arrived: z.string().nullable(),
        left: z.string().nullable(),
        average: z.number().nullable(),
        marksCount: z.number().int(),
      }),
    ),
    marks: z.array(markOut),
    attendance: z.array(
      z.object({
        lessonId: z.uuid(),
        studentId: z.uuid(),
        code: z.string(),
        minutes: z.number().int().nullable(),
        originalCode: z.string().nullable(),
        version: z.number().int(),
      }),
    ),
    plan: z.object({ items: z.number().int(), hours: z.number().int() }),
  })
  .meta({ id: 'JournalPage' });

const historyOut = z.array(
  z.object({
    id: z.number().int(),
    action: z.enum(['create', 'update', 'delete']),
    at: z.string(),
    actorName: z.string().nullable(),
    oldValue: z.record(z.string(), z.unknown()).nullable(),
    newValue: z.record(z.string(), z.unknown()).nullable(),
    reason: z.string().nullable(),
  }),
);

const planOut = z
  .object({
    items: z.array(
      z.object({
        id: z.uuid(),
        position: z.number().int(),
        topic: z.string(),
        hours: z.number().int(),
        lessonKind: z.string().nullable(),
        given: z.number().int(),
      }),
    ),
    plannedHours: z.number().int(),
    givenHours: z.number().int(),
    version: z.number().int().describe('сколько раз план сохраняли; передайте его при сохранении, чтобы не затереть чужие правки'),
    canEdit: z.boolean(),
  })
  .meta({ id: 'ThematicPlan' });

const planFileOut = z
  .object({
    fileName: z.string(),
    format: z.enum(['csv', 'xlsx']),
    items: z.array(z.object({ topic: z.string(), hours: z.number().int(), lessonKind: z.string().nullable() })),
    plannedHours: z.number().int(),
  })
  .meta({ id: 'ThematicPlanFile' });

/** A file name safe to store and send back: no path separators or control characters. */
function safeFileName(name: string): string {
  const cleaned = [...name].map((ch) => (ch === '/' || ch === '\\' || ch.charCodeAt(0) < 32 ? '_' : ch)).join('');
  return cleaned.slice(0, 200) || 'файл';
}

export async function journalRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = makeJournalService(deps);

  r.get(
    '/api/pages',
    {
      schema: {
        tags: ['journal'],
        summary: 'Страницы журнала пользователя (свои; класса — для классного руководителя; все — для администрации)',
        querystring: z.object({ classId: z.uuid().optional(), mine: z.enum(['true', 'false']).optional() }),
        response: { 200: z.array(pageSummary), ...errors },
      },
    },
    async (req) => svc.listPages(req.actor!, { classId: req.query.classId, mine: req.query.mine === 'true' }),
  );

  r.get(
    '/api/pages/:id',
    {
      schema: {
        tags: ['journal'],
        summary: 'Страница журнала за период: уроки, ученики, отметки, посещаемость, средние',
        params: z.object({ id }),
        querystring: z.object({ periodId: z.string().max(64).optional() }),
        response: { 200: pageOut, ...errors },
      },
    },
    // The page's JSON (UTF-8), often from memory: sent as it is, not serialised again.
    async (req, reply) => {
      const json = await svc.getPageJson(req.actor!, req.params.id, req.query.periodId);
      if (deps.config.RESPONSE_VALIDATION) pageOut.parse(JSON.parse(json.toString('utf8')));
      return reply.type('application/json; charset=utf-8').send(json as never);
    },
  );

  r.patch(
    '/api/lessons/:id',
    {
      schema: {
        tags: ['journal'],
        summary: 'Тема урока (или пункт тематического плана)',
        params: z.object({ id }),
        body: z.object({ version, topic: z.string().max(500).nullable(), planItemId: z.uuid().nullable().optional() }),
        response: {
          200: z.object({
            id: z.uuid(),
            topic: z.string().nullable(),
            planItemId: z.uuid().nullable(),
            version: z.number().int(),
            updatedAt: z.string(),
          }),
          ...errors,
        },
      },
    },
    async (req) => svc.setTopic(req.actor!, req.params.id, req.body),
  );

  r.put(
    '/api/lessons/:id/homework',
    {
      schema: {
        tags: ['journal'],
        summary: 'Домашнее задание к уроку (текст и срок)',
        params: z.object({ id }),
        body: z.object({
          version: version.nullable(),
          text: z.string().trim().min(1, 'Введите текст задания').max(5000),
          dueDate: isoDate,
        }),
        response: { 200: z.object({ text: z.string(), dueDate: z.string(), version: z.number().int() }), ...errors },
      },
    },
    async (req) => svc.setHomework(req.actor!, req.params.id, req.body),
  );

  r.delete(
    '/api/lessons/:id/homework',
    {
      schema: {
        tags: ['journal'],
        summary: 'Удалить домашнее задание',
        params: z.object({ id }),
        querystring: z.object({ version: z.coerce.number().int().min(1) }),
        response: { 200: ok, ...errors },
      },
    },
    async (req) => {
      await svc.deleteHomework(req.actor!, req.params.id, req.query.version);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/lessons/:id/homework/files',
    {
      schema: {
        tags: ['journal'],
        summary: 'Приложить файл к домашнему заданию (multipart, поле file, до 20 МБ)',
        params: z.object({ id }),
        consumes: ['multipart/form-data'],
        response: { 200: fileRef, 413: errorSchema, 415: errorSchema, ...errors },
      },
    },
    async (req) => {
      // Access first: someone who may not write this lesson learns nothing about the upload rules (404).
      await svc.checkLessonWrite(req.actor!, req.params.id);
      if (!req.isMultipart())
        throw new AppError('request.invalid', 'Ожидается multipart/form-data с полем file', {
          fields: [{ field: 'file', message: 'нет файла' }],
        });
      const file = await req.file();
      if (!file) throw new AppError('request.invalid', 'Файл не передан', { fields: [{ field: 'file', message: 'нет файла' }] });
      // The multipart limit (src/server/app.ts) is the homework file's: 20 MB, a scanned workbook or a recording.
      const tooLarge = () =>
        new AppError('request.too_large', 'Файл больше 20 МБ', { fields: [{ field: 'file', message: 'слишком большой' }] });
      const content = await file.toBuffer().catch((e: { code?: string }) => {
        throw e.code === 'FST_REQ_FILE_TOO_LARGE' ? tooLarge() : e;
      });
      if (file.file.truncated) throw tooLarge();
      const type = file.mimetype.toLowerCase();
      const name = safeFileName(file.filename);
      // [issue 10] Checked like a message's attachment (src/domain/messaging.ts): an allowed type, no name that
      // runs when opened (.html, .svg, .exe… whatever type the browser claimed), not empty. Only the size
      // differs, so the check is given at most its own limit and the 20 MB above stands.
      const check = checkAttachment({ name, contentType: type, size: Math.min(content.length, MAX_ATTACHMENT_BYTES) });
      if (!check.ok && check.problem === 'empty')
        throw new AppError('request.invalid', 'Файл пуст', { fields: [{ field: 'file', message: 'пустой файл' }] });
      if (!check.ok)
        throw new AppError('request.invalid', `Такие файлы прикладывать нельзя: «${name}» (${type})`, {
          fields: [{ field: 'file', message: 'тип файла' }],
        });
      // The first bytes must agree with the declared type: a page renamed to .txt, a program renamed to .pdf.
      const mismatch = contentMismatch(type, content);
      if (mismatch)
        throw new AppError('request.invalid', `Файл «${name}» не принят: ${mismatch}`, { fields: [{ field: 'file', message: mismatch }] });
      return svc.attachHomeworkFile(req.actor!, req.params.id, { name, contentType: type, content });
    },
  );

  r.get(
    '/api/files/:id',
    { schema: { tags: ['journal'], summary: 'Скачать файл (вложение)', params: z.object({ id }) } },
    async (req, reply) => {
      const f = await svc.readFile(req.actor!, req.params.id);
      // Served as an attachment with a fixed type: an uploaded HTML or SVG never runs in our origin.
      reply
        .header('Content-Type', f.contentType)
        .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`)
        .header('X-Content-Type-Options', 'nosniff')
        .header('Content-Security-Policy', "default-src 'none'; sandbox");
      return reply.send(f.content);
    },
  );

  r.delete(
    '/api/files/:id',
    {
      schema: {
        tags: ['journal'],
        summary: 'Удалить вложение домашнего задания (учитель урока или замещающий; записывается в историю)',
        params: z.object({ id }),
        response: { 200: ok, ...errors },
      },
    },
    async (req) => {
      await svc.detachHomeworkFile(req.actor!, req.params.id);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/lessons/:id/works',
    {
      // The service reports the class it changed (diary caches of other classes stay).
      config: { changes: 'reported' },
      schema: {
        tags: ['journal'],
        summary: 'Добавить работу урока (тип задания задаёт вес и срок выставления; поддерживает Idempotency-Key)',
        params: z.object({ id }),
        body: z.object({
          workType: z.string().max(40),
          title: z.string().max(200).nullable().optional(),
          weight: z.number().min(0.1).max(10).nullable().optional(),
        }),
        response: { 200: work, ...errors },
      },
    },
    async (req) => svc.addWork(req.actor!, req.params.id, req.body),
  );

  r.patch(
    '/api/works/:id',
    {
      // The service reports the class it changed (diary caches of other classes stay).
      config: { changes: 'reported' },
      schema: {
        tags: ['journal'],
        summary:
          'Изменить работу (тип, название, вес); не переданные название и вес остаются, null — сбросить. ' +
          'version — прочитанная версия: при расхождении 409 с текущей работой; поддерживает Idempotency-Key',
        params: z.object({ id }),
        body: z.object({
          version,
          workType: z.string().max(40),
          title: z.string().max(200).nullable().optional(),
          weight: z.number().min(0.1).max(10).nullable().optional(),
        }),
        response: { 200: work, ...errors },
      },
    },
    async (req) => svc.updateWork(req.actor!, req.params.id, req.body),
  );

  r.delete(
    '/api/works/:id',
    {
      // The service reports the class it changed (diary caches of other classes stay).
      config: { changes: 'reported' },
      schema: {
        tags: ['journal'],
        summary:
          'Удалить работу без отметок (version — прочитанная версия: при расхождении 409 с текущей работой; поддерживает Idempotency-Key)',
        params: z.object({ id }),
        querystring: z.object({ version: z.coerce.number().int().min(1) }),
        response: { 200: ok, ...errors },
      },
    },
    async (req) => {
      await svc.deleteWork(req.actor!, req.params.id, req.query.version);
      return { ok: true as const };
    },
  );

  r.put(
    '/api/marks',
    {
      // The service reports the class it changed (diary caches of other classes stay).
      config: { changes: 'reported' },
      schema: {
        tags: ['journal'],
        summary: 'Поставить или изменить отметку (version — прочитанная версия, null для пустой клетки; поддерживает Idempotency-Key)',
        body: z.object({
          workId: z.uuid(),
          studentId: z.uuid(),
          value: z.string().trim().min(1, 'Введите отметку').max(10),
          comment: z.string().max(500).nullable().optional(),
          version: version.nullable(),
        }),
        response: { 200: markOut, ...errors },
      },
    },
    async (req) => svc.saveMark(req.actor!, req.body),
  );

  r.delete(
    '/api/marks/:id',
    {
      // The service reports the class it changed (diary caches of other classes stay).
      config: { changes: 'reported' },
      schema: {
        tags: ['journal'],
        summary: 'Удалить отметку',
        params: z.object({ id }),
        querystring: z.object({ version: z.coerce.number().int().min(1) }),
        response: { 200: ok, ...errors },
      },
    },
    async (req) => {
      await svc.deleteMark(req.actor!, req.params.id, req.query.version);
      return { ok: true as const };
    },
  );

  r.put(
    '/api/attendance',
    {
      // The service reports the class it changed (diary caches of other classes stay).
      config: { changes: 'reported' },
      schema: {
        tags: ['journal'],
        summary: 'Посещаемость ученика на уроке: н, б, у, оп (минуты), осв; null — присутствовал',
        body: z.object({
          lessonId: z.uuid(),
          studentId: z.uuid(),
          code: z.string().max(5).nullable(),
          minutes: z.number().int().min(1).max(45).nullable().optional(),
          version: version.nullable(),
        }),
        response: { 200: attendanceOut, ...errors },
      },
    },
    async (req) => svc.saveAttendance(req.actor!, req.body),
  );

  r.post(
    '/api/lessons/:id/all-present',
    {
      // The service reports the class it changed (diary caches of other classes stay).
      config: { changes: 'reported' },
      schema: {
        tags: ['journal'],
        summary: 'Отметить весь класс присутствующим',
        params: z.object({ id }),
        response: { 200: z.object({ cleared: z.number().int() }), ...errors },
      },
    },
    async (req) => svc.markAllPresent(req.actor!, req.params.id),
  );

  r.get(
    '/api/classes/:id/attendance-week',
    {
      schema: {
        tags: ['journal'],
        summary: 'Посещаемость класса за неделю (классный руководитель)',
        params: z.object({ id }),
        querystring: z.object({ date: isoDate }),
        response: {
          200: z.object({
            weekStart: z.string(),
            weekEnd: z.string(),
            students: z.array(z.object({ id: z.uuid(), name: z.string() })),
            lessons: z.array(
              z.object({
                id: z.uuid(),
                date: z.string(),
                number: z.number().int(),
                subjectName: z.string(),
                subgroupName: z.string().nullable(),
              }),
            ),
            attendance: z.array(
              z.object({
                lessonId: z.uuid(),
                studentId: z.uuid(),
                code: z.string(),
                minutes: z.number().int().nullable(),
                teacherCode: z.string().nullable(),
                corrected: z.boolean(),
                version: z.number().int(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => svc.classWeek(req.actor!, req.params.id, req.query.date),
  );

  r.put(
    '/api/attendance/correction',
    {
      schema: {
        tags: ['journal'],
        summary: 'Корректировка пропуска классным руководителем (запись учителя сохраняется)',
        body: z.object({
          lessonId: z.uuid(),
          studentId: z.uuid(),
          code: z.string().max(5),
          minutes: z.number().int().min(1).max(45).nullable().optional(),
          version: version.nullable(),
          reason: z.string().max(300).optional(),
        }),
        response: { 200: z.object({ lessonId: z.uuid(), studentId: z.uuid(), code: z.string(), version: z.number().int() }), ...errors },
      },
    },
    async (req) => svc.correctAttendance(req.actor!, req.body),
  );

  r.get(
    '/api/pages/:id/history',
    {
      schema: {
        tags: ['journal'],
        summary:
          'История клетки журнала: отметка (key = workId:studentId), посещаемость (lessonId:studentId), тема или ДЗ (lessonId), работа (workId), КТП (pageId)',
        params: z.object({ id }),
        querystring: z.object({ entity: z.enum(['mark', 'attendance', 'topic', 'homework', 'work', 'plan']), key: z.string().max(100) }),
        response: { 200: historyOut, ...errors },
      },
    },
    async (req) => svc.history(req.actor!, { ...req.query, pageId: req.params.id }),
  );

  r.get(
    '/api/pages/:id/plan',
    {
      schema: {
        tags: ['journal'],
        summary: 'Тематический план (КТП) страницы: план и факт',
        params: z.object({ id }),
        response: { 200: planOut, ...errors },
      },
    },
    async (req) => svc.getPlan(req.actor!, req.params.id),
  );

  r.put(
    '/api/pages/:id/plan',
    {
      schema: {
        tags: ['journal'],
        summary: 'Сохранить тематический план страницы целиком (пункты с id правятся на месте, без id — новые, не переданные удаляются)',
        params: z.object({ id }),
        body: z.object({
          version: z.number().int().min(0).optional().describe('версия плана, которую видел клиент; при расхождении — 409'),
          items: z
            .array(
              z.object({
                id: z.uuid().nullable().optional(),
                topic: z.string().max(500, 'Тема не длиннее 500 символов'),
                hours: z.number().int().min(1, 'Часов не меньше 1').max(20, 'Часов не больше 20'),
                lessonKind: z.string().max(100, 'Вид урока не длиннее 100 символов').nullable().optional(),
              }),
            )
            .max(500, 'В плане не больше 500 тем'),
        }),
        response: { 200: planOut, ...errors },
      },
    },
    async (req) => svc.replacePlan(req.actor!, req.params.id, req.body.items, req.body.version),
  );

  r.post(
    '/api/pages/:id/plan/import',
    {
      schema: {
        tags: ['journal'],
        summary: 'Прочитать КТП из файла CSV или XLSX (multipart, поле file): строки для редактора, план не меняется до сохранения',
        description:
          'Первая строка — заголовки: «Тема» (обязательно), «Часы» (по умолчанию 1), «Вид урока», «№» (порядок строк). ' +
          'CSV в UTF-8 или Windows-1251, разделитель «;», «,» или табуляция; XLSX — первый лист. Ошибка в любой строке — 400 с номером строки.',
        params: z.object({ id }),
        consumes: ['multipart/form-data'],
        response: { 200: planFileOut, 413: errorSchema, ...errors },
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
      if (file.file.truncated) throw new AppError('request.too_large', 'Файл больше 20 МБ');
      return svc.importPlanFile(req.actor!, req.params.id, { name: safeFileName(file.filename), content });
    },
  );
}
