import { excelJs } from '../documents/lazy-libs';
import type { ReportDocument } from './reports.document';

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], unique within the book. */
function sheetName(title: string, used: Set<string>): string {
  const base =
    title
      .replace(/[:\\/?*[\]]/g, ' ')
      .slice(0, 28)
      .trim() || 'Лист';
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base.slice(0, 26)} ${i}`;
  used.add(name);
  return name;
}

/**
 * A report as an XLSX book [003 §6.5]: one sheet per table, headed by the report's title and lines,
 * then the column headers and the rows. Figures stay numbers (a blank cell where there is none), so
 * they can be summed and charted in a spreadsheet and read back exactly as the screen shows them.
 */
export async function renderReportXlsx(d: ReportDocument): Promise<Buffer> {
  const book = new (excelJs().Workbook)();
  book.creator = 'Электронный журнал';
  book.title = d.title;
  const used = new Set<string>();
  for (const table of d.tables) {
    const sheet = book.addWorksheet(sheetName(table.title, used));
    sheet.addRow([d.title]).font = { bold: true, size: 13 };
    for (const line of d.lines) sheet.addRow([line]);
    sheet.addRow([table.title]).font = { bold: true };
    const header = sheet.addRow(table.columns);
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: 'top' };
    for (const row of table.rows) sheet.addRow(row.map((c) => (c === null ? null : c)));
    sheet.columns.forEach((col, i) => {
      const longest = Math.max((table.columns[i] ?? '').length / 2, ...table.rows.map((r) => String(r[i] ?? '').length));
      col.width = Math.min(Math.max(8, longest + 2), 45);
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
