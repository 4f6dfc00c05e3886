import type { Queryable } from '../../db/client';
import { defaultHolidays, defaultPeriods, formatDateRu, isIsoDate, isWithin, type PeriodScheme } from '../../domain/calendar';
import { holidayGradeProblems, holidayGradesLabel } from '../../domain/holiday-grades';
import type { Actor } from '../../domain/policy';
import {
  earlierDate,
  gradeRangesOf,
  gradeSchemesFromRanges,
  laterDate,
  type PeriodInput,
  type Problem,
  periodName,
  periodSetProblems,
} from '../../domain/school-structure';
import type { Deps } from '../../server/context';
import { AppError, notFound } from '../../server/errors';
import { requireAccess } from '../access/access.service';
import { auditRepository } from '../audit/audit.repository';
import { assertYearOpen, badField, conflict, personIdIn, schoolFor, schoolIdsOf, type YearRow } from './scope';
import { timetableRepository as ttRepo } from './timetable.repository';
import { makeTimetableService } from './timetable.service';
import { type HolidayRow, type PeriodRow, yearsRepository as repo } from './years.repository';

export interface GradeRange {
  fromGrade: number;
  toGrade: number;
  scheme: PeriodScheme;
}

export interface HolidayInput {
  name: string;
  startsOn: string;
  endsOn: string;
  kind?: 'holiday' | 'day_off';
  /** Grades the holiday is limited to (both or neither; neither = the whole school) [DOMAIN §2]. */
  fromGrade?: number | null;
  toGrade?: number | null;
}

const maxDate = laterDate;
const minDate = earlierDate;

export function yearOut(y: YearRow) {
  return {
    id: y.id,
    schoolId: y.school_id,
    name: y.name,
    startsOn: y.starts_on,
    endsOn: y.ends_on,
    status: y.status,
    closedAt: y.closed_at ? y.closed_at.toISOString() : null,
    readOnly: y.status === 'closed',
    gradeSchemes: gradeRangesOf(y.grade_schemes),
  };
}

export function periodOut(p: PeriodRow) {
  return {
    id: p.id,
    yearId: p.year_id,
    scheme: p.scheme,
    number: p.number,
    name: p.name,
    startsOn: p.starts_on,
    endsOn: p.ends_on,
    closed: p.closed_at !== null,
    closedAt: p.closed_at ? p.closed_at.toISOString() : null,
    closedBy: p.closed_by,
  };
}

function holidayOut(h: HolidayRow) {
  return {
    id: h.id,
    yearId: h.year_id,
    name: h.name,
    startsOn: h.starts_on,
    endsOn: h.ends_on,
    kind: h.kind,
    fromGrade: h.from_grade,
    toGrade: h.to_grade,
  };
}

/** A holiday as stored: trimmed name, kind, grade range (null for the whole school). */
export function holidayRow(h: HolidayInput) {
  return {
    name: h.name.trim(),
    startsOn: h.startsOn,
    endsOn: h.endsOn,
    kind: h.kind ?? 'holiday',
    fromGrade: h.fromGrade ?? null,
    toGrade: h.toGrade ?? null,
  };
}

/** A 400 carrying every problem found (the first one is the message). */
function problemsError(problems: Problem[]): AppError {
  return new AppError('school.invalid', problems[0].message, { fields: problems });
}

/**
 * [DOMAIN §2] the usual periods of the schemes in use, fitted into the year's dates (the administrator
 * adjusts them afterwards).
 */
export function proposedPeriods(startsOn: string, endsOn: string, schemes: Iterable<PeriodScheme>): PeriodInput[] {
  const startYear = Number(startsOn.slice(0, 4)) - (Number(startsOn.slice(5, 7)) < 7 ? 1 : 0);
  const out: PeriodInput[] = [];
  for (const scheme of new Set(schemes)) {
    for (const p of defaultPeriods(startYear, scheme)) {
      const s = maxDate(p.startsOn, startsOn);
      const e = minDate(p.endsOn, endsOn);
      if (s <= e) out.push({ scheme, number: p.number, name: p.name, startsOn: s, endsOn: e });
    }
  }
  return out;
}

