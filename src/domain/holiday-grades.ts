/**
 * Holidays limited to some grades [DOMAIN §2], [issue 3]: Russian schools give first-graders extra February
 * holidays (дополнительные каникулы для первоклассников), and grades on trimesters may rest when others
 * study. A holiday with no grade range is the whole school's; one with a range is a holiday only for classes
 * whose grade is in it — their lessons are skipped, the others' lessons go on. No I/O.
 */
import type { DateRange } from './calendar';

const MIN_GRADE = 1;
const MAX_GRADE = 11;

/** A holiday's grade range: both null = every grade. */
export interface HolidayGrades {
  fromGrade: number | null;
  toGrade: number | null;
}

/** [DOMAIN §2] does the holiday apply to a class of this grade? A holiday without a range applies to all. */
export function holidayCoversGrade(h: HolidayGrades, grade: number): boolean {
  if (h.fromGrade === null || h.toGrade === null) return true;
  return h.fromGrade <= grade && grade <= h.toGrade;
}

/** The holidays that apply to a class of this grade (for generating its lessons, checking a lesson's date). */
export function holidaysOfGrade<H extends HolidayGrades>(holidays: readonly H[], grade: number): H[] {
  return holidays.filter((h) => holidayCoversGrade(h, grade));
}

/** Whether the holiday is limited to some grades (not the whole school's). */
export function isGradeLimited(h: HolidayGrades): boolean {
  return h.fromGrade !== null || h.toGrade !== null;
}

/**
 * Problems of a holiday's grade range, each naming its field and the holiday: both bounds or neither, each
 * a grade 1–11, «с» not above «по».
 */
export function holidayGradeProblems(
  h: { name: string; fromGrade?: number | null; toGrade?: number | null },
  field: string,
): { field: string; message: string }[] {
  const from = h.fromGrade ?? null;
  const to = h.toGrade ?? null;
  if (from === null && to === null) return [];
  const out: { field: string; message: string }[] = [];
  const bad = (g: number) => !Number.isInteger(g) || g < MIN_GRADE || g > MAX_GRADE;
  if (from === null)
    out.push({ field: `${field}.fromGrade`, message: `«${h.name}»: укажите, с какого класса (или не указывайте классы совсем)` });
  else if (bad(from))
    out.push({
      field: `${field}.fromGrade`,
      message: `«${h.name}»: класс «с» должен быть от ${MIN_GRADE} до ${MAX_GRADE}, указано ${from}`,
    });
  if (to === null)
    out.push({ field: `${field}.toGrade`, message: `«${h.name}»: укажите, по какой класс (или не указывайте классы совсем)` });
  else if (bad(to))
    out.push({ field: `${field}.toGrade`, message: `«${h.name}»: класс «по» должен быть от ${MIN_GRADE} до ${MAX_GRADE}, указано ${to}` });
  if (out.length === 0 && from! > to!)
    out.push({ field: `${field}.toGrade`, message: `«${h.name}»: класс «по» (${to}) меньше класса «с» (${from})` });
  return out;
}

/** «только 1-е классы», «1–4-е классы»: how a grade-limited holiday is named in lists; null for the whole school. */
export function holidayGradesLabel(h: HolidayGrades): string | null {
  if (h.fromGrade === null || h.toGrade === null) return null;
  return h.fromGrade === h.toGrade ? `только ${h.fromGrade}-е классы` : `${h.fromGrade}–${h.toGrade}-е классы`;
}

/** Date ranges of the holidays that apply to a grade (study weeks, lesson dates). */
export function holidayRangesOfGrade(holidays: readonly (DateRange & HolidayGrades)[], grade: number): DateRange[] {
  return holidaysOfGrade(holidays, grade).map((h) => ({ startsOn: h.startsOn, endsOn: h.endsOn }));
}
