import { z } from 'zod';
import { isIsoDate } from '../../domain/calendar';
import { errorSchema } from '../auth/auth.schemas';

/** Error answers of the school-administration endpoints (409 conflicts, 423 closed year/period). */
export const errors = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
  423: errorSchema,
};

export const uuid = z.uuid('ожидается идентификатор (UUID)');
export const idParam = z.object({ id: uuid });
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'дата в формате ГГГГ-ММ-ДД')
  .refine(isIsoDate, 'такой даты нет в календаре');
export const schoolIdOpt = uuid.optional().describe('Школа; можно не указывать, если пользователь администрирует одну школу');
export const ok = z.object({ ok: z.literal(true) });
export const schemeEnum = z.enum(['quarter', 'half', 'trimester']).describe('quarter — четверти, half — полугодия, trimester — триместры');
const text = (max: number) => z.string().trim().min(1, 'не может быть пустым').max(max);

export const gradeRange = z
  .object({ fromGrade: z.number().int().min(1).max(11), toGrade: z.number().int().min(1).max(11), scheme: schemeEnum })
  .meta({ id: 'GradeSchemeRange' });

export const periodIn = z
  .object({
    scheme: schemeEnum,
    number: z.number().int().min(1).max(6),
    name: z.string().trim().max(60).nullish().describe('по умолчанию «1 четверть» и т. п.'),
    startsOn: isoDate,
    endsOn: isoDate,
  })
  .meta({ id: 'PeriodSpec' });

export const holidayIn = z
  .object({
    name: text(120),
    startsOn: isoDate,
    endsOn: isoDate,
    kind: z.enum(['holiday', 'day_off']).optional().describe('holiday — каникулы, day_off — отдельный нерабочий день'),
    fromGrade: z
      .number()
      .int()
      .nullish()
      .describe('с какого класса (1–11); вместе с toGrade ограничивает каникулы параллелями, без них — для всей школы'),
    toGrade: z.number().int().nullish().describe('по какой класс (1–11), не меньше fromGrade'),
  })
  .meta({ id: 'HolidaySpec' });

export const yearSchema = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    name: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    status: z.enum(['draft', 'current', 'closed']),
    closedAt: z.string().nullable(),
    readOnly: z.boolean().describe('true для закрытого года: только чтение'),
    gradeSchemes: z.array(gradeRange),
  })
  .meta({ id: 'AcademicYear' });

export const periodSchema = z
  .object({
    id: z.uuid(),
    yearId: z.uuid(),
    scheme: schemeEnum,
    number: z.number().int(),
    name: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    closed: z.boolean(),
    closedAt: z.string().nullable(),
    closedBy: z.uuid().nullable(),
  })
  .meta({ id: 'Period' });

export const holidaySchema = z
  .object({
    id: z.uuid(),
    yearId: z.uuid(),
    name: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    kind: z.enum(['holiday', 'day_off']),
    fromGrade: z.number().int().nullable().describe('с какого класса; null — каникулы всей школы'),
    toGrade: z.number().int().nullable().describe('по какой класс; null — каникулы всей школы'),
  })
  .meta({ id: 'Holiday' });

export const yearDetailSchema = yearSchema
  .extend({
    periods: z.array(periodSchema),
    holidays: z.array(holidaySchema),
    periodEvents: z.array(
      z.object({
        id: z.uuid(),
        periodId: z.uuid(),
        action: z.enum(['close', 'reopen']),
        reason: z.string().nullable(),
        actorId: z.uuid().nullable(),
        actorName: z.string().nullable(),
        at: z.string(),
      }),
    ),
  })
  .meta({ id: 'AcademicYearDetail' });

export const createYearBody = z.object({
  schoolId: schoolIdOpt,
  name: text(40).describe('например «2025/2026»'),
  startsOn: isoDate,
  endsOn: isoDate,
  current: z.boolean().optional().describe('сделать текущим (по умолчанию — если текущего года нет)'),
  gradeSchemes: z.array(gradeRange).max(11).optional().describe('по умолчанию: 1–9 четверти, 10–11 полугодия'),
  periods: z.array(periodIn).max(30).optional().describe('по умолчанию — обычный календарь, подогнанный к датам года'),
  holidays: z.array(holidayIn).max(60).optional().describe('по умолчанию — обычные каникулы и праздники; [] — без них'),
});

export const lessonsResult = z
  .object({
    created: z.number().int().describe('создано уроков'),
    removed: z.number().int().describe('удалено пустых будущих уроков'),
    keptWithData: z.number().int().describe('уроков с записями в изменённом диапазоне (не тронуты)'),
  })
  .meta({ id: 'LessonsRegenerated' });

export const classDetailSchema = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    yearId: z.uuid(),
    yearName: z.string(),
    grade: z.number().int(),
    letter: z.string(),
    name: z.string(),
    periodScheme: schemeEnum,
    classTeacherId: z.uuid().nullable(),
    classTeacherName: z.string().nullable(),
    readOnly: z.boolean(),
  })
  .meta({ id: 'ClassDetail' });

