import { describe, expect, it } from 'vitest';
import {
  addDays,
  calendarDateIn,
  daysBetween,
  defaultHolidays,
  defaultPeriods,
  eachDate,
  findPeriod,
  formatDateRu,
  generateLessonDates,
  isHoliday,
  isIsoDate,
  periodsOverlap,
  weekdayOf,
  weekStart,
} from '../../../src/domain/calendar';

describe('calendar dates as strings', () => {
  it.each([
    ['2025-09-01', 1, '2025-09-02'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2025-03-01', -1, '2025-02-28'],
    ['2025-10-25', 2, '2025-10-27'], // across the DST change in Europe, which must not matter
    ['2025-09-01', 0, '2025-09-01'],
  ])('addDays(%s, %i) = %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it.each([
    ['2025-09-01', 1],
    ['2025-09-06', 6],
    ['2025-09-07', 7],
    ['2026-01-01', 4],
    ['2024-02-29', 4],
  ])('weekdayOf(%s) = %i', (date, wd) => {
    expect(weekdayOf(date)).toBe(wd);
  });

  it.each([
    ['2025-09-03', '2025-09-01'],
    ['2025-09-01', '2025-09-01'],
    ['2025-09-07', '2025-09-01'],
    ['2026-01-01', '2025-12-29'],
  ])('weekStart(%s) = %s (Monday)', (date, monday) => {
    expect(weekStart(date)).toBe(monday);
  });

  it.each([
    ['2025-09-01', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2025-13-01', false],
    ['2025-9-1', false],
    ['', false],
  ])('isIsoDate(%s) = %s', (value, ok) => {
    expect(isIsoDate(value)).toBe(ok);
  });

  it('eachDate includes both ends and is empty when reversed', () => {
    expect(eachDate('2025-12-30', '2026-01-02')).toEqual(['2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02']);
    expect(eachDate('2025-09-02', '2025-09-01')).toEqual([]);
  });

  it('daysBetween counts calendar days, signed', () => {
    expect(daysBetween('2025-09-01', '2025-09-11')).toBe(10);
    expect(daysBetween('2025-09-11', '2025-09-01')).toBe(-10);
    expect(daysBetween('2025-03-29', '2025-03-31')).toBe(2);
  });

  it('rejects a malformed date', () => {
    expect(() => addDays('01.09.2025', 1)).toThrow(RangeError);
  });

  it('formats dates the Russian way', () => {
    expect(formatDateRu('2026-01-12')).toBe('12.01.2026');
  });
});

describe('holidays, lessons, periods', () => {
  const holidays = [{ startsOn: '2025-10-27', endsOn: '2025-11-04' }];

  it.each([
    ['2025-10-26', false],
    ['2025-10-27', true],
    ['2025-11-04', true],
    ['2025-11-05', false],
  ])('[DOMAIN §2] isHoliday(%s) = %s, both ends included', (date, h) => {
    expect(isHoliday(date, holidays)).toBe(h);
  });

  it('[DOMAIN §2] the timetable generates lessons on one weekday, skipping holidays', () => {
    expect(generateLessonDates({ from: '2025-10-15', to: '2025-11-12', weekday: 3, holidays })).toEqual([
      '2025-10-15',
      '2025-10-22',
      '2025-11-05',
      '2025-11-12',
    ]);
    expect(generateLessonDates({ from: '2025-09-02', to: '2025-09-14', weekday: 1 })).toEqual(['2025-09-08']);
    expect(generateLessonDates({ from: '2025-09-01', to: '2025-09-07', weekday: 7 })).toEqual(['2025-09-07']);
    expect(() => generateLessonDates({ from: '2025-09-01', to: '2025-09-07', weekday: 0 })).toThrow();
  });

  const periods = [
    { id: 'q1', startsOn: '2025-09-01', endsOn: '2025-10-26' },
    { id: 'q2', startsOn: '2025-11-05', endsOn: '2025-12-28' },
  ];
  it.each([
    ['2025-09-01', 'q1'],
    ['2025-10-26', 'q1'],
    ['2025-10-30', null],
    ['2025-11-05', 'q2'],
    ['2025-12-28', 'q2'],
    ['2025-12-29', null],
  ])('findPeriod(%s) = %s', (date, id) => {
    expect(findPeriod(date, periods)?.id ?? null).toBe(id);
  });

  it.each([
    [['2025-09-01', '2025-10-26'], ['2025-10-26', '2025-11-30'], true],
    [['2025-09-01', '2025-10-26'], ['2025-10-27', '2025-11-30'], false],
    [['2025-09-01', '2025-12-31'], ['2025-10-01', '2025-10-02'], true],
    [['2025-11-01', '2025-11-30'], ['2025-09-01', '2025-10-31'], false],
  ])('periodsOverlap(%j, %j) = %s', (a, b, overlap) => {
    const r = (x: string[]) => ({ startsOn: x[0], endsOn: x[1] });
    expect(periodsOverlap(r(a), r(b))).toBe(overlap);
    expect(periodsOverlap(r(b), r(a))).toBe(overlap);
  });

  it.each([
    ['2025-09-01T20:59:59Z', 'Europe/Moscow', '2025-09-01'],
    ['2025-09-01T21:00:00Z', 'Europe/Moscow', '2025-09-02'],
    ['2025-09-01T18:00:00Z', 'Asia/Bishkek', '2025-09-02'],
    ['2025-09-01T23:30:00Z', 'UTC', '2025-09-01'],
  ])('calendarDateIn(%s, %s) = %s', (instant, tz, date) => {
    expect(calendarDateIn(new Date(instant), tz)).toBe(date);
  });
});

describe('[DOMAIN §2] default school year', () => {
  it('quarters follow the usual Russian calendar', () => {
    expect(defaultPeriods(2025, 'quarter')).toEqual([
      { number: 1, name: '1 четверть', startsOn: '2025-09-01', endsOn: '2025-10-26' },
      { number: 2, name: '2 четверть', startsOn: '2025-11-05', endsOn: '2025-12-28' },
      { number: 3, name: '3 четверть', startsOn: '2026-01-12', endsOn: '2026-03-22' },
      { number: 4, name: '4 четверть', startsOn: '2026-04-01', endsOn: '2026-05-26' },
    ]);
  });

  it('halves join quarters 1–2 and 3–4', () => {
    const [h1, h2] = defaultPeriods(2025, 'half');
    expect([h1.startsOn, h1.endsOn, h2.startsOn, h2.endsOn]).toEqual(['2025-09-01', '2025-12-28', '2026-01-12', '2026-05-26']);
    expect(h2.name).toBe('2 полугодие');
  });

  it.each([
    [2025, '2026-02-28'],
    [2027, '2028-02-29'],
  ])('trimesters are thirds (year %i: the second ends %s)', (year, endOfSecond) => {
    const t = defaultPeriods(year, 'trimester');
    expect(t).toHaveLength(3);
    expect(t[1].endsOn).toBe(endOfSecond);
    expect(t[2].startsOn).toBe(addDays(endOfSecond, 1));
    expect(t[2].endsOn).toBe(`${year + 1}-05-26`);
  });

  it.each(['quarter', 'half', 'trimester'] as const)('%s periods do not overlap and are ordered', (scheme) => {
    const p = defaultPeriods(2030, scheme);
    for (let i = 1; i < p.length; i++) expect(p[i - 1].endsOn < p[i].startsOn).toBe(true);
  });

  it('holidays fill the gaps between quarters and cover the public holidays', () => {
    const q = defaultPeriods(2025, 'quarter');
    const h = defaultHolidays(2025);
    for (let i = 1; i < q.length; i++) {
      for (const d of eachDate(addDays(q[i - 1].endsOn, 1), addDays(q[i].startsOn, -1))) expect(isHoliday(d, h)).toBe(true);
    }
    for (const p of q) expect(eachDate(p.startsOn, p.endsOn).filter((d) => isHoliday(d, h))).not.toContain(p.startsOn);
    for (const d of ['2025-11-04', '2026-02-23', '2026-03-08', '2026-05-01', '2026-05-09']) expect(isHoliday(d, h)).toBe(true);
    expect(isHoliday('2026-02-24', h)).toBe(false);
  });

  it('is deterministic', () => {
    expect(defaultPeriods(2026, 'quarter')).toEqual(defaultPeriods(2026, 'quarter'));
    expect(defaultHolidays(2026)).toEqual(defaultHolidays(2026));
  });
});
