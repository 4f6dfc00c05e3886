import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDue, purgeDue } from '../../src/modules/retention/retention.service';
import { enroll, makeClass, makeLesson, makePage, makePerson, makeSchool, makeSubject } from '../fixtures/factories';
import { createTestContext, type TestContext } from '../helpers/test-app';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

async function oldYear(schoolId: string, name: string, startsOn: string, endsOn: string) {
  const [y] = await t.db.query<{ id: string }>(
    "INSERT INTO academic_years (school_id, name, starts_on, ends_on, status) VALUES ($1, $2, $3, $4, 'closed') RETURNING id",
    [schoolId, name, startsOn, endsOn],
  );
  const teacher = await makePerson(t.db, schoolId, { roles: ['teacher'] });
  const cls = await makeClass(t.db, schoolId, y.id, { grade: 5, letter: name.slice(0, 1) });
  const kid = await makePerson(t.db, schoolId, { roles: ['student'], login: null });
  await enroll(t.db, schoolId, kid.id, cls, startsOn);
  const subject = await makeSubject(t.db, schoolId);
  const page = await makePage(t.db, schoolId, y.id, cls, subject, teacher.id);
  const lesson = await makeLesson(t.db, schoolId, page, startsOn, 1, { topic: 'Тема' });
  const [w] = await t.db.query<{ id: string }>("INSERT INTO works (school_id, lesson_id, work_type) VALUES ($1, $2, 'test') RETURNING id", [
    schoolId,
    lesson,
  ]);
  await t.db.query("INSERT INTO marks (school_id, work_id, lesson_id, page_id, student_id, value) VALUES ($1, $2, $3, $4, $5, '5')", [
    schoolId,
    w.id,
    lesson,
    page,
    kid.id,
  ]);
  await t.db.query("INSERT INTO journal_history (school_id, entity, entity_key, page_id, action) VALUES ($1, 'mark', 'k', $2, 'create')", [
    schoolId,
    page,
  ]);
  await t.db.query(
    "INSERT INTO final_marks (school_id, page_id, subject_id, student_id, kind, value) VALUES ($1, $2, $3, $4, 'year', '5')",
    [schoolId, page, subject, kid.id],
  );
  return { yearId: y.id, page };
}

describe('retention [002 §7.1] [002 §7.2]', () => {
  it('lists journals older than 5 years and summary sheets older than 25, and removes them only when confirmed', async () => {
    const schoolId = await makeSchool(t.db);
    await oldYear(schoolId, 'А2015/2016', '2015-09-01', '2016-06-30');
    await oldYear(schoolId, 'Б1995/1996', '1995-09-01', '1996-06-30');
    const recent = await oldYear(schoolId, 'В2023/2024', '2023-09-01', '2024-06-30');
    const opts = { today: '2026-11-23', journalYears: 5, summaryYears: 25 };
    const due = await listDue(t.db, opts);
    const mine = (l: { school_id: string; year_name: string }[]) => l.filter((y) => y.school_id === schoolId).map((y) => y.year_name);
    expect(mine(due.journals)).toEqual(['Б1995/1996', 'А2015/2016']);
    expect(mine(due.summaries)).toEqual(['Б1995/1996']);
    // Listing removes nothing.
    const [{ n }] = await t.db.query<{ n: number }>('SELECT count(*) AS n FROM marks WHERE school_id = $1', [schoolId]);
    expect(n).toBe(3);

    await purgeDue(t.db, opts);
    const count = async (sql: string) => (await t.db.query<{ n: number }>(sql, [schoolId]))[0].n;
    expect(await count('SELECT count(*) AS n FROM marks WHERE school_id = $1')).toBe(1);
    expect(await count('SELECT count(*) AS n FROM lessons WHERE school_id = $1')).toBe(1);
    // The 2015 summary sheet is kept (25 years); the 1995 one is gone.
    expect(await count('SELECT count(*) AS n FROM final_marks WHERE school_id = $1')).toBe(2);
    expect(await count('SELECT count(*) AS n FROM journal_history WHERE school_id = $1')).toBe(1);
    const [left] = await t.db.query<{ page_id: string }>('SELECT page_id FROM journal_history WHERE school_id = $1', [schoolId]);
    expect(left.page_id).toBe(recent.page);
  });

  it('still refuses to delete history outside the retention command', async () => {
    const schoolId = await makeSchool(t.db);
    await t.db.query("INSERT INTO journal_history (school_id, entity, entity_key, action) VALUES ($1, 'mark', 'k', 'create')", [schoolId]);
    await expect(t.db.query('DELETE FROM journal_history WHERE school_id = $1', [schoolId])).rejects.toThrow(/append-only/);
  });
});
