import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { api, isApiError, type Schemas, unwrap } from '../../lib/api/client';
import { apiKey, getQuery } from '../../lib/api/query';
import { useCurrentUser } from '../../lib/session';
import { readLocal, writeLocal } from '../../lib/storage/local';
import {
  findAttendance,
  findMark,
  type JournalPageData,
  type Lesson,
  type Mark,
  type Work,
  withAttendance,
  withLesson,
  withMark,
} from './model/journal-data';
import { type CellVersion, type QueueDeps, type SaveOp, SaveQueue, type SaveRequest, type SendResult } from './model/save-queue';

/** Every cached period of every page: a confirmed save updates all copies that hold the lesson. */
const PAGE_KEY = apiKey('/api/pages/{id}');

export function usePages() {
  return useQuery(getQuery('/api/pages'));
}

export function pageQuery(pageId: string, periodId?: string) {
  return getQuery('/api/pages/{id}', { params: { path: { id: pageId }, query: periodId ? { periodId } : {} } });
}

export function useJournalPage(pageId: string, periodId?: string) {
  // The previous period stays on screen while the next one loads: the grid does not jump to a spinner.
  return useQuery({ ...pageQuery(pageId, periodId), placeholderData: (previous) => previous });
}

export type HistoryEntity = 'mark' | 'attendance' | 'topic' | 'homework' | 'work' | 'plan';

export function useCellHistory(pageId: string, entity: HistoryEntity, key: string, enabled: boolean) {
  return useQuery({
    ...getQuery('/api/pages/{id}/history', { params: { path: { id: pageId }, query: { entity, key } } }),
    enabled,
    staleTime: 0,
  });
}

function updatePages(qc: QueryClient, change: (page: JournalPageData) => JournalPageData) {
  qc.setQueriesData<JournalPageData>({ queryKey: PAGE_KEY }, (page) => (page ? change(page) : page));
}

/** Cached pages, the freshest first. */
function cachedPages(qc: QueryClient): JournalPageData[] {
  return qc
    .getQueryCache()
    .findAll({ queryKey: PAGE_KEY })
    .sort((a, b) => b.state.dataUpdatedAt - a.state.dataUpdatedAt)
    .map((q) => q.state.data as JournalPageData | undefined)
    .filter((p): p is JournalPageData => !!p);
}

function currentVersion(qc: QueryClient, op: SaveOp): CellVersion | null {
  const page = cachedPages(qc).find((p) => p.lessons.some((l) => l.id === op.lessonId));
  if (!page) return null;
  if (op.type === 'attendance') {
    const a = findAttendance(page, op.lessonId, op.studentId);
    return a ? { version: a.version } : null;
  }
  const m = findMark(page, op.workId, op.studentId);
  return m ? { id: m.id, version: m.version } : null;
}

/**
 * The server's answer (or its current value on a conflict) written into every cached copy of the page.
 * A read of the page already on its way (a homework file's refetch) left before this write and would bring
 * the cell back empty — and its next edit would then carry a stale version: it is asked again instead.
 */
function applyServerValue(qc: QueryClient, op: SaveOp, value: unknown) {
  if (op.type === 'attendance') {
    const a = value as { code: string | null; minutes?: number | null; version?: number | null } | null;
    updatePages(qc, (p) => withAttendance(p, op.lessonId, op.studentId, a));
  } else {
    const m = value as Mark | null;
    updatePages(qc, (p) => withMark(p, op.lessonId, op.workId, op.studentId, m?.version ? m : null));
  }
  if (qc.isFetching({ queryKey: PAGE_KEY }) > 0) void qc.invalidateQueries({ queryKey: PAGE_KEY });
}

