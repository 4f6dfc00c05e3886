import { describe, expect, it } from 'vitest';
import {
  type AveragedMark,
  averageOf,
  countNumericMarks,
  marksNeededForNextBorder,
  markWeight,
  roundAverageToMark,
} from '../../../src/domain/averages';
import { resolveSettings } from '../../../src/domain/school-settings';

const weighted = resolveSettings();
const plain = resolveSettings({ averageMode: 'plain' });
const quarter = resolveSettings({ plusMinusMode: 'quarter' });
const border60 = resolveSettings({ roundingBorder: 0.6 });

const m = (value: string, workType = 'class_answer', weight?: number | null): AveragedMark => ({
  value,
  workType,
  weight,
});

describe('[DOMAIN §4] averageOf', () => {
  it.each([
    ['one answer', [m('4')], 4, 4],
    ['answer 5 + control 3', [m('5'), m('3', 'control')], 3.67, 4],
    ['homework 2 + exam 5', [m('2', 'homework'), m('5', 'exam')], 4.25, 3.5],
    ['test 4 + independent 5 + answer 3', [m('4', 'test'), m('5', 'independent'), m('3')], 4.13, 4],
    ['thirds round to two decimals', [m('5'), m('4'), m('4')], 4.33, 4.33],
    ['weight override per mark', [m('5', 'class_answer', 3), m('2')], 4.25, 3.5],
    ['null weight falls back to the type', [m('5', 'control', null), m('2')], 4, 3.5],
  ])('%s: weighted %d, plain %d', (_name, marks, w, p) => {
    expect(averageOf(marks, weighted)).toBe(w);
    expect(averageOf(marks, plain)).toBe(p);
  });

  it('uses the school weights before the defaults', () => {
    const s = resolveSettings({ weights: { control: 4 } });
    expect(averageOf([m('5', 'control'), m('2')], s)).toBe(4.4);
    expect(markWeight(m('5', 'control'), s)).toBe(4);
    expect(markWeight(m('5', 'control', 1.5), s)).toBe(1.5);
  });

  it.each([
    ['the точка', [m('5'), m('•'), m('.')]],
    ['зч/нз/осв', [m('5'), m('зч'), m('нз'), m('осв')]],
  ])('ignores %s', (_name, marks) => {
    expect(averageOf(marks, weighted)).toBe(5);
    expect(countNumericMarks(marks, weighted)).toBe(1);
  });

  it.each([[[]], [[m('•')]], [[m('зч'), m('осв')]]])('is null with no numeric marks (%j)', (marks) => {
    expect(averageOf(marks, weighted)).toBeNull();
  });

  it.each([
    [[m('5-'), m('5-')], 5, 4.75],
    [[m('4+'), m('4')], 4, 4.13],
    [[m('5+'), m('5')], 5, 5],
  ])('«+»/«−» in both modes: %j → base %d, quarter %d', (marks, inBase, inQuarter) => {
    expect(averageOf(marks, weighted)).toBe(inBase);
    expect(averageOf(marks, quarter)).toBe(inQuarter);
  });
});

describe('[DOMAIN §6] roundAverageToMark', () => {
  it.each([
    [2.49, 2],
    [2.5, 3],
    [3.49, 3],
    [3.5, 4],
    [3.59, 4],
    [3.6, 4],
    [4.49, 4],
    [4.5, 5],
    [5, 5],
    [2, 2],
    [1.75, 2],
    [1.2, 2], // never below 2
    [2.495, 3], // the two-decimal average shown is 2.50
  ])('border x.50: %d → %i', (avg, mark) => {
    expect(roundAverageToMark(avg, weighted)).toBe(mark);
  });

  it.each([
    [2.5, 2],
    [2.59, 2],
    [2.6, 3],
    [3.59, 3],
    [3.6, 4],
    [4.59, 4],
    [4.6, 5],
    [3.595, 4],
  ])('border x.60: %d → %i', (avg, mark) => {
    expect(roundAverageToMark(avg, border60)).toBe(mark);
  });

  it('goes down to 1 only where «1» is allowed', () => {
    expect(roundAverageToMark(1.2, resolveSettings({ allowOne: true }))).toBe(1);
    expect(roundAverageToMark(1.5, resolveSettings({ allowOne: true }))).toBe(2);
  });
});

describe('[DOMAIN §7] marksNeededForNextBorder', () => {
  it('counts the fives of a type needed for each better mark', () => {
    // answers 3,3,3: one 5 → 14/4 = 3.5 → «4»; (9+5n)/(3+n) ≥ 4.5 → n ≥ 9
    expect(marksNeededForNextBorder([m('3'), m('3'), m('3')], weighted, { workType: 'class_answer' })).toEqual([
      { target: '4', fives: 1 },
      { target: '5', fives: 9 },
    ]);
  });

  it('a heavier work type needs fewer fives', () => {
    // 3,3,3 + control 5 (weight 2): (9+10)/5 = 3.8; two: (9+20)/7 = 4.14; (9+10n)/(3+2n) ≥ 4.5 → n ≥ 4.5 → 5
    expect(marksNeededForNextBorder([m('3'), m('3'), m('3')], weighted, { workType: 'control' })).toEqual([
      { target: '4', fives: 1 },
      { target: '5', fives: 5 },
    ]);
  });

  it('respects the x.60 border', () => {
    // 3,3,3: one 5 gives 3.5, still «3»; (9+5n)/(3+n) ≥ 3.6 → n ≥ 1.5 → 2; ≥ 4.6 → n ≥ 12
    expect(marksNeededForNextBorder([m('3'), m('3'), m('3')], border60, { workType: 'class_answer' })).toEqual([
      { target: '4', fives: 2 },
      { target: '5', fives: 12 },
    ]);
  });

  it('counts the minimum number of marks when the proposal is «н/а»', () => {
    expect(marksNeededForNextBorder([], weighted, { workType: 'class_answer' })).toEqual([
      { target: '3', fives: 3 },
      { target: '4', fives: 3 },
      { target: '5', fives: 3 },
    ]);
    // a «2» and two 5s: three marks, 4.0; (2+5n)/(1+n) ≥ 4.5 → n ≥ 5
    expect(marksNeededForNextBorder([m('2')], weighted, { workType: 'class_answer' })).toEqual([
      { target: '3', fives: 2 },
      { target: '4', fives: 2 },
      { target: '5', fives: 5 },
    ]);
  });

  it('gives only the requested target, nothing for the current mark or worse', () => {
    const marks = [m('4'), m('4'), m('4')];
    expect(marksNeededForNextBorder(marks, weighted, { workType: 'class_answer', targetMark: '5' })).toEqual([{ target: '5', fives: 3 }]);
    expect(marksNeededForNextBorder(marks, weighted, { workType: 'class_answer', targetMark: '4' })).toEqual([]);
    expect(marksNeededForNextBorder([m('5'), m('5'), m('5')], weighted, { workType: 'class_answer' })).toEqual([]);
  });

  it('is null beyond twenty fives', () => {
    const many = Array.from({ length: 20 }, () => m('2'));
    // (40+5n)/(20+n) ≥ 4.5 → n ≥ 50
    expect(marksNeededForNextBorder(many, weighted, { workType: 'class_answer', targetMark: '5' })).toEqual([{ target: '5', fives: null }]);
    // ≥ 2.5 → n ≥ 4
    expect(marksNeededForNextBorder(many, weighted, { workType: 'class_answer', targetMark: '3' })).toEqual([{ target: '3', fives: 4 }]);
  });
});
