import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type GetResult, type Schemas, unwrap } from '../../lib/api/client';
import { apiKey, getQuery, invalidatePath } from '../../lib/api/query';
import type { paths } from '../../lib/api/schema';

export type ImportResult = Schemas['ImportResult'];
export type ImportKind = ImportResult['kind'];
export type Slip = Schemas['CredentialSlip'];
export type TimetableEntry = Schemas['TimetableEntry'];
export type PersonItem = Schemas['PersonListItem'];
export type Period = Schemas['Period'];

/** A file as the import endpoints take it: its bytes in Base64, read in the browser. */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  // String.fromCharCode takes arguments: a chunk keeps a 20 MB file under the engine's argument limit.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export interface ImportRequest {
  kind: ImportKind;
  fileName: string;
  contentBase64: string;
}

/** Nothing is written: the answer lists what would change and every problem by row [002 §4.6]. */
export function useImportPreview() {
  return useMutation({ mutationFn: (body: ImportRequest) => unwrap(api.POST('/api/import/preview', { body })) });
}

/** All or nothing: on any error the server writes nothing and answers 400 with the list. */
export function useImportCommit() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ImportRequest) => unwrap(api.POST('/api/import/commit', { body })),
    onSuccess: () => {
      invalidatePath(client, '/api/classes');
      invalidatePath(client, '/api/people');
    },
  });
}

/**
 * The classes of a year: the current one when no year is given (the API's default); an earlier, closed
 * year is readable too [002 §4.6].
 */
export function useClasses(yearId?: string | null) {
  // Without a year the key stays the plain path, shared with every page that lists this year's classes.
  return useQuery(yearId ? getQuery('/api/classes', { params: { query: { yearId } } }) : getQuery('/api/classes'));
}

export function useClassStudents(classId: string | null) {
  return useQuery({ ...getQuery('/api/classes/{id}/students', { params: { path: { id: classId ?? '' } } }), enabled: !!classId });
}

export function usePeople(query: { q?: string; role?: Schemas['PersonListItem']['roles'][number]; classId?: string }, enabled = true) {
  return useQuery({ ...getQuery('/api/people', { params: { query: { ...query, limit: 500 } } }), enabled });
}

/** How many people one page of a list shows. */
export const PEOPLE_PAGE_SIZE = 50;

/**
 * One page of people with the total the filter finds: the list is paged on the server, so nobody is cut off
 * (a school has more than any one answer holds).
 */
export function usePeoplePage(
  query: { q?: string; role?: Schemas['PersonListItem']['roles'][number]; classId?: string; withLogin?: boolean },
  page: number,
  enabled = true,
) {
  const { withLogin, ...rest } = query;
  return useQuery({
    ...getQuery('/api/people', {
      params: {
        query: {
          ...rest,
          ...(withLogin === undefined ? {} : { withLogin: withLogin ? 'true' : 'false' }),
          limit: PEOPLE_PAGE_SIZE,
          offset: (page - 1) * PEOPLE_PAGE_SIZE,
        },
      },
    }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function usePerson(id: string) {
  return useQuery(getQuery('/api/people/{id}', { params: { path: { id } } }));
}

/** Logins and one-time passwords; the passwords exist only in this answer [002 §3.2]. */
export function useIssueCredentials() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      classId?: string;
      who?: 'students' | 'parents' | 'both';
      personIds?: string[];
      /** every staff member of the school: the server decides who [002 §3.2] */
      allStaff?: boolean;
      reissue?: boolean;
    }) => unwrap(api.POST('/api/credentials/issue', { body })),
    onSuccess: () => invalidatePath(client, '/api/people'),
  });
}

