import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../../lib/api/client';
import { getQuery, invalidatePath } from '../../lib/api/query';

export type FinalKind = Schemas['FinalKind'];
export type FinalsView = Schemas['FinalsView'];
export type FinalsRow = FinalsView['students'][number];
export type SummarySheet = Schemas['SummarySheet'];

/** The scope a finals screen shows: a period's marks, or the year, exam or final ones. */
export interface FinalsScope {
  kind: FinalKind;
  periodId?: string;
}

/** Journal pages the user keeps or reads (the server decides which). */
export function useJournalPages() {
  return useQuery(getQuery('/api/pages'));
}

export function useFinals(pageId: string, scope: FinalsScope) {
  return useQuery(
    getQuery('/api/pages/{id}/finals', {
      params: { path: { id: pageId }, query: { kind: scope.kind, ...(scope.periodId ? { periodId: scope.periodId } : {}) } },
    }),
  );
}

/** «Подтвердить все» and overrides of several students at once; answers the refreshed screen. */
export function useConfirmFinals(pageId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      kind: FinalKind;
      periodId?: string | null;
      items: { studentId: string; value?: string | null; version: number | null }[];
    }) => unwrap(api.POST('/api/pages/{id}/finals/confirm', { params: { path: { id: pageId } }, body })),
    onSettled: () => invalidatePath(client, '/api/pages/{id}/finals'),
  });
}

/** One final mark set or changed with the version read (null for an empty cell). */
export function useSaveFinal() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      pageId: string;
      studentId: string;
      kind: FinalKind;
      periodId?: string | null;
      value: string;
      version: number | null;
    }) => unwrap(api.PUT('/api/finals', { body })),
    onSettled: () => invalidatePath(client, '/api/pages/{id}/finals'),
  });
}

export function useFinalHistory(pageId: string, studentId: string, scope: FinalsScope, enabled: boolean) {
  return useQuery({
    ...getQuery('/api/pages/{id}/finals/history', {
      params: { path: { id: pageId }, query: { studentId, kind: scope.kind, ...(scope.periodId ? { periodId: scope.periodId } : {}) } },
    }),
    enabled,
  });
}

export function useClassesForSheet() {
  return useQuery(getQuery('/api/classes'));
}

export function useSummarySheet(classId: string) {
  return useQuery(getQuery('/api/classes/{id}/summary-sheet', { params: { path: { id: classId } } }));
}

/** Where the browser downloads the sheet (a plain GET with the session cookie). */
export const summarySheetFileUrl = (classId: string, format: 'pdf' | 'xlsx') =>
  `/api/classes/${encodeURIComponent(classId)}/summary-sheet.${format}`;
