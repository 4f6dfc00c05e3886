import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/client';
import { ATTENDANCE_NAMES, type AttendanceCode } from '../../domain/attendance';
import { type AveragedMark, averageOf, marksNeededForNextBorder, markWeight } from '../../domain/averages';
import {
  addDays,
  calendarDateIn,
  daysBetween,
  eachDate,
  findPeriod,
  type IsoDate,
  isIsoDate,
  isWithin,
  weekdayOf,
} from '../../domain/calendar';
import { proposePeriodMark } from '../../domain/final-marks';
import { type Actor, membershipIn, type Role } from '../../domain/policy';
import { resolveSettings, type SchoolSettings, type SchoolSettingsInput } from '../../domain/school-settings';
import { workTypeName } from '../../domain/work-types';
import type { Deps, SessionActor } from '../../server/context';
import { AppError, invalid, notFound } from '../../server/errors';
import { JsonCache } from '../../server/freshness';
import { isUuid, requireAccess } from '../access/access.service';
import { auditRepository } from '../audit/audit.repository';
import { type DiaryEntry, diaryEntries } from './diary.entries';
import { renderCalendar } from './diary.ical';
import { type FileJson, type MarkJson, type PeriodJson, diaryRepository as repo, type Viewer } from './diary.repository';
import { weekOut } from './diary.schemas';

/** [issue 6] one diary request covers at most 31 days: a month view, never a year in one go. */
export const MAX_RANGE_DAYS = 31;
/** Homework is looked up from lessons up to this many days before its due date. */
const HOMEWORK_LOOK_BACK_DAYS = 60;
/** [issue 6] the calendar feed covers the previous and the next four weeks. */
const FEED_WEEKS = 4;
/** The «что нужно» hint counts answers in class: the everyday work with the default weight 1. */
const HINT_WORK_TYPE = 'class_answer';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function groupBy<T, K>(items: readonly T[] | null, key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items ?? []) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

const byRussianName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'ru');

/** Checks a date query parameter: a real calendar date, else 400 naming the field. */
function dateParam(field: string, value: string): IsoDate {
  if (!isIsoDate(value)) throw invalid(field, `Неверная дата «${value}»: ожидается ГГГГ-ММ-ДД`);
  return value;
}

/** [issue 6] from ≤ to and at most 31 days, else a clear 400. */
function dateRange(from: string, to: string | undefined, defaultDays: number): { from: IsoDate; to: IsoDate } {
  const start = dateParam('from', from);
  const end = to === undefined ? addDays(start, defaultDays - 1) : dateParam('to', to);
  if (end < start) throw invalid('to', 'Дата окончания раньше даты начала');
  if (daysBetween(start, end) + 1 > MAX_RANGE_DAYS) {
    throw invalid('to', `Дневник отдаётся не больше чем за ${MAX_RANGE_DAYS} день: сократите диапазон`);
  }
  return { from: start, to: end };
}

function fileOut(f: FileJson) {
  return { id: f.id, name: f.name, size: f.size, contentType: f.contentType, url: `/api/files/${f.id}` };
}

function markOut(m: MarkJson, settings: SchoolSettings) {
  return {
    id: m.id,
    value: m.value,
    workType: m.workType,
    workTypeName: workTypeName(m.workType),
    workTitle: m.workTitle,
    weight: markWeight(m, settings),
    comment: m.comment,
  };
}

function attendanceOut(code: string | null, minutes: number | null) {
  if (!code) return null;
  return { code, name: ATTENDANCE_NAMES[code as AttendanceCode] ?? code, minutes };
}

function periodOut(p: PeriodJson) {
  return { id: p.id, name: p.name, number: p.number, startsOn: p.startsOn, endsOn: p.endsOn, closed: p.closed };
}

/** The period a marks view opens on: the one of today, else the last begun, else the first. */
function defaultPeriod(periods: readonly PeriodJson[], today: IsoDate): PeriodJson | undefined {
  return findPeriod(today, periods) ?? [...periods].reverse().find((p) => p.startsOn <= today) ?? periods[0];
}

/** [DOMAIN §7] the trend: the average after each day with marks, for the sparkline. */
function runningAverage(marks: readonly (AveragedMark & { date: IsoDate })[], settings: SchoolSettings) {
  const points: { date: IsoDate; average: number }[] = [];
  marks.forEach((m, i) => {
    if (marks[i + 1]?.date === m.date) return;
    const average = averageOf(marks.slice(0, i + 1), settings);
    if (average !== null) points.push({ date: m.date, average });
  });
  return points;
}

