import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PENDING_MARK } from '../../src/domain/marks';
import { makeLesson, makeSmallSchool } from '../fixtures/factories';
import { createTestContext, type TestContext } from '../helpers/test-app';

/**
 * The mark tallies of migration 0012 (mark_lesson_dates, mark_entry_times), which the control report and
 * the region view count from instead of reading every mark, must always hold exactly what a recount of
 * the marks gives — after every kind of write, however it is made.
 */
let t: TestContext;
let s: Awaited<ReturnType<typeof makeSmallSchool>>;
let lessons: { l1: string; l2: string; l3: string };
let works: { w1: string; w2: string; w3: string };
const y = () => s.year.startYear;

beforeAll(async () => {
  t = await createTestContext();
  s = await makeSmallSchool(t.db);
  // two lessons on the same day (a double lesson) and one a week later
  lessons = {
    l1: await makeLesson(t.db, s.schoolId, s.pageId, `${y()}-10-06`, 1),
    l2: await makeLesson(t.db, s.schoolId, s.pageId, `${y()}-10-06`, 2),
    l3: await makeLesson(t.db, s.schoolId, s.pageId, `${y()}-10-13`, 1),
  };
  const work = async (lessonId: string, type: string) =>
    (
      await t.db.query<{ id: string }>('INSERT INTO works (school_id, lesson_id, work_type) VALUES ($1, $2, $3) RETURNING id', [
        s.schoolId,
        lessonId,
        type,
      ])
    )[0].id;
  works = { w1: await work(lessons.l1, 'class_answer'), w2: await work(lessons.l2, 'test'), w3: await work(lessons.l3, 'control') };
});
afterAll(async () => t?.close());

const mark = (workId: string, lessonId: string, studentId: string, value: string, at = `${y()}-10-06T12:00:00Z`) => [
  s.schoolId,
  workId,
  lessonId,
  s.pageId,
  studentId,
  value,
  at,
];

async function insertMarks(...rows: unknown[][]) {
  const values = rows.map(
    (_, i) => `($${i * 7 + 1}, $${i * 7 + 2}, $${i * 7 + 3}, $${i * 7 + 4}, $${i * 7 + 5}, $${i * 7 + 6}, $${i * 7 + 7})`,
  );
  await t.db.query(
    `INSERT INTO marks (school_id, work_id, lesson_id, page_id, student_id, value, created_at) VALUES ${values.join(', ')}`,
    rows.flat(),
  );
}

/** The tallies as stored, and as recounted from the marks (a mark counts unless it is the точка). */
async function tallies() {
  const q = (sql: string, params: unknown[] = [s.schoolId, PENDING_MARK]) => t.db.query<{ student_id?: string; v: string }>(sql, params);
  return {
    stored: {
      dates: await q('SELECT page_id, student_id, dates::text AS v FROM mark_lesson_dates WHERE school_id = $1 ORDER BY 1, 2', [
        s.schoolId,
      ]),
      times: await q('SELECT work_id, entered::text AS v FROM mark_entry_times WHERE school_id = $1 ORDER BY 1', [s.schoolId]),
    },
    recounted: {
      dates: await q(`SELECT m.page_id, m.student_id, array_agg(l.date ORDER BY l.date)::text AS v
                        FROM marks m JOIN lessons l ON l.school_id = m.school_id AND l.id = m.lesson_id
                       WHERE m.school_id = $1 AND m.value <> $2 GROUP BY 1, 2 ORDER BY 1, 2`),
      times: await q(`SELECT m.work_id, array_agg(m.created_at ORDER BY m.created_at)::text AS v
                        FROM marks m WHERE m.school_id = $1 AND m.value <> $2 GROUP BY 1 ORDER BY 1`),
    },
  };
}

async function expectExact() {
  const { stored, recounted } = await tallies();
  expect(stored).toEqual(recounted);
  return stored;
}