export function proposedHolidays(startsOn: string, endsOn: string): HolidayInput[] {
  const startYear = Number(startsOn.slice(0, 4)) - (Number(startsOn.slice(5, 7)) < 7 ? 1 : 0);
  return defaultHolidays(startYear)
    .filter((h) => h.startsOn >= startsOn && h.endsOn <= endsOn)
    .map((h) => ({ ...h, kind: h.startsOn === h.endsOn ? 'day_off' : 'holiday' }));
}

export function holidayProblems(year: { startsOn: string; endsOn: string }, holidays: HolidayInput[], field = 'holidays'): Problem[] {
  const out: Problem[] = [];
  holidays.forEach((h, i) => {
    const f = holidays.length === 1 && field !== 'holidays' ? field : `${field}.${i}`;
    if (!isIsoDate(h.startsOn) || !isIsoDate(h.endsOn)) out.push({ field: `${f}.startsOn`, message: `«${h.name}»: неверная дата` });
    else if (h.startsOn > h.endsOn)
      out.push({
        field: `${f}.endsOn`,
        message: `«${h.name}»: окончание ${formatDateRu(h.endsOn)} раньше начала ${formatDateRu(h.startsOn)}`,
      });
    else if (!isWithin(h.startsOn, year) || !isWithin(h.endsOn, year))
      out.push({
        field: `${f}.startsOn`,
        message: `«${h.name}» (${formatDateRu(h.startsOn)}–${formatDateRu(h.endsOn)}) выходит за границы учебного года`,
      });
    // [DOMAIN §2] a holiday may be limited to some grades (first-graders' February holidays)
    out.push(...holidayGradeProblems(h, f));
  });
  return out;
}

