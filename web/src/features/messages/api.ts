import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { api, type Schemas, unwrap } from '../../lib/api/client';
import { getQuery, invalidatePath } from '../../lib/api/query';

export type ThreadSummary = Schemas['MessageThreadSummary'];
export type Thread = Schemas['MessageThread'];
export type Recipient = Schemas['MessageRecipient'];
export type MessageFile = Schemas['MessageFile'];
export type Notification = Schemas['Notification'];
export type Preferences = Schemas['NotificationPreferences'];
export type Mailing = Schemas['Mailing'];
export type ParentConsents = Schemas['ParentConsents'];
export type ClassConsents = Schemas['ClassConsents'];
export type MessageReport = Schemas['MessageReport'];

/** Largest attachment the server takes (src/domain/messaging.ts MAX_ATTACHMENT_BYTES). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/**
 * One Idempotency-Key per thing being sent: a retry after a lost answer is applied once, and a new
 * message (after success) gets a new key.
 */
function useSendKey() {
  const key = useRef<string | null>(null);
  return {
    get: () => {
      key.current ??= crypto.randomUUID();
      return key.current;
    },
    reset: () => {
      key.current = null;
    },
  };
}

export function useThreads(q: { q?: string; archived: boolean }) {
  return useQuery(
    getQuery('/api/messages/threads', { params: { query: { ...(q.q ? { q: q.q } : {}), archived: q.archived ? 'true' : 'false' } } }),
  );
}

export function useUnread() {
  return useQuery({ ...getQuery('/api/messages/unread'), refetchInterval: 60_000 });
}

export function useThread(id: string) {
  return useQuery(getQuery('/api/messages/threads/{id}', { params: { path: { id } } }));
}

export function useRecipients(q: string, schoolId?: string) {
  return useQuery({
    ...getQuery('/api/messages/recipients', { params: { query: { ...(q ? { q } : {}), ...(schoolId ? { schoolId } : {}) } } }),
    placeholderData: (prev) => prev,
  });
}

const refreshMessages = (qc: ReturnType<typeof useQueryClient>) =>
  Promise.all([
    invalidatePath(qc, '/api/messages/threads'),
    invalidatePath(qc, '/api/messages/unread'),
    invalidatePath(qc, '/api/messages/threads/{id}'),
  ]);

export function useStartThread() {
  const qc = useQueryClient();
  const key = useSendKey();
  return useMutation({
    mutationFn: (body: { recipientIds: string[]; subject: string; body: string; attachmentIds?: string[] }) =>
      unwrap(api.POST('/api/messages/threads', { body, headers: { 'Idempotency-Key': key.get() } })),
    onSuccess: () => key.reset(),
    onSettled: () => refreshMessages(qc),
  });
}

export function useWriteToClassParents() {
  const qc = useQueryClient();
  const key = useSendKey();
  return useMutation({
    mutationFn: (input: { classId: string; subject: string; body: string; attachmentIds?: string[] }) =>
      unwrap(
        api.POST('/api/classes/{id}/parent-messages', {
          params: { path: { id: input.classId } },
          body: { subject: input.subject, body: input.body, attachmentIds: input.attachmentIds },
          headers: { 'Idempotency-Key': key.get() },
        }),
      ),
    onSuccess: () => key.reset(),
    onSettled: () => refreshMessages(qc),
  });
}

export function useReply(threadId: string) {
  const qc = useQueryClient();
  const key = useSendKey();
  return useMutation({
    mutationFn: (body: { body: string; attachmentIds?: string[] }) =>
      unwrap(
        api.POST('/api/messages/threads/{id}/messages', {
          params: { path: { id: threadId } },
          body,
          headers: { 'Idempotency-Key': key.get() },
        }),
      ),
    onSuccess: () => key.reset(),
    onSettled: () => refreshMessages(qc),
  });
}

export function useMarkThreadRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/messages/threads/{id}/read', { params: { path: { id } } })),
    onSuccess: () => Promise.all([invalidatePath(qc, '/api/messages/threads'), invalidatePath(qc, '/api/messages/unread')]),
  });
}

export function useArchiveThread() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; archived: boolean }) =>
      unwrap(api.PUT('/api/messages/threads/{id}/archive', { params: { path: { id: input.id } }, body: { archived: input.archived } })),
    onSettled: () => refreshMessages(qc),
  });
}

export function useUploadAttachment() {
  return useMutation({
    mutationFn: async (input: { file: File; schoolId?: string }) => {
      const form = new FormData();
      form.append('file', input.file, input.file.name);
      return unwrap(
        api.POST('/api/messages/attachments', {
          params: { query: input.schoolId ? { schoolId: input.schoolId } : {} },
          body: form as never,
        }),
      );
    },
  });
}

/** Where the browser downloads an attachment (a plain GET with the session cookie). */
export const attachmentUrl = (id: string) => `/api/messages/attachments/${encodeURIComponent(id)}`;

export function useBlocks() {
  return useQuery(getQuery('/api/messages/blocks'));
}