describe('[000 §3.5] [003 §6.3] mark tallies of the control report', () => {
  it('leave out the точка, as the report does (PENDING_MARK of src/domain/marks.ts)', () => {
    const sql = fs.readFileSync(
      path.join(path.dirname(fileURLToPath(import.meta.url)), '../../src/db/migrations/0012_mark_tallies.sql'),
      'utf8',
    );
    const pendings = sql.match(/value <> '([^']*)'/g) ?? [];
    expect(pendings.length).toBeGreaterThan(5);
    expect(new Set(pendings)).toEqual(new Set([`value <> '${PENDING_MARK}'`]));
  });

  it('equal a recount of the marks after inserts, one row or many at once', async () => {
    await insertMarks(mark(works.w1, lessons.l1, s.student.id, '5'));
    expect((await expectExact()).dates).toHaveLength(1);
    await insertMarks(
      mark(works.w1, lessons.l1, s.classmate.id, '4'),
      mark(works.w2, lessons.l2, s.student.id, '3', `${y()}-10-07T09:00:00Z`),
      mark(works.w2, lessons.l2, s.classmate.id, PENDING_MARK),
      mark(works.w3, lessons.l3, s.student.id, '5', `${y()}-10-20T23:30:00Z`),
    );
    const stored = await expectExact();
    // the student: two marks on 10-06 (a double lesson) and one on 10-13; the classmate's точка is not counted
    expect(stored.dates.find((r) => r.student_id === s.student.id)?.v).toBe(`{${y()}-10-06,${y()}-10-06,${y()}-10-13}`);
    expect(stored.dates.find((r) => r.student_id === s.classmate.id)?.v).toBe(`{${y()}-10-06}`);
  });

  it('equal a recount after updates: a changed value, the точка and back, another entry time', async () => {
    const before = await expectExact();
    await t.db.query("UPDATE marks SET value = '3', comment = 'исправлено' WHERE school_id = $1 AND work_id = $2 AND student_id = $3", [
      s.schoolId,
      works.w1,
      s.student.id,
    ]);
    expect(await expectExact()).toEqual(before);
    await t.db.query('UPDATE marks SET value = $4 WHERE school_id = $1 AND work_id = $2 AND student_id = $3', [
      s.schoolId,
      works.w1,
      s.student.id,
      PENDING_MARK,
    ]);
    await expectExact();
    await t.db.query("UPDATE marks SET value = '4' WHERE school_id = $1 AND work_id = $2", [s.schoolId, works.w2]);
    await expectExact();
    await t.db.query("UPDATE marks SET value = '5' WHERE school_id = $1 AND work_id = $2 AND student_id = $3", [
      s.schoolId,
      works.w1,
      s.student.id,
    ]);
    await t.db.query("UPDATE marks SET created_at = created_at + interval '3 days' WHERE school_id = $1 AND work_id = $2", [
      s.schoolId,
      works.w3,
    ]);
    expect(await expectExact()).not.toEqual(before);
  });

  it('equal a recount when a lesson with marks moves to another day, and not when only its topic changes', async () => {
    await t.db.query("UPDATE lessons SET topic = 'Дроби' WHERE school_id = $1 AND id = $2", [s.schoolId, lessons.l1]);
    await expectExact();
    await t.db.query('UPDATE lessons SET date = $3 WHERE school_id = $1 AND id = $2', [s.schoolId, lessons.l1, `${y()}-10-08`]);
    const stored = await expectExact();
    expect(stored.dates.find((r) => r.student_id === s.student.id)?.v).toBe(`{${y()}-10-06,${y()}-10-08,${y()}-10-13}`);
  });

  it('equal a recount after deletes, and hold no row for a page and student or a work left without marks', async () => {
    await t.db.query('DELETE FROM marks WHERE school_id = $1 AND work_id = $2 AND student_id = $3', [s.schoolId, works.w3, s.student.id]);
    await expectExact();
    await t.db.query('DELETE FROM marks WHERE school_id = $1 AND work_id = ANY($2::uuid[])', [s.schoolId, [works.w1, works.w2]]);
    const stored = await expectExact();
    expect(stored).toEqual({ dates: [], times: [] });
  });

  it('are refilled by mark_tallies_rebuild() after writes that bypassed the triggers', async () => {
    await t.db.tx(async (tx) => {
      await tx.query("SET LOCAL session_replication_role = 'replica'");
      await tx.query("INSERT INTO marks (school_id, work_id, lesson_id, page_id, student_id, value) VALUES ($1, $2, $3, $4, $5, '5')", [
        s.schoolId,
        works.w1,
        lessons.l1,
        s.pageId,
        s.classmate.id,
      ]);
    });
    const { stored, recounted } = await tallies();
    expect(stored).not.toEqual(recounted);
    await t.db.query('SELECT mark_tallies_rebuild()');
    await expectExact();
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'stay exact when a lesson moves while another transaction enters a mark on it, in either order (PostgreSQL)',
    async () => {
      const moveTo = async (date: string, hold: Promise<void>, moved: () => void) =>
        t.db.tx(async (tx) => {
          await tx.query('UPDATE lessons SET date = $3 WHERE school_id = $1 AND id = $2', [s.schoolId, lessons.l3, date]);
          moved();
          await hold;
        });
      const addMark = async (studentId: string, hold: Promise<void>, added: () => void) =>
        t.db.tx(async (tx) => {
          await tx.query("INSERT INTO marks (school_id, work_id, lesson_id, page_id, student_id, value) VALUES ($1, $2, $3, $4, $5, '4')", [
            s.schoolId,
            works.w3,
            lessons.l3,
            s.pageId,
            studentId,
          ]);
          added();
          await hold;
        });
      const gate = () => {
        let open!: () => void;
        const p = new Promise<void>((r) => {
          open = r;
        });
        return { p, open };
      };
      // the lesson moves first and commits after the mark was entered
      {
        const hold = gate();
        const moved = gate();
        const moving = moveTo(`${y()}-10-14`, hold.p, moved.open);
        await moved.p;
        let done = false;
        const adding = t.db
          .query("INSERT INTO marks (school_id, work_id, lesson_id, page_id, student_id, value) VALUES ($1, $2, $3, $4, $5, '5')", [
            s.schoolId,
            works.w3,
            lessons.l3,
            s.pageId,
            s.student.id,
          ])
          .then(() => {
            done = true;
          });
        await new Promise((r) => setTimeout(r, 150));
        expect(done).toBe(false); // waits for the move to commit, then reads the new day
        hold.open();
        await Promise.all([moving, adding]);
        await expectExact();
      }
      // the mark is entered first and commits after the lesson was moved
      {
        const hold = gate();
        const added = gate();
        const adding = addMark(s.classmate.id, hold.p, added.open);
        await added.p;
        let done = false;
        const moving = t.db
          .query('UPDATE lessons SET date = $3 WHERE school_id = $1 AND id = $2', [s.schoolId, lessons.l3, `${y()}-10-15`])
          .then(() => {
            done = true;
          });
        await new Promise((r) => setTimeout(r, 150));
        expect(done).toBe(false); // waits for the mark to commit, then moves its date too
        hold.open();
        await Promise.all([adding, moving]);
        const stored = await expectExact();
        // both marks of the moved lesson are on its new day
        const days = stored.dates.flatMap((r) => r.v.slice(1, -1).split(','));
        expect(days.filter((d) => d === `${y()}-10-15`)).toHaveLength(2);
        expect(days).not.toContain(`${y()}-10-14`);
      }
    },
  );
});
