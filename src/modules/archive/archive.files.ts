import { createHash } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { ATTENDANCE_NAMES, type AttendanceCode } from '../../domain/attendance';
import { formatDateRu, type IsoDate } from '../../domain/calendar';
import { countRu, PAGE_FORMS, SHEET_FORMS } from '../../domain/russian-plural';
import { workTypeName } from '../../domain/work-types';
import { excelJs } from '../documents/lazy-libs';
import { renderSummarySheetPdf } from '../finals/finals.pdf';
import { renderSummarySheetXlsx } from '../finals/finals.xlsx';
import type { JournalBook } from './archive.book';
import type { PrintedJournal } from './journal.pdf';
import { zip } from './zip';

/*
 * The year-end archive of a class as one ZIP [003 §6.4], [003 §6.5], [002 §4.7]: files in formats that
 * need no special software — the printed journal (PDF), the summary sheet (PDF and XLSX), and the
 * journal's data (lessons with topics and homework, marks, attendance, final marks) as CSV and XLSX —
 * with `manifest.json` and `MANIFEST.sha256` holding the SHA-256 of every file, so the archivist (or
 * `sha256sum -c MANIFEST.sha256`) can show years later that nothing was changed.
 *
 * CSV choices, for Russian Excel first: UTF-8 with a BOM (without it Excel reads UTF-8 as cp1251),
 * «;» as separator (Excel in the Russian locale splits on «;», since «,» is the decimal comma),
 * CRLF line ends, dates as ДД.ММ.ГГГГ. A cell starting with = + - @ gets a leading «'» in CSV only, so
 * that Excel does not run a topic typed as a formula (CSV injection); XLSX cells are typed strings and
 * stay exactly as entered.
 */

export interface ArchiveTable {
  /** File name without extension: lessons, marks, attendance, final-marks. */
  file: string;
  /** Russian title (worksheet name, manifest). */
  title: string;
  header: string[];
  rows: (string | number | Date | null)[][];
}

/** A date for the tables: a Date at UTC midnight (XLSX shows it with the ДД.ММ.ГГГГ format). */
const day = (d: IsoDate | null) => (d ? new Date(`${d}T00:00:00Z`) : null);
/** A digit mark goes in as a number so a spreadsheet can count it; «5-», «н/а», «зч» stay text. */
const markValue = (v: string) => (/^[1-5]$/.test(v) ? Number(v) : v);
const KIND_NAMES: Record<string, string> = { period: 'за период', year: 'годовая', exam: 'экзаменационная', final: 'итоговая' };

/** The journal's data as four tables, from the same rows as the printed journal. */
export function archiveTables(book: JournalBook): ArchiveTable[] {
  const pages = new Map(book.pages.map((p) => [p.id, p]));
  const lessons = new Map(book.pages.flatMap((p) => p.lessons.map((l) => [l.id, l] as const)));
  const students = new Map(book.students.map((s) => [s.id, s]));
  const subject = (pageId: string) => pages.get(pageId)?.subjectName ?? '';
  const group = (pageId: string) => pages.get(pageId)?.subgroupName ?? '';
  const student = (id: string) => students.get(id)?.name ?? id;
  const periodName = new Map(book.periods.map((p) => [p.id, p.name]));

  return [
    {
      file: 'lessons',
      title: 'Уроки',
      header: [
        'Предмет',
        'Группа',
        'Учитель',
        '№ урока по порядку',
        'Дата',
        '№ урока по расписанию',
        'Тема урока',
        'Домашнее задание',
        'Срок выполнения',
        'Замена',
      ],
      rows: book.pages.flatMap((p) =>
        p.lessons.map((l) => [
          p.subjectName,
          p.subgroupName,
          p.teacherName,
          l.ordinal,
          day(l.date),
          l.number,
          l.topic,
          l.homework,
          day(l.homeworkDue),
          l.substituteName,
        ]),
      ),
    },
    {
      file: 'marks',
      title: 'Отметки',
      header: [
        'Предмет',
        'Группа',
        'Дата урока',
        '№ урока по расписанию',
        'Ученик',
        'Вид работы',
        'Название работы',
        'Вес',
        'Отметка',
        'Комментарий',
      ],
      rows: book.rows.marks.map((m) => {
        const l = lessons.get(m.lesson_id);
        return [
          subject(m.page_id),
          group(m.page_id),
          day(l?.date ?? null),
          l?.number ?? null,
          student(m.student_id),
          workTypeName(m.work_type),
          m.work_title,
          m.weight,
          markValue(m.value),
          m.comment,
        ];
      }),
    },
    {
      file: 'attendance',
      title: 'Посещаемость',
      header: [
        'Предмет',
        'Группа',
        'Дата урока',
        '№ урока по расписанию',
        'Ученик',
        'Отметка',
        'Расшифровка',
        'Опоздание, мин',
        'Отметка учителя до исправления',
      ],
      rows: book.rows.attendance.map((a) => {
        const l = lessons.get(a.lesson_id);
        return [
          subject(a.page_id),
          group(a.page_id),
          day(l?.date ?? null),
          l?.number ?? null,
          student(a.student_id),
          a.code,
          ATTENDANCE_NAMES[a.code as AttendanceCode] ?? a.code,
          a.minutes,
          a.original_code && a.original_code !== a.code ? a.original_code : null,
        ];
      }),
    },
    {
      file: 'final-marks',
      title: 'Итоговые отметки',
      header: ['Ученик', 'Предмет', 'Группа', 'Вид отметки', 'Период', 'Отметка'],
      rows: book.rows.finals
        .filter((f) => pages.has(f.page_id))
        .map(
          (f) =>
            [
              student(f.student_id),
              subject(f.page_id),
              group(f.page_id),
              KIND_NAMES[f.kind] ?? f.kind,
              f.period_id ? (periodName.get(f.period_id) ?? '') : '',
              markValue(f.value),
            ] as const,
        )
        .sort((a, b) => `${a[0]}|${a[1]}|${a[4]}`.localeCompare(`${b[0]}|${b[1]}|${b[4]}`, 'ru'))
        .map((r) => [...r]),
    },
  ];
}

