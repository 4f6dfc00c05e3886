import { describe, expect, it } from 'vitest';
import { buildJournalBook, monthNameRu, presentBetween } from '../../src/modules/archive/archive.book';
import { tableCsv } from '../../src/modules/archive/archive.files';
import type { ClassHeaderRow, PeriodRow } from '../../src/modules/archive/archive.repository';
import { renderJournalPdf } from '../../src/modules/archive/journal.pdf';
import type { SummarySheet } from '../../src/modules/finals/summary-sheet.service';
import { pdfText } from '../helpers/pdf-text';

const header: ClassHeaderRow = {
  id: 'c1',
  school_id: 's1',
  school_name: 'Школа',
  director_name: null,
  time_zone: 'Europe/Moscow',
  class_name: '5А',
  grade: 5,
  period_scheme: 'quarter',
  class_teacher_name: null,
  year_id: 'y1',
  year_name: '2024/2025',
  year_status: 'closed',
  year_starts_on: '2024-09-01',
  year_ends_on: '2025-06-30',
};
const period = (number: number, starts_on: string, ends_on: string): PeriodRow => ({
  id: `p${number}`,
  number,
  name: `${number} четверть`,
  starts_on,
  ends_on,
  closed_at: null,
});
const periods = [
  period(1, '2024-09-01', '2024-10-27'),
  period(2, '2024-11-05', '2024-12-28'),
  period(3, '2025-01-09', '2025-03-22'),
  period(4, '2025-04-01', '2025-05-26'),
];
const lesson = (id: string, date: string) => ({
  id,
  page_id: 'pg',
  date,
  number: 1,
  topic: id,
  homework: null,
  homework_due: null,
  substitute_name: null,
});

function book(opts: { period?: PeriodRow; finals?: { kind: 'period' | 'year' | 'exam' | 'final'; period_id: string | null }[] } = {}) {
  return buildJournalBook(bookInput(opts));
}

function bookInput(opts: { period?: PeriodRow; finals?: { kind: 'period' | 'year' | 'exam' | 'final'; period_id: string | null }[] } = {}) {
  return {
    header,
    periods,
    period: opts.period ?? null,
    madeOn: '2025-06-20',
    pages: [
      {
        id: 'pg',
        subject_id: 'm',
        subject_name: 'Математика',
        pass_fail: false,
        subgroup_id: null,
        subgroup_name: null,
        teacher_name: 'Учитель',
      },
    ],
    lessons: [lesson('l1', '2024-10-21'), lesson('l2', '2024-11-06'), lesson('l3', '2025-05-20')],
    marks: [
      { lesson_id: 'l1', page_id: 'pg', student_id: 'a', value: '5', comment: null, work_type: 'test', work_title: null, weight: null },
      { lesson_id: 'l1', page_id: 'pg', student_id: 'a', value: '4', comment: null, work_type: 'test', work_title: null, weight: null },
    ],
    attendance: [{ lesson_id: 'l2', page_id: 'pg', student_id: 'a', code: 'оп', minutes: 5, original_code: null }],
    enrollments: [
      { student_id: 'a', last_name: 'Иванов', first_name: 'Пётр', middle_name: null, from_date: '2024-09-01', to_date: null },
      { student_id: 'b', last_name: 'Петров', first_name: 'Иван', middle_name: null, from_date: '2024-09-01', to_date: '2024-10-01' },
      { student_id: 'b', last_name: 'Петров', first_name: 'Иван', middle_name: null, from_date: '2025-01-15', to_date: null },
    ],
    members: [],
    finals: (opts.finals ?? []).map((f) => ({ page_id: 'pg', student_id: 'a', value: '5', ...f })),
    summary: {
      school: { name: 'Школа', directorName: null },
      class: { id: 'c1', name: '5А', grade: 5, classTeacherName: null },
      year: { id: 'y1', name: '2024/2025', closed: true },
      madeOn: '2025-06-20',
      columns: [],
      subjects: [],
      students: [],
    } as unknown as SummarySheet,
  };
}

