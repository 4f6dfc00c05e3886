/**
 * Pure rules of the school's structure [DOMAIN §2], [002 §4.6], [004 admin]: period sets, classes and
 * their names, timetable slot conflicts, logins for issued credentials, dates and names read from
 * imported files, student movement dates. No I/O: the school modules load the facts and call these.
 */
import {
  addDays,
  type DateRange,
  formatDateRu,
  generateLessonDates,
  type IsoDate,
  isHoliday,
  isIsoDate,
  isWithin,
  type PeriodScheme,
} from './calendar';

export const PERIOD_SCHEMES = ['quarter', 'half', 'trimester'] as const satisfies readonly PeriodScheme[];

export const SCHEME_NAMES_RU: Record<PeriodScheme, string> = { quarter: 'четверти', half: 'полугодия', trimester: 'триместры' };
const PERIOD_WORD: Record<PeriodScheme, string> = { quarter: 'четверть', half: 'полугодие', trimester: 'триместр' };

export const FIRST_GRADE = 1;
/** The last grade: its students graduate at the year-end transfer [002 §4.6]. */
export const LAST_GRADE = 11;

/** A problem found by a rule: the field it concerns and a Russian message for the user. */
export interface Problem {
  field: string;
  message: string;
}

// ───────────── periods ─────────────

/** [DOMAIN §2] quarters for grades 1–9, halves for 10–11, unless the year says otherwise. */
export function defaultSchemeForGrade(grade: number): PeriodScheme {
  return grade >= 10 ? 'half' : 'quarter';
}

/** The scheme of a grade in a year: the year's per-grade setting, else the default. */
export function schemeForGrade(grade: number, gradeSchemes: Partial<Record<string, PeriodScheme>> | null | undefined): PeriodScheme {
  return gradeSchemes?.[String(grade)] ?? defaultSchemeForGrade(grade);
}

/** Expands grade ranges (e.g. 1–9 quarters, 10–11 halves) into the per-grade map kept with the year. */
export function gradeSchemesFromRanges(
  ranges: readonly { fromGrade: number; toGrade: number; scheme: PeriodScheme }[],
): Record<string, PeriodScheme> {
  const out: Record<string, PeriodScheme> = {};
  for (let g = FIRST_GRADE; g <= LAST_GRADE; g++) out[String(g)] = defaultSchemeForGrade(g);
  for (const r of ranges)
    for (let g = Math.max(FIRST_GRADE, r.fromGrade); g <= Math.min(LAST_GRADE, r.toGrade); g++) out[String(g)] = r.scheme;
  return out;
}

/** Back to ranges for display: consecutive grades with the same scheme. */
export function gradeRangesOf(gradeSchemes: Partial<Record<string, PeriodScheme>> | null | undefined) {
  const out: { fromGrade: number; toGrade: number; scheme: PeriodScheme }[] = [];
  for (let g = FIRST_GRADE; g <= LAST_GRADE; g++) {
    const scheme = schemeForGrade(g, gradeSchemes);
    const last = out[out.length - 1];
    if (last && last.scheme === scheme && last.toGrade === g - 1) last.toGrade = g;
    else out.push({ fromGrade: g, toGrade: g, scheme });
  }
  return out;
}

export interface PeriodInput extends DateRange {
  scheme: PeriodScheme;
  number: number;
  name?: string | null;
}

export function periodName(scheme: PeriodScheme, number: number): string {
  return `${number} ${PERIOD_WORD[scheme]}`;
}

/**
 * [DOMAIN §2] a year's periods: each inside the year, start not after end, numbered 1…n per scheme
 * without gaps or repeats, and periods of one scheme never overlap. Returns every problem found.
 */
