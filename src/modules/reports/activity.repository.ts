import type { Queryable } from '../../db/client';

/**
 * Queries of the activity report [000 §9], [002 §5.1], [000 §3.5]: who of the staff, the parents and
 * the students signed in or opened a diary, per week or month. $1 schools, $2 from, $3 to, $4 class.
 * A class scope has its students (enrolled at some day of the range) and their parents, no staff.
 */
const GROUPS_CTE = `
  grp AS (
    SELECT DISTINCT m.school_id, m.person_id, 'staff' AS grp
      FROM memberships m
     WHERE m.school_id = ANY($1::uuid[]) AND m.role NOT IN ('student', 'parent') AND $4::uuid IS NULL
    UNION
    SELECT DISTINCT e.school_id, e.student_id, 'students'
      FROM enrollments e
     WHERE e.school_id = ANY($1::uuid[]) AND e.from_date <= $3::date AND (e.to_date IS NULL OR e.to_date >= $2::date)
       AND ($4::uuid IS NULL OR e.class_id = $4::uuid)
    UNION
    SELECT DISTINCT pl.school_id, pl.parent_id, 'parents'
      FROM parent_links pl
      JOIN enrollments e ON e.school_id = pl.school_id AND e.student_id = pl.student_id
     WHERE pl.school_id = ANY($1::uuid[]) AND e.from_date <= $3::date AND (e.to_date IS NULL OR e.to_date >= $2::date)
       AND ($4::uuid IS NULL OR e.class_id = $4::uuid)
  )`;

export interface ActivityFilter {
  schoolIds: string[];
  from: string;
  to: string;
  classId: string | null;
  granularity: 'week' | 'month';
}

const params = (f: ActivityFilter) => [f.schoolIds, f.from, f.to, f.classId];

export const activityRepository = {
  /** People of each group, and how many of them have a login. */
  async population(db: Queryable, f: ActivityFilter) {
    return db.query<{ school_id: string; grp: string; people: number; with_account: number }>(
      `WITH ${GROUPS_CTE}
       SELECT grp.school_id, grp.grp, count(*) AS people, count(p.account_id) AS with_account
         FROM grp JOIN persons p ON p.school_id = grp.school_id AND p.id = grp.person_id
        GROUP BY grp.school_id, grp.grp`,
      params(f),
    );
  },

  /**
   * Distinct people who signed in, opened a diary, or either — per bucket and over the whole range
   * (GROUPING SETS: a person active in two weeks is one person of the month). Days are the school's:
   * the range's bounds are turned into instants in each school's time zone, so rows are compared, not
   * converted; the rows are first cut down to one per person, kind and bucket. Without buckets (the
   * region view) only the whole range is counted.
   */
  async counts(db: Queryable, f: ActivityFilter, withBuckets = true) {
    const bucket = withBuckets ? 'date_trunc($5, (a.at AT TIME ZONE sc.time_zone))::date' : 'CAST(NULLIF($5::text, $5::text) AS date)';
    return db.query<{
      g: number;
      school_id: string;
      grp: string;
      bucket: string | null;
      signed_in: number;
      viewers: number;
      active: number;
    }>(
      `WITH ${GROUPS_CTE},
       act AS (
         SELECT DISTINCT a.school_id, a.person_id, a.kind, ${bucket} AS bucket
           FROM activity a JOIN schools sc ON sc.id = a.school_id
          WHERE a.school_id = ANY($1::uuid[])
            AND a.at >= $2::date - 1 AND a.at < $3::date + 2
            AND a.at >= ($2::date::timestamp AT TIME ZONE sc.time_zone)
            AND a.at < (($3::date + 1)::timestamp AT TIME ZONE sc.time_zone)
       )
       SELECT GROUPING(act.bucket) AS g, grp.school_id, grp.grp, act.bucket,
              count(DISTINCT act.person_id) FILTER (WHERE act.kind = 'sign_in') AS signed_in,
              count(DISTINCT act.person_id) FILTER (WHERE act.kind = 'diary_view') AS viewers,
              count(DISTINCT act.person_id) AS active
         FROM act JOIN grp ON grp.school_id = act.school_id AND grp.person_id = act.person_id
        GROUP BY GROUPING SETS ((grp.school_id, grp.grp, act.bucket), (grp.school_id, grp.grp))`,
      [...params(f), f.granularity],
    );
  },

  /**
   * [004 class teacher] the class's parents and whether they opened their child's diary in the week;
   * with the last day they ever did (null: never). Children counted are those in the class that week.
   */
  async parentsOfClass(db: Queryable, schoolId: string, classId: string, weekFrom: string, weekTo: string) {
    return db.query<{
      parent_id: string;
      parent_name: string;
      has_account: boolean;
      student_id: string;
      student_name: string;
      viewed_in_week: boolean;
      last_view_on: string | null;
    }>(
      `SELECT pl.parent_id, par.last_name || ' ' || par.first_name || COALESCE(' ' || par.middle_name, '') AS parent_name,
              par.account_id IS NOT NULL AS has_account,
              pl.student_id, st.last_name || ' ' || st.first_name || COALESCE(' ' || st.middle_name, '') AS student_name,
              EXISTS (SELECT 1 FROM activity a WHERE a.school_id = pl.school_id AND a.person_id = pl.parent_id
                         AND a.kind = 'diary_view' AND a.subject_person_id = pl.student_id
                         AND a.at >= $3::date - 1 AND a.at < $4::date + 2
                         AND (a.at AT TIME ZONE sc.time_zone)::date BETWEEN $3::date AND $4::date) AS viewed_in_week,
              (SELECT (max(a.at) AT TIME ZONE sc.time_zone)::date FROM activity a
                WHERE a.school_id = pl.school_id AND a.person_id = pl.parent_id AND a.kind = 'diary_view'
                  AND a.subject_person_id = pl.student_id AND a.at < $4::date + 2
                  AND (a.at AT TIME ZONE sc.time_zone)::date <= $4::date) AS last_view_on
         FROM parent_links pl
         JOIN schools sc ON sc.id = pl.school_id
         JOIN persons par ON par.school_id = pl.school_id AND par.id = pl.parent_id
         JOIN persons st ON st.school_id = pl.school_id AND st.id = pl.student_id
        WHERE pl.school_id = $1
          AND EXISTS (SELECT 1 FROM enrollments e WHERE e.school_id = pl.school_id AND e.student_id = pl.student_id
                AND e.class_id = $2 AND e.from_date <= $4::date AND (e.to_date IS NULL OR e.to_date >= $3::date))
        ORDER BY st.last_name, st.first_name, par.last_name, par.first_name`,
      [schoolId, classId, weekFrom, weekTo],
    );
  },
};
