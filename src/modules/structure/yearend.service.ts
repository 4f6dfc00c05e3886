import { formatDateRu } from '../../domain/calendar';
import type { Actor } from '../../domain/policy';
import {
  className,
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
import { assertYearOpen, badField, conflict, personIdIn, schoolIdsOf } from './scope';
import { yearEndRepository as repo } from './yearend.repository';
import { yearsRepository as yearsRepo } from './years.repository';
import { type GradeRange, type HolidayInput, proposedHolidays, proposedPeriods, yearOut } from './years.service';

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

  return {
    /**
     * [002 §4.6] year-end transfer, all or nothing: the current year and all its periods are closed (the
     * journal refuses writes to them; nothing of the old year changes and it stays readable); the next
     * year opens with its periods; every class moves one grade up (5А → 6А) with its class teacher;
     * the 11th grade graduates; the repeaters stay in their grade; curriculum and teaching load (with
     * subgroups and their promoted members) are carried over for the administrator to adjust.
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
      if (await yearsRepo.yearByName(db, schoolId, name)) throw conflict(`Учебный год «${name}» уже есть`, { field: 'nextYear.name' });
      const gradeSchemes = gradeSchemesFromRanges(next.gradeSchemes ?? []);
      const periods = (next.periods ?? proposedPeriods(next.startsOn, next.endsOn, Object.values(gradeSchemes))).map((p) => ({
        ...p,
        name: p.name?.trim() || periodName(p.scheme, p.number),
      }));
      const problems = periodSetProblems({ startsOn: next.startsOn, endsOn: next.endsOn }, periods, 'nextYear.periods');
      if (problems.length) throw new AppError('school.invalid', problems[0].message, { fields: problems });
      const holidays = next.holidays ?? proposedHolidays(next.startsOn, next.endsOn);

      const enrollments = await repo.openEnrollments(db, schoolId, year.id);
      const byStudent = new Map(enrollments.map((e) => [e.student_id, e]));
      const repeaters = new Set(input.repeaters ?? []);
      [...repeaters].forEach((id, i) => {
        if (!byStudent.has(id)) throw badField(`repeaters.${i}`, `Ученик ${id} не числится ни в одном классе года «${year.name}»`);
      });
      const oldClasses = await classesRepo.classesOfYear(db, schoolId, year.id);
      const carry = input.carryOver ?? true;
      const personId = personIdIn(actor, schoolId);

      const summary = await db.tx(async (tx) => {
        await yearsRepo.setYearStatus(tx, schoolId, year.id, 'closed');
        const closedPeriods = await yearsRepo.closeAllPeriods(tx, schoolId, year.id, personId, 'Закрытие учебного года');
        const newYearId = await yearsRepo.createYear(tx, {
          schoolId,
          name,
          startsOn: next.startsOn,
          endsOn: next.endsOn,
          status: 'current',
          gradeSchemes,
        });
        await yearsRepo.insertPeriods(
          tx,
          schoolId,
          newYearId,
          periods.map((p) => ({ ...p, name: p.name! })),
        );
        await yearsRepo.insertHolidays(
          tx,
          schoolId,
          newYearId,
          holidays.map((h) => ({ ...h, kind: h.kind ?? 'holiday' })),
        );

        // New classes by grade and letter, made on first need.
        const newClass = new Map<string, string>();
        const classFor = async (grade: number, letter: string, teacherId: string | null) => {
          const key = `${grade}|${letter}`;
          let id = newClass.get(key);
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
          const g = nextGrade(c.grade);
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
          if (repeaters.has(e.student_id)) {
            closing.push({ id: e.id, toDate, kind: 'repeat', order: input.promotionOrder ?? null });
            opening.push({
              studentId: e.student_id,
              classId: await classFor(e.grade, e.letter, null),
              fromDate: next.startsOn,
              kind: 'repeat',
              order: input.promotionOrder ?? null,
            });
          } else if (nextGrade(e.grade) === 'graduate') {
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
            const id = await classesRepo.insertSubgroup(tx, schoolId, to, sg.name);
            // Members who move up with the class; repeaters and those who left stay behind.
            const members = sg.member_ids.filter((s) => byStudent.get(s)?.class_id === sg.class_id && !repeaters.has(s));
            await classesRepo.replaceMembers(tx, schoolId, id, members);
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
        const result = {
          promoted: opening.filter((o) => o.kind === 'promotion').length,
          graduated,
          repeated: opening.filter((o) => o.kind === 'repeat').length,
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
          action: 'year.create',
          objectKind: 'year',
          objectId: newYearId,
          details: { name, startsOn: next.startsOn, endsOn: next.endsOn, status: 'current', from: year.id },
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
      };
    },
  };
}
