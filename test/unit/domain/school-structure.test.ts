import { describe, expect, it } from 'vitest';
import {
  defaultSchemeForGrade,
  gradeRangesOf,
  gradeSchemesFromRanges,
  lessonDateProblem,
  loginBase,
  movementProblem,
  nextGrade,
  normalizeName,
  parseClassName,
  parseDateRu,
  periodSetProblems,
  personKey,
  pickLogin,
  type SlotEntry,
  schemeForGrade,
  timetableConflicts,
  timetableLessonDates,
  transliterate,
} from '../../../src/domain/school-structure';

const year = { startsOn: '2025-09-01', endsOn: '2026-06-30' };

describe('period schemes per grade [DOMAIN §2]', () => {
  it.each([
    [1, 'quarter'],
    [9, 'quarter'],
    [10, 'half'],
    [11, 'half'],
  ])('grade %i defaults to %s', (g, s) => expect(defaultSchemeForGrade(g)).toBe(s));

  it('a year setting overrides the default; ranges expand and fold back', () => {
    const map = gradeSchemesFromRanges([{ fromGrade: 5, toGrade: 9, scheme: 'trimester' }]);
    expect(schemeForGrade(4, map)).toBe('quarter');
    expect(schemeForGrade(5, map)).toBe('trimester');
    expect(schemeForGrade(10, map)).toBe('half');
    expect(gradeRangesOf(map)).toEqual([
      { fromGrade: 1, toGrade: 4, scheme: 'quarter' },
      { fromGrade: 5, toGrade: 9, scheme: 'trimester' },
      { fromGrade: 10, toGrade: 11, scheme: 'half' },
    ]);
    expect(schemeForGrade(3, {})).toBe('quarter');
  });
});

describe('periodSetProblems [DOMAIN §2]', () => {
  const q = (number: number, startsOn: string, endsOn: string) => ({ scheme: 'quarter' as const, number, startsOn, endsOn });

  it('accepts four quarters and two halves inside the year', () => {
    expect(
      periodSetProblems(year, [
        q(1, '2025-09-01', '2025-10-26'),
        q(2, '2025-11-05', '2025-12-28'),
        q(3, '2026-01-12', '2026-03-22'),
        q(4, '2026-04-01', '2026-05-26'),
        { scheme: 'half', number: 1, startsOn: '2025-09-01', endsOn: '2025-12-28' },
        { scheme: 'half', number: 2, startsOn: '2026-01-12', endsOn: '2026-05-26' },
      ]),
    ).toEqual([]);
  });

  it('refuses overlapping periods of one scheme, naming both', () => {
    const p = periodSetProblems(year, [q(1, '2025-09-01', '2025-11-10'), q(2, '2025-11-05', '2025-12-28')]);
    expect(p).toHaveLength(1);
    expect(p[0].message).toMatch(/пересекаются.*1 четверть.*2 четверть/);
    expect(p[0].field).toBe('periods.1.startsOn');
  });

  it.each([
    ['outside the year', [q(1, '2025-08-01', '2025-10-26')], /границы учебного года/],
    ['end before start', [q(1, '2025-10-26', '2025-09-01')], /раньше начала/],
    ['gap in numbers', [q(1, '2025-09-01', '2025-10-26'), q(3, '2025-11-05', '2025-12-28')], /подряд с 1/],
    ['repeated number', [q(1, '2025-09-01', '2025-10-26'), q(1, '2025-11-05', '2025-12-28')], /подряд с 1/],
    ['not a date', [q(1, '2025-02-30', '2025-10-26')], /неверная дата начала/],
  ])('refuses %s', (_name, periods, re) => {
    expect(
      periodSetProblems(year, periods)
        .map((x) => x.message)
        .join(' '),
    ).toMatch(re);
  });
});

