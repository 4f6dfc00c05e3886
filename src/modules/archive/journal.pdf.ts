import { formatDateRu, type IsoDate } from '../../domain/calendar';
import { countRu, numberInWordsRu, PAGE_FORMS, pluralRu, SHEET_FORMS } from '../../domain/russian-plural';
import { russianPdf, type Weight } from '../documents/pdf';
import type { SheetColumn, SummarySheet } from '../finals/summary-sheet.service';
import {
  type BookColumn,
  type BookLesson,
  type BookPage,
  type BookStudent,
  type JournalBook,
  monthNameRu,
  presentBetween,
} from './archive.book';

/*
 * The printed class journal (печатная форма классного журнала) [004], [002 §4.1], [002 §4.3]: A4
 * portrait, black on white, PT Sans (Cyrillic-safe, src/modules/documents/pdf.ts), laid out as the paper
 * journal — title page, contents, the class list, then per subject (journal page) and month a spread:
 * the LEFT page holds students × lesson dates with marks and «н/б/у/оп/осв», a period's final mark
 * column after the period's last lesson; the RIGHT page the same lessons' dates, topics and homework.
 * Then the summary sheet (from src/modules/finals/summary-sheet.service.ts), the class totals, and the
 * binding certificate with the real count of sheets.
 *
 * PRINTING DECISION: the journal is meant to be printed on BOTH sides of the sheet (duplex), because only
 * then do the left and right pages face each other once bound. So every spread starts on an even page
 * (a blank page is inserted when needed), pages are numbered 1…N in the footer, the sheet of a page is
 * ⌈page / 2⌉, and the certificate counts SHEETS, ⌈N / 2⌉, in digits and words with the correct plural
 * (src/domain/russian-plural.ts), giving the page count beside it.
 *
 * The whole book is planned first (which page shows what), then drawn: the plan knows the total, so the
 * contents and the certificate name real page numbers. Every cell is drawn at a measured position, never
 * as flowing text, so pdfkit never breaks a page by itself (margin 0).
 */

const A4 = { w: 595.28, h: 841.89 };
/** The binding edge gets the wider margin: left on odd (recto) pages, right on even (verso) ones. */
const MARGIN = { top: 30, bottom: 34, outer: 24, inner: 42 };
const W = A4.w - MARGIN.inner - MARGIN.outer;
const TOP = MARGIN.top;
const BOTTOM = A4.h - MARGIN.bottom;

const NUM_W = 16;
const NAME_W = 129;
const COL_W = 16;
/** Date columns on a left page: what the width holds at 16 pt each. */
export const MAX_COLUMNS = Math.floor((W - NUM_W - NAME_W) / COL_W);
const ROW_H = 12;
const HEAD_H = 34;
const TABLE_HEAD_H = 16;
const LEGEND_H = 24;
/** Student rows a left page holds under its header and above the legend. */
export const MAX_ROWS = Math.floor((BOTTOM - TOP - HEAD_H - TABLE_HEAD_H - LEGEND_H) / ROW_H);

const RIGHT = { ordinal: 20, date: 36, topic: 262, size: 7.5, line: 9, pad: 4, maxLines: 6 };
const RIGHT_CAP = BOTTOM - TOP - HEAD_H - TABLE_HEAD_H - 6;

type Box = { x: number; y: number; w: number; h: number };
type LineOptions = { size?: number; minSize?: number; weight?: Weight; align?: 'left' | 'center' | 'right' };

type Planned =
  | { kind: 'title' }
  | { kind: 'contents'; part: number }
  | { kind: 'roster'; students: BookStudent[]; part: number }
  | { kind: 'blank' }
  | { kind: 'marks'; page: BookPage; month: string; columns: BookColumn[]; students: BookStudent[]; part: number; parts: number }
  | { kind: 'topics'; page: BookPage; month: string; lessons: BookLesson[]; part: number; parts: number }
  | { kind: 'summary'; column: SheetColumn; subjects: SummarySheet['subjects']; students: SummarySheet['students']; totals: boolean }
  | { kind: 'class-totals' }
  | { kind: 'certification' };

export interface PrintedJournal {
  pdf: Buffer;
  pages: number;
  sheets: number;
}

