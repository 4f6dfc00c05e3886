import { describe, expect, it } from 'vitest';
import { isPassFailValue, isPendingValue, markNumericValue, normalizeMarkInput, parseMarkValue } from '../../../src/domain/marks';
import { resolveSettings } from '../../../src/domain/school-settings';

const base = resolveSettings();
const withOne = resolveSettings({ allowOne: true });
const quarter = resolveSettings({ plusMinusMode: 'quarter' });

describe('parseMarkValue: current marks', () => {
  it.each([
    ['5', '5'],
    ['2', '2'],
    [' 4 ', '4'],
    ['5-', '5-'],
    ['5−', '5-'], // U+2212 minus
    ['5–', '5-'], // en dash
    ['4+', '4+'],
    ['3 +', '3+'],
    ['зч', 'зч'],
    ['ЗЧ', 'зч'],
    ['Нз', 'нз'],
    ['осв', 'осв'],
    ['.', '•'],
    ['т', '•'],
    ['Т', '•'],
    ['•', '•'],
  ])('[DOMAIN §4] accepts %j as %j', (input, value) => {
    expect(parseMarkValue(input, base)).toEqual({ ok: true, value });
  });

  it.each(['7', '0', '6', '55', '5++', 'a', 'зачет', '+', '-', '4.5', 'н'])('[DOMAIN §4] refuses %j', (input) => {
    const r = parseMarkValue(input, base);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('journal.invalid_mark');
      expect(r.message).toContain('Недопустимая отметка');
    }
  });

  it('names the allowed values in the message', () => {
    expect(parseMarkValue('7', base)).toEqual({
      ok: false,
      code: 'journal.invalid_mark',
      message: 'Недопустимая отметка: "7". Допустимо: 2–5, «+»/«−», зч, нз, осв, точка',
    });
  });

  it('refuses an empty mark', () => {
    expect(parseMarkValue('  ', base)).toMatchObject({ ok: false, message: 'Отметка не указана' });
  });

  it.each(['1', '1+', '1-'])('[DOMAIN §4] «1» is refused by default (%j)', (input) => {
    const r = parseMarkValue(input, base);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('«1»');
  });

  it.each([
    ['1', '1'],
    ['1+', '1+'],
  ])('[DOMAIN §4] «1» is accepted where the school allows it (%j)', (input, value) => {
    expect(parseMarkValue(input, withOne)).toEqual({ ok: true, value });
    expect(parseMarkValue('7', withOne)).toMatchObject({ ok: false, message: expect.stringContaining('1–5') });
  });

  it.each(['н/а', 'Н/А'])('[DOMAIN §4] «н/а» is refused as a current mark (%j)', (input) => {
    expect(parseMarkValue(input, base)).toMatchObject({
      ok: false,
      message: 'Отметка «н/а» ставится только как итоговая',
    });
  });

  it.each(['зч+', 'нз-', 'осв−', 'н/а+'])('[DOMAIN §4] refuses «+»/«−» on a non-numeric mark (%j)', (input) => {
    expect(parseMarkValue(input, base)).toMatchObject({
      ok: false,
      message: expect.stringContaining('нельзя добавить'),
    });
  });
});

describe('parseMarkValue: final marks', () => {
  it.each([
    ['5', '5'],
    ['2', '2'],
    ['н/а', 'н/а'],
    ['зч', 'зч'],
    ['нз', 'нз'],
    ['осв', 'осв'],
  ])('[DOMAIN §6] accepts %j', (input, value) => {
    expect(parseMarkValue(input, base, { final: true })).toEqual({ ok: true, value });
  });

  it.each(['5-', '4+', '.', '•', '1', '7'])('[DOMAIN §6] refuses %j', (input) => {
    expect(parseMarkValue(input, base, { final: true }).ok).toBe(false);
  });

  it('lists н/а among the allowed final values', () => {
    expect(parseMarkValue('x', base, { final: true })).toMatchObject({ message: expect.stringContaining('н/а') });
  });
});

describe('markNumericValue', () => {
  it.each([
    ['5', 5, 5],
    ['5-', 5, 4.75],
    ['5+', 5, 5], // never above 5
    ['4+', 4, 4.25],
    ['4-', 4, 3.75],
    ['3', 3, 3],
    ['2-', 2, 1.75],
    ['1', 1, 1],
    ['5−', 5, 4.75],
  ])('[DOMAIN §4] %j counts as %d (base) and %d (quarter)', (value, inBase, inQuarter) => {
    expect(markNumericValue(value, base)).toBe(inBase);
    expect(markNumericValue(value, quarter)).toBe(inQuarter);
  });

  it.each(['зч', 'нз', 'осв', 'н/а', '•', '.', '', 'x'])('[DOMAIN §4] %j has no number', (value) => {
    expect(markNumericValue(value, base)).toBeNull();
  });
});

describe('kinds of marks', () => {
  it.each([
    ['зч', true, false],
    ['нз', true, false],
    ['осв', false, false],
    ['5', false, false],
    ['•', false, true],
    ['.', false, true],
    ['т', false, true],
  ])('%j: pass/fail %s, pending %s', (value, passFail, pending) => {
    expect(isPassFailValue(value)).toBe(passFail);
    expect(isPendingValue(value)).toBe(pending);
  });

  it('normalises dashes, case and spaces', () => {
    expect(normalizeMarkInput(' 4 — ')).toBe('4-');
    expect(normalizeMarkInput('ОСВ')).toBe('осв');
  });
});

describe('[DOMAIN §4, §6] subject scale: «зч»/«нз» only on pass/fail subjects', async () => {
  const { subjectScaleRefusal } = await import('../../../src/domain/marks');
  it.each([
    ['5', false, null],
    ['зч', false, 'зачётным'],
    ['нз', false, 'зачётным'],
    ['осв', false, null],
    ['•', false, null],
    ['зч', true, null],
    ['нз', true, null],
    ['4', true, '«зч» или «нз»'],
    ['5-', true, '«зч» или «нз»'],
    ['осв', true, null],
  ] as const)('%s on a pass/fail=%s subject', (value, passFail, refusal) => {
    const r = subjectScaleRefusal(value, passFail, 'Предмет', 'current');
    if (refusal === null) expect(r).toBeNull();
    else expect(r).toContain(refusal);
  });
});
