import { z } from 'zod';

/** Ids in the path and query are UUIDs: anything else is a 400 naming the field, before any lookup. */
const uuid = z.uuid('ожидается идентификатор (UUID)');

export const classParams = z.object({ id: uuid.describe('класс') });

export const journalQuery = z.object({
  yearId: uuid.optional().describe('учебный год класса (необязательно: класс и так принадлежит одному году)'),
  periodId: uuid.optional().describe('период (четверть, полугодие, триместр) — напечатать только его; по умолчанию весь год'),
});

export const archiveQuery = z.object({
  yearId: uuid.optional().describe('учебный год класса (необязательно)'),
});

export const archiveCatalogueSchema = z
  .object({
    years: z.array(
      z.object({
        id: z.uuid(),
        schoolId: z.uuid(),
        schoolName: z.string(),
        name: z.string(),
        status: z.enum(['draft', 'current', 'closed']),
        startsOn: z.string(),
        endsOn: z.string(),
        classes: z.array(
          z.object({
            id: z.uuid(),
            name: z.string(),
            grade: z.number().int(),
            periodScheme: z.string(),
            classTeacherName: z.string().nullable(),
            studentCount: z.number().int(),
          }),
        ),
        periods: z.array(
          z.object({
            id: z.uuid(),
            scheme: z.string(),
            number: z.number().int(),
            name: z.string(),
            startsOn: z.string(),
            endsOn: z.string(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'ArchiveCatalogue' });
