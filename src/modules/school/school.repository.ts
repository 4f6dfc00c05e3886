import type { Queryable } from '../../db/client';

/** The school's card as the settings screen and the printed journal need it. */
export interface SchoolCardRow {
  id: string;
  name: string;
  short_name: string;
  director_name: string | null;
  time_zone: string;
  settings: Record<string, unknown>;
}

export const schoolRepository = {
  /**
   * Classes of the current year (or of the year `yearId`, e.g. a closed one) in the given schools;
   * `onlyFor` limits to classes the person leads or teaches.
   */
  async classes(db: Queryable, schoolIds: string[], onlyFor: string[] | null, yearId: string | null = null) {
    return db.query<{
      id: string;
      school_id: string;
      grade: number;
      letter: string;
      name: string;
      period_scheme: string;
      class_teacher_id: string | null;
      class_teacher_name: string | null;
      students: number;
      year_id: string;
    }>(
      `SELECT c.id, c.school_id, c.grade, c.letter, c.grade || c.letter AS name, c.period_scheme, c.year_id,
              c.class_teacher_id, t.last_name || ' ' || t.first_name || COALESCE(' ' || t.middle_name, '') AS class_teacher_name,
              -- students now; for a closed year, those who stayed to its end (moved up, graduated, repeated) [002 §4.6]
              (SELECT count(*) FROM enrollments e WHERE e.school_id = c.school_id AND e.class_id = c.id
                  AND (e.to_date IS NULL OR (y.status = 'closed' AND e.to_date >= y.ends_on))) AS students
         FROM classes c
         JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id
                                AND (($3::uuid IS NULL AND y.status = 'current') OR y.id = $3)
         LEFT JOIN persons t ON t.school_id = c.school_id AND t.id = c.class_teacher_id
        WHERE c.school_id = ANY($1::uuid[])
          AND ($2::uuid[] IS NULL OR c.class_teacher_id = ANY($2::uuid[])
               OR EXISTS (SELECT 1 FROM journal_pages jp WHERE jp.school_id = c.school_id AND jp.class_id = c.id AND jp.teacher_id = ANY($2::uuid[])))
        ORDER BY c.grade, c.letter`,
      [schoolIds, onlyFor, yearId],
    );
  },

  /** Students of a class as of a date, with their stay (arrived, left) for the journal's rows. */
  async classStudents(db: Queryable, schoolId: string, classId: string) {
    return db.query<{
      id: string;
      last_name: string;
      first_name: string;
      middle_name: string | null;
      birth_date: string | null;
      from_date: string;
      to_date: string | null;
      arrival_kind: string;
      departure_kind: string | null;
    }>(
      `SELECT p.id, p.last_name, p.first_name, p.middle_name, p.birth_date, e.from_date, e.to_date, e.arrival_kind, e.departure_kind
         FROM enrollments e JOIN persons p ON p.school_id = e.school_id AND p.id = e.student_id
        WHERE e.school_id = $1 AND e.class_id = $2
        ORDER BY p.last_name, p.first_name, p.middle_name, e.from_date`,
      [schoolId, classId],
    );
  },

  /** The school's card (name, director, time zone, stored settings); `forUpdate` locks it for the write that follows. */
  async card(db: Queryable, schoolId: string, forUpdate = false) {
    const rows = await db.query<SchoolCardRow>(
      `SELECT id, name, short_name, director_name, time_zone, settings FROM schools WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [schoolId],
    );
    return rows[0];
  },

  /** Writes the card; `settings` is the whole stored object (only what the school changed). */
  async updateCard(
    db: Queryable,
    schoolId: string,
    v: { name: string; shortName: string; directorName: string | null; timeZone: string; settings: Record<string, unknown> },
  ) {
    await db.query(
      'UPDATE schools SET name = $2, short_name = $3, director_name = $4, time_zone = $5, settings = $6::jsonb WHERE id = $1',
      [schoolId, v.name, v.shortName, v.directorName, v.timeZone, JSON.stringify(v.settings)],
    );
  },
};
