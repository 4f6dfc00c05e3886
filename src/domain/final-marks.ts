/**
 * Final marks [DOMAIN §6]: the system proposes, the teacher confirms or overrides.
 */
import { type AveragedMark, averageOf, countNumericMarks, type NumericMark, roundAverageToMark, roundTo2 } from './averages';
import { addDays, calendarDateIn, type IsoDate } from './calendar';
import { markNumericValue, normalizeMarkInput } from './marks';
import type { SchoolSettings } from './school-settings';

export type PeriodMarkProposal = { value: NumericMark | 'н/а'; average: number | null; count: number };
export type YearMarkValue = NumericMark | 'н/а' | 'зч' | 'нз' | 'осв';

/**
 * [DOMAIN §6] period mark proposed from the (weighted) average with the school's rounding border;
 * «н/а» when fewer than `minMarksForPeriod` numeric marks. `count` is the number of numeric marks.
 */
export function proposePeriodMark(marks: readonly AveragedMark[], settings: SchoolSettings): PeriodMarkProposal {
  const average = averageOf(marks, settings);
  const count = countNumericMarks(marks, settings);
  if (average === null || count < settings.minMarksForPeriod) return { value: 'н/а', average, count };
  return { value: String(roundAverageToMark(average, settings)) as NumericMark, average, count };
}

/**
 * [DOMAIN §6] year mark from the period marks: the plain mean of the numeric ones, rounded like a
 * period mark. Without numeric marks: any «нз» → «нз»; only «зч» (periods of release allowed) → «зч»;
 * only «осв» → «осв»; otherwise «н/а».
 */
export function proposeYearMark(
  periodMarks: readonly string[],
  settings: SchoolSettings,
): { value: YearMarkValue; average: number | null } {
  const values = periodMarks.map(normalizeMarkInput).filter((v) => v !== '');
  if (values.includes('нз')) return { value: 'нз', average: null };
  const numbers = values.map((v) => markNumericValue(v, settings)).filter((n): n is number => n !== null);
  if (numbers.length > 0) {
    const average = roundTo2(numbers.reduce((a, b) => a + b, 0) / numbers.length);
    return { value: String(roundAverageToMark(average, settings)) as NumericMark, average };
  }
  if (values.includes('зч') && values.every((v) => v === 'зч' || v === 'осв')) return { value: 'зч', average: null };
  if (values.length > 0 && values.every((v) => v === 'осв')) return { value: 'осв', average: null };
  return { value: 'н/а', average: null };
}

/** [001 §5.8], [003 §3.2] final marks are due by the end of the period, late after `finalMarkLateAfterDays` more days. */
export function finalMarkDeadline(
  periodEnd: IsoDate,
  settings: Pick<SchoolSettings, 'finalMarkLateAfterDays'>,
): { dueBy: IsoDate; lateAfter: IsoDate } {
  return { dueBy: periodEnd, lateAfter: addDays(periodEnd, settings.finalMarkLateAfterDays) };
}

/** [001 §5.8] a final mark entered after the last allowed day (period end + 4 days by default) is late. */
export function isFinalMarkLate(
  enteredOn: IsoDate | Date,
  periodEnd: IsoDate,
  settings: Pick<SchoolSettings, 'finalMarkLateAfterDays'>,
  timeZone = 'Europe/Moscow',
): boolean {
  const day = typeof enteredOn === 'string' ? enteredOn : calendarDateIn(enteredOn, timeZone);
  return day > finalMarkDeadline(periodEnd, settings).lateAfter;
}