async function sendSave(r: SaveRequest): Promise<SendResult> {
  const headers = { 'Idempotency-Key': r.idempotencyKey };
  try {
    switch (r.call) {
      case 'mark.put':
        return { ok: true, data: await unwrap(api.PUT('/api/marks', { body: r.body, headers })) };
      case 'mark.delete':
        await unwrap(api.DELETE('/api/marks/{id}', { params: { path: { id: r.markId }, query: { version: r.version } }, headers }));
        return { ok: true, data: null };
      case 'attendance.put':
        return { ok: true, data: await unwrap(api.PUT('/api/attendance', { body: r.body, headers })) };
    }
  } catch (e) {
    if (isApiError(e)) return { ok: false, status: e.status, code: e.code, message: e.message, details: e.details };
    return { ok: false, status: 0, code: 'network', message: e instanceof Error ? e.message : String(e) };
  }
}

const queues = new Map<string, SaveQueue>();

/** One queue per account: on a shared school computer one teacher's unsaved marks never go out under another's session. */
function queueFor(accountId: string): SaveQueue {
  let queue = queues.get(accountId);
  if (!queue) {
    const key = `journal.unsaved.${accountId}`;
    queue = new SaveQueue({ storage: { read: () => readLocal(key), write: (v) => writeLocal(key, v) } });
    queues.set(accountId, queue);
  }
  return queue;
}

/** The signed-in teacher's save queue, connected to the API and the page cache while the journal is open. */
export function useSaveQueue(): SaveQueue {
  const me = useCurrentUser();
  const qc = useQueryClient();
  const queue = queueFor(me.id);
  useEffect(() => {
    const deps: QueueDeps = {
      send: sendSave,
      currentVersion: (op) => currentVersion(qc, op),
      onSaved: (op, data) => applyServerValue(qc, op, op.type === 'mark.delete' ? null : data),
      onConflict: (op, current) => applyServerValue(qc, op, current),
    };
    queue.attach(deps);
    const online = () => queue.retryNow();
    // Closing the tab with saves still on the way: they are kept in this browser, but say so.
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (queue.hasUnsaved()) e.preventDefault();
    };
    window.addEventListener('online', online);
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      queue.detach(deps);
      window.removeEventListener('online', online);
      window.removeEventListener('beforeunload', beforeUnload);
    };
  }, [queue, qc]);
  return queue;
}

/**
 * One Idempotency-Key per logical save: the same payload sent again after a failure reuses its key (the
 * server then applies it once); a changed payload is a new save with a new key.
 */
function useIdempotencyKeys() {
  const last = useRef<{ payload: string; key: string } | null>(null);
  return {
    keyFor(payload: unknown) {
      const text = JSON.stringify(payload);
      if (last.current?.payload !== text) last.current = { payload: text, key: crypto.randomUUID() };
      return last.current.key;
    },
    done() {
      last.current = null;
    },
  };
}

export function useSaveTopic(lesson: Lesson) {
  const qc = useQueryClient();
  const keys = useIdempotencyKeys();
  return useMutation({
    mutationFn: async (input: { topic: string | null; planItemId?: string | null }) => {
      const body = { version: lesson.version, topic: input.topic, planItemId: input.planItemId ?? null };
      return unwrap(
        api.PATCH('/api/lessons/{id}', {
          params: { path: { id: lesson.id } },
          body,
          headers: { 'Idempotency-Key': keys.keyFor([lesson.id, body]) },
        }),
      );
    },
    onSuccess: (saved) => {
      keys.done();
      updatePages(qc, (p) =>
        withLesson(p, lesson.id, (l) => ({
          ...l,
          topic: saved.topic,
          planItemId: saved.planItemId,
          version: saved.version,
          updatedAt: saved.updatedAt,
          suggestedTopic: null,
          suggestedPlanItemId: null,
        })),
      );
    },
    onError: (e) => {
      // Someone else changed the lesson: show the page as it is now.
      if (isApiError(e) && e.code === 'conflict.stale') void qc.invalidateQueries({ queryKey: PAGE_KEY });
    },
  });
}

