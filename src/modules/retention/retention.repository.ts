import type { Queryable } from '../../db/client';

export interface ExpiredYear {
  school_id: string;
  school_name: string;
  year_id: string;
  year_name: string;
  ends_on: string;
  lessons: number;
  marks: number;
  attendance: number;
  final_marks: number;
}

const YEAR_FIGURES = `
  SELECT y.school_id, s.name AS school_name, y.id AS year_id, y.name AS year_name, y.ends_on,
         (SELECT count(*) FROM lessons l JOIN journal_pages jp ON jp.school_id = l.school_id AND jp.id = l.page_id
           WHERE jp.school_id = y.school_id AND jp.year_id = y.id) AS lessons,
         (SELECT count(*) FROM marks m JOIN journal_pages jp ON jp.school_id = m.school_id AND jp.id = m.page_id
           WHERE jp.school_id = y.school_id AND jp.year_id = y.id) AS marks,
         (SELECT count(*) FROM attendance a JOIN journal_pages jp ON jp.school_id = a.school_id AND jp.id = a.page_id
           WHERE jp.school_id = y.school_id AND jp.year_id = y.id) AS attendance,
         (SELECT count(*) FROM final_marks f JOIN journal_pages jp ON jp.school_id = f.school_id AND jp.id = f.page_id
           WHERE jp.school_id = y.school_id AND jp.year_id = y.id) AS final_marks
    FROM academic_years y JOIN schools s ON s.id = y.school_id
   WHERE y.status = 'closed'`;

const PAGES_OF_YEAR = 'SELECT id FROM journal_pages WHERE school_id = $1 AND year_id = $2';

export const retentionRepository = {
  /** Closed years whose journals are past retention (still holding lessons). */
  async journalsDue(db: Queryable, cutoff: string) {
    return db.query<ExpiredYear>(`SELECT * FROM (${YEAR_FIGURES} AND y.ends_on < $1) x WHERE lessons > 0 ORDER BY ends_on`, [cutoff]);
  },

  /** Closed years whose summary sheets (final marks) are past retention. */
  async summariesDue(db: Queryable, cutoff: string) {
    return db.query<ExpiredYear>(`SELECT * FROM (${YEAR_FIGURES} AND y.ends_on < $1) x WHERE final_marks > 0 ORDER BY ends_on`, [cutoff]);
  },

  /** Removes a year's journal (lessons, works, marks, attendance, homework and its files, plans, timetable,
   *  their history) and keeps its final marks with their history — the summary sheet and the record of who
   *  gave and changed each final mark outlive the journal [002 §7.2]. */
  async purgeJournal(db: Queryable, schoolId: string, yearId: string) {
    await db.query("SELECT set_config('journal.retention_purge', 'on', true)");
    const inPages = `page_id IN (${PAGES_OF_YEAR})`;
    await db.query(`DELETE FROM journal_history WHERE school_id = $1 AND ${inPages} AND entity <> 'final_mark'`, [schoolId, yearId]);
    await db.query(`DELETE FROM marks WHERE school_id = $1 AND ${inPages}`, [schoolId, yearId]);
    await db.query(`DELETE FROM attendance WHERE school_id = $1 AND ${inPages}`, [schoolId, yearId]);
    await db.query(
      `DELETE FROM files WHERE school_id = $1 AND owner_kind = 'homework'
         AND owner_id IN (SELECT id FROM lessons WHERE school_id = $1 AND ${inPages})`,
      [schoolId, yearId],
    );
    await db.query(`DELETE FROM works WHERE school_id = $1 AND lesson_id IN (SELECT id FROM lessons WHERE school_id = $1 AND ${inPages})`, [
      schoolId,
      yearId,
    ]);
    await db.query(
      `DELETE FROM homework WHERE school_id = $1 AND lesson_id IN (SELECT id FROM lessons WHERE school_id = $1 AND ${inPages})`,
      [schoolId, yearId],
    );
    await db.query(`DELETE FROM lessons WHERE school_id = $1 AND ${inPages}`, [schoolId, yearId]);
    await db.query(`DELETE FROM timetable_entries WHERE school_id = $1 AND ${inPages}`, [schoolId, yearId]);
    await db.query(`DELETE FROM plan_items WHERE school_id = $1 AND ${inPages}`, [schoolId, yearId]);
  },

  /** Removes a year's final marks (the summary sheet) and the history left with them [002 §7.2]. */
  async purgeSummary(db: Queryable, schoolId: string, yearId: string) {
    await db.query("SELECT set_config('journal.retention_purge', 'on', true)");
    await db.query(`DELETE FROM journal_history WHERE school_id = $1 AND page_id IN (${PAGES_OF_YEAR})`, [schoolId, yearId]);
    await db.query(`DELETE FROM final_marks WHERE school_id = $1 AND page_id IN (${PAGES_OF_YEAR})`, [schoolId, yearId]);
  },
};
