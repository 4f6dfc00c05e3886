import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers/test-app';

/**
 * CONVENTIONS habit 4: every school-owned table has school_id leading its primary key, every foreign key
 * to another school-owned table and every unique constraint — the layout Citus needs to shard by school.
 * Read from the live catalogue, so a new table that breaks the rule fails here.
 */
const GLOBAL_TABLES = new Set([
  'schools',
  'accounts',
  'sessions',
  'auth_throttle',
  'idempotency_keys',
  'auth_events',
  'schema_migrations',
  'outbox_global',
]);

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

interface Constraint {
  table_name: string;
  name: string;
  type: 'p' | 'f' | 'u';
  columns: string[];
  ref_table: string | null;
}

async function constraints(): Promise<Constraint[]> {
  return t.db.query<Constraint>(`
    SELECT c.relname::text AS table_name, con.conname::text AS name, con.contype AS type,
           (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
           rc.relname::text AS ref_table
      FROM pg_constraint con
      JOIN pg_class c ON c.oid = con.conrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      LEFT JOIN pg_class rc ON rc.oid = con.confrelid
     WHERE con.contype IN ('p', 'f', 'u')`);
}

describe('catalogue: school_id leads every key of school-owned tables', () => {
  it('every public table is either global (listed) or has a school_id column', async () => {
    const tables = await t.db.query<{ table_name: string; has_school: boolean }>(`
      SELECT c.relname::text AS table_name,
             EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'school_id' AND NOT a.attisdropped) AS has_school
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')`);
    expect(tables.length).toBeGreaterThan(20);
    const bad = tables.filter((x) => !GLOBAL_TABLES.has(x.table_name) && !x.has_school).map((x) => x.table_name);
    expect(bad).toEqual([]);
  });

  it('school_id leads the primary key, unique keys and foreign keys to school-owned tables', async () => {
    const problems: string[] = [];
    for (const c of await constraints()) {
      if (GLOBAL_TABLES.has(c.table_name)) continue;
      if (c.table_name === 'schools') continue;
      const refGlobal = c.type === 'f' && c.ref_table !== null && GLOBAL_TABLES.has(c.ref_table);
      if (refGlobal) continue;
      if (c.columns[0] !== 'school_id') problems.push(`${c.table_name}.${c.name} (${c.columns.join(', ')})`);
    }
    expect(problems).toEqual([]);
  });

  it('unique indexes of school-owned tables start with school_id', async () => {
    const idx = await t.db.query<{ table_name: string; index_name: string; first_col: string | null }>(`
      SELECT c.relname::text AS table_name, i.relname::text AS index_name,
             (SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum = ix.indkey[0]) AS first_col
        FROM pg_index ix JOIN pg_class c ON c.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
       WHERE ix.indisunique`);
    const bad = idx.filter((x) => !GLOBAL_TABLES.has(x.table_name) && x.table_name !== 'schools' && x.first_col !== 'school_id');
    expect(bad.map((x) => x.index_name)).toEqual([]);
  });

  it('history and audit tables are append-only for the app', async () => {
    const [school] = await t.db.query<{ id: string }>("INSERT INTO schools (name, short_name) VALUES ('Ш', 'Ш') RETURNING id");
    await t.db.query("INSERT INTO audit_log (school_id, action, object_kind) VALUES ($1, 'test', 'test')", [school.id]);
    await expect(t.db.query('UPDATE audit_log SET action = $1 WHERE school_id = $2', ['changed', school.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.query('DELETE FROM audit_log WHERE school_id = $1', [school.id])).rejects.toThrow(/append-only/);
    await t.db.query("INSERT INTO journal_history (school_id, entity, entity_key, action) VALUES ($1, 'mark', 'k', 'create')", [school.id]);
    await expect(t.db.query('DELETE FROM journal_history WHERE school_id = $1', [school.id])).rejects.toThrow(/append-only/);
    await expect(t.db.query('TRUNCATE journal_history')).rejects.toThrow(/append-only/);
  });
});
