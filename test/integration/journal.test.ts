import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll, makeClass, makeLesson, makePage, makePeriod, makePerson, makeSmallSchool, makeSubject } from '../fixtures/factories';
import { type Client, createTestContext, signIn, type TestContext } from '../helpers/test-app';

const iso = (d: Date) => d.toISOString().slice(0, 10);
const daysFromToday = (n: number) => iso(new Date(Date.now() + n * 86_400_000));

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

/** A school with an open period around today, a closed earlier one, and lessons on the teacher's page. */
async function setup(settings: Record<string, unknown> = {}) {
  const s = await makeSmallSchool(t.db, { adminTotpRequired: false, ...settings });
  const closedPeriod = await makePeriod(t.db, s.schoolId, s.year.id, {
    number: 1,
    startsOn: daysFromToday(-120),
    endsOn: daysFromToday(-61),
    closed: true,
  });
  const period = await makePeriod(t.db, s.schoolId, s.year.id, { number: 2, startsOn: daysFromToday(-60), endsOn: daysFromToday(60) });
  const lesson1 = await makeLesson(t.db, s.schoolId, s.pageId, daysFromToday(-7), 1);
  const lesson2 = await makeLesson(t.db, s.schoolId, s.pageId, daysFromToday(-5), 2);
  const lesson3 = await makeLesson(t.db, s.schoolId, s.pageId, daysFromToday(-2), 3);
  const oldLesson = await makeLesson(t.db, s.schoolId, s.pageId, daysFromToday(-90), 1);
  const otherLesson = await makeLesson(t.db, s.schoolId, s.otherPageId, daysFromToday(-7), 1);
  const teacher = await signIn(t.app, s.teacher.login, s.teacher.password);
  return { ...s, period, closedPeriod, lesson1, lesson2, lesson3, oldLesson, otherLesson, teacherClient: teacher };
}

async function addWork(c: Client, lessonId: string, workType = 'class_answer') {
  const res = await c.post(`/api/lessons/${lessonId}/works`, { workType });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().id as string;
}

describe('the journal page [DOMAIN §3]', () => {
  it('shows lessons as columns and students in alphabetical order with averages', async () => {
    const s = await setup();
    const w = await addWork(s.teacherClient, s.lesson1, 'control');
    const w2 = await addWork(s.teacherClient, s.lesson2, 'class_answer');
    await s.teacherClient.put('/api/marks', { workId: w, studentId: s.student.id, value: '5', version: null });
    await s.teacherClient.put('/api/marks', { workId: w2, studentId: s.student.id, value: '2', version: null });
    const page = (await s.teacherClient.get(`/api/pages/${s.pageId}`)).json();
    expect(page.period.id).toBe(s.period);
    expect(page.lessons.map((l: { id: string }) => l.id)).toEqual([s.lesson1, s.lesson2, s.lesson3]);
    expect(page.students.map((x: { name: string }) => x.name)).toEqual(['Иванов Пётр', 'Петрова Анна']);
    const ivanov = page.students[0];
    // weighted: (5×2 + 2×1) / 3 = 4.00 [DOMAIN §4]
    expect(ivanov.average).toBe(4);
    expect(ivanov.marksCount).toBe(2);
    expect(page.page.canWrite).toBe(true);
  });

  it('lists the teacher own pages', async () => {
    const s = await setup();
    const pages = (await s.teacherClient.get('/api/pages')).json();
    expect(pages.map((p: { id: string }) => p.id)).toEqual([s.pageId]);
    expect(pages[0]).toMatchObject({ className: '5А', subjectName: 'Математика', isMine: true });
  });

  it('[003 §2.1] students and parents never see the journal: 404', async () => {
    const s = await setup();
    for (const p of [s.student, s.parent]) {
      const c = await signIn(t.app, p.login, p.password);
      expect((await c.get(`/api/pages/${s.pageId}`)).statusCode).toBe(404);
      expect((await c.get('/api/pages')).json()).toEqual([]);
    }
  });

  it('[003 §2.6] a teacher cannot read or write someone else page: 404', async () => {
    const s = await setup();
    expect((await s.teacherClient.get(`/api/pages/${s.otherPageId}`)).statusCode).toBe(404);
    const res = await s.teacherClient.post(`/api/lessons/${s.otherLesson}/works`, { workType: 'class_answer' });
    expect(res.statusCode).toBe(404);
    expect((await s.teacherClient.patch(`/api/lessons/${s.otherLesson}`, { version: 1, topic: 'x' })).statusCode).toBe(404);
  });

  it('the class teacher and the deputy read the page but cannot write it', async () => {
    const s = await setup();
    for (const p of [s.classTeacher, s.deputy]) {
      const c = await signIn(t.app, p.login, p.password);
      const page = await c.get(`/api/pages/${s.pageId}`);
      expect(page.statusCode).toBe(200);
      expect(page.json().page.canWrite).toBe(false);
      expect((await c.patch(`/api/lessons/${s.lesson1}`, { version: 1, topic: 'Чужая тема' })).statusCode).toBe(404);
    }
  });
});

