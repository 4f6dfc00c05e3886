import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLesson, makePeriod, makePerson, makeSmallSchool } from '../fixtures/factories';
import { createTestContext, signIn, type TestContext } from '../helpers/test-app';

/**
 * [001 §5.4.2] A substitute (замещающий учитель) fills the page for the lessons they replace — and only those:
 * they find the page in their list, read it whole, and write marks, attendance, topic and homework of the
 * substituted lesson; every other lesson of the page answers as someone else's object (404).
 */

const iso = (d: Date) => d.toISOString().slice(0, 10);
const daysFromToday = (n: number) => iso(new Date(Date.now() + n * 86_400_000));

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

interface PageLesson {
  id: string;
  canWrite: boolean;
  version: number;
}

async function setup(settings: Record<string, unknown> = {}) {
  const s = await makeSmallSchool(t.db, { adminTotpRequired: false, ...settings });
  await makePeriod(t.db, s.schoolId, s.year.id, { number: 1, startsOn: daysFromToday(-120), endsOn: daysFromToday(-61), closed: true });
  const period = await makePeriod(t.db, s.schoolId, s.year.id, { number: 2, startsOn: daysFromToday(-60), endsOn: daysFromToday(60) });
  const sub = await makePerson(t.db, s.schoolId, { roles: ['teacher'], lastName: 'Заменова', firstName: 'Ольга' });
  const own = await makeLesson(t.db, s.schoolId, s.pageId, daysFromToday(-3), 1);
  const replaced = await makeLesson(t.db, s.schoolId, s.pageId, daysFromToday(-1), 2, { substituteId: sub.id });
  const oldReplaced = await makeLesson(t.db, s.schoolId, s.pageId, daysFromToday(-90), 1, { substituteId: sub.id });
  const teacher = await signIn(t.app, s.teacher.login, s.teacher.password);
  const substitute = await signIn(t.app, sub.login, sub.password);
  return { ...s, period, sub, own, replaced, oldReplaced, teacherClient: teacher, subClient: substitute };
}

