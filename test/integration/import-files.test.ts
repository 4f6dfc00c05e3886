import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSmallSchool } from '../fixtures/factories';
import { type Client, createTestContext, signIn, type TestContext } from '../helpers/test-app';

/**
 * Import of classes, students, parents, staff from CSV/XLSX [002 §4.6]: preview of every row's problems,
 * all-or-nothing commit, idempotent re-import; cp1251 vs UTF-8, delimiters, BOM, extra columns, empty lines.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/import');
const fixture = (name: string) => fs.readFileSync(path.join(dir, name));
const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64');
/** A fixture without its lines matching `drop`. */
const without = (name: string, drop: RegExp) =>
  Buffer.from(
    fixture(name)
      .toString('utf8')
      .split('\n')
      .filter((l) => !drop.test(l))
      .join('\n'),
  );

async function setup() {
  const s = await makeSmallSchool(t.db, { adminTotpRequired: false });
  const admin = await signIn(t.app, s.admin.login, s.admin.password);
  return { ...s, adminClient: admin };
}

async function run(c: Client, step: 'preview' | 'commit', kind: string, file: Buffer, fileName = 'file.csv') {
  return c.post(`/api/import/${step}`, { kind, fileName, contentBase64: b64(file) });
}

async function commitOk(c: Client, kind: string, file: Buffer) {
  const res = await run(c, 'commit', kind, file);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const count = async (sql: string, params: unknown[]) => Number((await t.db.query<{ n: number }>(sql, params))[0].n);

describe('staff and classes', () => {
  it('staff from a tab-separated file: roles parsed, an unknown role is a row problem that blocks the commit', async () => {
    const s = await setup();
    const prev = await run(s.adminClient, 'preview', 'staff', fixture('staff.tsv'));
    expect(prev.statusCode, prev.body).toBe(200);
    const p = prev.json();
    expect(p).toMatchObject({ delimiter: '\t', encoding: 'utf-8', totalRows: 3, canCommit: false, summary: { create: 2, errors: 1 } });
    expect(p.problems).toEqual([{ row: 4, column: 'Роль', severity: 'error', message: 'Неизвестная роль: «вахтер»' }]);
    const refused = await run(s.adminClient, 'commit', 'staff', fixture('staff.tsv'));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('import.invalid');
    expect(refused.json().error.message).toMatch(/Строка 4: Неизвестная роль/);
    expect(await count("SELECT count(*) AS n FROM persons WHERE school_id = $1 AND last_name = 'Соколова'", [s.schoolId])).toBe(0);

    const ok = await commitOk(s.adminClient, 'staff', without('staff.tsv', /вахт/));
    expect(ok.summary).toEqual({ create: 2, update: 0, unchanged: 0, errors: 0 });
    const roles = await t.db.query<{ role: string }>(
      "SELECT m.role FROM memberships m JOIN persons p ON p.school_id = m.school_id AND p.id = m.person_id WHERE p.school_id = $1 AND p.last_name = 'Орлов' ORDER BY m.role",
      [s.schoolId],
    );
    expect(roles.map((r) => r.role)).toEqual(['deputy', 'teacher']);
    const again = await commitOk(s.adminClient, 'staff', without('staff.tsv', /вахт/));
    expect(again.summary).toEqual({ create: 0, update: 0, unchanged: 2, errors: 0 });
  });

  it('classes with class teachers named by full name or initials; re-import changes nothing', async () => {
    const s = await setup();
    await commitOk(s.adminClient, 'staff', without('staff.tsv', /вахт/));
    const res = await commitOk(s.adminClient, 'classes', fixture('classes.csv'));
    expect(res.rows.map((r: { name: string; action: string }) => [r.name, r.action])).toEqual([
      ['7В', 'create'],
      ['10А', 'create'],
      ['5А', 'unchanged'],
    ]);
    const classes = (await s.adminClient.get('/api/classes')).json();
    expect(classes.find((c: { name: string }) => c.name === '7В').classTeacherName).toMatch(/^Соколова Мария/);
    expect(classes.find((c: { name: string }) => c.name === '10А')).toMatchObject({ periodScheme: 'half' });
    expect((await commitOk(s.adminClient, 'classes', fixture('classes.csv'))).summary).toEqual({
      create: 0,
      update: 0,
      unchanged: 3,
      errors: 0,
    });
    const bad = await run(s.adminClient, 'preview', 'classes', Buffer.from('Класс;Классный руководитель\n12Б;\n8Г;Никто Никтоевич\n'));
    expect(bad.json().problems.map((p: { row: number; message: string }) => [p.row, p.message])).toEqual([
      [2, '«12Б» — не класс (ожидается параллель 1–11 и буква, например «5А»)'],
      [3, 'Учитель «Никто Никтоевич» не найден: сначала загрузите сотрудников'],
    ]);
  });
});

describe('students', () => {
  it('UTF-8 with BOM, «;», CRLF, quoted «;», empty lines and an extra column; every row placed in its class', async () => {
    const s = await setup();
    await commitOk(s.adminClient, 'classes', Buffer.from('Класс\n7В\n'));
    const prev = (await run(s.adminClient, 'preview', 'students', fixture('students-utf8.csv'))).json();
    expect(prev).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ';', totalRows: 4, canCommit: true });
    expect(prev.columns.ignored).toEqual(['Примечание']);
    expect(prev.problems).toEqual([
      expect.objectContaining({ severity: 'warning', message: 'Колонки не распознаны и не будут загружены: «Примечание»' }),
    ]);
    expect(prev.rows.map((r: { row: number; action: string; name: string }) => [r.row, r.action, r.name])).toEqual([
      [2, 'create', 'Андреев Борис Викторович'],
      [3, 'create', 'Белова Вера Сергеевна'],
      [5, 'create', 'Гусев Глеб'],
      [7, 'create', 'Дмитриева Дарья Олеговна'],
    ]);
    // preview writes nothing
    expect(await count("SELECT count(*) AS n FROM persons WHERE school_id = $1 AND last_name = 'Андреев'", [s.schoolId])).toBe(0);

    await commitOk(s.adminClient, 'students', fixture('students-utf8.csv'));
    const [andreev] = await t.db.query<{
      id: string;
      birth_date: string;
      gender: string;
      address: string;
      documents: Record<string, string>;
    }>("SELECT id, birth_date, gender, address, documents FROM persons WHERE school_id = $1 AND last_name = 'Андреев'", [s.schoolId]);
    expect(andreev).toMatchObject({
      birth_date: '2014-03-12',
      gender: 'm',
      address: 'г. Москва; ул. Ленина, д. 1',
      documents: { СНИЛС: '123-456-789 00' },
    });
    const fiveA = (await s.adminClient.get(`/api/classes/${s.classId}/students`)).json();
    expect(fiveA.map((x: { lastName: string }) => x.lastName)).toEqual(['Андреев', 'Белова', 'Иванов', 'Петрова']);
    const audit = await t.db.query<{ details: { created: string[] } }>(
      "SELECT details FROM audit_log WHERE school_id = $1 AND action = 'import.commit'",
      [s.schoolId],
    );
    expect(audit.at(-1)!.details.created).toContain(andreev.id);
  });

  it('[002 §4.6] re-importing the same file changes nothing', async () => {
    const s = await setup();
    await commitOk(s.adminClient, 'classes', Buffer.from('Класс\n7В\n'));
    await commitOk(s.adminClient, 'students', fixture('students-utf8.csv'));
    const before = await count('SELECT count(*) AS n FROM enrollments WHERE school_id = $1', [s.schoolId]);
    const persons = await count('SELECT count(*) AS n FROM persons WHERE school_id = $1', [s.schoolId]);
    const again = await commitOk(s.adminClient, 'students', fixture('students-utf8.csv'));
    expect(again.summary).toEqual({ create: 0, update: 0, unchanged: 4, errors: 0 });
    expect(await count('SELECT count(*) AS n FROM enrollments WHERE school_id = $1', [s.schoolId])).toBe(before);
    expect(await count('SELECT count(*) AS n FROM persons WHERE school_id = $1', [s.schoolId])).toBe(persons);
  });

  it('Windows-1251 (cp1251) with «,» is detected and decoded; the extra column is reported', async () => {
    const s = await setup();
    const prev = (await run(s.adminClient, 'preview', 'students', fixture('students-cp1251.csv'))).json();
    expect(prev).toMatchObject({ encoding: 'windows-1251', delimiter: ',', totalRows: 2, canCommit: true });
    expect(prev.columns.ignored).toEqual(['Лишняя колонка']);
    expect(prev.rows.map((r: { name: string }) => r.name)).toEqual(['Ёлкина Елена Андреевна', 'Жаров Юрий']);
    await commitOk(s.adminClient, 'students', fixture('students-cp1251.csv'));
    const [p] = await t.db.query<{ address: string; birth_date: string }>(
      "SELECT address, birth_date FROM persons WHERE school_id = $1 AND last_name = 'Ёлкина'",
      [s.schoolId],
    );
    expect(p).toEqual({ address: 'г. Тула, ул. Мира, д. 3', birth_date: '2014-09-01' });
    // the same rows in UTF-8 are the same people: nothing to do
    const utf8 = Buffer.from(new TextDecoder('windows-1251').decode(fixture('students-cp1251.csv')), 'utf8');
    expect((await run(s.adminClient, 'preview', 'students', utf8)).json()).toMatchObject({
      encoding: 'utf-8',
      summary: { unchanged: 2, create: 0 },
    });
  });

  it('shows every row’s problems before anything is written: missing field, bad date, unknown class, duplicate; commit refuses all', async () => {
    const s = await setup();
    const prev = (await run(s.adminClient, 'preview', 'students', fixture('students-errors.csv'))).json();
    expect(prev.canCommit).toBe(false);
    expect(prev.summary).toEqual({ create: 2, update: 0, unchanged: 0, errors: 5 });
    expect(prev.problems.map((p: { row: number; column: string | null; message: string }) => [p.row, p.column, p.message])).toEqual([
      [2, 'Имя', 'Не указано имя'],
      [3, 'Дата рождения', 'Неверная дата рождения «31.02.2013» (ожидается ДД.ММ.ГГГГ)'],
      [4, 'Класс', expect.stringMatching(/^Класс 9Я не найден в учебном году/)],
      [5, 'Дата рождения', 'Не указана дата рождения: по ней ученик находится при повторной загрузке'],
      [7, null, 'Повтор: Карпов Кирилл уже есть в строке 6'],
    ]);
    const res = await run(s.adminClient, 'commit', 'students', fixture('students-errors.csv'));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.problems).toHaveLength(5);
    expect(await count("SELECT count(*) AS n FROM persons WHERE school_id = $1 AND last_name IN ('Карпов', 'Лебедев')", [s.schoolId])).toBe(
      0,
    );
  });

  it('refuses a student who is already in another class (two classes at once)', async () => {
    const s = await setup();
    await commitOk(s.adminClient, 'classes', Buffer.from('Класс\n7В\n'));
    await commitOk(s.adminClient, 'students', fixture('students-utf8.csv'));
    const moved = Buffer.from('ФИО;Дата рождения;Класс\nАндреев Борис Викторович;12.03.2014;6Б\n');
    const prev = (await run(s.adminClient, 'preview', 'students', moved)).json();
    expect(prev.problems[0].message).toMatch(/уже числится в классе 5А: ученик не может быть в двух классах одновременно/);
  });

  it('XLSX: the first sheet, date cells, rich text, numeric ids; empty rows skipped; matched by ID on re-import', async () => {
    const s = await setup();
    const prev = (await run(s.adminClient, 'preview', 'students', fixture('students.xlsx'), 'students.xlsx')).json();
    expect(prev).toMatchObject({ format: 'xlsx', encoding: null, totalRows: 3, canCommit: true });
    expect(prev.columns.ignored).toEqual(['Комментарий']);
    expect(prev.rows.map((r: { row: number; name: string }) => [r.row, r.name])).toEqual([
      [2, 'Миронова Мила Олеговна'],
      [4, 'Никитин Назар'],
      [5, 'Осипова Ольга'],
    ]);
    await commitOk(s.adminClient, 'students', fixture('students.xlsx'));
    const rows = await t.db.query<{ last_name: string; birth_date: string; external_id: string }>(
      'SELECT last_name, birth_date, external_id FROM persons WHERE school_id = $1 AND external_id IS NOT NULL ORDER BY external_id',
      [s.schoolId],
    );
    expect(rows).toEqual([
      { last_name: 'Миронова', birth_date: '2014-09-15', external_id: '1001' },
      { last_name: 'Никитин', birth_date: '2013-10-07', external_id: '1002' },
      { last_name: 'Осипова', birth_date: '2014-01-02', external_id: '1003' },
    ]);
    expect((await commitOk(s.adminClient, 'students', fixture('students.xlsx'))).summary.unchanged).toBe(3);
  });
});

