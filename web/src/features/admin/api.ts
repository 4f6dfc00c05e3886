import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../../lib/api/client';
import { getQuery, invalidatePath } from '../../lib/api/query';

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

export function useClasses() {
  return useQuery(getQuery('/api/classes'));
}

export function useClassStudents(classId: string | null) {
  return useQuery({ ...getQuery('/api/classes/{id}/students', { params: { path: { id: classId ?? '' } } }), enabled: !!classId });
}

export function usePeople(query: { q?: string; role?: Schemas['PersonListItem']['roles'][number]; classId?: string }, enabled = true) {
  return useQuery({ ...getQuery('/api/people', { params: { query: { ...query, limit: 500 } } }), enabled });
}

export function usePerson(id: string) {
  return useQuery(getQuery('/api/people/{id}', { params: { path: { id } } }));
}

/** Logins and one-time passwords; the passwords exist only in this answer [002 §3.2]. */
export function useIssueCredentials() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { classId?: string; who?: 'students' | 'parents' | 'both'; personIds?: string[]; reissue?: boolean }) =>
      unwrap(api.POST('/api/credentials/issue', { body })),
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

export function useClassLoads(classId: string | null) {
  return useQuery({ ...getQuery('/api/loads', { params: { query: { classId: classId ?? undefined } } }), enabled: !!classId });
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
