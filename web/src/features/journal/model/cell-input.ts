/**
 * What a teacher types into a journal cell, read the way the paper journal reads it: a mark
 * («5», «4+», «5-», «зч», «нз», «осв», «.» for the точка) or an attendance code («н», «б», «у»,
 * «оп 10», «осв») [DOMAIN §4–5]. The server checks everything again; this only decides which call to make.
 */
import { ATTENDANCE_CODES, type AttendanceCode, parseAttendance } from '@domain/attendance';
import { normalizeMarkInput, parseMarkValue } from '@domain/marks';

export type CellKind = 'mark' | 'attendance';

export type CellInput =
  | { kind: 'mark'; value: string }
  | { kind: 'attendance'; code: AttendanceCode; minutes: number | null }
  | { kind: 'clear' }
  | { kind: 'invalid'; message: string };

/**
 * School computers are often left in the Latin layout: «y» is the key of «н», «px» of «зч». Letters
 * typed in Latin are read as the Cyrillic letters of the same keys (ЙЦУКЕН); «.» stays the точка.
 */
const LATIN_KEYS = "qwertyuiop[]asdfghjkl;'zxcvbnm,`";
const CYRILLIC_KEYS = 'йцукенгшщзхъфывапролджэячсмитьбё';

export function fromLatinLayout(text: string): string {
  return [...text.toLowerCase()]
    .map((ch) => {
      const i = LATIN_KEYS.indexOf(ch);
      return i >= 0 ? CYRILLIC_KEYS[i] : ch;
    })
    .join('');
}

/** The key that cycles the absence codes: «н» in the Russian layout, «y» (the same key) in the Latin one. */
export function isAbsenceKey(key: string): boolean {
  return key === 'н' || key === 'Н' || key === 'y' || key === 'Y';
}

/** н → б → у → оп → осв → (back to н); a mark cell skips «осв», which there means the mark «освобождён». */
export function nextAbsenceCode(text: string, kind: CellKind): AttendanceCode | null {
  const cycle: readonly AttendanceCode[] = kind === 'attendance' ? ATTENDANCE_CODES : ATTENDANCE_CODES.filter((c) => c !== 'осв');
  const current = fromLatinLayout(text).trim();
  const i = cycle.indexOf(current as AttendanceCode);
  if (current === '') return cycle[0];
  return i >= 0 ? cycle[(i + 1) % cycle.length] : null;
}

const ATTENDANCE_TEXT = /^(н|б|у|оп|осв)\s*(\d{1,2})?$/;

function readAttendance(text: string): CellInput | null {
  const m = ATTENDANCE_TEXT.exec(text);
  if (!m) return null;
  const minutes = m[2] ? Number(m[2]) : null;
  const parsed = parseAttendance(m[1], minutes);
  return parsed.ok ? { kind: 'attendance', ...parsed.value } : { kind: 'invalid', message: parsed.message };
}

/**
 * Reads a cell's text. In a mark cell the absence codes «н», «б», «у», «оп N» set the lesson's attendance
 * (one column fewer to walk to), while «осв» stays the mark; in an attendance cell everything is a code.
 */
export function parseCellInput(raw: string, kind: CellKind): CellInput {
  const text = fromLatinLayout(raw).trim().replace(/\s+/g, ' ');
  if (text === '') return { kind: 'clear' };
  if (kind === 'attendance') {
    return (
      readAttendance(text) ?? {
        kind: 'invalid',
        message: `Недопустимая отметка посещаемости: «${raw.trim()}». Допустимо: н, б, у, оп (минуты), осв`,
      }
    );
  }
  if (normalizeMarkInput(text) !== 'осв') {
    const attendance = readAttendance(text);
    if (attendance) return attendance;
  }
  // «1» is the school's setting, which the page does not send: the server decides on it.
  const parsed = parseMarkValue(text, { allowOne: true });
  return parsed.ok ? { kind: 'mark', value: parsed.value } : { kind: 'invalid', message: parsed.message };
}

/** How a stored attendance entry is written in a cell: «оп» carries its minutes. */
export function attendanceText(code: string | null | undefined, minutes?: number | null): string {
  if (!code) return '';
  return code === 'оп' && minutes ? `оп${minutes}` : code;
}
