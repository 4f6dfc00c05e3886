import type { Queryable } from '../../db/client';
import { addDays, calendarDateIn, daysBetween, formatDateRu, isWithin } from '../../domain/calendar';
import { holidaysOfGrade } from '../../domain/holiday-grades';
import type { Actor } from '../../domain/policy';
import {
  earlierDate,
  laterDate,
  lessonDateProblem,
  type SlotEntry,
  timetableConflicts,
  timetableLessonDates,
  WEEKDAY_NAMES_RU,
} from '../../domain/school-structure';
import type { Deps } from '../../server/context';
import { AppError, notFound } from '../../server/errors';
import { requireAccess } from '../access/access.service';
import { auditRepository } from '../audit/audit.repository';
import { classesRepository as classesRepo, type LoadRow } from './classes.repository';
import { assertYearOpen, badField, conflict, schoolFor, schoolIdsOf } from './scope';
import { type EntryRow, timetableRepository as repo } from './timetable.repository';
import { type HolidayRow, yearsRepository as yearsRepo } from './years.repository';

const maxDate = laterDate;
const minDate = earlierDate;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export interface RegenerateResult {
  created: number;
  removed: number;
  keptWithData: number;
}

function entryLabel(e: Pick<EntryRow, 'class_name' | 'subject_name' | 'subgroup_name'>) {
  return `${e.class_name}, ${e.subject_name}${e.subgroup_name ? ` (${e.subgroup_name})` : ''}`;
}

function entryOut(e: EntryRow) {
  return {
    id: e.id,
    pageId: e.page_id,
    weekday: e.weekday,
    lessonNumber: e.lesson_number,
    room: e.room,
    validFrom: e.valid_from,
    validTo: e.valid_to,
    classId: e.class_id,
    className: e.class_name,
    subgroupId: e.subgroup_id,
    subgroupName: e.subgroup_name,
    subjectId: e.subject_id,
    subjectName: e.subject_name,
    teacherId: e.teacher_id,
    teacherName: e.teacher_name,
  };
}

/** A holiday row with its grade range in the domain's terms (holiday-grades.ts). */
const holidayGradesOf = (h: HolidayRow) => ({ ...h, fromGrade: h.from_grade, toGrade: h.to_grade });

/** The key of a school's first set of bells: it applies from the beginning [004 admin]. */
const FIRST_SET = '-infinity';

function bellsOut(
  date: string,
  rows: { number: number; starts_at: string; ends_at: string; valid_from: string | null }[],
  versions: (string | null)[],
) {
  return {
    date,
    validFrom: rows[0]?.valid_from ?? null,
    bells: rows.map((b) => ({ number: b.number, startsAt: b.starts_at, endsAt: b.ends_at })),
    versions,
  };
}

