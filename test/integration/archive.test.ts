import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runArchiveCommand } from '../../src/cli/archive-command';
import { generateSchool } from '../../src/db/demo/generate';
import type { Role } from '../../src/domain/policy';
import { unzip } from '../../src/modules/archive/zip';
import { enroll, linkParent, makeClass, makePage, makePeriod, makePerson, makeSchool, makeSubject, makeYear } from '../fixtures/factories';
import { pdfLayout, pdfText } from '../helpers/pdf-text';
import { type Client, createTestContext, signIn, type TestContext } from '../helpers/test-app';

/**
 * Issue 9: the printed class journal (PDF) and the year-end archive of a class (ZIP) [004], [002 §4.1],
 * [002 §4.3], [002 §4.7], [003 §6.4], [003 §6.5].
 *
 * The PDF's text is read with test/helpers/pdf-text.ts (a small reader of what pdfkit writes: inflated
 * content streams, ToUnicode maps, glyph widths) instead of poppler's `pdftotext`, so the test needs no
 * tool that CI or a developer's machine may lack. The ZIP is read back with the module's own `unzip`,
 * which checks every CRC-32; the unit test opens it with Info-ZIP and Python too.
 */

let t: TestContext;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'archive-test-'));
let seq = 0;
const uniq = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

interface Hand {
  schoolId: string;
  classId: string;
  otherClassId: string;
  yearId: string;
  yearName: string;
  q1: string;
  y: number;
  people: Record<
    'archivist' | 'ict' | 'director' | 'admin' | 'deputy' | 'teacher' | 'classTeacher' | 'parent' | 'student' | 'otherArchivist',
    Client
  >;
}
let hand: Hand;

/**
 * A closed earlier year (the main use), built with factories so that every figure is known: 5А with two
 * students, mathematics (three lessons in September and October, marks, absences, period and year marks)
 * and Russian (one lesson).
 */