describe('marks [DOMAIN §4]', () => {
  it('saves a mark with a comment and records its history', async () => {
    const s = await setup();
    const w = await addWork(s.teacherClient, s.lesson1);
    const first = await s.teacherClient.put('/api/marks', {
      workId: w,
      studentId: s.student.id,
      value: '4+',
      comment: 'Хорошо',
      version: null,
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ value: '4+', comment: 'Хорошо', version: 1 });
    const second = await s.teacherClient.put('/api/marks', { workId: w, studentId: s.student.id, value: '5−', version: 1 });
    expect(second.json()).toMatchObject({ value: '5-', version: 2 });
    const del = await s.teacherClient.delete(`/api/marks/${second.json().id}?version=2`);
    expect(del.statusCode).toBe(200);
    const history = (await s.teacherClient.get(`/api/pages/${s.pageId}/history?entity=mark&key=${w}:${s.student.id}`)).json();
    expect(history.map((h: { action: string }) => h.action)).toEqual(['create', 'update', 'delete']);
    expect(history[1]).toMatchObject({ oldValue: { value: '4+', comment: 'Хорошо' }, newValue: { value: '5-' } });
    expect(history[0].actorName).toContain('Фамилия');
  });

  it('refuses a bad mark value naming the field', async () => {
    const s = await setup();
    const w = await addWork(s.teacherClient, s.lesson1);
    for (const value of ['7', '1', 'н/а', 'abc', '5++']) {
      const res = await s.teacherClient.put('/api/marks', { workId: w, studentId: s.student.id, value, version: null });
      expect(res.statusCode, value).toBe(400);
      expect(res.json().error.code).toBe('journal.invalid_mark');
      expect(res.json().error.details.fields[0].field).toBe('value');
    }
  });

  it('[DOMAIN §4] refuses «зч» on a graded subject and a numeric mark on a pass/fail one', async () => {
    const s = await setup();
    const w = await addWork(s.teacherClient, s.lesson1);
    const res = await s.teacherClient.put('/api/marks', { workId: w, studentId: s.student.id, value: 'зч', version: null });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/зачётным/);
    await t.db.query('UPDATE subjects SET pass_fail = true WHERE school_id = $1 AND id = $2', [s.schoolId, s.math]);
    expect((await s.teacherClient.put('/api/marks', { workId: w, studentId: s.student.id, value: '5', version: null })).statusCode).toBe(
      400,
    );
    expect((await s.teacherClient.put('/api/marks', { workId: w, studentId: s.student.id, value: 'зч', version: null })).statusCode).toBe(
      200,
    );
  });

  it('refuses a stale write with 409 and the current value, changing nothing', async () => {
    const s = await setup();
    const w = await addWork(s.teacherClient, s.lesson1);
    await s.teacherClient.put('/api/marks', { workId: w, studentId: s.student.id, value: '3', version: null });
    const secondBrowser = await signIn(t.app, s.teacher.login, s.teacher.password);
    expect((await secondBrowser.put('/api/marks', { workId: w, studentId: s.student.id, value: '4', version: 1 })).statusCode).toBe(200);
    const stale = await s.teacherClient.put('/api/marks', { workId: w, studentId: s.student.id, value: '5', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'conflict.stale', details: { current: { value: '4', version: 2 } } });
    const emptyCellStale = await s.teacherClient.put('/api/marks', { workId: w, studentId: s.student.id, value: '5', version: null });
    expect(emptyCellStale.statusCode).toBe(409);
    const page = (await s.teacherClient.get(`/api/pages/${s.pageId}`)).json();
    expect(page.marks.find((m: { workId: string }) => m.workId === w).value).toBe('4');
  });

  it('applies a retried request with the same Idempotency-Key once', async () => {
    const s = await setup();
    const w = await addWork(s.teacherClient, s.lesson1);
    const body = { workId: w, studentId: s.student.id, value: '5', version: null };
    const key = { 'idempotency-key': 'retry-key-0001' };
    const a = await s.teacherClient.put('/api/marks', body, key);
    const b = await s.teacherClient.put('/api/marks', body, key);
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.json()).toEqual(a.json());
    const history = (await s.teacherClient.get(`/api/pages/${s.pageId}/history?entity=mark&key=${w}:${s.student.id}`)).json();
    expect(history).toHaveLength(1);
    const other = await s.teacherClient.put('/api/marks', { ...body, value: '4' }, key);
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('conflict.idempotency');
  });

  it('[001 §5.5] [003 §2.8] refuses a mark in grade 1', async () => {
    const s = await makeSmallSchool(t.db, { adminTotpRequired: false });
    const teacher = await makePerson(t.db, s.schoolId, { roles: ['teacher'] });
    const cls = await makeClass(t.db, s.schoolId, s.year.id, { grade: 1, letter: 'А' });
    const kid = await makePerson(t.db, s.schoolId, { roles: ['student'] });
    await enroll(t.db, s.schoolId, kid.id, cls, '2000-01-01');
    await makePeriod(t.db, s.schoolId, s.year.id, { number: 2, startsOn: daysFromToday(-60), endsOn: daysFromToday(60) });
    const page = await makePage(t.db, s.schoolId, s.year.id, cls, await makeSubject(t.db, s.schoolId, 'Чтение'), teacher.id);
    const lesson = await makeLesson(t.db, s.schoolId, page, daysFromToday(-1));
    const c = await signIn(t.app, teacher.login, teacher.password);
    const res = await c.post(`/api/lessons/${lesson}/works`, { workType: 'class_answer' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('journal.grade1_no_marks');
    // Topics and attendance are kept in grade 1.
    expect((await c.patch(`/api/lessons/${lesson}`, { version: 1, topic: 'Звуки и буквы' })).statusCode).toBe(200);
    expect((await c.put('/api/attendance', { lessonId: lesson, studentId: kid.id, code: 'б', version: null })).statusCode).toBe(200);
    const view = (await c.get(`/api/pages/${page}`)).json();
    expect(view.page.marksAllowed).toBe(false);
  });

  it('[004 admin] refuses every write in a closed period and says why', async () => {
    const s = await setup();
    const work = await t.db.query<{ id: string }>(
      "INSERT INTO works (school_id, lesson_id, work_type) VALUES ($1, $2, 'class_answer') RETURNING id",
      [s.schoolId, s.oldLesson],
    );
    const mark = await s.teacherClient.put('/api/marks', { workId: work[0].id, studentId: s.student.id, value: '5', version: null });
    expect(mark.statusCode).toBe(423);
    expect(mark.json().error.code).toBe('journal.period_closed');
    expect(mark.json().error.message).toMatch(/закрыт/);
    const att = await s.teacherClient.put('/api/attendance', { lessonId: s.oldLesson, studentId: s.student.id, code: 'н', version: null });
    expect(att.statusCode).toBe(423);
    const topic = await s.teacherClient.patch(`/api/lessons/${s.oldLesson}`, { version: 1, topic: 'Поздно' });
    expect(topic.statusCode).toBe(423);
    const rows = await t.db.query('SELECT 1 FROM marks WHERE school_id = $1', [s.schoolId]);
    expect(rows).toHaveLength(0);
  });

  it('refuses writes after the school edit window', async () => {
    const s = await setup({ editWindowDays: 3 });
    const res = await s.teacherClient.patch(`/api/lessons/${s.lesson1}`, { version: 1, topic: 'Семь дней назад' });
    expect(res.statusCode).toBe(423);
    expect(res.json().error.code).toBe('journal.edit_window_passed');
    expect((await s.teacherClient.patch(`/api/lessons/${s.lesson3}`, { version: 1, topic: 'Два дня назад' })).statusCode).toBe(200);
  });

  it('refuses a mark for a student of another class', async () => {
    const s = await setup();
    const w = await addWork(s.teacherClient, s.lesson1);
    const res = await s.teacherClient.put('/api/marks', { workId: w, studentId: s.otherStudent.id, value: '5', version: null });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('journal.student_not_on_page');
  });

  it('[001 §5.4.2] a substitute writes the lesson replaced, and only it', async () => {
    const s = await setup();
    const sub = await makePerson(t.db, s.schoolId, { roles: ['teacher'] });
    await t.db.query('UPDATE lessons SET substitute_teacher_id = $3 WHERE school_id = $1 AND id = $2', [s.schoolId, s.lesson3, sub.id]);
    const c = await signIn(t.app, sub.login, sub.password);
    expect((await c.patch(`/api/lessons/${s.lesson3}`, { version: 1, topic: 'Замена: дроби' })).statusCode).toBe(200);
    expect((await c.patch(`/api/lessons/${s.lesson2}`, { version: 1, topic: 'Не моя' })).statusCode).toBe(404);
    const pages = (await c.get('/api/pages')).json();
    expect(pages.map((p: { id: string }) => p.id)).toContain(s.pageId);
  });

  it('[003 §3.2] records whether a control work mark was entered by the next lesson', async () => {
    const s = await setup();
    const control = await addWork(s.teacherClient, s.lesson1, 'control'); // next lesson was 5 days ago: late now
    const answer = await addWork(s.teacherClient, s.lesson3, 'essay'); // ten days: on time
    const late = (await s.teacherClient.put('/api/marks', { workId: control, studentId: s.student.id, value: '4', version: null })).json();
    const onTime = (await s.teacherClient.put('/api/marks', { workId: answer, studentId: s.student.id, value: '4', version: null })).json();
    expect(late.onTime).toBe(false);
    expect(onTime.onTime).toBe(true);
  });
});

