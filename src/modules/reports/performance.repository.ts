import type { Queryable } from '../../db/client';

/**
 * Queries of performance and quality [000 §9], [002 §5.3]: final marks counted with GROUP BY — per
 * student (a class, a grade and a school judge each student by all their final marks) and per page
 * and value (a subject and a teacher judge each final mark on its own).
 */

/** Which final marks: $1 schools, $2 kind ('period' | 'year'), $3 period (for 'period'), $4 year (for 'year'), $5 class. */
export interface FinalsFilter {
  schoolIds: string[];
  kind: 'period' | 'year';
  periodIds: string[] | null;
  yearIds: string[] | null;
  classId: string | null;
}

const FINALS_WHERE = `
  fm.school_id = ANY($1::uuid[]) AND fm.kind = $2
  AND ($3::uuid[] IS NULL OR fm.period_id = ANY($3::uuid[]))
  AND ($4::uuid[] IS NULL OR jp.year_id = ANY($4::uuid[]))
  AND ($5::uuid IS NULL OR jp.class_id = $5::uuid)`;

const params = (f: FinalsFilter) => [f.schoolIds, f.kind, f.periodIds, f.yearIds, f.classId];

export interface PeriodRow {
  id: string;
  school_id: string;
  year_id: string;
  scheme: string;
  number: number;
  name: string;
  starts_on: string;
  ends_on: string;
}

