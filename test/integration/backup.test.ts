import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/client';
import { backupRepository } from '../../src/modules/backup/backup.repository';
import { createBackup, restoreBackup, verifyBackup } from '../../src/modules/backup/backup.service';
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
