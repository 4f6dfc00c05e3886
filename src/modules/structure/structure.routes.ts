import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../server/context';
import { makeClassesService } from './classes.service';
import {
  bellSchema,
  bellSetSchema,
  classDetailSchema,
  closeAndPromoteBody,
  closeAndPromoteResult,
  createYearBody,
  curriculumOut,
  curriculumRow,
  entrySchema,
  errors,
  gradeRange,
  holidayIn,
  holidaySchema,
  idParam,
  isoDate,
  lessonSlotSchema,
  lessonsResult,
  loadSchema,
  ok,
  periodIn,
  periodSchema,
  schemeEnum,
  schoolIdOpt,
  subgroupSchema,
  subjectSchema,
  uuid,
  yearDetailSchema,
  yearSchema,
} from './structure.schemas';
import { makeTimetableService } from './timetable.service';
import { makeYearEndService } from './yearend.service';
import { makeYearsService } from './years.service';

const lessonNumber = z.number().int().min(0).max(12);
const room = z.string().trim().max(30).nullish();

/**
 * School structure [DOMAIN §2], [004 admin], [002 §4.6]: years and periods, holidays, period locks, the
 * year-end transfer, subjects, curriculum, classes, subgroups, teaching load, bells, timetable and
 * one-off lesson changes. Thin routes: schema + one service call.
 */