/** The printed journal of the book, with its real page and sheet counts. */
export async function renderJournalPdf(book: JournalBook): Promise<PrintedJournal> {
  const title = `Классный журнал ${book.class.name} класса, ${book.year.name} учебный год`;
  const pdf = russianPdf({ title, margin: 0 });
  const { doc, runs } = pdf;

  // ── measuring (cached: the same marks and dates are measured thousands of times) ──
  const widths = new Map<string, number>();
  const widthOf = (text: string, size: number, weight: Weight = 'regular') => {
    const key = `${weight}|${size}|${text}`;
    let w = widths.get(key);
    if (w === undefined) {
      w = pdf.widthOf(text, size, weight);
      widths.set(key, w);
    }
    return w;
  };

  /** One line in a box: shrunk down to `minSize` to fit, then cut with «…»; centred vertically. */
  function line(text: string, box: Box, o: LineOptions = {}) {
    if (!text) return;
    const weight = o.weight ?? 'regular';
    let size = o.size ?? 8;
    const room = box.w - 3;
    while (size > (o.minSize ?? size) && widthOf(text, size, weight) > room) size -= 0.5;
    let shown = text;
    while (shown.length > 1 && widthOf(shown, size, weight) > room) shown = `${shown.slice(0, -2)}…`;
    const width = widthOf(shown, size, weight);
    const x = o.align === 'center' ? box.x + (box.w - width) / 2 : o.align === 'right' ? box.x + box.w - 1.5 - width : box.x + 1.5;
    const y = box.y + (box.h - size * 1.15) / 2;
    let cursor = x;
    for (const r of runs(shown, weight)) {
      doc.font(r.face).fontSize(size).text(r.text, cursor, y, { lineBreak: false });
      cursor += widthOf(r.text, size, weight);
    }
  }

  /**
   * [004] A crowded lesson cell («оп/4+/5−/3/5») keeps every entry on paper: its entries, split after a «/»,
   * on two (or three) short lines in the row instead of one line cut with «…». False when even that does not fit.
   */
  function stacked(parts: string[], box: Box): boolean {
    const room = box.w - 3;
    for (const [most, size] of [
      [2, 4.5],
      [3, 3.6],
    ] as const) {
      const rows: string[] = [];
      let current = '';
      parts.forEach((p, k) => {
        const piece = k < parts.length - 1 ? `${p}/` : p;
        if (current && widthOf(current + piece, size) > room) {
          rows.push(current);
          current = piece;
        } else current += piece;
      });
      rows.push(current);
      if (rows.length > most || rows.some((r) => widthOf(r, size) > room)) continue;
      const h = box.h / rows.length;
      for (const [k, r] of rows.entries()) line(r, { ...box, y: box.y + k * h, h }, { size, align: 'center' });
      return true;
    }
    return false;
  }

  /** Greedy word wrap by measured width; a word wider than the line is cut; more than `max` lines end in «…». */
  function wrap(text: string, boxWidth: number, size: number, max: number): string[] {
    // the room `line()` leaves for text in a box of this width
    const width = boxWidth - 3;
    const out: string[] = [];
    for (const paragraph of text.split(/\r?\n/)) {
      let current = '';
      for (const word of paragraph.split(/\s+/).filter(Boolean)) {
        const candidate = current ? `${current} ${word}` : word;
        if (widthOf(candidate, size) <= width) {
          current = candidate;
          continue;
        }
        if (current) out.push(current);
        current = word;
        while (widthOf(current, size) > width && current.length > 1) {
          let cut = current.length - 1;
          while (cut > 1 && widthOf(current.slice(0, cut), size) > width) cut--;
          out.push(current.slice(0, cut));
          current = current.slice(cut);
        }
      }
      if (current) out.push(current);
    }
    if (out.length > max) {
      const kept = out.slice(0, max);
      kept[max - 1] = `${kept[max - 1].replace(/.{0,2}$/, '')}…`;
      return kept;
    }
    return out;
  }

  /** A table's rules in one path: the outer box, row and column lines. */
  function grid(x: number, y: number, cols: number[], rows: number[], width = 0.5) {
    const totalW = cols.reduce((a, b) => a + b, 0);
    const totalH = rows.reduce((a, b) => a + b, 0);
    doc.lineWidth(width);
    let cy = y;
    for (const h of [0, ...rows]) {
      cy += h;
      doc.moveTo(x, cy).lineTo(x + totalW, cy);
    }
    let cx = x;
    for (const w of [0, ...cols]) {
      cx += w;
      doc.moveTo(cx, y).lineTo(cx, y + totalH);
    }
    doc.stroke('#000000');
  }

  // ── the plan ──
  const plan: Planned[] = [];
  const contents: { title: string; detail: string; page: number }[] = [];
  const entries = 1 + book.pages.length + (book.summary.subjects.length ? 2 : 0) + 1;
  const CONTENTS_PER_PAGE = Math.floor((BOTTOM - TOP - 50) / 14);
  plan.push({ kind: 'title' });
  for (let i = 0; i < Math.ceil(entries / CONTENTS_PER_PAGE); i++) plan.push({ kind: 'contents', part: i });

  const ROSTER_ROWS = Math.floor((BOTTOM - TOP - HEAD_H - TABLE_HEAD_H) / 13);
  contents.push({
    title: 'Список обучающихся',
    detail: countRu(book.students.length, ['ученик', 'ученика', 'учеников']),
    page: plan.length + 1,
  });
  for (const [part, students] of chunks(book.students, ROSTER_ROWS).entries()) plan.push({ kind: 'roster', students, part });

  const rightHeight = (l: BookLesson) => lessonLines(l).height;
  const lessonLinesCache = new Map<string, { topic: string[]; homework: string[]; height: number }>();
  function lessonLines(l: BookLesson) {
    let v = lessonLinesCache.get(l.id);
    if (!v) {
      const hwW = W - RIGHT.ordinal - RIGHT.date - RIGHT.topic;
      const topic = wrap(topicText(l), RIGHT.topic, RIGHT.size, RIGHT.maxLines);
      const homework = wrap(homeworkText(l), hwW, RIGHT.size, RIGHT.maxLines);
      v = { topic, homework, height: Math.max(1, topic.length, homework.length) * RIGHT.line + RIGHT.pad };
      lessonLinesCache.set(l.id, v);
    }
    return v;
  }

  for (const page of book.pages) {
    const startsAt = plan.length + 1;
    // A spread's left page is even (verso) so that it faces its right page in the bound journal.
    if (startsAt % 2 === 1) plan.push({ kind: 'blank' });
    contents.push({
      title: `${page.subjectName}${page.subgroupName ? ` (${page.subgroupName})` : ''}`,
      detail: `учитель ${page.teacherName}`,
      page: plan.length + 1,
    });
    for (const [month, columns] of byMonth(page.columns)) {
      // A month with more lessons than a page holds (or whose topics overflow the right page) takes several spreads.
      const spreads: BookColumn[][] = [];
      let current: BookColumn[] = [];
      let height = 0;
      for (const col of columns) {
        const h = col.kind === 'lesson' ? rightHeight(col.lesson) : 0;
        if (current.length && (current.length >= MAX_COLUMNS || height + h > RIGHT_CAP)) {
          spreads.push(current);
          current = [];
          height = 0;
        }
        current.push(col);
        height += h;
      }
      if (current.length) spreads.push(current);
      const [y, m] = month.split('-').map(Number);
      const monthFrom = maxDate(`${month}-01`, book.range.from);
      const monthTo = minDate(`${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`, book.range.to);
      const present = page.students.filter((s) => presentBetween(s, monthFrom, monthTo));
      const studentParts = chunks(present, MAX_ROWS);
      const parts = spreads.length * studentParts.length;
      let part = 0;
      for (const cols of spreads) {
        const lessons = cols.flatMap((c) => (c.kind === 'lesson' ? [c.lesson] : []));
        for (const students of studentParts) {
          part++;
          plan.push({ kind: 'marks', page, month, columns: cols, students, part, parts });
          plan.push({ kind: 'topics', page, month, lessons, part, parts });
        }
      }
    }
  }

  const sheet = book.summary;
  const sheetColumns = sheet.columns.filter((c) => !book.period || c.key === book.period.id);
  if (sheet.subjects.length) {
    contents.push({
      title: 'Сводная ведомость учёта успеваемости',
      detail: sheetColumns.map((c) => c.name).join(', '),
      page: plan.length + 1,
    });
    const SUBJECT_MIN_W = 20;
    const perPage = Math.max(1, Math.floor((W - NUM_W - NAME_W) / SUBJECT_MIN_W));
    const SUMMARY_ROWS = Math.floor((BOTTOM - TOP - HEAD_H - 92) / ROW_H);
    for (const column of sheetColumns) {
      for (const subjects of chunks(sheet.subjects, perPage)) {
        const studentParts = chunks(sheet.students, sheet.students.length + 6 <= SUMMARY_ROWS ? SUMMARY_ROWS : SUMMARY_ROWS - 6);
        for (const [i, students] of studentParts.entries()) {
          plan.push({ kind: 'summary', column, subjects, students, totals: i === studentParts.length - 1 });
        }
      }
    }
    contents.push({ title: 'Итоги успеваемости по классу', detail: 'все предметы', page: plan.length + 1 });
    plan.push({ kind: 'class-totals' });
  }
  contents.push({ title: 'Лист заверения', detail: '', page: plan.length + 1 });
  plan.push({ kind: 'certification' });

  const pages = plan.length;
  const sheets = Math.ceil(pages / 2);

  // ── drawing ──
  const period = book.period ? `${book.period.name}, ` : '';
  const running = `${book.school.name} · ${book.class.name} класс · ${period}${book.year.name} учебный год`;
  let number = 0;
  for (const item of plan) {
    number++;
    if (number > 1) doc.addPage({ size: 'A4', margin: 0 });
    const x0 = number % 2 === 1 ? MARGIN.inner : MARGIN.outer;
    if (item.kind !== 'title') {
      line(running, { x: x0, y: 12, w: W, h: 10 }, { size: 6.5, align: number % 2 === 1 ? 'right' : 'left' });
    }
    // [004] every page numbered; the sheet it is on beside it.
    line(`— ${number} —`, { x: x0, y: BOTTOM + 8, w: W, h: 12 }, { size: 8, align: 'center' });
    line(`лист ${Math.ceil(number / 2)}`, { x: x0, y: BOTTOM + 8, w: W, h: 12 }, { size: 6.5, align: number % 2 === 1 ? 'right' : 'left' });
    switch (item.kind) {
      case 'title':
        titlePage(x0);
        break;
      case 'contents':
        contentsPage(x0, item.part);
        break;
      case 'roster':
        rosterPage(x0, item.students, item.part);
        break;
      case 'blank':
        line(
          'Страница оставлена пустой: следующий разворот журнала начинается с чётной страницы.',
          { x: x0, y: A4.h / 2, w: W, h: 12 },
          {
            size: 7,
            align: 'center',
          },
        );
        break;
      case 'marks':
        marksPage(x0, item);
        break;
      case 'topics':
        topicsPage(x0, item);
        break;
      case 'summary':
        summaryPage(x0, item);
        break;
      case 'class-totals':
        classTotalsPage(x0);
        break;
      case 'certification':
        certificationPage(x0);
        break;
    }
  }

  function titlePage(x: number) {
    let y = 170;
    line('КЛАССНЫЙ ЖУРНАЛ', { x, y, w: W, h: 34 }, { size: 26, weight: 'bold', align: 'center' });
    y += 50;
    for (const l of wrap(book.school.name, W - 40, 14, 3)) {
      line(l, { x, y, w: W, h: 20 }, { size: 14, align: 'center' });
      y += 20;
    }
    y += 30;
    line(`${book.class.name} класс`, { x, y, w: W, h: 28 }, { size: 22, weight: 'bold', align: 'center' });
    y += 36;
    line(`${book.year.name} учебный год`, { x, y, w: W, h: 20 }, { size: 15, align: 'center' });
    y += 22;
    if (book.period) {
      line(
        `${book.period.name}: ${formatDateRu(book.period.startsOn)} — ${formatDateRu(book.period.endsOn)}`,
        { x, y, w: W, h: 18 },
        {
          size: 12,
          align: 'center',
        },
      );
      y += 20;
    }
    y += 40;
    const people: [string, string | null][] = [
      ['Классный руководитель', book.class.classTeacherName],
      ['Директор', book.school.directorName],
    ];
    for (const [role, name] of people) {
      line(`${role}: ${name ?? '____________________________'}`, { x, y, w: W, h: 18 }, { size: 12, align: 'center' });
      y += 22;
    }
    const notes = [
      `Печатная форма электронного классного журнала: ${countRu(pages, PAGE_FORMS)}, ${countRu(sheets, SHEET_FORMS)} при двусторонней печати.`,
      'Печатать на обеих сторонах листа: левая и правая страницы предмета образуют разворот.',
      `Сформирован ${formatDateRu(book.madeOn)}${book.year.closed ? '; учебный год закрыт' : ''}.`,
    ];
    let ny = BOTTOM - 14 * notes.length - 10;
    for (const n of notes) {
      line(n, { x, y: ny, w: W, h: 12 }, { size: 8, align: 'center' });
      ny += 14;
    }
  }

  function contentsPage(x: number, part: number) {
    let y = TOP + 8;
    line(part === 0 ? 'СОДЕРЖАНИЕ' : 'СОДЕРЖАНИЕ (продолжение)', { x, y, w: W, h: 20 }, { size: 13, weight: 'bold', align: 'center' });
    y += 34;
    for (const e of contents.slice(part * CONTENTS_PER_PAGE, (part + 1) * CONTENTS_PER_PAGE)) {
      const label = e.detail ? `${e.title} — ${e.detail}` : e.title;
      line(label, { x, y, w: W - 50, h: 14 }, { size: 9 });
      line(`стр. ${e.page}`, { x: x + W - 50, y, w: 50, h: 14 }, { size: 9, align: 'right' });
      doc
        .lineWidth(0.3)
        .dash(1, { space: 2 })
        .moveTo(x, y + 13)
        .lineTo(x + W, y + 13)
        .stroke('#000000')
        .undash();
      y += 14;
    }
  }

  function pageHeading(x: number, left: string, right: string, second: string, secondRight: string) {
    line(left, { x, y: TOP, w: W * 0.62, h: 17 }, { size: 12, weight: 'bold' });
    line(right, { x: x + W * 0.62, y: TOP, w: W * 0.38, h: 17 }, { size: 8, align: 'right' });
    line(second, { x, y: TOP + 17, w: W * 0.62, h: 14 }, { size: 10, weight: 'bold' });
    line(secondRight, { x: x + W * 0.62, y: TOP + 17, w: W * 0.38, h: 14 }, { size: 7.5, align: 'right' });
  }

  function rosterPage(x: number, students: BookStudent[], part: number) {
    pageHeading(x, part === 0 ? 'Список обучающихся' : 'Список обучающихся (продолжение)', `${book.class.name} класс`, '', book.year.name);
    let y = TOP + HEAD_H;
    const cols = [NUM_W + 8, 300, W - NUM_W - 8 - 300];
    const heads = ['№', 'Фамилия, имя, отчество', 'Движение в течение года'];
    let cx = x;
    heads.forEach((h, i) => {
      line(h, { x: cx, y, w: cols[i], h: TABLE_HEAD_H }, { size: 8, weight: 'bold', align: 'center' });
      cx += cols[i];
    });
    y += TABLE_HEAD_H;
    for (const s of students) {
      line(String(s.number), { x, y, w: cols[0], h: 13 }, { size: 8.5, align: 'center' });
      line(s.name, { x: x + cols[0], y, w: cols[1], h: 13 }, { size: 8.5 });
      line(s.note ?? '', { x: x + cols[0] + cols[1], y, w: cols[2], h: 13 }, { size: 7.5 });
      y += 13;
    }
    grid(x, TOP + HEAD_H, cols, [TABLE_HEAD_H, ...students.map(() => 13)]);
  }

  function subjectTitle(page: BookPage) {
    return `${page.subjectName}${page.subgroupName ? ` · ${page.subgroupName}` : ''}`;
  }

  function marksPage(x: number, item: Extract<Planned, { kind: 'marks' }>) {
    const { page, columns, students } = item;
    const more = item.parts > 1 ? ` (${item.part} из ${item.parts})` : '';
    pageHeading(x, subjectTitle(page), `Учитель: ${page.teacherName}`, `${monthNameRu(item.month)}${more}`, 'Отметки и посещаемость');
    const y0 = TOP + HEAD_H;
    const nameW = W - NUM_W - MAX_COLUMNS * COL_W;
    line('№', { x, y: y0, w: NUM_W, h: TABLE_HEAD_H }, { size: 7, weight: 'bold', align: 'center' });
    line('Фамилия, имя обучающегося', { x: x + NUM_W, y: y0, w: nameW, h: TABLE_HEAD_H }, { size: 7, weight: 'bold', align: 'center' });
    const colX = (i: number) => x + NUM_W + nameW + i * COL_W;
    columns.forEach((c, i) => {
      const label = c.kind === 'lesson' ? c.lesson.date.slice(8, 10) : c.column.label;
      line(
        label,
        { x: colX(i), y: y0, w: COL_W, h: TABLE_HEAD_H },
        { size: c.kind === 'lesson' ? 7.5 : 6, minSize: 4.5, weight: 'bold', align: 'center' },
      );
    });
    let y = y0 + TABLE_HEAD_H;
    for (const s of students) {
      line(String(s.number), { x, y, w: NUM_W, h: ROW_H }, { size: 7, align: 'center' });
      line(s.shortName, { x: x + NUM_W, y, w: nameW, h: ROW_H }, { size: 7.5, minSize: 6 });
      columns.forEach((c, i) => {
        const text = c.kind === 'lesson' ? page.cells.get(`${c.lesson.id}:${s.id}`) : page.finals.get(`${c.column.key}:${s.id}`);
        if (!text) return;
        const box = { x: colX(i), y, w: COL_W, h: ROW_H };
        const parts = text.split('/');
        if (c.kind === 'lesson' && parts.length > 2 && widthOf(text, 4.5) > COL_W - 3 && stacked(parts, box)) return;
        line(text, box, { size: 7, minSize: 4.5, align: 'center', weight: c.kind === 'final' ? 'bold' : 'regular' });
      });
      y += ROW_H;
    }
    const rows = [TABLE_HEAD_H, ...students.map(() => ROW_H)];
    grid(x, y0, [NUM_W, nameW, ...Array.from({ length: MAX_COLUMNS }, () => COL_W)], rows);
    // Final mark columns stand out with heavier rules, as in the paper journal.
    columns.forEach((c, i) => {
      if (c.kind === 'final')
        doc
          .lineWidth(1.2)
          .rect(colX(i), y0, COL_W, y - y0)
          .stroke('#000000');
    });
    const legend =
      'н — отсутствовал(а), б — болезнь, у — уважительная причина, оп — опоздание, осв — освобождён(а); ' +
      '• — работа не сдана; 5/4 — несколько отметок за урок; в выделенных столбцах — итоговые отметки за период (ч. — четверть, п/г — полугодие, тр. — триместр) и за год.';
    let ly = y + 4;
    for (const l of wrap(legend, W, 6, 3)) {
      line(l, { x, y: ly, w: W, h: 8 }, { size: 6 });
      ly += 8;
    }
  }

  function topicsPage(x: number, item: Extract<Planned, { kind: 'topics' }>) {
    const more = item.parts > 1 ? ` (${item.part} из ${item.parts})` : '';
    pageHeading(
      x,
      subjectTitle(item.page),
      `Учитель: ${item.page.teacherName}`,
      `${monthNameRu(item.month)}${more}`,
      'Содержание уроков и домашние задания',
    );
    const y0 = TOP + HEAD_H;
    const cols = [RIGHT.ordinal, RIGHT.date, RIGHT.topic, W - RIGHT.ordinal - RIGHT.date - RIGHT.topic];
    const heads = ['№', 'Дата', 'Тема урока (что пройдено на уроке)', 'Домашнее задание'];
    let cx = x;
    heads.forEach((h, i) => {
      line(h, { x: cx, y: y0, w: cols[i], h: TABLE_HEAD_H }, { size: 7, weight: 'bold', align: 'center' });
      cx += cols[i];
    });
    let y = y0 + TABLE_HEAD_H;
    const heights: number[] = [];
    for (const l of item.lessons) {
      const { topic, homework, height } = lessonLines(l);
      line(String(l.ordinal), { x, y, w: cols[0], h: RIGHT.line + RIGHT.pad }, { size: 7, align: 'center' });
      line(formatDateRu(l.date).slice(0, 5), { x: x + cols[0], y, w: cols[1], h: RIGHT.line + RIGHT.pad }, { size: 7.5, align: 'center' });
      for (const [i, t] of topic.entries()) {
        line(t, { x: x + cols[0] + cols[1], y: y + 2 + i * RIGHT.line, w: cols[2], h: RIGHT.line }, { size: RIGHT.size });
      }
      for (const [i, t] of homework.entries()) {
        line(t, { x: x + cols[0] + cols[1] + cols[2], y: y + 2 + i * RIGHT.line, w: cols[3], h: RIGHT.line }, { size: RIGHT.size });
      }
      heights.push(height);
      y += height;
    }
    if (item.lessons.length === 0) {
      line('В этом месяце уроков нет — только итоговые отметки.', { x, y: y + 4, w: W, h: 12 }, { size: 8 });
    }
    grid(x, y0, cols, [TABLE_HEAD_H, ...heights]);
  }

  function summaryPage(x: number, item: Extract<Planned, { kind: 'summary' }>) {
    pageHeading(
      x,
      'Сводная ведомость учёта успеваемости',
      `${book.class.name} класс · ${book.year.name}`,
      item.column.name,
      `Классный руководитель: ${book.class.classTeacherName ?? '—'}`,
    );
    const y0 = TOP + HEAD_H;
    const headH = 90;
    const colW = Math.min(34, (W - NUM_W - NAME_W) / item.subjects.length);
    const nameW = W - NUM_W - colW * item.subjects.length;
    line('№', { x, y: y0, w: NUM_W, h: headH }, { size: 7, weight: 'bold', align: 'center' });
    line('Фамилия, имя, отчество', { x: x + NUM_W, y: y0, w: nameW, h: headH }, { size: 7.5, weight: 'bold', align: 'center' });
    item.subjects.forEach((s, i) => {
      // Subject names read bottom to top in narrow columns, as on the paper summary sheet.
      const cx = x + NUM_W + nameW + i * colW;
      doc.save();
      doc.rotate(-90, { origin: [cx, y0 + headH] });
      line(s.name, { x: cx, y: y0 + headH, w: headH, h: colW }, { size: 7, minSize: 5, weight: 'bold', align: 'left' });
      doc.restore();
    });
    let y = y0 + headH;
    const rows: number[] = [headH];
    for (const st of item.students) {
      line(String(st.number), { x, y, w: NUM_W, h: ROW_H }, { size: 7, align: 'center' });
      line(st.name, { x: x + NUM_W, y, w: nameW, h: ROW_H }, { size: 7.5, minSize: 5.5 });
      item.subjects.forEach((s, i) => {
        const v = st.marks[`${s.id}:${item.column.key}`];
        if (v) line(v, { x: x + NUM_W + nameW + i * colW, y, w: colW, h: ROW_H }, { size: 7.5, minSize: 5, align: 'center' });
      });
      rows.push(ROW_H);
      y += ROW_H;
    }
    if (item.totals) {
      const pct = (v: number | null) => (v === null ? '—' : v.toLocaleString('ru-RU', { maximumFractionDigits: 1 }));
      const totals: [string, (t: SummarySheet['totals'][string]) => string][] = [
        ['Количество «5»', (t) => String(t.counts['5'])],
        ['Количество «4»', (t) => String(t.counts['4'])],
        ['Количество «3»', (t) => String(t.counts['3'])],
        ['Количество «2»', (t) => String(t.counts['2'])],
        ['Успеваемость, %', (t) => pct(t.performance)],
        ['Качество знаний, %', (t) => pct(t.quality)],
      ];
      for (const [label, value] of totals) {
        line(label, { x: x + NUM_W, y, w: nameW, h: ROW_H }, { size: 7, weight: 'bold' });
        item.subjects.forEach((s, i) => {
          const t = sheet.totals[`${s.id}:${item.column.key}`];
          if (t) line(value(t), { x: x + NUM_W + nameW + i * colW, y, w: colW, h: ROW_H }, { size: 6.5, minSize: 4.5, align: 'center' });
        });
        rows.push(ROW_H);
        y += ROW_H;
      }
    }
    grid(x, y0, [NUM_W, nameW, ...item.subjects.map(() => colW)], rows);
  }

  function classTotalsPage(x: number) {
    pageHeading(
      x,
      'Итоги успеваемости по классу',
      `${book.class.name} класс · ${book.year.name}`,
      'Все предметы',
      'Ученик учитывается один раз',
    );
    const y0 = TOP + HEAD_H;
    const labelW = 190;
    const colW = Math.min(70, (W - labelW) / Math.max(1, sheetColumns.length));
    const pct = (v: number | null) => (v === null ? '—' : v.toLocaleString('ru-RU', { maximumFractionDigits: 1 }));
    line('Показатель', { x, y: y0, w: labelW, h: 24 }, { size: 8, weight: 'bold', align: 'center' });
    for (const [i, c] of sheetColumns.entries()) {
      line(c.name, { x: x + labelW + i * colW, y: y0, w: colW, h: 24 }, { size: 7.5, minSize: 5, weight: 'bold', align: 'center' });
    }
    const rows: [string, (k: string) => string][] = [
      ['Аттестовано обучающихся', (k) => String(sheet.classTotals[k].students)],
      ['Отличники (только «5»)', (k) => String(sheet.classTotals[k].excellent)],
      ['Хорошисты («4» и «5»)', (k) => String(sheet.classTotals[k].good)],
      ['С одной или несколькими «3»', (k) => String(sheet.classTotals[k].withThree)],
      ['Неуспевающие («2», «н/а», «нз»)', (k) => String(sheet.classTotals[k].failing)],
      ['Успеваемость, %', (k) => pct(sheet.classTotals[k].performance)],
      ['Качество знаний, %', (k) => pct(sheet.classTotals[k].quality)],
    ];
    let y = y0 + 24;
    for (const [label, value] of rows) {
      line(label, { x, y, w: labelW, h: 14 }, { size: 8 });
      for (const [i, c] of sheetColumns.entries())
        line(value(c.key), { x: x + labelW + i * colW, y, w: colW, h: 14 }, { size: 8, align: 'center' });
      y += 14;
    }
    grid(x, y0, [labelW, ...sheetColumns.map(() => colW)], [24, ...rows.map(() => 14)]);
    y += 30;
    line(
      `Классный руководитель  ____________________ / ${book.class.classTeacherName ?? '____________________'} /`,
      { x, y, w: W, h: 14 },
      { size: 10 },
    );
    y += 30;
    line('Срок хранения сводной ведомости — 25 лет.', { x, y, w: W, h: 12 }, { size: 8 });
  }

  function certificationPage(x: number) {
    let y = TOP + 60;
    line('ЛИСТ ЗАВЕРЕНИЯ', { x, y, w: W, h: 22 }, { size: 15, weight: 'bold', align: 'center' });
    y += 40;
    const what = `Классный журнал ${book.class.name} класса, ${book.period ? `${book.period.name} ` : ''}${book.year.name} учебный год, ${book.school.name}.`;
    for (const l of wrap(what, W, 11, 3)) {
      line(l, { x, y, w: W, h: 16 }, { size: 11 });
      y += 16;
    }
    y += 14;
    // [004 class teacher] the binding inscription, with the real count of sheets in digits and words.
    const certificate = `Прошито, пронумеровано и скреплено печатью ${sheets} (${numberInWordsRu(sheets)}) ${pluralRu(sheets, SHEET_FORMS)}.`;
    for (const l of wrap(certificate, W, 12, 3)) {
      line(l, { x, y, w: W, h: 18 }, { size: 12, weight: 'bold' });
      y += 18;
    }
    line(
      `(${countRu(pages, PAGE_FORMS)}, страницы пронумерованы с 1 по ${pages}; печать на обеих сторонах листа.)`,
      { x, y, w: W, h: 14 },
      {
        size: 9,
      },
    );
    y += 50;
    // [002 §4.1] the director certifies the paper copy.
    line(
      `Директор  ______________________ / ${book.school.directorName ?? '______________________'} /`,
      { x, y, w: W, h: 16 },
      { size: 11 },
    );
    y += 26;
    line('М. П.', { x: x + 40, y, w: 60, h: 14 }, { size: 10 });
    line('Дата: «____» ________________ 20____ г.', { x: x + 200, y, w: W - 200, h: 14 }, { size: 11 });
    y += 60;
    // [002 §4.3] the academic deputy checks the transfer to paper; [002 §4.7] the archivist receives it.
    const checks = [
      'Перенос журнала на бумажный носитель проверил(а): заместитель директора по УВР',
      'Журнал принят на архивное хранение: документовед',
    ];
    for (const c of checks) {
      line(c, { x, y, w: W, h: 14 }, { size: 9.5 });
      y += 20;
      line('______________________ / ______________________ /     «____» ________________ 20____ г.', { x, y, w: W, h: 14 }, { size: 9.5 });
      y += 40;
    }
    line('Сроки хранения: классный журнал — 5 лет, сводная ведомость успеваемости — 25 лет.', { x, y, w: W, h: 12 }, { size: 8 });
    y += 16;
    line(`Печатная форма сформирована в электронном журнале ${formatDateRu(book.madeOn)}.`, { x, y, w: W, h: 12 }, { size: 8 });
  }

  return { pdf: await pdf.toBuffer(), pages, sheets };
}

/** What a topic cell says: the topic, and who conducted a substituted lesson [001 §5.4.2]. */
export function topicText(l: BookLesson): string {
  const topic = l.topic?.trim() || '—';
  return l.substituteName ? `${topic} (замена: ${l.substituteName})` : topic;
}

export function homeworkText(l: BookLesson): string {
  if (!l.homework?.trim()) return '';
  return l.homeworkDue ? `${l.homework.trim()} (к ${formatDateRu(l.homeworkDue).slice(0, 5)})` : l.homework.trim();
}

/** Columns by the month they belong to, in order. */
function byMonth(columns: BookColumn[]): [string, BookColumn[]][] {
  const out: [string, BookColumn[]][] = [];
  for (const c of columns) {
    const month = c.kind === 'lesson' ? c.lesson.date.slice(0, 7) : c.month;
    const last = out.at(-1);
    if (last && last[0] === month) last[1].push(c);
    else out.push([month, [c]]);
  }
  return out;
}

/** Consecutive slices of at most `size` (one empty slice for an empty list, so a page is still drawn). */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.length ? out : [[]];
}

const maxDate = (a: IsoDate, b: IsoDate) => (a > b ? a : b);
const minDate = (a: IsoDate, b: IsoDate) => (a < b ? a : b);
