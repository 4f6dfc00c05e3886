import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { api, type GetResult, unwrap } from '../../lib/api/client';
import { apiKey, getQuery } from '../../lib/api/query';

/** The week of a class as the API sends it: students, lessons of every page, attendance with corrections. */
export type ClassWeek = GetResult<'/api/classes/{id}/attendance-week'>;

export function weekQuery(classId: string, date: string) {
  return getQuery('/api/classes/{id}/attendance-week', { params: { path: { id: classId }, query: { date } } });
}

export function useClassWeek(classId: string, date: string) {
  return useQuery({ ...weekQuery(classId, date), enabled: !!classId, placeholderData: (previous) => previous });
}

export interface Correction {
  lessonId: string;
  studentId: string;
  code: string;
  minutes: number | null;
  version: number | null;
}

/**
 * The class teacher's correction of one cell [000 §4.2]. One Idempotency-Key per correction: sending
 * the same correction again after a lost answer reuses it, so it applies once.
 */
export function useCorrectAttendance(classId: string, date: string) {
  const qc = useQueryClient();
  const keys = useRef(new Map<string, { payload: string; key: string }>());
  return useMutation({
    mutationFn: async (input: Correction) => {
      const cell = `${input.lessonId}:${input.studentId}`;
      const payload = JSON.stringify(input);
      let entry = keys.current.get(cell);
      if (entry?.payload !== payload) {
        entry = { payload, key: crypto.randomUUID() };
        keys.current.set(cell, entry);
      }
      const saved = await unwrap(api.PUT('/api/attendance/correction', { body: input, headers: { 'Idempotency-Key': entry.key } }));
      keys.current.delete(cell);
      return saved;
    },
    onSettled: () =>
      qc.invalidateQueries({ queryKey: apiKey('/api/classes/{id}/attendance-week', { path: { id: classId }, query: { date } }) }),
  });
}
