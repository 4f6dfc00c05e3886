/**
 * EXTENSION POINT for announcements and messages in the diary [DOMAIN §7], [DOMAIN §8].
 *
 * The diary shows, day by day, entries that other modules own. Those modules (announcements,
 * messages — built later) register a source once, from their own routes function:
 *
 *   registerDiaryEntrySource({ kind: 'announcement', entries: (db, q) => repo.forDiary(db, q) });
 *
 * The week endpoint then asks every registered source in parallel with its own query, so a source
 * adds no round trip after the diary's; with no source registered nothing runs and `entries` is empty.
 * A source must answer with ONE query, filter by `q.schoolId` and return only what the viewer may see
 * about that student (the diary has already checked 'student.diary' for them).
 */
import type { Queryable } from '../../db/client';
import type { IsoDate } from '../../domain/calendar';

export const DIARY_ENTRY_KINDS = ['announcement', 'message'] as const;
export type DiaryEntryKind = (typeof DIARY_ENTRY_KINDS)[number];

export interface DiaryEntry {
  kind: DiaryEntryKind;
  id: string;
  /** The day it belongs to in the diary (published or sent on), in the school's calendar. */
  date: IsoDate;
  title: string;
  text: string | null;
  /** Where the web app opens it (e.g. '/messages/…'), or null. */
  url: string | null;
}

export interface DiaryEntryQuery {
  schoolId: string;
  studentId: string;
  /** The viewer's person in that school (a parent, the student, or staff). */
  viewerPersonId: string | null;
  from: IsoDate;
  to: IsoDate;
}

export interface DiaryEntrySource {
  kind: DiaryEntryKind;
  entries(db: Queryable, q: DiaryEntryQuery): Promise<DiaryEntry[]>;
}

const sources = new Map<DiaryEntryKind, DiaryEntrySource>();

/** Registers (or replaces: apps built twice in tests register twice) the source of one kind of entries. */
export function registerDiaryEntrySource(source: DiaryEntrySource): void {
  sources.set(source.kind, source);
}

/** Entries of every registered source for [from, to]; a failing source leaves its entries out, never the diary. */
export async function diaryEntries(db: Queryable, q: DiaryEntryQuery, onError: (e: unknown) => void): Promise<DiaryEntry[]> {
  if (sources.size === 0) return [];
  const lists = await Promise.all(
    [...sources.values()].map((s) =>
      s.entries(db, q).catch((e: unknown) => {
        onError(e);
        return [] as DiaryEntry[];
      }),
    ),
  );
  return lists.flat().sort((a, b) => a.date.localeCompare(b.date));
}
