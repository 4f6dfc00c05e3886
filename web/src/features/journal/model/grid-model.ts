/**
 * The journal grid as plain data: columns are lessons split into sub-columns (attendance, then the
 * lesson's works), rows are students with what each cell shows. Rows whose cells did not change keep
 * their object, so a save re-renders one row, not 35 × 100 cells.
 */
import { averageOf, countNumericMarks } from '@domain/averages';
import type { SchoolSettings } from '@domain/school-settings';
import { attendanceText, type CellKind } from './cell-input';
import { attendanceKey, inStay, type JournalPageData, type Lesson, markKey, type Student, type Work } from './journal-data';
import type { CellOverlay, SaveStatus } from './save-queue';

export interface Column {
  key: string;
  kind: CellKind;
  lesson: Lesson;
  lessonIndex: number;
  work?: Work;
  /** First sub-column of its lesson (draws the lesson's left border). */
  first: boolean;
}

export interface CellView {
  key: string;
  text: string;
  status?: SaveStatus;
  /** The student was not in the class (subgroup) on the lesson's date. */
  outside: boolean;
  message?: string;
  /** The class teacher's correction differs from the subject teacher's entry. */
  corrected?: boolean;
  /** The teacher's comment on the mark [004 teacher] (a pending one while it is on its way). */
  comment?: string | null;
  /** The lesson is not the user's to write now (another teacher's on a substitute's page, a closed period, the edit window). */
  locked?: boolean;
}

export interface RowView {
  student: Student;
  index: number;
  cells: CellView[];
  average: number | null;
  marksCount: number;
  signature: string;
}

/** Sub-columns of each lesson: attendance, then one per work (none in grade 1, where marks are not kept). */
export function buildColumns(page: JournalPageData): Column[] {
  const columns: Column[] = [];
  page.lessons.forEach((lesson, lessonIndex) => {
    columns.push({ key: attendanceKey(lesson.id, ''), kind: 'attendance', lesson, lessonIndex, first: true });
    if (!page.page.marksAllowed) return;
    for (const work of lesson.works) columns.push({ key: `m:${work.id}`, kind: 'mark', lesson, lessonIndex, work, first: false });
  });
  return columns;
}

export function cellKeyAt(column: Column, studentId: string): string {
  return column.kind === 'attendance' ? attendanceKey(column.lesson.id, studentId) : markKey(column.work!.id, studentId);
}

/** The text a pending save puts into its cell. */
function overlayText(o: CellOverlay): string {
  switch (o.op.type) {
    case 'mark':
      return o.op.value;
    case 'mark.delete':
      return '';
    case 'attendance':
      return attendanceText(o.op.code, o.op.minutes);
  }
}

/**
 * The settings averages need. The page sends the average mode and the weights; «+»/«−» count as the
 * base mark unless the school changed it, which the page does not tell, so the server's figure wins on reload.
 */
export function averageSettings(page: JournalPageData): SchoolSettings {
  return { averageMode: page.settings.averageMode, weights: page.settings.weights, plusMinusMode: 'base' } as SchoolSettings;
}

export function buildRows(
  page: JournalPageData,
  columns: Column[],
  overlay: ReadonlyMap<string, CellOverlay>,
  previous: readonly RowView[] = [],
): RowView[] {
  const marks = new Map(page.marks.map((m) => [markKey(m.workId, m.studentId), m]));
  const attendance = new Map(page.attendance.map((a) => [attendanceKey(a.lessonId, a.studentId), a]));
  const before = new Map(previous.map((r) => [r.student.id, r]));
  const settings = averageSettings(page);
  return page.students.map((student, index) => {
    const counted: { value: string; workType: string; weight: number | null }[] = [];
    const cells = columns.map((column): CellView => {
      const key = cellKeyAt(column, student.id);
      const pending = overlay.get(key);
      const outside = !inStay(student, column.lesson.date);
      let text: string;
      let corrected = false;
      let comment: string | null = null;
      if (column.kind === 'attendance') {
        const a = attendance.get(key);
        text = attendanceText(a?.code, a?.minutes);
        corrected = !!a?.originalCode && a.originalCode !== a.code;
      } else {
        const m = marks.get(key);
        text = m?.value ?? '';
        comment = m?.comment ?? null;
      }
      // A confirmed save only tints the cell: its value is the page's (which later changes may replace).
      if (pending && pending.status !== 'saved') {
        text = overlayText(pending);
        if (pending.op.type === 'mark' && pending.op.comment !== undefined) comment = pending.op.comment;
        if (pending.op.type === 'mark.delete') comment = null;
      }
      if (column.kind === 'mark' && text) counted.push({ value: text, workType: column.work!.workType, weight: column.work!.weight });
      const locked = !column.lesson.canWrite;
      return { key, text, outside, status: pending?.status, message: pending?.message, corrected, comment, locked };
    });
    const average = averageOf(counted, settings);
    const marksCount = countNumericMarks(counted, settings);
    const signature = `${student.id}|${index}|${average}|${cells.map((c) => `${c.text}/${c.status ?? ''}/${c.outside ? 1 : 0}/${c.corrected ? 1 : 0}/${c.locked ? 1 : 0}/${c.comment ?? ''}`).join(',')}`;
    const old = before.get(student.id);
    return old && old.signature === signature && old.student === student ? old : { student, index, cells, average, marksCount, signature };
  });
}

/** Column groups by month for the top header row: «ноябрь» over the November lessons. */
export function monthGroups(columns: Column[]): { month: string; span: number }[] {
  const groups: { month: string; span: number }[] = [];
  for (const c of columns) {
    const month = c.lesson.date.slice(0, 7);
    const last = groups[groups.length - 1];
    if (last && last.month === month) last.span += 1;
    else groups.push({ month, span: 1 });
  }
  return groups;
}

/** Sub-column count of each lesson, in lesson order (the date header spans them). */
export function lessonSpans(columns: Column[]): { lesson: Lesson; lessonIndex: number; span: number; firstColumn: number }[] {
  const spans: { lesson: Lesson; lessonIndex: number; span: number; firstColumn: number }[] = [];
  columns.forEach((c, i) => {
    const last = spans[spans.length - 1];
    if (last && last.lessonIndex === c.lessonIndex) last.span += 1;
    else spans.push({ lesson: c.lesson, lessonIndex: c.lessonIndex, span: 1, firstColumn: i });
  });
  return spans;
}

/** «24.11» from «2026-11-24». */
export function shortDate(iso: string): string {
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}`;
}