export function makeTimetableService(deps: Deps) {
  const { db, now } = deps;

  async function today(q: Queryable, schoolId: string) {
    return calendarDateIn(now(), await yearsRepo.schoolTimeZone(q, schoolId));
  }

  /**
   * [DOMAIN §2] (re)generates the lessons of the classes' pages from the timetable in [from, to]:
   * empty timetable lessons from today on are removed and made again from the entries valid on each
   * date, skipping holidays, gaps between periods and closed periods. Lessons holding data, extra and
   * moved lessons are never touched. Past dates are filled only for a page with no lessons there yet
   * (a timetable entered after its start date), so nothing already kept in the past changes.
   */
  async function regenerate(
    tx: Queryable,
    schoolId: string,
    o: { yearId: string; classIds: string[]; pageIds?: string[] | null; from: string; to?: string; fillPast?: boolean },
  ): Promise<RegenerateResult> {
    const none = { created: 0, removed: 0, keptWithData: 0 };
    const year = await yearsRepo.yearIn(tx, [schoolId], o.yearId);
    if (!year || year.status === 'closed' || o.classIds.length === 0) return none;
    const start = maxDate(o.from, year.starts_on);
    const end = minDate(o.to ?? year.ends_on, year.ends_on);
    if (start > end) return none;
    const futureFrom = maxDate(start, await today(tx, schoolId));
    const removed =
      futureFrom <= end
        ? await repo.deleteEmptyLessons(tx, schoolId, { classIds: o.classIds, pageIds: o.pageIds, from: futureFrom, to: end })
        : 0;

    const [periods, holidays, classes] = await Promise.all([
      yearsRepo.periods(tx, schoolId, year.id),
      yearsRepo.holidays(tx, schoolId, year.id),
      classesRepo.classesOfYear(tx, schoolId, year.id),
    ]);
    const schemeOf = new Map(classes.map((c) => [c.id, c.period_scheme]));
    // [DOMAIN §2] a holiday limited to some grades (first-graders' February holidays) skips only their lessons
    const holidaysOf = new Map(
      classes.map((c) => [
        c.id,
        holidaysOfGrade(holidays.map(holidayGradesOf), c.grade).map((h) => ({ startsOn: h.starts_on, endsOn: h.ends_on })),
      ]),
    );
    let entries = await repo.entriesOfClasses(tx, schoolId, o.classIds, start, end);
    if (o.pageIds) entries = entries.filter((e) => o.pageIds!.includes(e.page_id));
    const pageIds = [...new Set(entries.map((e) => e.page_id))];
    if (pageIds.length === 0) return { ...none, removed };
    const moved = new Set(
      (await repo.movedFromSlots(tx, schoolId, pageIds)).map((m) => `${m.page_id}|${m.moved_from_date}|${m.moved_from_number}`),
    );
    const pastPages =
      o.fillPast && start < futureFrom
        ? new Set(await repo.pagesWithoutLessons(tx, schoolId, pageIds, start, addDays(futureFrom, -1)))
        : new Set<string>();

    const rows: { pageId: string; date: string; number: number; room: string | null }[] = [];
    for (const e of entries) {
      const ofScheme = periods.filter((p) => p.scheme === schemeOf.get(e.class_id));
      const open = ofScheme.filter((p) => !p.closed_at).map((p) => ({ startsOn: p.starts_on, endsOn: p.ends_on }));
      if (ofScheme.length > 0 && open.length === 0) continue;
      const ranges: [string, string][] = [[maxDate(e.valid_from, futureFrom), minDate(e.valid_to ?? end, end)]];
      if (pastPages.has(e.page_id)) ranges.push([maxDate(e.valid_from, start), minDate(e.valid_to ?? end, addDays(futureFrom, -1))]);
      for (const [from, to] of ranges) {
        for (const date of timetableLessonDates({
          from,
          to,
          weekday: e.weekday,
          holidays: holidaysOf.get(e.class_id) ?? holidays.map((h) => ({ startsOn: h.starts_on, endsOn: h.ends_on })),
          periods: open,
        })) {
          if (!moved.has(`${e.page_id}|${date}|${e.lesson_number}`))
            rows.push({ pageId: e.page_id, date, number: e.lesson_number, room: e.room });
        }
      }
    }
    const created = await repo.insertLessons(tx, schoolId, rows);
    const kept =
      futureFrom <= end
        ? await repo.lessonsWithData(tx, schoolId, {
            classIds: o.classIds,
            pageIds: o.pageIds ?? undefined,
            from: futureFrom,
            to: end,
            limit: 1,
          })
        : [];
    return { created, removed, keptWithData: kept[0]?.total ?? 0 };
  }

  /** Refuses a lesson number that is not in the school's bell schedule in force on the date (when one is set). */
  async function assertBell(q: Queryable, schoolId: string, date: string, number: number, field: string) {
    const bells = await repo.bells(q, schoolId, date);
    if (bells.length > 0 && !bells.some((b) => b.number === number))
      throw badField(field, `В расписании звонков нет ${number}-го урока (есть: ${bells.map((b) => b.number).join(', ')})`);
  }

  /**
   * May a single lesson of the page be on this date and number? The year open, the date in an open study
   * period of the class and not a holiday, the teacher and the class free in that slot.
   */
  async function assertLessonSlot(
    q: Queryable,
    page: Pick<LoadRow, 'school_id' | 'year_id' | 'class_id' | 'subgroup_id' | 'teacher_id'>,
    s: { date: string; number: number; exceptLessonId: string | null; teacherId: string },
  ) {
    const schoolId = page.school_id;
    const year = await yearsRepo.yearIn(q, [schoolId], page.year_id);
    if (!year) throw notFound('Учебный год');
    assertYearOpen(year);
    if (!isWithin(s.date, { startsOn: year.starts_on, endsOn: year.ends_on }))
      throw badField('date', `Дата ${formatDateRu(s.date)} вне учебного года «${year.name}»`);
    const cls = await classesRepo.classIn(q, [schoolId], page.class_id);
    const [periods, allHolidays] = await Promise.all([yearsRepo.periods(q, schoolId, year.id), yearsRepo.holidays(q, schoolId, year.id)]);
    // [DOMAIN §2] only the holidays of the class's grade forbid its lesson on a date
    const holidays = cls ? holidaysOfGrade(allHolidays.map(holidayGradesOf), cls.grade) : allHolidays;
    const ofScheme = periods.filter((p) => p.scheme === cls?.period_scheme);
    const hit = ofScheme.find((p) => isWithin(s.date, { startsOn: p.starts_on, endsOn: p.ends_on }));
    if (hit?.closed_at)
      throw new AppError('journal.period_closed', `Период «${hit.name}» закрыт: уроки в нём менять нельзя`, { periodId: hit.id });
    const problem = lessonDateProblem(
      s.date,
      holidays.map((h) => ({ name: h.name, startsOn: h.starts_on, endsOn: h.ends_on })),
      ofScheme.map((p) => ({ startsOn: p.starts_on, endsOn: p.ends_on })),
    );
    if (problem) {
      const holiday = holidays.find((h) => isWithin(s.date, { startsOn: h.starts_on, endsOn: h.ends_on }));
      if (holiday) throw conflict(problem, { field: 'date', holidayId: holiday.id, holiday: holiday.name });
      throw badField('date', problem);
    }
    await assertBell(q, schoolId, s.date, s.number, 'number');
    const busy = await repo.busySlot(q, schoolId, {
      date: s.date,
      number: s.number,
      teacherId: s.teacherId,
      classId: page.class_id,
      subgroupId: page.subgroup_id,
      exceptLessonId: s.exceptLessonId,
    });
    const b = busy.find((x) => x.teacher_busy) ?? busy[0];
    if (b)
      throw conflict(
        b.teacher_busy
          ? `Учитель уже ведёт урок ${formatDateRu(s.date)}, ${s.number}-й урок: ${b.class_name}, ${b.subject_name}`
          : `У класса уже стоит урок ${formatDateRu(s.date)}, ${s.number}-й урок: ${b.subject_name}`,
        { lessonId: b.id, kind: b.teacher_busy ? 'teacher' : 'class' },
      );
  }

  /** A lesson within the actor's schools, with the right to change the class's timetable. */
  async function lessonForChange(actor: Actor, lessonId: string) {
    const lesson = await repo.lessonIn(db, schoolIdsOf(actor), lessonId);
    if (!lesson) throw notFound('Урок');
    await requireAccess(db, actor, 'class.manage', { classId: lesson.class_id });
    const page = await classesRepo.loadById(db, lesson.school_id, lesson.page_id);
    if (!page) throw notFound('Урок');
    return { lesson, page };
  }

  async function teacherOf(q: Queryable, schoolId: string, teacherId: string, field: string) {
    const roles = await classesRepo.rolesOf(q, schoolId, teacherId);
    if (!roles) throw badField(field, 'Учитель не найден в этой школе');
    if (!roles.includes('teacher')) throw badField(field, 'Этот человек не учитель: назначить можно только учителя');
  }

  function lessonOut(l: Awaited<ReturnType<typeof repo.lessonsBetween>>[number]) {
    return {
      id: l.id,
      pageId: l.page_id,
      date: l.date,
      number: l.number,
      room: l.room,
      origin: l.origin,
      movedFromDate: l.moved_from_date,
      movedFromNumber: l.moved_from_number,
      classId: l.class_id,
      className: l.class_name,
      subjectId: l.subject_id,
      subjectName: l.subject_name,
      teacherId: l.teacher_id,
      teacherName: l.teacher_name,
      substituteTeacherId: l.substitute_teacher_id,
      substituteName: l.substitute_name,
    };
  }

  async function oneLesson(schoolId: string, lessonId: string) {
    const [l] = await repo.lessonsBetween(db, schoolId, { lessonId });
    return l ? lessonOut(l) : undefined;
  }

  return {
    regenerate,

    /** [004 admin] the bells in force on a date (today by default), and the dates of all the school's sets. */
    async getBells(actor: Actor, q: { schoolId?: string; date?: string }) {
      const sid = schoolFor(actor, 'school.read', q.schoolId);
      const date = q.date ?? (await today(db, sid));
      return bellsOut(date, await repo.bells(db, sid, date), await repo.bellVersions(db, sid));
    },

    /**
     * [004 admin] the school regime: a whole set of bells, in order and not overlapping, valid from a date
     * (today by default; the school's first set applies from the beginning). Earlier lessons keep the times of
     * the set they were under; a lesson number the timetable still uses from that date may not be left out.
     */
    async putBells(
      actor: Actor,
      input: { schoolId?: string; validFrom?: string | null; bells: { number: number; startsAt: string; endsAt: string }[] },
    ) {
      const sid = schoolFor(actor, 'school.manage', input.schoolId);
      const bells = [...input.bells].sort((a, b) => a.number - b.number);
      input.bells.forEach((b, i) => {
        if (!TIME.test(b.startsAt)) throw badField(`bells.${i}.startsAt`, `Урок ${b.number}: время начала в формате ЧЧ:ММ`);
        if (!TIME.test(b.endsAt)) throw badField(`bells.${i}.endsAt`, `Урок ${b.number}: время окончания в формате ЧЧ:ММ`);
        if (b.startsAt >= b.endsAt)
          throw badField(`bells.${i}.endsAt`, `Урок ${b.number}: окончание ${b.endsAt} не позже начала ${b.startsAt}`);
      });
      for (let i = 1; i < bells.length; i++) {
        if (bells[i].number === bells[i - 1].number) throw badField('bells', `Урок ${bells[i].number} указан дважды`);
        if (bells[i].startsAt < bells[i - 1].endsAt)
          throw conflict(
            `Звонки пересекаются: ${bells[i - 1].number}-й урок до ${bells[i - 1].endsAt}, ${bells[i].number}-й с ${bells[i].startsAt}`,
            {
              field: 'bells',
            },
          );
      }
      // Which set is written: omitted = the one in force today (or the first one), null = the first one,
      // a date = the one from that date (a new set unless one starts that day).
      const versions = await repo.bellVersions(db, sid);
      let key: string;
      if (versions.length === 0 || input.validFrom === null) key = FIRST_SET;
      else if (input.validFrom === undefined) key = (await repo.bells(db, sid, await today(db, sid)))[0]?.valid_from ?? FIRST_SET;
      else {
        key = input.validFrom;
        const year = await yearsRepo.currentYear(db, sid);
        if (year && key < year.starts_on)
          throw badField(
            'validFrom',
            `Новые звонки можно ввести с начала текущего учебного года «${year.name}» (${formatDateRu(year.starts_on)}), не раньше: уроки прошлых лет остаются со своим временем`,
          );
      }
      if (bells.length > 0) {
        const until = versions.find((v) => v !== null && (key === FIRST_SET || v > key)) ?? null;
        const used = await repo.entryNumbersIn(db, sid, key, until);
        const missing = used.filter((n) => !bells.some((b) => b.number === n));
        if (missing.length)
          throw badField(
            'bells',
            `В расписании уроков есть ${missing.join(', ')}-й урок: его звонок нельзя убрать, сначала измените расписание уроков`,
          );
      }
      await db.tx(async (tx) => {
        await repo.replaceBells(tx, sid, key, bells);
        await auditRepository.record(tx, {
          schoolId: sid,
          actorAccountId: actor.accountId,
          action: 'bells.set',
          objectKind: 'school',
          objectId: sid,
          details: { validFrom: key === FIRST_SET ? null : key, bells },
        });
      });
      const date = key === FIRST_SET ? await today(db, sid) : key;
      return bellsOut(date, await repo.bells(db, sid, key), await repo.bellVersions(db, sid));
    },

    /** The weekly timetable valid on a date: of a class, of a teacher, or of the whole school. */
    async getTimetable(actor: Actor, q: { schoolId?: string; classId?: string; teacherId?: string; date?: string }) {
      let schoolId: string;
      if (q.classId) {
        schoolId = (await requireAccess(db, actor, 'class.read', { classId: q.classId })).schoolId;
      } else if (q.teacherId) {
        schoolId = schoolFor(actor, 'school.read', q.schoolId);
        const roles = await classesRepo.rolesOf(db, schoolId, q.teacherId);
        if (!roles) throw notFound('Учитель');
      } else {
        schoolId = schoolFor(actor, 'school.read', q.schoolId);
      }
      const date = q.date ?? (await today(db, schoolId));
      const [entries, bells] = await Promise.all([
        repo.entriesOn(db, schoolId, date, { classId: q.classId, teacherId: q.teacherId }),
        repo.bells(db, schoolId, date),
      ]);
      return {
        date,
        bells: bells.map((b) => ({ number: b.number, startsAt: b.starts_at, endsAt: b.ends_at })),
        entries: entries.map(entryOut),
      };
    },

    /** The actual lessons of a class or teacher over dates, with one-off changes (extra, moved, substitutions). */
    async listLessons(actor: Actor, q: { schoolId?: string; classId?: string; teacherId?: string; from: string; to: string }) {
      if (q.to < q.from) throw badField('to', 'Конец периода раньше начала');
      if (daysBetween(q.from, q.to) > 62) throw badField('to', 'Не больше 62 дней за один запрос');
      const schoolId = q.classId
        ? (await requireAccess(db, actor, 'class.read', { classId: q.classId })).schoolId
        : schoolFor(actor, 'school.read', q.schoolId);
      // [000 §3.6] a teacher of another school is not found, as in the weekly timetable.
      if (q.teacherId && !(await classesRepo.rolesOf(db, schoolId, q.teacherId))) throw notFound('Учитель');
      const rows = await repo.lessonsBetween(db, schoolId, { classId: q.classId, teacherId: q.teacherId, from: q.from, to: q.to });
      return rows.map(lessonOut);
    },

    /**
     * [004 admin], [001 §5.3.1] the weekly timetable of a class valid from a date, with rooms: the class's
     * entries from that date are replaced, and the lessons of its pages are regenerated (only lessons that
     * hold no data; see `regenerate`). A teacher twice in one slot, or the class twice, is refused (409).
     */
    async setClassTimetable(
      actor: Actor,
      input: {
        classId: string;
        validFrom: string;
        entries: { pageId: string; weekday: number; lessonNumber: number; room?: string | null }[];
      },
    ) {
      const cls = await classesRepo.classIn(db, schoolIdsOf(actor), input.classId);
      if (!cls) throw notFound('Класс');
      await requireAccess(db, actor, 'class.manage', { classId: cls.id });
      const schoolId = cls.school_id;
      assertYearOpen({ status: cls.year_status, name: cls.year_name, closed_at: cls.year_closed_at });
      if (!isWithin(input.validFrom, { startsOn: cls.year_starts_on, endsOn: cls.year_ends_on }))
        throw badField(
          'validFrom',
          `Дата начала действия ${formatDateRu(input.validFrom)} вне учебного года «${cls.year_name}» (${formatDateRu(cls.year_starts_on)}–${formatDateRu(cls.year_ends_on)})`,
        );
      const pages = new Map((await classesRepo.pagesOfClass(db, schoolId, cls.id)).map((p) => [p.id, p]));
      const bells = await repo.bells(db, schoolId, input.validFrom);
      const seen = new Set<string>();
      const added: SlotEntry[] = input.entries.map((e, i) => {
        const p = pages.get(e.pageId);
        if (!p) throw badField(`entries.${i}.pageId`, `Строка ${i + 1}: эта страница нагрузки не относится к классу ${cls.name}`);
        if (bells.length > 0 && !bells.some((b) => b.number === e.lessonNumber))
          throw badField(`entries.${i}.lessonNumber`, `Строка ${i + 1}: в расписании звонков нет ${e.lessonNumber}-го урока`);
        const key = `${e.pageId}|${e.weekday}|${e.lessonNumber}`;
        if (seen.has(key))
          throw badField(
            `entries.${i}`,
            `Строка ${i + 1}: «${entryLabel(p)}» дважды в ${WEEKDAY_NAMES_RU[e.weekday]}, ${e.lessonNumber}-й урок`,
          );
        seen.add(key);
        return {
          label: entryLabel(p),
          teacherId: p.teacher_id,
          classId: p.class_id,
          subgroupId: p.subgroup_id,
          weekday: e.weekday,
          lessonNumber: e.lessonNumber,
          validFrom: input.validFrom,
          validTo: null,
        };
      });
      const teacherIds = [...new Set(added.map((a) => a.teacherId))];
      const kept = teacherIds.length ? await repo.entriesOfTeachers(db, schoolId, teacherIds, input.validFrom, { classId: cls.id }) : [];
      const conflicts = timetableConflicts(
        added,
        kept.map((k) => ({
          label: entryLabel(k),
          teacherId: k.teacher_id,
          classId: k.class_id,
          subgroupId: k.subgroup_id,
          weekday: k.weekday,
          lessonNumber: k.lesson_number,
          validFrom: k.valid_from,
          validTo: k.valid_to,
        })),
      );
      if (conflicts.length)
        throw conflict(
          conflicts.length > 1 ? `${conflicts[0].message} (и ещё конфликтов: ${conflicts.length - 1})` : conflicts[0].message,
          {
            conflicts: conflicts.map((c) => ({ kind: c.kind, message: c.message, weekday: c.a.weekday, lessonNumber: c.a.lessonNumber })),
          },
        );
      const lessons = await db.tx(async (tx) => {
        await repo.endClassEntries(tx, schoolId, cls.id, input.validFrom);
        await repo.insertEntries(
          tx,
          schoolId,
          input.entries.map((e) => ({
            pageId: e.pageId,
            weekday: e.weekday,
            lessonNumber: e.lessonNumber,
            room: e.room?.trim() || null,
            validFrom: input.validFrom,
            validTo: null,
          })),
        );
        const r = await regenerate(tx, schoolId, { yearId: cls.year_id, classIds: [cls.id], from: input.validFrom, fillPast: true });
        await auditRepository.record(tx, {
          schoolId,
          actorAccountId: actor.accountId,
          action: 'timetable.set',
          objectKind: 'class',
          objectId: cls.id,
          details: { validFrom: input.validFrom, entries: input.entries.length, ...r },
        });
        return r;
      });
      const entries = await repo.entriesOn(db, schoolId, input.validFrom, { classId: cls.id });
      return { entries: entries.map(entryOut), lessons };
    },

    /** [DOMAIN §2] an extra (ad-hoc) lesson of a page on a date: not in a holiday, not in a busy slot. */
    async addExtraLesson(actor: Actor, input: { pageId: string; date: string; number: number; room?: string | null }) {
      const page = await classesRepo.loadIn(db, schoolIdsOf(actor), input.pageId);
      if (!page) throw notFound('Страница журнала');
      await requireAccess(db, actor, 'class.manage', { classId: page.class_id });
      const id = await db.tx(async (tx) => {
        await assertLessonSlot(tx, page, { date: input.date, number: input.number, exceptLessonId: null, teacherId: page.teacher_id });
        return repo.insertExtraLesson(tx, page.school_id, {
          pageId: page.id,
          date: input.date,
          number: input.number,
          room: input.room?.trim() || null,
        });
      });
      return (await oneLesson(page.school_id, id))!;
    },

    /** [DOMAIN §2] a lesson moved to another date or lesson number (its marks go with it). */
    async moveLesson(actor: Actor, lessonId: string, input: { date: string; number: number; room?: string | null }) {
      const { lesson, page } = await lessonForChange(actor, lessonId);
      await db.tx(async (tx) => {
        // The lesson's own date must be open too: a lesson in a closed period stays where it is.
        const fromYear = await yearsRepo.yearIn(tx, [lesson.school_id], lesson.year_id);
        if (fromYear) assertYearOpen(fromYear);
        const periods = (await yearsRepo.periods(tx, lesson.school_id, lesson.year_id)).filter((p) => p.scheme === lesson.period_scheme);
        const from = periods.find((p) => isWithin(lesson.date, { startsOn: p.starts_on, endsOn: p.ends_on }));
        if (from?.closed_at)
          throw new AppError('journal.period_closed', `Период «${from.name}» закрыт: урок ${formatDateRu(lesson.date)} перенести нельзя`);
        await assertLessonSlot(tx, page, {
          date: input.date,
          number: input.number,
          exceptLessonId: lesson.id,
          teacherId: lesson.substitute_teacher_id ?? page.teacher_id,
        });
        await repo.moveLesson(tx, lesson.school_id, lesson.id, {
          date: input.date,
          number: input.number,
          room: input.room === undefined ? undefined : input.room?.trim() || null,
        });
        await auditRepository.record(tx, {
          schoolId: lesson.school_id,
          actorAccountId: actor.accountId,
          action: 'lesson.move',
          objectKind: 'lesson',
          objectId: lesson.id,
          details: { from: { date: lesson.date, number: lesson.number }, to: { date: input.date, number: input.number } },
        });
      });
      return (await oneLesson(lesson.school_id, lesson.id))!;
    },

    /**
     * [001 §5.4.2] substitution: another teacher conducts the lesson and fills the page for it (null ends it).
     * Recorded in the audit: it gives the substitute the right to write the lesson.
     */
    async setSubstitute(actor: Actor, lessonId: string, teacherId: string | null) {
      const { lesson, page } = await lessonForChange(actor, lessonId);
      await db.tx(async (tx) => {
        if (teacherId) {
          await teacherOf(tx, lesson.school_id, teacherId, 'teacherId');
          if (teacherId === page.teacher_id) throw badField('teacherId', 'Это учитель самой страницы журнала: замена не нужна');
          await assertLessonSlot(tx, page, { date: lesson.date, number: lesson.number, exceptLessonId: lesson.id, teacherId });
        } else {
          const year = await yearsRepo.yearIn(tx, [lesson.school_id], lesson.year_id);
          if (year) assertYearOpen(year);
        }
        await repo.setSubstitute(tx, lesson.school_id, lesson.id, teacherId);
        await auditRepository.record(tx, {
          schoolId: lesson.school_id,
          actorAccountId: actor.accountId,
          action: 'lesson.substitute',
          objectKind: 'lesson',
          objectId: lesson.id,
          details: { old: lesson.substitute_teacher_id, new: teacherId, date: lesson.date, number: lesson.number },
        });
      });
      return (await oneLesson(lesson.school_id, lesson.id))!;
    },
  };
}

export type TimetableService = ReturnType<typeof makeTimetableService>;
