import { parse } from 'csv-parse/sync';
import type * as ExcelJS from 'exceljs';
import { AppError } from '../../server/errors';
import { excelJs } from '../documents/lazy-libs';

/**
 * Reading the school's files: CSV in UTF-8 or Windows-1251 (what Russian Excel saves), with `;`, `,`
 * or tab, with or without a BOM, and XLSX (first sheet). Empty lines are skipped; line numbers are
 * kept so that every problem names the row of the file the user sees.
 */

export interface ParsedTable {
  format: 'csv' | 'xlsx';
  encoding: 'utf-8' | 'windows-1251' | null;
  delimiter: ';' | ',' | '\t' | null;
  headers: string[];
  /** data rows with the file's line (CSV) or row (XLSX) number */
  rows: { line: number; cells: string[] }[];
}

const invalidFile = (message: string) => new AppError('import.invalid', message, { fields: [{ field: 'file', message }] });

/** UTF-8 when the bytes are valid UTF-8; otherwise Windows-1251 (cp1251). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1251' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1251').decode(bytes), encoding: 'windows-1251' };
  }
}

/** The delimiter of the header line: the most frequent of `;`, `,`, tab outside quotes (ties: `;`). */
export function detectDelimiter(text: string): ';' | ',' | '\t' {
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const count = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of first) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in count) count[ch as keyof typeof count]++;
  }
  if (count['\t'] > count[';'] && count['\t'] > count[',']) return '\t';
  return count[','] > count[';'] ? ',' : ';';
}

const isXlsx = (b: Uint8Array) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

const pad = (n: number) => String(n).padStart(2, '0');

/** An XLSX cell as text: dates as YYYY-MM-DD, formulas by their result, rich text joined. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? '');
    if ('error' in v) return '';
    return '';
  }
  return String(v);
}

function tableFrom(
  records: { line: number; cells: string[] }[],
  format: 'csv' | 'xlsx',
  encoding: ParsedTable['encoding'],
  delimiter: ParsedTable['delimiter'],
): ParsedTable {
  const nonEmpty = records.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (nonEmpty.length === 0) throw invalidFile('Файл пуст: нет ни заголовка, ни строк');
  const [header, ...rows] = nonEmpty;
  return {
    format,
    encoding,
    delimiter,
    headers: header.cells.map((c) => c.trim()),
    rows: rows.map((r) => ({ line: r.line, cells: r.cells.map((c) => c.trim()) })),
  };
}

export async function parseTable(bytes: Uint8Array): Promise<ParsedTable> {
  if (bytes.length === 0) throw invalidFile('Файл пуст');
  if (isXlsx(bytes)) {
    const wb = new (excelJs().Workbook)();
    try {
      await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    } catch {
      throw invalidFile('Не удалось прочитать файл XLSX: он повреждён или это не книга Excel');
    }
    const sheet = wb.worksheets[0];
    if (!sheet) throw invalidFile('В книге Excel нет листов');
    const records: { line: number; cells: string[] }[] = [];
    const width = sheet.columnCount;
    sheet.eachRow({ includeEmpty: false }, (row, n) => {
      const cells: string[] = [];
      for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
      records.push({ line: n, cells });
    });
    return tableFrom(records, 'xlsx', null, null);
  }
  if (bytes.subarray(0, 512).includes(0)) throw invalidFile('Это не текстовый файл CSV и не книга XLSX');
  const { text, encoding } = decodeText(bytes);
  const delimiter = detectDelimiter(text);
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, {
      delimiter,
      bom: true,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const m = /line (\d+)/i.exec((e as Error).message);
    throw invalidFile(`Файл CSV повреждён${m ? ` в строке ${m[1]}` : ''}: проверьте кавычки`);
  }
  return tableFrom(
    parsed.map((p) => ({ line: p.info.lines, cells: p.record })),
    'csv',
    encoding,
    delimiter,
  );
}