describe('class names', () => {
  it.each([
    ['5А', { grade: 5, letter: 'А' }],
    ['5а', { grade: 5, letter: 'А' }],
    ['5A', { grade: 5, letter: 'А' }],
    ['11 Б', { grade: 11, letter: 'Б' }],
    ['7-в', { grade: 7, letter: 'В' }],
    [' 1Ё ', { grade: 1, letter: 'Е' }],
  ])('%s → %o', (s, out) => expect(parseClassName(s)).toEqual(out));

  it.each(['12А', '0Б', 'А5', '', '5АБВГ'])('%s is not a class', (s) => expect(parseClassName(s)).toBeNull());

  it('[002 §4.6] a class goes one grade up; the 11th graduates', () => {
    expect(nextGrade(5)).toBe(6);
    expect(nextGrade(10)).toBe(11);
    // [002 §4.6] a basic school (основная, grades 1–9) graduates its 9th grade; a primary one its 4th.
    expect(nextGrade(8, 9)).toBe(9);
    expect(nextGrade(9, 9)).toBe('graduate');
    expect(nextGrade(4, 4)).toBe('graduate');
    expect(nextGrade(11)).toBe('graduate');
  });
});

describe('timetable', () => {
  const e = (o: Partial<SlotEntry>): SlotEntry => ({
    label: 'x',
    teacherId: 't1',
    classId: 'c1',
    subgroupId: null,
    weekday: 1,
    lessonNumber: 1,
    validFrom: '2025-09-01',
    validTo: null,
    ...o,
  });

  it('finds a teacher loaded twice in one slot with overlapping validity', () => {
    const c = timetableConflicts([e({ classId: 'c1' })], [e({ classId: 'c2', validFrom: '2025-10-01' })]);
    expect(c).toHaveLength(1);
    expect(c[0].kind).toBe('teacher');
    expect(c[0].message).toMatch(/понедельник, 1-й урок/);
  });

  it('no conflict when validity does not overlap, or another slot', () => {
    expect(timetableConflicts([e({ validFrom: '2025-10-01' })], [e({ classId: 'c2', validTo: '2025-09-30' })])).toEqual([]);
    expect(timetableConflicts([e({})], [e({ classId: 'c2', lessonNumber: 2 })])).toEqual([]);
    expect(timetableConflicts([e({})], [e({ classId: 'c2', weekday: 2 })])).toEqual([]);
  });

  it('a class twice in one slot is a conflict, two subgroups of it are not [003 §3.2]', () => {
    expect(timetableConflicts([e({ teacherId: 'a' })], [e({ teacherId: 'b' })])[0].kind).toBe('class');
    expect(timetableConflicts([e({ teacherId: 'a', subgroupId: 'g1' })], [e({ teacherId: 'b', subgroupId: 'g2' })])).toEqual([]);
    expect(timetableConflicts([e({ teacherId: 'a', subgroupId: 'g1' }), e({ teacherId: 'b', subgroupId: null })], [])).toHaveLength(1);
  });

  it('lesson dates skip holidays and the gaps between periods', () => {
    const dates = timetableLessonDates({
      from: '2025-10-20',
      to: '2025-11-17',
      weekday: 1,
      holidays: [{ startsOn: '2025-10-27', endsOn: '2025-11-04' }],
      periods: [
        { startsOn: '2025-09-01', endsOn: '2025-10-26' },
        { startsOn: '2025-11-10', endsOn: '2025-12-28' },
      ],
    });
    expect(dates).toEqual(['2025-10-20', '2025-11-10', '2025-11-17']);
    expect(timetableLessonDates({ from: '2025-11-01', to: '2025-10-01', weekday: 1, holidays: [], periods: [] })).toEqual([]);
  });

  it('a single lesson may not be on a holiday or outside the periods', () => {
    const holidays = [{ name: 'Осенние каникулы', startsOn: '2025-10-27', endsOn: '2025-11-04' }];
    const periods = [{ startsOn: '2025-09-01', endsOn: '2025-10-26' }];
    expect(lessonDateProblem('2025-10-28', holidays, periods)).toMatch(/28\.10\.2025 — нерабочий день \(«Осенние каникулы»\)/);
    expect(lessonDateProblem('2025-11-10', holidays, periods)).toMatch(/не входит ни в один учебный период/);
    expect(lessonDateProblem('2025-10-20', holidays, periods)).toBeNull();
  });
});

