/**
 * Mark values [DOMAIN §4]. Canonical strings: '1'…'5' with an optional '+'/'-' ('5-', '4+'),
 * 'зч' (зачёт), 'нз' (незачёт), 'осв' (освобождён), 'н/а' (final marks only) and '•' (точка, pending).
 */
import type { SchoolSettings } from './school-settings';

export type MarkValue = string;
export const PENDING_MARK = '•';
export const PASS_FAIL_VALUES = ['зч', 'нз'] as const;
export const NON_NUMERIC_VALUES = ['зч', 'нз', 'осв', 'н/а'] as const;
export const MARK_ERROR_CODE = 'journal.invalid_mark';

export type MarkParseResult = { ok: true; value: MarkValue } | { ok: false; code: typeof MARK_ERROR_CODE; message: string };

type MarkRules = Pick<SchoolSettings, 'allowOne'>;

const NUMERIC = /^([1-5])([+-])?$/;
const NON_NUMERIC = /^(зч|нз|осв|н\/а)([+-])?$/;

/**
 * Teachers type «5−» with a real minus or a dash, «Зч» with capitals and a dot or «т» for the точка;
 * all of them mean the same stored value.
 */
export function normalizeMarkInput(input: string): string {
  const s = String(input)
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/[\u2212\u2013\u2014\u2010\u2011]/g, '-');
  return s === '.' || s === 'т' || s === PENDING_MARK ? PENDING_MARK : s;
}

function allowed(settings: MarkRules, final: boolean): string {
  const scale = settings.allowOne ? '1–5' : '2–5';
  return final ? `${scale}, зч, нз, осв, н/а` : `${scale}, «+»/«−», зч, нз, осв, точка`;
}

const fail = (message: string): MarkParseResult => ({ ok: false, code: MARK_ERROR_CODE, message });

/**
 * [DOMAIN §4] validates a typed mark: «1» only if the school allows it, «н/а» only as a final mark,
 * no «+»/«−» on non-numeric marks; final marks take neither modifiers nor the точка [DOMAIN §6].
 */
export function parseMarkValue(input: string, settings: MarkRules, options: { final?: boolean } = {}): MarkParseResult {
  const final = options.final ?? false;
  const value = normalizeMarkInput(input);
  if (value === '') return fail('Отметка не указана');
  if (value === PENDING_MARK) {
    return final ? fail('Точку нельзя поставить итоговой отметкой') : { ok: true, value };
  }
  const numeric = NUMERIC.exec(value);
  if (numeric) {
    if (numeric[1] === '1' && !settings.allowOne) {
      return fail(`Отметка «1» в школе не используется. Допустимо: ${allowed(settings, final)}`);
    }
    if (numeric[2] && final) return fail(`Итоговая отметка ставится без «+» и «−»: "${input.trim()}"`);
    return { ok: true, value };
  }
  const other = NON_NUMERIC.exec(value);
  if (other) {
    if (other[2]) return fail(`К отметке «${other[1]}» нельзя добавить «+» или «−»`);
    if (other[1] === 'н/а' && !final) return fail('Отметка «н/а» ставится только как итоговая');
    return { ok: true, value };
  }
  return fail(`Недопустимая отметка: "${input.trim()}". Допустимо: ${allowed(settings, final)}`);
}

/**
 * [DOMAIN §4] the number a mark contributes to averages: «5−» is 5 by default, 4.75 in 'quarter'
 * mode (never above 5); non-numeric marks and the точка do not enter averages → null.
 */
export function markNumericValue(value: MarkValue, settings: Pick<SchoolSettings, 'plusMinusMode'>): number | null {
  const m = NUMERIC.exec(normalizeMarkInput(value));
  if (!m) return null;
  const base = Number(m[1]);
  if (!m[2] || settings.plusMinusMode === 'base') return base;
  return Math.min(5, base + (m[2] === '+' ? 0.25 : -0.25));
}

/** [DOMAIN §4] «зч»/«нз»: a pass/fail result, never averaged. */
export function isPassFailValue(value: MarkValue): boolean {
  return (PASS_FAIL_VALUES as readonly string[]).includes(normalizeMarkInput(value));
}

/** [DOMAIN §4] the точка: the student owes this work; it may be replaced by a real mark later. */
export function isPendingValue(value: MarkValue): boolean {
  return normalizeMarkInput(value) === PENDING_MARK;
}

/**
 * [DOMAIN §4, §6] which values a subject takes: «зч»/«нз» only for pass/fail subjects, numeric marks only for
 * graded ones; «осв», «н/а» and the pending «точка» for both. Returns the Russian reason when refused.
 */
export function subjectScaleRefusal(
  value: MarkValue,
  passFail: boolean,
  subjectName: string,
  kind: 'current' | 'final' = 'final',
): string | null {
  const what = kind === 'final' ? 'итоговая отметка' : 'отметка';
  if (passFail && markNumericValue(value, { plusMinusMode: 'base' }) !== null) {
    return `По предмету «${subjectName}» ${what} — «зч» или «нз» (также «осв»${kind === 'final' ? ', «н/а»' : ''})`;
  }
  if (!passFail && isPassFailValue(value)) {
    return `«зч» и «нз» ставятся только по зачётным предметам; по предмету «${subjectName}» — ${what} по пятибалльной шкале`;
  }
  return null;
}