export function periodSetProblems(year: DateRange, periods: readonly PeriodInput[], field = 'periods'): Problem[] {
  const problems: Problem[] = [];
  periods.forEach((p, i) => {
    const f = `${field}.${i}`;
    const label = `«${p.name || periodName(p.scheme, p.number)}»`;
    if (!isIsoDate(p.startsOn)) problems.push({ field: `${f}.startsOn`, message: `Период ${label}: неверная дата начала` });
    if (!isIsoDate(p.endsOn)) problems.push({ field: `${f}.endsOn`, message: `Период ${label}: неверная дата окончания` });
    if (!isIsoDate(p.startsOn) || !isIsoDate(p.endsOn)) return;
    if (p.startsOn > p.endsOn)
      problems.push({
        field: `${f}.endsOn`,
        message: `Период ${label}: окончание ${formatDateRu(p.endsOn)} раньше начала ${formatDateRu(p.startsOn)}`,
      });
    if (!isWithin(p.startsOn, year) || !isWithin(p.endsOn, year))
      problems.push({
        field: `${f}.startsOn`,
        message: `Период ${label} (${formatDateRu(p.startsOn)}–${formatDateRu(p.endsOn)}) выходит за границы учебного года ${formatDateRu(year.startsOn)}–${formatDateRu(year.endsOn)}`,
      });
  });
  for (const scheme of PERIOD_SCHEMES) {
    const list = periods.map((p, i) => ({ p, i })).filter((x) => x.p.scheme === scheme);
    const numbers = list.map((x) => x.p.number).sort((a, b) => a - b);
    if (numbers.some((n, k) => n !== k + 1))
      problems.push({
        field: `${field}`,
        message: `Периоды (${SCHEME_NAMES_RU[scheme]}) должны быть пронумерованы подряд с 1: ${numbers.join(', ')}`,
      });
    for (let a = 0; a < list.length; a++)
      for (let b = a + 1; b < list.length; b++) {
        const x = list[a].p;
        const y = list[b].p;
        if (!isIsoDate(x.startsOn) || !isIsoDate(x.endsOn) || !isIsoDate(y.startsOn) || !isIsoDate(y.endsOn)) continue;
        if (x.startsOn <= y.endsOn && y.startsOn <= x.endsOn)
          problems.push({
            field: `${field}.${list[b].i}.startsOn`,
            message: `Периоды пересекаются: «${x.name || periodName(scheme, x.number)}» (${formatDateRu(x.startsOn)}–${formatDateRu(x.endsOn)}) и «${y.name || periodName(scheme, y.number)}» (${formatDateRu(y.startsOn)}–${formatDateRu(y.endsOn)})`,
          });
      }
  }
  return problems;
}

/** The later / earlier of two 'YYYY-MM-DD' dates (they compare as strings). */
export function laterDate(a: IsoDate, b: IsoDate): IsoDate {
  return [a, b].sort()[1];
}
export function earlierDate(a: IsoDate, b: IsoDate): IsoDate {
  return [a, b].sort()[0];
}

// ───────────── classes ─────────────

/** Latin letters that look like Cyrillic ones: «5A» typed on a Latin keyboard is «5А». */
const LOOKALIKE: Record<string, string> = {
  A: 'А',
  B: 'В',
  E: 'Е',
  K: 'К',
  M: 'М',
  H: 'Н',
  O: 'О',
  P: 'Р',
  C: 'С',
  T: 'Т',
  X: 'Х',
  Y: 'У',
};

/** A class letter as kept: trimmed, upper case, Latin look-alikes made Cyrillic («а» → «А», «A» → «А»). */
export function normalizeLetter(letter: string): string {
  return [...letter.trim().toUpperCase()]
    .map((ch) => LOOKALIKE[ch] ?? ch)
    .join('')
    .replace(/Ё/g, 'Е');
}

/** «5А», «11 Б», «5-а» → grade and letter; null when it is not a class name (grade 1–11, 1–3 letter characters). */
export function parseClassName(name: string): { grade: number; letter: string } | null {
  const m = /^\s*(\d{1,2})\s*[-–]?\s*"?([A-Za-zА-Яа-яЁё0-9]{1,3})"?\s*$/.exec(name);
  if (!m) return null;
  const grade = Number(m[1]);
  if (grade < FIRST_GRADE || grade > LAST_GRADE) return null;
  return { grade, letter: normalizeLetter(m[2]) };
}

export function className(grade: number, letter: string): string {
  return `${grade}${letter}`;
}

/**
 * [002 §4.6] at the year-end transfer a class goes one grade up; the school's last grade (11, or 9 in a basic
 * school — the `lastGrade` setting) graduates.
 */
export function nextGrade(grade: number, lastGrade: number = LAST_GRADE): number | 'graduate' {
  return grade >= lastGrade ? 'graduate' : grade + 1;
}

// ───────────── timetable ─────────────

