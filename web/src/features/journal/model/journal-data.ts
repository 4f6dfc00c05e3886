/**
 * The journal page as the API sends it, and the small changes a confirmed save makes to it. The page
 * data in the query cache is the server's state; values still on their way live in the save queue.
 */
import type { Schemas } from '../../../lib/api/client';

export type JournalPageData = Schemas['JournalPage'];
export type Lesson = JournalPageData['lessons'][number];
export type Work = Lesson['works'][number];
export type Student = JournalPageData['students'][number];
export type Mark = JournalPageData['marks'][number];
export type Attendance = JournalPageData['attendance'][number];
export type PageSummary = Schemas['JournalPageSummary'];

export const markKey = (workId: string, studentId: string) => `m:${workId}:${studentId}`;
export const attendanceKey = (lessonId: string, studentId: string) => `a:${lessonId}:${studentId}`;

/** Whether a student belongs to the class (subgroup) on a date: arrival and departure dates included. */
export function inStay(student: Pick<Student, 'fromDate' | 'toDate'>, date: string): boolean {
  return student.fromDate <= date && (student.toDate === null || date <= student.toDate);
}

export function findMark(page: JournalPageData, workId: string, studentId: string): Mark | undefined {
  return page.marks.find((m) => m.workId === workId && m.studentId === studentId);
}

export function findAttendance(page: JournalPageData, lessonId: string, studentId: string): Attendance | undefined {
  return page.attendance.find((a) => a.lessonId === lessonId && a.studentId === studentId);
}

const hasLesson = (page: JournalPageData, lessonId: string) => page.lessons.some((l) => l.id === lessonId);

/** A saved (or, on a conflict, the server's current) mark put into the page. */
export function withMark(
  page: JournalPageData,
  lessonId: string,
  workId: string,
  studentId: string,
  mark: (Omit<Mark, 'lessonId' | 'workId' | 'studentId' | 'onTime'> & { onTime?: boolean }) | null,
): JournalPageData {
  if (!hasLesson(page, lessonId)) return page;
  const rest = page.marks.filter((m) => !(m.workId === workId && m.studentId === studentId));
  if (!mark) return { ...page, marks: rest };
  const previous = findMark(page, workId, studentId);
  return { ...page, marks: [...rest, { onTime: previous?.onTime ?? true, ...mark, lessonId, workId, studentId }] };
}

/** A saved attendance entry; no code = present (the entry is gone). */
export function withAttendance(
  page: JournalPageData,
  lessonId: string,
  studentId: string,
  entry: { code: string | null; minutes?: number | null; version?: number | null } | null,
): JournalPageData {
  if (!hasLesson(page, lessonId)) return page;
  const rest = page.attendance.filter((a) => !(a.lessonId === lessonId && a.studentId === studentId));
  // The lessons array keeps its identity unless the roll is taken for the first time (the grid's columns hang on it).
  const lessons = page.lessons.some((l) => l.id === lessonId && !l.attendanceTaken)
    ? page.lessons.map((l) => (l.id === lessonId ? { ...l, attendanceTaken: true } : l))
    : page.lessons;
  if (!entry?.code || !entry.version) return { ...page, lessons, attendance: rest };
  const previous = findAttendance(page, lessonId, studentId);
  return {
    ...page,
    lessons,
    attendance: [
      ...rest,
      {
        lessonId,
        studentId,
        code: entry.code,
        minutes: entry.minutes ?? null,
        originalCode: previous?.originalCode ?? null,
        version: entry.version,
      },
    ],
  };
}

export function withLesson(page: JournalPageData, lessonId: string, change: (l: Lesson) => Lesson): JournalPageData {
  if (!hasLesson(page, lessonId)) return page;
  return { ...page, lessons: page.lessons.map((l) => (l.id === lessonId ? change(l) : l)) };
}

/** Lessons of a date (ISO) or before it, the latest first: where a teacher usually starts. */
export function lessonToStartAt(page: JournalPageData, today: string): number {
  if (page.lessons.length === 0) return -1;
  let index = 0;
  page.lessons.forEach((l, i) => {
    if (l.date <= today) index = i;
  });
  return index;
}
