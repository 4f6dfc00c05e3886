/**
 * The calendar feed as RFC 5545 text: lessons as timed VEVENTs (bell times of the school, converted to
 * UTC so that no VTIMEZONE is needed), homework as all-day VEVENTs on its due date (calendar apps show
 * those; many ignore VTODO). Pure: no I/O, the service passes everything in.
 */
import { addDays, type IsoDate } from '../../domain/calendar';

export interface FeedLesson {
  id: string;
  date: IsoDate;
  number: number;
  startsAt: string | null;
  endsAt: string | null;
  subjectName: string;
  subgroupName: string | null;
  teacherName: string | null;
  room: string | null;
  topic: string | null;
  homeworkText: string | null;
  homeworkDue: IsoDate | null;
}

export interface FeedInput {
  calendarName: string;
  timeZone: string;
  host: string;
  stamp: Date;
  lessons: readonly FeedLesson[];
}

/** [RFC 5545 §3.3.11] TEXT values escape backslash, semicolon, comma and newlines. */
export function escapeText(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** [RFC 5545 §3.1] lines longer than 75 octets are folded with CRLF + space, never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > (out.length === 0 ? 75 : 74)) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes east of UTC of a time zone at an instant (Moscow: +180). */
function zoneOffsetMinutes(instantMs: number, timeZone: string): number {
  let fmt = offsetFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormatters.set(timeZone, fmt);
  }
  const p = Object.fromEntries(fmt.formatToParts(new Date(instantMs)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUtc - Math.floor(instantMs / 1000) * 1000) / 60_000);
}

/** The instant of a wall-clock time ('08:30') on a school day in the school's time zone. */
export function schoolTimeToUtc(date: IsoDate, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // Two passes settle the offset across a daylight-saving change.
  let instant = wall - zoneOffsetMinutes(wall, timeZone) * 60_000;
  instant = wall - zoneOffsetMinutes(instant, timeZone) * 60_000;
  return new Date(instant);
}

const utcStamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
const dateValue = (d: IsoDate) => d.replace(/-/g, '');

function lessonSummary(l: FeedLesson): string {
  return l.subgroupName ? `${l.subjectName} (${l.subgroupName})` : l.subjectName;
}

function lessonDescription(l: FeedLesson): string {
  const lines = [`${l.number}-й урок`];
  if (l.teacherName) lines.push(`Учитель: ${l.teacherName}`);
  if (l.topic) lines.push(`Тема: ${l.topic}`);
  if (l.homeworkText)
    lines.push(`Домашнее задание${l.homeworkDue ? ` (к ${l.homeworkDue.split('-').reverse().join('.')})` : ''}: ${l.homeworkText}`);
  return lines.join('\n');
}

/** The whole VCALENDAR, CRLF line endings, folded lines. */
export function renderCalendar(input: FeedInput): string {
  const stamp = utcStamp(input.stamp);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Shkolny Zhurnal//Diary calendar feed//RU',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(input.calendarName)}`,
    `X-WR-TIMEZONE:${input.timeZone}`,
  ];
  for (const l of input.lessons) {
    lines.push('BEGIN:VEVENT', `UID:lesson-${l.id}@${input.host}`, `DTSTAMP:${stamp}`);
    if (l.startsAt && l.endsAt) {
      lines.push(
        `DTSTART:${utcStamp(schoolTimeToUtc(l.date, l.startsAt, input.timeZone))}`,
        `DTEND:${utcStamp(schoolTimeToUtc(l.date, l.endsAt, input.timeZone))}`,
      );
    } else {
      // No bell schedule for this lesson number: still on the right day.
      lines.push(`DTSTART;VALUE=DATE:${dateValue(l.date)}`, `DTEND;VALUE=DATE:${dateValue(addDays(l.date, 1))}`);
    }
    lines.push(`SUMMARY:${escapeText(lessonSummary(l))}`, `DESCRIPTION:${escapeText(lessonDescription(l))}`);
    if (l.room) lines.push(`LOCATION:${escapeText(`Кабинет ${l.room}`)}`);
    lines.push('CATEGORIES:Урок', 'TRANSP:OPAQUE', 'END:VEVENT');
    if (l.homeworkText && l.homeworkDue) {
      lines.push(
        'BEGIN:VEVENT',
        `UID:homework-${l.id}@${input.host}`,
        `DTSTAMP:${stamp}`,
        `DTSTART;VALUE=DATE:${dateValue(l.homeworkDue)}`,
        `DTEND;VALUE=DATE:${dateValue(addDays(l.homeworkDue, 1))}`,
        `SUMMARY:${escapeText(`ДЗ: ${lessonSummary(l)}`)}`,
        `DESCRIPTION:${escapeText(l.homeworkText)}`,
        'CATEGORIES:Домашнее задание',
        'TRANSP:TRANSPARENT',
        'END:VEVENT',
      );
    }
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