/** The printable slips: the server keeps no password, so the slips travel back in the request. */
export async function downloadSlipsPdf(slips: Slip[]) {
  const { data } = await api.POST('/api/credentials/slips.pdf', {
    body: { slips: slips.map(({ name, role, className, login, password }) => ({ name, role, className, login, password })) },
    parseAs: 'blob',
  });
  const url = URL.createObjectURL(data as Blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = 'Реквизиты доступа.pdf';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function useAccountActions() {
  const client = useQueryClient();
  const done = () => {
    invalidatePath(client, '/api/people');
    invalidatePath(client, '/api/people/{id}');
  };
  return {
    reset: useMutation({
      mutationFn: (personId: string) => unwrap(api.POST('/api/accounts/{personId}/reset', { params: { path: { personId } } })),
      onSuccess: done,
    }),
    block: useMutation({
      mutationFn: ({ personId, blocked }: { personId: string; blocked: boolean }) =>
        unwrap(
          blocked
            ? api.POST('/api/accounts/{personId}/block', { params: { path: { personId } }, body: {} })
            : api.POST('/api/accounts/{personId}/unblock', { params: { path: { personId } }, body: {} }),
        ),
      onSuccess: done,
    }),
  };
}

export function useTimetable(classId: string | null, date: string) {
  return useQuery({
    ...getQuery('/api/timetable', { params: { query: { classId: classId ?? undefined, date } } }),
    enabled: !!classId,
  });
}

/** The load of a class; the API reads the current year unless told the class's own (an earlier one) [002 §4.6]. */
export function useClassLoads(classId: string | null, yearId?: string) {
  return useQuery({
    ...getQuery('/api/loads', { params: { query: { classId: classId ?? undefined, ...(yearId ? { yearId } : {}) } } }),
    enabled: !!classId,
  });
}

export function useSaveTimetable() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      classId: string;
      validFrom: string;
      entries: { pageId: string; weekday: number; lessonNumber: number; room?: string | null }[];
    }) => unwrap(api.POST('/api/timetable', { body })),
    onSuccess: () => invalidatePath(client, '/api/timetable'),
  });
}

export function useYears() {
  return useQuery(getQuery('/api/years'));
}

export function useYear(id: string | null) {
  return useQuery({ ...getQuery('/api/years/{id}', { params: { path: { id: id ?? '' } } }), enabled: !!id });
}

export function usePeriodActions() {
  const client = useQueryClient();
  const done = () => invalidatePath(client, '/api/years/{id}');
  return {
    close: useMutation({
      mutationFn: (id: string) => unwrap(api.POST('/api/periods/{id}/close', { params: { path: { id } } })),
      onSuccess: done,
    }),
    reopen: useMutation({
      mutationFn: ({ id, reason }: { id: string; reason: string }) =>
        unwrap(api.POST('/api/periods/{id}/reopen', { params: { path: { id } }, body: { reason } })),
      onSuccess: done,
    }),
  };
}

export function useMoveStudent(studentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { kind: 'arrival' | 'departure' | 'transfer'; date: string; orderNumber: string; toClassId?: string | null }) =>
      unwrap(api.POST('/api/students/{id}/movements', { params: { path: { id: studentId } }, body })),
    onSuccess: () => {
      invalidatePath(client, '/api/people/{id}');
      invalidatePath(client, '/api/classes');
    },
  });
}

// ───────────── screens 2: years, subjects, curriculum, load, class teacher, subgroups, cards, year end ─────────────

type JsonBody<P extends keyof paths, M extends keyof paths[P]> =
  NonNullable<paths[P][M]> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

export type Year = Schemas['AcademicYear'];
export type YearDetail = Schemas['AcademicYearDetail'];
export type GradeRange = Schemas['GradeSchemeRange'];
export type PeriodScheme = GradeRange['scheme'];
export type Holiday = Schemas['Holiday'];
export type Subject = Schemas['Subject'];
export type Load = Schemas['TeachingLoad'];
export type Subgroup = Schemas['Subgroup'];
export type PersonCard = Schemas['PersonCard'];
export type ClassItem = Schemas['Class'];
export type YearEndResult = Schemas['YearEndResult'];
export type CreateYearBody = JsonBody<'/api/years', 'post'>;
export type PeriodsBody = JsonBody<'/api/years/{id}/periods', 'put'>;
export type HolidayBody = JsonBody<'/api/years/{id}/holidays', 'post'>;
export type CloseAndPromoteBody = JsonBody<'/api/years/{id}/close-and-promote', 'post'>;
export type CardPatch = JsonBody<'/api/people/{id}', 'patch'>;
export type LoadBody = JsonBody<'/api/loads', 'post'>;

