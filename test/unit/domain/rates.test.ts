import { describe, expect, it } from 'vitest';
import { classRates, countByMark, performanceRate, qualityRate } from '../../../src/domain/rates';

describe('[DOMAIN §9] performance and quality over one mark per student', () => {
  it.each([
    [['5', '4', '3', '2'], 75, 50],
    [['5', '5', '5'], 100, 100],
    [['3', '3', 'н/а'], 66.7, 0],
    [['4', 'нз', '5'], 66.7, 66.7],
    [['2', '2'], 0, 0],
    [['5', '4', '4', '3', '3', '3', '2'], 85.7, 42.9],
    [['5', 'осв', '4'], 100, 100], // a released student is not assessed
    [['1', '5'], 50, 50],
  ])('%j → performance %d%, quality %d%', (values, perf, quality) => {
    expect(performanceRate(values)).toBe(perf);
    expect(qualityRate(values)).toBe(quality);
  });

  it('is null for nobody assessed', () => {
    expect(performanceRate([])).toBeNull();
    expect(qualityRate(['осв'])).toBeNull();
  });

  it('leaves pass-only students out of quality but counts them as passing', () => {
    expect(performanceRate(['зч', '4'])).toBe(100);
    expect(qualityRate(['зч', '4'])).toBe(100);
    expect(qualityRate(['зч'])).toBeNull();
  });
});

describe('[DOMAIN §9] countByMark', () => {
  it('counts finals, «1» as unsatisfactory', () => {
    expect(countByMark(['5', '5', '4', '3', '2', '1', 'н/а', 'зч', '4-'])).toEqual({ '5': 2, '4': 2, '3': 1, '2': 2 });
    expect(countByMark([])).toEqual({ '5': 0, '4': 0, '3': 0, '2': 0 });
  });
});

describe('[000 §9] [002 §5.3] classRates', () => {
  it('judges each student by all their final marks', () => {
    const r = classRates([
      ['5', '5', '5'], // excellent
      ['5', '4', 'зч'], // good
      ['4', '3', '5'], // with a three
      ['4', '2', '5'], // failing
      ['5', 'н/а'], // failing
      ['осв'], // not assessed
      [], // not assessed
    ]);
    expect(r).toEqual({
      students: 5,
      performance: 60,
      quality: 40,
      excellent: 1,
      good: 1,
      withThree: 1,
      failing: 2,
      counts: { '5': 7, '4': 3, '3': 1, '2': 1 },
    });
  });

  it('an empty class has no rates', () => {
    expect(classRates([])).toMatchObject({ students: 0, performance: null, quality: null });
  });
});
