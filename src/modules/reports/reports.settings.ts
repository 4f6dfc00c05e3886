import type { Db, Queryable } from '../../db/client';

/**
 * How the large report statements are planned on PostgreSQL. Each runs in its own short read-only
 * transaction with these settings made local to it (set_config(…, true) = SET LOCAL: the pooled
 * connection keeps its defaults for everything else), and with a marker comment in its text so that the
 * app's named prepared statements (src/db/client.ts) keep a statement planned one way apart from the
 * same SQL planned the other way.
 *
 * - 'report' — every report statement (a class, a page, the analyses …):
 *   · jit off: the cost estimates of these statements pass jit_above_cost, and compiling took 50–800 ms
 *     per statement (measured on the district) for statements that then ran no faster;
 *   · work_mem 64MB: hash tables of a district (~90k page × student rows per group of schools) stay in
 *     memory instead of spilling to disk at the default 4MB;
 *   · custom plans only: the schools and dates of a report change what the best plan is, and a
 *     statement of a second does not need its planning (10–30 ms) saved.
 * - 'scan' — the statements that read all the lessons and marks of one or more whole schools (a school's
 *   control report, the region view): the same, and hash joins and hash aggregates only. Every join of
 *   ours repeats school_id, and the planner multiplies the selectivity of `a.school_id = b.school_id`
 *   into that of the id: in a database of N schools it expects N times fewer rows at each join (20
 *   schools: 13,795 works expected, 362,007 read). It then chose index loops into marks per work (362k
 *   loops, 6 s for a region) or over a memoized school's lessons per page (3.2M rows filtered, 0.7 s for
 *   one school's control report).
 *
 * PGlite (one connection in the process, no JIT, small schools) runs the statements as they are.
 */
export type ReportPlan = 'report' | 'scan';

const SETTINGS: Record<ReportPlan, Record<string, string>> = {
  report: { jit: 'off', work_mem: '64MB', plan_cache_mode: 'force_custom_plan' },
  scan: {
    jit: 'off',
    work_mem: '64MB',
    plan_cache_mode: 'force_custom_plan',
    enable_nestloop: 'off',
    enable_mergejoin: 'off',
    enable_sort: 'off',
  },
};

const setSql = (plan: ReportPlan) =>
  `SELECT ${Object.entries(SETTINGS[plan])
    .map(([k, v]) => `set_config('${k}', '${v}', true)`)
    .join(', ')}`;

function isPostgres(db: Queryable): db is Db {
  return (db as Partial<Db>).kind === 'postgresql' && typeof (db as Partial<Db>).tx === 'function';
}

/**
 * Runs `fn` with the report's plan settings: on PostgreSQL in a transaction of its own (read only, so
 * nothing is held beyond its statements), elsewhere — PGlite, or a caller's transaction — as it is.
 */
export async function withPlan<T>(db: Queryable, plan: ReportPlan, fn: (q: Queryable) => Promise<T>): Promise<T> {
  if (!isPostgres(db)) return fn(db);
  return db.tx(async (tx) => {
    await tx.query('SET TRANSACTION READ ONLY');
    await tx.query(setSql(plan));
    const marked: Queryable = { query: (sql, params) => tx.query(`/* ${plan} */ ${sql}`, params) };
    return fn(marked);
  });
}
