import type { Queryable } from '../../db/client';

export const backupRepository = {
  async publicTables(db: Queryable): Promise<string[]> {
    const rows = await db.query<{ name: string }>(
      "SELECT c.relname::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1",
    );
    return rows.map((r) => r.name);
  },

  /** Rows per table of the public schema, in one statement so it reads one snapshot. */
  async tableCounts(db: Queryable): Promise<Record<string, number>> {
    const tables = await backupRepository.publicTables(db);
    if (!tables.length) return {};
    const sql = tables.map((t) => `SELECT '${t}' AS name, count(*)::int AS n FROM "${t.replace(/"/g, '""')}"`).join(' UNION ALL ');
    const rows = await db.query<{ name: string; n: number }>(sql);
    return Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]));
  },

  /** Undoes a failed restore into a database that was empty before. */
  async dropPublicSchema(db: Queryable) {
    await db.query('DROP SCHEMA public CASCADE');
    await db.query('CREATE SCHEMA public');
  },
};
