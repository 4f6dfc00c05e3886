import { describe, expect, it } from 'vitest';
import type { AveragedMark } from '../../../src/domain/averages';
import { finalMarkDeadline, isFinalMarkLate, proposePeriodMark, proposeYearMark } from '../../../src/domain/final-marks';
import { resolveSettings } from '../../../src/domain/school-settings';

const s = resolveSettings();
const s60 = resolveSettings({ roundingBorder: 0.6 });
const m = (value: string, workType = 'class_answer', weight?: number): AveragedMark => ({ value, workType, weight });

/** Three marks whose weighted average is exactly `avg`: low·(100−k) + (low+1)·k over weight 100. */
function marksAveraging(avg: number): AveragedMark[] {
  const low = Math.floor(avg);
  const k = Math.round((avg - low) * 100);
  return [m(String(low), 'other', 50 - k / 2), m(String(low), 'other', 50 - k / 2), m(String(low + 1), 'other', k)];
}

describe('[DOMAIN §6] proposePeriodMark', () => {
  it.each([
    [2.49, '2', '2'],
    [2.5, '3', '2'],
    [2.59, '3', '2'],
    [2.6, '3', '3'],
    [3.49, '3', '3'],
    [3.5, '4', '3'],
    [3.59, '4', '3'],
    [3.6, '4', '4'],
    [4.49, '4', '4'],
    [4.5, '5', '4'],
    [4.6, '5', '5'],
  ])('average %d → %s with border x.50, %s with x.60', (avg, at50, at60) => {
    const marks = marksAveraging(avg);
    expect(proposePeriodMark(marks, s)).toMatchObject({ value: at50, average: avg });
    expect(proposePeriodMark(marks, s60)).toMatchObject({ value: at60, average: avg });
  });

  it('proposes from the weighted average', () => {
    // answers 5,5 and control 3: (5+5+6)/4 = 4.0 weighted; plain 4.33
    expect(proposePeriodMark([m('5'), m('5'), m('3', 'control')], s)).toEqual({ value: '4', average: 4, count: 3 });
    // answers 4,4 and control 5: (8+10)/4 = 4.5 → 5 weighted; plain 4.33 → 4
    expect(proposePeriodMark([m('4'), m('4'), m('5', 'control')], s).value).toBe('5');
    expect(proposePeriodMark([m('4'), m('4'), m('5', 'control')], resolveSettings({ averageMode: 'plain' })).value).toBe('4');
  });

  it.each([
    [[], 'н/а', null, 0],
    [[m('5'), m('5')], 'н/а', 5, 2],
    [[m('5'), m('5'), m('•'), m('зч')], 'н/а', 5, 2],
    [[m('5'), m('5'), m('4')], '5', 4.67, 3],
  ])('«н/а» with fewer than 3 numeric marks (%#)', (marks, value, average, count) => {
    expect(proposePeriodMark(marks, s)).toEqual({ value, average, count });
  });

  it('follows the school minimum of marks', () => {
    expect(proposePeriodMark([m('4')], resolveSettings({ minMarksForPeriod: 1 })).value).toBe('4');
    expect(proposePeriodMark([m('4'), m('4'), m('4')], resolveSettings({ minMarksForPeriod: 4 })).value).toBe('н/а');
  });

  it.each([
    ['base', '5'],
    ['quarter', '5'],
  ] as const)('«5−» marks in %s mode', (mode, value) => {
    const r = proposePeriodMark([m('5-'), m('5-'), m('5-')], resolveSettings({ plusMinusMode: mode }));
    expect(r.value).toBe(value);
    expect(r.average).toBe(mode === 'base' ? 5 : 4.75);
  });

  it('«4+» in quarter mode can cross the border', () => {
    // 4+, 4+ and 5: quarter (4.25+4.25+5)/3 = 4.5 → «5»; base 4.33 → «4»
    expect(proposePeriodMark([m('4+'), m('4+'), m('5')], resolveSettings({ plusMinusMode: 'quarter' })).value).toBe('5');
    expect(proposePeriodMark([m('4+'), m('4+'), m('5')], s).value).toBe('4');
  });

  it('never proposes below 2, or «1» where it is allowed', () => {
    expect(proposePeriodMark([m('2-'), m('2-'), m('2-')], resolveSettings({ plusMinusMode: 'quarter' })).value).toBe('2');
    const one = resolveSettings({ allowOne: true });
    expect(proposePeriodMark([m('1'), m('1'), m('2')], one).value).toBe('1');
    expect(proposePeriodMark([m('1'), m('1'), m('2')], s).value).toBe('2');
  });
});

describe('[DOMAIN §6] proposeYearMark', () => {
  it.each([
    [['4', '4', '5', '5'], '5', 4.5],
    [['3', '4', '4', '3'], '4', 3.5],
    [['3', '3', '4', '3'], '3', 3.25],
    [['5', '5'], '5', 5],
    [['2', '3', '2', '3'], '3', 2.5],
    [['4', 'н/а', '4', '5'], '4', 4.33],
    [['4', 'осв', '5'], '5', 4.5],
  ])('%j → %s (mean %d)', (periods, value, average) => {
    expect(proposeYearMark(periods, s)).toEqual({ value, average });
  });

  it('applies the x.60 border', () => {
    expect(proposeYearMark(['3', '4', '4', '3'], s60).value).toBe('3');
    expect(proposeYearMark(['3', '4', '4', '4', '4'], s60).value).toBe('4');
  });

  it.each([
    [['н/а', 'н/а'], 'н/а'],
    [[], 'н/а'],
    [['зч', 'зч', 'зч', 'зч'], 'зч'],
    [['зч', 'осв', 'зч'], 'зч'],
    [['зч', 'нз', 'зч'], 'нз'],
    [['нз'], 'нз'],
    [['осв', 'осв'], 'осв'],
    [['зч', 'н/а'], 'н/а'],
  ])('pass/fail and missing: %j → %s', (periods, value) => {
    expect(proposeYearMark(periods, s)).toEqual({ value, average: null });
  });
});

describe('[001 §5.8] final mark deadline', () => {
  it('is due by the period end and late after 4 more days', () => {
    expect(finalMarkDeadline('2025-10-26', s)).toEqual({ dueBy: '2025-10-26', lateAfter: '2025-10-30' });
    expect(finalMarkDeadline('2025-12-28', resolveSettings({ finalMarkLateAfterDays: 7 }))).toEqual({
      dueBy: '2025-12-28',
      lateAfter: '2026-01-04',
    });
  });

  it.each([
    ['2025-10-20', false],
    ['2025-10-26', false],
    ['2025-10-30', false],
    ['2025-10-31', true],
    ['2025-11-15', true],
  ])('[001 §5.8] entered on %s: late %s', (enteredOn, late) => {
    expect(isFinalMarkLate(enteredOn, '2025-10-26', s)).toBe(late);
  });

  it('[001 §5.8] an instant is judged by the school calendar', () => {
    expect(isFinalMarkLate(new Date('2025-10-30T20:59:00Z'), '2025-10-26', s)).toBe(false);
    expect(isFinalMarkLate(new Date('2025-10-30T21:00:00Z'), '2025-10-26', s)).toBe(true);
    expect(isFinalMarkLate(new Date('2025-10-30T21:00:00Z'), '2025-10-26', s, 'UTC')).toBe(false);
  });
});