describe('parents', () => {
  it('links parents to children found by name and birth date; one parent of two children; an unknown child is a problem', async () => {
    const s = await setup();
    await commitOk(s.adminClient, 'classes', Buffer.from('Класс\n7В\n'));
    await commitOk(s.adminClient, 'students', fixture('students-utf8.csv'));
    const prev = (await run(s.adminClient, 'preview', 'parents', fixture('parents.csv'))).json();
    expect(prev.rows.map((r: { row: number; action: string }) => [r.row, r.action])).toEqual([
      [2, 'create'],
      [3, 'update'],
      [4, 'create'],
      [5, 'error'],
    ]);
    expect(prev.problems[0]).toMatchObject({ row: 5, column: 'Ребёнок', message: expect.stringMatching(/не найден среди учеников/) });
    const file = without('parents.csv', /Несуществующий/);
    await commitOk(s.adminClient, 'parents', file);
    const [andreeva] = await t.db.query<{ id: string }>("SELECT id FROM persons WHERE school_id = $1 AND last_name = 'Андреева'", [
      s.schoolId,
    ]);
    const card = (await s.adminClient.get(`/api/people/${andreeva.id}`)).json();
    expect(card.children.map((c: { name: string; relation: string }) => [c.name, c.relation])).toEqual([
      ['Андреев Борис Викторович', 'мать'],
      ['Белова Вера Сергеевна', 'опекун'],
    ]);
    expect(card).toMatchObject({ roles: ['parent'], email: 'andreeva@example.ru' });
    expect((await commitOk(s.adminClient, 'parents', file)).summary).toEqual({ create: 0, update: 0, unchanged: 3, errors: 0 });
  });
});

