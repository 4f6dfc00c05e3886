import { useQuery } from '@tanstack/react-query';
import type { Schemas } from '../../lib/api/client';
import { getQuery } from '../../lib/api/query';

export type ArchiveCatalogue = Schemas['ArchiveCatalogue'];
export type ArchiveYear = ArchiveCatalogue['years'][number];
export type ArchiveClass = ArchiveYear['classes'][number];

/** Years (newest first, closed ones included) with their classes and periods, where the user may archive. */
export function useArchiveCatalogue() {
  return useQuery(getQuery('/api/archive/catalogue'));
}

const query = (params: Record<string, string | undefined>) => {
  const q = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1]));
  const s = q.toString();
  return s ? `?${s}` : '';
};

/** The printed journal of a class: the year, or one period of it (a plain GET the browser downloads with the session cookie). */
export const journalPdfUrl = (classId: string, yearId: string, periodId?: string) =>
  `/api/classes/${encodeURIComponent(classId)}/journal.pdf${query({ yearId, periodId })}`;

/** The class's year-end archive (ZIP). */
export const archiveZipUrl = (classId: string, yearId: string) =>
  `/api/classes/${encodeURIComponent(classId)}/archive.zip${query({ yearId })}`;