export const performanceRepository = {
  /** Each student's final marks per class (with the class's grade). */
  async finalsByStudent(db: Queryable, f: FinalsFilter) {
    return db.query<{
      school_id: string;
      class_id: string;
      class_name: string;
      grade: number;
      letter: string;
      student_id: string;
      marks: string[];
    }>(
      `SELECT fm.school_id, jp.class_id, c.grade || c.letter AS class_name, c.grade, c.letter, fm.student_id,
              array_agg(fm.value ORDER BY fm.value) AS marks
         FROM final_marks fm
         JOIN journal_pages jp ON jp.school_id = fm.school_id AND jp.id = fm.page_id
         JOIN classes c ON c.school_id = jp.school_id AND c.id = jp.class_id
        WHERE ${FINALS_WHERE}
        GROUP BY fm.school_id, jp.class_id, c.grade, c.letter, fm.student_id
        ORDER BY c.grade, c.letter`,
      params(f),
    );
  },

  /**
   * Each student's final marks per school, all classes together — what a school (and the region view,
   * which shows nothing finer) judges a student by; the same marks as finalsByStudent, not split by class.
   */
  async finalsBySchoolStudent(db: Queryable, f: FinalsFilter) {
    // the marks of periods need no page (a page gives only their year and class, asked for neither)
    const byPeriod = f.kind === 'period' && f.periodIds !== null && f.yearIds === null && f.classId === null;
    return db.query<{ school_id: string; student_id: string; marks: string[] }>(
      byPeriod
        ? `SELECT fm.school_id, fm.student_id, array_agg(fm.value ORDER BY fm.value) AS marks
             FROM final_marks fm
            WHERE fm.school_id = ANY($1::uuid[]) AND fm.kind = $2 AND fm.period_id = ANY($3::uuid[])
            GROUP BY fm.school_id, fm.student_id`
        : `SELECT fm.school_id, fm.student_id, array_agg(fm.value ORDER BY fm.value) AS marks
             FROM final_marks fm
             JOIN journal_pages jp ON jp.school_id = fm.school_id AND jp.id = fm.page_id
            WHERE ${FINALS_WHERE}
            GROUP BY fm.school_id, fm.student_id`,
      byPeriod ? [f.schoolIds, f.kind, f.periodIds] : params(f),
    );
  },

  /** How many final marks of each value per subject and teacher. */
  async finalsBySubjectTeacher(db: Queryable, f: FinalsFilter) {
    return db.query<{
      school_id: string;
      subject_id: string;
      subject_name: string;
      teacher_id: string;
      teacher_name: string;
      value: string;
      n: number;
    }>(
      `SELECT fm.school_id, jp.subject_id, s.name AS subject_name, jp.teacher_id,
              t.last_name || ' ' || left(t.first_name, 1) || '.' || COALESCE(left(t.middle_name, 1) || '.', '') AS teacher_name,
              fm.value, count(*) AS n
         FROM final_marks fm
         JOIN journal_pages jp ON jp.school_id = fm.school_id AND jp.id = fm.page_id
         JOIN subjects s ON s.school_id = jp.school_id AND s.id = jp.subject_id
         JOIN persons t ON t.school_id = jp.school_id AND t.id = jp.teacher_id
        WHERE ${FINALS_WHERE}
        GROUP BY fm.school_id, jp.subject_id, s.name, jp.teacher_id, t.last_name, t.first_name, t.middle_name, fm.value
        ORDER BY s.name, t.last_name, t.first_name`,
      params(f),
    );
  },

  async period(db: Queryable, schoolId: string, periodId: string) {
    const [row] = await db.query<PeriodRow>(
      'SELECT id, school_id, year_id, scheme, number, name, starts_on, ends_on FROM periods WHERE school_id = $1 AND id = $2',
      [schoolId, periodId],
    );
    return row;
  },

  /** The period before (same year and scheme, number − 1). */
  async previousPeriod(db: Queryable, schoolId: string, p: PeriodRow) {
    const [row] = await db.query<PeriodRow>(
      `SELECT id, school_id, year_id, scheme, number, name, starts_on, ends_on FROM periods
        WHERE school_id = $1 AND year_id = $2 AND scheme = $3 AND number = $4`,
      [schoolId, p.year_id, p.scheme, p.number - 1],
    );
    return row;
  },

  /**
   * The last period of the same scheme in the school year before the period's year — what the first
   * period of a year is compared with [002 §5.3].
   */
  async lastPeriodOfYearBefore(db: Queryable, schoolId: string, p: PeriodRow) {
    const [row] = await db.query<PeriodRow>(
      `SELECT p.id, p.school_id, p.year_id, p.scheme, p.number, p.name, p.starts_on, p.ends_on
         FROM periods p JOIN academic_years y ON y.school_id = p.school_id AND y.id = p.year_id
        WHERE p.school_id = $1 AND p.scheme = $2
          AND y.starts_on < (SELECT starts_on FROM academic_years WHERE school_id = $1 AND id = $3)
        ORDER BY y.starts_on DESC, p.number DESC LIMIT 1`,
      [schoolId, p.scheme, p.year_id],
    );
    return row;
  },

  /** A class of a year by grade and letter (the same children a year earlier: 6А → last year's 5А). */
  async classOfYear(db: Queryable, schoolId: string, yearId: string, grade: number, letter: string) {
    const [row] = await db.query<{ id: string; name: string }>(
      'SELECT id, grade || letter AS name FROM classes WHERE school_id = $1 AND year_id = $2 AND grade = $3 AND letter = $4',
      [schoolId, yearId, grade, letter],
    );
    return row;
  },

  /** Periods of a scheme with a given number in the schools' current years (the region view). */
  async periodsNumbered(db: Queryable, schoolIds: string[], scheme: string, number: number) {
    return db.query<PeriodRow>(
      `SELECT p.id, p.school_id, p.year_id, p.scheme, p.number, p.name, p.starts_on, p.ends_on
         FROM periods p JOIN academic_years y ON y.school_id = p.school_id AND y.id = p.year_id AND y.status = 'current'
        WHERE p.school_id = ANY($1::uuid[]) AND p.scheme = $2 AND p.number = $3`,
      [schoolIds, scheme, number],
    );
  },

  /** The period of a scheme that contains the day, else the last one that ended before it, in the current year. */
  async defaultPeriod(db: Queryable, schoolId: string, scheme: string, today: string) {
    const [row] = await db.query<PeriodRow>(
      `SELECT p.id, p.school_id, p.year_id, p.scheme, p.number, p.name, p.starts_on, p.ends_on
         FROM periods p JOIN academic_years y ON y.school_id = p.school_id AND y.id = p.year_id AND y.status = 'current'
        WHERE p.school_id = $1 AND p.scheme = $2 AND p.starts_on <= $3::date
        ORDER BY p.starts_on DESC LIMIT 1`,
      [schoolId, scheme, today],
    );
    if (row) return row;
    const [first] = await db.query<PeriodRow>(
      `SELECT p.id, p.school_id, p.year_id, p.scheme, p.number, p.name, p.starts_on, p.ends_on
         FROM periods p JOIN academic_years y ON y.school_id = p.school_id AND y.id = p.year_id AND y.status = 'current'
        WHERE p.school_id = $1 AND p.scheme = $2 ORDER BY p.starts_on LIMIT 1`,
      [schoolId, scheme],
    );
    return first;
  },

  async year(db: Queryable, schoolId: string, yearId: string | null) {
    const [row] = await db.query<{ id: string; name: string; starts_on: string; ends_on: string }>(
      `SELECT id, name, starts_on, ends_on FROM academic_years
        WHERE school_id = $1 AND (($2::uuid IS NULL AND status = 'current') OR id = $2::uuid)`,
      [schoolId, yearId],
    );
    return row;
  },

  async previousYear(db: Queryable, schoolId: string, startsOn: string) {
    const [row] = await db.query<{ id: string; name: string; starts_on: string; ends_on: string }>(
      'SELECT id, name, starts_on, ends_on FROM academic_years WHERE school_id = $1 AND starts_on < $2 ORDER BY starts_on DESC LIMIT 1',
      [schoolId, startsOn],
    );
    return row;
  },

  async currentYears(db: Queryable, schoolIds: string[]) {
    return db.query<{ id: string; school_id: string }>(
      "SELECT id, school_id FROM academic_years WHERE school_id = ANY($1::uuid[]) AND status = 'current'",
      [schoolIds],
    );
  },

  /** Periods of the year for the screen's picker. */
  async periodsOfYear(db: Queryable, schoolId: string, yearId: string) {
    return db.query<PeriodRow>(
      `SELECT id, school_id, year_id, scheme, number, name, starts_on, ends_on FROM periods
        WHERE school_id = $1 AND year_id = $2 ORDER BY scheme, number`,
      [schoolId, yearId],
    );
  },
};
