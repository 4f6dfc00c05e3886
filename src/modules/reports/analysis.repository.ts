import type { Queryable } from '../../db/client';

/** Queries of the teacher's subject analysis and the class teacher's class analysis [003 §3.3]: one page or one class. */
export const analysisRepository = {
  async pageClass(db: Queryable, schoolId: string, pageId: string) {
    const [row] = await db.query<{ class_id: string; subject_id: string }>(
      'SELECT class_id, subject_id FROM journal_pages WHERE school_id = $1 AND id = $2',
      [schoolId, pageId],
    );
    return row;
  },

  /** The page's marks in the range with what the average needs (work type and weight). */
  async pageMarks(db: Queryable, schoolId: string, pageId: string, from: string, to: string) {
    return db.query<{
      student_id: string;
      value: string;
      work_id: string;
      work_type: string;
      weight: number | null;
      title: string | null;
      date: string;
    }>(
      `SELECT m.student_id, m.value, w.id AS work_id, w.work_type, w.weight, w.title, l.date
         FROM lessons l
         JOIN marks m ON m.school_id = l.school_id AND m.lesson_id = l.id
         JOIN works w ON w.school_id = m.school_id AND w.id = m.work_id
        WHERE l.school_id = $1 AND l.page_id = $2 AND l.date BETWEEN $3::date AND $4::date
        ORDER BY l.date, l.number, w.created_at`,
      [schoolId, pageId, from, to],
    );
  },

  /** Period final marks of the pages of a class (or one page). */
  async periodFinals(db: Queryable, schoolId: string, periodId: string, f: { classId?: string; pageId?: string }) {
    return db.query<{ student_id: string; subject_id: string; value: string }>(
      `SELECT fm.student_id, jp.subject_id, fm.value
         FROM final_marks fm JOIN journal_pages jp ON jp.school_id = fm.school_id AND jp.id = fm.page_id
        WHERE fm.school_id = $1 AND fm.kind = 'period' AND fm.period_id = $2
          AND ($3::uuid IS NULL OR jp.class_id = $3::uuid) AND ($4::uuid IS NULL OR jp.id = $4::uuid)`,
      [schoolId, periodId, f.classId ?? null, f.pageId ?? null],
    );
  },

  /** Missed lessons and late arrivals per student on a page in the range (codes from the domain). */
  async pageAttendance(
    db: Queryable,
    schoolId: string,
    pageId: string,
    from: string,
    to: string,
    codes: { missed: string[]; excused: string[]; late: string },
  ) {
    return db.query<{ student_id: string; missed: number; excused: number; late: number; late_minutes: number }>(
      `SELECT a.student_id,
              count(*) FILTER (WHERE a.code = ANY($5::text[])) AS missed,
              count(*) FILTER (WHERE a.code = ANY($6::text[])) AS excused,
              count(*) FILTER (WHERE a.code = $7) AS late,
              COALESCE(sum(a.minutes) FILTER (WHERE a.code = $7), 0) AS late_minutes
         FROM attendance a JOIN lessons l ON l.school_id = a.school_id AND l.id = a.lesson_id
        WHERE a.school_id = $1 AND a.page_id = $2 AND l.date BETWEEN $3::date AND $4::date
        GROUP BY a.student_id`,
      [schoolId, pageId, from, to, codes.missed, codes.excused, codes.late],
    );
  },

  /** The subjects taught in a class (its pages), for the class analysis columns. */
  async classSubjects(db: Queryable, schoolId: string, classId: string) {
    return db.query<{ subject_id: string; subject_name: string }>(
      `SELECT DISTINCT jp.subject_id, s.name AS subject_name
         FROM journal_pages jp JOIN subjects s ON s.school_id = jp.school_id AND s.id = jp.subject_id
        WHERE jp.school_id = $1 AND jp.class_id = $2 ORDER BY s.name`,
      [schoolId, classId],
    );
  },
};
