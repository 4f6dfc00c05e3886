import { z } from 'zod';

export const finalKindSchema = z.enum(['period', 'year', 'exam', 'final']).meta({
  id: 'FinalKind',
  description: 'period — четвертная/полугодовая/триместровая, year — годовая, exam — экзаменационная, final — итоговая',
});

const version = z.number().int().min(1).max(1_000_000);
const finalValue = z.string().trim().max(10);

export const decisionSchema = z
  .object({
    value: z.string(),
    proposedValue: z.string().nullable(),
    average: z.number().nullable(),
    late: z.boolean(),
    version: z.number().int(),
    confirmedAt: z.string(),
    confirmedBy: z.string().nullable(),
  })
  .meta({ id: 'FinalMarkDecision' });

export const proposalSchema = z
  .object({ value: z.string(), average: z.number().nullable(), count: z.number().int() })
  .meta({ id: 'FinalMarkProposal' });

export const finalsViewSchema = z
  .object({
    page: z.object({
      id: z.uuid(),
      classId: z.uuid(),
      className: z.string(),
      grade: z.number().int(),
      subgroupName: z.string().nullable(),
      subjectName: z.string(),
      passFail: z.boolean(),
      teacherName: z.string(),
      yearName: z.string(),
    }),
    kind: finalKindSchema,
    periods: z.array(
      z.object({ id: z.uuid(), name: z.string(), startsOn: z.string(), endsOn: z.string(), closed: z.boolean(), started: z.boolean() }),
    ),
    period: z.object({ id: z.uuid(), name: z.string(), startsOn: z.string(), endsOn: z.string(), closed: z.boolean() }).nullable(),
    deadline: z.object({ dueBy: z.string(), lateAfter: z.string(), overdue: z.boolean() }).nullable(),
    canWrite: z.boolean(),
    locked: z.object({ code: z.string(), message: z.string() }).nullable(),
    settings: z.object({ averageMode: z.string(), roundingBorder: z.number(), minMarksForPeriod: z.number().int() }),
    students: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        arrived: z.string().nullable(),
        left: z.string().nullable(),
        proposal: proposalSchema.nullable(),
        basis: z.array(z.object({ label: z.string(), value: z.string().nullable() })),
        decision: decisionSchema.nullable(),
        differs: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'FinalsView' });

export const finalsQuerySchema = z.object({
  kind: finalKindSchema.optional(),
  periodId: z.string().max(64).optional(),
});

export const confirmBodySchema = z.object({
  kind: finalKindSchema,
  periodId: z.uuid().nullable().optional(),
  items: z
    .array(
      z.object({
        studentId: z.uuid(),
        value: finalValue.nullable().optional(),
        version: version.nullable(),
      }),
    )
    .min(1, 'Нет отметок для подтверждения')
    .max(200),
  reason: z.string().max(300).nullable().optional(),
});

export const saveOneBodySchema = z.object({
  pageId: z.uuid(),
  studentId: z.uuid(),
  kind: finalKindSchema,
  periodId: z.uuid().nullable().optional(),
  value: finalValue.min(1, 'Введите отметку'),
  version: version.nullable(),
  reason: z.string().max(300).nullable().optional(),
});

export const savedFinalSchema = decisionSchema
  .extend({ pageId: z.uuid(), studentId: z.uuid(), kind: finalKindSchema, periodId: z.uuid().nullable() })
  .meta({ id: 'FinalMark' });

export const finalHistorySchema = z.array(
  z.object({
    id: z.number().int(),
    action: z.enum(['create', 'update']),
    at: z.string(),
    actorName: z.string().nullable(),
    oldValue: z.record(z.string(), z.unknown()).nullable(),
    newValue: z.record(z.string(), z.unknown()).nullable(),
    reason: z.string().nullable(),
  }),
);

const counts = z.object({ '5': z.number().int(), '4': z.number().int(), '3': z.number().int(), '2': z.number().int() });

export const summarySheetSchema = z
  .object({
    school: z.object({ name: z.string(), directorName: z.string().nullable() }),
    class: z.object({ id: z.uuid(), name: z.string(), grade: z.number().int(), classTeacherName: z.string().nullable() }),
    year: z.object({ id: z.uuid(), name: z.string(), closed: z.boolean() }),
    madeOn: z.string(),
    columns: z.array(
      z.object({ key: z.string(), kind: finalKindSchema, periodId: z.uuid().nullable(), name: z.string(), label: z.string() }),
    ),
    subjects: z.array(z.object({ id: z.uuid(), name: z.string(), shortName: z.string(), passFail: z.boolean() })),
    students: z.array(
      z.object({
        id: z.uuid(),
        number: z.number().int(),
        name: z.string(),
        note: z.string().nullable(),
        marks: z.record(z.string(), z.string()).describe('Итоговые отметки по ключу «subjectId:columnKey»'),
      }),
    ),
    totals: z
      .record(z.string(), z.object({ counts, performance: z.number().nullable(), quality: z.number().nullable() }))
      .describe('По предмету и столбцу, ключ «subjectId:columnKey»'),
    classTotals: z.record(
      z.string(),
      z.object({
        students: z.number().int(),
        performance: z.number().nullable(),
        quality: z.number().nullable(),
        excellent: z.number().int(),
        good: z.number().int(),
        withThree: z.number().int(),
        failing: z.number().int(),
        counts,
      }),
    ),
  })
  .meta({ id: 'SummarySheet' });
