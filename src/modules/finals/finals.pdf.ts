import { formatDateRu } from '../../domain/calendar';
import { russianPdf, type Weight } from '../documents/pdf';
import type { SummarySheet } from './summary-sheet.service';

/*
 * The summary sheet as PDF (A4 landscape, Russian) [DOMAIN §6], [003 §6.5], [002 §7.2], on the shared
 * PT Sans helper (src/modules/documents/pdf.ts). Table cells are single lines drawn run by run at
 * measured positions (rather than flowing text) so that a cell can be centred and shrunk to fit its
 * box exactly.
 */

type Box = { x: number; y: number; w: number; h: number };
type LineOptions = { size?: number; minSize?: number; weight?: Weight; align?: 'left' | 'center' | 'right' };

/** A landscape A4 with PT Sans and two writers of text in a box: one line, or up to two. */
function sheetDocument(title: string) {
  // No page margins: every position is explicit, and pdfkit must never break a page on its own.
  const pdf = russianPdf({ title, layout: 'landscape', margin: 0 });
  const { doc, runs, widthOf } = pdf;

  /** One line in a box: shrunk down to `minSize` to fit, then cut with «…»; aligned and centred vertically. */
  function line(text: string, box: Box, o: LineOptions = {}) {
    const weight = o.weight ?? 'regular';
    let size = o.size ?? 8;
    const room = box.w - 4;
    while (size > (o.minSize ?? 5) && widthOf(text, size, weight) > room) size -= 0.5;
    let shown = text;
    while (shown.length > 1 && widthOf(shown, size, weight) > room) shown = `${shown.slice(0, -2)}…`;
    const width = widthOf(shown, size, weight);
    const x = o.align === 'center' ? box.x + (box.w - width) / 2 : o.align === 'right' ? box.x + box.w - 2 - width : box.x + 2;
    let cursor = x;
    const y = box.y + (box.h - size * 1.15) / 2;
    for (const r of runs(shown, weight)) {
      doc.font(r.face).fontSize(size).text(r.text, cursor, y, { lineBreak: false });
      cursor += doc.widthOfString(r.text);
    }
  }

  /** Up to two lines in a box (a long subject name): broken at the space nearest the middle. */
  function block(text: string, box: Box, o: LineOptions = {}) {
    const spaces = [...text.matchAll(/ /g)].map((m) => m.index);
    if (widthOf(text, o.size ?? 8, o.weight ?? 'regular') <= box.w - 4 || spaces.length === 0) return line(text, box, o);
    const cut = spaces.reduce((best, i) => (Math.abs(i - text.length / 2) < Math.abs(best - text.length / 2) ? i : best));
    const half = box.h / 2;
    line(text.slice(0, cut), { ...box, y: box.y + 1, h: half }, o);
    line(text.slice(cut + 1), { ...box, y: box.y + half - 1, h: half }, o);
  }

  return { doc, line, block, toBuffer: pdf.toBuffer };
}

const PAGE = { w: 841.89, h: 595.28, margin: 28 };
const NUM_W = 18;
const NAME_W = 170;
const COL_W = 20;
const ROW_H = 11;
const SUBJECT_H = 24;
const LABEL_H = 11;
const HEADER_H = 50;
const FOOTER_H = 14;

const pct = (v: number | null) => (v === null ? '—' : `${v.toLocaleString('ru-RU', { maximumFractionDigits: 1 })}`);

/** Consecutive slices of `items` of at most `size` each (at least one slice, even when empty). */
function slices<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.length ? out : [[]];
}

/**
 * [DOMAIN §6] the summary sheet: one table of students × (subjects × columns) with the counts of
 * «5», «4», «3», «2» and the rates under every column, split over sheets by subjects (and by students
 * when the class is long), then the class totals and the signatures block.
 */
