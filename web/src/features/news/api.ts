import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../../lib/api/client';
import { getQuery, invalidatePath } from '../../lib/api/query';

export type Post = Schemas['NewsPost'];
export type Folder = Schemas['FileFolder'];
export type PostKind = Post['kind'];
export type Audience = Post['audience'];

export interface PostInput {
  schoolId?: string;
  kind: PostKind;
  audience: Audience;
  classId?: string | null;
  title: string;
  body: string;
  eventDate?: string | null;
  eventEndDate?: string | null;
  eventTime?: string | null;
  eventPlace?: string | null;
}

export function useNews(q: { audience?: Audience; kind?: PostKind }) {
  return useQuery(
    getQuery('/api/news', { params: { query: { ...(q.audience ? { audience: q.audience } : {}), ...(q.kind ? { kind: q.kind } : {}) } } }),
  );
}

export function usePost(id: string) {
  return useQuery(getQuery('/api/news/{id}', { params: { path: { id } } }));
}

export function useCalendar(from: string, to: string) {
  return useQuery(getQuery('/api/news/calendar', { params: { query: { from, to } } }));
}

export function useReceipts(id: string, enabled: boolean) {
  return useQuery({ ...getQuery('/api/news/{id}/receipts', { params: { path: { id } } }), enabled });
}

const refreshNews = (qc: ReturnType<typeof useQueryClient>) =>
  Promise.all([invalidatePath(qc, '/api/news'), invalidatePath(qc, '/api/news/{id}'), invalidatePath(qc, '/api/news/calendar')]);

export function useSavePost() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { id?: string; body: PostInput }) =>
      input.id
        ? unwrap(api.PUT('/api/news/{id}', { params: { path: { id: input.id } }, body: input.body }))
        : unwrap(api.POST('/api/news', { body: input.body, headers: { 'Idempotency-Key': crypto.randomUUID() } })),
    onSettled: () => refreshNews(qc),
  });
}

export function useDeletePost() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/news/{id}', { params: { path: { id } } })),
    onSettled: () => refreshNews(qc),
  });
}

export function useMarkPostRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/news/{id}/read', { params: { path: { id } } })),
    onSettled: () => Promise.all([refreshNews(qc), invalidatePath(qc, '/api/news/{id}/receipts')]),
  });
}

export function useClasses() {
  return useQuery(getQuery('/api/classes'));
}

// ───────────── the files section ─────────────

export function useFilesSection(yearId: string | null) {
  return useQuery(getQuery('/api/school-files', { params: { query: yearId ? { yearId } : {} } }));
}

export function useFolder(id: string | null) {
  return useQuery({ ...getQuery('/api/school-files/folders/{id}', { params: { path: { id: id ?? '' } } }), enabled: !!id });
}

const refreshFiles = (qc: ReturnType<typeof useQueryClient>) =>
  Promise.all([invalidatePath(qc, '/api/school-files'), invalidatePath(qc, '/api/school-files/folders/{id}')]);

export function useCreateFolder() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { parentId: string; name: string; access: 'staff' | 'everyone' }) =>
      unwrap(api.POST('/api/school-files/folders', { body })),
    onSettled: () => refreshFiles(qc),
  });
}

export function useUpdateFolder() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; name?: string; access?: 'staff' | 'everyone' }) =>
      unwrap(
        api.PATCH('/api/school-files/folders/{id}', {
          params: { path: { id: input.id } },
          body: { name: input.name, access: input.access },
        }),
      ),
    onSettled: () => refreshFiles(qc),
  });
}

export function useDeleteFolder() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/school-files/folders/{id}', { params: { path: { id } } })),
    onSettled: () => refreshFiles(qc),
  });
}

export function useUploadToFolder() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (input: { folderId: string; file: File }) => {
      const form = new FormData();
      form.append('file', input.file, input.file.name);
      return unwrap(api.POST('/api/school-files/folders/{id}/files', { params: { path: { id: input.folderId } }, body: form as never }));
    },
    onSettled: () => refreshFiles(qc),
  });
}

export function useDeleteFile() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/school-files/files/{id}', { params: { path: { id } } })),
    onSettled: () => refreshFiles(qc),
  });
}

export const schoolFileUrl = (id: string) => `/api/school-files/files/${encodeURIComponent(id)}`;

/** Largest file of the section (src/domain/messaging.ts MAX_ATTACHMENT_BYTES). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
