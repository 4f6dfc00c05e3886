import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Schemas } from '../../lib/api/client';
import { getQuery } from '../../lib/api/query';

export type ControlReport = Schemas['ControlReport'];
export type ControlFigures = Schemas['ControlFigures'];
export type ControlPageReport = Schemas['ControlPageReport'];
export type PerformanceReport = Schemas['PerformanceReport'];
export type RateFigures = Schemas['RateFigures'];
export type AttendanceReport = Schemas['AttendanceReport'];
export type AttendanceFigures = Schemas['AttendanceFigures'];
export type ActivityReport = Schemas['ActivityReport'];
export type ActivityFigures = Schemas['ActivityFigures'];
export type SubjectAnalysis = Schemas['SubjectAnalysis'];
export type ClassAnalysis = Schemas['ClassAnalysis'];
export type RegionReport = Schemas['RegionReport'];

/** Drops empty filters so the query string (and the cache key) holds only what was chosen. */
function compact<T extends Record<string, string | number | undefined>>(q: T): T {
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== '')) as T;
}

export interface RangeFilter {
  from: string;
  to: string;
  classId?: string;
  granularity?: 'week' | 'month';
}

export interface ControlFilter extends RangeFilter {
  teacherId?: string;
  subjectId?: string;
}

/** The control report; while a new filter loads, the last answer stays (its pickers do not blink away). */
export function useControlReport(q: ControlFilter) {
  const query = compact({ from: q.from, to: q.to, classId: q.classId, teacherId: q.teacherId, subjectId: q.subjectId });
  return useQuery({ ...getQuery('/api/reports/control', { params: { query } }), placeholderData: keepPreviousData });
}

export function useControlPage(pageId: string, q: { from: string; to: string }) {
  return useQuery(getQuery('/api/reports/control/pages/{pageId}', { params: { path: { pageId }, query: q } }));
}

/** `enabled: false` until the query is known (the year of a year report comes with the periods). */
export function usePerformance(q: { periodId?: string; yearId?: string; classId?: string }, enabled = true) {
  return useQuery({ ...getQuery('/api/reports/performance', { params: { query: compact(q) } }), enabled });
}

export function useReportPeriods(q: { classId?: string; pageId?: string }) {
  return useQuery(getQuery('/api/reports/periods', { params: { query: compact(q) } }));
}

export function useAttendanceReport(q: RangeFilter) {
  return useQuery(getQuery('/api/reports/attendance', { params: { query: compact({ ...q }) } }));
}

export function useActivityReport(q: RangeFilter) {
  return useQuery(getQuery('/api/reports/activity', { params: { query: compact({ ...q }) } }));
}

export function useSubjectAnalysis(pageId: string, periodId?: string) {
  return useQuery(getQuery('/api/reports/subject-analysis/{pageId}', { params: { path: { pageId }, query: compact({ periodId }) } }));
}

export function useClassAnalysis(classId: string, periodId?: string) {
  return useQuery(getQuery('/api/reports/class-analysis/{classId}', { params: { path: { classId }, query: compact({ periodId }) } }));
}

export function useRegionSchools() {
  return useQuery(getQuery('/api/reports/region/schools'));
}

export function useRegionReport(q: { from: string; to: string; periodNumber?: number }) {
  return useQuery(getQuery('/api/reports/region', { params: { query: compact(q) } }));
}

export function useClasses() {
  return useQuery(getQuery('/api/classes'));
}

export function useJournalPages() {
  return useQuery(getQuery('/api/pages'));
}

/** Where the browser downloads the same report as a file (a plain GET with the session cookie). */
export function reportFileUrl(path: string, query: Record<string, string | number | undefined>, format: 'pdf' | 'xlsx') {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(compact(query))) params.set(k, String(v));
  params.set('format', format);
  return `${path}/file?${params.toString()}`;
}