export async function renderSummarySheetPdf(sheet: SummarySheet): Promise<Buffer> {
  const title = `Сводная ведомость успеваемости ${sheet.class.name} класса, ${sheet.year.name} учебный год`;
  const { doc, line, block, toBuffer } = sheetDocument(title);
  const left = PAGE.margin;
  const usable = PAGE.w - 2 * PAGE.margin - NUM_W - NAME_W;
  const perChunk = Math.max(1, Math.floor(usable / (COL_W * sheet.columns.length)));
  const subjectChunks = slices(sheet.subjects, perChunk);
  const totalRows = 6;
  const rowsPerPage = Math.floor((PAGE.h - 2 * PAGE.margin - HEADER_H - SUBJECT_H - LABEL_H - FOOTER_H) / ROW_H);
  // A class that fits with its totals stays on one sheet; a longer one carries the totals to the last.
  const studentChunks = slices(sheet.students, sheet.students.length + totalRows <= rowsPerPage ? rowsPerPage : rowsPerPage - totalRows);
  let sheetNo = 0;

  function pageHeader() {
    sheetNo++;
    if (sheetNo > 1) doc.addPage();
    const w = PAGE.w - 2 * PAGE.margin;
    line(
      'СВОДНАЯ ВЕДОМОСТЬ УЧЁТА УСПЕВАЕМОСТИ ОБУЧАЮЩИХСЯ',
      { x: left, y: PAGE.margin, w, h: 16 },
      { size: 12, weight: 'bold', align: 'center' },
    );
    line(sheet.school.name, { x: left, y: PAGE.margin + 17, w, h: 13 }, { size: 10, align: 'center' });
    line(
      `Класс ${sheet.class.name} · ${sheet.year.name} учебный год · классный руководитель: ${sheet.class.classTeacherName ?? '—'}`,
      { x: left, y: PAGE.margin + 31, w, h: 13 },
      { size: 9, align: 'center' },
    );
    line(`Лист ${sheetNo}`, { x: left, y: PAGE.h - PAGE.margin, w, h: 12 }, { size: 7, align: 'right' });
    return PAGE.margin + HEADER_H;
  }

  function cell(text: string, x: number, y: number, w: number, h: number, o: LineOptions & { wrap?: boolean } = {}) {
    doc.lineWidth(0.5).rect(x, y, w, h).stroke('#000000');
    if (text) (o.wrap ? block : line)(text, { x, y, w, h }, { align: 'center', ...o });
  }

  for (const subjects of subjectChunks) {
    for (const [part, students] of studentChunks.entries()) {
      let y = pageHeader();
      // Header: №, name, then each subject over its columns.
      cell('№', left, y, NUM_W, SUBJECT_H + LABEL_H, { weight: 'bold' });
      cell('Фамилия, имя, отчество обучающегося', left + NUM_W, y, NAME_W, SUBJECT_H + LABEL_H, { weight: 'bold' });
      let x = left + NUM_W + NAME_W;
      for (const s of subjects) {
        const w = COL_W * sheet.columns.length;
        cell(s.name, x, y, w, SUBJECT_H, { weight: 'bold', size: 8, minSize: 5.5, wrap: true });
        for (const [i, col] of sheet.columns.entries()) cell(col.label, x + i * COL_W, y + SUBJECT_H, COL_W, LABEL_H, { size: 7 });
        x += w;
      }
      y += SUBJECT_H + LABEL_H;

      for (const st of students) {
        cell(String(st.number), left, y, NUM_W, ROW_H);
        // Arrival or departure during the year goes small at the right of the name [004].
        const noteW = st.note ? 66 : 0;
        cell('', left + NUM_W, y, NAME_W, ROW_H);
        line(st.name, { x: left + NUM_W, y, w: NAME_W - noteW, h: ROW_H }, { align: 'left', size: 8 });
        if (st.note) line(st.note, { x: left + NUM_W + NAME_W - noteW, y, w: noteW, h: ROW_H }, { size: 5.5, align: 'right' });
        x = left + NUM_W + NAME_W;
        for (const s of subjects) {
          for (const col of sheet.columns) {
            cell(st.marks[`${s.id}:${col.key}`] ?? '', x, y, COL_W, ROW_H, { size: 8 });
            x += COL_W;
          }
        }
        y += ROW_H;
      }

      // The totals under each column, on the last part of a long class.
      if (part === studentChunks.length - 1) {
        const totals: [string, (t: SummarySheet['totals'][string]) => string][] = [
          ['Количество «5»', (t) => String(t.counts['5'])],
          ['Количество «4»', (t) => String(t.counts['4'])],
          ['Количество «3»', (t) => String(t.counts['3'])],
          ['Количество «2»', (t) => String(t.counts['2'])],
          ['Успеваемость, %', (t) => pct(t.performance)],
          ['Качество знаний, %', (t) => pct(t.quality)],
        ];
        for (const [label, value] of totals) {
          cell('', left, y, NUM_W, ROW_H);
          cell(label, left + NUM_W, y, NAME_W, ROW_H, { align: 'left', weight: 'bold' });
          x = left + NUM_W + NAME_W;
          for (const s of subjects) {
            for (const col of sheet.columns) {
              cell(value(sheet.totals[`${s.id}:${col.key}`]), x, y, COL_W, ROW_H, { size: 7 });
              x += COL_W;
            }
          }
          y += ROW_H;
        }
      }
    }
  }

  classTotalsAndSignatures(sheet, pageHeader, cell, line);
  return toBuffer();
}

