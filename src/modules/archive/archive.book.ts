import type { Queryable } from '../../db/client';
import { calendarDateIn, formatDateRu, type IsoDate } from '../../domain/calendar';
import { notFound } from '../../server/errors';
import type { SummarySheet } from '../finals/summary-sheet.service';
import {
  type AttendanceRow,
  type ClassHeaderRow,
  type FinalRow,
  type LessonRow,
  type MarkRow,
  type PageRow,
  type PeriodRow,
  archiveRepository as repo,
} from './archive.repository';

/*
 * The class's journal for a year (or one period) as one in-memory model — the «book» — that the printed
 * journal (journal.pdf.ts) and the archive's tables (archive.files.ts) are both drawn from [004],
 * [003 §6.4]. Loaded in a fixed number of queries for the whole class (archive.repository.ts).
 */

export interface BookStudent {
  id: string;
  /** The number in the class list of the book (the same on every page). */
  number: number;
  /** «Иванов Пётр Сергеевич». */
  name: string;
  /** «Иванов Пётр»: what fits the name column of a journal page. */
  shortName: string;
  /** Stays in the class overlapping the book's dates (two when a student left and came back). */
  stays: { from: IsoDate; to: IsoDate | null }[];
  /** «прибыл(а) 12.01.2025», «выбыл(а) 20.03.2025» or null. */
  note: string | null;
}

export interface BookLesson {
  id: string;
  date: IsoDate;
  number: number;
  /** The lesson's place on its page over the book's dates: 1, 2, 3… */
  ordinal: number;
  topic: string | null;
  homework: string | null;
  homeworkDue: IsoDate | null;
  substituteName: string | null;
}

/** A final mark column: a period's («I ч.»), the year's («Год»), the exam's, the final one. */
export interface BookFinalColumn {
  /** The period's id, or 'year' | 'exam' | 'final' (the summary sheet's column keys). */
  key: string;
  kind: FinalRow['kind'];
  /** Short, for a narrow column: «I ч.», «Год», «Экз.», «Итог». */
  label: string;
  /** Full: «1 четверть», «Годовая». */
  name: string;
}

/** A column of a journal page's left side, in the order of the paper journal: a lesson, or a final mark after its period. */
export type BookColumn = { kind: 'lesson'; lesson: BookLesson } | { kind: 'final'; column: BookFinalColumn; month: string };

export interface BookPage {
  id: string;
  subjectId: string;
  subjectName: string;
  subgroupName: string | null;
  teacherName: string;
  passFail: boolean;
  /** Students of the page (the class, or the subgroup's members), in the book's class order. */
  students: BookStudent[];
  lessons: BookLesson[];
  columns: BookColumn[];
  /** What a cell shows, keyed `${lessonId}:${studentId}`: «н», «5», «5/4», «оп/5». */
  cells: Map<string, string>;
  /** Final marks keyed `${columnKey}:${studentId}`. */
  finals: Map<string, string>;
}