export function useSaveHomework(lesson: Lesson) {
  const qc = useQueryClient();
  const keys = useIdempotencyKeys();
  return useMutation({
    mutationFn: async (input: { text: string; dueDate: string }) => {
      const body = { version: lesson.homework?.version ?? null, text: input.text, dueDate: input.dueDate };
      return unwrap(
        api.PUT('/api/lessons/{id}/homework', {
          params: { path: { id: lesson.id } },
          body,
          headers: { 'Idempotency-Key': keys.keyFor([lesson.id, body]) },
        }),
      );
    },
    onSuccess: (saved) => {
      keys.done();
      updatePages(qc, (p) => withLesson(p, lesson.id, (l) => ({ ...l, homework: { ...saved, files: l.homework?.files ?? [] } })));
    },
    onError: (e) => {
      if (isApiError(e) && e.code === 'conflict.stale') void qc.invalidateQueries({ queryKey: PAGE_KEY });
    },
  });
}

/** Largest homework attachment the server takes. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export function useAttachFile(lesson: Lesson) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return unwrap(
        api.POST('/api/lessons/{id}/homework/files', {
          params: { path: { id: lesson.id } },
          body: form as never,
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      );
    },
    onSuccess: (file) => {
      updatePages(qc, (p) =>
        withLesson(p, lesson.id, (l) => (l.homework ? { ...l, homework: { ...l.homework, files: [...l.homework.files, file] } } : l)),
      );
    },
  });
}

export function useAllPresent(lesson: Lesson) {
  const qc = useQueryClient();
  const keys = useIdempotencyKeys();
  return useMutation({
    mutationFn: async () =>
      unwrap(
        api.POST('/api/lessons/{id}/all-present', {
          params: { path: { id: lesson.id } },
          headers: { 'Idempotency-Key': keys.keyFor(['all-present', lesson.id]) },
        }),
      ),
    onSuccess: () => {
      keys.done();
      updatePages(qc, (p) => ({ ...p, attendance: p.attendance.filter((a) => a.lessonId !== lesson.id) }));
      updatePages(qc, (p) => withLesson(p, lesson.id, (l) => ({ ...l, attendanceTaken: true })));
    },
  });
}

export function useAddWork(lesson: Lesson) {
  const qc = useQueryClient();
  const keys = useIdempotencyKeys();
  return useMutation({
    mutationFn: async (workType: string) =>
      unwrap(
        api.POST('/api/lessons/{id}/works', {
          params: { path: { id: lesson.id } },
          body: { workType },
          headers: { 'Idempotency-Key': keys.keyFor([lesson.id, workType, lesson.works.length]) },
        }),
      ),
    onSuccess: () => {
      keys.done();
      // The page computes the work's weight from the school's settings: read it back.
      return qc.invalidateQueries({ queryKey: PAGE_KEY });
    },
  });
}

/** A work as the server has it now, from the 409 of a stale change or removal [issue 4]; else null. */
export function staleWork(error: unknown): Schemas['Work'] | null {
  if (!isApiError(error) || error.code !== 'conflict.stale') return null;
  const current = error.details.current as Schemas['Work'] | null | undefined;
  return current && typeof current.workType === 'string' ? current : null;
}

/** Removes a work without marks, with the version the teacher saw: a stale one is refused (409) and the page read again. */
export function useDeleteWork() {
  const qc = useQueryClient();
  const keys = useIdempotencyKeys();
  return useMutation({
    mutationFn: async (work: Pick<Work, 'id' | 'version'>) =>
      unwrap(
        api.DELETE('/api/works/{id}', {
          params: { path: { id: work.id }, query: { version: work.version } },
          headers: { 'Idempotency-Key': keys.keyFor(['work.delete', work.id, work.version]) },
        }),
      ),
    onSuccess: () => {
      keys.done();
      return qc.invalidateQueries({ queryKey: PAGE_KEY });
    },
    onError: (e) => {
      if (isApiError(e) && e.code === 'conflict.stale') void qc.invalidateQueries({ queryKey: PAGE_KEY });
    },
  });
}

