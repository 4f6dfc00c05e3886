/**
 * School calendar on plain 'YYYY-MM-DD' strings [DOMAIN §2]. Calendar days are computed in UTC
 * arithmetic so that a server's own time zone can never shift a lesson to another day; instants
 * (Date) become calendar dates only through `calendarDateIn` with the school's time zone.
 */

export type IsoDate = string;

export interface DateRange {
  startsOn: IsoDate;
  endsOn: IsoDate;
}

export type PeriodScheme = 'quarter' | 'half' | 'trimester';

export interface DefaultPeriod extends DateRange {
  number: number;
  name: string;
}

export interface DefaultHoliday extends DateRange {
  name: string;
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtcMs(date: IsoDate): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`Неверная дата: "${date}" (ожидается ГГГГ-ММ-ДД)`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

function fromUtcMs(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** True for a real calendar date written as YYYY-MM-DD (rejects 2025-02-30). */
export function isIsoDate(value: string): boolean {
  return ISO_DATE.test(value) && fromUtcMs(toUtcMs(value)) === value;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** ISO weekday: 1 = Monday … 7 = Sunday, as Russian timetables count. */
export function weekdayOf(date: IsoDate): number {
  const d = new Date(toUtcMs(date)).getUTCDay();
  return d === 0 ? 7 : d;
}

/** Every date from `from` to `to`, both included. */
export function eachDate(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let ms = toUtcMs(from), end = toUtcMs(to); ms <= end; ms += DAY_MS) out.push(fromUtcMs(ms));
  return out;
}

export function isWithin(date: IsoDate, range: DateRange): boolean {
  return range.startsOn <= date && date <= range.endsOn;
}

/** [DOMAIN §2] holidays and non-working days are part of the calendar; ranges include both ends. */
export function isHoliday(date: IsoDate, holidays: readonly DateRange[]): boolean {
  return holidays.some((h) => isWithin(date, h));
}

/** [DOMAIN §2] the timetable generates a page's lessons: one weekday, holidays skipped. */
export function generateLessonDates(input: { from: IsoDate; to: IsoDate; weekday: number; holidays?: readonly DateRange[] }): IsoDate[] {
  const { from, to, weekday, holidays = [] } = input;
  if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) throw new RangeError(`Неверный день недели: ${weekday}`);
  const out: IsoDate[] = [];
  for (let d = addDays(from, (weekday - weekdayOf(from) + 7) % 7); d <= to; d = addDays(d, 7)) {
    if (!isHoliday(d, holidays)) out.push(d);
  }
  return out;
}

/** Monday of the date's week: the diary and the class teacher's weekly corrections go by weeks. */
export function weekStart(date: IsoDate): IsoDate {
  return addDays(date, 1 - weekdayOf(date));
}

export function findPeriod<T extends DateRange>(date: IsoDate, periods: readonly T[]): T | null {
  return periods.find((p) => isWithin(date, p)) ?? null;
}

export function periodsOverlap(a: DateRange, b: DateRange): boolean {
  return a.startsOn <= b.endsOn && b.startsOn <= a.endsOn;
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of an instant in the school's time zone (a mark at 23:30 UTC is the next day in Moscow). */
export function calendarDateIn(instant: Date, timeZone = 'Europe/Moscow'): IsoDate {
  // Every hot request asks for today: the answer is remembered per zone for the current minute (all
  // zone offsets are whole minutes, so a date never changes inside one).
  const minute = Math.floor(instant.getTime() / 60_000);
  const last = lastDates.get(timeZone);
  if (last && last.minute === minute) return last.date;
  let fmt = dateFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormatters.set(timeZone, fmt);
  }
  const parts = fmt.formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const date = `${part('year')}-${part('month')}-${part('day')}`;
  lastDates.set(timeZone, { minute, date });
  return date;
}
const lastDates = new Map<string, { minute: number; date: IsoDate }>();

/** 'YYYY-MM-DD' → 'ДД.ММ.ГГГГ' for Russian messages. */
export function formatDateRu(date: IsoDate): string {
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}`;
}

const on = (year: number, month: number, day: number): IsoDate =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/**
 * [DOMAIN §2] the usual Russian year starting 1 September of `yearStart`, with fixed dates so that
 * every school gets the same proposal and the administrator adjusts it: quarters are separated by
 * the holidays of `defaultHolidays`, halves join quarters 1–2 and 3–4, trimesters are thirds
 * (Sep–Nov, Dec–Feb, Mar–May) with the same holidays falling inside them.
 */
export function defaultPeriods(yearStart: number, scheme: PeriodScheme): DefaultPeriod[] {
  const y = yearStart;
  const next = y + 1;
  const ranges: [IsoDate, IsoDate][] =
    scheme === 'quarter'
      ? [
          [on(y, 9, 1), on(y, 10, 26)],
          [on(y, 11, 5), on(y, 12, 28)],
          [on(next, 1, 12), on(next, 3, 22)],
          [on(next, 4, 1), on(next, 5, 26)],
        ]
      : scheme === 'half'
        ? [
            [on(y, 9, 1), on(y, 12, 28)],
            [on(next, 1, 12), on(next, 5, 26)],
          ]
        : [
            [on(y, 9, 1), on(y, 11, 30)],
            [on(y, 12, 1), addDays(on(next, 3, 1), -1)],
            [on(next, 3, 1), on(next, 5, 26)],
          ];
  const word = { quarter: 'четверть', half: 'полугодие', trimester: 'триместр' }[scheme];
  return ranges.map(([startsOn, endsOn], i) => ({ number: i + 1, name: `${i + 1} ${word}`, startsOn, endsOn }));
}

/**
 * [DOMAIN §2] holidays matching the gaps between the default quarters, plus the public holidays
 * that fall on school days. Government day-off transfers change yearly and are left to the administrator.
 */
export function defaultHolidays(yearStart: number): DefaultHoliday[] {
  const y = yearStart;
  const next = y + 1;
  return [
    { name: 'Осенние каникулы', startsOn: on(y, 10, 27), endsOn: on(y, 11, 4) },
    { name: 'День народного единства', startsOn: on(y, 11, 4), endsOn: on(y, 11, 4) },
    { name: 'Зимние каникулы', startsOn: on(y, 12, 29), endsOn: on(next, 1, 11) },
    { name: 'День защитника Отечества', startsOn: on(next, 2, 23), endsOn: on(next, 2, 23) },
    { name: 'Международный женский день', startsOn: on(next, 3, 8), endsOn: on(next, 3, 8) },
    { name: 'Весенние каникулы', startsOn: on(next, 3, 23), endsOn: on(next, 3, 31) },
    { name: 'Праздник Весны и Труда', startsOn: on(next, 5, 1), endsOn: on(next, 5, 1) },
    { name: 'День Победы', startsOn: on(next, 5, 9), endsOn: on(next, 5, 9) },
  ];
}