/** Every year view reads from these paths: a change re-reads them all. */
function useYearsChanged() {
  const client = useQueryClient();
  return () => {
    invalidatePath(client, '/api/years');
    invalidatePath(client, '/api/years/{id}');
  };
}

/** [002 §4.6] a new year with its periods and holidays: current when the school has none, otherwise a draft. */
export function useCreateYear() {
  const done = useYearsChanged();
  return useMutation({ mutationFn: (body: CreateYearBody) => unwrap(api.POST('/api/years', { body })), onSuccess: done });
}

export function useActivateYear() {
  const client = useQueryClient();
  const done = useYearsChanged();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/years/{id}/activate', { params: { path: { id } } })),
    onSuccess: () => {
      done();
      invalidatePath(client, '/api/classes');
    },
  });
}

export function usePutPeriods(yearId: string) {
  const done = useYearsChanged();
  return useMutation({
    mutationFn: (body: PeriodsBody) => unwrap(api.PUT('/api/years/{id}/periods', { params: { path: { id: yearId } }, body })),
    onSuccess: done,
  });
}

export function useHolidayActions(yearId: string) {
  const done = useYearsChanged();
  return {
    add: useMutation({
      mutationFn: (body: HolidayBody) => unwrap(api.POST('/api/years/{id}/holidays', { params: { path: { id: yearId } }, body })),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (id: string) => unwrap(api.DELETE('/api/holidays/{id}', { params: { path: { id } } })),
      onSuccess: done,
    }),
  };
}

/** [002 §4.6] the year-end transfer: all or nothing on the server. */
export function useCloseAndPromote(yearId: string) {
  const client = useQueryClient();
  const done = useYearsChanged();
  return useMutation({
    mutationFn: (body: CloseAndPromoteBody) =>
      unwrap(api.POST('/api/years/{id}/close-and-promote', { params: { path: { id: yearId } }, body })),
    onSuccess: () => {
      done();
      invalidatePath(client, '/api/classes');
      invalidatePath(client, '/api/loads');
      invalidatePath(client, '/api/people');
    },
  });
}

/** Classes of a given year (an earlier, closed year too: read-only). */
export function useYearClasses(yearId: string | null) {
  return useQuery({ ...getQuery('/api/classes', { params: { query: { yearId: yearId ?? undefined } } }), enabled: !!yearId });
}

export function useSubjects() {
  return useQuery(getQuery('/api/subjects'));
}

export function useSubjectActions() {
  const client = useQueryClient();
  const done = () => {
    invalidatePath(client, '/api/subjects');
    invalidatePath(client, '/api/years/{id}/curriculum');
    invalidatePath(client, '/api/loads');
  };
  return {
    create: useMutation({
      mutationFn: (body: { name: string; shortName?: string; passFail?: boolean }) => unwrap(api.POST('/api/subjects', { body })),
      onSuccess: done,
    }),
    update: useMutation({
      mutationFn: ({ id, ...body }: { id: string; name?: string; shortName?: string; passFail?: boolean }) =>
        unwrap(api.PATCH('/api/subjects/{id}', { params: { path: { id } }, body })),
      onSuccess: done,
    }),
    /** Only an unused subject: the server answers 409 with the reason otherwise. */
    remove: useMutation({
      mutationFn: (id: string) => unwrap(api.DELETE('/api/subjects/{id}', { params: { path: { id } } })),
      onSuccess: done,
    }),
  };
}

export function useCurriculum(yearId: string | null) {
  return useQuery({ ...getQuery('/api/years/{id}/curriculum', { params: { path: { id: yearId ?? '' } } }), enabled: !!yearId });
}

/** The whole curriculum of a year at once: what is not sent is removed. */
export function usePutCurriculum(yearId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (rows: { grade: number; subjectId: string; hoursPerWeek: number }[]) =>
      unwrap(api.PUT('/api/years/{id}/curriculum', { params: { path: { id: yearId } }, body: { rows } })),
    onSuccess: (data) => client.setQueryData(apiKey('/api/years/{id}/curriculum', { path: { id: yearId } }), data),
  });
}