export interface SlotEntry {
  /** what the caller uses to name the entry in messages */
  label: string;
  teacherId: string;
  classId: string;
  subgroupId: string | null;
  weekday: number;
  lessonNumber: number;
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

export function validityOverlaps(
  a: { validFrom: IsoDate; validTo: IsoDate | null },
  b: { validFrom: IsoDate; validTo: IsoDate | null },
): boolean {
  return (a.validTo === null || b.validFrom <= a.validTo) && (b.validTo === null || a.validFrom <= b.validTo);
}

export const WEEKDAY_NAMES_RU = ['', 'понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье'];

export interface SlotConflict {
  kind: 'teacher' | 'class';
  message: string;
  a: SlotEntry;
  b: SlotEntry;
}

/**
 * Timetable slot conflicts between new entries and among them and the entries that stay: a teacher twice in
 * one slot (same weekday and lesson number, overlapping validity), or a class twice in one slot — except
 * two subgroups of the class, which are taught at the same time by different teachers [003 §3.2].
 */
export function timetableConflicts(added: readonly SlotEntry[], kept: readonly SlotEntry[]): SlotConflict[] {
  const out: SlotConflict[] = [];
  const check = (a: SlotEntry, b: SlotEntry) => {
    if (a.weekday !== b.weekday || a.lessonNumber !== b.lessonNumber || !validityOverlaps(a, b)) return;
    const slot = `${WEEKDAY_NAMES_RU[a.weekday]}, ${a.lessonNumber}-й урок`;
    if (a.teacherId === b.teacherId) {
      out.push({ kind: 'teacher', a, b, message: `Учитель уже занят в этот час (${slot}): «${a.label}» и «${b.label}»` });
    } else if (a.classId === b.classId && (a.subgroupId === null || b.subgroupId === null || a.subgroupId === b.subgroupId)) {
      out.push({ kind: 'class', a, b, message: `У класса уже стоит урок в этот час (${slot}): «${a.label}» и «${b.label}»` });
    }
  };
  for (let i = 0; i < added.length; i++) {
    for (let j = i + 1; j < added.length; j++) check(added[i], added[j]);
    for (const k of kept) check(added[i], k);
  }
  return out;
}

/**
 * [DOMAIN §2] the dates of one weekly timetable entry: its weekday from `from` to `to`, skipping holidays
 * and days outside the class's study periods (the gaps between quarters).
 */
export function timetableLessonDates(input: {
  from: IsoDate;
  to: IsoDate;
  weekday: number;
  holidays: readonly DateRange[];
  periods: readonly DateRange[];
}): IsoDate[] {
  if (input.from > input.to) return [];
  return generateLessonDates({ from: input.from, to: input.to, weekday: input.weekday, holidays: input.holidays }).filter(
    (d) => input.periods.length === 0 || input.periods.some((p) => isWithin(d, p)),
  );
}

/** Why a single lesson may not be on this date (a holiday, outside the study periods), or null. */
export function lessonDateProblem(
  date: IsoDate,
  holidays: readonly (DateRange & { name: string })[],
  periods: readonly DateRange[],
): string | null {
  if (isHoliday(date, holidays)) {
    const h = holidays.find((x) => isWithin(date, x))!;
    return `${formatDateRu(date)} — нерабочий день («${h.name}»): урок в этот день поставить нельзя`;
  }
  if (periods.length > 0 && !periods.some((p) => isWithin(date, p)))
    return `${formatDateRu(date)} не входит ни в один учебный период класса`;
  return null;
}

// ───────────── people ─────────────

const SPACES = /\s+/g;

/** A name part as kept: trimmed, single spaces, first letter of each word capitalised («иванова-петрова» → «Иванова-Петрова»). */
export function normalizeName(s: string): string {
  return s
    .trim()
    .replace(SPACES, ' ')
    .toLowerCase()
    .replace(/(^|[\s-])([a-zа-яё])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** The key that matches one person across imports: the name without case, «ё» as «е», plus the birth date. */
export function personKey(p: { lastName: string; firstName: string; middleName?: string | null; birthDate?: string | null }): string {
  const n = (s: string | null | undefined) => (s ?? '').trim().replace(SPACES, ' ').toLowerCase().replace(/ё/g, 'е');
  return [n(p.lastName), n(p.firstName), n(p.middleName), p.birthDate ?? ''].join('|');
}

export function fullName(p: { lastName: string; firstName: string; middleName?: string | null }): string {
  return [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');
}

/**
 * A date written in a school's file or form: ДД.ММ.ГГГГ (also with «/» or «-», one-digit day and month,
 * two-digit years read as 19xx/20xx), or ГГГГ-ММ-ДД. Returns 'YYYY-MM-DD', or null when it is not a real date.
 */
export function parseDateRu(value: string): IsoDate | null {
  const s = value.trim();
  if (isIsoDate(s)) return s;
  const m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})(?:\s+0?0:00(?::00)?)?$/.exec(s);
  if (!m) return null;
  let y = Number(m[3]);
  if (m[3].length === 2) y += y > 30 ? 1900 : 2000;
  const iso = `${String(y).padStart(4, '0')}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

const TRANSLIT: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

/** Russian → Latin letters for logins (a simplified passport transliteration); other characters dropped. */
export function transliterate(s: string): string {
  return [...s.toLowerCase()].map((ch) => (ch in TRANSLIT ? TRANSLIT[ch] : /[a-z0-9]/.test(ch) ? ch : '')).join('');
}

/** The login a person would get: «ivanov.pa» (surname, initials), trimmed to 24 characters; «user» when nothing is left. */
export function loginBase(p: { lastName: string; firstName: string; middleName?: string | null }): string {
  const last = transliterate(p.lastName).slice(0, 20);
  const initials = transliterate(p.firstName).slice(0, 1) + transliterate(p.middleName ?? '').slice(0, 1);
  const base = [last, initials].filter(Boolean).join('.');
  return base.length >= 3 ? base.slice(0, 24) : `user${base}`;
}

/** The first free login of `base`, `base2`, `base3` … given the logins taken (compared lower-cased). */
export function pickLogin(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}${n}`.toLowerCase())) return `${base}${n}`;
}