export interface JournalBook {
  school: { id: string; name: string; directorName: string | null; timeZone: string };
  class: { id: string; name: string; grade: number; classTeacherName: string | null; periodScheme: string };
  year: { id: string; name: string; startsOn: IsoDate; endsOn: IsoDate; closed: boolean };
  /** Set when the book covers one period only. */
  period: { id: string; name: string; startsOn: IsoDate; endsOn: IsoDate } | null;
  range: { from: IsoDate; to: IsoDate };
  /** The day the book was made, in the school's calendar. */
  madeOn: IsoDate;
  periods: PeriodRow[];
  finalColumns: BookFinalColumn[];
  students: BookStudent[];
  pages: BookPage[];
  /** The rows as read, for the archive's CSV and XLSX. */
  rows: { pages: PageRow[]; lessons: LessonRow[]; marks: MarkRow[]; attendance: AttendanceRow[]; finals: FinalRow[] };
  summary: SummarySheet;
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI'];
const SCHEME_SUFFIX: Record<string, string> = { quarter: 'ч.', half: 'п/г', trimester: 'тр.' };
const OTHER_FINALS: { kind: 'year' | 'exam' | 'final'; label: string; name: string }[] = [
  { kind: 'year', label: 'Год', name: 'Годовая' },
  { kind: 'exam', label: 'Экз.', name: 'Экзаменационная' },
  { kind: 'final', label: 'Итог', name: 'Итоговая' },
];

const monthOf = (date: IsoDate) => date.slice(0, 7);
/** ISO dates compare as strings. */
const earlier = (a: IsoDate, b: IsoDate) => (a <= b ? a : b);
const later = (a: IsoDate, b: IsoDate) => (a >= b ? a : b);

/** «2024-09» → «Сентябрь 2024». */
export function monthNameRu(month: string): string {
  const names = ['Январь', 'Февраль', 'Март', 'Апрель', 'Май', 'Июнь', 'Июль', 'Август', 'Сентябрь', 'Октябрь', 'Ноябрь', 'Декабрь'];
  const [y, m] = month.split('-');
  return `${names[Number(m) - 1]} ${y}`;
}

/** Whether a student was in the class (or group) at any time between two dates. */
export function presentBetween(s: BookStudent, from: IsoDate, to: IsoDate): boolean {
  return s.stays.some((st) => st.from <= to && (st.to === null || st.to >= from));
}

/**
 * Loads the book of a class: the school decided by the caller (requireAccess or the operator's CLI),
 * the year the class belongs to (`yearId`, when given, must be it), the whole year or one period of it.
 */
export async function loadJournalBook(
  db: Queryable,
  now: () => Date,
  schoolId: string,
  classId: string,
  opts: { yearId?: string; periodId?: string },
  summarySheet: (schoolId: string, classId: string, yearId: string) => Promise<SummarySheet>,
): Promise<JournalBook> {
  const c = await repo.classHeader(db, schoolId, classId);
  if (!c) throw notFound('Класс');
  if (opts.yearId && opts.yearId !== c.year_id) throw notFound('Учебный год');
  const periods = await repo.periods(db, schoolId, c.year_id, c.period_scheme);
  let period: PeriodRow | null = null;
  if (opts.periodId) {
    // A period of another year or of another scheme (halves for a 5th class) is not this class's.
    period = periods.find((p) => p.id === opts.periodId) ?? null;
    if (!period) throw notFound('Период');
  }
  const from = period?.starts_on ?? c.year_starts_on;
  const to = period?.ends_on ?? c.year_ends_on;
  const [pages, lessons, marks, attendance, enrollments, members, finals, summary] = await Promise.all([
    repo.pages(db, schoolId, classId),
    repo.lessons(db, schoolId, classId, from, to),
    repo.marks(db, schoolId, classId, from, to),
    repo.attendance(db, schoolId, classId, from, to),
    repo.enrollments(db, schoolId, classId, from, to),
    repo.subgroupMembers(db, schoolId, classId),
    repo.finals(db, schoolId, classId),
    summarySheet(schoolId, classId, c.year_id),
  ]);
  return buildJournalBook({
    header: c,
    periods,
    period,
    madeOn: calendarDateIn(now(), c.time_zone),
    pages,
    lessons,
    marks,
    attendance,
    enrollments,
    members,
    finals,
    summary,
  });
}

/** The book from the rows (pure: the unit of the layout tests). */
export function buildJournalBook(input: {
  header: ClassHeaderRow;
  periods: PeriodRow[];
  period: PeriodRow | null;
  madeOn: IsoDate;
  pages: PageRow[];
  lessons: LessonRow[];
  marks: MarkRow[];
  attendance: AttendanceRow[];
  enrollments: {
    student_id: string;
    last_name: string;
    first_name: string;
    middle_name: string | null;
    from_date: string;
    to_date: string | null;
  }[];
  members: { subgroup_id: string; student_id: string }[];
  finals: FinalRow[];
  summary: SummarySheet;
}): JournalBook {
  const { header: c, periods, period } = input;
  const from = period?.starts_on ?? c.year_starts_on;
  const to = period?.ends_on ?? c.year_ends_on;

  // The class list: one row per student, stays merged, numbered in alphabetical order.
  const students: BookStudent[] = [];
  const byId = new Map<string, BookStudent>();
  for (const e of input.enrollments) {
    let s = byId.get(e.student_id);
    if (!s) {
      s = {
        id: e.student_id,
        number: students.length + 1,
        name: [e.last_name, e.first_name, e.middle_name].filter(Boolean).join(' '),
        shortName: `${e.last_name} ${e.first_name}`,
        stays: [],
        note: null,
      };
      students.push(s);
      byId.set(s.id, s);
    }
    s.stays.push({ from: e.from_date, to: e.to_date });
  }
  for (const s of students) {
    const first = s.stays.map((st) => st.from).reduce(earlier);
    const last = s.stays.some((st) => st.to === null) ? null : s.stays.map((st) => st.to!).reduce(later);
    const notes = [
      first > from ? `прибыл(а) ${formatDateRu(first)}` : null,
      last !== null && last < to ? `выбыл(а) ${formatDateRu(last)}` : null,
    ];
    s.note = notes.filter(Boolean).join(', ') || null;
  }

  const suffix = SCHEME_SUFFIX[c.period_scheme] ?? '';
  const periodColumns: (BookFinalColumn & { endsOn: IsoDate })[] = periods
    .filter((p) => !period || p.id === period.id)
    .map((p) => ({
      key: p.id,
      kind: 'period' as const,
      label: `${ROMAN[p.number - 1] ?? p.number} ${suffix}`.trim(),
      name: p.name,
      endsOn: p.ends_on,
    }));

  const membersOf = new Map<string, Set<string>>();
  for (const m of input.members) {
    const set = membersOf.get(m.subgroup_id) ?? new Set<string>();
    set.add(m.student_id);
    membersOf.set(m.subgroup_id, set);
  }
  const lessonsOf = groupBy(input.lessons, (l) => l.page_id);
  const finalsOf = groupBy(input.finals, (f) => f.page_id);
  const cellParts = new Map<string, { code: string | null; marks: string[] }>();
  const part = (key: string) => {
    let p = cellParts.get(key);
    if (!p) {
      p = { code: null, marks: [] };
      cellParts.set(key, p);
    }
    return p;
  };
  for (const a of input.attendance) part(`${a.lesson_id}:${a.student_id}`).code = a.code;
  for (const m of input.marks) part(`${m.lesson_id}:${m.student_id}`).marks.push(m.value);

  const finalColumnsUsed = new Map<string, BookFinalColumn>();
  const pages: BookPage[] = input.pages.map((p) => {
    const group = p.subgroup_id ? membersOf.get(p.subgroup_id) : null;
    const lessons: BookLesson[] = (lessonsOf.get(p.id) ?? []).map((l, i) => ({
      id: l.id,
      date: l.date,
      number: l.number,
      ordinal: i + 1,
      topic: l.topic,
      homework: l.homework,
      homeworkDue: l.homework_due,
      substituteName: l.substitute_name,
    }));
    const cells = new Map<string, string>();
    for (const l of lessons) {
      for (const s of students) {
        const cp = cellParts.get(`${l.id}:${s.id}`);
        if (cp) cells.set(`${l.id}:${s.id}`, [cp.code, ...cp.marks].filter(Boolean).join('/'));
      }
    }
    const finals = new Map<string, string>();
    const kinds = new Set<string>();
    for (const f of finalsOf.get(p.id) ?? []) {
      finals.set(`${f.kind === 'period' ? f.period_id : f.kind}:${f.student_id}`, f.value);
      kinds.add(f.kind);
    }

    // [DOMAIN §6] a period's mark column stands after the period's last lesson, as in the paper journal;
    // the year's (and the exam's, the final one's, when given) after the last period.
    const columns: BookColumn[] = [];
    const pending = [...periodColumns];
    let lastMonth: string | null = null;
    const flushUpTo = (date: IsoDate | null) => {
      while (pending.length && (date === null || pending[0].endsOn < date)) {
        const { endsOn, ...column } = pending.shift()!;
        // With no lesson before it, the column goes to the month its period ends in.
        const month = lastMonth ?? monthOf(earlier(endsOn, to));
        columns.push({ kind: 'final', column, month });
        finalColumnsUsed.set(column.key, column);
      }
    };
    for (const l of lessons) {
      flushUpTo(l.date);
      columns.push({ kind: 'lesson', lesson: l });
      lastMonth = monthOf(l.date);
    }
    flushUpTo(null);
    if (!period) {
      for (const o of OTHER_FINALS) {
        if (o.kind !== 'year' && !kinds.has(o.kind)) continue;
        const column = { key: o.kind, kind: o.kind, label: o.label, name: o.name };
        columns.push({ kind: 'final', column, month: lastMonth ?? monthOf(to) });
        finalColumnsUsed.set(column.key, column);
      }
    }

    return {
      id: p.id,
      subjectId: p.subject_id,
      subjectName: p.subject_name,
      subgroupName: p.subgroup_name,
      teacherName: p.teacher_name,
      passFail: p.pass_fail,
      students: group ? students.filter((s) => group.has(s.id)) : students,
      lessons,
      columns,
      cells,
      finals,
    };
  });

  return {
    school: { id: c.school_id, name: c.school_name, directorName: c.director_name, timeZone: c.time_zone },
    class: { id: c.id, name: c.class_name, grade: c.grade, classTeacherName: c.class_teacher_name, periodScheme: c.period_scheme },
    year: { id: c.year_id, name: c.year_name, startsOn: c.year_starts_on, endsOn: c.year_ends_on, closed: c.year_status === 'closed' },
    period: period ? { id: period.id, name: period.name, startsOn: period.starts_on, endsOn: period.ends_on } : null,
    range: { from, to },
    madeOn: input.madeOn,
    periods,
    finalColumns: [...finalColumnsUsed.values()],
    students,
    pages,
    rows: { pages: input.pages, lessons: input.lessons, marks: input.marks, attendance: input.attendance, finals: input.finals },
    summary: input.summary,
  };
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