describe('attendance [DOMAIN §5]', () => {
  it('records н, б, у, оп with minutes, осв, and refuses bad codes', async () => {
    const s = await setup();
    const put = (code: string | null, version: number | null, minutes?: number) =>
      s.teacherClient.put('/api/attendance', { lessonId: s.lesson1, studentId: s.student.id, code, minutes, version });
    const a = await put('н', null);
    expect(a.json()).toMatchObject({ code: 'н', version: 1 });
    expect((await put('оп', 1)).statusCode).toBe(400);
    const late = await put('оп', 1, 10);
    expect(late.json()).toMatchObject({ code: 'оп', minutes: 10, version: 2 });
    const bad = await put('x', 2);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('journal.invalid_attendance');
    const present = await put(null, 2);
    expect(present.json().code).toBeNull();
    const history = (await s.teacherClient.get(`/api/pages/${s.pageId}/history?entity=attendance&key=${s.lesson1}:${s.student.id}`)).json();
    expect(history.map((h: { action: string }) => h.action)).toEqual(['create', 'update', 'delete']);
  });

  it('marks the whole class present in one action', async () => {
    const s = await setup();
    await s.teacherClient.put('/api/attendance', { lessonId: s.lesson2, studentId: s.student.id, code: 'н', version: null });
    await s.teacherClient.put('/api/attendance', { lessonId: s.lesson2, studentId: s.classmate.id, code: 'б', version: null });
    const res = await s.teacherClient.post(`/api/lessons/${s.lesson2}/all-present`);
    expect(res.json()).toEqual({ cleared: 2 });
    const page = (await s.teacherClient.get(`/api/pages/${s.pageId}`)).json();
    expect(page.attendance).toEqual([]);
    expect(page.lessons.find((l: { id: string }) => l.id === s.lesson2).attendanceTaken).toBe(true);
  });

  it('[000 §4.2] the class teacher corrects a week of absences, keeping the teacher entry', async () => {
    const s = await setup();
    await s.teacherClient.put('/api/attendance', { lessonId: s.lesson3, studentId: s.student.id, code: 'н', version: null });
    const ct = await signIn(t.app, s.classTeacher.login, s.classTeacher.password);
    const week = (await ct.get(`/api/classes/${s.classId}/attendance-week?date=${daysFromToday(-2)}`)).json();
    const cell = week.attendance.find((a: { lessonId: string }) => a.lessonId === s.lesson3);
    expect(cell).toMatchObject({ code: 'н', teacherCode: 'н', corrected: false });
    const res = await ct.put('/api/attendance/correction', {
      lessonId: s.lesson3,
      studentId: s.student.id,
      code: 'б',
      version: cell.version,
      reason: 'Справка',
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = (await ct.get(`/api/classes/${s.classId}/attendance-week?date=${daysFromToday(-2)}`)).json();
    expect(after.attendance.find((a: { lessonId: string }) => a.lessonId === s.lesson3)).toMatchObject({
      code: 'б',
      teacherCode: 'н',
      corrected: true,
    });
    // A subject teacher may not correct; another class teacher gets 404.
    expect((await s.teacherClient.get(`/api/classes/${s.classId}/attendance-week?date=${daysFromToday(-2)}`)).statusCode).toBe(404);
  });
});

describe('topics, homework and the thematic plan', () => {
  it('takes topics from the plan in order and shows plan vs fact [002 §4.4]', async () => {
    const s = await setup();
    const plan = await s.teacherClient.put(`/api/pages/${s.pageId}/plan`, {
      items: [
        { topic: 'Натуральные числа', hours: 1 },
        { topic: 'Дроби', hours: 2, lessonKind: 'урок' },
      ],
    });
    expect(plan.statusCode, plan.body).toBe(200);
    const page = (await s.teacherClient.get(`/api/pages/${s.pageId}`)).json();
    // One lesson of the page lies in the closed earlier period, so the current period starts at slot 2.
    expect(page.lessons.map((l: { suggestedTopic: string }) => l.suggestedTopic)).toEqual(['Дроби', 'Дроби', null]);
    const first = page.lessons[0];
    const set = await s.teacherClient.patch(`/api/lessons/${first.id}`, {
      version: first.version,
      topic: null,
      planItemId: first.suggestedPlanItemId,
    });
    expect(set.json()).toMatchObject({ topic: 'Дроби', version: 2 });
    const after = (await s.teacherClient.get(`/api/pages/${s.pageId}/plan`)).json();
    expect(after).toMatchObject({ plannedHours: 3, givenHours: 1 });
    const empty = await s.teacherClient.put(`/api/pages/${s.pageId}/plan`, { items: [{ topic: ' ', hours: 1 }] });
    expect(empty.statusCode).toBe(400);
  });

  it('keeps homework with a due date, versioned, with history', async () => {
    const s = await setup();
    const put = (text: string, version: number | null, dueDate = daysFromToday(1)) =>
      s.teacherClient.put(`/api/lessons/${s.lesson3}/homework`, { text, dueDate, version });
    expect((await put('§ 12, упр. 5', null)).json()).toMatchObject({ version: 1 });
    expect((await put('§ 12, упр. 6', null)).statusCode).toBe(409);
    expect((await put('§ 12, упр. 6', 1)).json()).toMatchObject({ text: '§ 12, упр. 6', version: 2 });
    expect((await put('раньше урока', 2, daysFromToday(-30))).statusCode).toBe(400);
    const history = (await s.teacherClient.get(`/api/pages/${s.pageId}/history?entity=homework&key=${s.lesson3}`)).json();
    expect(history).toHaveLength(2);
  });

  it('attaches a file to homework; the family downloads it, another family gets 404', async () => {
    const s = await setup();
    await s.teacherClient.put(`/api/lessons/${s.lesson3}/homework`, { text: 'См. файл', dueDate: daysFromToday(1), version: null });
    const boundary = '----journalboundary';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="задание.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 test\r\n--${boundary}--\r\n`;
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/lessons/${s.lesson3}/homework/files`,
      payload: body,
      headers: {
        cookie: s.teacherClient.cookie,
        'x-csrf-token': s.teacherClient.csrf,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
    });
    expect(up.statusCode, up.body).toBe(200);
    const fileId = up.json().id;
    const parent = await signIn(t.app, s.parent.login, s.parent.password);
    const dl = await parent.get(`/api/files/${fileId}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-disposition']).toMatch(/attachment/);
    expect(dl.body).toContain('%PDF-1.4 test');
    const otherParent = await signIn(t.app, s.otherParent.login, s.otherParent.password);
    // otherParent's child is a classmate: the class's homework is theirs too.
    expect((await otherParent.get(`/api/files/${fileId}`)).statusCode).toBe(200);
    const stranger = await makePerson(t.db, s.schoolId, { roles: ['parent'] });
    const sc = await signIn(t.app, stranger.login, stranger.password);
    expect((await sc.get(`/api/files/${fileId}`)).statusCode).toBe(404);
    const html = body.replace('application/pdf', 'text/html').replace('задание.pdf', 'x.html');
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/lessons/${s.lesson3}/homework/files`,
      payload: html,
      headers: {
        cookie: s.teacherClient.cookie,
        'x-csrf-token': s.teacherClient.csrf,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
    });
    expect(bad.statusCode).toBe(400);
  });
});