describe('[004] the book of the printed journal', () => {
  it('puts each period mark column after the period’s last lesson, and the year column after the last period', () => {
    const page = book().pages[0];
    expect(page.columns.map((c) => (c.kind === 'lesson' ? c.lesson.date : `${c.column.label}@${c.month}`))).toEqual([
      '2024-10-21',
      'I ч.@2024-10',
      '2024-11-06',
      'II ч.@2024-11',
      'III ч.@2024-11',
      '2025-05-20',
      'IV ч.@2025-05',
      'Год@2025-05',
    ]);
  });

  it('shows exam and final columns only where the page has such marks; one period shows its own column only', () => {
    const withExam = book({ finals: [{ kind: 'exam', period_id: null }] }).pages[0];
    expect(withExam.columns.filter((c) => c.kind === 'final').map((c) => (c.kind === 'final' ? c.column.label : ''))).toEqual([
      'I ч.',
      'II ч.',
      'III ч.',
      'IV ч.',
      'Год',
      'Экз.',
    ]);
    const q2 = book({ period: periods[1] }).pages[0];
    expect(q2.columns.filter((c) => c.kind === 'final').map((c) => (c.kind === 'final' ? c.column.label : ''))).toEqual(['II ч.']);
  });

  it('writes several marks of a lesson as «5/4», an absence code first', () => {
    const page = book().pages[0];
    expect(page.cells.get('l1:a')).toBe('5/4');
    expect(page.cells.get('l2:a')).toBe('оп');
  });

  it('prints every entry of a crowded lesson cell («оп/4+/5−/3/5»), on short lines in its row, none cut', async () => {
    const mark = (value: string) => ({
      lesson_id: 'l1',
      page_id: 'pg',
      student_id: 'a',
      value,
      comment: null,
      work_type: 'test',
      work_title: null,
      weight: null,
    });
    const b = book();
    const crowded = buildJournalBook({
      ...bookInput(),
      marks: ['4+', '5−', '3', '5'].map(mark),
      attendance: [{ lesson_id: 'l1', page_id: 'pg', student_id: 'a', code: 'оп', minutes: 5, original_code: null }],
    });
    expect(crowded.pages[0].cells.get('l1:a')).toBe('оп/4+/5−/3/5');
    const { pages } = pdfText((await renderJournalPdf({ ...crowded, summary: b.summary })).pdf);
    const sheet = pages.find((lines) => lines.some((l) => l.includes('Иванов')) && lines.some((l) => l.includes('Октябрь 2024')))!;
    const row = sheet.findIndex((l) => l.includes('Иванов'));
    // the cell's short lines stand just above, in and below the student's row line
    const cell = `${sheet[row - 1]} ${sheet[row]} ${sheet[row + 1]}`;
    for (const part of ['оп/', '4+/', '5−/', '3/', '5']) expect(cell).toContain(part);
    expect(cell).not.toContain('…');
  });

  it('merges a student’s stays, keeps one number and notes the movement', () => {
    const b = book();
    expect(b.students.map((s) => [s.number, s.shortName, s.note])).toEqual([
      [1, 'Иванов Пётр', null],
      [2, 'Петров Иван', null],
    ]);
    const petrov = b.students[1];
    expect(presentBetween(petrov, '2024-11-01', '2024-11-30')).toBe(false);
    expect(presentBetween(petrov, '2025-01-01', '2025-01-31')).toBe(true);
    expect(monthNameRu('2024-09')).toBe('Сентябрь 2024');
  });
});

describe('[003 §6.5] CSV for Russian Excel', () => {
  it('is UTF-8 with a BOM, «;» separated, CRLF, dates ДД.ММ.ГГГГ, and a formula-looking cell is neutralised', () => {
    const csv = tableCsv({
      file: 'x',
      title: 'X',
      header: ['Дата', 'Тема', 'Отметка'],
      rows: [
        [new Date('2024-09-02T00:00:00Z'), '=HYPERLINK("http://x")', 5],
        [null, 'Дроби; сложение', '5-'],
      ],
    });
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.subarray(3).toString('utf8')).toBe(
      'Дата;Тема;Отметка\r\n02.09.2024;"\'=HYPERLINK(""http://x"")";5\r\n;"Дроби; сложение";5-\r\n',
    );
  });
});
