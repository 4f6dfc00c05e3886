import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Queryable } from '../../src/db/client';
import { backupRepository } from '../../src/modules/backup/backup.repository';
import { BackupError, createBackup, restoreBackup, verifyBackup } from '../../src/modules/backup/backup.service';
import { makeLesson, makePeriod, makeSmallSchool } from '../fixtures/factories';
import { createTestContext, signIn, type TestContext } from '../helpers/test-app';
import { withDb } from './global-setup';

let t: TestContext;
let dir: string;
const marksChecksum = `SELECT md5(COALESCE(string_agg(id::text || value || COALESCE(comment, '') || version, ',' ORDER BY id), '')) AS sum FROM marks`;

beforeAll(async () => {
  t = await createTestContext();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-backup-'));
  // Some real journal data: marks with history through the API.
  const s = await makeSmallSchool(t.db, { adminTotpRequired: false });
  const today = new Date().toISOString().slice(0, 10);
  await makePeriod(t.db, s.schoolId, s.year.id, { number: 1, startsOn: '2000-01-01', endsOn: '2999-12-31' });
  const lesson = await makeLesson(t.db, s.schoolId, s.pageId, today, 1);
  const c = await signIn(t.app, s.teacher.login, s.teacher.password);
  const work = (await c.post(`/api/lessons/${lesson}/works`, { workType: 'test' })).json().id;
  await c.put('/api/marks', { workId: work, studentId: s.student.id, value: '5', comment: 'Отлично', version: null });
  await c.put('/api/marks', { workId: work, studentId: s.classmate.id, value: '3', version: null });
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** What journal_app may do to each table and sequence of the public schema. */
async function appRolePrivileges(db: Queryable) {
  return db.query<{ name: string; privs: string }>(
    `SELECT c.relname::text AS name,
            concat_ws(',', ${['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']
              .map((p) => `CASE WHEN c.relkind <> 'S' AND has_table_privilege('journal_app', c.oid, '${p}') THEN '${p}' END`)
              .join(', ')},
                      CASE WHEN c.relkind = 'S' AND has_sequence_privilege('journal_app', c.oid, 'USAGE') THEN 'USAGE' END) AS privs
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S')
      ORDER BY 1`,
  );
}

async function newTarget() {
  if (t.url) {
    const name = `journal_restore_${Date.now()}_${process.pid}`;
    const admin = await openDb({ url: process.env.TEST_DATABASE_URL!, poolSize: 1 });
    await admin.exec(`CREATE DATABASE ${name}`);
    await admin.close();
    return { databaseUrl: withDb(process.env.TEST_DATABASE_URL!, name), name };
  }
  return { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'journal-restore-')) };
}

async function openTarget(target: { databaseUrl?: string; dataDir?: string }) {
  return target.databaseUrl ? openDb({ url: target.databaseUrl, poolSize: 1 }) : openDb({ dataDir: target.dataDir });
}

async function dropTarget(target: { databaseUrl?: string; dataDir?: string; name?: string }) {
  if (target.name) {
    const admin = await openDb({ url: process.env.TEST_DATABASE_URL!, poolSize: 1 });
    await admin.exec(`DROP DATABASE IF EXISTS ${target.name} WITH (FORCE)`);
    await admin.close();
  } else if (target.dataDir) fs.rmSync(target.dataDir, { recursive: true, force: true });
}

