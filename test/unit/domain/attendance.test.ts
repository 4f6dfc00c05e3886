import { describe, expect, it } from 'vitest';
import { countsAsMissed, isExcused, parseAttendance } from '../../../src/domain/attendance';

describe('[DOMAIN §5] parseAttendance', () => {
  it.each([
    ['н', undefined, 'н', null],
    ['б', null, 'б', null],
    ['У', undefined, 'у', null],
    [' осв ', undefined, 'осв', null],
    ['оп', 1, 'оп', 1],
    ['оп', 45, 'оп', 45],
    ['ОП', 10, 'оп', 10],
  ])('accepts %j with minutes %j', (code, minutes, value, min) => {
    expect(parseAttendance(code, minutes)).toEqual({ ok: true, value: { code: value, minutes: min } });
  });

  it.each([
    ['оп', 0],
    ['оп', 46],
    ['оп', -5],
    ['оп', 2.5],
    ['оп', Number.NaN],
  ])('[DOMAIN §5] refuses a late arrival of %s %s minutes (1–45)', (code, minutes) => {
    expect(parseAttendance(code, minutes)).toMatchObject({
      ok: false,
      code: 'journal.invalid_attendance',
      field: 'minutes',
      message: expect.stringContaining('от 1 до 45'),
    });
  });

  it('[DOMAIN §5] a late arrival needs the minutes', () => {
    expect(parseAttendance('оп')).toMatchObject({
      ok: false,
      field: 'minutes',
      message: expect.stringContaining('укажите'),
    });
    expect(parseAttendance('оп', null).ok).toBe(false);
  });

  it('minutes only go with «оп»', () => {
    expect(parseAttendance('н', 10)).toMatchObject({
      ok: false,
      field: 'minutes',
      message: 'Минуты указываются только для опоздания («оп»)',
    });
  });

  it.each(['x', '', 'нн', 'n', 'опоздание'])('refuses the code %j', (code) => {
    expect(parseAttendance(code)).toMatchObject({
      ok: false,
      code: 'journal.invalid_attendance',
      field: 'code',
      message: expect.stringContaining('Допустимо: н, б, у, оп, осв'),
    });
  });
});

describe('[002 §4.5] excused and missed', () => {
  it.each([
    ['н', false, true],
    ['б', true, true],
    ['у', true, true],
    ['оп', false, false],
    ['осв', true, false],
  ])('%s: excused %s, missed %s', (code, excused, missed) => {
    expect(isExcused(code)).toBe(excused);
    expect(countsAsMissed(code)).toBe(missed);
  });
});