describe('malformed files and access', () => {
  it('refuses an empty file, a binary file, bad base64 and a file without the needed columns', async () => {
    const s = await setup();
    const empty = await run(s.adminClient, 'preview', 'students', Buffer.from('\n\n;;;\n'));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toMatchObject({ code: 'import.invalid', message: expect.stringMatching(/Файл пуст/) });
    const binary = await run(s.adminClient, 'preview', 'students', Buffer.from([0, 1, 2, 3, 0, 255, 254, 0]));
    expect(binary.statusCode).toBe(400);
    const fakeXlsx = await run(s.adminClient, 'preview', 'students', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100, 7)]));
    expect(fakeXlsx.statusCode).toBe(400);
    expect(fakeXlsx.json().error.message).toMatch(/XLSX/);
    const notB64 = await s.adminClient.post('/api/import/preview', { kind: 'students', contentBase64: 'это не base64!' });
    expect(notB64.statusCode).toBe(400);
    expect(notB64.json().error.details.fields[0].field).toBe('contentBase64');
    const noCols = (await run(s.adminClient, 'preview', 'students', Buffer.from('Имя;Возраст\nПётр;10\n'))).json();
    expect(noCols.canCommit).toBe(false);
    expect(noCols.problems.filter((p: { severity: string }) => p.severity === 'error').map((p: { message: string }) => p.message)).toEqual([
      'Нет колонок «Фамилия» и «Имя» (или «ФИО»)',
      'Нет колонки «Класс»',
      'Нет колонки «Дата рождения» (или «ID»): по ним ученик находится при повторной загрузке',
    ]);
    const headerOnly = (await run(s.adminClient, 'preview', 'students', Buffer.from('Фамилия;Имя;Дата рождения;Класс\n'))).json();
    expect(headerOnly).toMatchObject({ totalRows: 0, canCommit: true });
    const badKind = await s.adminClient.post('/api/import/preview', { kind: 'marks', contentBase64: b64('a') });
    expect(badKind.statusCode).toBe(400);
  });

  it('only the administrator imports; another school’s year is 404', async () => {
    const s = await setup();
    const other = await setup();
    const ct = await signIn(t.app, s.classTeacher.login, s.classTeacher.password);
    expect((await run(ct, 'preview', 'students', fixture('students-utf8.csv'))).statusCode).toBe(403);
    const res = await s.adminClient.post('/api/import/preview', {
      kind: 'students',
      yearId: other.year.id,
      contentBase64: b64(fixture('students-utf8.csv')),
    });
    expect(res.statusCode).toBe(404);
  });
});