/** CSV for Russian Excel: UTF-8 BOM, «;», CRLF, ДД.ММ.ГГГГ (see the module note). */
export function tableCsv(t: ArchiveTable): Buffer {
  const text = (v: string | number | Date | null): string => {
    if (v === null || v === undefined) return '';
    if (v instanceof Date) return formatDateRu(v.toISOString().slice(0, 10));
    const s = String(v);
    return typeof v === 'string' && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  };
  return Buffer.from(
    stringify([t.header, ...t.rows.map((r) => r.map(text))], { bom: true, delimiter: ';', record_delimiter: 'windows' }),
    'utf8',
  );
}

export async function tableXlsx(t: ArchiveTable, book: JournalBook): Promise<Buffer> {
  const wb = new (excelJs().Workbook)();
  wb.creator = 'Электронный журнал';
  wb.title = `${t.title}: ${book.class.name}, ${book.year.name}`;
  const ws = wb.addWorksheet(t.title, { views: [{ state: 'frozen', ySplit: 1 }] });
  const head = ws.addRow(t.header);
  head.font = { bold: true };
  head.alignment = { vertical: 'middle', wrapText: true };
  for (const r of t.rows) ws.addRow(r);
  t.header.forEach((h, i) => {
    const col = ws.getColumn(i + 1);
    const sample = t.rows.find((r) => r[i] !== null)?.[i];
    if (sample instanceof Date) {
      col.numFmt = 'dd.mm.yyyy';
      col.width = 12;
    } else {
      const longest = Math.max(h.length, ...t.rows.slice(0, 500).map((r) => (r[i] === null ? 0 : String(r[i]).length)));
      col.width = Math.min(60, Math.max(6, longest + 2));
    }
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.header.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface ManifestFile {
  name: string;
  title: string;
  contentType: string;
  bytes: number;
  sha256: string;
}

export interface ArchiveManifest {
  format: 'journal-archive/1';
  school: { id: string; name: string };
  class: { id: string; name: string; classTeacherName: string | null };
  year: { id: string; name: string; startsOn: string; endsOn: string; closed: boolean };
  madeAt: string;
  /** The printed journal: pages, and sheets when printed on both sides (what its certificate states). */
  journal: { pages: number; sheets: number };
  counts: {
    students: number;
    subjects: number;
    journalPages: number;
    lessons: number;
    marks: number;
    absences: number;
    finalMarks: number;
  };
  /** Every file of the archive except manifest.json and MANIFEST.sha256 (which also lists manifest.json). */
  files: ManifestFile[];
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const README = (
  book: JournalBook,
  printed: PrintedJournal,
) => `Архив классного журнала ${book.class.name} класса за ${book.year.name} учебный год
${book.school.name}

journal.pdf            — печатная форма журнала: ${countRu(printed.pages, PAGE_FORMS)}, ${countRu(printed.sheets, SHEET_FORMS)} при двусторонней печати
summary-sheet.pdf/.xlsx — сводная ведомость учёта успеваемости (хранится 25 лет)
lessons.csv/.xlsx      — уроки: даты, темы, домашние задания
marks.csv/.xlsx        — отметки с видом работы и весом
attendance.csv/.xlsx   — посещаемость (н, б, у, оп, осв)
final-marks.csv/.xlsx  — итоговые отметки: за периоды, годовые, экзаменационные, итоговые
manifest.json          — опись архива: состав и контрольные суммы SHA-256 всех файлов
MANIFEST.sha256        — те же суммы для проверки командой «sha256sum -c MANIFEST.sha256»

CSV: кодировка UTF-8 с BOM, разделитель «;», даты ДД.ММ.ГГГГ — открываются в Excel и LibreOffice двойным щелчком.
Значение ячейки CSV, начинающееся с = + - @, дополнено апострофом в начале (защита от выполнения формул); в XLSX значения точные.
`;

/**
 * The ZIP of a class's year: the printed journal passed in (drawn once by the caller), the summary
 * sheet, the four tables in CSV and XLSX, a README, and the manifests. `modified` stamps the entries.
 */
export async function buildArchiveZip(
  book: JournalBook,
  printed: PrintedJournal,
  modified: Date,
  madeAt: Date,
): Promise<{ zip: Buffer; manifest: ArchiveManifest }> {
  const tables = archiveTables(book);
  const files: { name: string; title: string; contentType: string; data: Buffer }[] = [
    { name: 'journal.pdf', title: 'Классный журнал (печатная форма)', contentType: 'application/pdf', data: printed.pdf },
    {
      name: 'summary-sheet.pdf',
      title: 'Сводная ведомость учёта успеваемости',
      contentType: 'application/pdf',
      data: await renderSummarySheetPdf(book.summary),
    },
    {
      name: 'summary-sheet.xlsx',
      title: 'Сводная ведомость учёта успеваемости',
      contentType: XLSX,
      data: await renderSummarySheetXlsx(book.summary),
    },
  ];
  for (const t of tables) {
    files.push({ name: `${t.file}.csv`, title: t.title, contentType: 'text/csv; charset=utf-8', data: tableCsv(t) });
    files.push({ name: `${t.file}.xlsx`, title: t.title, contentType: XLSX, data: await tableXlsx(t, book) });
  }
  files.push({
    name: 'README.txt',
    title: 'Описание архива',
    contentType: 'text/plain; charset=utf-8',
    data: Buffer.from(`\ufeff${README(book, printed)}`, 'utf8'),
  });

  const manifest: ArchiveManifest = {
    format: 'journal-archive/1',
    school: { id: book.school.id, name: book.school.name },
    class: { id: book.class.id, name: book.class.name, classTeacherName: book.class.classTeacherName },
    year: { id: book.year.id, name: book.year.name, startsOn: book.year.startsOn, endsOn: book.year.endsOn, closed: book.year.closed },
    madeAt: madeAt.toISOString(),
    journal: { pages: printed.pages, sheets: printed.sheets },
    counts: {
      students: book.students.length,
      subjects: new Set(book.pages.map((p) => p.subjectId)).size,
      journalPages: book.pages.length,
      lessons: book.rows.lessons.length,
      marks: book.rows.marks.length,
      absences: book.rows.attendance.length,
      finalMarks: book.rows.finals.length,
    },
    files: files.map((f) => ({ name: f.name, title: f.title, contentType: f.contentType, bytes: f.data.length, sha256: sha256(f.data) })),
  };
  const manifestJson = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const sums = [...manifest.files.map((f) => `${f.sha256}  ${f.name}`), `${sha256(manifestJson)}  manifest.json`].join('\n');
  const entries = [
    ...files.map((f) => ({ name: f.name, data: f.data })),
    { name: 'manifest.json', data: manifestJson },
    { name: 'MANIFEST.sha256', data: Buffer.from(`${sums}\n`, 'utf8') },
  ];
  return { zip: zip(entries, modified), manifest };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
