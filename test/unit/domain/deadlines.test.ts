import { describe, expect, it } from 'vitest';
import { entryDelayDays, isEntryOnTime, markEntryDeadline } from '../../../src/domain/deadlines';
import { resolveSettings } from '../../../src/domain/school-settings';

const s = resolveSettings();
const lesson = '2025-09-01'; // Monday
const later = ['2025-09-03', '2025-09-08', '2025-09-10'];

describe('[003 §3.2] markEntryDeadline', () => {
  it.each([
    // same day
    ['class_answer', later, '2025-09-01'],
    ['homework', later, '2025-09-01'],
    ['oral', [], '2025-09-01'],
    ['project', later, '2025-09-01'],
    ['other', [], '2025-09-01'],
    // by the next lesson
    ['control', later, '2025-09-03'],
    ['laboratory', later, '2025-09-03'],
    ['practical', later, '2025-09-03'],
    ['dictation', later, '2025-09-03'],
    ['exam', later, '2025-09-03'],
    ['control', [], '2025-09-08'], // no later lesson known: a week
    // within two lessons
    ['test', later, '2025-09-08'],
    ['independent', later, '2025-09-08'],
    ['test', [], '2025-09-15'], // none known: two weeks
    ['test', ['2025-09-03'], '2025-09-10'], // one known: a week after it
    // within ten days
    ['essay', later, '2025-09-11'],
    ['summary', [], '2025-09-11'],
  ])('[003 §3.2] %s given on 2025-09-01 with later lessons %j is due %s', (type, laterDates, due) => {
    expect(markEntryDeadline(type, lesson, laterDates, s)).toBe(due);
  });

  it('[003 §3.2] control work is due by the next lesson, even across holidays', () => {
    expect(markEntryDeadline('control', '2025-10-24', ['2025-11-07', '2025-11-14'], s)).toBe('2025-11-07');
  });

  it('[003 §3.2] a second lesson the same day is the next lesson', () => {
    expect(markEntryDeadline('dictation', lesson, ['2025-09-01', '2025-09-03'], s)).toBe('2025-09-01');
  });

  it('sorts the later lessons and ignores earlier ones', () => {
    expect(markEntryDeadline('test', lesson, ['2025-09-10', '2025-08-29', '2025-09-03'], s)).toBe('2025-09-10');
  });

  it('follows the school deadline rules', () => {
    const school = resolveSettings({ deadlines: { control: 'ten_days', class_answer: 'next_lesson' } });
    expect(markEntryDeadline('control', lesson, later, school)).toBe('2025-09-11');
    expect(markEntryDeadline('class_answer', lesson, later, school)).toBe('2025-09-03');
  });
});

describe('[003 §3.2] isEntryOnTime in the school time zone', () => {
  it.each([
    ['2025-09-03T08:00:00Z', 'Europe/Moscow', true, 0],
    ['2025-09-03T20:59:59Z', 'Europe/Moscow', true, 0], // 23:59:59 in Moscow on the deadline day
    ['2025-09-03T21:00:00Z', 'Europe/Moscow', false, 1], // 00:00 next day in Moscow
    ['2025-09-03T21:00:00Z', 'UTC', true, 0],
    ['2025-09-03T18:00:00Z', 'Asia/Bishkek', false, 1], // already 4 September in Bishkek
    ['2025-09-01T06:00:00Z', 'Europe/Moscow', true, 0],
    ['2025-09-13T10:00:00Z', 'Europe/Moscow', false, 10],
  ])('entered at %s (%s): on time %s, %i days late', (at, tz, onTime, delay) => {
    expect(isEntryOnTime(new Date(at), '2025-09-03', tz)).toBe(onTime);
    expect(entryDelayDays(new Date(at), '2025-09-03', tz)).toBe(delay);
  });

  it('uses Moscow time by default', () => {
    expect(isEntryOnTime(new Date('2025-09-03T21:30:00Z'), '2025-09-03')).toBe(false);
  });
});
