import { type Doc, type RussianPdf, russianPdf } from '../documents/pdf';
import type { Cell, ReportDocument, ReportTable } from './reports.document';

/**
 * A report drawn as a PDF [003 §6.5]: landscape A4, PT Sans through the shared Russian PDF helper
 * (src/modules/documents/pdf.ts, which cuts text into runs by the face that has each glyph), tables
 * with repeated headers and numbered pages. Cells are placed run by run at exact positions and
 * shortened with «…» to their column, so a table never reflows.
 */

const MARGIN = 30;
const PADDING = 3;

/** Russian number format: decimal comma; an empty figure is a dash. */
export function formatCellRu(v: Cell): string {
  if (v === null) return '—';
  if (typeof v === 'number') return String(v).replace('.', ',');
  return v;
}

class Writer {
  private page = 1;
  constructor(
    private readonly pdf: RussianPdf,
    readonly doc: Doc,
  ) {}

  width(text: string, size: number, bold = false): number {
    return this.pdf.widthOf(text, size, bold ? 'bold' : 'regular');
  }

  /** Shortens the text with «…» to fit the width. */
  fit(text: string, width: number, size: number, bold = false): string {
    if (this.width(text, size, bold) <= width + 0.01) return text;
    const chars = [...text];
    while (chars.length > 1 && this.width(`${chars.join('')}…`, size, bold) > width) chars.pop();
    return `${chars.join('')}…`;
  }

  draw(text: string, x: number, y: number, size: number, bold = false) {
    let at = x;
    for (const r of this.pdf.runs(text, bold ? 'bold' : 'regular')) {
      this.doc.font(r.face).fontSize(size).text(r.text, at, y, { lineBreak: false });
      at += this.doc.widthOfString(r.text);
    }
  }

  /** Words wrapped into lines of the width (for headers). */
  wrap(text: string, width: number, size: number, bold = false): string[] {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(/\s+/)) {
      const next = line ? `${line} ${word}` : word;
      if (line && this.width(next, size, bold) > width) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    if (line) lines.push(line);
    return lines.map((l) => this.fit(l, width, size, bold));
  }

  footer() {
    this.draw(`стр. ${this.page}`, this.doc.page.width - MARGIN - 30, this.doc.page.height - MARGIN, 7);
  }

  newPage() {
    this.doc.addPage();
    this.page++;
    this.footer();
  }
}

function columnWidths(w: Writer, table: ReportTable, size: number, available: number): number[] {
  const natural = table.columns.map((header, i) => {
    const longestWord = Math.max(...header.split(/\s+/).map((word) => w.width(word, size, true)), 10);
    const content = Math.max(0, ...table.rows.map((r) => w.width(formatCellRu(r[i] ?? null), size)));
    return Math.min(Math.max(longestWord, content, i === 0 ? 40 : 18) + 1, i === 0 ? 220 : 160) + 2 * PADDING;
  });
  const sum = natural.reduce((a, b) => a + b, 0);
  return sum > available ? natural.map((n) => (n * available) / sum) : natural;
}

function drawTable(w: Writer, table: ReportTable) {
  const doc = w.doc;
  const size = table.columns.length > 12 ? 6.5 : 8;
  const lineHeight = size * 1.25;
  const available = doc.page.width - 2 * MARGIN;
  const widths = columnWidths(w, table, size, available);
  const bottom = doc.page.height - MARGIN - 14;
  const header = table.columns.map((c, i) => w.wrap(c, widths[i] - 2 * PADDING, size, true));
  const headerHeight = Math.max(1, ...header.map((l) => l.length)) * lineHeight + 2 * PADDING;
  const rowHeight = lineHeight + 2 * PADDING;

  let y = doc.y + 6;
  if (y + 14 + headerHeight + rowHeight > bottom) {
    w.newPage();
    y = MARGIN;
  }
  w.draw(table.title, MARGIN, y, 10, true);
  y += 16;

  const drawHeader = () => {
    let x = MARGIN;
    doc
      .rect(
        MARGIN,
        y,
        widths.reduce((a, b) => a + b, 0),
        headerHeight,
      )
      .fillColor('#eeeeee')
      .fill()
      .fillColor('black');
    header.forEach((lines, i) => {
      lines.forEach((line, k) => {
        w.draw(line, x + PADDING, y + PADDING + k * lineHeight, size, true);
      });
      x += widths[i];
    });
    y += headerHeight;
  };
  drawHeader();
  if (table.rows.length === 0) {
    w.draw('Нет данных', MARGIN + PADDING, y + PADDING, size);
    y += rowHeight;
  }
  for (const row of table.rows) {
    if (y + rowHeight > bottom) {
      w.newPage();
      y = MARGIN;
      drawHeader();
    }
    let x = MARGIN;
    row.forEach((cell, i) => {
      const text = w.fit(formatCellRu(cell), widths[i] - 2 * PADDING, size);
      const right = typeof cell === 'number';
      const tx = right ? x + widths[i] - PADDING - w.width(text, size) : x + PADDING;
      w.draw(text, tx, y + PADDING, size);
      x += widths[i];
    });
    doc
      .moveTo(MARGIN, y + rowHeight)
      .lineTo(x, y + rowHeight)
      .lineWidth(0.3)
      .strokeColor('#999999')
      .stroke();
    y += rowHeight;
  }
  doc.x = MARGIN;
  doc.y = y + 8;
}

/** Renders the document to PDF bytes. */
export async function renderReportPdf(d: ReportDocument): Promise<Buffer> {
  const pdf = russianPdf({ title: d.title, layout: 'landscape', margin: MARGIN });
  const w = new Writer(pdf, pdf.doc);
  const doc = pdf.doc;
  w.footer();
  w.draw(d.title, MARGIN, MARGIN, 14, true);
  let y = MARGIN + 22;
  for (const line of d.lines) {
    for (const part of w.wrap(line, doc.page.width - 2 * MARGIN, 9)) {
      w.draw(part, MARGIN, y, 9);
      y += 12;
    }
  }
  doc.y = y + 4;
  for (const t of d.tables) drawTable(w, t);
  return pdf.toBuffer();
}