describe('substitute teacher [001 §5.4.2]', () => {
  it('[001 §5.4.2] finds the substituted page in the list, marked as a substitution and not as their own', async () => {
    const s = await setup();
    const pages = (await s.subClient.get('/api/pages')).json();
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ id: s.pageId, isMine: false, isSubstitution: true, subjectName: 'Математика' });
    const ownList = (await s.teacherClient.get('/api/pages')).json();
    expect(ownList[0]).toMatchObject({ id: s.pageId, isMine: true, isSubstitution: false });
  });

  it('[001 §5.4.2] reads the whole page, with only the substituted lesson writable (per-lesson canWrite)', async () => {
    const s = await setup();
    const res = await s.subClient.get(`/api/pages/${s.pageId}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(page.page).toMatchObject({ canWrite: false, isSubstitute: true });
    const byId = new Map<string, PageLesson>(page.lessons.map((l: PageLesson) => [l.id, l]));
    expect(byId.get(s.own)?.canWrite).toBe(false);
    expect(byId.get(s.replaced)?.canWrite).toBe(true);
    // The owner writes every lesson of the open period, the substituted one included.
    const mine = (await s.teacherClient.get(`/api/pages/${s.pageId}`)).json();
    expect(mine.page).toMatchObject({ canWrite: true, isSubstitute: false });
    expect(mine.lessons.map((l: PageLesson) => l.canWrite)).toEqual([true, true]);
    // The class teacher reads the page and writes nothing.
    const ct = await signIn(t.app, s.classTeacher.login, s.classTeacher.password);
    const read = (await ct.get(`/api/pages/${s.pageId}`)).json();
    expect(read.page).toMatchObject({ canWrite: false, isSubstitute: false });
    expect(read.lessons.every((l: PageLesson) => !l.canWrite)).toBe(true);
  });

  it('[001 §5.4.2] writes the topic, homework, attendance, a work and a mark of the substituted lesson: 200', async () => {
    const s = await setup();
    const c = s.subClient;
    const topic = await c.patch(`/api/lessons/${s.replaced}`, { version: 1, topic: 'Замена: сложение дробей' });
    expect(topic.statusCode, topic.body).toBe(200);
    const hw = await c.put(`/api/lessons/${s.replaced}/homework`, { text: '№ 210', dueDate: daysFromToday(2), version: null });
    expect(hw.statusCode, hw.body).toBe(200);
    const att = await c.put('/api/attendance', { lessonId: s.replaced, studentId: s.student.id, code: 'н', version: null });
    expect(att.statusCode, att.body).toBe(200);
    const work = await c.post(`/api/lessons/${s.replaced}/works`, { workType: 'independent' });
    expect(work.statusCode, work.body).toBe(200);
    const mark = await c.put('/api/marks', {
      workId: work.json().id,
      studentId: s.classmate.id,
      value: '5',
      comment: 'Замена',
      version: null,
    });
    expect(mark.statusCode, mark.body).toBe(200);
    // The history says who wrote it: the substitute.
    const history = (await s.teacherClient.get(`/api/pages/${s.pageId}/history?entity=topic&key=${s.replaced}`)).json();
    expect(history[0].actorName).toContain('Заменова');
  });

  it('[001 §5.4.2] another lesson of the same page answers 404 to every write, as someone else’s object', async () => {
    const s = await setup();
    const c = s.subClient;
    expect((await c.patch(`/api/lessons/${s.own}`, { version: 1, topic: 'Не моя' })).statusCode).toBe(404);
    expect((await c.put(`/api/lessons/${s.own}/homework`, { text: 'x', dueDate: daysFromToday(2), version: null })).statusCode).toBe(404);
    expect((await c.put('/api/attendance', { lessonId: s.own, studentId: s.student.id, code: 'н', version: null })).statusCode).toBe(404);
    expect((await c.post(`/api/lessons/${s.own}/works`, { workType: 'class_answer' })).statusCode).toBe(404);
    expect((await c.post(`/api/lessons/${s.own}/all-present`)).statusCode).toBe(404);
    // A work of the owner's lesson: neither marks nor changes.
    const w = (await s.teacherClient.post(`/api/lessons/${s.own}/works`, { workType: 'class_answer' })).json().id;
    expect((await c.put('/api/marks', { workId: w, studentId: s.student.id, value: '4', version: null })).statusCode).toBe(404);
    expect((await c.patch(`/api/works/${w}`, { workType: 'test', version: 1 })).statusCode).toBe(404);
    expect((await c.delete(`/api/works/${w}?version=1`)).statusCode).toBe(404);
    // The page's plan stays the teacher's [002 §4.4].
    expect((await c.put(`/api/pages/${s.pageId}/plan`, { items: [{ topic: 'Чужой план', hours: 1 }] })).statusCode).toBe(404);
    expect((await c.get(`/api/pages/${s.pageId}/plan`)).json()).toMatchObject({ canEdit: false });
    const rows = await t.db.query('SELECT 1 FROM attendance WHERE school_id = $1 AND lesson_id = $2', [s.schoolId, s.own]);
    expect(rows).toHaveLength(0);
  });

  it('[004 admin] a substituted lesson in a closed period is shown read-only and refused with 423', async () => {
    const s = await setup();
    const closed = (
      await s.subClient.get(`/api/pages/${s.pageId}?periodId=${(await s.subClient.get(`/api/pages/${s.pageId}`)).json().periods[0].id}`)
    ).json();
    expect(closed.lessons.find((l: PageLesson) => l.id === s.oldReplaced).canWrite).toBe(false);
    expect((await s.subClient.patch(`/api/lessons/${s.oldReplaced}`, { version: 1, topic: 'Поздно' })).statusCode).toBe(423);
  });

  it('[004 admin] per-lesson canWrite follows the school’s edit window, as the writes do', async () => {
    const s = await setup({ editWindowDays: 2 });
    const page = (await s.teacherClient.get(`/api/pages/${s.pageId}`)).json();
    const byId = new Map<string, PageLesson>(page.lessons.map((l: PageLesson) => [l.id, l]));
    expect(byId.get(s.own)?.canWrite).toBe(false);
    expect(byId.get(s.replaced)?.canWrite).toBe(true);
    expect((await s.teacherClient.patch(`/api/lessons/${s.own}`, { version: 1, topic: 'Три дня назад' })).statusCode).toBe(423);
  });

  it('[001 §5.4.2] when the substitution is cancelled the page disappears from the substitute’s list and answers 404', async () => {
    const s = await setup();
    await t.db.query('UPDATE lessons SET substitute_teacher_id = NULL WHERE school_id = $1 AND page_id = $2', [s.schoolId, s.pageId]);
    expect((await s.subClient.get('/api/pages')).json()).toEqual([]);
    expect((await s.subClient.get(`/api/pages/${s.pageId}`)).statusCode).toBe(404);
    expect((await s.subClient.patch(`/api/lessons/${s.replaced}`, { version: 1, topic: 'Уже не замена' })).statusCode).toBe(404);
  });

  it('[001 §5.4.2] the substitute downloads the attachments of any lesson of the page they read', async () => {
    const s = await setup();
    await s.teacherClient.put(`/api/lessons/${s.own}/homework`, { text: 'См. файл', dueDate: daysFromToday(1), version: null });
    const [f] = await t.db.query<{ id: string }>(
      `INSERT INTO files (school_id, owner_kind, owner_id, name, content_type, size, sha256, content, uploaded_by)
       VALUES ($1, 'homework', $2, 'задачи.txt', 'text/plain', 2, 'x', $3, $4) RETURNING id`,
      [s.schoolId, s.own, Buffer.from('ok'), s.teacher.id],
    );
    expect((await s.subClient.get(`/api/files/${f.id}`)).statusCode).toBe(200);
    // …but removing it is writing the owner's lesson: 404.
    expect((await s.subClient.delete(`/api/files/${f.id}`)).statusCode).toBe(404);
  });
});
