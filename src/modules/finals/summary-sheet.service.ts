import { calendarDateIn, formatDateRu } from '../../domain/calendar';
import { type ClassRates, classRates, countByMark, type MarkCounts } from '../../domain/rates';
import type { Deps, SessionActor } from '../../server/context';
import { notFound } from '../../server/errors';
import { requireAccess } from '../access/access.service';
import { renderSummarySheetPdf } from './finals.pdf';
import { type FinalKind, finalsRepository as repo } from './finals.repository';
import { KIND_NAMES } from './finals.service';
import { renderSummarySheetXlsx } from './finals.xlsx';

/** One column of the sheet under every subject: a period, the year, the exam, the final mark. */
export interface SheetColumn {
  /** The period's id, or 'year' | 'exam' | 'final'. */
  key: string;
  kind: FinalKind;
  periodId: string | null;
  /** Full name («1 четверть», «Год»). */
  name: string;
  /** What fits a narrow column: «I», «II», «Год», «Экз.», «Итог». */
  label: string;
}

export interface SheetTotals {
  counts: MarkCounts;
  /** успеваемость, % (one decimal); null when nobody has a mark. */
  performance: number | null;
  /** качество знаний, %. */
  quality: number | null;
}

export interface SummarySheet {
  school: { name: string; directorName: string | null };
  class: { id: string; name: string; grade: number; classTeacherName: string | null };
  year: { id: string; name: string; closed: boolean };
  /** When the sheet was made, in the school's calendar. */
  madeOn: string;
  columns: SheetColumn[];
  subjects: { id: string; name: string; shortName: string; passFail: boolean }[];
  students: {
    id: string;
    number: number;
    name: string;
    /** «прибыл 12.01.2026», «выбыл 20.03.2026» or null. */
    note: string | null;
    /** Final marks keyed `${subjectId}:${columnKey}`. */
    marks: Record<string, string>;
  }[];
  /** Per subject and column, keyed `${subjectId}:${columnKey}`: counts of «5»…«2» and the two rates. */
  totals: Record<string, SheetTotals>;
  /** Per column over all subjects: a student counts once (отличники, хорошисты, …) [000 §9]. */
  classTotals: Record<string, Omit<ClassRates, 'counts'> & { counts: MarkCounts }>;
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI'];
const SHORT_KIND: Record<Exclude<FinalKind, 'period'>, string> = { year: 'Год', exam: 'Экз.', final: 'Итог' };

const rates = (values: string[]): SheetTotals => {
  const r = classRates(values.map((v) => [v]));
  return { counts: countByMark(values), performance: r.performance, quality: r.quality };
};

/**
 * The summary sheet (сводная ведомость) of a class for its year [DOMAIN §6], [002 §7.2]: students ×
 * subjects with period, year, exam and final marks, the counts of «5», «4», «3», «2» and the
 * performance and quality rates (src/domain/rates.ts) per subject and for the class.
 */
export function makeSummarySheetService({ db, now }: Pick<Deps, 'db' | 'now'>) {
  async function summarySheet(actor: SessionActor, classId: string, yearId?: string): Promise<SummarySheet> {
    // [003 §2.5] summary forms with personal data only for staff who need them: class reports.
    const r = await requireAccess(db, actor, 'class.reports', { classId });
    return sheetOf(r.schoolId, classId, yearId);
  }

  /** The sheet of a class whose access the caller has already decided: the year-end archive [003 §6.4], the CLI. */
  async function sheetOf(schoolId: string, classId: string, yearId?: string): Promise<SummarySheet> {
    const c = await repo.classContext(db, schoolId, classId);
    if (!c) throw notFound('Класс');
    if (yearId && yearId !== c.year_id) throw notFound('Учебный год');
    const [periods, subjects, finals, students] = await Promise.all([
      repo.periods(db, schoolId, c.year_id, c.period_scheme),
      repo.classSubjects(db, schoolId, classId),
      repo.classFinals(db, schoolId, classId),
      repo.pageStudents(db, schoolId, classId, null, c.year_starts_on, c.year_ends_on),
    ]);

    const has = (kind: FinalKind) => finals.some((f) => f.kind === kind);
    const columns: SheetColumn[] = [
      ...periods.map((p, i) => ({ key: p.id, kind: 'period' as const, periodId: p.id, name: p.name, label: ROMAN[i] ?? String(p.number) })),
      { key: 'year', kind: 'year' as const, periodId: null, name: KIND_NAMES.year, label: SHORT_KIND.year },
      // Exams and final marks are only in some grades: their columns appear when the class has any.
      ...(['exam', 'final'] as const)
        .filter(has)
        .map((kind) => ({ key: kind, kind, periodId: null, name: KIND_NAMES[kind], label: SHORT_KIND[kind] })),
    ];
    const columnKey = (f: { kind: FinalKind; period_id: string | null }) => (f.kind === 'period' ? (f.period_id ?? '') : f.kind);
    const byStudent = new Map<string, Record<string, string>>();
    for (const f of finals) {
      const marks = byStudent.get(f.student_id) ?? {};
      marks[`${f.subject_id}:${columnKey(f)}`] = f.value;
      byStudent.set(f.student_id, marks);
    }

    const rows = students.map((s, i) => {
      const arrived = s.from_date > c.year_starts_on ? `прибыл(а) ${formatDateRu(s.from_date)}` : null;
      const left = s.to_date && s.to_date < c.year_ends_on ? `выбыл(а) ${formatDateRu(s.to_date)}` : null;
      return {
        id: s.id,
        number: i + 1,
        name: [s.last_name, s.first_name, s.middle_name].filter(Boolean).join(' '),
        note: [arrived, left].filter(Boolean).join(', ') || null,
        marks: byStudent.get(s.id) ?? {},
      };
    });

    const totals: Record<string, SheetTotals> = {};
    for (const subject of subjects) {
      for (const col of columns) {
        const key = `${subject.id}:${col.key}`;
        totals[key] = rates(rows.map((row) => row.marks[key]).filter((v): v is string => v !== undefined));
      }
    }
    const classTotals: SummarySheet['classTotals'] = {};
    for (const col of columns) {
      classTotals[col.key] = classRates(
        rows.map((row) => subjects.map((s) => row.marks[`${s.id}:${col.key}`]).filter((v): v is string => v !== undefined)),
      );
    }

    return {
      school: { name: c.school_name, directorName: c.director_name },
      class: { id: c.id, name: c.class_name, grade: c.grade, classTeacherName: c.class_teacher_name },
      year: { id: c.year_id, name: c.year_name, closed: c.year_status === 'closed' },
      madeOn: calendarDateIn(now(), c.time_zone),
      columns,
      subjects: subjects.map((s) => ({ id: s.id, name: s.name, shortName: s.short_name, passFail: s.pass_fail })),
      students: rows,
      totals,
      classTotals,
    };
  }

  return {
    summarySheet,
    sheetOf,

    /** The sheet as a document to download and archive: PDF (A4 landscape) or XLSX, same numbers. */
    async summarySheetDocument(actor: SessionActor, classId: string, format: 'pdf' | 'xlsx', yearId?: string) {
      const sheet = await summarySheet(actor, classId, yearId);
      const body = format === 'pdf' ? await renderSummarySheetPdf(sheet) : await renderSummarySheetXlsx(sheet);
      return {
        fileName: `Сводная ведомость ${sheet.class.name} ${sheet.year.name.replace(/[\\/]/g, '-')}.${format}`,
        contentType: format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        body,
      };
    },
  };
}

export type SummarySheetService = ReturnType<typeof makeSummarySheetService>;
