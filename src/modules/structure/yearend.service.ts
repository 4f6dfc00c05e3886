import { formatDateRu } from '../../domain/calendar';
import type { Actor } from '../../domain/policy';
import { resolveSettings, type SchoolSettingsInput } from '../../domain/school-settings';
import {
  className,
  gradeRangesOf,
  gradeSchemesFromRanges,
  laterDate,
  nextGrade,
  type PeriodInput,
  periodName,
  periodSetProblems,
  schemeForGrade,
} from '../../domain/school-structure';
import type { Deps } from '../../server/context';
import { AppError, notFound } from '../../server/errors';
import { requireAccess } from '../access/access.service';
import { auditRepository } from '../audit/audit.repository';
import { classesRepository as classesRepo } from './classes.repository';
import { assertYearOpen, badField, conflict, personIdIn, schoolIdsOf, type YearRow } from './scope';
import { makeTimetableService } from './timetable.service';
import { yearEndRepository as repo } from './yearend.repository';
import { yearsRepository as yearsRepo } from './years.repository';
import {
  type GradeRange,
  type HolidayInput,
  holidayProblems,
  holidayRow,
  proposedHolidays,
  proposedPeriods,
  yearOut,
} from './years.service';

export interface CloseAndPromoteInput {
  nextYear: {
    name: string;
    startsOn: string;
    endsOn: string;
    gradeSchemes?: GradeRange[];
    periods?: PeriodInput[];
    holidays?: HolidayInput[];
  };
  /** Students who stay in their grade (оставлены на повторное обучение). */
  repeaters?: string[];
  /** Order (приказ) of the transfer to the next grade, and of the graduation. */
  promotionOrder?: string | null;
  graduationOrder?: string | null;
  /** Carry subjects' curriculum and the teaching load (with subgroups) over to the new classes; default true. */
  carryOver?: boolean;
}

const max = laterDate;

