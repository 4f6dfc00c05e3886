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
  // Who gave the final mark: kept with the summary sheet, not with the journal [002 §7.2].
  await t.db.query(
    "INSERT INTO journal_history (school_id, entity, entity_key, page_id, action, new_value) VALUES ($1, 'final_mark', $2, $3, 'create', '\"5\"')",
    [schoolId, `year:${kid.id}`, page],
  );
  return { yearId: y.id, page };
}

describe('retention [002 §7.1] [002 §7.2]', () => {
  it('lists journals older than 5 years and summary sheets older than 25, and removes them only when confirmed', async () => {
    const schoolId = await makeSchool(t.db);
    const mid = await oldYear(schoolId, 'А2015/2016', '2015-09-01', '2016-06-30');
    const old = await oldYear(schoolId, 'Б1995/1996', '1995-09-01', '1996-06-30');
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
    // History: the recent year's whole; of 2015 only the final marks' (kept with the summary sheet); of 1995 none.
    const left = await t.db.query<{ page_id: string; entity: string }>(
      'SELECT page_id, entity FROM journal_history WHERE school_id = $1 ORDER BY page_id = $2, entity',
      [schoolId, recent.page],
    );
    expect(left).toEqual([
      { page_id: mid.page, entity: 'final_mark' },
      { page_id: recent.page, entity: 'final_mark' },
      { page_id: recent.page, entity: 'mark' },
    ]);
    // [DOMAIN §11] each confirmed removal is audited with what went.
    const audit = await t.db.query<{
      action: string;
      object_id: string;
      actor_account_id: string | null;
      details: Record<string, unknown>;
    }>(
      "SELECT action, object_id, actor_account_id, details FROM audit_log WHERE school_id = $1 AND action LIKE 'retention.%' ORDER BY id",
      [schoolId],
    );
    expect(audit.map((a) => [a.action, a.object_id])).toEqual([
      ['retention.purge_journal', old.yearId],
      ['retention.purge_journal', mid.yearId],
      ['retention.purge_summary', old.yearId],
    ]);
    expect(audit[1]).toMatchObject({
      actor_account_id: null,
      details: { year: 'А2015/2016', lessons: 1, marks: 1, finalMarks: 1, retentionYears: 5, today: '2026-11-23' },
    });
  });

  it('[002 §7.2] a summary sheet due later keeps its final-mark history after the journal is gone', async () => {
    const schoolId = await makeSchool(t.db);
    const y = await oldYear(schoolId, 'Г2010/2011', '2010-09-01', '2011-06-30');
    await purgeDue(t.db, { today: '2026-11-23', journalYears: 5, summaryYears: 25 });
    const history = await t.db.query<{ entity: string }>('SELECT entity FROM journal_history WHERE school_id = $1', [schoolId]);
    expect(history).toEqual([{ entity: 'final_mark' }]);
    // 25 years after the year's end the summary sheet and its history go too.
    await purgeDue(t.db, { today: '2036-07-01', journalYears: 5, summaryYears: 25 });
    expect(await t.db.query('SELECT 1 FROM journal_history WHERE school_id = $1', [schoolId])).toEqual([]);
    expect(await t.db.query('SELECT 1 FROM final_marks WHERE school_id = $1 AND page_id = $2', [schoolId, y.page])).toEqual([]);
  });

  it('still refuses to delete history outside the retention command', async () => {
    const schoolId = await makeSchool(t.db);
    await t.db.query("INSERT INTO journal_history (school_id, entity, entity_key, action) VALUES ($1, 'mark', 'k', 'create')", [schoolId]);
    await expect(t.db.query('DELETE FROM journal_history WHERE school_id = $1', [schoolId])).rejects.toThrow(/append-only/);
  });
});
