/** Prints every endpoint of the OpenAPI document, one per line (for reviews and the access matrix). */
import { loadConfig } from '../src/config';
import { openDb } from '../src/db/client';
import { buildApp } from '../src/server/app';

const db = await openDb({ memory: true });
const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), db, logger: false });
await app.ready();
const doc = app.swagger() as { paths: Record<string, Record<string, { summary?: string }>> };
for (const [p, ms] of Object.entries(doc.paths))
  for (const [m, op] of Object.entries(ms)) console.log(`${m.toUpperCase().padEnd(7)} ${p.padEnd(50)} ${op.summary ?? ''}`);
await app.close();
await db.close();
