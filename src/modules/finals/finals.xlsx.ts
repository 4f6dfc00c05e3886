import type * as ExcelJS from 'exceljs';
import { formatDateRu } from '../../domain/calendar';
import { excelJs } from '../documents/lazy-libs';
import type { SummarySheet } from './summary-sheet.service';

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

/** A digit mark goes in as a number so a spreadsheet can count it; «н/а», «зч», «осв» stay text. */
const cellValue = (mark: string | undefined) => (mark === undefined ? null : /^[1-5]$/.test(mark) ? Number(mark) : mark);

/**
 * The summary sheet as XLSX [DOMAIN §6], [003 §6.5]: the same table and numbers as the PDF — students ×
 * subjects × columns, the counts of «5»…«2» and the rates under each column, the class totals on a
 * second worksheet, and the signatures block.
 */
export async function renderSummarySheetXlsx(sheet: SummarySheet): Promise<Buffer> {
  const book = new (excelJs().Workbook)();
  book.creator = 'Электронный журнал';
  book.title = `Сводная ведомость ${sheet.class.name}, ${sheet.year.name}`;
  const ws = book.addWorksheet('Сводная ведомость', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const width = 2 + sheet.subjects.length * sheet.columns.length;
  const titleRow = (text: string, bold = false) => {
    const row = ws.addRow([text]);
    ws.mergeCells(row.number, 1, row.number, Math.max(2, width));
    row.getCell(1).font = { bold, size: bold ? 13 : 11 };
    row.getCell(1).alignment = { horizontal: 'center' };
  };
  titleRow('Сводная ведомость учёта успеваемости обучающихся', true);
  titleRow(sheet.school.name);
  titleRow(`Класс ${sheet.class.name} · ${sheet.year.name} учебный год · классный руководитель: ${sheet.class.classTeacherName ?? '—'}`);
  ws.addRow([]);

  // Two header rows: subjects merged over their columns, then the column labels.
  const subjectRow = ws.addRow(['№', 'Фамилия, имя обучающегося', ...sheet.subjects.flatMap((s) => sheet.columns.map(() => s.name))]);
  const labelRow = ws.addRow(['', '', ...sheet.subjects.flatMap(() => sheet.columns.map((c) => c.label))]);
  ws.mergeCells(subjectRow.number, 1, labelRow.number, 1);
  ws.mergeCells(subjectRow.number, 2, labelRow.number, 2);
  sheet.subjects.forEach((_s, i) => {
    const from = 3 + i * sheet.columns.length;
    if (sheet.columns.length > 1) ws.mergeCells(subjectRow.number, from, subjectRow.number, from + sheet.columns.length - 1);
  });
  for (const row of [subjectRow, labelRow]) {
    row.font = { bold: true };
    row.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  }
  subjectRow.height = 30;

  for (const st of sheet.students) {
    ws.addRow([
      st.number,
      st.note ? `${st.name} (${st.note})` : st.name,
      ...sheet.subjects.flatMap((s) => sheet.columns.map((c) => cellValue(st.marks[`${s.id}:${c.key}`]))),
    ]);
  }
  const totals: [string, (t: SummarySheet['totals'][string]) => number | null][] = [
    ['Количество «5»', (t) => t.counts['5']],
    ['Количество «4»', (t) => t.counts['4']],
    ['Количество «3»', (t) => t.counts['3']],
    ['Количество «2»', (t) => t.counts['2']],
    ['Успеваемость, %', (t) => t.performance],
    ['Качество знаний, %', (t) => t.quality],
  ];
  for (const [label, value] of totals) {
    const row = ws.addRow(['', label, ...sheet.subjects.flatMap((s) => sheet.columns.map((c) => value(sheet.totals[`${s.id}:${c.key}`])))]);
    row.font = { bold: true };
  }
  const lastTableRow = ws.rowCount;
  for (let r = subjectRow.number; r <= lastTableRow; r++) {
    for (let c = 1; c <= width; c++) {
      const cell = ws.getCell(r, c);
      cell.border = THIN;
      if (c > 2) cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: r === subjectRow.number };
    }
  }
  ws.getColumn(1).width = 4;
  ws.getColumn(2).width = 34;
  for (let c = 3; c <= width; c++) ws.getColumn(c).width = 5.5;
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: labelRow.number }];

  ws.addRow([]);
  for (const [role, name] of [
    ['Классный руководитель', sheet.class.classTeacherName ?? ''],
    ['Заместитель директора по УВР', ''],
    ['Директор', sheet.school.directorName ?? ''],
  ]) {
    ws.addRow(['', `${role}  ____________________ / ${name || '____________________'} /`]);
  }
  ws.addRow(['', `Дата составления: ${formatDateRu(sheet.madeOn)}`]);
  ws.addRow(['', 'Срок хранения сводной ведомости — 25 лет.']);

  const summary = book.addWorksheet('Итоги по классу');
  const head = summary.addRow(['Показатель', ...sheet.columns.map((c) => c.name)]);
  head.font = { bold: true };
  const rows: [string, (k: string) => number | null][] = [
    ['Аттестовано обучающихся', (k) => sheet.classTotals[k].students],
    ['Отличники (только «5»)', (k) => sheet.classTotals[k].excellent],
    ['Хорошисты («4» и «5»)', (k) => sheet.classTotals[k].good],
    ['С «3»', (k) => sheet.classTotals[k].withThree],
    ['Неуспевающие («2», «н/а», «нз»)', (k) => sheet.classTotals[k].failing],
    ['Успеваемость, %', (k) => sheet.classTotals[k].performance],
    ['Качество знаний, %', (k) => sheet.classTotals[k].quality],
  ];
  for (const [label, value] of rows) summary.addRow([label, ...sheet.columns.map((c) => value(c.key))]);
  summary.getColumn(1).width = 36;
  for (let c = 2; c <= sheet.columns.length + 1; c++) summary.getColumn(c).width = 14;

  return Buffer.from(await book.xlsx.writeBuffer());
}