export async function structureRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const years = makeYearsService(deps);
  const yearEnd = makeYearEndService(deps);
  const classes = makeClassesService(deps);
  const timetable = makeTimetableService(deps);
  const tags = ['structure'];

  // ───────────── years, periods, holidays ─────────────
  r.get(
    '/api/years',
    {
      schema: {
        tags,
        summary: 'Учебные годы школы (текущий, черновики, закрытые — только чтение)',
        querystring: z.object({ schoolId: schoolIdOpt }),
        response: { 200: z.array(yearSchema), ...errors },
      },
    },
    async (req) => years.listYears(req.actor!, req.query.schoolId),
  );

  r.post(
    '/api/years',
    {
      schema: {
        tags,
        summary: 'Открыть учебный год с периодами и каникулами (администратор)',
        description: 'Периоды и каникулы можно не передавать — будет предложен обычный календарь. Второй текущий год не создаётся (409).',
        body: createYearBody,
        response: { 200: yearDetailSchema, ...errors },
      },
    },
    async (req) => years.createYear(req.actor!, req.body),
  );

  r.get(
    '/api/years/:id',
    {
      schema: {
        tags,
        summary: 'Учебный год: периоды, каникулы, история закрытия периодов',
        params: idParam,
        response: { 200: yearDetailSchema, ...errors },
      },
    },
    async (req) => years.getYear(req.actor!, req.params.id),
  );

  r.post(
    '/api/years/:id/activate',
    {
      schema: {
        tags,
        summary: 'Сделать черновой год текущим (если текущего нет)',
        params: idParam,
        response: { 200: yearDetailSchema, ...errors },
      },
    },
    async (req) => years.activateYear(req.actor!, req.params.id),
  );

  r.put(
    '/api/years/:id/periods',
    {
      schema: {
        tags,
        summary: 'Задать все периоды года (четверти, полугодия, триместры) и схему по параллелям',
        description: 'Периоды одной схемы не пересекаются и лежат внутри года. Закрытый период не меняется и не удаляется (423).',
        params: idParam,
        body: z.object({ gradeSchemes: z.array(gradeRange).max(11).optional(), periods: z.array(periodIn).max(30) }),
        response: { 200: z.object({ year: yearDetailSchema, lessons: lessonsResult }), ...errors },
      },
    },
    async (req) => years.putPeriods(req.actor!, req.params.id, req.body),
  );

  r.post(
    '/api/years/:id/holidays',
    {
      schema: {
        tags,
        summary: 'Добавить каникулы или нерабочий день (пустые уроки в эти дни удаляются)',
        description: 'Если в эти дни есть уроки с записями (темы, отметки, посещаемость), ответ 409 со списком уроков.',
        params: idParam,
        body: holidayIn,
        response: { 200: z.object({ holiday: holidaySchema, removedLessons: z.number().int() }), ...errors },
      },
    },
    async (req) => years.addHoliday(req.actor!, req.params.id, req.body),
  );

  r.delete(
    '/api/holidays/:id',
    {
      schema: {
        tags,
        summary: 'Удалить каникулы (уроки по расписанию возвращаются на будущие даты)',
        params: idParam,
        response: { 200: z.object({ createdLessons: z.number().int() }), ...errors },
      },
    },
    async (req) => years.deleteHoliday(req.actor!, req.params.id),
  );

  r.post(
    '/api/periods/:id/close',
    {
      schema: {
        tags,
        summary: 'Закрыть период: отметки и посещаемость становятся только для чтения (администратор)',
        params: idParam,
        response: { 200: periodSchema, ...errors },
      },
    },
    async (req) => years.closePeriod(req.actor!, req.params.id),
  );

  r.post(
    '/api/periods/:id/reopen',
    {
      schema: {
        tags,
        summary: 'Открыть закрытый период (причина обязательна, записывается в журнал аудита)',
        params: idParam,
        body: z.object({ reason: z.string().max(500).describe('причина открытия периода') }),
        response: { 200: periodSchema, ...errors },
      },
    },
    async (req) => years.reopenPeriod(req.actor!, req.params.id, req.body.reason),
  );

  r.post(
    '/api/years/:id/close-and-promote',
    {
      schema: {
        tags,
        summary: 'Закрыть учебный год и перевести учащихся на следующий год',
        description:
          'Всё или ничего: текущий год и все его периоды закрываются, открывается следующий; классы переходят на параллель выше (5А → 6А), ' +
          '11 класс выпускается, оставленные на повторное обучение остаются в своей параллели; учебный план и нагрузка переносятся.',
        params: idParam,
        body: closeAndPromoteBody,
        response: { 200: closeAndPromoteResult, ...errors },
      },
    },
    async (req) => yearEnd.closeAndPromote(req.actor!, req.params.id, req.body),
  );

  // ───────────── subjects, curriculum ─────────────
  r.get(
    '/api/subjects',
    {
      schema: {
        tags,
        summary: 'Предметы школы',
        querystring: z.object({ schoolId: schoolIdOpt }),
        response: { 200: z.array(subjectSchema), ...errors },
      },
    },
    async (req) => classes.listSubjects(req.actor!, req.query.schoolId),
  );

  r.post(
    '/api/subjects',
    {
      schema: {
        tags,
        summary: 'Добавить предмет',
        body: z.object({
          schoolId: schoolIdOpt,
          name: z.string().trim().min(1).max(100),
          shortName: z.string().trim().max(20).optional(),
          passFail: z.boolean().optional(),
        }),
        response: { 200: subjectSchema, ...errors },
      },
    },
    async (req) => classes.createSubject(req.actor!, req.body),
  );

  r.patch(
    '/api/subjects/:id',
    {
      schema: {
        tags,
        summary: 'Изменить предмет',
        params: idParam,
        body: z.object({
          name: z.string().trim().min(1).max(100).optional(),
          shortName: z.string().trim().max(20).optional(),
          passFail: z.boolean().optional(),
        }),
        response: { 200: subjectSchema, ...errors },
      },
    },
    async (req) => classes.updateSubject(req.actor!, req.params.id, req.body),
  );

  r.delete(
    '/api/subjects/:id',
    {
      schema: {
        tags,
        summary: 'Удалить предмет (администратор), если он нигде не используется',
        description: 'Предмет в нагрузке, учебном плане или с итоговыми отметками не удаляется: 409 с причиной.',
        params: idParam,
        response: { 200: ok, ...errors },
      },
    },
    async (req) => {
      await classes.deleteSubject(req.actor!, req.params.id);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/years/:id/curriculum',
    {
      schema: {
        tags,
        summary: 'Учебный план года: часы в неделю по предметам и параллелям',
        params: idParam,
        response: { 200: z.array(curriculumOut), ...errors },
      },
    },
    async (req) => classes.getCurriculum(req.actor!, req.params.id),
  );

  r.put(
    '/api/years/:id/curriculum',
    {
      schema: {
        tags,
        summary: 'Задать учебный план года целиком',
        params: idParam,
        body: z.object({ rows: z.array(curriculumRow).max(500) }),
        response: { 200: z.array(curriculumOut), ...errors },
      },
    },
    async (req) => classes.putCurriculum(req.actor!, req.params.id, req.body.rows),
  );

  // ───────────── classes, class teacher, subgroups ─────────────
  r.post(
    '/api/classes',
    {
      schema: {
        tags,
        summary: 'Создать класс (параллель + буква) в текущем или указанном году',
        body: z.object({
          schoolId: schoolIdOpt,
          yearId: uuid.optional().describe('по умолчанию текущий год'),
          grade: z.number().int().min(1).max(11),
          letter: z.string().trim().min(1).max(3),
          periodScheme: schemeEnum.optional().describe('по умолчанию — по параллели'),
          classTeacherId: uuid.nullish(),
        }),
        response: { 200: classDetailSchema, ...errors },
      },
    },
    async (req) => classes.createClass(req.actor!, req.body),
  );

  r.get(
    '/api/classes/:id',
    { schema: { tags, summary: 'Класс', params: idParam, response: { 200: classDetailSchema, ...errors } } },
    async (req) => classes.getClass(req.actor!, req.params.id),
  );

  r.patch(
    '/api/classes/:id',
    {
      schema: {
        tags,
        summary: 'Изменить класс (параллель, буква, схема периодов)',
        params: idParam,
        body: z.object({
          grade: z.number().int().min(1).max(11).optional(),
          letter: z.string().trim().min(1).max(3).optional(),
          periodScheme: schemeEnum.optional(),
        }),
        response: { 200: classDetailSchema, ...errors },
      },
    },
    async (req) => classes.updateClass(req.actor!, req.params.id, req.body),
  );

  r.delete(
    '/api/classes/:id',
    {
      schema: {
        tags,
        summary: 'Удалить класс (администратор), созданный по ошибке',
        description:
          'Удаляется только пустой класс: в нём никогда не числились ученики, у него нет страниц журнала и объявлений. Иначе 409 с причиной.',
        params: idParam,
        response: { 200: ok, ...errors },
      },
    },
    async (req) => {
      await classes.deleteClass(req.actor!, req.params.id);
      return { ok: true as const };
    },
  );

  r.put(
    '/api/classes/:id/class-teacher',
    {
      schema: {
        tags,
        summary: 'Назначить классного руководителя (null — снять)',
        params: idParam,
        body: z.object({ teacherId: uuid.nullable() }),
        response: { 200: classDetailSchema, ...errors },
      },
    },
    async (req) => classes.setClassTeacher(req.actor!, req.params.id, req.body.teacherId),
  );

  r.get(
    '/api/classes/:id/subgroups',
    { schema: { tags, summary: 'Подгруппы класса с составом', params: idParam, response: { 200: z.array(subgroupSchema), ...errors } } },
    async (req) => classes.listSubgroups(req.actor!, req.params.id),
  );

  r.post(
    '/api/classes/:id/subgroups',
    {
      schema: {
        tags,
        summary: 'Создать подгруппу (классный руководитель или администратор)',
        params: idParam,
        body: z.object({ name: z.string().trim().min(1).max(60), studentIds: z.array(uuid).max(100).optional() }),
        response: { 200: subgroupSchema, ...errors },
      },
    },
    async (req) => classes.createSubgroup(req.actor!, req.params.id, req.body),
  );

  r.patch(
    '/api/subgroups/:id',
    {
      schema: {
        tags,
        summary: 'Переименовать подгруппу',
        params: idParam,
        body: z.object({ name: z.string().trim().min(1).max(60) }),
        response: { 200: subgroupSchema, ...errors },
      },
    },
    async (req) => classes.renameSubgroup(req.actor!, req.params.id, req.body.name),
  );

  r.put(
    '/api/subgroups/:id/members',
    {
      schema: {
        tags,
        summary: 'Состав подгруппы (решает классный руководитель)',
        params: idParam,
        body: z.object({ studentIds: z.array(uuid).max(100) }),
        response: { 200: subgroupSchema, ...errors },
      },
    },
    async (req) => classes.setSubgroupMembers(req.actor!, req.params.id, req.body.studentIds),
  );

  r.delete(
    '/api/subgroups/:id',
    { schema: { tags, summary: 'Удалить подгруппу (если по ней нет страниц журнала)', params: idParam, response: { 200: ok, ...errors } } },
    async (req) => {
      await classes.deleteSubgroup(req.actor!, req.params.id);
      return { ok: true as const };
    },
  );

  // ───────────── teaching load (journal pages) ─────────────
  r.get(
    '/api/loads',
    {
      schema: {
        tags,
        summary: 'Нагрузка (закрепление страниц журнала): учитель × класс/подгруппа × предмет',
        querystring: z.object({ schoolId: schoolIdOpt, yearId: uuid.optional(), classId: uuid.optional(), teacherId: uuid.optional() }),
        response: { 200: z.array(loadSchema), ...errors },
      },
    },
    async (req) => classes.listLoads(req.actor!, req.query),
  );

  r.post(
    '/api/loads',
    {
      schema: {
        tags,
        summary: 'Добавить нагрузку — создаёт страницу журнала учителя',
        body: z.object({
          classId: uuid,
          subgroupId: uuid.nullish(),
          subjectId: uuid,
          teacherId: uuid,
          hoursPerWeek: z.number().positive().max(40).nullish(),
        }),
        response: { 200: loadSchema, ...errors },
      },
    },
    async (req) => classes.createLoad(req.actor!, req.body),
  );

  r.patch(
    '/api/loads/:id',
    {
      schema: {
        tags,
        summary: 'Передать страницу другому учителю или изменить часы',
        params: idParam,
        body: z.object({ teacherId: uuid.optional(), hoursPerWeek: z.number().positive().max(40).nullish() }),
        response: { 200: loadSchema, ...errors },
      },
    },
    async (req) => classes.updateLoad(req.actor!, req.params.id, req.body),
  );

  r.delete(
    '/api/loads/:id',
    {
      schema: { tags, summary: 'Удалить нагрузку (только пока в странице нет записей)', params: idParam, response: { 200: ok, ...errors } },
    },
    async (req) => {
      await classes.deleteLoad(req.actor!, req.params.id);
      return { ok: true as const };
    },
  );

  // ───────────── bells, timetable, one-off changes ─────────────
  r.get(
    '/api/bells',
    {
      schema: {
        tags,
        summary: 'Расписание звонков, действующее на дату, и даты всех его версий',
        querystring: z.object({ schoolId: schoolIdOpt, date: isoDate.optional().describe('по умолчанию сегодня') }),
        response: { 200: bellSetSchema, ...errors },
      },
    },
    async (req) => timetable.getBells(req.actor!, req.query),
  );

  r.put(
    '/api/bells',
    {
      schema: {
        tags,
        summary: 'Задать расписание звонков целиком, действующее с даты',
        body: z.object({
          schoolId: schoolIdOpt,
          validFrom: isoDate
            .nullable()
            .optional()
            .describe('с какой даты действуют звонки; null — первая версия (с начала); не указано — версия, действующая сегодня'),
          bells: z.array(z.object({ number: lessonNumber, startsAt: z.string().max(5), endsAt: z.string().max(5) })).max(13),
        }),
        response: { 200: bellSetSchema, ...errors },
      },
    },
    async (req) => timetable.putBells(req.actor!, req.body),
  );

  r.get(
    '/api/timetable',
    {
      schema: {
        tags,
        summary: 'Недельное расписание на дату: класса, учителя или всей школы',
        querystring: z.object({
          schoolId: schoolIdOpt,
          classId: uuid.optional(),
          teacherId: uuid.optional(),
          date: isoDate.optional().describe('по умолчанию сегодня'),
        }),
        response: { 200: z.object({ date: z.string(), bells: z.array(bellSchema), entries: z.array(entrySchema) }), ...errors },
      },
    },
    async (req) => timetable.getTimetable(req.actor!, req.query),
  );

  r.post(
    '/api/timetable',
    {
      schema: {
        tags,
        summary: 'Задать недельное расписание класса с даты (уроки страниц пересоздаются)',
        description:
          'Записи класса с указанной даты заменяются. Пересоздаются только будущие уроки без записей (тема, д/з, работы, отметки, посещаемость); ' +
          'каникулы и промежутки между периодами пропускаются. Учитель дважды в одном часе — 409.',
        body: z.object({
          classId: uuid,
          validFrom: isoDate,
          entries: z.array(z.object({ pageId: uuid, weekday: z.number().int().min(1).max(6), lessonNumber, room })).max(120),
        }),
        response: { 200: z.object({ entries: z.array(entrySchema), lessons: lessonsResult }), ...errors },
      },
    },
    async (req) => timetable.setClassTimetable(req.actor!, req.body),
  );

  r.get(
    '/api/timetable/lessons',
    {
      schema: {
        tags,
        summary: 'Уроки класса или учителя за даты (с заменами, переносами, дополнительными уроками)',
        querystring: z.object({ schoolId: schoolIdOpt, classId: uuid.optional(), teacherId: uuid.optional(), from: isoDate, to: isoDate }),
        response: { 200: z.array(lessonSlotSchema), ...errors },
      },
    },
    async (req) => timetable.listLessons(req.actor!, req.query),
  );

  r.post(
    '/api/lessons/extra',
    {
      schema: {
        tags,
        summary: 'Дополнительный урок страницы журнала (не в каникулы, не в занятый час)',
        body: z.object({ pageId: uuid, date: isoDate, number: lessonNumber, room }),
        response: { 200: lessonSlotSchema, ...errors },
      },
    },
    async (req) => timetable.addExtraLesson(req.actor!, req.body),
  );

  r.post(
    '/api/lessons/:id/move',
    {
      schema: {
        tags,
        summary: 'Перенести урок на другую дату или другой номер урока',
        params: idParam,
        body: z.object({ date: isoDate, number: lessonNumber, room }),
        response: { 200: lessonSlotSchema, ...errors },
      },
    },
    async (req) => timetable.moveLesson(req.actor!, req.params.id, req.body),
  );

  r.put(
    '/api/lessons/:id/substitute',
    {
      schema: {
        tags,
        summary: 'Замена: урок проводит другой учитель (null — отменить замену)',
        params: idParam,
        body: z.object({ teacherId: uuid.nullable() }),
        response: { 200: lessonSlotSchema, ...errors },
      },
    },
    async (req) => timetable.setSubstitute(req.actor!, req.params.id, req.body.teacherId),
  );
}
