/**
 * Performance (успеваемость) and quality (качество знаний) [DOMAIN §9], [000 §9], [002 §5.3].
 * A student counts once: a list of their final marks (one subject or all subjects of a period).
 */
import { normalizeMarkInput } from './marks';

export type MarkCounts = { '5': number; '4': number; '3': number; '2': number };

export interface ClassRates {
  /** Students assessed: those with at least one mark other than «осв». */
  students: number;
  /** % of assessed students with no «2» (or «1»), «н/а», «нз»; null when nobody is assessed. */
  performance: number | null;
  /** % with all numeric marks «4»/«5» and nothing failing; students with only «зч» are left out; null when none. */
  quality: number | null;
  /** Only «5». */
  excellent: number;
  /** «4» and «5», at least one «4». */
  good: number;
  /** Passing with at least one «3». */
  withThree: number;
  /** At least one «2»/«1»/«н/а»/«нз». */
  failing: number;
  counts: MarkCounts;
}

/** Base digit of a final mark; a stray modifier («4−») still counts as its base. */
function digit(value: string): number | null {
  const m = /^([1-5])[+-]?$/.exec(value);
  return m ? Number(m[1]) : null;
}

const isFailing = (v: string) => v === 'н/а' || v === 'нз' || (digit(v) ?? 5) <= 2;
const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000 + 1e-7) / 10);

/** [DOMAIN §9] how many «5», «4», «3», «2» in a list of final marks; «1» is unsatisfactory and counts as «2». */
export function countByMark(finalValues: readonly string[]): MarkCounts {
  const counts: MarkCounts = { '5': 0, '4': 0, '3': 0, '2': 0 };
  for (const v of finalValues) {
    const d = digit(normalizeMarkInput(v));
    if (d !== null) counts[String(Math.max(2, d)) as keyof MarkCounts]++;
  }
  return counts;
}

/**
 * [000 §9], [002 §5.3] performance and quality of a class: each inner list is one student's final
 * marks; a student with no marks or only «осв» is not assessed and left out of the percentages.
 */
export function classRates(students: readonly (readonly string[])[]): ClassRates {
  let assessed = 0;
  let excellent = 0;
  let good = 0;
  let withThree = 0;
  let failing = 0;
  let passOnly = 0;
  for (const marks of students) {
    const values = marks.map(normalizeMarkInput).filter((v) => v !== '' && v !== 'осв');
    if (values.length === 0) continue;
    assessed++;
    const digits = values.map(digit).filter((d): d is number => d !== null);
    if (values.some(isFailing)) failing++;
    else if (digits.some((d) => d === 3)) withThree++;
    else if (digits.some((d) => d === 4)) good++;
    else if (digits.length > 0) excellent++;
    else passOnly++;
  }
  return {
    students: assessed,
    performance: percent(assessed - failing, assessed),
    quality: percent(excellent + good, assessed - passOnly),
    excellent,
    good,
    withThree,
    failing,
    counts: countByMark(students.flat()),
  };
}

/** [DOMAIN §9] успеваемость over one final mark per student, % with one decimal (null for an empty list). */
export function performanceRate(finalValues: readonly string[]): number | null {
  return classRates(finalValues.map((v) => [v])).performance;
}

/** [DOMAIN §9] качество знаний over one final mark per student: % of «4» and «5», one decimal. */
export function qualityRate(finalValues: readonly string[]): number | null {
  return classRates(finalValues.map((v) => [v])).quality;
}
