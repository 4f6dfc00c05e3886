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

  /** Migrations applied to the database (none before the first `migrate`): the schema the backup holds. */
  async appliedMigrations(db: Queryable): Promise<string[]> {
    const [t] = await db.query<{ t: string | null }>("SELECT to_regclass('public.schema_migrations')::text AS t");
    if (!t?.t) return [];
    return (await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).map((r) => r.name);
  },

  /**
   * Re-applies the app role's grants after a PostgreSQL restore (pg_dump runs with --no-privileges: ACLs name
   * cluster roles that a new server may not have). The same statements as migration 0009_app_role.sql, which
   * `migrate` will not run again on a restored database; idempotent. Creates the NOLOGIN role when missing;
   * returns false when the restoring user may not create it (then nobody can run as it, and there is nothing
   * to protect). Keep in step with 0009 — test/integration/backup.test.ts compares the restored grants with the
   * original's.
   */
  async applyAppRoleGrants(db: Queryable): Promise<boolean> {
    const [{ exists }] = await db.query<{ exists: boolean }>(
      "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'journal_app') AS exists",
    );
    if (!exists) {
      try {
        await db.query('CREATE ROLE journal_app NOLOGIN');
      } catch (e) {
        // 42710: created meanwhile by another restore; 42501: not allowed to create roles.
        const code = (e as { code?: string }).code;
        if (code === '42501') return false;
        if (code !== '42710') throw e;
      }
    }
    for (const sql of [
      'GRANT USAGE ON SCHEMA public TO journal_app',
      'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO journal_app',
      'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO journal_app',
      'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO journal_app',
      'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO journal_app',
      'REVOKE UPDATE, DELETE, TRUNCATE ON journal_history, audit_log, auth_events FROM journal_app',
      'REVOKE ALL ON schema_migrations FROM journal_app',
      'GRANT SELECT ON schema_migrations TO journal_app',
    ])
      await db.query(sql);
    return true;
  },

  /** Undoes a failed restore into a database that was empty before. */
  async dropPublicSchema(db: Queryable) {
    await db.query('DROP SCHEMA public CASCADE');
    await db.query('CREATE SCHEMA public');
  },
};