describe('backup and restore [000 §5.1] [002 §4.2]', () => {
  it('backs up, restores into a new database, and every table and the marks checksum are equal', async () => {
    const { file, manifest } = await createBackup(t.db, { dir, databaseUrl: t.url });
    expect(manifest.engine).toBe(t.db.kind);
    expect(manifest.tables.marks).toBe(2);
    expect(manifest.tables.journal_history).toBeGreaterThanOrEqual(2);
    await verifyBackup(file);
    const target = await newTarget();
    try {
      const counts = await restoreBackup(file, target);
      expect(counts).toEqual(await backupRepository.tableCounts(t.db));
      const restored = await openTarget(target);
      try {
        const [a] = await t.db.query<{ sum: string }>(marksChecksum);
        const [b] = await restored.query<{ sum: string }>(marksChecksum);
        expect(b.sum).toBe(a.sum);
        // The restored database still refuses to rewrite history.
        await expect(restored.query('DELETE FROM journal_history')).rejects.toThrow(/append-only/);
      } finally {
        await restored.close();
      }
    } finally {
      await dropTarget(target);
    }
  });

  it('refuses a truncated or corrupt file cleanly and leaves the target untouched', async () => {
    const { file } = await createBackup(t.db, { dir, databaseUrl: t.url });
    const truncated = file.replace('.dump', '-truncated.dump');
    fs.copyFileSync(file, truncated);
    fs.copyFileSync(file.replace('.dump', '.manifest.json'), truncated.replace('.dump', '.manifest.json'));
    fs.truncateSync(truncated, Math.floor(fs.statSync(file).size / 2));
    const corrupt = file.replace('.dump', '-corrupt.dump');
    const bytes = fs.readFileSync(file);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    fs.writeFileSync(corrupt, bytes);
    fs.copyFileSync(file.replace('.dump', '.manifest.json'), corrupt.replace('.dump', '.manifest.json'));
    for (const [bad, message] of [
      [truncated, /неполон/],
      [corrupt, /контрольная сумма/],
    ] as const) {
      const target = await newTarget();
      try {
        await expect(restoreBackup(bad, target)).rejects.toThrow(message);
        if (target.databaseUrl) {
          const db = await openTarget(target);
          expect(await backupRepository.publicTables(db)).toEqual([]);
          await db.close();
        } else {
          expect(fs.readdirSync(target.dataDir!)).toEqual([]);
        }
      } finally {
        await dropTarget(target);
      }
    }
  });

  it('refuses a file that is not a backup although its manifest matches it, and leaves the target empty', async () => {
    const { file } = await createBackup(t.db, { dir, databaseUrl: t.url });
    // Past the checksum: garbage (raw, and gzip'd) with a manifest regenerated to match it (size and SHA-256).
    const noise = Buffer.alloc(64 * 1024);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919 + 13) % 251;
    for (const [suffix, bytes] of [
      ['garbage', noise],
      ['gzip-garbage', gzipSync(noise)],
    ] as const) {
      const garbage = file.replace('.dump', `-${suffix}.dump`);
      fs.writeFileSync(garbage, bytes);
      const manifest = JSON.parse(fs.readFileSync(file.replace('.dump', '.manifest.json'), 'utf8'));
      manifest.file = path.basename(garbage);
      manifest.size = bytes.length;
      manifest.sha256 = createHash('sha256').update(bytes).digest('hex');
      fs.writeFileSync(garbage.replace('.dump', '.manifest.json'), JSON.stringify(manifest));
      await verifyBackup(garbage);
      const target = await newTarget();
      try {
        await expect(restoreBackup(garbage, target), suffix).rejects.toThrow(BackupError);
        if (target.databaseUrl) {
          const db = await openTarget(target);
          expect(await backupRepository.publicTables(db)).toEqual([]);
          await db.close();
        } else {
          expect(fs.readdirSync(target.dataDir!)).toEqual([]);
        }
      } finally {
        await dropTarget(target);
      }
    }
  });

  it('records the migrations the database holds, not the ones this version ships', async () => {
    const { manifest } = await createBackup(t.db, { dir, databaseUrl: t.url });
    const applied = (await t.db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).map((r) => r.name);
    expect(manifest.migrations).toEqual(applied);
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    '[issue 10] after a PostgreSQL restore the app role keeps its grants: normal work, but no rewriting history or audit',
    async () => {
      const { file } = await createBackup(t.db, { dir, databaseUrl: t.url });
      const target = await newTarget();
      const role = `journal_web_r${process.pid}_${Date.now()}`;
      try {
        await restoreBackup(file, target);
        const restored = await openTarget(target);
        try {
          // The same privileges as the original, table by table.
          expect(await appRolePrivileges(restored)).toEqual(await appRolePrivileges(t.db));
          await restored.exec(`CREATE ROLE ${role} LOGIN IN ROLE journal_app`);
          const url = new URL(target.databaseUrl!);
          url.username = role;
          const app = await openDb({ url: url.toString(), poolSize: 1 });
          try {
            const [school] = await app.query<{ id: string }>('SELECT id FROM schools LIMIT 1');
            await app.query('UPDATE schools SET name = name WHERE id = $1', [school.id]);
            await app.query("INSERT INTO audit_log (school_id, action, object_kind) VALUES ($1, 'x', 'y')", [school.id]);
            await app.query("INSERT INTO journal_history (school_id, entity, entity_key, action) VALUES ($1, 'mark', 'k', 'create')", [
              school.id,
            ]);
            expect((await app.query('SELECT id FROM marks')).length).toBe(2);
            for (const sql of [
              'UPDATE audit_log SET action = action',
              'DELETE FROM audit_log',
              'TRUNCATE audit_log',
              'UPDATE journal_history SET reason = reason',
              'DELETE FROM journal_history',
              'TRUNCATE journal_history',
              "INSERT INTO schema_migrations (name) VALUES ('9999_x.sql')",
            ]) {
              await expect(app.query(sql), sql).rejects.toThrow(/permission denied/);
            }
          } finally {
            await app.close();
          }
        } finally {
          await restored.exec(`DROP OWNED BY ${role}`).catch(() => {});
          await restored.close();
        }
      } finally {
        await dropTarget(target);
        const admin = await openDb({ url: process.env.TEST_DATABASE_URL!, poolSize: 1 });
        await admin.exec(`DROP ROLE IF EXISTS ${role}`).catch(() => {});
        await admin.close();
      }
    },
  );

  it('refuses to restore over a database that is not empty', async () => {
    const { file } = await createBackup(t.db, { dir, databaseUrl: t.url });
    const target = await newTarget();
    try {
      await restoreBackup(file, target);
      await expect(restoreBackup(file, target)).rejects.toThrow(/не пуст/);
    } finally {
      await dropTarget(target);
    }
  });
});
