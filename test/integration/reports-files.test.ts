import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activityDocument,
  attendanceDocument,
  type Cell,
  classAnalysisDocument,
  controlDocument,
  controlPageDocument,
  performanceDocument,
  type ReportDocument,
  regionDocument,
  subjectAnalysisDocument,
} from '../../src/modules/reports/reports.document';
import { formatCellRu } from '../../src/modules/reports/reports.pdf';
import { makeMethodologist, makeReportDataset, type ReportDataset } from '../fixtures/report-dataset';
import { type Client, createTestContext, signIn, type TestContext } from '../helpers/test-app';

/**
 * [issue 8] a report on screen, as PDF and as XLSX holds the same figures: the PDF's text (read with
 * pdftotext) and the XLSX's cells (read back with exceljs) are compared with the JSON of the same query.
 */
let t: TestContext;
let d: ReportDataset;
let deputy: Client;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reports-files-'));
beforeAll(async () => {
  t = await createTestContext();
  d = await makeReportDataset(t.db);
  deputy = await signIn(t.app, d.deputy.login, d.deputy.password);
});
afterAll(async () => {
  fs.rmSync(tmp, { recursive: true, force: true });
  await t?.close();
});

async function fetchFile(c: Client, url: string, format: 'pdf' | 'xlsx') {
  const res = await c.get(`${url}${url.includes('?') ? '&' : '?'}format=${format}`);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toContain(format === 'pdf' ? 'application/pdf' : 'spreadsheetml');
  return res.rawPayload;
}

