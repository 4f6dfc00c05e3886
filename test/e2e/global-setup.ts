import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDb, pgliteOf } from '../../src/db/client';
import { migrate } from '../../src/db/migrate';
import { seedDemoSchool } from './demo-data';

/**
 * Migrates and seeds the demo school once per run and dumps the PGlite data dir to a file; every journey
 * file loads its own fresh copy of it (~15 s of migrating and seeding per file otherwise, on this machine).
 */
export default async function setup(project: TestProject) {
  const dump = path.join(os.tmpdir(), `journal-e2e-demo-${process.pid}.tar`);
  const db = await openDb({ memory: true });
  await migrate(db);
  await seedDemoSchool(db);
  const blob = await pgliteOf(db)!.dumpDataDir('none');
  fs.writeFileSync(dump, Buffer.from(await blob.arrayBuffer()));
  await db.close();
  project.provide('e2eDemoDump', dump);
  return () => fs.rmSync(dump, { force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2eDemoDump: string;
  }
}