async function buildHand(): Promise<Hand> {
  const db = t.db;
  const schoolId = await makeSchool(db, { adminTotpRequired: false });
  await db.query("UPDATE schools SET name = 'МБОУ «Лицей № 7»' WHERE id = $1", [schoolId]);
  const y = new Date().getUTCFullYear() - 2;
  const year = await makeYear(db, schoolId, { startsOn: `${y}-09-01`, endsOn: `${y + 1}-06-30`, status: 'closed' });
  const yearName = `${y}/${y + 1}`;
  await db.query('UPDATE academic_years SET name = $2 WHERE id = $1', [year.id, yearName]);
  const q1 = await makePeriod(db, schoolId, year.id, { number: 1, startsOn: `${y}-09-01`, endsOn: `${y}-10-27`, closed: true });
  await makePeriod(db, schoolId, year.id, { number: 2, startsOn: `${y}-11-05`, endsOn: `${y}-12-28`, closed: true });
  await makePeriod(db, schoolId, year.id, { number: 3, startsOn: `${y + 1}-01-09`, endsOn: `${y + 1}-03-22`, closed: true });
  await makePeriod(db, schoolId, year.id, { number: 4, startsOn: `${y + 1}-04-01`, endsOn: `${y + 1}-05-26`, closed: true });
  const person = (roles: Role[], lastName?: string, firstName?: string) => makePerson(db, schoolId, { roles, lastName, firstName });
  const classTeacher = await person(['teacher'], 'Петрова', 'Анна');
  await db.query("UPDATE persons SET middle_name = 'Ивановна' WHERE id = $1", [classTeacher.id]);
  const teacher = await person(['teacher'], 'Сидорова', 'Мария');
  const classId = await makeClass(db, schoolId, year.id, { grade: 5, letter: 'А', classTeacherId: classTeacher.id });
  const otherClassId = await makeClass(db, schoolId, year.id, { grade: 6, letter: 'Б' });
  const ivanov = await person(['student'], 'Иванов', 'Пётр');
  const petrova = await person(['student'], 'Петрова', 'Анна');
  const parent = await person(['parent']);
  await enroll(db, schoolId, ivanov.id, classId, `${y}-09-01`);
  await enroll(db, schoolId, petrova.id, classId, `${y}-09-01`);
  await linkParent(db, schoolId, parent.id, ivanov.id);
  const math = await makeSubject(db, schoolId, 'Математика');
  const russian = await makeSubject(db, schoolId, 'Русский язык');
  const mathPage = await makePage(db, schoolId, year.id, classId, math, teacher.id);
  const rusPage = await makePage(db, schoolId, year.id, classId, russian, classTeacher.id);

  const lesson = async (page: string, date: string, topic: string, homework?: [string, string]) => {
    const [l] = await db.query<{ id: string }>(
      'INSERT INTO lessons (school_id, page_id, date, number, topic) VALUES ($1, $2, $3, 2, $4) RETURNING id',
      [schoolId, page, date, topic],
    );
    if (homework)
      await db.query('INSERT INTO homework (school_id, lesson_id, text, due_date) VALUES ($1, $2, $3, $4)', [schoolId, l.id, ...homework]);
    return l.id;
  };
  const mark = async (page: string, lessonId: string, studentId: string, value: string) => {
    const [w] = await db.query<{ id: string }>(
      "INSERT INTO works (school_id, lesson_id, work_type) VALUES ($1, $2, 'class_answer') RETURNING id",
      [schoolId, lessonId],
    );
    await db.query('INSERT INTO marks (school_id, work_id, lesson_id, page_id, student_id, value) VALUES ($1, $2, $3, $4, $5, $6)', [
      schoolId,
      w.id,
      lessonId,
      page,
      studentId,
      value,
    ]);
  };
  const absent = (page: string, lessonId: string, studentId: string, code: string) =>
    db.query('INSERT INTO attendance (school_id, lesson_id, student_id, page_id, code) VALUES ($1, $2, $3, $4, $5)', [
      schoolId,
      lessonId,
      studentId,
      page,
      code,
    ]);
  const final = (page: string, subject: string, studentId: string, kind: string, periodId: string | null, value: string) =>
    db.query(
      'INSERT INTO final_marks (school_id, page_id, subject_id, student_id, kind, period_id, value) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [schoolId, page, subject, studentId, kind, periodId, value],
    );

  const l1 = await lesson(mathPage, `${y}-09-02`, 'Натуральные числа', ['№ 12, 15', `${y}-09-03`]);
  const l2 = await lesson(mathPage, `${y}-09-03`, 'Сложение натуральных чисел');
  const l3 = await lesson(mathPage, `${y}-10-01`, 'Контрольная работа № 1');
  await mark(mathPage, l1, ivanov.id, '5');
  await mark(mathPage, l1, petrova.id, '4');
  await mark(mathPage, l1, petrova.id, '3');
  await absent(mathPage, l2, petrova.id, 'н');
  await absent(mathPage, l3, ivanov.id, 'б');
  await final(mathPage, math, ivanov.id, 'period', q1, '5');
  await final(mathPage, math, petrova.id, 'period', q1, '4');
  await final(mathPage, math, ivanov.id, 'year', null, '5');
  const l4 = await lesson(rusPage, `${y}-09-05`, 'Фонетика');
  await mark(rusPage, l4, ivanov.id, '3');

  const signed = async (roles: Role[], school = schoolId) => {
    const p = await makePerson(db, school, { roles });
    return signIn(t.app, p.login, p.password);
  };
  const otherSchool = await makeSchool(db);
  return {
    schoolId,
    classId,
    otherClassId,
    yearId: year.id,
    yearName,
    q1,
    y,
    people: {
      archivist: await signed(['archivist']),
      ict: await signed(['deputy_ict']),
      director: await signed(['director']),
      admin: await signed(['administrator']),
      deputy: await signed(['deputy']),
      teacher: await signIn(t.app, teacher.login, teacher.password),
      classTeacher: await signIn(t.app, classTeacher.login, classTeacher.password),
      parent: await signIn(t.app, parent.login, parent.password),
      student: await signIn(t.app, ivanov.login, ivanov.password),
      otherArchivist: await signed(['archivist'], otherSchool),
    },
  };
}

