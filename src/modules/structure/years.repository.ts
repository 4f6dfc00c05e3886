import type { Queryable } from '../../db/client';
import type { PeriodScheme } from '../../domain/calendar';
import type { YearRow } from './scope';

export interface PeriodRow {
  id: string;
  school_id: string;
  year_id: string;
  scheme: PeriodScheme;
  number: number;
  name: string;
  starts_on: string;
  ends_on: string;
  closed_at: Date | null;
  closed_by: string | null;
}

export interface HolidayRow {
  id: string;
  year_id: string;
  name: string;
  starts_on: string;
  ends_on: string;
  kind: 'holiday' | 'day_off';
  /** Grades the holiday is limited to; both null = the whole school [DOMAIN §2]. */
  from_grade: number | null;
  to_grade: number | null;
}

const HOLIDAY_COLS = 'id, year_id, name, starts_on, ends_on, kind, from_grade, to_grade';

const YEAR_COLS = 'y.id, y.school_id, y.name, y.starts_on, y.ends_on, y.status, y.closed_at, y.grade_schemes';

/** Years, periods, holidays and period locks. Every query is limited to a school (or the actor's schools). */
export const yearsRepository = {
  async schoolTimeZone(db: Queryable, schoolId: string): Promise<string> {
    const [row] = await db.query<{ time_zone: string }>('SELECT time_zone FROM schools WHERE id = $1', [schoolId]);
    return row?.time_zone ?? 'Europe/Moscow';
  },

  async years(db: Queryable, schoolId: string) {
    return db.query<YearRow>(`SELECT ${YEAR_COLS} FROM academic_years y WHERE y.school_id = $1 ORDER BY y.starts_on DESC`, [schoolId]);
  },

  /** A year within the given schools (the actor's), or undefined. */
  async yearIn(db: Queryable, schoolIds: string[], yearId: string): Promise<YearRow | undefined> {
    const [row] = await db.query<YearRow>(`SELECT ${YEAR_COLS} FROM academic_years y WHERE y.school_id = ANY($1::uuid[]) AND y.id = $2`, [
      schoolIds,
      yearId,
    ]);
    return row;
  },

  async currentYear(db: Queryable, schoolId: string): Promise<YearRow | undefined> {
    const [row] = await db.query<YearRow>(`SELECT ${YEAR_COLS} FROM academic_years y WHERE y.school_id = $1 AND y.status = 'current'`, [
      schoolId,
    ]);
    return row;
  },

  async yearByName(db: Queryable, schoolId: string, name: string) {
    const [row] = await db.query<{ id: string }>('SELECT id FROM academic_years WHERE school_id = $1 AND lower(name) = lower($2)', [
      schoolId,
      name,
    ]);
    return row;
  },

  async createYear(
    db: Queryable,
    y: {
      schoolId: string;
      name: string;
      startsOn: string;
      endsOn: string;
      status: 'draft' | 'current';
      gradeSchemes: Record<string, PeriodScheme>;
    },
  ): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO academic_years (school_id, name, starts_on, ends_on, status, grade_schemes)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [y.schoolId, y.name, y.startsOn, y.endsOn, y.status, JSON.stringify(y.gradeSchemes)],
    );
    return row.id;
  },

  async setYearStatus(db: Queryable, schoolId: string, yearId: string, status: 'current' | 'closed') {
    await db.query(
      `UPDATE academic_years SET status = $3, closed_at = CASE WHEN $3 = 'closed' THEN now() ELSE closed_at END
        WHERE school_id = $1 AND id = $2`,
      [schoolId, yearId, status],
    );
  },

  async setGradeSchemes(db: Queryable, schoolId: string, yearId: string, gradeSchemes: Record<string, PeriodScheme>) {
    await db.query('UPDATE academic_years SET grade_schemes = $3 WHERE school_id = $1 AND id = $2', [
      schoolId,
      yearId,
      JSON.stringify(gradeSchemes),
    ]);
    // Classes follow their grade's scheme (the map holds every grade).
    await db.query(
      `UPDATE classes SET period_scheme = ($3::jsonb ->> grade::text)
        WHERE school_id = $1 AND year_id = $2 AND period_scheme <> ($3::jsonb ->> grade::text)`,
      [schoolId, yearId, JSON.stringify(gradeSchemes)],
    );
  },

  async periods(db: Queryable, schoolId: string, yearId: string) {
    return db.query<PeriodRow>(
      `SELECT id, school_id, year_id, scheme, number, name, starts_on, ends_on, closed_at, closed_by
         FROM periods WHERE school_id = $1 AND year_id = $2 ORDER BY scheme, number`,
      [schoolId, yearId],
    );
  },

  /** A period within the actor's schools, with its year. */
  async periodIn(db: Queryable, schoolIds: string[], periodId: string) {
    const [row] = await db.query<PeriodRow & { year_name: string; year_status: YearRow['status']; year_closed_at: Date | null }>(
      `SELECT p.id, p.school_id, p.year_id, p.scheme, p.number, p.name, p.starts_on, p.ends_on, p.closed_at, p.closed_by,
              y.name AS year_name, y.status AS year_status, y.closed_at AS year_closed_at
         FROM periods p JOIN academic_years y ON y.school_id = p.school_id AND y.id = p.year_id
        WHERE p.school_id = ANY($1::uuid[]) AND p.id = $2`,
      [schoolIds, periodId],
    );
    return row;
  },

  /** One multi-row insert for a set of periods. */
  async insertPeriods(
    db: Queryable,
    schoolId: string,
    yearId: string,
    rows: { scheme: string; number: number; name: string; startsOn: string; endsOn: string }[],
  ) {
    if (rows.length === 0) return;
    await db.query(
      `INSERT INTO periods (school_id, year_id, scheme, number, name, starts_on, ends_on)
       SELECT $1, $2, s, n, nm, a, b FROM unnest($3::text[], $4::int[], $5::text[], $6::date[], $7::date[]) AS t(s, n, nm, a, b)`,
      [
        schoolId,
        yearId,
        rows.map((r) => r.scheme),
        rows.map((r) => r.number),
        rows.map((r) => r.name),
        rows.map((r) => r.startsOn),
        rows.map((r) => r.endsOn),
      ],
    );
  },

  async updatePeriod(db: Queryable, schoolId: string, periodId: string, p: { name: string; startsOn: string; endsOn: string }) {
    await db.query('UPDATE periods SET name = $3, starts_on = $4, ends_on = $5 WHERE school_id = $1 AND id = $2', [
      schoolId,
      periodId,
      p.name,
      p.startsOn,
      p.endsOn,
    ]);
  },

  /** What keeps a period from being deleted: final marks given for it, its close/reopen history. */
  async periodUse(db: Queryable, schoolId: string, periodId: string) {
    const [row] = await db.query<{ finals: number; events: number }>(
      `SELECT (SELECT count(*) FROM final_marks WHERE school_id = $1 AND period_id = $2) AS finals,
              (SELECT count(*) FROM period_events WHERE school_id = $1 AND period_id = $2) AS events`,
      [schoolId, periodId],
    );
    return row;
  },

  async deletePeriod(db: Queryable, schoolId: string, periodId: string) {
    await db.query('DELETE FROM periods WHERE school_id = $1 AND id = $2', [schoolId, periodId]);
  },

  /** Closes a period unless already closed; true when it was open. */
  async closePeriod(
    db: Queryable,
    schoolId: string,
    periodId: string,
    personId: string | null,
    reason: string | null = null,
  ): Promise<boolean> {
    const rows = await db.query(
      `UPDATE periods SET closed_at = now(), closed_by = $3 WHERE school_id = $1 AND id = $2 AND closed_at IS NULL RETURNING id`,
      [schoolId, periodId, personId],
    );
    if (rows.length === 0) return false;
    await db.query(`INSERT INTO period_events (school_id, period_id, action, reason, actor_id) VALUES ($1, $2, 'close', $3, $4)`, [
      schoolId,
      periodId,
      reason,
      personId,
    ]);
    return true;
  },

  /** Closes every open period of a year (year-end); returns the ids closed now. */
  async closeAllPeriods(db: Queryable, schoolId: string, yearId: string, personId: string | null, reason: string): Promise<string[]> {
    const rows = await db.query<{ id: string }>(
      `UPDATE periods SET closed_at = now(), closed_by = $3 WHERE school_id = $1 AND year_id = $2 AND closed_at IS NULL RETURNING id`,
      [schoolId, yearId, personId],
    );
    const ids = rows.map((r) => r.id);
    if (ids.length)
      await db.query(
        `INSERT INTO period_events (school_id, period_id, action, reason, actor_id) SELECT $1, unnest($2::uuid[]), 'close', $3, $4`,
        [schoolId, ids, reason, personId],
      );
    return ids;
  },

  async reopenPeriod(db: Queryable, schoolId: string, periodId: string, personId: string | null, reason: string): Promise<boolean> {
    const rows = await db.query(
      `UPDATE periods SET closed_at = NULL, closed_by = NULL WHERE school_id = $1 AND id = $2 AND closed_at IS NOT NULL RETURNING id`,
      [schoolId, periodId],
    );
    if (rows.length === 0) return false;
    await db.query(`INSERT INTO period_events (school_id, period_id, action, reason, actor_id) VALUES ($1, $2, 'reopen', $3, $4)`, [
      schoolId,
      periodId,
      reason,
      personId,
    ]);
    return true;
  },

  async periodEvents(db: Queryable, schoolId: string, yearId: string) {
    return db.query<{
      id: string;
      period_id: string;
      action: 'close' | 'reopen';
      reason: string | null;
      actor_id: string | null;
      actor_name: string | null;
      at: Date;
    }>(
      `SELECT e.id, e.period_id, e.action, e.reason, e.actor_id,
              pe.last_name || ' ' || pe.first_name || COALESCE(' ' || pe.middle_name, '') AS actor_name, e.at
         FROM period_events e
         JOIN periods p ON p.school_id = e.school_id AND p.id = e.period_id
         LEFT JOIN persons pe ON pe.school_id = e.school_id AND pe.id = e.actor_id
        WHERE e.school_id = $1 AND p.year_id = $2 ORDER BY e.at, e.id`,
      [schoolId, yearId],
    );
  },

  async holidays(db: Queryable, schoolId: string, yearId: string) {
    return db.query<HolidayRow>(
      `SELECT ${HOLIDAY_COLS} FROM holidays WHERE school_id = $1 AND year_id = $2
        ORDER BY starts_on, ends_on, name, from_grade NULLS FIRST`,
      [schoolId, yearId],
    );
  },

  async insertHolidays(
    db: Queryable,
    schoolId: string,
    yearId: string,
    rows: { name: string; startsOn: string; endsOn: string; kind: string; fromGrade?: number | null; toGrade?: number | null }[],
  ) {
    if (rows.length === 0) return [];
    return db.query<{ id: string }>(
      `INSERT INTO holidays (school_id, year_id, name, starts_on, ends_on, kind, from_grade, to_grade)
       SELECT $1, $2, nm, a, b, k, fg, tg
         FROM unnest($3::text[], $4::date[], $5::date[], $6::text[], $7::int[], $8::int[]) AS t(nm, a, b, k, fg, tg) RETURNING id`,
      [
        schoolId,
        yearId,
        rows.map((r) => r.name),
        rows.map((r) => r.startsOn),
        rows.map((r) => r.endsOn),
        rows.map((r) => r.kind),
        rows.map((r) => r.fromGrade ?? null),
        rows.map((r) => r.toGrade ?? null),
      ],
    );
  },

  async holidayIn(db: Queryable, schoolIds: string[], holidayId: string) {
    const [row] = await db.query<HolidayRow & { school_id: string }>(
      `SELECT ${HOLIDAY_COLS}, school_id FROM holidays WHERE school_id = ANY($1::uuid[]) AND id = $2`,
      [schoolIds, holidayId],
    );
    return row;
  },

  async deleteHoliday(db: Queryable, schoolId: string, holidayId: string) {
    await db.query('DELETE FROM holidays WHERE school_id = $1 AND id = $2', [schoolId, holidayId]);
  },

  /** Classes of a year (ids and grades), for regenerating lessons and the year-end transfer. */
  async classIdsOfYear(db: Queryable, schoolId: string, yearId: string): Promise<string[]> {
    const rows = await db.query<{ id: string }>('SELECT id FROM classes WHERE school_id = $1 AND year_id = $2', [schoolId, yearId]);
    return rows.map((r) => r.id);
  },

  /** Classes of a year whose grade is in [fromGrade, toGrade] (a grade-limited holiday touches only them). */
  async classIdsOfGrades(db: Queryable, schoolId: string, yearId: string, fromGrade: number, toGrade: number): Promise<string[]> {
    const rows = await db.query<{ id: string }>(
      'SELECT id FROM classes WHERE school_id = $1 AND year_id = $2 AND grade BETWEEN $3 AND $4',
      [schoolId, yearId, fromGrade, toGrade],
    );
    return rows.map((r) => r.id);
  },
};
