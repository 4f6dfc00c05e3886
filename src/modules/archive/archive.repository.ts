import type { Queryable } from '../../db/client';

/*
 * Queries of the paper journal and the year-end archive [004], [003 §6.4]. A class's whole year is read
 * in a fixed number of queries — one per kind of row (pages, lessons, marks, attendance, finals,
 * students) over all the class's pages at once — never one per page or per lesson, so a class of 30
 * students × 15 subjects costs the same dozen round trips as a small one.
 * Every query is filtered by school_id first (CONVENTIONS habit 4); the service passes the school that
 * requireAccess (or the operator's CLI) decided.
 */

export interface ClassHeaderRow {
  id: string;
  school_id: string;
  school_name: string;
  director_name: string | null;
  time_zone: string;
  class_name: string;
  grade: number;
  period_scheme: string;
  class_teacher_name: string | null;
  year_id: string;
  year_name: string;
  year_status: string;
  year_starts_on: string;
  year_ends_on: string;
}

export interface PeriodRow {
  id: string;
  number: number;
  name: string;
  starts_on: string;
  ends_on: string;
  closed_at: Date | null;
}

export interface PageRow {
  id: string;
  subject_id: string;
  subject_name: string;
  pass_fail: boolean;
  subgroup_id: string | null;
  subgroup_name: string | null;
  teacher_name: string;
}

export interface LessonRow {
  id: string;
  page_id: string;
  date: string;
  number: number;
  topic: string | null;
  homework: string | null;
  homework_due: string | null;
  substitute_name: string | null;
}

export interface MarkRow {
  lesson_id: string;
  page_id: string;
  student_id: string;
  value: string;
  comment: string | null;
  work_type: string;
  work_title: string | null;
  weight: number | null;
}

export interface AttendanceRow {
  lesson_id: string;
  page_id: string;
  student_id: string;
  code: string;
  minutes: number | null;
  original_code: string | null;
}

export interface EnrollmentRow {
  student_id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  from_date: string;
  to_date: string | null;
}

export interface FinalRow {
  page_id: string;
  student_id: string;
  kind: 'period' | 'year' | 'exam' | 'final';
  period_id: string | null;
  value: string;
}

const FULL_NAME = (p: string) => `${p}.last_name || ' ' || ${p}.first_name || COALESCE(' ' || ${p}.middle_name, '')`;
const SHORT_NAME = (p: string) =>
  `${p}.last_name || ' ' || left(${p}.first_name, 1) || '.' || COALESCE(left(${p}.middle_name, 1) || '.', '')`;