// ───────────── movement ─────────────

export type MovementKind = 'arrival' | 'departure' | 'transfer';

export const MOVEMENT_NAMES_RU: Record<MovementKind, string> = { arrival: 'прибытие', departure: 'выбытие', transfer: 'перевод' };

export interface Stay {
  classId: string;
  className: string;
  fromDate: IsoDate;
  toDate: IsoDate | null;
}

/**
 * [004 class teacher], [002 §4.6] may this movement be made? The date is the first day of the new state:
 * an arrival puts the student in a class from that day; a departure or transfer ends the current stay
 * the day before (the old stay keeps its dates, marks stay where they were given).
 * `stays` are all of the student's stays; `year` the current year.
 */
export function movementProblem(input: {
  kind: MovementKind;
  date: IsoDate;
  stays: readonly Stay[];
  year: DateRange;
  toClassId?: string | null;
}): { problem: Problem; conflict: boolean } | null {
  const { kind, date, stays, year } = input;
  const d = formatDateRu(date);
  if (!isWithin(date, year))
    return {
      conflict: false,
      problem: {
        field: 'date',
        message: `Дата ${d} вне текущего учебного года (${formatDateRu(year.startsOn)}–${formatDateRu(year.endsOn)})`,
      },
    };
  const open = stays.find((s) => s.toDate === null) ?? null;
  if (kind === 'arrival') {
    if (!input.toClassId) return { conflict: false, problem: { field: 'toClassId', message: 'Укажите класс, в который прибывает ученик' } };
    const clash = stays.find((s) => s.toDate === null || s.toDate >= date);
    if (clash)
      return {
        conflict: true,
        problem: {
          field: 'date',
          message:
            clash.toDate === null
              ? `Ученик уже числится в классе ${clash.className} с ${formatDateRu(clash.fromDate)}: ученик не может быть в двух классах одновременно — оформите перевод`
              : `Ученик числился в классе ${clash.className} по ${formatDateRu(clash.toDate)}: прибытие возможно не раньше ${formatDateRu(addDays(clash.toDate, 1))}`,
        },
      };
    return null;
  }
  if (!open) return { conflict: true, problem: { field: 'studentId', message: 'Ученик сейчас не числится ни в одном классе' } };
  if (date <= open.fromDate)
    return {
      conflict: false,
      problem: {
        field: 'date',
        message: `Дата ${kind === 'transfer' ? 'перевода' : 'выбытия'} ${d} должна быть позже зачисления в класс ${open.className} (${formatDateRu(open.fromDate)})`,
      },
    };
  if (kind === 'transfer') {
    if (!input.toClassId)
      return { conflict: false, problem: { field: 'toClassId', message: 'Укажите класс, в который переводится ученик' } };
    if (input.toClassId === open.classId)
      return { conflict: true, problem: { field: 'toClassId', message: `Ученик уже числится в классе ${open.className}` } };
  }
  return null;
}