/**
 * A work's type and title [002 §4.4]; a new type brings its own weight (the page reads it back). The
 * change carries the version the teacher saw: someone else's change in between answers 409 with the
 * current work, which the caller shows, and the page is read again.
 */
export function useUpdateWork() {
  const qc = useQueryClient();
  const keys = useIdempotencyKeys();
  return useMutation({
    mutationFn: async (input: { work: Pick<Work, 'id' | 'version'>; workType: string; title: string | null; typeChanged: boolean }) => {
      // The weight is left as it is unless the type changes: then it follows the new type.
      const body = {
        version: input.work.version,
        workType: input.workType,
        title: input.title,
        ...(input.typeChanged ? { weight: null } : {}),
      };
      return unwrap(
        api.PATCH('/api/works/{id}', {
          params: { path: { id: input.work.id } },
          body,
          headers: { 'Idempotency-Key': keys.keyFor([input.work.id, body]) },
        }),
      );
    },
    onSuccess: () => {
      keys.done();
      return qc.invalidateQueries({ queryKey: PAGE_KEY });
    },
    onError: (e) => {
      if (isApiError(e) && e.code === 'conflict.stale') void qc.invalidateQueries({ queryKey: PAGE_KEY });
    },
  });
}

/** Deletes the lesson's homework (its attachments go with it). */
export function useDeleteHomework(lesson: Lesson) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () =>
      unwrap(
        api.DELETE('/api/lessons/{id}/homework', {
          params: { path: { id: lesson.id }, query: { version: lesson.homework?.version ?? 1 } },
        }),
      ),
    onSuccess: () => updatePages(qc, (p) => withLesson(p, lesson.id, (l) => ({ ...l, homework: null }))),
    onError: (e) => {
      if (isApiError(e) && e.code === 'conflict.stale') void qc.invalidateQueries({ queryKey: PAGE_KEY });
    },
  });
}

/** Removes one attachment of the lesson's homework. */
export function useDeleteFile(lesson: Lesson) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (fileId: string) => {
      await unwrap(api.DELETE('/api/files/{id}', { params: { path: { id: fileId } } }));
      return fileId;
    },
    onSuccess: (fileId) =>
      updatePages(qc, (p) =>
        withLesson(p, lesson.id, (l) =>
          l.homework ? { ...l, homework: { ...l.homework, files: l.homework.files.filter((f) => f.id !== fileId) } } : l,
        ),
      ),
  });
}

const PLAN_KEY = apiKey('/api/pages/{id}/plan');

/** The page's thematic plan (КТП) with plan vs fact [002 §4.4]. */
export function usePlan(pageId: string) {
  return useQuery(getQuery('/api/pages/{id}/plan', { params: { path: { id: pageId } } }));
}

export interface PlanRowInput {
  id: string | null;
  topic: string;
  hours: number;
  lessonKind: string | null;
}

export function useSavePlan(pageId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (input: { version: number; items: PlanRowInput[] }) =>
      unwrap(api.PUT('/api/pages/{id}/plan', { params: { path: { id: pageId } }, body: input })),
    onSuccess: (plan) => {
      qc.setQueryData(apiKey('/api/pages/{id}/plan', { path: { id: pageId } }), plan);
      // Lessons suggest topics from the plan: the page reads them again.
      void qc.invalidateQueries({ queryKey: PAGE_KEY });
    },
  });
}

/** Reads a КТП file (CSV or XLSX) on the server into rows for the editor; nothing is saved. */
export function useReadPlanFile(pageId: string) {
  return useMutation({
    mutationFn: async (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return unwrap(api.POST('/api/pages/{id}/plan/import', { params: { path: { id: pageId } }, body: form as never }));
    },
  });
}

export function refetchPlan(qc: QueryClient) {
  return qc.invalidateQueries({ queryKey: PLAN_KEY });
}
