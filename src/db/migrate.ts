import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './client';

// Beside this file in src/db; from the bundled CLI (dist/server, see bin/journal.mjs) the same folder in src.
const here = path.dirname(fileURLToPath(import.meta.url));
const dir = fs.existsSync(path.join(here, 'migrations')) ? path.join(here, 'migrations') : path.resolve(here, '../../src/db/migrations');

/** Names of the committed SQL migrations, in order. */
export function migrationFiles(): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort();
}

/**
 * Applies the committed SQL migrations not yet applied, each in its own transaction.
 * On PostgreSQL an advisory lock keeps two app processes starting at once from racing.
 * Returns the names applied now.
 */
export async function migrate(db: Db): Promise<string[]> {
  // Only created when missing: the app may run as the restricted role journal_app (docs/OPERATIONS.md), which
  // has no CREATE right on the schema; with every migration applied by the owner it then only reads the list.
  const [{ present }] = await db.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  if (!present)
    await db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
  const applied: string[] = [];
  await db.tx(async (tx) => {
    if (db.kind === 'postgresql') await tx.query('SELECT pg_advisory_xact_lock(727274)');
    const done = new Set((await tx.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name));
    for (const name of migrationFiles()) {
      if (done.has(name)) continue;
      const sql = fs.readFileSync(path.join(dir, name), 'utf8');
      await tx.query(sql.includes(';\n') ? wrapMulti(sql) : sql);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
      applied.push(name);
    }
  });
  return applied;
}

// Extended-protocol queries take one statement; a DO block runs the whole script as one.
function wrapMulti(sql: string): string {
  const tag = '$mig$';
  return `DO ${tag} BEGIN EXECUTE ${quote(sql)}; END ${tag}`;
}
function quote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