export const archiveRepository = {
  async classHeader(db: Queryable, schoolId: string, classId: string): Promise<ClassHeaderRow | undefined> {
    const [row] = await db.query<ClassHeaderRow>(
      `SELECT c.id, c.school_id, sc.name AS school_name, sc.director_name, sc.time_zone,
              c.grade || c.letter AS class_name, c.grade, c.period_scheme,
              ${FULL_NAME('ct')} AS class_teacher_name,
              y.id AS year_id, y.name AS year_name, y.status AS year_status, y.starts_on AS year_starts_on, y.ends_on AS year_ends_on
         FROM classes c
         JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id
         JOIN schools sc ON sc.id = c.school_id
         LEFT JOIN persons ct ON ct.school_id = c.school_id AND ct.id = c.class_teacher_id
        WHERE c.school_id = $1 AND c.id = $2`,
      [schoolId, classId],
    );
    return row;
  },

  async periods(db: Queryable, schoolId: string, yearId: string, scheme: string) {
    return db.query<PeriodRow>(
      `SELECT id, number, name, starts_on, ends_on, closed_at FROM periods
        WHERE school_id = $1 AND year_id = $2 AND scheme = $3 ORDER BY number`,
      [schoolId, yearId, scheme],
    );
  },

  /** The class's journal pages (subject × subgroup), in the order of the paper journal: by subject, whole class first. */
  async pages(db: Queryable, schoolId: string, classId: string) {
    return db.query<PageRow>(
      `SELECT jp.id, s.id AS subject_id, s.name AS subject_name, s.pass_fail, jp.subgroup_id, sg.name AS subgroup_name,
              ${SHORT_NAME('t')} AS teacher_name
         FROM journal_pages jp
         JOIN subjects s ON s.school_id = jp.school_id AND s.id = jp.subject_id
         JOIN persons t ON t.school_id = jp.school_id AND t.id = jp.teacher_id
         LEFT JOIN subgroups sg ON sg.school_id = jp.school_id AND sg.id = jp.subgroup_id
        WHERE jp.school_id = $1 AND jp.class_id = $2
        ORDER BY s.name, sg.name NULLS FIRST, jp.id`,
      [schoolId, classId],
    );
  },

  /** Every lesson of the class's pages in the dates, with its homework and substitute. */
  async lessons(db: Queryable, schoolId: string, classId: string, from: string, to: string) {
    return db.query<LessonRow>(
      `SELECT l.id, l.page_id, l.date, l.number, l.topic, h.text AS homework, h.due_date AS homework_due,
              ${SHORT_NAME('sp')} AS substitute_name
         FROM journal_pages jp
         JOIN lessons l ON l.school_id = jp.school_id AND l.page_id = jp.id
         LEFT JOIN homework h ON h.school_id = l.school_id AND h.lesson_id = l.id
         LEFT JOIN persons sp ON sp.school_id = l.school_id AND sp.id = l.substitute_teacher_id
        WHERE jp.school_id = $1 AND jp.class_id = $2 AND l.date BETWEEN $3 AND $4
        ORDER BY l.page_id, l.date, l.number`,
      [schoolId, classId, from, to],
    );
  },

  /** Current marks of the class's pages in the dates, in the order the works were created within a lesson. */
  async marks(db: Queryable, schoolId: string, classId: string, from: string, to: string) {
    return db.query<MarkRow>(
      `SELECT m.lesson_id, m.page_id, m.student_id, m.value, m.comment, w.work_type, w.title AS work_title, w.weight::float8 AS weight
         FROM journal_pages jp
         JOIN marks m ON m.school_id = jp.school_id AND m.page_id = jp.id
         JOIN lessons l ON l.school_id = m.school_id AND l.id = m.lesson_id
         JOIN works w ON w.school_id = m.school_id AND w.id = m.work_id
        WHERE jp.school_id = $1 AND jp.class_id = $2 AND l.date BETWEEN $3 AND $4
        ORDER BY l.date, l.number, w.created_at, w.id`,
      [schoolId, classId, from, to],
    );
  },

  async attendance(db: Queryable, schoolId: string, classId: string, from: string, to: string) {
    return db.query<AttendanceRow>(
      `SELECT a.lesson_id, a.page_id, a.student_id, a.code, a.minutes, a.original_code
         FROM journal_pages jp
         JOIN attendance a ON a.school_id = jp.school_id AND a.page_id = jp.id
         JOIN lessons l ON l.school_id = a.school_id AND l.id = a.lesson_id
        WHERE jp.school_id = $1 AND jp.class_id = $2 AND l.date BETWEEN $3 AND $4
        ORDER BY l.date, l.number`,
      [schoolId, classId, from, to],
    );
  },

  /** Every stay of a student in the class that overlaps the dates (a student who left and came back has two). */
  async enrollments(db: Queryable, schoolId: string, classId: string, from: string, to: string) {
    return db.query<EnrollmentRow>(
      `SELECT e.student_id, p.last_name, p.first_name, p.middle_name, e.from_date, e.to_date
         FROM enrollments e JOIN persons p ON p.school_id = e.school_id AND p.id = e.student_id
        WHERE e.school_id = $1 AND e.class_id = $2 AND e.from_date <= $4 AND (e.to_date IS NULL OR e.to_date >= $3)
        ORDER BY p.last_name, p.first_name, p.middle_name, p.id, e.from_date`,
      [schoolId, classId, from, to],
    );
  },

  async subgroupMembers(db: Queryable, schoolId: string, classId: string) {
    return db.query<{ subgroup_id: string; student_id: string }>(
      `SELECT sm.subgroup_id, sm.student_id
         FROM subgroups sg JOIN subgroup_members sm ON sm.school_id = sg.school_id AND sm.subgroup_id = sg.id
        WHERE sg.school_id = $1 AND sg.class_id = $2`,
      [schoolId, classId],
    );
  },

  async finals(db: Queryable, schoolId: string, classId: string) {
    return db.query<FinalRow>(
      `SELECT f.page_id, f.student_id, f.kind, f.period_id, f.value
         FROM journal_pages jp JOIN final_marks f ON f.school_id = jp.school_id AND f.page_id = jp.id
        WHERE jp.school_id = $1 AND jp.class_id = $2`,
      [schoolId, classId],
    );
  },

  // ───────────── what may be archived ─────────────

  /** Years of the schools with their classes and periods, newest year first (the archive page's choices). */
  async catalogue(db: Queryable, schoolIds: string[]) {
    const [years, classes, periods] = await Promise.all([
      db.query<{ id: string; school_id: string; school_name: string; name: string; status: string; starts_on: string; ends_on: string }>(
        `SELECT y.id, y.school_id, sc.name AS school_name, y.name, y.status, y.starts_on, y.ends_on
           FROM academic_years y JOIN schools sc ON sc.id = y.school_id
          WHERE y.school_id = ANY($1::uuid[]) ORDER BY y.starts_on DESC, y.name`,
        [schoolIds],
      ),
      db.query<{
        id: string;
        school_id: string;
        year_id: string;
        name: string;
        grade: number;
        period_scheme: string;
        class_teacher_name: string | null;
        students: number;
      }>(
        `SELECT c.id, c.school_id, c.year_id, c.grade || c.letter AS name, c.grade, c.period_scheme,
                ${SHORT_NAME('ct')} AS class_teacher_name,
                (SELECT count(DISTINCT e.student_id)::int FROM enrollments e WHERE e.school_id = c.school_id AND e.class_id = c.id) AS students
           FROM classes c LEFT JOIN persons ct ON ct.school_id = c.school_id AND ct.id = c.class_teacher_id
          WHERE c.school_id = ANY($1::uuid[]) ORDER BY c.grade, c.letter`,
        [schoolIds],
      ),
      db.query<{
        id: string;
        school_id: string;
        year_id: string;
        scheme: string;
        number: number;
        name: string;
        starts_on: string;
        ends_on: string;
      }>(
        `SELECT id, school_id, year_id, scheme, number, name, starts_on, ends_on FROM periods
          WHERE school_id = ANY($1::uuid[]) ORDER BY scheme, number`,
        [schoolIds],
      ),
    ]);
    return { years, classes, periods };
  },

  async period(db: Queryable, schoolId: string, periodId: string) {
    const [row] = await db.query<PeriodRow & { year_id: string; scheme: string }>(
      'SELECT id, year_id, scheme, number, name, starts_on, ends_on, closed_at FROM periods WHERE school_id = $1 AND id = $2',
      [schoolId, periodId],
    );
    return row;
  },

  // ───────────── the operator's command (journal archive) ─────────────

  async schools(db: Queryable) {
    return db.query<{ id: string; name: string }>('SELECT id, name FROM schools ORDER BY name');
  },

  /** Years matching an id or a name («2024/2025»), in the given school or any. */
  async findYears(db: Queryable, ref: string, schoolId: string | null) {
    return db.query<{ id: string; school_id: string; name: string; status: string }>(
      `SELECT id, school_id, name, status FROM academic_years
        WHERE (id::text = $1 OR name = $1) AND ($2::uuid IS NULL OR school_id = $2) ORDER BY starts_on DESC`,
      [ref, schoolId],
    );
  },

  /** The year an operator most likely means: the current one, else the latest. */
  async defaultYear(db: Queryable, schoolId: string) {
    const [row] = await db.query<{ id: string; school_id: string; name: string; status: string }>(
      `SELECT id, school_id, name, status FROM academic_years WHERE school_id = $1
        ORDER BY (status = 'current') DESC, starts_on DESC LIMIT 1`,
      [schoolId],
    );
    return row;
  },

  async classById(db: Queryable, classId: string) {
    const [row] = await db.query<{ id: string; school_id: string; year_id: string; name: string }>(
      'SELECT id, school_id, year_id, grade || letter AS name FROM classes WHERE id::text = $1',
      [classId],
    );
    return row;
  },

  async yearClasses(db: Queryable, schoolId: string, yearId: string) {
    return db.query<{ id: string; school_id: string; year_id: string; name: string; grade: number; letter: string }>(
      `SELECT id, school_id, year_id, grade || letter AS name, grade, letter FROM classes
        WHERE school_id = $1 AND year_id = $2 ORDER BY grade, letter`,
      [schoolId, yearId],
    );
  },
};