export function useBlock() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { personId: string; blocked: boolean }) =>
      input.blocked
        ? unwrap(api.PUT('/api/messages/blocks/{personId}', { params: { path: { personId: input.personId } } }))
        : unwrap(api.DELETE('/api/messages/blocks/{personId}', { params: { path: { personId: input.personId } } })),
    onSettled: () =>
      Promise.all([invalidatePath(qc, '/api/messages/blocks'), invalidatePath(qc, '/api/messages/recipients'), refreshMessages(qc)]),
  });
}

export function useReportMessage() {
  return useMutation({
    mutationFn: (input: { messageId: string; reason: string }) =>
      unwrap(api.POST('/api/messages/{id}/report', { params: { path: { id: input.messageId } }, body: { reason: input.reason } })),
  });
}

export function useAbuseReports(status: 'open' | 'resolved') {
  return useQuery(getQuery('/api/messages/reports', { params: { query: { status } } }));
}

export function useResolveReport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; resolution: string }) =>
      unwrap(
        api.POST('/api/messages/reports/{id}/resolve', { params: { path: { id: input.id } }, body: { resolution: input.resolution } }),
      ),
    onSettled: () => invalidatePath(qc, '/api/messages/reports'),
  });
}

// ───────────── notifications ─────────────

export function useNotifications() {
  return useQuery({ ...getQuery('/api/notifications', { params: { query: { limit: 100 } } }), refetchInterval: 60_000 });
}

export function useMarkNotificationsRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ids?: string[]) => unwrap(api.POST('/api/notifications/read', { body: ids ? { ids } : {} })),
    onSettled: () => invalidatePath(qc, '/api/notifications'),
  });
}

export function usePreferences() {
  return useQuery(getQuery('/api/notifications/preferences'));
}

export type PreferencesInput = Pick<Preferences, 'email' | 'sms' | 'digest' | 'digestHour' | 'quietStart' | 'quietEnd' | 'weeklyReport'> & {
  kinds: ('mark' | 'absence' | 'homework' | 'final_mark' | 'message' | 'announcement')[];
};

export function useSavePreferences() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { schoolId: string; prefs: PreferencesInput }) =>
      unwrap(api.PUT('/api/notifications/preferences/{schoolId}', { params: { path: { schoolId: input.schoolId } }, body: input.prefs })),
    onSettled: () => invalidatePath(qc, '/api/notifications/preferences'),
  });
}

// ───────────── consent ─────────────

export function useMyConsents() {
  return useQuery(getQuery('/api/consents/mine'));
}

export type ConsentPurpose = 'journal' | 'email' | 'sms';

export function useRecordConsent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      parentId: string;
      purpose: ConsentPurpose;
      status: 'given' | 'refused' | 'revoked';
      document?: string | null;
      decidedOn?: string | null;
    }) =>
      unwrap(
        api.PUT('/api/parents/{id}/consents/{purpose}', {
          params: { path: { id: input.parentId, purpose: input.purpose } },
          body: { status: input.status, document: input.document ?? null, decidedOn: input.decidedOn ?? null },
        }),
      ),
    onSettled: () =>
      Promise.all([
        invalidatePath(qc, '/api/consents/mine'),
        invalidatePath(qc, '/api/classes/{id}/consents'),
        invalidatePath(qc, '/api/notifications/preferences'),
      ]),
  });
}

export function useClassConsents(classId: string | null) {
  return useQuery({ ...getQuery('/api/classes/{id}/consents', { params: { path: { id: classId ?? '' } } }), enabled: !!classId });
}

/** The printable letters of a class's parents without the journal consent [002 §8.3]. */
export const paperReportsUrl = (classId: string, from?: string, to?: string) =>
  `/api/classes/${encodeURIComponent(classId)}/paper-reports.pdf${from && to ? `?from=${from}&to=${to}` : ''}`;

/** The informational letter of one child as PDF. */
export const parentReportUrl = (studentId: string, from?: string, to?: string) =>
  `/api/students/${encodeURIComponent(studentId)}/parent-report.pdf${from && to ? `?from=${from}&to=${to}` : ''}`;

export function useSendParentReport() {
  return useMutation({
    mutationFn: (input: { studentId: string; from?: string; to?: string }) =>
      unwrap(
        api.POST('/api/students/{id}/parent-report/send', {
          params: { path: { id: input.studentId } },
          body: { ...(input.from ? { from: input.from } : {}), ...(input.to ? { to: input.to } : {}) },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      ),
  });
}

// ───────────── mailings ─────────────

export function useClasses() {
  return useQuery(getQuery('/api/classes'));
}

export function useMailings(classId: string | null) {
  return useQuery({ ...getQuery('/api/classes/{id}/mailings', { params: { path: { id: classId ?? '' } } }), enabled: !!classId });
}

export function useSendMailing() {
  const qc = useQueryClient();
  const key = useSendKey();
  return useMutation({
    mutationFn: (input: { classId: string; subject: string; text: string }) =>
      unwrap(
        api.POST('/api/classes/{id}/mailings', {
          params: { path: { id: input.classId } },
          body: { subject: input.subject, text: input.text },
          headers: { 'Idempotency-Key': key.get() },
        }),
      ),
    onSuccess: () => key.reset(),
    onSettled: () => invalidatePath(qc, '/api/classes/{id}/mailings'),
  });
}
