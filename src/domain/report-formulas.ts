/**
 * Formulas of the reports [DOMAIN §9]: shares, medians, accumulation, study weeks, report buckets.
 * The reports' SQL only counts (GROUP BY); every figure a person reads is made from those counts here,
 * so a page, a class, a teacher, a school and a region are computed by the same rules.
 */
import { addDays, type DateRange, daysBetween, type IsoDate, weekStart } from './calendar';
import { markNumericValue, normalizeMarkInput, PENDING_MARK } from './marks';
import type { SchoolSettings } from './school-settings';
import { type DeadlineRule, WORK_TYPES, workTypeDeadlineRule } from './work-types';

/** part / whole in % with one decimal (half-up); null when there is nothing to divide by. */
export function percentOf(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 1000 + 1e-7) / 10;
}

/** Two decimals, half-up; null stays null. */
export function round2(x: number | null): number | null {
  return x === null ? null : Math.round(x * 100 + 1e-7) / 100;
}

/** A frequency table: value → how many times it occurs (e.g. days of delay → marks). */
export type Histogram = ReadonlyMap<number, number> | readonly (readonly [number, number])[];

function entries(h: Histogram): [number, number][] {
  return [...(h instanceof Map ? h.entries() : (h as readonly (readonly [number, number])[]))]
    .filter(([, n]) => n > 0)
    .map(([v, n]) => [v, n] as [number, number]);
}

/**
 * Median of the values a frequency table describes (the mean of the two middle ones for an even
 * count); null when empty. Medians cannot be added up, so pages keep their histograms and a teacher,
 * a school or a region merges them (`mergeHistograms`) before taking the median.
 */
export function medianOfHistogram(h: Histogram): number | null {
  const sorted = entries(h).sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  const at = (index: number) => {
    let seen = 0;
    for (const [v, n] of sorted) {
      seen += n;
      if (index < seen) return v;
    }
    return sorted[sorted.length - 1][0];
  };
  const mid = Math.floor(total / 2);
  return total % 2 === 1 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

export function medianOf(values: readonly number[]): number | null {
  const h = new Map<number, number>();
  for (const v of values) h.set(v, (h.get(v) ?? 0) + 1);
  return medianOfHistogram(h);
}

export function mergeHistograms(list: readonly Histogram[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const h of list) for (const [v, n] of entries(h)) out.set(v, (out.get(v) ?? 0) + n);
  return out;
}

/**
 * [002 §3.5] a mark entered in the journal for the control report: any value but the точка (the
 * student still owes the work, nothing was assessed).
 */
export function isEnteredMark(value: string): boolean {
  return normalizeMarkInput(value) !== PENDING_MARK;
}

/**
 * [003 §3.2] which deadline rule each work type has in this school, for the report's SQL (it applies
 * the rules of `markEntryDeadline` to all marks at once). Unknown types behave as «другое».
 */
export function deadlineRuleTable(settings: Pick<SchoolSettings, 'deadlines'>): { workType: string; rule: DeadlineRule }[] {
  return WORK_TYPES.map((workType) => ({ workType, rule: workTypeDeadlineRule(workType, settings) }));
}

/**
 * Study weeks in a date range: its days less holidays (каникулы), divided by 7. The teaching load is
 * given in hours per week, so this turns weekly hours into lessons expected over the range.
 */
export function studyWeeks(range: DateRange, holidays: readonly DateRange[] = []): number {
  const days = daysBetween(range.startsOn, range.endsOn) + 1;
  if (days <= 0) return 0;
  let off = 0;
  for (const h of mergeRanges(holidays)) {
    const from = laterDate(h.startsOn, range.startsOn);
    const to = earlierDate(h.endsOn, range.endsOn);
    if (from <= to) off += daysBetween(from, to) + 1;
  }
  return Math.round(((days - off) / 7) * 100) / 100;
}

// ISO dates compare as strings (Math.max would turn them into NaN).
const laterDate = (a: IsoDate, b: IsoDate): IsoDate => [a, b].sort()[1];
const earlierDate = (a: IsoDate, b: IsoDate): IsoDate => [a, b].sort()[0];

function mergeRanges(ranges: readonly DateRange[]): DateRange[] {
  const sorted = [...ranges].sort((a, b) => (a.startsOn < b.startsOn ? -1 : 1));
  const out: DateRange[] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r.startsOn <= addDays(last.endsOn, 1)) {
      if (r.endsOn > last.endsOn) last.endsOn = r.endsOn;
    } else out.push({ startsOn: r.startsOn, endsOn: r.endsOn });
  }
  return out;
}

