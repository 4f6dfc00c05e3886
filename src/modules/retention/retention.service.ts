import type { Db } from '../../db/client';
import { retentionRepository as repo } from './retention.repository';

/**
 * Retention [002 §7.1], [002 §7.2]: journals are kept N years (default 5) after their year ends, summary
 * sheets M years (default 25). `listDue` says what is due; `purge` removes it, journal first, in one
 * transaction per year, and never touches an open year.
 */
export function cutoffDate(today: string, years: number): string {
  const [y, m, d] = today.split('-').map(Number);
  return `${String(y - years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export async function listDue(db: Db, opts: { today: string; journalYears: number; summaryYears: number }) {
  return {
    journals: await repo.journalsDue(db, cutoffDate(opts.today, opts.journalYears)),
    summaries: await repo.summariesDue(db, cutoffDate(opts.today, opts.summaryYears)),
  };
}

export async function purgeDue(db: Db, opts: { today: string; journalYears: number; summaryYears: number }) {
  const due = await listDue(db, opts);
  for (const y of due.journals) await db.tx((tx) => repo.purgeJournal(tx, y.school_id, y.year_id));
  for (const y of due.summaries) await db.tx((tx) => repo.purgeSummary(tx, y.school_id, y.year_id));
  return due;
}
