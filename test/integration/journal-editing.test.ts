import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLesson, makePeriod, makePerson, makeSmallSchool } from '../fixtures/factories';
import { type Client, createTestContext, signIn, type TestContext } from '../helpers/test-app';

/**
 * The teacher's journal page beyond marks and absences [issue 4]: the thematic plan (КТП) edited and imported
 * from a file [002 §4.4], comments on marks [004 teacher], editing and deleting works [002 §4.4], removing
 * homework and its attachments [003 §3.2] — each change in the append-only history [DOMAIN §4].
 */

const iso = (d: Date) => d.toISOString().slice(0, 10);
const daysFromToday = (n: number) => iso(new Date(Date.now() + n * 86_400_000));

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

async function setup() {
  const s = await makeSmallSchool(t.db, { adminTotpRequired: false });
  await makePeriod(t.db, s.schoolId, s.year.id, { number: 1, startsOn: daysFromToday(-120), endsOn: daysFromToday(-61), closed: true });
  await makePeriod(t.db, s.schoolId, s.year.id, { number: 2, startsOn: daysFromToday(-60), endsOn: daysFromToday(60) });
  const lesson1 = await makeLesson(t.db, s.schoolId, s.pageId, daysFromToday(-5), 1);
  const lesson2 = await makeLesson(t.db, s.schoolId, s.pageId, daysFromToday(-2), 2);
  const oldLesson = await makeLesson(t.db, s.schoolId, s.pageId, daysFromToday(-90), 1);
  const otherLesson = await makeLesson(t.db, s.schoolId, s.otherPageId, daysFromToday(-2), 1);
  const teacher = await signIn(t.app, s.teacher.login, s.teacher.password);
  return { ...s, lesson1, lesson2, oldLesson, otherLesson, teacherClient: teacher };
}

