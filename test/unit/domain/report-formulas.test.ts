import { describe, expect, it } from 'vitest';
import { markEntryDeadline } from '../../../src/domain/deadlines';
import {
  accumulation,
  averageOfFinals,
  changeFrom,
  deadlineRuleTable,
  expectedLessons,
  hasExactlyOneThree,
  isEnteredMark,
  marksPerStudent,
  medianOf,
  medianOfHistogram,
  mergeHistograms,
  percentOf,
  reportBuckets,
  studyWeeks,
} from '../../../src/domain/report-formulas';
import { resolveSettings } from '../../../src/domain/school-settings';

describe('[DOMAIN §9] percentOf', () => {
  it.each([
    [1, 3, 33.3],
    [2, 3, 66.7],
    [1, 8, 12.5],
    [0, 5, 0],
    [5, 5, 100],
    [1, 0, null],
  ])('%d of %d → %s', (part, whole, pct) => {
    expect(percentOf(part, whole)).toBe(pct);
  });
});

describe('[003 §6.3] median delay of late marks', () => {
  it.each([
    [[], null],
    [[3], 3],
    [[1, 5], 3],
    [[1, 2, 9], 2],
    [[4, 1, 1, 7], 2.5],
  ])('median of %j is %s', (values, median) => {
    expect(medianOf(values)).toBe(median);
  });

  it('reads a frequency table: 1 day ×3, 10 days ×1 → 1', () => {
    expect(
      medianOfHistogram([
        [1, 3],
        [10, 1],
      ]),
    ).toBe(1);
    expect(
      medianOfHistogram(
        new Map([
          [2, 2],
          [6, 2],
        ]),
      ),
    ).toBe(4);
    expect(medianOfHistogram([[5, 0]])).toBeNull();
  });

  it('merges pages before taking the median (medians do not add up)', () => {
    const merged = mergeHistograms([
      [[1, 1]],
      [
        [3, 1],
        [8, 1],
      ],
    ]);
    expect([...merged.entries()].sort()).toEqual([
      [1, 1],
      [3, 1],
      [8, 1],
    ]);
    expect(medianOfHistogram(merged)).toBe(3);
  });
});

describe('[002 §3.5] entered marks', () => {
  it('counts every value but the точка', () => {
    expect(isEnteredMark('5')).toBe(true);
    expect(isEnteredMark('зч')).toBe(true);
    expect(isEnteredMark('осв')).toBe(true);
    expect(isEnteredMark('•')).toBe(false);
    expect(isEnteredMark('.')).toBe(false);
  });
});

describe('[003 §3.2] deadline rule table for the report query', () => {
  it('is the same rule markEntryDeadline applies, with the school’s overrides', () => {
    const settings = resolveSettings({ deadlines: { test: 'next_lesson' } });
    const table = new Map(deadlineRuleTable(settings).map((r) => [r.workType, r.rule]));
    expect(table.get('control')).toBe('next_lesson');
    expect(table.get('class_answer')).toBe('same_day');
    expect(table.get('test')).toBe('next_lesson');
    expect(table.get('essay')).toBe('ten_days');
    // what the rule means, on the fixture's calendar: lesson on day 1, next lessons on days 2 and 5
    expect(markEntryDeadline('control', '2025-09-01', ['2025-09-02', '2025-09-05'], settings)).toBe('2025-09-02');
  });
});

describe('[004] study weeks, expected lessons and accumulation', () => {
  it('counts the days of the range less holidays', () => {
    expect(studyWeeks({ startsOn: '2025-09-01', endsOn: '2025-09-14' })).toBe(2);
    expect(studyWeeks({ startsOn: '2025-10-20', endsOn: '2025-11-09' }, [{ startsOn: '2025-10-27', endsOn: '2025-11-02' }])).toBe(2);
    // overlapping holidays are counted once, and only inside the range
    expect(
      studyWeeks({ startsOn: '2025-10-20', endsOn: '2025-11-09' }, [
        { startsOn: '2025-10-27', endsOn: '2025-10-30' },
        { startsOn: '2025-10-29', endsOn: '2025-11-02' },
        { startsOn: '2025-12-29', endsOn: '2026-01-08' },
      ]),
    ).toBe(2);
  });

  it('weekly hours × weeks → lessons expected; marks per student per expected lesson', () => {
    expect(expectedLessons(2, 2)).toBe(4);
    expect(expectedLessons(1.5, 3)).toBe(5);
    expect(expectedLessons(null, 3)).toBeNull();
    // 3 students × 4 lessons expected
    expect(accumulation(6, 3 * 4)).toBe(0.5);
    expect(accumulation(5, 3 * 4)).toBe(0.42);
    expect(accumulation(5, 0)).toBeNull();
    expect(marksPerStudent(5, 3)).toBe(1.67);
    expect(marksPerStudent(5, 0)).toBeNull();
  });
});

describe('[DOMAIN §9] average of final marks and change from the previous period', () => {
  it('averages numeric finals only', () => {
    expect(averageOfFinals(['5', '4', '3'])).toBe(4);
    expect(averageOfFinals(['5', '4', 'зч', 'н/а', 'осв'])).toBe(4.5);
    expect(averageOfFinals(['5', '4', '4'])).toBe(4.33);
    expect(averageOfFinals(['н/а'])).toBeNull();
  });

  it('subtracts the previous figure', () => {
    expect(changeFrom(66.7, 50)).toBe(16.7);
    expect(changeFrom(50, 66.7)).toBe(-16.7);
    expect(changeFrom(4.33, 4)).toBe(0.33);
    expect(changeFrom(null, 50)).toBeNull();
    expect(changeFrom(50, null)).toBeNull();
  });
});

describe('[000 §9] [002 §5.1] weekly and monthly buckets', () => {
  it('splits a range into calendar weeks from Monday, clipped', () => {
    expect(reportBuckets({ startsOn: '2025-09-03', endsOn: '2025-09-16' }, 'week')).toEqual([
      { key: '2025-09-01', startsOn: '2025-09-03', endsOn: '2025-09-07' },
      { key: '2025-09-08', startsOn: '2025-09-08', endsOn: '2025-09-14' },
      { key: '2025-09-15', startsOn: '2025-09-15', endsOn: '2025-09-16' },
    ]);
  });

  it('splits into months across a year end', () => {
    expect(reportBuckets({ startsOn: '2025-11-20', endsOn: '2026-01-10' }, 'month')).toEqual([
      { key: '2025-11-01', startsOn: '2025-11-20', endsOn: '2025-11-30' },
      { key: '2025-12-01', startsOn: '2025-12-01', endsOn: '2025-12-31' },
      { key: '2026-01-01', startsOn: '2026-01-01', endsOn: '2026-01-10' },
    ]);
  });
});

describe('[003 §3.3] one «3» from being a хорошист', () => {
  it.each([
    [['5', '4', '3'], true],
    [['3', '3', '5'], false],
    [['5', '5'], false],
    [['3', '2'], false],
    [['3', 'н/а'], false],
    [['3', 'зч'], true],
  ])('%j → %s', (values, expected) => {
    expect(hasExactlyOneThree(values)).toBe(expected);
  });
});