export const subgroupSchema = z
  .object({ id: z.uuid(), classId: z.uuid(), name: z.string(), members: z.array(z.object({ id: z.uuid(), name: z.string() })) })
  .meta({ id: 'Subgroup' });

export const subjectSchema = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    name: z.string(),
    shortName: z.string(),
    passFail: z.boolean().describe('зачёт/незачёт без отметок'),
  })
  .meta({ id: 'Subject' });

export const curriculumRow = z
  .object({ grade: z.number().int().min(1).max(11), subjectId: uuid, hoursPerWeek: z.number().positive().max(40).multipleOf(0.5) })
  .meta({ id: 'CurriculumEntry' });

export const curriculumOut = z
  .object({ grade: z.number().int(), subjectId: z.uuid(), subjectName: z.string(), hoursPerWeek: z.number() })
  .meta({ id: 'CurriculumRow' });

export const loadSchema = z
  .object({
    id: z.uuid().describe('идентификатор страницы журнала'),
    schoolId: z.uuid(),
    yearId: z.uuid(),
    classId: z.uuid(),
    className: z.string(),
    subgroupId: z.uuid().nullable(),
    subgroupName: z.string().nullable(),
    subjectId: z.uuid(),
    subjectName: z.string(),
    teacherId: z.uuid(),
    teacherName: z.string(),
    hoursPerWeek: z.number().nullable(),
  })
  .meta({ id: 'TeachingLoad' });

export const bellSchema = z
  .object({
    number: z.number().int().min(0).max(12),
    startsAt: z.string().describe('ЧЧ:ММ'),
    endsAt: z.string().describe('ЧЧ:ММ'),
  })
  .meta({ id: 'Bell' });

/** [004 admin] a set of bells valid from a date (null = the school's first set, from the beginning). */
export const bellSetSchema = z
  .object({
    date: z.string().describe('дата, на которую показаны звонки'),
    validFrom: z.string().nullable().describe('с какой даты действует этот набор; null — с начала'),
    bells: z.array(bellSchema),
    versions: z.array(z.string().nullable()).describe('даты начала всех наборов звонков школы по порядку'),
  })
  .meta({ id: 'BellSet' });

export const entrySchema = z
  .object({
    id: z.uuid(),
    pageId: z.uuid(),
    weekday: z.number().int().describe('1 — понедельник … 6 — суббота'),
    lessonNumber: z.number().int(),
    room: z.string().nullable(),
    validFrom: z.string(),
    validTo: z.string().nullable(),
    classId: z.uuid(),
    className: z.string(),
    subgroupId: z.uuid().nullable(),
    subgroupName: z.string().nullable(),
    subjectId: z.uuid(),
    subjectName: z.string(),
    teacherId: z.uuid(),
    teacherName: z.string(),
  })
  .meta({ id: 'TimetableEntry' });

export const lessonSlotSchema = z
  .object({
    id: z.uuid(),
    pageId: z.uuid(),
    date: z.string(),
    number: z.number().int(),
    room: z.string().nullable(),
    origin: z.enum(['timetable', 'extra', 'moved']),
    movedFromDate: z.string().nullable(),
    movedFromNumber: z.number().int().nullable(),
    classId: z.uuid(),
    className: z.string(),
    subjectId: z.uuid(),
    subjectName: z.string(),
    teacherId: z.uuid(),
    teacherName: z.string(),
    substituteTeacherId: z.uuid().nullable(),
    substituteName: z.string().nullable(),
  })
  .meta({ id: 'ScheduledLesson' });

export const closeAndPromoteBody = z.object({
  nextYear: z.object({
    name: text(40).describe('черновик года с этим названием, если он есть, становится новым годом'),
    startsOn: isoDate,
    endsOn: isoDate,
    gradeSchemes: z.array(gradeRange).max(11).optional(),
    periods: z.array(periodIn).max(30).optional(),
    holidays: z.array(holidayIn).max(60).optional(),
  }),
  repeaters: z.array(uuid).max(2000).optional().describe('ученики, оставленные на повторное обучение'),
  promotionOrder: z.string().trim().max(60).nullish().describe('номер приказа о переводе'),
  graduationOrder: z.string().trim().max(60).nullish().describe('номер приказа о выпуске'),
  carryOver: z.boolean().optional().describe('перенести учебный план и нагрузку (по умолчанию да)'),
});

export const closeAndPromoteResult = z
  .object({
    closedYear: yearSchema,
    newYear: yearSchema,
    classes: z.array(
      z.object({ fromClassId: z.uuid(), fromName: z.string(), toClassId: z.uuid().nullable(), toName: z.string().nullable() }),
    ),
    promoted: z.number().int(),
    graduated: z.number().int(),
    repeated: z.number().int(),
    closedPeriods: z.number().int(),
    curriculumRows: z.number().int(),
    loads: z.number().int(),
    subgroups: z.number().int(),
    fromDraft: z.boolean().describe('новым годом стал подготовленный заранее черновик с тем же названием'),
  })
  .meta({ id: 'YearEndResult' });