beforeAll(async () => {
  t = await createTestContext();
  hand = await buildHand();
  // [002 §4.1] the director who certifies the paper copy, set by the administrator on «Школа».
  const res = await hand.people.admin.patch('/api/school', { schoolId: hand.schoolId, directorName: 'Смирнова Елена Викторовна' });
  expect(res.statusCode, res.body).toBe(200);
});
afterAll(async () => {
  fs.rmSync(tmp, { recursive: true, force: true });
  await t?.close();
});

async function download(c: Client, url: string, type: string) {
  const res = await c.get(url);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toContain(type);
  return res;
}

/** The lines of the pages whose text holds all of `marks` (e.g. the subject and the month). */
const pagesWith = (pages: string[][], ...marks: string[]) => pages.filter((p) => marks.every((m) => p.some((l) => l.includes(m))));

describe('[004] [002 §4.1] the printed class journal', () => {
  it('[004] holds the title page, the class, subjects, marks and absences on the left page, topics and homework on the right', async () => {
    const res = await download(hand.people.archivist, `/api/classes/${hand.classId}/journal.pdf`, 'application/pdf');
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('Классный журнал 5А'));
    const { pages } = pdfText(res.rawPayload);
    const y = hand.y;

    expect(pages[0]).toEqual(
      expect.arrayContaining([
        'КЛАССНЫЙ ЖУРНАЛ',
        'МБОУ «Лицей № 7»',
        '5А класс',
        `${hand.yearName} учебный год`,
        'Классный руководитель: Петрова Анна Ивановна',
        'Директор: Смирнова Елена Викторовна',
      ]),
    );
    expect(pages[1]).toContain('СОДЕРЖАНИЕ');
    expect(pages[2]).toEqual(expect.arrayContaining(['Список обучающихся 5А класс', '1 Иванов Пётр', '2 Петрова Анна']));

    // Mathematics, September: the left page (even, verso) with marks «5», «4/3» and the absence «н».
    const [left] = pagesWith(pages, 'Математика', 'Сентябрь', 'Отметки и посещаемость');
    expect(pages.indexOf(left) % 2).toBe(1); // 0-based index 3 → page 4: even
    expect(left).toEqual(expect.arrayContaining(['№ Фамилия, имя обучающегося 02 03', '1 Иванов Пётр 5', '2 Петрова Анна 4/3 н']));
    // … and facing it, the right page with the same lessons' dates, topics and homework.
    const right = pages[pages.indexOf(left) + 1];
    expect(right).toEqual(
      expect.arrayContaining([
        'Математика Учитель: Сидорова М.',
        `Сентябрь ${y} Содержание уроков и домашние задания`,
        '1 02.09 Натуральные числа № 12, 15 (к 03.09)',
        '2 03.09 Сложение натуральных чисел',
      ]),
    );

    // October: «б», then the period marks' columns after the period's last lesson, and the year's.
    const [october] = pagesWith(pages, 'Математика', 'Октябрь', 'Отметки и посещаемость');
    expect(october).toEqual(
      expect.arrayContaining(['№ Фамилия, имя обучающегося 01 I ч. II ч. III ч. IV ч. Год', '1 Иванов Пётр б 5 5', '2 Петрова Анна 4']),
    );
    expect(pagesWith(pages, 'Русский язык', 'Сентябрь', 'Отметки и посещаемость')[0]).toContain('1 Иванов Пётр 3');

    // [DOMAIN §6] the summary sheet of src/modules/finals, one page per column.
    const [sheetQ1] = pagesWith(pages, 'Сводная ведомость учёта успеваемости 5А класс', '1 четверть Классный руководитель');
    expect(sheetQ1.join('\n')).toMatch(/Иванов Пётр 5\n/);
    expect(sheetQ1).toEqual(expect.arrayContaining(['Успеваемость, % 100 —']));
    expect(pagesWith(pages, 'Итоги успеваемости по классу 5А класс', 'Отличники (только «5»)')).toHaveLength(1);
  });

  it('[004] [002 §4.1] ends with the certificate: the real count of sheets in digits and words, the director, signature and date lines', async () => {
    const res = await download(hand.people.director, `/api/classes/${hand.classId}/journal.pdf`, 'application/pdf');
    const { pages } = pdfText(res.rawPayload);
    // title, contents, class list, two spreads of mathematics, one of Russian, 4 quarters + year of the
    // summary sheet, class totals, certificate = 16 pages = 8 sheets printed on both sides.
    expect(pages).toHaveLength(16);
    const last = pages.at(-1)!;
    expect(last).toEqual(
      expect.arrayContaining([
        'ЛИСТ ЗАВЕРЕНИЯ',
        'Прошито, пронумеровано и скреплено печатью 8 (восемь) листов.',
        '(16 страниц, страницы пронумерованы с 1 по 16; печать на обеих сторонах листа.)',
        'Директор ______________________ / Смирнова Елена Викторовна /',
        'М. П. Дата: «____» ________________ 20____ г.',
        'Перенос журнала на бумажный носитель проверил(а): заместитель директора по УВР',
        'Журнал принят на архивное хранение: документовед',
      ]),
    );
    // Every page is numbered, with its sheet.
    for (const [i, p] of pages.entries()) expect(p.join('\n'), `page ${i + 1}`).toContain(`— ${i + 1} —`);
    expect(pages[15].join('\n')).toContain('лист 8');
  });

  it('[004] is printed on A4 (595.28 × 841.89 pt) on every page, with its fonts embedded', async () => {
    const res = await download(hand.people.archivist, `/api/classes/${hand.classId}/journal.pdf`, 'application/pdf');
    const { pages, fonts } = pdfLayout(res.rawPayload);
    expect(pages.length).toBeGreaterThan(10);
    for (const [i, p] of pages.entries()) expect(p.mediaBox, `page ${i + 1}`).toEqual([0, 0, 595.28, 841.89]);
    // Cyrillic and Latin faces of PT Sans / PT Serif, each with its font file: the copy prints the same anywhere.
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    for (const f of fonts) expect(f.embedded, `${f.name} (${f.subtype})`).toMatch(/^FontFile[23]$/);
    expect(fonts.map((f) => f.name).join(' ')).toMatch(/PT/);
  });

  it('[004] one period: only its lessons and its period mark column; the certificate counts that document', async () => {
    const res = await download(
      hand.people.ict,
      `/api/classes/${hand.classId}/journal.pdf?periodId=${hand.q1}&yearId=${hand.yearId}`,
      'application/pdf',
    );
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('1 четверть'));
    const { pages, text } = pdfText(res.rawPayload);
    expect(pages[0].join('\n')).toContain('1 четверть: ');
    const [october] = pagesWith(pages, 'Математика', 'Октябрь', 'Отметки и посещаемость');
    expect(october).toContain('№ Фамилия, имя обучающегося 01 I ч.');
    expect(text).not.toContain('IV ч.');
    const sheets = Math.ceil(pages.length / 2);
    expect(pages.at(-1)!.join('\n')).toContain(`печатью ${sheets} (`);
    expect(pages.at(-1)!.join('\n')).toContain(`(${pages.length} страниц`);
  });
});