/** [004] lessons the teaching load expects over the range: weekly hours × study weeks, whole lessons. */
export function expectedLessons(hoursPerWeek: number | null, weeks: number): number | null {
  if (hoursPerWeek === null || hoursPerWeek <= 0) return null;
  return Math.round(hoursPerWeek * weeks);
}

/**
 * [DOMAIN §9] mark accumulation (накопляемость) relative to weekly hours: marks per student per lesson
 * the teaching load expects over the range (hours per week × study weeks). 0.5 = one mark per student
 * every two lessons. The base is Σ(students × lessons expected) over the pages, so a teacher, a class
 * or a school is the same ratio over all its pages; null without students or without a teaching load.
 */
export function accumulation(marks: number, studentLessonsExpected: number): number | null {
  return studentLessonsExpected > 0 ? round2(marks / studentLessonsExpected) : null;
}

/** Marks per student, two decimals. */
export function marksPerStudent(marks: number, students: number): number | null {
  return students > 0 ? round2(marks / students) : null;
}

/**
 * [DOMAIN §9] the average of final marks (numeric ones: «5»…«2», «1» where used); «зч», «н/а», «осв»
 * do not enter it. Two decimals; null when there is none.
 */
export function averageOfFinals(values: readonly string[]): number | null {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    const x = markNumericValue(v, { plusMinusMode: 'base' });
    if (x === null) continue;
    sum += x;
    n++;
  }
  return n === 0 ? null : round2(sum / n);
}

/** Change from the previous period, for the comparison columns; null when either side is missing. */
export function changeFrom(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null) return null;
  return round2(current - previous);
}

export type Granularity = 'week' | 'month';

export interface Bucket extends DateRange {
  /** 'YYYY-MM-DD' of the Monday (week) or the 1st (month) the bucket belongs to, clipped to the range. */
  key: IsoDate;
}

/**
 * [000 §9] weekly and [002 §5.1] monthly report columns: the calendar weeks (Monday–Sunday) or months
 * a range touches, each clipped to the range.
 */
export function reportBuckets(range: DateRange, granularity: Granularity): Bucket[] {
  const out: Bucket[] = [];
  let key = granularity === 'week' ? weekStart(range.startsOn) : `${range.startsOn.slice(0, 7)}-01`;
  while (key <= range.endsOn) {
    const next = granularity === 'week' ? addDays(key, 7) : nextMonth(key);
    const end = addDays(next, -1);
    out.push({ key, startsOn: laterDate(key, range.startsOn), endsOn: earlierDate(end, range.endsOn) });
    key = next;
  }
  return out;
}

function nextMonth(firstOfMonth: IsoDate): IsoDate {
  const y = Number(firstOfMonth.slice(0, 4));
  const m = Number(firstOfMonth.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/**
 * [003 §3.3] the class teacher's analysis names the students one «3» keeps from «4»/«5» (резерв
 * хорошистов): exactly one «3» among their final marks and nothing failing.
 */
export function hasExactlyOneThree(finalValues: readonly string[]): boolean {
  let threes = 0;
  for (const raw of finalValues) {
    const v = normalizeMarkInput(raw);
    if (v === 'н/а' || v === 'нз' || v === '2' || v === '1') return false;
    if (v === '3') threes++;
  }
  return threes === 1;
}