/** The class over all subjects per column [000 §9], then the signatures block and retention note. */
function classTotalsAndSignatures(
  sheet: SummarySheet,
  pageHeader: () => number,
  cell: (
    text: string,
    x: number,
    y: number,
    w: number,
    h: number,
    o?: { align?: 'left' | 'center'; weight?: 'bold' | 'regular'; size?: number },
  ) => void,
  line: (
    text: string,
    box: { x: number; y: number; w: number; h: number },
    o?: { size?: number; weight?: 'bold' | 'regular'; align?: 'left' | 'center' | 'right' },
  ) => void,
) {
  let y = pageHeader();
  const left = PAGE.margin;
  const labelW = 220;
  const colW = 56;
  line('Итоги по классу (все предметы)', { x: left, y, w: 400, h: 16 }, { size: 10, weight: 'bold' });
  y += 18;
  cell('Показатель', left, y, labelW, ROW_H + 4, { weight: 'bold' });
  for (const [i, col] of sheet.columns.entries()) cell(col.name, left + labelW + i * colW, y, colW, ROW_H + 4, { weight: 'bold', size: 7 });
  y += ROW_H + 4;
  const rows: [string, (k: string) => string][] = [
    ['Аттестовано обучающихся', (k) => String(sheet.classTotals[k].students)],
    ['Отличники (только «5»)', (k) => String(sheet.classTotals[k].excellent)],
    ['Хорошисты («4» и «5»)', (k) => String(sheet.classTotals[k].good)],
    ['С «3»', (k) => String(sheet.classTotals[k].withThree)],
    ['Неуспевающие («2», «н/а», «нз»)', (k) => String(sheet.classTotals[k].failing)],
    ['Успеваемость, %', (k) => pct(sheet.classTotals[k].performance)],
    ['Качество знаний, %', (k) => pct(sheet.classTotals[k].quality)],
  ];
  for (const [label, value] of rows) {
    cell(label, left, y, labelW, ROW_H + 2, { align: 'left' });
    for (const [i, col] of sheet.columns.entries()) cell(value(col.key), left + labelW + i * colW, y, colW, ROW_H + 2);
    y += ROW_H + 2;
  }

  y += 24;
  const signatures = [
    ['Классный руководитель', sheet.class.classTeacherName ?? ''],
    ['Заместитель директора по УВР', ''],
    ['Директор', sheet.school.directorName ?? ''],
  ];
  for (const [role, name] of signatures) {
    line(`${role}  ____________________ / ${name || '____________________'} /`, { x: left, y, w: 520, h: 14 }, { size: 10 });
    y += 24;
  }
  line(`Дата составления: ${formatDateRu(sheet.madeOn)}`, { x: left, y, w: 520, h: 14 }, { size: 10 });
  y += 20;
  line('Срок хранения сводной ведомости — 25 лет.', { x: left, y, w: 520, h: 12 }, { size: 8 });
}