/** [003 §2.6] a load row is a journal page: add, hand over to another teacher, change hours, delete while empty. */
export function useLoadActions() {
  const client = useQueryClient();
  const done = () => {
    invalidatePath(client, '/api/loads');
    invalidatePath(client, '/api/pages');
  };
  return {
    create: useMutation({ mutationFn: (body: LoadBody) => unwrap(api.POST('/api/loads', { body })), onSuccess: done }),
    update: useMutation({
      mutationFn: ({ id, ...body }: { id: string; teacherId?: string; hoursPerWeek?: number | null }) =>
        unwrap(api.PATCH('/api/loads/{id}', { params: { path: { id } }, body })),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (id: string) => unwrap(api.DELETE('/api/loads/{id}', { params: { path: { id } } })),
      onSuccess: done,
    }),
  };
}

export function useTeachers(enabled = true) {
  return usePeople({ role: 'teacher' }, enabled);
}

export function useClassActions() {
  const client = useQueryClient();
  const done = () => invalidatePath(client, '/api/classes');
  return {
    create: useMutation({
      mutationFn: (body: { grade: number; letter: string; yearId?: string }) => unwrap(api.POST('/api/classes', { body })),
      onSuccess: done,
    }),
    /** [004 admin] a class corrected: grade, letter, period scheme. */
    update: useMutation({
      mutationFn: ({ id, ...body }: { id: string; grade?: number; letter?: string; periodScheme?: ClassItem['periodScheme'] }) =>
        unwrap(api.PATCH('/api/classes/{id}', { params: { path: { id } }, body })),
      onSuccess: done,
    }),
    /** Only an empty class (no student ever, no journal page): the server answers 409 with the reason otherwise. */
    remove: useMutation({
      mutationFn: (id: string) => unwrap(api.DELETE('/api/classes/{id}', { params: { path: { id } } })),
      onSuccess: done,
    }),
    /** [004 admin] the class teacher gets the rights over the class's students and parents. */
    setTeacher: useMutation({
      mutationFn: ({ classId, teacherId }: { classId: string; teacherId: string | null }) =>
        unwrap(api.PUT('/api/classes/{id}/class-teacher', { params: { path: { id: classId } }, body: { teacherId } })),
      onSuccess: done,
    }),
  };
}

export function useSubgroups(classId: string | null) {
  return useQuery({ ...getQuery('/api/classes/{id}/subgroups', { params: { path: { id: classId ?? '' } } }), enabled: !!classId });
}

/** [003 §3.2] the class teacher (or the administrator) decides the subgroups and who is in them. */
export function useSubgroupActions() {
  const client = useQueryClient();
  const done = () => {
    invalidatePath(client, '/api/classes/{id}/subgroups');
    invalidatePath(client, '/api/loads');
  };
  return {
    create: useMutation({
      mutationFn: ({ classId, ...body }: { classId: string; name: string; studentIds?: string[] }) =>
        unwrap(api.POST('/api/classes/{id}/subgroups', { params: { path: { id: classId } }, body })),
      onSuccess: done,
    }),
    rename: useMutation({
      mutationFn: ({ id, name }: { id: string; name: string }) =>
        unwrap(api.PATCH('/api/subgroups/{id}', { params: { path: { id } }, body: { name } })),
      onSuccess: done,
    }),
    members: useMutation({
      mutationFn: ({ id, studentIds }: { id: string; studentIds: string[] }) =>
        unwrap(api.PUT('/api/subgroups/{id}/members', { params: { path: { id } }, body: { studentIds } })),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (id: string) => unwrap(api.DELETE('/api/subgroups/{id}', { params: { path: { id } } })),
      onSuccess: done,
    }),
  };
}