export function makeYearsService(deps: Deps) {
  const { db } = deps;
  const timetable = makeTimetableService(deps);

  async function yearFor(actor: Actor, yearId: string, action: 'school.read' | 'school.manage') {
    const year = await repo.yearIn(db, schoolIdsOf(actor), yearId);
    if (!year) throw notFound('Учебный год');
    await requireAccess(db, actor, action, { school: year.school_id });
    return year;
  }

  async function periodFor(actor: Actor, periodId: string) {
    const p = await repo.periodIn(db, schoolIdsOf(actor), periodId);
    if (!p) throw notFound('Период');
    await requireAccess(db, actor, 'period.close', { school: p.school_id });
    return p;
  }

  /** The year's classes a grade-limited holiday concerns; null for a holiday of the whole school. */
  async function classesOf(
    schoolId: string,
    yearId: string,
    g: { fromGrade: number | null; toGrade: number | null },
    q: Queryable = db,
  ): Promise<string[] | null> {
    if (g.fromGrade === null || g.toGrade === null) return null;
    return repo.classIdsOfGrades(q, schoolId, yearId, g.fromGrade, g.toGrade);
  }

  async function getYear(actor: Actor, yearId: string) {
    const year = await yearFor(actor, yearId, 'school.read');
    const [periods, holidays, events] = await Promise.all([
      repo.periods(db, year.school_id, year.id),
      repo.holidays(db, year.school_id, year.id),
      repo.periodEvents(db, year.school_id, year.id),
    ]);
    return {
      ...yearOut(year),
      periods: periods.map(periodOut),
      holidays: holidays.map(holidayOut),
      periodEvents: events.map((e) => ({
        id: e.id,
        periodId: e.period_id,
        action: e.action,
        reason: e.reason,
        actorId: e.actor_id,
        actorName: e.actor_name,
        at: e.at.toISOString(),
      })),
    };
  }

  /**
   * [004 admin] closes a period against corrections: its marks and attendance become read-only
   * everywhere (the journal checks periods.closed_at); recorded in period_events and the audit.
   */
  async function closePeriod(actor: Actor, periodId: string) {
    const p = await periodFor(actor, periodId);
    assertYearOpen({ status: p.year_status, name: p.year_name, closed_at: p.year_closed_at });
    if (p.closed_at)
      throw conflict(`Период «${p.name}» уже закрыт ${formatDateRu(p.closed_at.toISOString().slice(0, 10))}`, { periodId: p.id });
    await db.tx(async (tx) => {
      if (!(await repo.closePeriod(tx, p.school_id, p.id, personIdIn(actor, p.school_id)))) throw conflict(`Период «${p.name}» уже закрыт`);
      await auditRepository.record(tx, {
        schoolId: p.school_id,
        actorAccountId: actor.accountId,
        action: 'period.close',
        objectKind: 'period',
        objectId: p.id,
        details: { name: p.name, year: p.year_name },
      });
    });
    return periodOut((await repo.periodIn(db, [p.school_id], p.id))!);
  }

  return {
    getYear,
    closePeriod,

    async listYears(actor: Actor, schoolId?: string) {
      const sid = schoolFor(actor, 'school.read', schoolId);
      return (await repo.years(db, sid)).map(yearOut);
    },

    /**
     * [002 §4.6] opens a year with its periods (quarters, halves or trimesters per grade range) and holidays;
     * omitted periods and holidays take the usual Russian calendar fitted to the year's dates. Only one
     * year is current: a second current year is refused (use the year-end transfer).
     */
    async createYear(
      actor: Actor,
      input: {
        schoolId?: string;
        name: string;
        startsOn: string;
        endsOn: string;
        current?: boolean;
        gradeSchemes?: GradeRange[];
        periods?: PeriodInput[];
        holidays?: HolidayInput[];
      },
    ) {
      const schoolId = schoolFor(actor, 'school.manage', input.schoolId);
      const name = input.name.trim();
      if (input.startsOn >= input.endsOn)
        throw badField('endsOn', `Окончание года ${formatDateRu(input.endsOn)} должно быть позже начала ${formatDateRu(input.startsOn)}`);
      if (await repo.yearByName(db, schoolId, name)) throw conflict(`Учебный год «${name}» уже есть`, { field: 'name' });
      const current = await repo.currentYear(db, schoolId);
      const makeCurrent = input.current ?? !current;
      if (makeCurrent && current)
        throw conflict(
          `Текущий учебный год уже есть: «${current.name}». Новый год открывается переводом на следующий год (закрытие текущего)`,
          {
            currentYearId: current.id,
          },
        );
      const gradeSchemes = gradeSchemesFromRanges(input.gradeSchemes ?? []);
      const range = { startsOn: input.startsOn, endsOn: input.endsOn };
      const periods = (input.periods ?? proposedPeriods(input.startsOn, input.endsOn, Object.values(gradeSchemes))).map((p) => ({
        ...p,
        name: p.name?.trim() || periodName(p.scheme, p.number),
      }));
      const holidays = input.holidays ?? proposedHolidays(input.startsOn, input.endsOn);
      const problems = [...periodSetProblems(range, periods), ...holidayProblems(range, holidays)];
      if (problems.length) throw problemsError(problems);
      const id = await db.tx(async (tx) => {
        const yearId = await repo.createYear(tx, {
          schoolId,
          name,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          status: makeCurrent ? 'current' : 'draft',
          gradeSchemes,
        });
        await repo.insertPeriods(
          tx,
          schoolId,
          yearId,
          periods.map((p) => ({ ...p, name: p.name! })),
        );
        await repo.insertHolidays(tx, schoolId, yearId, holidays.map(holidayRow));
        await auditRepository.record(tx, {
          schoolId,
          actorAccountId: actor.accountId,
          action: 'year.create',
          objectKind: 'year',
          objectId: yearId,
          details: { name, startsOn: input.startsOn, endsOn: input.endsOn, status: makeCurrent ? 'current' : 'draft' },
        });
        return yearId;
      });
      return getYear(actor, id);
    },

    /** Makes a draft year current when the school has no current year (a new school). */
    async activateYear(actor: Actor, yearId: string) {
      const year = await yearFor(actor, yearId, 'school.manage');
      if (year.status !== 'draft')
        throw conflict(
          year.status === 'current' ? `Год «${year.name}» уже текущий` : `Год «${year.name}» закрыт: сделать его текущим нельзя`,
        );
      const current = await repo.currentYear(db, year.school_id);
      if (current)
        throw conflict(`Текущий учебный год уже есть: «${current.name}». Закройте его переводом на следующий год`, {
          currentYearId: current.id,
        });
      await db.tx(async (tx) => {
        await repo.setYearStatus(tx, year.school_id, year.id, 'current');
        await auditRepository.record(tx, {
          schoolId: year.school_id,
          actorAccountId: actor.accountId,
          action: 'year.activate',
          objectKind: 'year',
          objectId: year.id,
        });
      });
      return getYear(actor, year.id);
    },

    /**
     * [DOMAIN §2] the whole set of a year's periods (and, optionally, which scheme each grade range uses).
     * Periods are matched by scheme and number: a closed period cannot change or go; a period with final
     * marks or close/reopen history cannot go. Future empty lessons follow the new dates.
     */
    async putPeriods(actor: Actor, yearId: string, input: { gradeSchemes?: GradeRange[]; periods: PeriodInput[] }) {
      const year = await yearFor(actor, yearId, 'school.manage');
      assertYearOpen(year);
      const periods = input.periods.map((p) => ({ ...p, name: p.name?.trim() || periodName(p.scheme, p.number) }));
      const problems = periodSetProblems({ startsOn: year.starts_on, endsOn: year.ends_on }, periods);
      if (problems.length) throw problemsError(problems);
      const gradeSchemes = gradeSchemesFromRanges(input.gradeSchemes ?? gradeRangesOf(year.grade_schemes));
      const existing = await repo.periods(db, year.school_id, year.id);
      const byKey = new Map(existing.map((p) => [`${p.scheme}|${p.number}`, p]));
      const keep = new Set<string>();
      const updates: { id: string; name: string; startsOn: string; endsOn: string }[] = [];
      const inserts: typeof periods = [];
      for (const p of periods) {
        const key = `${p.scheme}|${p.number}`;
        keep.add(key);
        const ex = byKey.get(key);
        if (!ex) inserts.push(p);
        else if (ex.name !== p.name || ex.starts_on !== p.startsOn || ex.ends_on !== p.endsOn) {
          if (ex.closed_at)
            throw new AppError(
              'journal.period_closed',
              `Период «${ex.name}» закрыт: его даты и название менять нельзя — сначала откройте его`,
              { periodId: ex.id },
            );
          updates.push({ id: ex.id, name: p.name, startsOn: p.startsOn, endsOn: p.endsOn });
        }
      }
      const removed = existing.filter((p) => !keep.has(`${p.scheme}|${p.number}`));
      for (const p of removed) {
        if (p.closed_at) throw new AppError('journal.period_closed', `Период «${p.name}» закрыт: удалить его нельзя`, { periodId: p.id });
        const use = await repo.periodUse(db, year.school_id, p.id);
        if (use.finals > 0)
          throw conflict(`Период «${p.name}» нельзя удалить: по нему выставлены итоговые отметки (${use.finals})`, { periodId: p.id });
        if (use.events > 0)
          throw conflict(`Период «${p.name}» нельзя удалить: он уже закрывался и открывался (история сохраняется)`, { periodId: p.id });
      }
      const lessons = await db.tx(async (tx) => {
        for (const p of removed) await repo.deletePeriod(tx, year.school_id, p.id);
        for (const u of updates) await repo.updatePeriod(tx, year.school_id, u.id, u);
        await repo.insertPeriods(
          tx,
          year.school_id,
          year.id,
          inserts.map((p) => ({ ...p, name: p.name })),
        );
        await repo.setGradeSchemes(tx, year.school_id, year.id, gradeSchemes);
        const classIds = await repo.classIdsOfYear(tx, year.school_id, year.id);
        const r = await timetable.regenerate(tx, year.school_id, { yearId: year.id, classIds, from: year.starts_on });
        await auditRepository.record(tx, {
          schoolId: year.school_id,
          actorAccountId: actor.accountId,
          action: 'periods.set',
          objectKind: 'year',
          objectId: year.id,
          details: {
            periods: periods.map((p) => ({ scheme: p.scheme, number: p.number, startsOn: p.startsOn, endsOn: p.endsOn })),
            removed: removed.map((p) => p.name),
          },
        });
        return r;
      });
      return { year: await getYear(actor, year.id), lessons };
    },

    /**
     * [DOMAIN §2] a holiday or non-working day: empty lessons in it are removed; lessons that already hold
     * data are a conflict (move them first), so nothing is lost. A holiday limited to some grades (first-graders'
     * February holidays) does both only for the classes of those grades.
     */
    async addHoliday(actor: Actor, yearId: string, input: HolidayInput) {
      const year = await yearFor(actor, yearId, 'school.manage');
      assertYearOpen(year);
      const problems = holidayProblems({ startsOn: year.starts_on, endsOn: year.ends_on }, [input], 'holiday');
      if (problems.length)
        throw new AppError('school.invalid', problems[0].message, {
          fields: problems.map((p) => ({ ...p, field: p.field.replace('holiday.', '') })),
        });
      const h = holidayRow(input);
      // [DOMAIN §2] a holiday of some grades touches only the lessons of their classes; the others study on.
      const classIds = await classesOf(year.school_id, year.id, h);
      const withData = await ttRepo.lessonsWithData(db, year.school_id, {
        yearId: year.id,
        classIds: classIds ?? undefined,
        from: h.startsOn,
        to: h.endsOn,
        limit: 5,
      });
      if (withData.length) {
        const list = withData.map((l) => `${l.class_name}, ${l.subject_name}, ${formatDateRu(l.date)} (${l.number}-й урок)`).join('; ');
        throw conflict(
          `В эти дни уже есть уроки с записями (${withData[0].total}): ${list}. Перенесите их, прежде чем объявлять нерабочие дни`,
          {
            lessons: withData.map((l) => ({
              id: l.id,
              date: l.date,
              number: l.number,
              className: l.class_name,
              subjectName: l.subject_name,
            })),
          },
        );
      }
      return db.tx(async (tx) => {
        const [row] = await repo.insertHolidays(tx, year.school_id, year.id, [h]);
        const removedLessons =
          classIds && classIds.length === 0
            ? 0
            : await ttRepo.deleteEmptyLessonsOfYear(tx, year.school_id, year.id, h.startsOn, h.endsOn, classIds);
        await auditRepository.record(tx, {
          schoolId: year.school_id,
          actorAccountId: actor.accountId,
          action: 'holiday.add',
          objectKind: 'holiday',
          objectId: row.id,
          details: { ...h, grades: holidayGradesLabel(h), removedLessons },
        });
        return { holiday: { id: row.id, yearId: year.id, ...h }, removedLessons };
      });
    },

    /** Removes a holiday; the timetable's lessons come back on its future dates (of its grades' classes only). */
    async deleteHoliday(actor: Actor, holidayId: string) {
      const h = await repo.holidayIn(db, schoolIdsOf(actor), holidayId);
      if (!h) throw notFound('Каникулы');
      const year = await yearFor(actor, h.year_id, 'school.manage');
      assertYearOpen(year);
      const grades = { fromGrade: h.from_grade, toGrade: h.to_grade };
      return db.tx(async (tx) => {
        await repo.deleteHoliday(tx, h.school_id, h.id);
        const classIds = (await classesOf(h.school_id, h.year_id, grades, tx)) ?? (await repo.classIdsOfYear(tx, h.school_id, h.year_id));
        const r = await timetable.regenerate(tx, h.school_id, { yearId: h.year_id, classIds, from: h.starts_on, to: h.ends_on });
        await auditRepository.record(tx, {
          schoolId: h.school_id,
          actorAccountId: actor.accountId,
          action: 'holiday.delete',
          objectKind: 'holiday',
          objectId: h.id,
          details: { name: h.name, startsOn: h.starts_on, endsOn: h.ends_on, ...grades },
        });
        return { createdLessons: r.created };
      });
    },

    /**
     * [004 admin] reopening a closed period needs a reason; it is kept in period_events and the audit.
     * A period of a closed year is never reopened [002 §4.6].
     */
    async reopenPeriod(actor: Actor, periodId: string, reason: string) {
      const p = await periodFor(actor, periodId);
      const why = reason.trim();
      if (!why) throw badField('reason', 'Укажите причину открытия периода');
      assertYearOpen({ status: p.year_status, name: p.year_name, closed_at: p.year_closed_at });
      if (!p.closed_at) throw conflict(`Период «${p.name}» не закрыт`, { periodId: p.id });
      await db.tx(async (tx) => {
        if (!(await repo.reopenPeriod(tx, p.school_id, p.id, personIdIn(actor, p.school_id), why)))
          throw conflict(`Период «${p.name}» не закрыт`);
        await auditRepository.record(tx, {
          schoolId: p.school_id,
          actorAccountId: actor.accountId,
          action: 'period.reopen',
          objectKind: 'period',
          objectId: p.id,
          details: { name: p.name, year: p.year_name, reason: why },
        });
      });
      return periodOut((await repo.periodIn(db, [p.school_id], p.id))!);
    },
  };
}

/**
 * Closes a period on behalf of an actor (an administrator of the period's school) — the same rule as
 * POST /api/periods/{id}/close, for the `journal close-period` command [004 admin].
 */
export async function closePeriod(deps: Deps, actor: Actor, periodId: string) {
  return makeYearsService(deps).closePeriod(actor, periodId);
}
