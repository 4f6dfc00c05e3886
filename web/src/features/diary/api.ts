import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../../lib/api/client';
import { getQuery, invalidatePath } from '../../lib/api/query';

export type DiaryWeek = Schemas['DiaryWeek'];
export type DiaryDay = DiaryWeek['days'][number];
export type DiaryLesson = Schemas['DiaryLesson'];
export type DiaryMark = Schemas['DiaryMark'];
export type DiaryMarks = Schemas['DiaryMarks'];
export type DiarySubject = DiaryMarks['subjects'][number];
export type DiaryFinals = Schemas['DiaryFinals'];
export type DiaryHomework = Schemas['DiaryHomework'];

// The diary changes when a teacher writes, not while a family reads: a minute's cache spares the
// server the same week on every tab switch, and the previous week stays on screen while the next loads.
const FRESH_MS = 60_000;

export function useDiaryWeek(studentId: string, from: string) {
  return useQuery({
    ...getQuery('/api/diary', { params: { query: { studentId, from } } }),
    staleTime: FRESH_MS,
    placeholderData: keepPreviousData,
  });
}

export function useDiaryMarks(studentId: string, periodId: string | null) {
  return useQuery({
    ...getQuery('/api/students/{id}/marks', {
      params: { path: { id: studentId }, query: periodId ? { periodId } : {} },
    }),
    staleTime: FRESH_MS,
    placeholderData: keepPreviousData,
  });
}

export function useDiaryFinals(studentId: string, yearId: string | null) {
  return useQuery({
    ...getQuery('/api/students/{id}/finals', { params: { path: { id: studentId }, query: yearId ? { yearId } : {} } }),
    staleTime: FRESH_MS,
  });
}

export function useDiaryHomework(studentId: string, from: string) {
  return useQuery({
    ...getQuery('/api/students/{id}/homework', { params: { path: { id: studentId }, query: { from } } }),
    staleTime: FRESH_MS,
  });
}

export function useCalendarFeeds() {
  return useQuery(getQuery('/api/diary/calendar-feeds'));
}

export function useCreateCalendarFeed() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (studentId: string) => unwrap(api.POST('/api/diary/calendar-feeds', { body: { studentId } })),
    onSettled: () => invalidatePath(client, '/api/diary/calendar-feeds'),
  });
}

export function useRevokeCalendarFeed() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/diary/calendar-feeds/{id}', { params: { path: { id } } })),
    onSettled: () => invalidatePath(client, '/api/diary/calendar-feeds'),
  });
}
