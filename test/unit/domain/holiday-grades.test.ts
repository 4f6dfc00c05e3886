import { describe, expect, it } from 'vitest';
import {
  holidayCoversGrade,
  holidayGradeProblems,
  holidayGradesLabel,
  holidayRangesOfGrade,
  holidaysOfGrade,
  isGradeLimited,
} from '../../../src/domain/holiday-grades';
import { timetableLessonDates } from '../../../src/domain/school-structure';

const whole = { fromGrade: null, toGrade: null };
const first = { fromGrade: 1, toGrade: 1 };
const primary = { fromGrade: 1, toGrade: 4 };

describe('[DOMAIN §2] holidays of some grades only', () => {
  it.each([
    [whole, 1, true],
    [whole, 11, true],
    [first, 1, true],
    [first, 2, false],
    [primary, 4, true],
    [primary, 5, false],
    [{ fromGrade: 10, toGrade: 11 }, 9, false],
    [{ fromGrade: 10, toGrade: 11 }, 11, true],
  ])('holidayCoversGrade(%o, %i) = %s', (h, grade, expected) => {
    expect(holidayCoversGrade(h, grade)).toBe(expected);
  });

  it('[DOMAIN §2] a 1st-grade February holiday skips the lessons of the 1st grade only', () => {
    const holidays = [
      { name: 'Зимние каникулы', startsOn: '2026-01-01', endsOn: '2026-01-11', ...whole },
      { name: 'Дополнительные каникулы для первоклассников', startsOn: '2026-02-16', endsOn: '2026-02-22', ...first },
    ];
    const mondays = (grade: number) =>
      timetableLessonDates({
        from: '2026-02-09',
        to: '2026-02-23',
        weekday: 1,
        holidays: holidayRangesOfGrade(holidays, grade),
        periods: [],
      });
    expect(mondays(1)).toEqual(['2026-02-09', '2026-02-23']);
    expect(mondays(5)).toEqual(['2026-02-09', '2026-02-16', '2026-02-23']);
    expect(holidaysOfGrade(holidays, 2).map((h) => h.name)).toEqual(['Зимние каникулы']);
  });

  it('a range is limited; no range is the whole school’s', () => {
    expect(isGradeLimited(whole)).toBe(false);
    expect(isGradeLimited(first)).toBe(true);
    expect(holidayGradesLabel(whole)).toBeNull();
    expect(holidayGradesLabel(first)).toBe('только 1-е классы');
    expect(holidayGradesLabel(primary)).toBe('1–4-е классы');
  });

  it.each([
    [{}, []],
    [{ fromGrade: null, toGrade: null }, []],
    [{ fromGrade: 1, toGrade: 1 }, []],
    [{ fromGrade: 1, toGrade: 11 }, []],
    [{ fromGrade: 0, toGrade: 1 }, ['holiday.fromGrade']],
    [{ fromGrade: 1, toGrade: 12 }, ['holiday.toGrade']],
    [{ fromGrade: 1.5, toGrade: 2 }, ['holiday.fromGrade']],
    [{ fromGrade: 5, toGrade: 1 }, ['holiday.toGrade']],
    [{ fromGrade: 1 }, ['holiday.toGrade']],
    [{ toGrade: 4 }, ['holiday.fromGrade']],
    [{ fromGrade: 0, toGrade: 12 }, ['holiday.fromGrade', 'holiday.toGrade']],
  ])('holidayGradeProblems(%o) names %o', (grades, fields) => {
    const problems = holidayGradeProblems({ name: 'Каникулы', ...grades }, 'holiday');
    expect(problems.map((p) => p.field)).toEqual(fields);
    for (const p of problems) expect(p.message).toMatch(/^«Каникулы»: /);
  });
});
