import { AppError } from '../../server/errors';
import { parseTable } from '../imports/import.parse';

/**
 * A thematic plan (КТП) from the teacher's file [002 §4.4]: CSV (UTF-8 or Windows-1251, any of «;», «,»,
 * tab) or XLSX (first sheet), read by the import module's parser. The first row names the columns:
 * «Тема» (required), «Часы» (default 1), «Вид урока», «№» (optional: rows are put in its order).
 * Every problem names the file's row, as the teacher sees it in Excel.
 */

export interface PlanFileItem {
  topic: string;
  hours: number;
  lessonKind: string | null;
}

export interface PlanFileProblem {
  row: number | null;
  column: string | null;
  message: string;
}

/** Header spellings seen in schools' КТП files (lower case, «ё» as «е», no punctuation). */
const COLUMNS: Record<'number' | 'topic' | 'hours' | 'kind', readonly string[]> = {
  number: ['№', 'no', 'номер', 'номер урока', '№ урока', 'n', 'пп', '№ пп', 'порядковый номер'],
  topic: ['тема', 'тема урока', 'темы', 'наименование темы', 'название темы', 'содержание', 'раздел тема'],
  hours: ['часы', 'часов', 'кол-во часов', 'количество часов', 'часы на тему', 'ч'],
  kind: ['вид урока', 'тип урока', 'вид', 'тип', 'форма урока', 'вид занятия'],
};

const norm = (h: string) => h.toLowerCase().replace(/ё/g, 'е').replace(/[.:/]/g, ' ').replace(/\s+/g, ' ').trim();

const MAX_ROWS = 500;

function refuse(problems: PlanFileProblem[]): never {
  const first = problems[0];
  const where = first.row === null ? '' : `Строка ${first.row}: `;
  const more = problems.length > 1 ? ` (и ещё ошибок: ${problems.length - 1})` : '';
  throw new AppError('import.invalid', `${where}${first.message}${more}`, {
    fields: [{ field: 'file', message: `${where}${first.message}` }],
    problems,
  });
}

/** Reads the plan's rows; any problem refuses the whole file (400 naming the row), nothing is half-read. */
export async function readPlanFile(bytes: Uint8Array): Promise<{ format: 'csv' | 'xlsx'; items: PlanFileItem[] }> {
  const table = await parseTable(bytes);
  const find = (field: keyof typeof COLUMNS) => table.headers.findIndex((h) => COLUMNS[field].includes(norm(h)));
  const col = { number: find('number'), topic: find('topic'), hours: find('hours'), kind: find('kind') };
  if (col.topic < 0) {
    refuse([{ row: 1, column: null, message: 'нет колонки «Тема» (первая строка файла — заголовки: №, Тема, Часы, Вид урока)' }]);
  }
  if (table.rows.length === 0) refuse([{ row: null, column: null, message: 'в файле нет ни одной темы' }]);
  if (table.rows.length > MAX_ROWS)
    refuse([{ row: null, column: null, message: `в плане не больше ${MAX_ROWS} тем, в файле ${table.rows.length}` }]);

  const problems: PlanFileProblem[] = [];
  const rows: { line: number; number: number | null; item: PlanFileItem }[] = [];
  const seen = new Map<number, number>();
  for (const r of table.rows) {
    const cell = (i: number) => (i >= 0 ? (r.cells[i] ?? '').trim() : '');
    const topic = cell(col.topic);
    const hoursText = cell(col.hours);
    const numberText = cell(col.number);
    const kind = cell(col.kind);
    if (!topic) problems.push({ row: r.line, column: table.headers[col.topic], message: 'пустая тема' });
    else if (topic.length > 500) problems.push({ row: r.line, column: table.headers[col.topic], message: 'тема длиннее 500 символов' });
    let hours = 1;
    if (hoursText) {
      hours = Number(hoursText.replace(',', '.'));
      if (!Number.isInteger(hours) || hours < 1 || hours > 20) {
        problems.push({ row: r.line, column: table.headers[col.hours], message: `часы — целое число от 1 до 20, в файле «${hoursText}»` });
      }
    }
    let number: number | null = null;
    if (numberText) {
      number = Number(numberText.replace(/\.$/, ''));
      if (!Number.isInteger(number) || number < 1) {
        problems.push({
          row: r.line,
          column: table.headers[col.number],
          message: `номер — целое положительное число, в файле «${numberText}»`,
        });
        number = null;
      } else if (seen.has(number)) {
        problems.push({ row: r.line, column: table.headers[col.number], message: `номер ${number} уже есть в строке ${seen.get(number)}` });
      } else seen.set(number, r.line);
    }
    if (kind.length > 100) problems.push({ row: r.line, column: table.headers[col.kind], message: 'вид урока длиннее 100 символов' });
    rows.push({ line: r.line, number, item: { topic, hours, lessonKind: kind || null } });
  }
  if (problems.length) refuse(problems);
  // Numbered rows go in the order of their numbers; a file without numbers keeps its own order.
  const numbered = rows.every((r) => r.number !== null);
  if (numbered) rows.sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
  return { format: table.format, items: rows.map((r) => r.item) };
}
