import type { Queryable } from '../../db/client';
import { countsAsMissed } from '../../domain/attendance';
import { averageOf } from '../../domain/averages';
import { formatDateRu } from '../../domain/calendar';
import { resolveSettings, type SchoolSettingsInput } from '../../domain/school-settings';
import { workTypeName } from '../../domain/work-types';
import { parentReportRepository as repo } from './parent-report.repository';
import { shortenForSms, shortName } from './render';

/**
 * The informational letter for parents (информационное письмо для родителей) [000 §4.3]: progress and
 * attendance of one child over a date range, made from the journal [002 §4.5] — for print, e-mail and SMS.
 */
export interface ParentReport {
  schoolName: string;
  student: { id: string; name: string; className: string | null };
  /** The parent the letter is addressed to, when known. */
  parentName: string | null;
  from: string;
  to: string;
  subjects: {
    name: string;
    shortName: string;
    marks: { date: string; value: string; workType: string; workTypeName: string }[];
    average: number | null;
  }[];
  attendance: { missed: number; ill: number; excused: number; unexcused: number; late: number };
  finals: { subjectName: string; periodName: string; value: string }[];
}

const FINAL_KIND_NAMES: Record<string, string> = { year: 'год', exam: 'экзамен', final: 'итог' };

/** Builds the reports of several students in a few queries (no query per student). */
export async function buildParentReports(
  db: Queryable,
  schoolId: string,
  studentIds: string[],
  from: string,
  to: string,
): Promise<Map<string, ParentReport>> {
  const out = new Map<string, ParentReport>();
  if (!studentIds.length) return out;
  const [students, marks, attendance, finals] = await Promise.all([
    repo.students(db, schoolId, studentIds),
    repo.marks(db, schoolId, studentIds, from, to),
    repo.attendance(db, schoolId, studentIds, from, to),
    repo.finals(db, schoolId, studentIds, from, to),
  ]);
  for (const s of students) {
    const settings = resolveSettings(s.settings as SchoolSettingsInput);
    const bySubject = new Map<
      string,
      ParentReport['subjects'][number] & { raw: { value: string; workType: string; weight: number | null }[] }
    >();
    for (const m of marks) {
      if (m.student_id !== s.id) continue;
      const subj = bySubject.get(m.subject_name) ?? { name: m.subject_name, shortName: m.subject_short, marks: [], average: null, raw: [] };
      subj.marks.push({ date: m.date, value: m.value, workType: m.work_type, workTypeName: workTypeName(m.work_type) });
      subj.raw.push({ value: m.value, workType: m.work_type, weight: m.weight });
      bySubject.set(m.subject_name, subj);
    }
    const att = { missed: 0, ill: 0, excused: 0, unexcused: 0, late: 0 };
    for (const a of attendance) {
      if (a.student_id !== s.id) continue;
      if (countsAsMissed(a.code)) att.missed += a.n;
      if (a.code === 'б') att.ill += a.n;
      if (a.code === 'у') att.excused += a.n;
      if (a.code === 'н') att.unexcused += a.n;
      if (a.code === 'оп') att.late += a.n;
    }
    out.set(s.id, {
      schoolName: s.school_name,
      student: { id: s.id, name: s.name, className: s.class_name },
      parentName: null,
      from,
      to,
      subjects: [...bySubject.values()].map(({ raw, ...subj }) => ({ ...subj, average: averageOf(raw, settings) })),
      attendance: att,
      finals: finals
        .filter((f) => f.student_id === s.id)
        .map((f) => ({ subjectName: f.subject_name, periodName: f.period_name ?? FINAL_KIND_NAMES[f.kind] ?? f.kind, value: f.value })),
    });
  }
  return out;
}

const avgRu = (a: number | null) => (a === null ? '' : a.toFixed(2).replace('.', ','));

/** The letter as plain text (the e-mail body). */
export function parentReportText(r: ParentReport): string {
  const lines = [
    'Информационное письмо для родителей',
    r.schoolName,
    '',
    r.parentName ? `Уважаемый(ая) ${r.parentName}!` : 'Уважаемые родители!',
    `Сообщаем об успеваемости и посещаемости: ${r.student.name}${r.student.className ? `, ${r.student.className} класс` : ''}, ` +
      `с ${formatDateRu(r.from)} по ${formatDateRu(r.to)}.`,
    '',
    'Успеваемость:',
  ];
  if (!r.subjects.length) lines.push('  отметок за этот период нет');
  for (const s of r.subjects) {
    lines.push(`  ${s.name}: ${s.marks.map((m) => m.value).join(', ')}${s.average !== null ? ` (средний балл ${avgRu(s.average)})` : ''}`);
  }
  if (r.finals.length) {
    lines.push('', 'Итоговые отметки:');
    for (const f of r.finals) lines.push(`  ${f.subjectName} (${f.periodName}): ${f.value}`);
  }
  const a = r.attendance;
  lines.push(
    '',
    `Посещаемость: пропущено уроков — ${a.missed} (по болезни — ${a.ill}, по уважительной причине — ${a.excused}, ` +
      `без уважительной причины — ${a.unexcused}), опозданий — ${a.late}.`,
  );
  return lines.join('\n');
}

/** [000 §4.3] the progress and attendance report as a short SMS. */
export function parentReportSms(r: ParentReport): string {
  const range = `${formatDateRu(r.from).slice(0, 5)}–${formatDateRu(r.to).slice(0, 5)}`;
  const subjects = r.subjects.map((s) => `${s.shortName} ${s.marks.map((m) => m.value).join(' ')}`).join('; ');
  const a = r.attendance;
  const absences = a.missed ? ` Пропуски: ${a.missed}${a.unexcused ? ` (без ув. ${a.unexcused})` : ''}.` : ' Без пропусков.';
  const late = a.late ? ` Опозданий: ${a.late}.` : '';
  return shortenForSms(`${shortName(r.student.name)} ${range}: ${subjects || 'отметок нет'}.${absences}${late}`);
}
