import { z } from 'zod';
import { DIARY_ENTRY_KINDS } from './diary.entries';

/** Request and response shapes of the diary API (→ OpenAPI, for the web app and mobile apps). */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'дата в формате ГГГГ-ММ-ДД');
/** Ids are checked by the access gate: a malformed id is as unknown as a foreign one (404). */
const id = z.string().max(64);

export const weekQuery = z.object({
  studentId: id.describe('Ученик (сам ученик, свой ребёнок родителя или ученик, доступный сотруднику)'),
  from: isoDate.describe('Первый день, ГГГГ-ММ-ДД'),
  to: isoDate.optional().describe('Последний день включительно (по умолчанию from + 6); не больше 31 дня'),
});

export const studentParams = z.object({ id });

const fileOut = z
  .object({ id: z.uuid(), name: z.string(), size: z.number().int(), contentType: z.string(), url: z.string() })
  .meta({ id: 'DiaryFile' });

const markOut = z
  .object({
    id: z.uuid(),
    value: z.string(),
    workType: z.string(),
    workTypeName: z.string().describe('Тип работы по-русски'),
    workTitle: z.string().nullable(),
    weight: z.number(),
    comment: z.string().nullable(),
  })
  .meta({ id: 'DiaryMark' });

const attendanceOut = z
  .object({ code: z.string().describe('н, б, у, оп, осв'), name: z.string(), minutes: z.number().int().nullable() })
  .meta({ id: 'DiaryAttendance' });

const entryOut = z
  .object({
    kind: z.enum(DIARY_ENTRY_KINDS),
    id: z.string(),
    date: z.string(),
    title: z.string(),
    text: z.string().nullable(),
    url: z.string().nullable(),
  })
  .meta({ id: 'DiaryEntry' });

const lessonOut = z
  .object({
    id: z.uuid(),
    number: z.number().int(),
    startsAt: z.string().nullable().describe('ЧЧ:ММ по расписанию звонков'),
    endsAt: z.string().nullable(),
    subjectId: z.uuid(),
    subjectName: z.string(),
    subgroupName: z.string().nullable(),
    teacherName: z.string().nullable(),
    room: z.string().nullable(),
    topic: z.string().nullable(),
    homework: z.object({ text: z.string(), dueDate: z.string(), files: z.array(fileOut) }).nullable(),
    marks: z.array(markOut),
    attendance: attendanceOut.nullable(),
  })
  .meta({ id: 'DiaryLesson' });

export const weekOut = z
  .object({
    student: z.object({ id: z.string(), name: z.string(), className: z.string().nullable() }),
    from: z.string(),
    to: z.string(),
    today: z.string().describe('Сегодня по часовому поясу школы'),
    days: z.array(
      z.object({
        date: z.string(),
        weekday: z.number().int().describe('1 — понедельник … 7 — воскресенье'),
        isToday: z.boolean(),
        holiday: z.string().nullable().describe('Название каникул или праздника'),
        lessons: z.array(lessonOut),
        entries: z.array(entryOut).describe('Объявления и сообщения (когда эти разделы есть)'),
      }),
    ),
  })
  .meta({ id: 'DiaryWeek' });

const periodOut = z
  .object({ id: z.uuid(), name: z.string(), number: z.number().int(), startsOn: z.string(), endsOn: z.string(), closed: z.boolean() })
  .meta({ id: 'DiaryPeriod' });

const finalKind = z.enum(['period', 'year', 'exam', 'final']);

export const marksQuery = z.object({ periodId: id.optional().describe('Период; по умолчанию текущий') });

export const marksOut = z
  .object({
    studentId: z.string(),
    period: periodOut.nullable(),
    periods: z.array(periodOut),
    averageMode: z.enum(['weighted', 'plain']),
    subjects: z.array(
      z.object({
        subjectId: z.uuid(),
        subjectName: z.string(),
        passFail: z.boolean(),
        marks: z.array(
          z.object({
            id: z.uuid(),
            date: z.string(),
            lessonNumber: z.number().int(),
            topic: z.string().nullable(),
            value: z.string(),
            workType: z.string(),
            workTypeName: z.string(),
            workTitle: z.string().nullable(),
            weight: z.number(),
            comment: z.string().nullable(),
          }),
        ),
        average: z.number().nullable().describe('Средневзвешенный балл (или средний, если так решила школа)'),
        proposed: z.string().nullable().describe('Отметка за период по текущему среднему'),
        trend: z.array(z.object({ date: z.string(), average: z.number() })).describe('Средний балл после каждого дня с отметками'),
        needed: z
          .array(z.object({ target: z.string(), fives: z.number().int().nullable() }))
          .describe('Сколько «5» за ответ на уроке нужно, чтобы выйти на каждую более высокую отметку'),
        periodFinal: z.string().nullable(),
        finals: z.array(z.object({ kind: finalKind, periodId: z.uuid().nullable(), periodName: z.string().nullable(), value: z.string() })),
      }),
    ),
  })
  .meta({ id: 'DiaryMarks' });

export const finalsQuery = z.object({ yearId: id.optional().describe('Учебный год; по умолчанию текущий') });

export const finalsOut = z
  .object({
    studentId: z.string(),
    years: z.array(z.object({ id: z.uuid(), name: z.string(), current: z.boolean() })),
    year: z.object({ id: z.uuid(), name: z.string(), current: z.boolean() }).nullable(),
    periods: z.array(periodOut),
    subjects: z.array(
      z.object({
        subjectId: z.uuid(),
        subjectName: z.string(),
        periods: z.array(z.object({ periodId: z.uuid(), value: z.string() })),
        year: z.string().nullable(),
        exam: z.string().nullable(),
        final: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'DiaryFinals' });

export const homeworkQuery = z.object({
  from: isoDate.describe('Срок сдачи с, ГГГГ-ММ-ДД'),
  to: isoDate.optional().describe('Срок сдачи по (по умолчанию from + 13); не больше 31 дня'),
});

export const homeworkOut = z
  .object({
    studentId: z.string(),
    from: z.string(),
    to: z.string(),
    today: z.string(),
    items: z.array(
      z.object({
        lessonId: z.uuid(),
        givenOn: z.string(),
        dueDate: z.string(),
        subjectId: z.uuid(),
        subjectName: z.string(),
        topic: z.string().nullable(),
        text: z.string(),
        files: z.array(fileOut),
      }),
    ),
  })
  .meta({ id: 'DiaryHomework' });

const feedOut = z
  .object({
    id: z.uuid(),
    studentId: z.uuid(),
    studentName: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
  })
  .meta({ id: 'CalendarFeed' });

export const feedsOut = z.array(feedOut);
export const feedCreateBody = z.object({ studentId: id });
export const feedCreatedOut = z
  .object({
    id: z.uuid(),
    studentId: z.string(),
    createdAt: z.string(),
    path: z.string(),
    url: z.string().describe('Личная ссылка для календаря: показывается один раз, храните её как пароль'),
  })
  .meta({ id: 'CalendarFeedCreated' });