/**
 * A feed token carries its school (hex, no dashes) before the secret so that the lookup is led by
 * school_id; the secret is 32 random bytes. Only the SHA-256 of the whole token is stored.
 */
function newFeedToken(schoolId: string): string {
  return `${schoolId.replace(/-/g, '')}${randomBytes(32).toString('base64url')}`;
}

function parseFeedToken(file: string): { schoolId: string; token: string } | null {
  const m = /^([0-9a-f]{32})([A-Za-z0-9_-]{43})\.ics$/.exec(file);
  if (!m) return null;
  const h = m[1];
  const schoolId = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  return { schoolId, token: m[1] + m[2] };
}

/** Access decisions of the week view kept per process (an account × a student), the oldest go first. */
const MAX_CACHED_ACCESS = 100_000;

interface CachedWeek {
  at: number;
  schoolId: string;
  classIds: string[];
  timeZone: string;
  today: IsoDate;
  json: Buffer;
}

/**
 * [000 §9], [002 §5.1] diary views for the participation reports, written in batches: at most one
 * statement a second (or per 500 views) instead of a write per view. `batchMs` 0 writes each at once.
 * At worst a crash forgets the last second of views — a participation count, never a mark.
 */
class ViewRecorder {
  private pending: { schoolId: string; personId: string; studentId: string; at: Date }[] = [];
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  constructor(
    private readonly db: Deps['db'],
    private readonly batchMs: number,
  ) {}

  async record(v: { schoolId: string; personId: string; studentId: string; at: Date }) {
    if (this.batchMs === 0) return repo.recordViews(this.db, [v]);
    this.pending.push(v);
    if (this.pending.length >= 500) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.batchMs);
  }

  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.flushing = this.flushing.then(() => repo.recordViews(this.db, batch).catch(() => {}));
    return this.flushing;
  }
}