describe('people', () => {
  it.each([
    ['01.09.2012', '2012-09-01'],
    ['1.9.2012', '2012-09-01'],
    ['2012-09-01', '2012-09-01'],
    ['01/09/2012', '2012-09-01'],
    ['01.09.12', '2012-09-01'],
    ['01.09.98', '1998-09-01'],
    ['01.09.2012 0:00:00', '2012-09-01'],
  ])('date %s → %s', (s, iso) => expect(parseDateRu(s)).toBe(iso));

  it.each(['31.02.2012', '2012-13-01', 'вчера', '', '1.1'])('%s is not a date', (s) => expect(parseDateRu(s)).toBeNull());

  it('matches a person regardless of case, spaces and ё', () => {
    expect(personKey({ lastName: ' Сёмина ', firstName: 'анна', middleName: null, birthDate: '2012-01-01' })).toBe(
      personKey({ lastName: 'Семина', firstName: 'Анна', middleName: '', birthDate: '2012-01-01' }),
    );
    expect(personKey({ lastName: 'Семина', firstName: 'Анна', birthDate: '2012-01-01' })).not.toBe(
      personKey({ lastName: 'Семина', firstName: 'Анна', birthDate: '2012-01-02' }),
    );
  });

  it('normalises names', () => {
    expect(normalizeName('  иванова-петрова  ')).toBe('Иванова-Петрова');
    expect(normalizeName('анна  мария')).toBe('Анна Мария');
  });

  it('makes logins from names and picks a free one', () => {
    expect(transliterate('Щукина Юлия')).toBe('shchukinayuliya');
    expect(loginBase({ lastName: 'Иванов', firstName: 'Пётр', middleName: 'Сергеевич' })).toBe('ivanov.ps');
    expect(loginBase({ lastName: 'Ли', firstName: 'Ён' })).toBe('li.e');
    expect(loginBase({ lastName: 'Ь', firstName: 'Ъ' })).toBe('user');
    expect(pickLogin('ivanov.ps', new Set(['ivanov.ps', 'ivanov.ps2']))).toBe('ivanov.ps3');
    expect(pickLogin('ivanov.ps', new Set())).toBe('ivanov.ps');
  });
});

describe('movementProblem [004 class teacher], [002 §4.6]', () => {
  const stay = { classId: 'c5a', className: '5А', fromDate: '2025-09-01', toDate: null };

  it('refuses a transfer dated before (or on) the arrival', () => {
    const r = movementProblem({ kind: 'transfer', date: '2025-09-01', stays: [stay], year, toClassId: 'c5b' });
    expect(r?.problem.field).toBe('date');
    expect(r?.problem.message).toMatch(/перевода 01\.09\.2025 должна быть позже зачисления в класс 5А \(01\.09\.2025\)/);
    expect(r?.conflict).toBe(false);
  });

  it('refuses an arrival of a student who is in a class (two classes at once)', () => {
    const r = movementProblem({ kind: 'arrival', date: '2025-10-01', stays: [stay], year, toClassId: 'c5b' });
    expect(r?.conflict).toBe(true);
    expect(r?.problem.message).toMatch(/двух классах одновременно/);
  });

  it('refuses an arrival overlapping a closed stay', () => {
    const r = movementProblem({ kind: 'arrival', date: '2025-10-01', stays: [{ ...stay, toDate: '2025-10-05' }], year, toClassId: 'c5b' });
    expect(r?.problem.message).toMatch(/не раньше 06\.10\.2025/);
  });

  it('refuses a departure of a student in no class, a transfer to the same class, a date outside the year', () => {
    expect(movementProblem({ kind: 'departure', date: '2025-10-01', stays: [], year })?.problem.field).toBe('studentId');
    expect(movementProblem({ kind: 'transfer', date: '2025-10-01', stays: [stay], year, toClassId: 'c5a' })?.problem.field).toBe(
      'toClassId',
    );
    expect(movementProblem({ kind: 'departure', date: '2026-08-01', stays: [stay], year })?.problem.message).toMatch(
      /вне текущего учебного года/,
    );
  });

  it('allows a valid transfer, departure and arrival', () => {
    expect(movementProblem({ kind: 'transfer', date: '2025-10-01', stays: [stay], year, toClassId: 'c5b' })).toBeNull();
    expect(movementProblem({ kind: 'departure', date: '2025-10-01', stays: [stay], year })).toBeNull();
    expect(
      movementProblem({ kind: 'arrival', date: '2025-10-06', stays: [{ ...stay, toDate: '2025-10-05' }], year, toClassId: 'c5b' }),
    ).toBeNull();
  });
});