describe('[003 §6.4] [003 §6.5] [002 §4.7] the year-end archive of a class', () => {
  it('[003 §6.5] holds the journal, the summary sheet and the CSV/XLSX tables; the manifest and MANIFEST.sha256 match every file', async () => {
    const res = await download(hand.people.archivist, `/api/classes/${hand.classId}/archive.zip?yearId=${hand.yearId}`, 'application/zip');
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('Архив журнала 5А'));
    const files = new Map(unzip(res.rawPayload).map((e) => [e.name, e.data]));
    expect([...files.keys()].sort()).toEqual(
      [
        'MANIFEST.sha256',
        'README.txt',
        'attendance.csv',
        'attendance.xlsx',
        'final-marks.csv',
        'final-marks.xlsx',
        'journal.pdf',
        'lessons.csv',
        'lessons.xlsx',
        'manifest.json',
        'marks.csv',
        'marks.xlsx',
        'summary-sheet.pdf',
        'summary-sheet.xlsx',
      ].sort(),
    );
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    expect(manifest).toMatchObject({
      format: 'journal-archive/1',
      class: { id: hand.classId, name: '5А' },
      year: { id: hand.yearId, closed: true },
      counts: { students: 2, subjects: 2, lessons: 4, marks: 4, absences: 2, finalMarks: 3 },
    });
    // every file but the two manifests is listed with its real SHA-256 and size
    expect(manifest.files.map((f: { name: string }) => f.name).sort()).toEqual(
      [...files.keys()].filter((n) => !n.startsWith('manifest') && n !== 'MANIFEST.sha256').sort(),
    );
    for (const f of manifest.files) {
      expect(sha(files.get(f.name)!), f.name).toBe(f.sha256);
      expect(files.get(f.name)!.length).toBe(f.bytes);
    }
    // MANIFEST.sha256 is `sha256sum -c` input and also covers manifest.json
    const sums = files.get('MANIFEST.sha256')!.toString('utf8').trim().split('\n');
    expect(sums).toHaveLength(files.size - 1);
    for (const line of sums) {
      const [sum, name] = line.split(/ {2}/);
      expect(sha(files.get(name)!), name).toBe(sum);
    }

    // the printed journal inside is the one the certificate describes
    const journal = pdfText(files.get('journal.pdf')!);
    expect(manifest.journal).toEqual({ pages: journal.pages.length, sheets: Math.ceil(journal.pages.length / 2) });

    // CSV for Russian Excel: BOM, «;», CRLF, ДД.ММ.ГГГГ
    const marks = files.get('marks.csv')!;
    expect([...marks.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = marks.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('Предмет;Группа;Дата урока;№ урока по расписанию;Ученик;Вид работы;Название работы;Вес;Отметка;Комментарий');
    expect(lines).toHaveLength(1 + 4);
    expect(lines).toContain(`Математика;;02.09.${hand.y};2;Петрова Анна;Ответ на уроке;;;3;`);
    const lessons = files.get('lessons.csv')!.toString('utf8');
    expect(lessons).toContain(`Математика;;Сидорова М.;1;02.09.${hand.y};2;Натуральные числа;№ 12, 15;03.09.${hand.y};`);
    const attendance = files.get('attendance.csv')!.toString('utf8');
    expect(attendance).toContain(`Математика;;03.09.${hand.y};2;Петрова Анна;н;отсутствовал;;`);
    const finals = files.get('final-marks.csv')!.toString('utf8');
    expect(finals).toContain('Иванов Пётр;Математика;;годовая;;5');

    // XLSX: the same rows, dates as dates
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(files.get('marks.xlsx')! as never);
    const ws = book.worksheets[0];
    expect(ws.name).toBe('Отметки');
    expect(ws.rowCount).toBe(1 + 4);
    expect(ws.getRow(2).getCell(3).value).toBeInstanceOf(Date);
  });

  it('[003 §6.4] is written to the audit log with the SHA-256 of what was handed out', async () => {
    const res = await download(hand.people.archivist, `/api/classes/${hand.classId}/archive.zip`, 'application/zip');
    const sum = createHash('sha256').update(res.rawPayload).digest('hex');
    const rows = await t.db.query<{ details: { sha256: string } }>(
      "SELECT details FROM audit_log WHERE school_id = $1 AND action = 'archive.zip' AND object_id = $2",
      [hand.schoolId, hand.classId],
    );
    expect(rows.map((r) => r.details.sha256)).toContain(sum);
  });
});

describe('[002 §4.7] [000 §3.6] who may take the archive', () => {
  it('the archivist, the ICT deputy, the academic deputy [002 §4.3], the director and the administrator get the PDF and the ZIP of a closed year', async () => {
    for (const role of ['archivist', 'ict', 'deputy', 'director', 'admin'] as const) {
      const c = hand.people[role];
      expect((await c.get(`/api/classes/${hand.classId}/journal.pdf`)).statusCode, role).toBe(200);
      expect((await c.get(`/api/classes/${hand.otherClassId}/archive.zip`)).statusCode, role).toBe(200);
    }
  });

  it('teachers, the class teacher, parents and students get 404', async () => {
    for (const role of ['teacher', 'classTeacher', 'parent', 'student'] as const) {
      const c = hand.people[role];
      expect((await c.get(`/api/classes/${hand.classId}/journal.pdf`)).statusCode, role).toBe(404);
      expect((await c.get(`/api/classes/${hand.classId}/archive.zip`)).statusCode, role).toBe(404);
      expect((await c.get('/api/archive/catalogue')).statusCode, role).toBe(404);
    }
  });

  it("another school's class is 404, even to an archivist", async () => {
    const c = hand.people.otherArchivist;
    expect((await c.get(`/api/classes/${hand.classId}/journal.pdf`)).statusCode).toBe(404);
    expect((await c.get(`/api/classes/${hand.classId}/archive.zip`)).statusCode).toBe(404);
    const cat = (await c.get('/api/archive/catalogue')).json();
    expect(cat.years.flatMap((y: { classes: { id: string }[] }) => y.classes.map((x) => x.id))).not.toContain(hand.classId);
  });

  it('a malformed id is a 400 with a Russian message naming the field; a period or year of another class is 404', async () => {
    const c = hand.people.archivist;
    const bad = await c.get('/api/classes/5А/journal.pdf');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe('Неверное значение поля «params.id»: ожидается идентификатор (UUID)');
    const badPeriod = await c.get(`/api/classes/${hand.classId}/journal.pdf?periodId=первая`);
    expect(badPeriod.statusCode).toBe(400);
    expect(badPeriod.json().error.message).toContain('«querystring.periodId»');
    expect((await c.get(`/api/classes/${hand.classId}/archive.zip?yearId=1`)).statusCode).toBe(400);
    const half = await makePeriod(t.db, hand.schoolId, hand.yearId, {
      number: 1,
      startsOn: `${hand.y}-09-01`,
      endsOn: `${hand.y}-12-28`,
      scheme: 'half',
    });
    expect((await c.get(`/api/classes/${hand.classId}/journal.pdf?periodId=${half}`)).statusCode).toBe(404);
    const otherYear = await makeYear(t.db, hand.schoolId, {
      startsOn: `${hand.y + 5}-09-01`,
      endsOn: `${hand.y + 6}-06-30`,
      status: 'draft',
    });
    expect((await c.get(`/api/classes/${hand.classId}/archive.zip?yearId=${otherYear.id}`)).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/classes/${hand.classId}/journal.pdf` })).statusCode).toBe(401);
  });

  it('the catalogue lists the closed year with its classes and periods', async () => {
    const res = await hand.people.archivist.get('/api/archive/catalogue');
    expect(res.statusCode).toBe(200);
    const year = res.json().years.find((y: { id: string }) => y.id === hand.yearId);
    expect(year).toMatchObject({ status: 'closed', schoolName: 'МБОУ «Лицей № 7»' });
    expect(year.classes.map((c: { name: string }) => c.name)).toEqual(['5А', '6Б']);
    expect(year.periods.find((p: { id: string }) => p.id === hand.q1)).toMatchObject({ name: '1 четверть', scheme: 'quarter' });
  });
});

describe('[003 §6.4] a whole year of a generated class, and the `journal archive` command', () => {
  let gen: { schoolId: string; yearName: string; classId: string; archivist: Client };

  beforeAll(async () => {
    // A full earlier year of the demo generator: one 5th class, kept from September to June, then closed.
    const y = new Date().getUTCFullYear() - 1;
    const prefix = `arch${uniq()}_`;
    const g = await generateSchool(t.db, {
      seed: 9,
      today: `${y}-06-25`,
      name: `Школа архива ${prefix}`,
      shortName: 'Школа архива',
      classesPerGrade: [0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0],
      studentsPerClass: [12, 12],
      teachers: 12,
      withAccounts: 'demo',
      loginPrefix: prefix,
      accountRoles: ['archivist'],
    });
    await t.db.query("UPDATE academic_years SET status = 'closed', closed_at = now() WHERE school_id = $1", [g.schoolId]);
    const [c] = await t.db.query<{ id: string; year_name: string }>(
      'SELECT c.id, y.name AS year_name FROM classes c JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id WHERE c.school_id = $1',
      [g.schoolId],
    );
    gen = { schoolId: g.schoolId, yearName: c.year_name, classId: c.id, archivist: await signIn(t.app, `${prefix}archivist`, 'demo') };
  });

  it('[004] the PDF holds every subject and the marks of a real year; its certificate counts its own pages', async () => {
    const res = await download(gen.archivist, `/api/classes/${gen.classId}/journal.pdf`, 'application/pdf');
    const { pages, text } = pdfText(res.rawPayload);
    const subjects = await t.db.query<{ name: string }>(
      'SELECT DISTINCT s.name FROM journal_pages jp JOIN subjects s ON s.school_id = jp.school_id AND s.id = jp.subject_id WHERE jp.school_id = $1 AND jp.class_id = $2',
      [gen.schoolId, gen.classId],
    );
    expect(subjects.length).toBeGreaterThan(5);
    for (const s of subjects) expect(text, s.name).toContain(s.name);
    // one real mark: its student's row on its subject's month page holds the value
    const [m] = await t.db.query<{ subject: string; date: string; last_name: string; first_name: string; value: string }>(
      `SELECT s.name AS subject, l.date, p.last_name, p.first_name, m.value
         FROM marks m JOIN lessons l ON l.school_id = m.school_id AND l.id = m.lesson_id
         JOIN journal_pages jp ON jp.school_id = m.school_id AND jp.id = m.page_id
         JOIN subjects s ON s.school_id = jp.school_id AND s.id = jp.subject_id
         JOIN persons p ON p.school_id = m.school_id AND p.id = m.student_id
        WHERE jp.school_id = $1 AND jp.class_id = $2 AND jp.subgroup_id IS NULL
          -- a cell of one or two entries stays on the row's one text line (a crowded one is stacked on 2–3 lines)
          AND (SELECT count(*) FROM marks m2 WHERE m2.school_id = m.school_id AND m2.lesson_id = m.lesson_id AND m2.student_id = m.student_id)
            + (SELECT count(*) FROM attendance a WHERE a.school_id = m.school_id AND a.lesson_id = m.lesson_id AND a.student_id = m.student_id) <= 2
        ORDER BY l.date, s.name, p.last_name, p.first_name, m.value LIMIT 1`,
      [gen.schoolId, gen.classId],
    );
    const months = ['Январь', 'Февраль', 'Март', 'Апрель', 'Май', 'Июнь', 'Июль', 'Август', 'Сентябрь', 'Октябрь', 'Ноябрь', 'Декабрь'];
    const month = `${months[Number(m.date.slice(5, 7)) - 1]} ${m.date.slice(0, 4)}`;
    const monthPages = pagesWith(pages, `${m.subject}`, month, 'Отметки и посещаемость');
    const rows = monthPages.flatMap((p) => p.filter((l) => l.includes(`${m.last_name} ${m.first_name}`)));
    if (!rows.join('\n').includes(m.value)) {
      const all = await t.db.query(
        `SELECT l.date, l.id AS lesson, m.value, m.work_id, w.work_type, s.name FROM marks m JOIN lessons l ON l.school_id = m.school_id AND l.id = m.lesson_id JOIN works w ON w.school_id = m.school_id AND w.id = m.work_id JOIN journal_pages jp ON jp.school_id = m.school_id AND jp.id = m.page_id JOIN subjects s ON s.school_id = jp.school_id AND s.id = jp.subject_id JOIN persons p ON p.school_id = m.school_id AND p.id = m.student_id WHERE jp.class_id = $1 AND p.last_name = $2 AND l.date = $3`,
        [gen.classId, m.last_name, m.date],
      );
      // Seen once in CI on PGlite (a '4' missing from its row): print what the cell should hold, for the next look.
      console.log('archive: mark not found in its row', JSON.stringify(m), JSON.stringify(all), monthPages.length, rows);
    }
    expect(rows.join('\n')).toContain(m.value);
    const last = pages.at(-1)!.join('\n');
    expect(last).toContain(`(${pages.length} `);
    expect(last).toMatch(new RegExp(`печатью ${Math.ceil(pages.length / 2)} \\(`));
  });

  it('[003 §6.4] `journal archive --class 5А --year <name>` and `--all` write ZIPs that open, with the audit record', async () => {
    const out = path.join(tmp, 'cli');
    const log: string[] = [];
    const written = await runArchiveCommand(t.db, { classRef: '5а', yearRef: gen.yearName, schoolRef: gen.schoolId, out }, (l) =>
      log.push(l),
    );
    expect(written).toHaveLength(1);
    expect(path.basename(written[0])).toBe(`Архив журнала 5А ${gen.yearName.replace(/\//g, '-')}.zip`);
    const zip = fs.readFileSync(written[0]);
    const names = unzip(zip).map((e) => e.name);
    expect(names).toContain('journal.pdf');
    expect(log.join('\n')).toContain(createHash('sha256').update(zip).digest('hex'));
    expect(log.join('\n')).toContain('закрыт');

    // every class of a year (the small closed year of the factories: 5А and 6Б); a class by its id
    const all = await runArchiveCommand(
      t.db,
      { all: true, yearRef: hand.yearName, schoolRef: hand.schoolId, out: path.join(tmp, 'all') },
      () => {},
    );
    expect(all.map((f) => path.basename(f))).toEqual([
      `Архив журнала 5А ${hand.y}-${hand.y + 1}.zip`,
      `Архив журнала 6Б ${hand.y}-${hand.y + 1}.zip`,
    ]);
    const byId = await runArchiveCommand(t.db, { classRef: hand.otherClassId, out: path.join(tmp, 'id') }, () => {});
    expect(path.basename(byId[0])).toContain('6Б');

    await expect(
      runArchiveCommand(t.db, { classRef: '9Я', schoolRef: gen.schoolId, yearRef: gen.yearName, out }, () => {}),
    ).rejects.toThrow(/Класс «9Я» не найден в учебном году .* \(есть: 5А\)/);
    await expect(runArchiveCommand(t.db, { classRef: '5А', out }, () => {})).rejects.toThrow(/несколько школ — укажите --school/);
    const audit = await t.db.query("SELECT 1 FROM audit_log WHERE school_id = $1 AND action = 'archive.zip' AND details->>'via' = 'cli'", [
      gen.schoolId,
    ]);
    expect(audit.length).toBe(1);
  });
});
