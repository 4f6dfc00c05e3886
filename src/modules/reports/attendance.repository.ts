import type { Queryable } from '../../db/client';

/**
 * Queries of the attendance report [002 §4.5], [000 §4.2]. The codes that count as missed, excused and
 * late are passed in from src/domain/attendance.ts, so the SQL only counts.
 */
export interface AttendanceFilter {
  schoolIds: string[];
  from: string;
  to: string;
  classId: string | null;
  granularity: 'week' | 'month';
  missedCodes: string[];
  excusedCodes: string[];
  lateCode: string;
}

export interface AttendanceCountRow {
  /** which grouping: 7 class, 3 class × bucket, 5 class × student, 6 class × subject */
  g: number;
  school_id: string;
  class_id: string;
  bucket: string | null;
  student_id: string | null;
  subject_id: string | null;
  missed: number;
  excused: number;
  late: number;
  late_minutes: number;
}

export const attendanceRepository = {
  /**
   * One pass over the absences of the range, counted four ways at once (GROUPING SETS): per class, per
   * class and week/month, per class and student, per class and subject. An absence stays with the class
   * whose page it was recorded on, so a student who moved keeps each class's absences there.
   */
  async counts(db: Queryable, f: AttendanceFilter) {
    return db.query<AttendanceCountRow>(
      `WITH a AS (
         SELECT at.school_id, jp.class_id, jp.subject_id, at.student_id, at.code, at.minutes,
                date_trunc($5, l.date::timestamp)::date AS bucket
           FROM attendance at
           JOIN lessons l ON l.school_id = at.school_id AND l.id = at.lesson_id
           JOIN journal_pages jp ON jp.school_id = at.school_id AND jp.id = at.page_id
          WHERE at.school_id = ANY($1::uuid[]) AND l.date BETWEEN $2::date AND $3::date
            AND ($4::uuid IS NULL OR jp.class_id = $4::uuid)
       )
       SELECT GROUPING(bucket, student_id, subject_id) AS g, school_id, class_id, bucket, student_id, subject_id,
              count(*) FILTER (WHERE code = ANY($6::text[])) AS missed,
              count(*) FILTER (WHERE code = ANY($7::text[])) AS excused,
              count(*) FILTER (WHERE code = $8) AS late,
              COALESCE(sum(minutes) FILTER (WHERE code = $8), 0) AS late_minutes
         FROM a
        GROUP BY GROUPING SETS ((school_id, class_id), (school_id, class_id, bucket), (school_id, class_id, student_id), (school_id, class_id, subject_id))`,
      [f.schoolIds, f.from, f.to, f.classId, f.granularity, f.missedCodes, f.excusedCodes, f.lateCode],
    );
  },

  /**
   * The region view's totals: absences of the range per school. The same rows as `counts` (every
   * absence lies on a lesson, and its page is in the school), added up per school in one pass.
   */
  async schoolCounts(db: Queryable, f: AttendanceFilter) {
    return db.query<{ school_id: string; missed: number; excused: number; late: number; late_minutes: number }>(
      `SELECT at.school_id,
              count(*) FILTER (WHERE at.code = ANY($4::text[])) AS missed,
              count(*) FILTER (WHERE at.code = ANY($5::text[])) AS excused,
              count(*) FILTER (WHERE at.code = $6) AS late,
              COALESCE(sum(at.minutes) FILTER (WHERE at.code = $6), 0) AS late_minutes
         FROM attendance at
         JOIN lessons l ON l.school_id = at.school_id AND l.id = at.lesson_id
        WHERE at.school_id = ANY($1::uuid[]) AND l.date BETWEEN $2::date AND $3::date
        GROUP BY at.school_id`,
      [f.schoolIds, f.from, f.to, f.missedCodes, f.excusedCodes, f.lateCode],
    );
  },

  /** Students enrolled in each class at some day of the range (the base of "per student"). */
  async classRosters(db: Queryable, schoolIds: string[], from: string, to: string, classId: string | null) {
    return db.query<{ school_id: string; class_id: string; class_name: string; students: number }>(
      `SELECT c.school_id, c.id AS class_id, c.grade || c.letter AS class_name, count(DISTINCT e.student_id) AS students
         FROM classes c
         JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id AND y.starts_on <= $3::date AND y.ends_on >= $2::date
         LEFT JOIN enrollments e ON e.school_id = c.school_id AND e.class_id = c.id
                                AND e.from_date <= $3::date AND (e.to_date IS NULL OR e.to_date >= $2::date)
        WHERE c.school_id = ANY($1::uuid[]) AND ($4::uuid IS NULL OR c.id = $4::uuid)
        GROUP BY c.school_id, c.id, c.grade, c.letter
        ORDER BY c.grade, c.letter`,
      [schoolIds, from, to, classId],
    );
  },

  /** Distinct students of each school in the range (a student who moved counts once). */
  async schoolStudents(db: Queryable, schoolIds: string[], from: string, to: string) {
    return db.query<{ school_id: string; students: number }>(
      `SELECT e.school_id, count(DISTINCT e.student_id) AS students
         FROM enrollments e
        WHERE e.school_id = ANY($1::uuid[]) AND e.from_date <= $3::date AND (e.to_date IS NULL OR e.to_date >= $2::date)
        GROUP BY e.school_id`,
      [schoolIds, from, to],
    );
  },

  /** The class's students in the range with their names (the class teacher's list). */
  async classStudents(db: Queryable, schoolId: string, classId: string, from: string, to: string) {
    return db.query<{ id: string; name: string }>(
      `SELECT p.id, p.last_name || ' ' || p.first_name || COALESCE(' ' || p.middle_name, '') AS name
         FROM persons p
        WHERE p.school_id = $1 AND EXISTS (SELECT 1 FROM enrollments e WHERE e.school_id = p.school_id AND e.student_id = p.id
                AND e.class_id = $2 AND e.from_date <= $4::date AND (e.to_date IS NULL OR e.to_date >= $3::date))
        ORDER BY p.last_name, p.first_name, p.middle_name`,
      [schoolId, classId, from, to],
    );
  },

  async subjectNames(db: Queryable, schoolIds: string[]) {
    return db.query<{ id: string; name: string }>('SELECT id, name FROM subjects WHERE school_id = ANY($1::uuid[])', [schoolIds]);
  },
};
