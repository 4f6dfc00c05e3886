import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Schemas } from '../../lib/api/client';
import { getQuery } from '../../lib/api/query';

export type AuditRecord = Schemas['AuditRecord'];

export interface AuditFilter {
  schoolId?: string;
  action?: string;
  actorPersonId?: string;
  objectId?: string;
  /** ISO dates; `to` is sent as the start of the next day so the last day is included. */
  from?: string;
  to?: string;
}

const nextDay = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** One page of the log, newest first; one record more than the page is asked for, to know if there is a next page. */
export function useAuditPage(filter: AuditFilter, page: number, size: number) {
  const query = {
    ...(filter.schoolId ? { schoolId: filter.schoolId } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.actorPersonId ? { actorPersonId: filter.actorPersonId } : {}),
    ...(filter.objectId ? { objectId: filter.objectId } : {}),
    ...(filter.from ? { from: filter.from } : {}),
    ...(filter.to ? { to: nextDay(filter.to) } : {}),
    limit: size + 1,
    offset: page * size,
  };
  return useQuery({ ...getQuery('/api/audit', { params: { query } }), placeholderData: keepPreviousData });
}

/** People of the school found by a part of the name, for the «who» and «whose record» pickers. */
export function usePeopleSearch(q: string, schoolId?: string) {
  const text = q.trim();
  return useQuery({
    ...getQuery('/api/people', { params: { query: { q: text, limit: 20, ...(schoolId ? { schoolId } : {}) } } }),
    enabled: text.length >= 2,
  });
}