export function makeDiaryService({ db, now, config, freshness, replica }: Deps) {
  /**
   * Where a week is read: the replica when it has replayed the primary's WAL up to now, so that it holds
   * every write committed before this read began (a family sees the mark the moment it was answered, and a
   * week read there may be cached as fresh); else the primary. Two small statements buy the heavy one
   * a place off the primary.
   */
  async function readSource(): Promise<Queryable> {
    if (!replica) return db;
    try {
      const lsn = await repo.primaryPosition(db);
      return (await repo.replayedUpTo(replica, lsn)) ? replica : db;
    } catch {
      return db;
    }
  }

  const accessCache = new Map<string, { at: number; schoolId: string; viewer: Viewer | null }>();
  // Diary weeks as JSON (UTF-8 bytes): served while neither the school nor any class the student was in that week
  // changed since, and while the entry's «today» is still today.
  const weeks = new JsonCache<CachedWeek>(config.READ_CACHE_MB * 1024 * 1024);
  const views = new ViewRecorder(db, config.DIARY_VIEW_BATCH_MS);

  /** [000 §3.6] the one gate: the student themself, their parents, staff per policy; others get 404. */
  async function readable(actor: Actor, studentId: string): Promise<{ schoolId: string; viewer: Viewer | null }> {
    const r = await requireAccess(db, actor, 'student.diary', { studentId });
    const personId = membershipIn(actor, r.schoolId)?.personId;
    return { schoolId: r.schoolId, viewer: personId ? { personId } : null };
  }

  /**
   * `readable` for the week view, remembered per account and student while the student's school has no
   * change (a parent unlinked, a student moved, roles changed are all school-level writes). Only grants
   * are remembered: a refusal is asked again.
   */
  async function readableCached(actor: SessionActor, studentId: string) {
    const key = `${actor.accountId}|${studentId}`;
    const hit = accessCache.get(key);
    if (hit && freshness?.schoolsFresh(hit.at, [hit.schoolId])) return hit;
    const at = freshness?.mark() ?? 0;
    const r = await readable(actor, studentId);
    if (freshness?.enabled) {
      accessCache.delete(key);
      if (accessCache.size >= MAX_CACHED_ACCESS) accessCache.delete(accessCache.keys().next().value as string);
      accessCache.set(key, { at, ...r });
    }
    return r;
  }

  const settingsOf = (raw: Record<string, unknown>) => resolveSettings(raw as SchoolSettingsInput);

  const service = {
    /**
     * [DOMAIN §7] the diary day by day for [from, to] (a week by default, at most 31 days): timetable with
     * bell times, subject, teacher, topic, homework with files and due date, marks with work type, weight
     * and comment, absences; holidays; today. 3 queries in all: session, access, this one.
     */
    /**
     * The week as JSON (UTF-8 bytes), from memory when nothing it shows has changed (src/server/freshness.ts);
     * the view is recorded either way [000 §9].
     */
    async weekJson(actor: SessionActor, q: { studentId: string; from: string; to?: string }): Promise<Buffer> {
      const { from, to } = dateRange(q.from, q.to, 7);
      const { schoolId, viewer } = await readableCached(actor, q.studentId);
      if (viewer) await views.record({ schoolId, personId: viewer.personId, studentId: q.studentId, at: now() });
      const key = `${q.studentId}|${from}|${to}|${viewer?.personId ?? ''}`;
      const hit = weeks.get(key);
      if (
        hit &&
        hit.schoolId === schoolId &&
        freshness?.classesFresh(hit.at, schoolId, hit.classIds) &&
        calendarDateIn(now(), hit.timeZone) === hit.today
      ) {
        return hit.json;
      }
      const at = freshness?.mark() ?? 0;
      const week = await service.buildWeek(schoolId, viewer, q.studentId, from, to);
      // Tests check every answer against the OpenAPI schema; production trusts the code that built it.
      if (config.RESPONSE_VALIDATION) weekOut.parse(week.body);
      const json = Buffer.from(JSON.stringify(week.body));
      if (freshness?.enabled)
        weeks.set(key, { at, schoolId, classIds: week.classIds, timeZone: week.timeZone, today: week.body.today, json });
      return json;
    },

    /** Writes out the diary views still waiting in memory (the app is stopping). */
    flushViews: () => views.flush(),

    /** The week's answer from the database: one statement for the diary and one per entry source, side by side. */
    async buildWeek(schoolId: string, viewer: Viewer | null, studentId: string, from: IsoDate, to: IsoDate) {
      const q = { studentId };
      const entryQuery = { schoolId, studentId: q.studentId, viewerPersonId: viewer?.personId ?? null, from, to };
      // Announcements and messages run beside the diary's own query; a failing source only loses its entries.
      const source = await readSource();
      const [row, entries] = await Promise.all([
        repo.week(source, schoolId, q.studentId, from, to),
        diaryEntries(source, entryQuery, () => {}),
      ]);
      const settings = settingsOf(row.settings);
      const today = calendarDateIn(now(), row.time_zone);
      const marks = groupBy(row.marks, (m) => m.lessonId);
      const files = groupBy(row.files, (f) => f.lessonId);
      const lessons = groupBy(row.lessons, (l) => l.date);
      const entriesByDate = groupBy<DiaryEntry, string>(entries, (e) => e.date);
      const holidays = row.holidays ?? [];
      const body = {
        student: { id: q.studentId, name: row.student_name ?? '', className: row.class_name },
        from,
        to,
        today,
        days: eachDate(from, to).map((date) => ({
          date,
          weekday: weekdayOf(date),
          isToday: date === today,
          // [DOMAIN §2] a holiday has no lessons: the timetable skips it, so there is nothing to hide.
          holiday: holidays.find((h) => isWithin(date, h))?.name ?? null,
          lessons: (lessons.get(date) ?? []).map((l) => ({
            id: l.id,
            number: l.number,
            startsAt: l.startsAt,
            endsAt: l.endsAt,
            subjectId: l.subjectId,
            subjectName: l.subjectName,
            subgroupName: l.subgroupName,
            teacherName: l.teacherName,
            room: l.room,
            topic: l.topic,
            homework:
              l.homeworkText !== null
                ? { text: l.homeworkText, dueDate: l.homeworkDue ?? date, files: (files.get(l.id) ?? []).map(fileOut) }
                : null,
            marks: (marks.get(l.id) ?? []).map((m) => markOut(m, settings)),
            attendance: attendanceOut(l.absence, l.lateMinutes),
          })),
          entries: entriesByDate.get(date) ?? [],
        })),
      };
      return { body, classIds: row.class_ids ?? [], timeZone: row.time_zone };
    },

    /**
     * [DOMAIN §7] every mark of a period by subject with the weighted average, the proposal, the trend,
     * the final marks of the year and «что нужно»: how many «5» lift the proposal to each better mark.
     */
    async marks(actor: SessionActor, studentId: string, q: { periodId?: string }) {
      const { schoolId, viewer } = await readable(actor, studentId);
      if (q.periodId !== undefined && !isUuid(q.periodId)) throw notFound('Период');
      const head = await repo.periodsFor(db, schoolId, studentId, q.periodId ?? null, viewer);
      const settings = settingsOf(head.settings);
      const periods = head.periods ?? [];
      const today = calendarDateIn(now(), head.time_zone);
      const period = q.periodId ? periods.find((p) => p.id === q.periodId) : defaultPeriod(periods, today);
      if (q.periodId && !period) throw notFound('Период');
      if (!period) return { studentId, period: null, periods: [], averageMode: settings.averageMode, subjects: [] };
      const data = await repo.periodMarks(db, schoolId, studentId, period.startsOn, period.endsOn, period.yearId);
      const marks = groupBy(data.marks, (m) => m.subjectId);
      const finals = groupBy(data.finals, (f) => f.subjectId);
      const periodName = new Map(periods.map((p) => [p.id, p.name]));
      const subjects = [...(data.subjects ?? [])].sort(byRussianName).map((s) => {
        const list = marks.get(s.id) ?? [];
        const averaged = list.map((m) => ({ value: m.value, workType: m.workType, weight: m.weight, date: m.date }));
        const own = finals.get(s.id) ?? [];
        return {
          subjectId: s.id,
          subjectName: s.name,
          passFail: s.passFail,
          marks: list.map((m) => ({
            id: m.id,
            date: m.date,
            lessonNumber: m.lessonNumber,
            topic: m.topic,
            value: m.value,
            workType: m.workType,
            workTypeName: workTypeName(m.workType),
            workTitle: m.workTitle,
            weight: markWeight(m, settings),
            comment: m.comment,
          })),
          average: averageOf(averaged, settings),
          proposed: s.passFail ? null : proposePeriodMark(averaged, settings).value,
          trend: runningAverage(averaged, settings),
          needed: s.passFail ? [] : marksNeededForNextBorder(averaged, settings, { workType: HINT_WORK_TYPE }),
          periodFinal: own.find((f) => f.kind === 'period' && f.periodId === period.id)?.value ?? null,
          finals: own.map((f) => ({
            kind: f.kind,
            periodId: f.periodId,
            periodName: f.periodId ? (periodName.get(f.periodId) ?? null) : null,
            value: f.value,
          })),
        };
      });
      return { studentId, period: periodOut(period), periods: periods.map(periodOut), averageMode: settings.averageMode, subjects };
    },

    /** [DOMAIN §6] period, year, exam and final marks of one year; earlier years stay readable [002 §4.6]. */
    async finals(actor: SessionActor, studentId: string, q: { yearId?: string }) {
      const { schoolId, viewer } = await readable(actor, studentId);
      if (q.yearId !== undefined && !isUuid(q.yearId)) throw notFound('Учебный год');
      const row = await repo.finals(db, schoolId, studentId, q.yearId ?? null, viewer);
      if (q.yearId && row.year_id !== q.yearId) throw notFound('Учебный год');
      const years = row.years ?? [];
      const year = years.find((y) => y.id === row.year_id);
      const finals = groupBy(row.finals, (f) => f.subjectId);
      const markOfKind = (list: readonly { kind: string; value: string }[], kind: string) =>
        list.find((f) => f.kind === kind)?.value ?? null;
      return {
        studentId,
        years: years.map((y) => ({ id: y.id, name: y.name, current: y.status === 'current' })),
        year: year ? { id: year.id, name: year.name, current: year.status === 'current' } : null,
        periods: (row.periods ?? []).map(periodOut),
        subjects: [...(row.subjects ?? [])].sort(byRussianName).map((s) => {
          const own = finals.get(s.id) ?? [];
          return {
            subjectId: s.id,
            subjectName: s.name,
            periods: own.filter((f) => f.kind === 'period' && f.periodId).map((f) => ({ periodId: f.periodId as string, value: f.value })),
            year: markOfKind(own, 'year'),
            exam: markOfKind(own, 'exam'),
            final: markOfKind(own, 'final'),
          };
        }),
      };
    },

    /** [DOMAIN §7] homework due in [from, to] (two weeks by default, at most 31 days), by due date. */
    async homework(actor: SessionActor, studentId: string, q: { from: string; to?: string }) {
      const { from, to } = dateRange(q.from, q.to, 14);
      const { schoolId, viewer } = await readable(actor, studentId);
      const row = await repo.homeworkDue(db, schoolId, studentId, from, to, HOMEWORK_LOOK_BACK_DAYS, viewer);
      const files = groupBy(row.files, (f) => f.lessonId);
      return {
        studentId,
        from,
        to,
        today: calendarDateIn(now(), row.time_zone),
        items: (row.homework ?? []).map((h) => ({
          lessonId: h.lessonId,
          givenOn: h.date,
          dueDate: h.dueDate,
          subjectId: h.subjectId,
          subjectName: h.subjectName,
          topic: h.topic,
          text: h.text,
          files: (files.get(h.lessonId) ?? []).map(fileOut),
        })),
      };
    },

    // ───────────── calendar feeds ─────────────

    /** The actor's active calendar feeds (the URL itself is shown only once, when made). */
    async listFeeds(actor: SessionActor) {
      const rows = await repo.feedsOf(
        db,
        actor.memberships.map((m) => m.schoolId),
        actor.memberships.map((m) => m.personId),
      );
      return rows.map((f) => ({
        id: f.id,
        studentId: f.student_id,
        studentName: f.student_name,
        createdAt: f.created_at.toISOString(),
        lastUsedAt: f.last_used_at?.toISOString() ?? null,
      }));
    },

    /** A private iCal URL of a child's timetable and homework, for a student the actor may read. */
    async createFeed(actor: SessionActor, input: { studentId: string }, baseUrl: string) {
      const { schoolId, viewer } = await readable(actor, input.studentId);
      if (!viewer) throw notFound('Ученик');
      const token = newFeedToken(schoolId);
      const row = await db.tx(async (tx) => {
        const created = await repo.createFeed(tx, {
          schoolId,
          studentId: input.studentId,
          createdBy: viewer.personId,
          tokenHash: sha256(token),
        });
        await auditRepository.record(tx, {
          schoolId,
          actorAccountId: actor.accountId,
          action: 'calendar_feed.create',
          objectKind: 'calendar_feed',
          objectId: created.id,
          details: { studentId: input.studentId },
        });
        return created;
      });
      const path = `/ical/${token}.ics`;
      return { id: row.id, studentId: input.studentId, createdAt: row.created_at.toISOString(), path, url: `${baseUrl}${path}` };
    },

    /** Revokes one of the actor's feeds: the URL stops working at once. */
    async revokeFeed(actor: SessionActor, id: string) {
      if (!isUuid(id)) throw notFound('Календарь');
      await db.tx(async (tx) => {
        const row = await repo.revokeFeed(
          tx,
          actor.memberships.map((m) => m.schoolId),
          actor.memberships.map((m) => m.personId),
          id,
        );
        if (!row) throw notFound('Календарь');
        await auditRepository.record(tx, {
          schoolId: row.school_id,
          actorAccountId: actor.accountId,
          action: 'calendar_feed.revoke',
          objectKind: 'calendar_feed',
          objectId: id,
          details: { studentId: row.student_id },
        });
      });
      return { ok: true as const };
    },

    /**
     * GET /ical/{token}.ics, public: the feed reads with the rights of the person who made it, checked
     * again on every fetch, so a revoked feed, a blocked account or a removed parent link ends it.
     */
    async calendar(file: string): Promise<string> {
      const parsed = parseFeedToken(file);
      if (!parsed) throw notFound('Календарь');
      const feed = await repo.feedByToken(db, parsed.schoolId, sha256(parsed.token));
      if (!feed || feed.blocked || !feed.account_id) throw notFound('Календарь');
      const owner: Actor = {
        accountId: feed.account_id,
        memberships: [{ schoolId: parsed.schoolId, personId: feed.created_by, roles: new Set(feed.roles as Role[]) }],
      };
      try {
        await requireAccess(db, owner, 'student.diary', { studentId: feed.student_id });
      } catch (e) {
        if (e instanceof AppError) throw notFound('Календарь');
        throw e;
      }
      const instant = now();
      // A day either way makes no difference to a window of eight weeks: no time zone look-up first.
      const around = calendarDateIn(instant, 'Europe/Moscow');
      const from = addDays(around, -7 * FEED_WEEKS);
      const to = addDays(around, 7 * FEED_WEEKS);
      const row = await repo.feedEvents(db, parsed.schoolId, feed.student_id, from, to, feed.id);
      return renderCalendar({
        calendarName: `${row.student_name} — дневник (${row.school_name})`,
        timeZone: row.time_zone,
        host: new URL(config.publicUrl).hostname || 'journal',
        stamp: instant,
        lessons: row.lessons ?? [],
      });
    },
  };
  return service;
}
