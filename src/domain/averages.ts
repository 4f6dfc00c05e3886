/**
 * Averages and rounding borders [DOMAIN §4], [DOMAIN §6]. Everything that rounds an average to a
 * mark lives here so the period proposal and the diary's «что нужно» hint can never disagree.
 */
import { markNumericValue } from './marks';
import type { SchoolSettings } from './school-settings';
import { workTypeWeight } from './work-types';

export interface AveragedMark {
  value: string;
  workType: string;
  /** The work's own weight when the teacher changed it; otherwise the work type's weight. */
  weight?: number | null;
}

export type NumericMark = '1' | '2' | '3' | '4' | '5';

/** Half-up to two decimals; the nudge keeps 2.675-style binary fractions from rounding down. */
export function roundTo2(x: number): number {
  return Math.round(x * 100 + 1e-7) / 100;
}

/** [DOMAIN §4] weight of one mark: its own, else the school's for the work type, else the default. */
export function markWeight(mark: AveragedMark, settings: Pick<SchoolSettings, 'weights'>): number {
  return mark.weight ?? workTypeWeight(mark.workType, settings);
}

/** Number of marks that enter averages (numeric ones; not «зч», «осв», the точка …). */
export function countNumericMarks(marks: readonly AveragedMark[], settings: SchoolSettings): number {
  return marks.filter((m) => markNumericValue(m.value, settings) !== null).length;
}

/**
 * [DOMAIN §4] weighted average Σ(mark × weight) / Σ(weight), or the plain mean when the school chose
 * it, to two decimals; non-numeric and pending marks are ignored; null when nothing counts.
 */
export function averageOf(marks: readonly AveragedMark[], settings: SchoolSettings): number | null {
  let sum = 0;
  let weights = 0;
  for (const mark of marks) {
    const n = markNumericValue(mark.value, settings);
    if (n === null) continue;
    const w = settings.averageMode === 'plain' ? 1 : markWeight(mark, settings);
    sum += n * w;
    weights += w;
  }
  return weights > 0 ? roundTo2(sum / weights) : null;
}

/**
 * [DOMAIN §6] an average becomes a mark upwards from the school's border (x.50 by default, x.60 if set):
 * 2.49 → 2, 2.50 → 3; with 0.6: 3.59 → 3, 3.60 → 4. The two-decimal average the teacher sees is what
 * is rounded. Never below 2 (1 where the school allows it), never above 5.
 */
export function roundAverageToMark(average: number, settings: Pick<SchoolSettings, 'roundingBorder' | 'allowOne'>): number {
  const hundredths = Math.round(roundTo2(average) * 100);
  const whole = Math.floor(hundredths / 100);
  const rounded = hundredths - whole * 100 >= Math.round(settings.roundingBorder * 100) ? whole + 1 : whole;
  return Math.min(5, Math.max(settings.allowOne ? 1 : 2, rounded));
}

/** The numeric proposal, or null where too few marks make it «н/а» [DOMAIN §6]. */
function proposedNumber(marks: readonly AveragedMark[], settings: SchoolSettings): number | null {
  const average = averageOf(marks, settings);
  if (average === null || countNumericMarks(marks, settings) < settings.minMarksForPeriod) return null;
  return roundAverageToMark(average, settings);
}

export interface NeededForMark {
  target: NumericMark;
  /** How many «5» of the given work type lift the proposal to `target`; null if more than 20. */
  fives: number | null;
}

const MAX_FIVES = 20;

/**
 * [DOMAIN §7] the diary's «что нужно» hint: for each mark better than the current proposal (or only
 * `targetMark`), the fewest «5» of `workType` that would make the period proposal reach it, counting
 * the minimum number of marks too. A «2» is never a target; from «н/а» the targets are 3–5.
 */
export function marksNeededForNextBorder(
  marks: readonly AveragedMark[],
  settings: SchoolSettings,
  options: { workType: string; targetMark?: NumericMark },
): NeededForMark[] {
  const current = proposedNumber(marks, settings) ?? 2;
  const targets = [1, 2, 3, 4, 5].filter((t) => t > current && (options.targetMark === undefined || String(t) === options.targetMark));
  const extra: AveragedMark[] = [];
  const reached = new Map<number, number>();
  for (let n = 1; n <= MAX_FIVES && reached.size < targets.length; n++) {
    extra.push({ value: '5', workType: options.workType });
    const proposal = proposedNumber([...marks, ...extra], settings) ?? 0;
    for (const t of targets) if (proposal >= t && !reached.has(t)) reached.set(t, n);
  }
  return targets.map((t) => ({ target: String(t) as NumericMark, fives: reached.get(t) ?? null }));
}
