import type { Queryable } from '../../db/client';

/** Bulk reads and writes of the year-end transfer [002 §4.6]: multi-row statements, one transaction. */
export const yearEndRepository = {
  /** The school's stored settings (only what it changed; resolved by the caller). */
  async schoolSettings(db: Queryable, schoolId: string): Promise<Record<string, unknown>> {
    const rows = await db.query<{ settings: Record<string, unknown> }>('SELECT settings FROM schools WHERE id = $1', [schoolId]);
    return rows[0]?.settings ?? {};
  },

  /** Open stays (to_date IS NULL) in the year's classes. */
  async openEnrollments(db: Queryable, schoolId: string, yearId: string) {
    return db.query<{ id: string; student_id: string; class_id: string; from_date: string; grade: number; letter: string }>(
      `SELECT e.id, e.student_id, e.class_id, e.from_date, c.grade, c.letter
         FROM enrollments e JOIN classes c ON c.school_id = e.school_id AND c.id = e.class_id
        WHERE e.school_id = $1 AND c.year_id = $2 AND e.to_date IS NULL`,
      [schoolId, yearId],
    );
  },

  async closeEnrollments(db: Queryable, schoolId: string, rows: { id: string; toDate: string; kind: string; order: string | null }[]) {
    if (rows.length === 0) return;
    await db.query(
      `UPDATE enrollments e SET to_date = t.d, departure_kind = t.k, departure_order = t.o
         FROM unnest($2::uuid[], $3::date[], $4::text[], $5::text[]) AS t(id, d, k, o)
        WHERE e.school_id = $1 AND e.id = t.id`,
      [schoolId, rows.map((r) => r.id), rows.map((r) => r.toDate), rows.map((r) => r.kind), rows.map((r) => r.order)],
    );
  },

  async insertEnrollments(
    db: Queryable,
    schoolId: string,
    rows: { studentId: string; classId: string; fromDate: string; kind: string; order: string | null }[],
  ) {
    if (rows.length === 0) return;
    await db.query(
      `INSERT INTO enrollments (school_id, student_id, class_id, from_date, arrival_kind, arrival_order)
       SELECT $1, s, c, d, k, o FROM unnest($2::uuid[], $3::uuid[], $4::date[], $5::text[], $6::text[]) AS t(s, c, d, k, o)`,
      [
        schoolId,
        rows.map((r) => r.studentId),
        rows.map((r) => r.classId),
        rows.map((r) => r.fromDate),
        rows.map((r) => r.kind),
        rows.map((r) => r.order),
      ],
    );
  },

  async copyCurriculum(db: Queryable, schoolId: string, fromYearId: string, toYearId: string): Promise<number> {
    const rows = await db.query(
      `INSERT INTO curriculum (school_id, year_id, grade, subject_id, hours_per_week)
       SELECT school_id, $3, grade, subject_id, hours_per_week FROM curriculum WHERE school_id = $1 AND year_id = $2
       ON CONFLICT DO NOTHING RETURNING grade`,
      [schoolId, fromYearId, toYearId],
    );
    return rows.length;
  },

  async subgroupsOfYear(db: Queryable, schoolId: string, yearId: string) {
    return db.query<{ id: string; class_id: string; name: string; member_ids: string[] }>(
      `SELECT sg.id, sg.class_id, sg.name,
              COALESCE((SELECT array_agg(sm.student_id) FROM subgroup_members sm WHERE sm.school_id = sg.school_id AND sm.subgroup_id = sg.id), '{}') AS member_ids
         FROM subgroups sg JOIN classes c ON c.school_id = sg.school_id AND c.id = sg.class_id
        WHERE sg.school_id = $1 AND c.year_id = $2`,
      [schoolId, yearId],
    );
  },

  async pagesOfYear(db: Queryable, schoolId: string, yearId: string) {
    return db.query<{
      id: string;
      class_id: string;
      subgroup_id: string | null;
      subject_id: string;
      teacher_id: string;
      hours_per_week: number | null;
    }>(
      'SELECT id, class_id, subgroup_id, subject_id, teacher_id, hours_per_week FROM journal_pages WHERE school_id = $1 AND year_id = $2',
      [schoolId, yearId],
    );
  },

  /**
   * What already hangs on a draft year's periods: a period that was closed, or has final marks or
   * close/reopen history, is never deleted when the transfer replaces the draft's calendar.
   */
  async draftPeriodUse(db: Queryable, schoolId: string, yearId: string) {
    const [row] = await db.query<{ closed: number; finals: number; events: number }>(
      `SELECT count(*) FILTER (WHERE p.closed_at IS NOT NULL)::int AS closed,
              (SELECT count(*) FROM final_marks f JOIN periods q ON q.school_id = f.school_id AND q.id = f.period_id
                WHERE q.school_id = $1 AND q.year_id = $2)::int AS finals,
              (SELECT count(*) FROM period_events e JOIN periods q ON q.school_id = e.school_id AND q.id = e.period_id
                WHERE q.school_id = $1 AND q.year_id = $2)::int AS events
         FROM periods p WHERE p.school_id = $1 AND p.year_id = $2`,
      [schoolId, yearId],
    );
    return row;
  },

  async deletePeriodsOfYear(db: Queryable, schoolId: string, yearId: string) {
    await db.query('DELETE FROM periods WHERE school_id = $1 AND year_id = $2', [schoolId, yearId]);
  },

  async deleteHolidaysOfYear(db: Queryable, schoolId: string, yearId: string) {
    await db.query('DELETE FROM holidays WHERE school_id = $1 AND year_id = $2', [schoolId, yearId]);
  },

  /** A draft year becomes the current one, with the transfer's dates. */
  async makeDraftCurrent(db: Queryable, schoolId: string, yearId: string, dates: { startsOn: string; endsOn: string }) {
    await db.query(
      `UPDATE academic_years SET status = 'current', starts_on = $3, ends_on = $4
        WHERE school_id = $1 AND id = $2 AND status = 'draft'`,
      [schoolId, yearId, dates.startsOn, dates.endsOn],
    );
  },

  async insertPages(
    db: Queryable,
    schoolId: string,
    yearId: string,
    rows: { classId: string; subgroupId: string | null; subjectId: string; teacherId: string; hoursPerWeek: number | null }[],
  ): Promise<number> {
    if (rows.length === 0) return 0;
    const out = await db.query(
      `INSERT INTO journal_pages (school_id, year_id, class_id, subgroup_id, subject_id, teacher_id, hours_per_week)
       SELECT $1, $2, c, g, s, t, h FROM unnest($3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::numeric[]) AS x(c, g, s, t, h)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        schoolId,
        yearId,
        rows.map((r) => r.classId),
        rows.map((r) => r.subgroupId),
        rows.map((r) => r.subjectId),
        rows.map((r) => r.teacherId),
        rows.map((r) => r.hoursPerWeek),
      ],
    );
    return out.length;
  },
};
