/**
 * The mark save's two statements straight on PostgreSQL, no HTTP: how many saves a second the database
 * itself allows on this machine (concurrency 10, fresh cells, cleaned up after). Compare with the
 * `mark save` row of `npm run bench`, which adds the HTTP server, sessions and the outbox worker.
 *   node --import tsx bench/mark-statements.ts [postgres-url]   (default: the demo bench database)
 */
import { openDb } from '../src/db/client';
import { journalRepository as repo } from '../src/modules/journal/journal.repository';

const url = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/journal_bench_demo';

const db = await openDb({ url, poolSize: 10, prepare: true });
const [t] = await db.query<{ school_id: string; teacher_id: string; page_id: string }>(
  `SELECT jp.school_id, jp.teacher_id, jp.id AS page_id FROM journal_pages jp JOIN classes c ON c.school_id=jp.school_id AND c.id=jp.class_id WHERE c.grade>1 AND jp.subgroup_id IS NULL LIMIT 1`,
);
const lessons = await db.query<{ id: string }>(
  `SELECT id FROM lessons WHERE school_id=$1 AND page_id=$2 AND date <= CURRENT_DATE ORDER BY date DESC LIMIT 5`,
  [t.school_id, t.page_id],
);
const students = await db.query<{ student_id: string }>(
  `SELECT DISTINCT student_id FROM marks WHERE school_id=$1 AND page_id=$2 LIMIT 25`,
  [t.school_id, t.page_id],
);
const works: string[] = [];
for (let i = 0; i < 40; i++) {
  const [w] = await db.query<{ id: string }>(`INSERT INTO works (school_id, lesson_id, work_type) VALUES ($1,$2,'oral') RETURNING id`, [
    t.school_id,
    lessons[i % lessons.length].id,
  ]);
  works.push(w.id);
}
const cells = works.flatMap((w) => students.map((s) => [w, s.student_id]));
let next = 0;
const N = Math.min(cells.length, 800);
const t0 = performance.now();
await Promise.all(
  Array.from({ length: 10 }, async () => {
    while (next < N) {
      const [w, s] = cells[next++];
      const c = await repo.markContext(db, [t.school_id], w, s);
      await repo.saveMarkStatement(db, {
        schoolId: t.school_id,
        workId: w,
        lessonId: c!.lesson_id,
        pageId: t.page_id,
        studentId: s,
        version: null,
        value: '4',
        comment: null,
        keepComment: true,
        onTimeNow: true,
        actorId: t.teacher_id,
        payload: { a: 1 },
      });
    }
  }),
);
const ms = performance.now() - t0;
console.log(`${N} saves in ${Math.round(ms)} ms = ${Math.round((N / ms) * 1000)}/s`);
await db.query(
  `DELETE FROM notification_outbox WHERE school_id=$1 AND event_key LIKE 'mark:%' AND created_at > now() - interval '5 minutes'`,
  [t.school_id],
);
await db.query(`DELETE FROM marks WHERE school_id=$1 AND work_id = ANY($2)`, [t.school_id, works]);
await db.query(`DELETE FROM works WHERE school_id=$1 AND id = ANY($2)`, [t.school_id, works]);
await db.close();