/** A multipart upload with one file, as the browser's FormData sends it. */
async function upload(c: Client, url: string, file: { name: string; type: string; content: Buffer }) {
  const boundary = '----journal-editing-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return t.app.inject({
    method: 'POST',
    url,
    payload: Buffer.concat([head, file.content, tail]),
    headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

const csv = (text: string) => ({ name: 'ктп.csv', type: 'text/csv', content: Buffer.from(text, 'utf8') });

/** The same text as Russian Excel saves CSV: Windows-1251. */
function cp1251(text: string): Buffer {
  const table = 'АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюя';
  return Buffer.from(
    [...text].map((ch) => {
      if (ch === 'ё') return 0xb8;
      if (ch === 'Ё') return 0xa8;
      if (ch === '№') return 0xb9;
      const i = table.indexOf(ch);
      return i >= 0 ? 0xc0 + i : ch.charCodeAt(0);
    }),
  );
}

describe('thematic plan (КТП) [002 §4.4]', () => {
  it('[002 §4.4] edits rows in place: linked lessons stay linked, removed items unlink, a stale version answers 409', async () => {
    const s = await setup();
    const first = await s.teacherClient.put(`/api/pages/${s.pageId}/plan`, {
      items: [
        { topic: 'Натуральные числа', hours: 2 },
        { topic: 'Дроби', hours: 3, lessonKind: 'урок изучения нового' },
      ],
    });
    expect(first.statusCode, first.body).toBe(200);
    const plan = first.json();
    expect(plan).toMatchObject({ version: 1, canEdit: true, plannedHours: 5 });
    const [natural, fractions] = plan.items;
    const link = await s.teacherClient.patch(`/api/lessons/${s.lesson1}`, { version: 1, topic: null, planItemId: fractions.id });
    expect(link.json()).toMatchObject({ topic: 'Дроби', planItemId: fractions.id });

    // Reordered, renamed, one new row, one removed: the linked item keeps its id and its lesson.
    const saved = await s.teacherClient.put(`/api/pages/${s.pageId}/plan`, {
      version: 1,
      items: [
        { id: fractions.id, topic: 'Обыкновенные дроби', hours: 4, lessonKind: 'урок' },
        { topic: 'Десятичные дроби', hours: 2 },
      ],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().items.map((i: { topic: string; position: number }) => [i.position, i.topic])).toEqual([
      [1, 'Обыкновенные дроби'],
      [2, 'Десятичные дроби'],
    ]);
    expect(saved.json()).toMatchObject({ version: 2, plannedHours: 6, givenHours: 1 });
    expect(saved.json().items[0]).toMatchObject({ id: fractions.id, given: 1 });
    const page = (await s.teacherClient.get(`/api/pages/${s.pageId}`)).json();
    // The lesson keeps the topic it was given; its link follows the item.
    expect(page.lessons.find((l: { id: string }) => l.id === s.lesson1)).toMatchObject({ topic: 'Дроби', planItemId: fractions.id });

    const stale = await s.teacherClient.put(`/api/pages/${s.pageId}/plan`, { version: 1, items: [{ topic: 'Старый план', hours: 1 }] });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'conflict.stale', details: { current: { version: 2 } } });
    const foreign = await s.teacherClient.put(`/api/pages/${s.pageId}/plan`, {
      items: [{ id: natural.id, topic: 'Удалённый пункт', hours: 1 }],
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.message).toBe('Строка 1: пункт плана не найден на этой странице');

    const history = (await s.teacherClient.get(`/api/pages/${s.pageId}/history?entity=plan&key=${s.pageId}`)).json();
    expect(history.map((h: { action: string }) => h.action)).toEqual(['create', 'update']);
    expect(history[1].oldValue.items.map((i: { topic: string }) => i.topic)).toEqual(['Натуральные числа', 'Дроби']);
  });

  it('[002 §4.4] reads a КТП file in Windows-1251 CSV with «;» into rows for the editor, saving nothing', async () => {
    const s = await setup();
    const text =
      '№;Тема урока;Кол-во часов;Вид урока\r\n2;Сложение дробей;2;комбинированный\r\n1;Понятие дроби;1;\r\n3;Контрольная работа № 1;1;контрольная работа\r\n';
    const res = await upload(s.teacherClient, `/api/pages/${s.pageId}/plan/import`, {
      name: 'ктп.csv',
      type: 'text/csv',
      content: cp1251(text),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ format: 'csv', plannedHours: 4 });
    expect(res.json().items).toEqual([
      { topic: 'Понятие дроби', hours: 1, lessonKind: null },
      { topic: 'Сложение дробей', hours: 2, lessonKind: 'комбинированный' },
      { topic: 'Контрольная работа № 1', hours: 1, lessonKind: 'контрольная работа' },
    ]);
    expect((await s.teacherClient.get(`/api/pages/${s.pageId}/plan`)).json().items).toEqual([]);
  });

  it('[002 §4.4] reads a КТП file in XLSX (first sheet)', async () => {
    const s = await setup();
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('КТП');
    sheet.addRow(['Тема', 'Часы']);
    sheet.addRow(['Многоугольники', 3]);
    sheet.addRow(['Площадь', 2]);
    const content = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload(s.teacherClient, `/api/pages/${s.pageId}/plan/import`, {
      name: 'ктп.xlsx',
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      content,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      format: 'xlsx',
      items: [
        { topic: 'Многоугольники', hours: 3 },
        { topic: 'Площадь', hours: 2 },
      ],
    });
  });

  it('[002 §4.4] refuses a malformed КТП file with 400 and a Russian message naming the row', async () => {
    const s = await setup();
    const badHours = await upload(s.teacherClient, `/api/pages/${s.pageId}/plan/import`, csv('Тема;Часы\nДроби;2\nПроценты;два\n'));
    expect(badHours.statusCode).toBe(400);
    expect(badHours.json().error).toMatchObject({
      code: 'import.invalid',
      message: 'Строка 3: часы — целое число от 1 до 20, в файле «два»',
    });
    expect(badHours.json().error.details.fields[0].field).toBe('file');

    const emptyTopic = await upload(s.teacherClient, `/api/pages/${s.pageId}/plan/import`, csv('Тема;Часы\nДроби;2\n;1\n'));
    expect(emptyTopic.json().error.message).toBe('Строка 3: пустая тема');
    const noTopic = await upload(s.teacherClient, `/api/pages/${s.pageId}/plan/import`, csv('Название;Часы\nДроби;2\n'));
    expect(noTopic.statusCode).toBe(400);
    expect(noTopic.json().error.message).toMatch(/^Строка 1: нет колонки «Тема»/);
    const duplicate = await upload(s.teacherClient, `/api/pages/${s.pageId}/plan/import`, csv('№;Тема\n1;Дроби\n1;Проценты\n'));
    expect(duplicate.json().error.message).toBe('Строка 3: номер 1 уже есть в строке 2');
    const binary = await upload(s.teacherClient, `/api/pages/${s.pageId}/plan/import`, {
      name: 'ктп.xlsx',
      type: 'application/octet-stream',
      content: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 1, 2, 3, 4, 5]),
    });
    expect(binary.statusCode).toBe(400);
    expect(binary.json().error.message).toMatch(/XLSX/);
  });

  it('[002 §4.4] only the page’s teacher imports a plan: the class teacher and another teacher get 404', async () => {
    const s = await setup();
    for (const p of [s.classTeacher, s.otherTeacher]) {
      const c = await signIn(t.app, p.login, p.password);
      expect((await upload(c, `/api/pages/${s.pageId}/plan/import`, csv('Тема\nДроби\n'))).statusCode).toBe(404);
    }
  });
});

