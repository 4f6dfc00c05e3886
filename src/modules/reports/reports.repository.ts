import type { Queryable } from '../../db/client';

/** Names and settings every report heads itself with. */
export const reportsRepository = {
  async school(db: Queryable, schoolId: string) {
    const [row] = await db.query<{ id: string; name: string; short_name: string; time_zone: string; settings: Record<string, unknown> }>(
      'SELECT id, name, short_name, time_zone, settings FROM schools WHERE id = $1',
      [schoolId],
    );
    return row;
  },

  async className(db: Queryable, schoolId: string, classId: string) {
    const [row] = await db.query<{ name: string; grade: number; letter: string; year_id: string; period_scheme: string }>(
      'SELECT grade || letter AS name, grade, letter, year_id, period_scheme FROM classes WHERE school_id = $1 AND id = $2',
      [schoolId, classId],
    );
    return row;
  },

  /** The schools an account watches as a regional methodologist (region_memberships). */
  async regionSchools(db: Queryable, accountId: string) {
    return db.query<{ id: string; name: string; short_name: string; time_zone: string; settings: Record<string, unknown> }>(
      `SELECT s.id, s.name, s.short_name, s.time_zone, s.settings
         FROM region_memberships rm JOIN schools s ON s.id = rm.school_id
        WHERE rm.account_id = $1 ORDER BY s.name`,
      [accountId],
    );
  },
};
