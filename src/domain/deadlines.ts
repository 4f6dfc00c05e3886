/**
 * Deadlines for entering marks [003 §3.2], measured by the deputy's control report [002 §3.5], [003 §6.3].
 */
import { addDays, calendarDateIn, daysBetween, type IsoDate } from './calendar';
import type { SchoolSettings } from './school-settings';
import { workTypeDeadlineRule } from './work-types';

/** Without a timetable beyond this lesson, a page is assumed to meet weekly. */
const DAYS_PER_UNKNOWN_LESSON = 7;

/** The n-th lesson after this one (n ≥ 1), guessing a week per lesson not yet in the timetable. */
function nthLaterLesson(lessonDate: IsoDate, later: readonly IsoDate[], n: number): IsoDate {
  const known = [...later].filter((d) => d >= lessonDate).sort();
  if (known.length >= n) return known[n - 1];
  const last = known.at(-1) ?? lessonDate;
  return addDays(last, (n - known.length) * DAYS_PER_UNKNOWN_LESSON);
}

/**
 * [003 §3.2] the last day to enter a mark for a work of this type given at `lessonDate`:
 * class work the same day; test/independent within two lessons; control, laboratory, dictation by the
 * next lesson; essay/изложение within ten days. `laterLessonDates` are the page's lesson dates after
 * this lesson (a second lesson on the same day counts as the next one).
 */
export function markEntryDeadline(
  workType: string,
  lessonDate: IsoDate,
  laterLessonDates: readonly IsoDate[],
  settings: Pick<SchoolSettings, 'deadlines'>,
): IsoDate {
  switch (workTypeDeadlineRule(workType, settings)) {
    case 'same_day':
      return lessonDate;
    case 'next_lesson':
      return nthLaterLesson(lessonDate, laterLessonDates, 1);
    case 'two_lessons':
      return nthLaterLesson(lessonDate, laterLessonDates, 2);
    case 'ten_days':
      return addDays(lessonDate, 10);
  }
}

/** [003 §3.2] on time when entered on or before the deadline day, by the calendar of the school's time zone. */
export function isEntryOnTime(enteredAt: Date, deadline: IsoDate, timeZone = 'Europe/Moscow'): boolean {
  return calendarDateIn(enteredAt, timeZone) <= deadline;
}

/** [003 §6.3] how many days after the deadline the entry came (0 when on time). */
export function entryDelayDays(enteredAt: Date, deadline: IsoDate, timeZone = 'Europe/Moscow'): number {
  return Math.max(0, daysBetween(deadline, calendarDateIn(enteredAt, timeZone)));
}