describe('mark comments [004 teacher] [001 §5.4.1]', () => {
  it('[001 §5.4.1] keeps a comment when only the mark changes, clears it with null, and records each in history', async () => {
    const s = await setup();
    const w = (await s.teacherClient.post(`/api/lessons/${s.lesson2}/works`, { workType: 'class_answer' })).json().id;
    const key = { workId: w, studentId: s.student.id };
    const a = await s.teacherClient.put('/api/marks', { ...key, value: '4', comment: 'Не выучил правило', version: null });
    expect(a.json()).toMatchObject({ comment: 'Не выучил правило', version: 1 });
    const b = await s.teacherClient.put('/api/marks', { ...key, value: '5', version: 1 });
    expect(b.json()).toMatchObject({ value: '5', comment: 'Не выучил правило', version: 2 });
    const c = await s.teacherClient.put('/api/marks', { ...key, value: '5', comment: 'Исправил на следующем уроке', version: 2 });
    expect(c.json()).toMatchObject({ comment: 'Исправил на следующем уроке', version: 3 });
    const d = await s.teacherClient.put('/api/marks', { ...key, value: '5', comment: null, version: 3 });
    expect(d.json()).toMatchObject({ comment: null, version: 4 });
    const tooLong = await s.teacherClient.put('/api/marks', { ...key, value: '5', comment: 'я'.repeat(501), version: 4 });
    expect(tooLong.statusCode).toBe(400);
    const page = (await s.teacherClient.get(`/api/pages/${s.pageId}`)).json();
    expect(page.marks.find((m: { workId: string }) => m.workId === w)).toMatchObject({ value: '5', comment: null });
    const history = (await s.teacherClient.get(`/api/pages/${s.pageId}/history?entity=mark&key=${w}:${s.student.id}`)).json();
    expect(history.map((h: { newValue: { comment: string | null } }) => h.newValue.comment)).toEqual([
      'Не выучил правило',
      'Не выучил правило',
      'Исправил на следующем уроке',
      null,
    ]);
  });

  it('shows only this page’s history: the key of another page’s cell answers nothing', async () => {
    const s = await setup();
    const other = await signIn(t.app, s.otherTeacher.login, s.otherTeacher.password);
    await other.patch(`/api/lessons/${s.otherLesson}`, { version: 1, topic: 'Чужая тема' });
    const res = await s.teacherClient.get(`/api/pages/${s.pageId}/history?entity=topic&key=${s.otherLesson}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([]);
  });
});

describe('works of a lesson [002 §4.4]', () => {
  it('[002 §4.4] keeps several works per lesson, edits type and title, and records create, update and delete', async () => {
    const s = await setup();
    const answer = (await s.teacherClient.post(`/api/lessons/${s.lesson2}/works`, { workType: 'class_answer' })).json().id;
    const test = (await s.teacherClient.post(`/api/lessons/${s.lesson2}/works`, { workType: 'test', title: 'Тест 1' })).json().id;
    const page = (await s.teacherClient.get(`/api/pages/${s.pageId}`)).json();
    expect(page.lessons.find((l: { id: string }) => l.id === s.lesson2).works.map((w: { id: string }) => w.id)).toEqual([answer, test]);

    const edited = await s.teacherClient.patch(`/api/works/${test}`, { version: 1, workType: 'control', title: 'Контрольная работа № 2' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ workType: 'control', title: 'Контрольная работа № 2', weight: null, version: 2 });
    // An omitted title stays; the weight follows the new type.
    const retyped = await s.teacherClient.patch(`/api/works/${test}`, { version: 2, workType: 'independent' });
    expect(retyped.json()).toMatchObject({ workType: 'independent', title: 'Контрольная работа № 2', version: 3 });
    const after = (await s.teacherClient.get(`/api/pages/${s.pageId}`)).json();
    expect(after.lessons.find((l: { id: string }) => l.id === s.lesson2).works[1]).toMatchObject({
      workType: 'independent',
      weight: 1.5,
      version: 3,
    });

    expect((await s.teacherClient.delete(`/api/works/${test}?version=3`)).statusCode).toBe(200);
    const history = (await s.teacherClient.get(`/api/pages/${s.pageId}/history?entity=work&key=${test}`)).json();
    expect(history.map((h: { action: string }) => h.action)).toEqual(['create', 'update', 'update', 'delete']);
    expect(history[1]).toMatchObject({ oldValue: { workType: 'test', title: 'Тест 1' }, newValue: { workType: 'control' } });
  });

  it('[002 §4.4] refuses to edit or delete a work wrongly: unknown type 400, with marks 409, closed period 423, foreign 404', async () => {
    const s = await setup();
    const w = (await s.teacherClient.post(`/api/lessons/${s.lesson2}/works`, { workType: 'class_answer' })).json().id;
    const bad = await s.teacherClient.patch(`/api/works/${w}`, { version: 1, workType: 'poem' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('workType');
    await s.teacherClient.put('/api/marks', { workId: w, studentId: s.student.id, value: '4', version: null });
    const withMarks = await s.teacherClient.delete(`/api/works/${w}?version=1`);
    expect(withMarks.statusCode).toBe(409);
    expect(withMarks.json().error.message).toBe('У работы есть отметки: сначала удалите их');
    const [old] = await t.db.query<{ id: string }>(
      "INSERT INTO works (school_id, lesson_id, work_type) VALUES ($1, $2, 'test') RETURNING id",
      [s.schoolId, s.oldLesson],
    );
    expect((await s.teacherClient.patch(`/api/works/${old.id}`, { version: 1, workType: 'control' })).statusCode).toBe(423);
    expect((await s.teacherClient.delete(`/api/works/${old.id}?version=1`)).statusCode).toBe(423);
    const other = await signIn(t.app, s.otherTeacher.login, s.otherTeacher.password);
    expect((await other.patch(`/api/works/${w}`, { version: 1, workType: 'test' })).statusCode).toBe(404);
    expect((await other.delete(`/api/works/${w}?version=1`)).statusCode).toBe(404);
    const rows = await t.db.query<{ work_type: string }>('SELECT work_type FROM works WHERE school_id = $1 AND id = $2', [s.schoolId, w]);
    expect(rows[0].work_type).toBe('class_answer');
  });
});

describe('versions of works [issue 4] [002 §4.4]', () => {
  type PageWork = { id: string; workType: string; title: string | null; version: number };
  async function pageWork(s: Awaited<ReturnType<typeof setup>>, workId: string): Promise<PageWork | undefined> {
    const page = (await s.teacherClient.get(`/api/pages/${s.pageId}`)).json();
    return page.lessons.flatMap((l: { works: PageWork[] }) => l.works).find((w: PageWork) => w.id === workId);
  }
  const workHistory = async (s: Awaited<ReturnType<typeof setup>>, workId: string) =>
    (await s.teacherClient.get(`/api/pages/${s.pageId}/history?entity=work&key=${workId}`)).json() as { action: string }[];

  it('[issue 4] a new work starts at version 1, in its answer and on the page; each change moves it on', async () => {
    const s = await setup();
    const added = await s.teacherClient.post(`/api/lessons/${s.lesson2}/works`, { workType: 'test', title: 'Тест 1' });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json()).toMatchObject({ workType: 'test', title: 'Тест 1', version: 1 });
    expect(await pageWork(s, added.json().id)).toMatchObject({ version: 1 });
    const edited = await s.teacherClient.patch(`/api/works/${added.json().id}`, { version: 1, workType: 'test', title: 'Тест 2' });
    expect(edited.json()).toMatchObject({ title: 'Тест 2', version: 2 });
    // The page is read again at once: the cached page of the class is stale after the change.
    expect(await pageWork(s, added.json().id)).toMatchObject({ title: 'Тест 2', version: 2 });
  });

  it('[issue 4] a stale version on update answers 409 with the current work, and nothing changes', async () => {
    const s = await setup();
    const w = (await s.teacherClient.post(`/api/lessons/${s.lesson2}/works`, { workType: 'test', title: 'Тест 1' })).json().id;
    // Another window renamed it: version 2.
    expect((await s.teacherClient.patch(`/api/works/${w}`, { version: 1, workType: 'test', title: 'Тест по дробям' })).statusCode).toBe(
      200,
    );
    const stale = await s.teacherClient.patch(`/api/works/${w}`, { version: 1, workType: 'control', title: 'Контрольная работа' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({
      code: 'conflict.stale',
      details: { current: { id: w, workType: 'test', title: 'Тест по дробям', weight: null, version: 2 } },
    });
    expect(stale.json().error.message).toMatch(/изменена другим пользователем/);
    expect(await pageWork(s, w)).toMatchObject({ workType: 'test', title: 'Тест по дробям', version: 2 });
    expect((await workHistory(s, w)).map((h) => h.action)).toEqual(['create', 'update']);
    // Without a version the change is refused, naming the field.
    const bare = await s.teacherClient.patch(`/api/works/${w}`, { workType: 'control' });
    expect(bare.statusCode).toBe(400);
    expect(JSON.stringify(bare.json().error.details)).toContain('version');
  });

  it('[issue 4] a stale version on delete answers 409 with the current work, and the work stays', async () => {
    const s = await setup();
    const w = (await s.teacherClient.post(`/api/lessons/${s.lesson2}/works`, { workType: 'class_answer' })).json().id;
    await s.teacherClient.patch(`/api/works/${w}`, { version: 1, workType: 'dictation' });
    const stale = await s.teacherClient.delete(`/api/works/${w}?version=1`);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({
      code: 'conflict.stale',
      details: { current: { id: w, workType: 'dictation', version: 2 } },
    });
    expect(await pageWork(s, w)).toMatchObject({ workType: 'dictation', version: 2 });
    expect((await workHistory(s, w)).map((h) => h.action)).toEqual(['create', 'update']);
    expect((await s.teacherClient.delete(`/api/works/${w}`)).statusCode).toBe(400);
    expect((await s.teacherClient.delete(`/api/works/${w}?version=2`)).statusCode).toBe(200);
    expect(await pageWork(s, w)).toBeUndefined();
  });

  it('[issue 4] a retried update with the same Idempotency-Key applies once; another body with the key is refused', async () => {
    const s = await setup();
    const w = (await s.teacherClient.post(`/api/lessons/${s.lesson2}/works`, { workType: 'test' })).json().id;
    const key = { 'idempotency-key': 'work-retry-0001' };
    const body = { version: 1, workType: 'control', title: 'Контрольная работа № 1' };
    const a = await s.teacherClient.patch(`/api/works/${w}`, body, key);
    const b = await s.teacherClient.patch(`/api/works/${w}`, body, key);
    expect(a.statusCode, a.body).toBe(200);
    expect(b.statusCode).toBe(200);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.json()).toEqual(a.json());
    expect(a.json()).toMatchObject({ version: 2 });
    expect(await pageWork(s, w)).toMatchObject({ workType: 'control', version: 2 });
    expect((await workHistory(s, w)).map((h) => h.action)).toEqual(['create', 'update']);
    const other = await s.teacherClient.patch(`/api/works/${w}`, { ...body, title: 'Другое' }, key);
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('conflict.idempotency');
  });

  it('[issue 4] a retried delete with the same Idempotency-Key applies once: the retry gets the first answer, not 404', async () => {
    const s = await setup();
    const w = (await s.teacherClient.post(`/api/lessons/${s.lesson2}/works`, { workType: 'test' })).json().id;
    const key = { 'idempotency-key': 'work-delete-0001' };
    const a = await s.teacherClient.delete(`/api/works/${w}?version=1`, key);
    const b = await s.teacherClient.delete(`/api/works/${w}?version=1`, key);
    expect(a.statusCode, a.body).toBe(200);
    expect(b.statusCode).toBe(200);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect((await workHistory(s, w)).map((h) => h.action)).toEqual(['create', 'delete']);
    expect(await pageWork(s, w)).toBeUndefined();
  });

  it('[issue 4] a retried new work with the same Idempotency-Key is added once', async () => {
    const s = await setup();
    const key = { 'idempotency-key': 'work-add-0001' };
    const a = await s.teacherClient.post(`/api/lessons/${s.lesson2}/works`, { workType: 'essay' }, key);
    const b = await s.teacherClient.post(`/api/lessons/${s.lesson2}/works`, { workType: 'essay' }, key);
    expect(a.statusCode, a.body).toBe(200);
    expect(b.json()).toEqual(a.json());
    const page = (await s.teacherClient.get(`/api/pages/${s.pageId}`)).json();
    expect(page.lessons.find((l: { id: string }) => l.id === s.lesson2).works).toHaveLength(1);
  });
});

describe('homework and attachments [003 §3.2]', () => {
  async function homeworkWithFiles(s: Awaited<ReturnType<typeof setup>>) {
    await s.teacherClient.put(`/api/lessons/${s.lesson2}/homework`, { text: 'Задачи в файлах', dueDate: daysFromToday(2), version: null });
    const ids: string[] = [];
    for (const name of ['задачи.pdf', 'ответы.pdf']) {
      const res = await upload(s.teacherClient, `/api/lessons/${s.lesson2}/homework/files`, {
        name,
        type: 'application/pdf',
        content: Buffer.from('%PDF-1.4'),
      });
      expect(res.statusCode, res.body).toBe(200);
      ids.push(res.json().id);
    }
    return ids;
  }

  it('[003 §3.2] removes one attachment: the page and the family no longer get it, the history keeps its name', async () => {
    const s = await setup();
    const [tasks, answers] = await homeworkWithFiles(s);
    const parent = await signIn(t.app, s.parent.login, s.parent.password);
    expect((await parent.get(`/api/files/${answers}`)).statusCode).toBe(200);
    // Neither the family, another teacher nor the class teacher may remove it: 404.
    const ct = await signIn(t.app, s.classTeacher.login, s.classTeacher.password);
    const other = await signIn(t.app, s.otherTeacher.login, s.otherTeacher.password);
    for (const c of [parent, ct, other]) expect((await c.delete(`/api/files/${answers}`)).statusCode).toBe(404);

    const del = await s.teacherClient.delete(`/api/files/${answers}`);
    expect(del.statusCode, del.body).toBe(200);
    expect((await parent.get(`/api/files/${answers}`)).statusCode).toBe(404);
    expect((await s.teacherClient.delete(`/api/files/${answers}`)).statusCode).toBe(404);
    const page = (await s.teacherClient.get(`/api/pages/${s.pageId}`)).json();
    const files = page.lessons.find((l: { id: string }) => l.id === s.lesson2).homework.files;
    expect(files.map((f: { id: string }) => f.id)).toEqual([tasks]);
    const history = (await s.teacherClient.get(`/api/pages/${s.pageId}/history?entity=homework&key=${s.lesson2}`)).json();
    expect(history.at(-1)).toMatchObject({ action: 'update', oldValue: { attached: 'ответы.pdf' }, newValue: { detached: 'ответы.pdf' } });
  });

  it('[003 §3.2] deleting the homework removes its attachments too, with the version check of every write', async () => {
    const s = await setup();
    const [tasks] = await homeworkWithFiles(s);
    expect((await s.teacherClient.delete(`/api/lessons/${s.lesson2}/homework?version=2`)).statusCode).toBe(409);
    const del = await s.teacherClient.delete(`/api/lessons/${s.lesson2}/homework?version=1`);
    expect(del.statusCode, del.body).toBe(200);
    expect((await s.teacherClient.get(`/api/files/${tasks}`)).statusCode).toBe(404);
    const page = (await s.teacherClient.get(`/api/pages/${s.pageId}`)).json();
    expect(page.lessons.find((l: { id: string }) => l.id === s.lesson2).homework).toBeNull();
    const history = (await s.teacherClient.get(`/api/pages/${s.pageId}/history?entity=homework&key=${s.lesson2}`)).json();
    expect(history.at(-1)).toMatchObject({
      action: 'delete',
      oldValue: { text: 'Задачи в файлах', files: ['задачи.pdf', 'ответы.pdf'] },
      newValue: null,
    });
  });

  it('[004 admin] an attachment of a lesson in a closed period cannot be removed: 423', async () => {
    const s = await setup();
    const stranger = await makePerson(t.db, s.schoolId, { roles: ['teacher'] });
    const [f] = await t.db.query<{ id: string }>(
      `INSERT INTO files (school_id, owner_kind, owner_id, name, content_type, size, sha256, content, uploaded_by)
       VALUES ($1, 'homework', $2, 'старое.txt', 'text/plain', 2, 'x', $3, $4) RETURNING id`,
      [s.schoolId, s.oldLesson, Buffer.from('ok'), s.teacher.id],
    );
    expect((await s.teacherClient.delete(`/api/files/${f.id}`)).statusCode).toBe(423);
    const c = await signIn(t.app, stranger.login, stranger.password);
    expect((await c.delete(`/api/files/${f.id}`)).statusCode).toBe(404);
  });
});
