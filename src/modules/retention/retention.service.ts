import type { Db } from '../../db/client';
import { auditRepository } from '../audit/audit.repository';
import { type ExpiredYear, retentionRepository as repo } from './retention.repository';

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

/** What the audit record of a purge keeps: the year and how much of it went (the rows themselves are gone). */
const purged = (y: ExpiredYear, keptYears: number, today: string) => ({
  year: y.year_name,
  endsOn: y.ends_on,
  lessons: Number(y.lessons),
  marks: Number(y.marks),
  attendance: Number(y.attendance),
  finalMarks: Number(y.final_marks),
  retentionYears: keptYears,
  today,
});

/**
 * Removes what is due, each year in its own transaction with an audit record of what went [DOMAIN §11]
 * (actor: none — the operator's `journal retention --confirm`).
 */
export async function purgeDue(db: Db, opts: { today: string; journalYears: number; summaryYears: number }) {
  const due = await listDue(db, opts);
  for (const y of due.journals)
    await db.tx(async (tx) => {
      await repo.purgeJournal(tx, y.school_id, y.year_id);
      await auditRepository.record(tx, {
        schoolId: y.school_id,
        actorAccountId: null,
        action: 'retention.purge_journal',
        objectKind: 'year',
        objectId: y.year_id,
        details: purged(y, opts.journalYears, opts.today),
      });
    });
  for (const y of due.summaries)
    await db.tx(async (tx) => {
      await repo.purgeSummary(tx, y.school_id, y.year_id);
      await auditRepository.record(tx, {
        schoolId: y.school_id,
        actorAccountId: null,
        action: 'retention.purge_summary',
        objectKind: 'year',
        objectId: y.year_id,
        details: purged(y, opts.summaryYears, opts.today),
      });
    });
  return due;
}
