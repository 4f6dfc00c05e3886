/**
 * Attendance codes [DOMAIN §5], set by the subject teacher on the day [003 §3.2] and corrected weekly
 * by the class teacher [000 §4.2].
 */

export const ATTENDANCE_CODES = ['н', 'б', 'у', 'оп', 'осв'] as const;
export type AttendanceCode = (typeof ATTENDANCE_CODES)[number];

export const ATTENDANCE_NAMES: Record<AttendanceCode, string> = {
  н: 'отсутствовал',
  б: 'болезнь',
  у: 'уважительная причина',
  оп: 'опоздание',
  осв: 'освобождён',
};

export const LATE_MINUTES_MIN = 1;
/** A lesson lasts 45 minutes: being later than that is an absence, not a late arrival. */
export const LATE_MINUTES_MAX = 45;
export const ATTENDANCE_ERROR_CODE = 'journal.invalid_attendance';

/** Shaped like `parseMarkValue`'s result; a refusal also names the input `field` that is wrong. */
export type AttendanceParseResult =
  | { ok: true; value: { code: AttendanceCode; minutes: number | null } }
  | { ok: false; code: typeof ATTENDANCE_ERROR_CODE; field: 'code' | 'minutes'; message: string };

const fail = (field: 'code' | 'minutes', message: string): AttendanceParseResult => ({
  ok: false,
  code: ATTENDANCE_ERROR_CODE,
  field,
  message,
});

export function isAttendanceCode(value: string): value is AttendanceCode {
  return (ATTENDANCE_CODES as readonly string[]).includes(value);
}

/** [DOMAIN §5] validates a code; «оп» needs the minutes late (1–45), the other codes take none. */
export function parseAttendance(code: string, minutes?: number | null): AttendanceParseResult {
  const value = String(code).trim().toLowerCase();
  if (!isAttendanceCode(value)) {
    return fail('code', `Недопустимая отметка посещаемости: "${String(code).trim()}". Допустимо: н, б, у, оп, осв`);
  }
  const hasMinutes = minutes !== undefined && minutes !== null;
  if (value !== 'оп') {
    return hasMinutes
      ? fail('minutes', 'Минуты указываются только для опоздания («оп»)')
      : { ok: true, value: { code: value, minutes: null } };
  }
  if (!hasMinutes) {
    return fail('minutes', `Для опоздания укажите, на сколько минут: от ${LATE_MINUTES_MIN} до ${LATE_MINUTES_MAX}`);
  }
  if (!Number.isInteger(minutes) || minutes < LATE_MINUTES_MIN || minutes > LATE_MINUTES_MAX) {
    return fail('minutes', `Опоздание может быть от ${LATE_MINUTES_MIN} до ${LATE_MINUTES_MAX} минут, указано: ${minutes}`);
  }
  return { ok: true, value: { code: value, minutes } };
}

/** [002 §4.5] excused vs unexcused in the missed-lessons report: «б», «у», «осв» are excused, «н» is not. */
export function isExcused(code: string): boolean {
  return code === 'б' || code === 'у' || code === 'осв';
}

/**
 * [002 §4.5] a missed lesson: «н», «б», «у». A late student was present and a released one («осв»)
 * was freed from the lesson by the school, so neither is a пропуск.
 */
export function countsAsMissed(code: string): boolean {
  return code === 'н' || code === 'б' || code === 'у';
}