function pdfText(bytes: Buffer): string {
  const file = path.join(tmp, `r${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, bytes);
  return execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** Every row's figures appear, in order, on one line of the PDF's text. */
function expectPdfHolds(text: string, doc: ReportDocument) {
  const lines = text.split('\n').map((l) => l.trim().split(/\s+/));
  for (const table of doc.tables) {
    expect(text).toContain(table.title.slice(0, 20));
    for (const row of table.rows) {
      const figures = row.filter((c): c is number | null => typeof c === 'number' || c === null).map(formatCellRu);
      if (figures.length === 0) continue;
      const found = lines.some((tokens) => {
        let i = 0;
        for (const tok of tokens) if (tok === figures[i]) i++;
        return i === figures.length;
      });
      expect(found, `${table.title}: ${row.join(' | ')}`).toBe(true);
    }
  }
}

/** Every sheet holds its table's header and rows cell for cell (numbers as numbers). */
async function expectXlsxHolds(bytes: Buffer, doc: ReportDocument) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  expect(book.worksheets).toHaveLength(doc.tables.length);
  doc.tables.forEach((table, k) => {
    const sheet = book.worksheets[k];
    const values: Cell[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const cells = (row.values as unknown[]).slice(1);
      values.push(cells.map((v) => (v === undefined ? null : (v as Cell))));
    });
    const headerAt = values.findIndex(
      (r, i) => i > 0 && r[0] === table.columns[0] && r.length >= table.columns.length - 1 && r[1] === table.columns[1],
    );
    expect(headerAt, table.title).toBeGreaterThan(0);
    const rows = values.slice(headerAt + 1).map((r) => table.columns.map((_, i) => r[i] ?? null));
    expect(rows).toEqual(table.rows.map((r) => r.map((c) => (c === '' ? null : c))));
  });
}

async function checkBoth(c: Client, url: string, build: (json: never) => ReportDocument) {
  const res = await c.get(url);
  expect(res.statusCode, res.body).toBe(200);
  const doc = build(res.json() as never);
  const fileUrl = url.replace(/(\/api\/reports\/[^?]+?)(\?|$)/, '$1/file$2');
  const pdf = pdfText(await fetchFile(c, fileUrl, 'pdf'));
  expect(pdf).toContain(doc.title);
  expectPdfHolds(pdf, doc);
  await expectXlsxHolds(await fetchFile(c, fileUrl, 'xlsx'), doc);
  return { json: res.json(), pdf };
}

const range = () => `from=${d.range.from}&to=${d.range.to}`;

describe('[issue 8] PDF and XLSX hold the figures of the screen', () => {
  it('control report, in Russian with the figures of the JSON', async () => {
    const { json, pdf } = await checkBoth(deputy, `/api/reports/control?${range()}`, controlDocument);
    expect(json.total.lessonsWithTopicPct).toBe(85.7);
    expect(pdf).toContain('85,7');
    expect(pdf).toContain('27,3');
    expect(pdf).toContain('Математикин Т.');
    expect(pdf).toContain('Контроль ведения электронного журнала');
  });

  it('control report narrowed to a teacher and a subject: the files get the same filters; late marks as count and %', async () => {
    const { json, pdf } = await checkBoth(
      deputy,
      `/api/reports/control?${range()}&teacherId=${d.t1.id}&subjectId=${d.math}`,
      controlDocument,
    );
    expect(json.pages).toHaveLength(2);
    expect(pdf).toContain('Учитель: Математикин Т.');
    expect(pdf).toContain('Предмет: Математика');
    expect(pdf).not.toContain('Русских Т.');
    // the screen's «1 (14,3 %)»: the files hold both figures, side by side
    const doc = controlDocument(json);
    const total = doc.tables[0];
    const late = total.columns.indexOf('Поздно');
    expect(total.columns[late + 1]).toBe('Поздно, %');
    expect(total.rows[0].slice(late, late + 2)).toEqual([1, 14.3]);
  });

  it('control drill-down of a page', async () => {
    const { pdf } = await checkBoth(deputy, `/api/reports/control/pages/${d.math5a}?${range()}`, controlPageDocument);
    expect(pdf).toContain('Борисова Бэлла');
    expect(pdf).toContain('04.09.2024');
  });

  it('performance and quality', async () => {
    const { json, pdf } = await checkBoth(deputy, `/api/reports/performance?periodId=${d.q2}`, performanceDocument);
    expect(json.total.figures.average).toBe(4.25);
    expect(pdf).toContain('4,25');
    expect(pdf).toContain('2 четверть');
  });

  it('performance of a year, compared with the year before through the same children', async () => {
    const { pdf } = await checkBoth(deputy, `/api/reports/performance?yearId=${d.yearId}`, performanceDocument);
    expect(pdf).toContain('5А (было 4А)');
  });

  it('attendance, activity', async () => {
    const week = await checkBoth(deputy, `/api/reports/attendance?${range()}&granularity=week`, attendanceDocument);
    expect(week.pdf).toContain('Классы по неделям');
    await checkBoth(deputy, `/api/reports/attendance?${range()}&granularity=month`, attendanceDocument);
    const ct = await signIn(t.app, d.t2.login, d.t2.password);
    await checkBoth(ct, `/api/reports/attendance?${range()}&classId=${d.class5a}`, attendanceDocument);
    const { pdf } = await checkBoth(ct, `/api/reports/activity?${range()}&classId=${d.class5a}`, activityDocument);
    expect(pdf).toContain('Дмитриев Пётр');
    expect(pdf).toContain('никогда');
    await checkBoth(deputy, `/api/reports/activity?${range()}&granularity=month`, activityDocument);
  });

  it('subject and class analyses', async () => {
    const teacher = await signIn(t.app, d.t1.login, d.t1.password);
    const { pdf } = await checkBoth(teacher, `/api/reports/subject-analysis/${d.math5a}?periodId=${d.q1}`, subjectAnalysisDocument);
    expect(pdf).toContain('4,78');
    const ct = await signIn(t.app, d.t2.login, d.t2.password);
    const r = await checkBoth(ct, `/api/reports/class-analysis/${d.class5a}?periodId=${d.q2}`, classAnalysisDocument);
    expect(r.pdf).toContain('С одной «3»: Борисова Бэлла');
  });

  it('region view', async () => {
    const m = await makeMethodologist(t.db, [d.schoolId]);
    const c = await signIn(t.app, m.login, m.password);
    const { pdf } = await checkBoth(c, `/api/reports/region?${range()}&periodNumber=2`, regionDocument);
    expect(pdf).toContain('Итого по региону');
    for (const name of d.names) expect(pdf).not.toContain(name);
  });

  it('refuses an unknown format', async () => {
    const res = await deputy.get(`/api/reports/control/file?${range()}&format=doc`);
    expect(res.statusCode).toBe(400);
  });
});