export function makeYearEndService(deps: Deps) {
  const { db } = deps;
  const timetable = makeTimetableService(deps);

  /**
   * [002 §4.6] the year named as the next one may already exist as a draft (the administrator prepared the
   * next year's calendar, or its first classes, before the transfer): the transfer takes that draft over
   * instead of refusing. A current or closed year of that name is a conflict that says what to do.
   */
  async function draftNamed(schoolId: string, name: string, from: YearRow): Promise<YearRow | null> {
    const found = await yearsRepo.yearByName(db, schoolId, name);
    if (!found) return null;
    const y = (await yearsRepo.yearIn(db, [schoolId], found.id))!;
    if (y.status === 'draft') return y;
    throw conflict(
      y.id === from.id
        ? `«${name}» — это название текущего года: укажите название следующего года`
        : `Учебный год «${y.name}» уже есть и закрыт: укажите для нового года другое название`,
      { field: 'nextYear.name' },
    );
  }

  return {
    /**
     * [002 §4.6] year-end transfer, all or nothing: the current year and all its periods are closed (the
     * journal refuses writes to them; nothing of the old year changes and it stays readable); the next
     * year opens with its periods; every class moves one grade up (5А → 6А) with its class teacher;
     * the school's last grade (setting `lastGrade`, 11 by default) graduates; the repeaters stay in their grade; curriculum and teaching load (with
     * subgroups and their promoted members) are carried over for the administrator to adjust.
     * A draft year of the next year's name is used as the new year (see `draftNamed`): it keeps its
     * classes, curriculum, load and timetable; its periods, holidays and grade schemes are replaced by
     * those the request gives and kept where the request leaves them out; the promoted classes join it.
     */
    async closeAndPromote(actor: Actor, yearId: string, input: CloseAndPromoteInput) {
      const year = await yearsRepo.yearIn(db, schoolIdsOf(actor), yearId);
      if (!year) throw notFound('Учебный год');
      await requireAccess(db, actor, 'school.manage', { school: year.school_id });
      assertYearOpen(year);
      if (year.status !== 'current') throw conflict(`Год «${year.name}» не текущий: переводить можно только из текущего года`);
      const schoolId = year.school_id;
      const next = input.nextYear;
      const name = next.name.trim();
      if (next.startsOn <= year.ends_on)
        throw badField('nextYear.startsOn', `Новый год должен начинаться после окончания текущего (${formatDateRu(year.ends_on)})`);
      if (next.startsOn >= next.endsOn) throw badField('nextYear.endsOn', 'Окончание нового года должно быть позже его начала');
      const draft = await draftNamed(schoolId, name, year);
      const range = { startsOn: next.startsOn, endsOn: next.endsOn };
      const gradeSchemes = gradeSchemesFromRanges(next.gradeSchemes ?? (draft ? gradeRangesOf(draft.grade_schemes) : []));
      // A draft's own calendar is kept where the request leaves it out; it must fit the transfer's dates.
      const [draftPeriods, draftHolidays] = draft
        ? await Promise.all([yearsRepo.periods(db, schoolId, draft.id), yearsRepo.holidays(db, schoolId, draft.id)])
        : [[], []];
      const keepPeriods = !next.periods && draftPeriods.length > 0;
      const keepHolidays = !next.holidays && draftHolidays.length > 0;
      const periods = (
        next.periods ??
        (keepPeriods
          ? draftPeriods.map((p) => ({ scheme: p.scheme, number: p.number, name: p.name, startsOn: p.starts_on, endsOn: p.ends_on }))
          : proposedPeriods(next.startsOn, next.endsOn, Object.values(gradeSchemes)))
      ).map((p) => ({
        ...p,
        name: p.name?.trim() || periodName(p.scheme, p.number),
      }));
      const holidays =
        next.holidays ??
        (keepHolidays
          ? draftHolidays.map((h) => ({
              name: h.name,
              startsOn: h.starts_on,
              endsOn: h.ends_on,
              kind: h.kind,
              fromGrade: h.from_grade,
              toGrade: h.to_grade,
            }))
          : proposedHolidays(next.startsOn, next.endsOn));
      const problems = [...periodSetProblems(range, periods, 'nextYear.periods'), ...holidayProblems(range, holidays, 'nextYear.holidays')];
      if (problems.length) {
        const fromDraft =
          (keepPeriods && problems[0].field.startsWith('nextYear.periods')) ||
          (keepHolidays && problems[0].field.startsWith('nextYear.holidays'));
        throw new AppError(
          'school.invalid',
          fromDraft
            ? `Календарь черновика «${draft!.name}» не подходит к датам ${formatDateRu(next.startsOn)}–${formatDateRu(next.endsOn)}: ${problems[0].message}. Исправьте черновик на экране «Годы и периоды» или задайте периоды и каникулы здесь`
            : problems[0].message,
          { fields: problems },
        );
      }
      if (draft && !keepPeriods) {
        const use = await repo.draftPeriodUse(db, schoolId, draft.id);
        if (use.closed || use.finals || use.events)
          throw conflict(
            `Периоды черновика «${draft.name}» уже закрывались или по ним выставлены итоговые отметки: их нельзя заменить. Не передавайте периоды — перевод возьмёт периоды черновика`,
            { field: 'nextYear.periods', yearId: draft.id },
          );
      }

      const enrollments = await repo.openEnrollments(db, schoolId, year.id);
      const byStudent = new Map(enrollments.map((e) => [e.student_id, e]));
      const repeaters = new Set(input.repeaters ?? []);
      [...repeaters].forEach((id, i) => {
        if (!byStudent.has(id)) throw badField(`repeaters.${i}`, `Ученик ${id} не числится ни в одном классе года «${year.name}»`);
      });
      const oldClasses = await classesRepo.classesOfYear(db, schoolId, year.id);
      // [002 §4.6] the school's last grade graduates: 11 in a secondary school, 9 in a basic one.
      const { lastGrade } = resolveSettings((await repo.schoolSettings(db, schoolId)) as SchoolSettingsInput);
      const carry = input.carryOver ?? true;
      const personId = personIdIn(actor, schoolId);
      const draftClasses = draft ? await classesRepo.classesOfYear(db, schoolId, draft.id) : [];
      // Students already placed in a class of the draft keep that place; they are not enrolled twice.
      const placedInDraft = new Set(draft ? (await repo.openEnrollments(db, schoolId, draft.id)).map((e) => e.student_id) : []);

      const summary = await db.tx(async (tx) => {
        await yearsRepo.setYearStatus(tx, schoolId, year.id, 'closed');
        const closedPeriods = await yearsRepo.closeAllPeriods(tx, schoolId, year.id, personId, 'Закрытие учебного года');
        let newYearId: string;
        if (draft) {
          newYearId = draft.id;
          await repo.makeDraftCurrent(tx, schoolId, draft.id, range);
          await yearsRepo.setGradeSchemes(tx, schoolId, draft.id, gradeSchemes);
          if (!keepPeriods) await repo.deletePeriodsOfYear(tx, schoolId, draft.id);
          if (!keepHolidays) await repo.deleteHolidaysOfYear(tx, schoolId, draft.id);
        } else {
          newYearId = await yearsRepo.createYear(tx, {
            schoolId,
            name,
            startsOn: next.startsOn,
            endsOn: next.endsOn,
            status: 'current',
            gradeSchemes,
          });
        }
        if (!keepPeriods)
          await yearsRepo.insertPeriods(
            tx,
            schoolId,
            newYearId,
            periods.map((p) => ({ ...p, name: p.name! })),
          );
        if (!keepHolidays) await yearsRepo.insertHolidays(tx, schoolId, newYearId, holidays.map(holidayRow));

        // New classes by grade and letter, made on first need; a class the draft already has is used.
        const newClass = new Map<string, string>();
        const teacherless = new Set<string>();
        for (const c of draftClasses) {
          newClass.set(`${c.grade}|${c.letter}`, c.id);
          if (!c.class_teacher_id) teacherless.add(c.id);
        }
        const classFor = async (grade: number, letter: string, teacherId: string | null) => {
          const key = `${grade}|${letter}`;
          let id = newClass.get(key);
          if (id && teacherId && teacherless.delete(id)) await classesRepo.setClassTeacher(tx, schoolId, id, teacherId);
          if (!id) {
            id = await classesRepo.insertClass(tx, {
              schoolId,
              yearId: newYearId,
              grade,
              letter,
              scheme: schemeForGrade(grade, gradeSchemes),
              classTeacherId: teacherId,
            });
            newClass.set(key, id);
          }
          return id;
        };
        const promotedTo = new Map<string, string>();
        const mapping: { fromClassId: string; fromName: string; toClassId: string | null; toName: string | null }[] = [];
        for (const c of oldClasses) {
          const g = nextGrade(c.grade, lastGrade);
          if (g === 'graduate') {
            mapping.push({ fromClassId: c.id, fromName: c.name, toClassId: null, toName: null });
            continue;
          }
          const id = await classFor(g, c.letter, c.class_teacher_id);
          promotedTo.set(c.id, id);
          mapping.push({ fromClassId: c.id, fromName: c.name, toClassId: id, toName: className(g, c.letter) });
        }

        const closing: { id: string; toDate: string; kind: string; order: string | null }[] = [];
        const opening: { studentId: string; classId: string; fromDate: string; kind: string; order: string | null }[] = [];
        let graduated = 0;
        for (const e of enrollments) {
          const toDate = max(year.ends_on, e.from_date);
          if (placedInDraft.has(e.student_id)) {
            const kind = repeaters.has(e.student_id) ? 'repeat' : 'promotion';
            closing.push({ id: e.id, toDate, kind, order: input.promotionOrder ?? null });
          } else if (repeaters.has(e.student_id)) {
            closing.push({ id: e.id, toDate, kind: 'repeat', order: input.promotionOrder ?? null });
            opening.push({
              studentId: e.student_id,
              classId: await classFor(e.grade, e.letter, null),
              fromDate: next.startsOn,
              kind: 'repeat',
              order: input.promotionOrder ?? null,
            });
          } else if (nextGrade(e.grade, lastGrade) === 'graduate') {
            closing.push({ id: e.id, toDate, kind: 'graduation', order: input.graduationOrder ?? null });
            graduated++;
          } else {
            closing.push({ id: e.id, toDate, kind: 'promotion', order: input.promotionOrder ?? null });
            opening.push({
              studentId: e.student_id,
              classId: promotedTo.get(e.class_id)!,
              fromDate: next.startsOn,
              kind: 'promotion',
              order: input.promotionOrder ?? null,
            });
          }
        }
        await repo.closeEnrollments(tx, schoolId, closing);
        await repo.insertEnrollments(tx, schoolId, opening);

        let curriculumRows = 0;
        let loads = 0;
        let subgroups = 0;
        if (carry) {
          curriculumRows = await repo.copyCurriculum(tx, schoolId, year.id, newYearId);
          const subgroupTo = new Map<string, string>();
          for (const sg of await repo.subgroupsOfYear(tx, schoolId, year.id)) {
            const to = promotedTo.get(sg.class_id);
            if (!to) continue;
            const existing = draft ? await classesRepo.subgroupByName(tx, schoolId, to, sg.name) : undefined;
            const id = existing?.id ?? (await classesRepo.insertSubgroup(tx, schoolId, to, sg.name));
            // Members who move up with the class; repeaters and those who left stay behind.
            const members = sg.member_ids.filter((s) => byStudent.get(s)?.class_id === sg.class_id && !repeaters.has(s));
            const kept = existing ? await classesRepo.memberIds(tx, schoolId, id) : [];
            await classesRepo.replaceMembers(tx, schoolId, id, [...new Set([...kept, ...members])]);
            subgroupTo.set(sg.id, id);
            subgroups++;
          }
          const pages = (await repo.pagesOfYear(tx, schoolId, year.id)).filter((p) => promotedTo.has(p.class_id));
          loads = await repo.insertPages(
            tx,
            schoolId,
            newYearId,
            pages.map((p) => ({
              classId: promotedTo.get(p.class_id)!,
              subgroupId: p.subgroup_id ? (subgroupTo.get(p.subgroup_id) ?? null) : null,
              subjectId: p.subject_id,
              teacherId: p.teacher_id,
              hoursPerWeek: p.hours_per_week,
            })),
          );
        }
        // The draft's own timetable follows its new calendar (only lessons without records are re-made).
        if (draft && draftClasses.length)
          await timetable.regenerate(tx, schoolId, { yearId: draft.id, classIds: draftClasses.map((c) => c.id), from: next.startsOn });
        const result = {
          promoted: closing.filter((c) => c.kind === 'promotion').length,
          graduated,
          repeated: closing.filter((c) => c.kind === 'repeat').length,
          closedPeriods: closedPeriods.length,
          curriculumRows,
          loads,
          subgroups,
        };
        await auditRepository.record(tx, {
          schoolId,
          actorAccountId: actor.accountId,
          action: 'year.close',
          objectKind: 'year',
          objectId: year.id,
          details: {
            name: year.name,
            nextYearId: newYearId,
            ...result,
            repeaters: [...repeaters],
            promotionOrder: input.promotionOrder ?? null,
            graduationOrder: input.graduationOrder ?? null,
          },
        });
        await auditRepository.record(tx, {
          schoolId,
          actorAccountId: actor.accountId,
          action: draft ? 'year.activate' : 'year.create',
          objectKind: 'year',
          objectId: newYearId,
          details: {
            name,
            startsOn: next.startsOn,
            endsOn: next.endsOn,
            status: 'current',
            from: year.id,
            ...(draft
              ? { draft: { startsOn: draft.starts_on, endsOn: draft.ends_on }, keptPeriods: keepPeriods, keptHolidays: keepHolidays }
              : {}),
          },
        });
        return { newYearId, mapping, ...result };
      });
      const [closed, opened] = await Promise.all([
        yearsRepo.yearIn(db, [schoolId], year.id),
        yearsRepo.yearIn(db, [schoolId], summary.newYearId),
      ]);
      return {
        closedYear: yearOut(closed!),
        newYear: yearOut(opened!),
        classes: summary.mapping,
        promoted: summary.promoted,
        graduated: summary.graduated,
        repeated: summary.repeated,
        closedPeriods: summary.closedPeriods,
        curriculumRows: summary.curriculumRows,
        loads: summary.loads,
        subgroups: summary.subgroups,
        fromDraft: !!draft,
      };
    },
  };
}
