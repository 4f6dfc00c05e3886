import type { Queryable } from '../../db/client';

export type FinalKind = 'period' | 'year' | 'exam' | 'final';

/** What the finals of one page need to decide: class, subject, year, school settings — one round trip. */
export interface FinalsPageContext {
  id: string;
  school_id: string;
  school_name: string;
  settings: Record<string, unknown>;
  time_zone: string;
  year_id: string;
  year_name: string;
  year_status: string;
  year_starts_on: string;
  year_ends_on: string;
  class_id: string;
  class_name: string;
  grade: number;
  period_scheme: string;
  subgroup_id: string | null;
  subgroup_name: string | null;
  subject_id: string;
  subject_name: string;
  pass_fail: boolean;
  teacher_id: string;
  teacher_name: string;
}

export interface PeriodRow {
  id: string;
  number: number;
  name: string;
  starts_on: string;
  ends_on: string;
  closed_at: Date | null;
}

export interface FinalMarkRow {
  id: string;
  page_id: string;
  subject_id: string;
  student_id: string;
  kind: FinalKind;
  period_id: string | null;
  value: string;
  proposed_value: string | null;
  average: number | null;
  late: boolean;
  version: number;
  confirmed_by: string | null;
  confirmed_by_name: string | null;
  confirmed_at: Date;
}

export interface StudentRow {
  id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  from_date: string;
  to_date: string | null;
}

const FINAL_COLUMNS = `f.id, f.page_id, f.subject_id, f.student_id, f.kind, f.period_id, f.value, f.proposed_value, f.average, f.late,
       f.version, f.confirmed_by, f.confirmed_at,
       cp.last_name || ' ' || left(cp.first_name, 1) || '.' || COALESCE(left(cp.middle_name, 1) || '.', '') AS confirmed_by_name`;