/** Card data, roles and parent links of a person; the server audits every change. */
export function usePersonActions(personId: string) {
  const client = useQueryClient();
  const done = () => {
    invalidatePath(client, '/api/people/{id}');
    invalidatePath(client, '/api/people');
  };
  return {
    update: useMutation({
      mutationFn: (body: CardPatch) => unwrap(api.PATCH('/api/people/{id}', { params: { path: { id: personId } }, body })),
      onSuccess: (card) => {
        client.setQueryData(apiKey('/api/people/{id}', { path: { id: personId } }), card);
        done();
      },
    }),
    roles: useMutation({
      mutationFn: (roles: PersonCard['roles']) =>
        unwrap(api.PUT('/api/people/{id}/roles', { params: { path: { id: personId } }, body: { roles } })),
      onSuccess: done,
    }),
    link: useMutation({
      mutationFn: (body: { parentId: string; relation?: string }) =>
        unwrap(api.POST('/api/people/{id}/parents', { params: { path: { id: personId } }, body })),
      onSuccess: done,
    }),
    unlink: useMutation({
      mutationFn: (parentId: string) =>
        unwrap(api.DELETE('/api/people/{id}/parents/{parentId}', { params: { path: { id: personId, parentId } } })),
      onSuccess: done,
    }),
  };
}

// ───────────── screens 3: bells, one-off lesson changes, class movement, a person added by hand ─────────────

export type Bell = Schemas['Bell'];
export type ScheduledLesson = Schemas['ScheduledLesson'];
export type ClassMovement = NonNullable<GetResult<'/api/classes/{id}/movements'>>[number];
export type CreatePersonBody = JsonBody<'/api/people', 'post'>;

export type BellSet = Schemas['BellSet'];
/** The date that shows the school's first set of bells: before any dated set (the server keeps it from the beginning). */
export const FIRST_BELLS_DATE = '1970-01-01';

/** [004 admin] the bells in force on a date (today when none is given), with the dates of every set. */
export function useBells(date?: string) {
  // The shown set stays on screen while another one loads (the form keeps its focus).
  return useQuery({ ...getQuery('/api/bells', { params: { query: { date } } }), placeholderData: keepPreviousData });
}

/**
 * [004 admin] a set of bells is saved whole (what is not sent is removed), valid from a date: null = the
 * school's first set, from the beginning; a new date makes a new set and earlier lessons keep their times.
 */
export function usePutBells() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { validFrom: string | null; bells: Bell[] }) => unwrap(api.PUT('/api/bells', { body })),
    onSuccess: () => {
      invalidatePath(client, '/api/bells');
      invalidatePath(client, '/api/timetable');
    },
  });
}

/** The actual lessons of a class on one day, with substitutions, moved and extra lessons. */
export function useClassDayLessons(classId: string | null, date: string) {
  return useQuery({
    ...getQuery('/api/timetable/lessons', { params: { query: { classId: classId ?? undefined, from: date, to: date } } }),
    enabled: !!classId && !!date,
  });
}

/** [DOMAIN §2] [001 §5.4.2] moves, substitutions and extra lessons; the server refuses a busy slot or a holiday. */
export function useLessonChanges() {
  const client = useQueryClient();
  const done = () => {
    invalidatePath(client, '/api/timetable/lessons');
    invalidatePath(client, '/api/pages/{id}');
  };
  return {
    move: useMutation({
      mutationFn: ({ id, ...body }: { id: string; date: string; number: number; room?: string | null }) =>
        unwrap(api.POST('/api/lessons/{id}/move', { params: { path: { id } }, body })),
      onSuccess: done,
    }),
    substitute: useMutation({
      mutationFn: ({ id, teacherId }: { id: string; teacherId: string | null }) =>
        unwrap(api.PUT('/api/lessons/{id}/substitute', { params: { path: { id } }, body: { teacherId } })),
      onSuccess: done,
    }),
    extra: useMutation({
      mutationFn: (body: { pageId: string; date: string; number: number; room?: string | null }) =>
        unwrap(api.POST('/api/lessons/extra', { body })),
      onSuccess: done,
    }),
  };
}

/** [004] [002 §4.6] arrivals, departures and transfers of a class, with their orders. */
export function useClassMovements(classId: string | null) {
  return useQuery({ ...getQuery('/api/classes/{id}/movements', { params: { path: { id: classId ?? '' } } }), enabled: !!classId });
}

/** A person entered by hand; the server refuses the same person twice (409, named at the last name). */
export function useCreatePerson() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreatePersonBody) => unwrap(api.POST('/api/people', { body })),
    onSuccess: () => {
      invalidatePath(client, '/api/people');
      // A parent added to children shows on their cards.
      invalidatePath(client, '/api/people/{id}');
      invalidatePath(client, '/api/classes');
    },
  });
}
