import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDb, pgliteOf } from '../../src/db/client';
import { migrate } from '../../src/db/migrate';

/**
 * Migrates once per run: a PGlite data dir dumped to a file that each test file loads (fresh PGlite
 * per file costs ~1 s otherwise), and, when TEST_DATABASE_URL is set, a PostgreSQL template database
 * that each test file copies with CREATE DATABASE … TEMPLATE.
 */
export default async function setup(project: TestProject) {
  const dump = path.join(os.tmpdir(), `journal-test-template-${process.pid}.tar`);
  const db = await openDb({ memory: true });
  await migrate(db);
  const blob = await pgliteOf(db)!.dumpDataDir('none');
  fs.writeFileSync(dump, Buffer.from(await blob.arrayBuffer()));
  await db.close();
  project.provide('pgliteTemplate', dump);

  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const admin = await openDb({ url, poolSize: 1 });
    const template = `journal_tpl_${process.pid}`;
    await admin.exec(`DROP DATABASE IF EXISTS ${template}`);
    await admin.exec(`CREATE DATABASE ${template}`);
    const tdb = await openDb({ url: withDb(url, template), poolSize: 1 });
    await migrate(tdb);
    await tdb.close();
    project.provide('pgTemplate', template);
    await admin.close();
    return async () => {
      const a = await openDb({ url, poolSize: 1 });
      const dbs = await a.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'journal_t%_${process.pid}%'`);
      for (const d of dbs) await a.exec(`DROP DATABASE IF EXISTS ${d.datname} WITH (FORCE)`).catch(() => {});
      await a.close();
      fs.rmSync(dump, { force: true });
    };
  }
  project.provide('pgTemplate', '');
  return () => fs.rmSync(dump, { force: true });
}

export function withDb(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string;
  }
}