/** Every query is filtered by school_id (CONVENTIONS habit 4); the service passes the school from requireAccess. */
export const finalsRepository = {
  async pageContext(db: Queryable, schoolId: string, pageId: string): Promise<FinalsPageContext | undefined> {
    const [row] = await db.query<FinalsPageContext>(
      `SELECT jp.id, jp.school_id, sc.name AS school_name, sc.settings, sc.time_zone,
              y.id AS year_id, y.name AS year_name, y.status AS year_status, y.starts_on AS year_starts_on, y.ends_on AS year_ends_on,
              c.id AS class_id, c.grade || c.letter AS class_name, c.grade, c.period_scheme,
              jp.subgroup_id, sg.name AS subgroup_name, s.id AS subject_id, s.name AS subject_name, s.pass_fail,
              jp.teacher_id, t.last_name || ' ' || t.first_name || COALESCE(' ' || t.middle_name, '') AS teacher_name
         FROM journal_pages jp
         JOIN classes c ON c.school_id = jp.school_id AND c.id = jp.class_id
         JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id
         JOIN subjects s ON s.school_id = jp.school_id AND s.id = jp.subject_id
         JOIN persons t ON t.school_id = jp.school_id AND t.id = jp.teacher_id
         JOIN schools sc ON sc.id = jp.school_id
         LEFT JOIN subgroups sg ON sg.school_id = jp.school_id AND sg.id = jp.subgroup_id
        WHERE jp.school_id = $1 AND jp.id = $2`,
      [schoolId, pageId],
    );
    return row;
  },

  /** Periods of a class's scheme in its year, in order. */
  async periods(db: Queryable, schoolId: string, yearId: string, scheme: string) {
    return db.query<PeriodRow>(
      `SELECT id, number, name, starts_on, ends_on, closed_at FROM periods
        WHERE school_id = $1 AND year_id = $2 AND scheme = $3 ORDER BY number`,
      [schoolId, yearId, scheme],
    );
  },

  /**
   * The lock state read inside the write's transaction, holding the row so that closing the period
   * (or the year) waits for the write to commit rather than slipping in between check and write.
   */
  async lockPeriod(db: Queryable, schoolId: string, periodId: string) {
    const [row] = await db.query<{ closed_at: Date | null }>('SELECT closed_at FROM periods WHERE school_id = $1 AND id = $2 FOR SHARE', [
      schoolId,
      periodId,
    ]);
    return row;
  },

  async lockYear(db: Queryable, schoolId: string, yearId: string) {
    const [row] = await db.query<{ status: string }>('SELECT status FROM academic_years WHERE school_id = $1 AND id = $2 FOR SHARE', [
      schoolId,
      yearId,
    ]);
    return row;
  },

  /** Students on a page during a date range: the class's enrollments, or the subgroup's members. */
  async pageStudents(db: Queryable, schoolId: string, classId: string, subgroupId: string | null, from: string, to: string) {
    return db.query<StudentRow>(
      `SELECT p.id, p.last_name, p.first_name, p.middle_name, min(e.from_date) AS from_date,
              CASE WHEN bool_or(e.to_date IS NULL) THEN NULL ELSE max(e.to_date) END AS to_date
         FROM enrollments e JOIN persons p ON p.school_id = e.school_id AND p.id = e.student_id
        WHERE e.school_id = $1 AND e.class_id = $2 AND e.from_date <= $5 AND (e.to_date IS NULL OR e.to_date >= $4)
          AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM subgroup_members sm
                WHERE sm.school_id = e.school_id AND sm.subgroup_id = $3 AND sm.student_id = e.student_id))
        GROUP BY p.id, p.last_name, p.first_name, p.middle_name
        ORDER BY p.last_name, p.first_name, p.middle_name, p.id`,
      [schoolId, classId, subgroupId, from, to],
    );
  },

  /** The current marks of a page within dates, with what the average needs (work type and own weight). */
  async marksInRange(db: Queryable, schoolId: string, pageId: string, from: string, to: string) {
    return db.query<{ student_id: string; value: string; work_type: string; weight: number | null }>(
      `SELECT m.student_id, m.value, w.work_type, w.weight
         FROM marks m
         JOIN lessons l ON l.school_id = m.school_id AND l.id = m.lesson_id
         JOIN works w ON w.school_id = m.school_id AND w.id = m.work_id
        WHERE m.school_id = $1 AND m.page_id = $2 AND l.date BETWEEN $3 AND $4`,
      [schoolId, pageId, from, to],
    );
  },

  /** All final marks of a page (every kind and period): a page holds at most a few hundred. */
  async pageFinals(db: Queryable, schoolId: string, pageId: string) {
    return db.query<FinalMarkRow>(
      `SELECT ${FINAL_COLUMNS}
         FROM final_marks f LEFT JOIN persons cp ON cp.school_id = f.school_id AND cp.id = f.confirmed_by
        WHERE f.school_id = $1 AND f.page_id = $2`,
      [schoolId, pageId],
    );
  },

  /** The cells a write is about to change, locked until it commits (the version check needs them stable). */
  async cellsForUpdate(db: Queryable, schoolId: string, pageId: string, kind: FinalKind, periodId: string | null, studentIds: string[]) {
    return db.query<Omit<FinalMarkRow, 'confirmed_by_name'>>(
      `SELECT f.id, f.page_id, f.subject_id, f.student_id, f.kind, f.period_id, f.value, f.proposed_value, f.average, f.late,
              f.version, f.confirmed_by, f.confirmed_at
         FROM final_marks f
        WHERE f.school_id = $1 AND f.page_id = $2 AND f.kind = $3 AND f.period_id IS NOT DISTINCT FROM $4::uuid
          AND f.student_id = ANY($5::uuid[])
        FOR UPDATE`,
      [schoolId, pageId, kind, periodId, studentIds],
    );
  },

  /**
   * A new final mark; nothing is inserted (undefined back) when a concurrent write created the cell
   * first — the caller answers that as a stale write.
   */
  async insertFinal(
    db: Queryable,
    f: {
      schoolId: string;
      pageId: string;
      subjectId: string;
      studentId: string;
      kind: FinalKind;
      periodId: string | null;
      value: string;
      proposedValue: string | null;
      average: number | null;
      late: boolean;
      actorId: string;
    },
  ) {
    const [row] = await db.query<{ id: string; version: number; confirmed_at: Date }>(
      `INSERT INTO final_marks (school_id, page_id, subject_id, student_id, kind, period_id, value, proposed_value, average, late, confirmed_by, confirmed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now())
       ON CONFLICT DO NOTHING
       RETURNING id, version, confirmed_at`,
      [f.schoolId, f.pageId, f.subjectId, f.studentId, f.kind, f.periodId, f.value, f.proposedValue, f.average, f.late, f.actorId],
    );
    return row;
  },

  async updateFinal(
    db: Queryable,
    schoolId: string,
    id: string,
    f: { value: string; proposedValue: string | null; average: number | null; actorId: string },
  ) {
    const [row] = await db.query<{ id: string; version: number; confirmed_at: Date }>(
      `UPDATE final_marks SET value = $3, proposed_value = $4, average = $5, confirmed_by = $6, confirmed_at = now(), version = version + 1
        WHERE school_id = $1 AND id = $2 RETURNING id, version, confirmed_at`,
      [schoolId, id, f.value, f.proposedValue, f.average, f.actorId],
    );
    return row;
  },

  async personName(db: Queryable, schoolId: string, personId: string) {
    const [row] = await db.query<{ name: string }>(
      `SELECT last_name || ' ' || left(first_name, 1) || '.' || COALESCE(left(middle_name, 1) || '.', '') AS name
         FROM persons WHERE school_id = $1 AND id = $2`,
      [schoolId, personId],
    );
    return row?.name ?? null;
  },

  /** One append-only history row per change of a final mark [DOMAIN §4]. */
  async recordHistory(
    db: Queryable,
    schoolId: string,
    e: {
      pageId: string;
      key: string;
      action: 'create' | 'update';
      actorId: string | null;
      oldValue: unknown;
      newValue: unknown;
      reason: string | null;
    },
  ) {
    await db.query(
      `INSERT INTO journal_history (school_id, entity, entity_key, page_id, action, actor_id, old_value, new_value, reason)
       VALUES ($1, 'final_mark', $2, $3, $4, $5, $6, $7, $8)`,
      [
        schoolId,
        e.key,
        e.pageId,
        e.action,
        e.actorId,
        e.oldValue == null ? null : JSON.stringify(e.oldValue),
        e.newValue == null ? null : JSON.stringify(e.newValue),
        e.reason,
      ],
    );
  },

  async history(db: Queryable, schoolId: string, key: string) {
    return db.query<{
      id: number;
      action: string;
      at: Date;
      actor_name: string | null;
      old_value: unknown;
      new_value: unknown;
      reason: string | null;
    }>(
      `SELECT h.id, h.action, h.at, p.last_name || ' ' || p.first_name AS actor_name, h.old_value, h.new_value, h.reason
         FROM journal_history h LEFT JOIN persons p ON p.school_id = h.school_id AND p.id = h.actor_id
        WHERE h.school_id = $1 AND h.entity = 'final_mark' AND h.entity_key = $2 ORDER BY h.at, h.id`,
      [schoolId, key],
    );
  },

  // ───────────── summary sheet ─────────────

  async classContext(db: Queryable, schoolId: string, classId: string) {
    const [row] = await db.query<{
      id: string;
      class_name: string;
      grade: number;
      period_scheme: string;
      year_id: string;
      year_name: string;
      year_status: string;
      year_starts_on: string;
      year_ends_on: string;
      class_teacher_name: string | null;
      school_name: string;
      director_name: string | null;
      time_zone: string;
    }>(
      `SELECT c.id, c.grade || c.letter AS class_name, c.grade, c.period_scheme,
              y.id AS year_id, y.name AS year_name, y.status AS year_status, y.starts_on AS year_starts_on, y.ends_on AS year_ends_on,
              ct.last_name || ' ' || left(ct.first_name, 1) || '.' || COALESCE(left(ct.middle_name, 1) || '.', '') AS class_teacher_name,
              sc.name AS school_name, sc.director_name, sc.time_zone
         FROM classes c
         JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id
         JOIN schools sc ON sc.id = c.school_id
         LEFT JOIN persons ct ON ct.school_id = c.school_id AND ct.id = c.class_teacher_id
        WHERE c.school_id = $1 AND c.id = $2`,
      [schoolId, classId],
    );
    return row;
  },

  /** Subjects with a journal page in the class (subgroup pages of one subject count once). */
  async classSubjects(db: Queryable, schoolId: string, classId: string) {
    return db.query<{ id: string; name: string; short_name: string; pass_fail: boolean }>(
      `SELECT DISTINCT s.id, s.name, s.short_name, s.pass_fail
         FROM journal_pages jp JOIN subjects s ON s.school_id = jp.school_id AND s.id = jp.subject_id
        WHERE jp.school_id = $1 AND jp.class_id = $2
        ORDER BY s.name`,
      [schoolId, classId],
    );
  },

  /**
   * The class's final marks over all its pages. A student moved between subgroups may have a mark of
   * the same subject on two pages: the latest confirmed one wins.
   */
  async classFinals(db: Queryable, schoolId: string, classId: string) {
    return db.query<{ student_id: string; subject_id: string; kind: FinalKind; period_id: string | null; value: string }>(
      `SELECT DISTINCT ON (f.student_id, f.subject_id, f.kind, f.period_id) f.student_id, f.subject_id, f.kind, f.period_id, f.value
         FROM final_marks f
         JOIN journal_pages jp ON jp.school_id = f.school_id AND jp.id = f.page_id
        WHERE f.school_id = $1 AND jp.class_id = $2
        ORDER BY f.student_id, f.subject_id, f.kind, f.period_id, f.confirmed_at DESC`,
      [schoolId, classId],
    );
  },
};
