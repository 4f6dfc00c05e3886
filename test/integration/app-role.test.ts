import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/client';
import { migrate } from '../../src/db/migrate';
import { makeSchool } from '../fixtures/factories';
import { createTestContext, type TestContext } from '../helpers/test-app';

/** [issue 10] the app's database role cannot update or delete history and audit — a grant, on PostgreSQL. */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

describe.skipIf(!process.env.TEST_DATABASE_URL)('the app database role (PostgreSQL grants)', () => {
  it('may insert history and audit but not update, delete or truncate them', async () => {
    const role = `journal_web_${process.pid}_${Date.now()}`;
    await t.db.exec(`CREATE ROLE ${role} LOGIN IN ROLE journal_app`);
    const url = new URL(t.url!);
    url.username = role;
    const app = await openDb({ url: url.toString(), poolSize: 1 });
    try {
      // The app starts under the role: with every migration applied by the owner, migrate only reads the list.
      expect(await migrate(app)).toEqual([]);
      const schoolId = await makeSchool(t.db);
      await app.query("INSERT INTO audit_log (school_id, action, object_kind) VALUES ($1, 'x', 'y')", [schoolId]);
      await app.query("INSERT INTO journal_history (school_id, entity, entity_key, action) VALUES ($1, 'mark', 'k', 'create')", [schoolId]);
      await app.query('UPDATE schools SET name = name WHERE id = $1', [schoolId]);
      for (const sql of [
        'UPDATE audit_log SET action = action',
        'DELETE FROM audit_log',
        'TRUNCATE audit_log',
        'UPDATE journal_history SET reason = reason',
        'DELETE FROM journal_history',
        'TRUNCATE journal_history',
      ]) {
        await expect(app.query(sql), sql).rejects.toThrow(/permission denied/);
      }
      // Even the retention switch does not help the app role: it has no DELETE grant.
      await expect(
        app.tx(async (tx) => {
          await tx.query("SELECT set_config('journal.retention_purge', 'on', true)");
          await tx.query('DELETE FROM journal_history');
        }),
      ).rejects.toThrow(/permission denied/);
    } finally {
      await app.close();
      await t.db.exec(`DROP OWNED BY ${role}; DROP ROLE ${role}`).catch(() => {});
    }
  });
});

describe('append-only triggers hold on every engine', () => {
  it('refuses to rewrite audit for the owner too', async () => {
    const schoolId = await makeSchool(t.db);
    await t.db.query("INSERT INTO audit_log (school_id, action, object_kind) VALUES ($1, 'x', 'y')", [schoolId]);
    await expect(t.db.query('UPDATE audit_log SET action = $2 WHERE school_id = $1', [schoolId, 'z'])).rejects.toThrow(/append-only/);
  });
});
