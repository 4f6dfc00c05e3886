import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSmallSchool } from '../fixtures/factories';
import { createTestContext, signIn, type TestContext } from '../helpers/test-app';

/** 5,000 rows in reasonable time: multi-row statements, not a query per row; re-import changes nothing. */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

const SURNAMES = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров'];
const NAMES = ['Александр', 'Дмитрий', 'Максим', 'Сергей', 'Андрей', 'Алексей', 'Артём', 'Илья', 'Кирилл', 'Михаил'];

/** A cp1251-free UTF-8 CSV of `n` distinct students in 5А and 6Б, with an extra column and empty lines. */
function bigCsv(n: number): Buffer {
  const lines = ['Фамилия;Имя;Отчество;Дата рождения;Класс;Телефон;Заметка'];
  for (let i = 0; i < n; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = String((Math.floor(i / 28) % 12) + 1).padStart(2, '0');
    const year = 2010 + (Math.floor(i / 336) % 5);
    lines.push(
      `${SURNAMES[i % 10]};${NAMES[Math.floor(i / 10) % 10]};Номер${i};${day}.${month}.${year};${i % 2 ? '5А' : '6Б'};+7 900 ${String(i).padStart(7, '0')};x`,
    );
    if (i % 1000 === 999) lines.push('');
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`);
}

describe('import of 5,000 rows', () => {
  it('previews, commits all or nothing, and re-imports with no change, in reasonable time', async () => {
    const s = await makeSmallSchool(t.db, { adminTotpRequired: false });
    const admin = await signIn(t.app, s.admin.login, s.admin.password);
    const file = bigCsv(5000);
    const body = { kind: 'students', fileName: 'big.csv', contentBase64: file.toString('base64') };

    let started = Date.now();
    const prev = await admin.post('/api/import/preview', body);
    const previewMs = Date.now() - started;
    expect(prev.statusCode, prev.body.slice(0, 500)).toBe(200);
    expect(prev.json()).toMatchObject({ totalRows: 5000, canCommit: true, summary: { create: 5000, errors: 0 } });

    started = Date.now();
    const commit = await admin.post('/api/import/commit', body);
    const commitMs = Date.now() - started;
    expect(commit.statusCode, commit.body.slice(0, 500)).toBe(200);
    const [{ n }] = await t.db.query<{ n: number }>(
      "SELECT count(*) AS n FROM persons WHERE school_id = $1 AND middle_name LIKE 'Номер%'",
      [s.schoolId],
    );
    expect(n).toBe(5000);
    const [{ e }] = await t.db.query<{ e: number }>('SELECT count(*) AS e FROM enrollments WHERE school_id = $1 AND class_id = $2', [
      s.schoolId,
      s.classId,
    ]);
    expect(e).toBe(2500 + 2);

    started = Date.now();
    const again = await admin.post('/api/import/commit', body);
    const againMs = Date.now() - started;
    expect(again.json().summary).toEqual({ create: 0, update: 0, unchanged: 5000, errors: 0 });
    // Generous bounds for a shared 2-core machine; a query per row would take minutes.
    expect(previewMs).toBeLessThan(20_000);
    expect(commitMs).toBeLessThan(30_000);
    expect(againMs).toBeLessThan(20_000);
    console.info(`5000 rows: preview ${previewMs} ms, commit ${commitMs} ms, re-import ${againMs} ms`);
  });

  it('one bad row among 5,000 refuses the whole file', async () => {
    const s = await makeSmallSchool(t.db, { adminTotpRequired: false });
    const admin = await signIn(t.app, s.admin.login, s.admin.password);
    const text = bigCsv(5000).toString('utf8').replace(';5А;+7 900 0004999', ';5Я;+7 900 0004999');
    const res = await admin.post('/api/import/commit', { kind: 'students', contentBase64: Buffer.from(text).toString('base64') });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([
      expect.objectContaining({ row: 5005, column: 'Класс' }),
    ]);
    const [{ n }] = await t.db.query<{ n: number }>('SELECT count(*) AS n FROM persons WHERE school_id = $1', [s.schoolId]);
    expect(n).toBe(11);
  });
});
