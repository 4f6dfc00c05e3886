import type { Queryable } from '../../db/client';

/** Journal data for the informational letter to parents [000 §4.3], [002 §4.5]: one query per kind of data for many students. */
export const parentReportRepository = {
  async students(db: Queryable, schoolId: string, studentIds: string[]) {
    return db.query<{
      id: string;
      name: string;
      class_name: string | null;
      school_name: string;
      time_zone: string;
      settings: Record<string, unknown>;
    }>(
      `SELECT p.id, p.last_name || ' ' || p.first_name || COALESCE(' ' || p.middle_name, '') AS name,
              (SELECT c.grade || c.letter FROM enrollments e JOIN classes c ON c.school_id = e.school_id AND c.id = e.class_id
                WHERE e.school_id = p.school_id AND e.student_id = p.id ORDER BY e.to_date IS NULL DESC, e.from_date DESC LIMIT 1) AS class_name,
              s.name AS school_name, s.time_zone, s.settings
         FROM persons p JOIN schools s ON s.id = p.school_id
        WHERE p.school_id = $1 AND p.id = ANY($2::uuid[])`,
      [schoolId, studentIds],
    );
  },

  async marks(db: Queryable, schoolId: string, studentIds: string[], from: string, to: string) {
    return db.query<{
      student_id: string;
      subject_name: string;
      subject_short: string;
      date: string;
      value: string;
      work_type: string;
      weight: number | null;
    }>(
      `SELECT m.student_id, s.name AS subject_name, s.short_name AS subject_short, l.date, m.value, w.work_type, w.weight
         FROM marks m
         JOIN lessons l ON l.school_id = m.school_id AND l.id = m.lesson_id
         JOIN works w ON w.school_id = m.school_id AND w.id = m.work_id
         JOIN journal_pages jp ON jp.school_id = m.school_id AND jp.id = m.page_id
         JOIN subjects s ON s.school_id = jp.school_id AND s.id = jp.subject_id
        WHERE m.school_id = $1 AND m.student_id = ANY($2::uuid[]) AND l.date BETWEEN $3 AND $4
        ORDER BY s.name, l.date, l.number`,
      [schoolId, studentIds, from, to],
    );
  },

  async attendance(db: Queryable, schoolId: string, studentIds: string[], from: string, to: string) {
    return db.query<{ student_id: string; code: string; n: number }>(
      `SELECT a.student_id, a.code, count(*) AS n
         FROM attendance a JOIN lessons l ON l.school_id = a.school_id AND l.id = a.lesson_id
        WHERE a.school_id = $1 AND a.student_id = ANY($2::uuid[]) AND l.date BETWEEN $3 AND $4
        GROUP BY a.student_id, a.code`,
      [schoolId, studentIds, from, to],
    );
  },

  /** Final marks confirmed in the range (period, year, exam): [002 §8.4]. */
  async finals(db: Queryable, schoolId: string, studentIds: string[], from: string, to: string) {
    return db.query<{ student_id: string; subject_name: string; kind: string; period_name: string | null; value: string }>(
      `SELECT f.student_id, s.name AS subject_name, f.kind, p.name AS period_name, f.value
         FROM final_marks f
         JOIN subjects s ON s.school_id = f.school_id AND s.id = f.subject_id
         LEFT JOIN periods p ON p.school_id = f.school_id AND p.id = f.period_id
        WHERE f.school_id = $1 AND f.student_id = ANY($2::uuid[])
          AND f.confirmed_at >= $3::date AND f.confirmed_at < $4::date + 1
        ORDER BY s.name`,
      [schoolId, studentIds, from, to],
    );
  },

  /** The parents of the given students, with names (the letter is addressed to them). */
  async parents(db: Queryable, schoolId: string, studentIds: string[]) {
    return db.query<{ student_id: string; parent_id: string; parent_name: string }>(
      `SELECT l.student_id, l.parent_id, p.last_name || ' ' || p.first_name || COALESCE(' ' || p.middle_name, '') AS parent_name
         FROM parent_links l JOIN persons p ON p.school_id = l.school_id AND p.id = l.parent_id
        WHERE l.school_id = $1 AND l.student_id = ANY($2::uuid[])
        ORDER BY p.last_name, p.first_name`,
      [schoolId, studentIds],
    );
  },

  /** Parents of the class's current students who have not given the journal consent: they get paper [002 §8.3]. */
  async paperFamilies(db: Queryable, schoolId: string, classId: string) {
    return db.query<{ student_id: string; parent_id: string; parent_name: string; student_last: string; student_first: string }>(
      `SELECT e.student_id, l.parent_id, p.last_name || ' ' || p.first_name || COALESCE(' ' || p.middle_name, '') AS parent_name,
              st.last_name AS student_last, st.first_name AS student_first
         FROM enrollments e
         JOIN persons st ON st.school_id = e.school_id AND st.id = e.student_id
         JOIN parent_links l ON l.school_id = e.school_id AND l.student_id = e.student_id
         JOIN persons p ON p.school_id = l.school_id AND p.id = l.parent_id
        WHERE e.school_id = $1 AND e.class_id = $2 AND e.to_date IS NULL
          AND NOT EXISTS (SELECT 1 FROM consents c WHERE c.school_id = l.school_id AND c.parent_id = l.parent_id
                             AND c.purpose = 'journal' AND c.status = 'given')
        ORDER BY st.last_name, st.first_name, p.last_name`,
      [schoolId, classId],
    );
  },
};
