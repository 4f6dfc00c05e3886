import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLesson, makePeriod, makeSmallSchool } from '../fixtures/factories';
import { createTestContext, signIn, type TestContext } from '../helpers/test-app';

/**
 * [issue 6], [issue 11] The in-memory read caches (src/server/freshness.ts): a family's diary week and
 * every session are answered from memory while nothing they depend on changed, and never after a write
 * through the app that changes them. The first test shows the cache is really used: a change made behind
 * the app's back (plain SQL) is not seen until a write through the app touches that class.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

const today = new Date().toISOString().slice(0, 10);

async function world() {
  const s = await makeSmallSchool(t.db, { adminTotpRequired: false });
  await makePeriod(t.db, s.schoolId, s.year.id, { number: 1, startsOn: '2000-01-01', endsOn: '2999-12-31' });
  const lesson = await makeLesson(t.db, s.schoolId, s.pageId, today, 1, { topic: 'Дроби' });
  const otherLesson = await makeLesson(t.db, s.schoolId, s.otherPageId, today, 2, { topic: 'Проценты' });
  const teacher = await signIn(t.app, s.teacher.login, s.teacher.password);
  const parent = await signIn(t.app, s.parent.login, s.parent.password);
  const work = (await teacher.post(`/api/lessons/${lesson}/works`, { workType: 'test' })).json() as { id: string };
  const diary = async () => {
    const res = await parent.get(`/api/diary?studentId=${s.student.id}&from=${today}&to=${today}`);
    expect(res.statusCode).toBe(200);
    const day = res.json().days[0] as {
      lessons: { topic: string | null; marks: { value: string }[]; attendance: { code: string } | null }[];
    };
    return day.lessons[0];
  };
  return { s, lesson, otherLesson, teacher, parent, work, diary };
}

describe('read caches [issue 11]', () => {
  it('answers a diary week from memory until a write through the app changes that class', async () => {
    const w = await world();
    const otherTeacher = await signIn(t.app, w.s.otherTeacher.login, w.s.otherTeacher.password);
    const otherWork = (await otherTeacher.post(`/api/lessons/${w.otherLesson}/works`, { workType: 'test' })).json() as { id: string };
    expect((await w.diary()).topic).toBe('Дроби');
    // Behind the app's back: not seen, the week comes from memory.
    await t.db.query('UPDATE lessons SET topic = $3 WHERE school_id = $1 AND id = $2', [w.s.schoolId, w.lesson, 'Изменено в базе']);
    expect((await w.diary()).topic).toBe('Дроби');
    // A mark in ANOTHER class changes nothing for this student: still from memory.
    expect(
      (await otherTeacher.put('/api/marks', { workId: otherWork.id, studentId: w.s.otherStudent.id, value: '4', version: null }))
        .statusCode,
    ).toBe(200);
    expect((await w.diary()).topic).toBe('Дроби');
    // A mark in the student's class through the app: the next read is fresh (the topic too).
    expect(
      (await w.teacher.put('/api/marks', { workId: w.work.id, studentId: w.s.student.id, value: '5', version: null })).statusCode,
    ).toBe(200);
    const fresh = await w.diary();
    expect(fresh.marks.map((m) => m.value)).toEqual(['5']);
    expect(fresh.topic).toBe('Изменено в базе');
  });

  it('shows an absence, a changed mark and a deleted mark at once [000 §3.6]', async () => {
    const w = await world();
    await w.diary();
    expect(
      (await w.teacher.put('/api/attendance', { lessonId: w.lesson, studentId: w.s.student.id, code: 'н', version: null })).statusCode,
    ).toBe(200);
    expect((await w.diary()).attendance?.code).toBe('н');
    const saved = (
      await w.teacher.put('/api/marks', { workId: w.work.id, studentId: w.s.student.id, value: '3', version: null })
    ).json() as { id: string; version: number };
    expect((await w.diary()).marks.map((m) => m.value)).toEqual(['3']);
    const changed = (
      await w.teacher.put('/api/marks', { workId: w.work.id, studentId: w.s.student.id, value: '4', version: saved.version })
    ).json() as { version: number };
    expect((await w.diary()).marks.map((m) => m.value)).toEqual(['4']);
    expect((await w.teacher.delete(`/api/marks/${saved.id}?version=${changed.version}`)).statusCode).toBeLessThan(300);
    expect((await w.diary()).marks).toEqual([]);
  });

  it('a homework or topic change (a school-level write) is seen at once', async () => {
    const w = await world();
    await w.diary();
    expect((await w.teacher.patch(`/api/lessons/${w.lesson}`, { topic: 'Новая тема', version: 0 })).statusCode).toBeLessThan(500);
    const page = (await w.teacher.get(`/api/pages/${w.s.pageId}`)).json() as { lessons: { id: string; version: number }[] };
    const v = page.lessons.find((l) => l.id === w.lesson)!.version;
    expect((await w.teacher.patch(`/api/lessons/${w.lesson}`, { topic: 'Новая тема', version: v })).statusCode).toBe(200);
    expect((await w.diary()).topic).toBe('Новая тема');
  });

  it('a parent unlinked from the child gets 404 on the next read, not the cached week [000 §3.6]', async () => {
    const w = await world();
    await w.diary();
    const admin = await signIn(t.app, w.s.admin.login, w.s.admin.password);
    expect((await admin.delete(`/api/people/${w.s.student.id}/parents/${w.s.parent.id}`)).statusCode).toBeLessThan(300);
    expect((await w.parent.get(`/api/diary?studentId=${w.s.student.id}&from=${today}&to=${today}`)).statusCode).toBe(404);
  });

  it('a blocked account is signed out on its next request, though its session was in memory [004]', async () => {
    const w = await world();
    expect((await w.parent.get('/api/me')).statusCode).toBe(200);
    const admin = await signIn(t.app, w.s.admin.login, w.s.admin.password);
    expect((await admin.post(`/api/accounts/${w.s.parent.id}/block`, {})).statusCode).toBe(200);
    expect((await w.parent.get('/api/me')).statusCode).toBe(401);
  });

  it("serves a teacher's reopened journal page from memory until a write in its class [issue 4]", async () => {
    const w = await world();
    const topicOf = async () => {
      const page = (await w.teacher.get(`/api/pages/${w.s.pageId}`)).json() as { lessons: { id: string; topic: string | null }[] };
      return page.lessons.find((l) => l.id === w.lesson)?.topic;
    };
    expect(await topicOf()).toBe('Дроби');
    await t.db.query('UPDATE lessons SET topic = $3 WHERE school_id = $1 AND id = $2', [w.s.schoolId, w.lesson, 'Изменено в базе']);
    expect(await topicOf()).toBe('Дроби');
    expect(
      (await w.teacher.put('/api/attendance', { lessonId: w.lesson, studentId: w.s.student.id, code: 'н', version: null })).statusCode,
    ).toBe(200);
    expect(await topicOf()).toBe('Изменено в базе');
    // Another reader of the same page has their own entry (what they may write differs).
    const deputy = await signIn(t.app, w.s.deputy.login, w.s.deputy.password);
    const asDeputy = (await deputy.get(`/api/pages/${w.s.pageId}`)).json() as { page: { canWrite: boolean } };
    expect(asDeputy.page.canWrite).toBe(false);
  });

  it('records a diary view for every request, from memory or not [000 §9]', async () => {
    const w = await world();
    for (let i = 0; i < 3; i++) await w.diary();
    const [{ n }] = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM activity WHERE school_id = $1 AND kind = 'diary_view' AND person_id = $2 AND subject_person_id = $3",
      [w.s.schoolId, w.s.parent.id, w.s.student.id],
    );
    expect(n).toBe(3);
  });
});
