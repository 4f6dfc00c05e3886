import { addDays, formatDateRu } from '../../domain/calendar';
import type { Actor } from '../../domain/policy';
import { MOVEMENT_NAMES_RU, type MovementKind, movementProblem } from '../../domain/school-structure';
import type { Deps } from '../../server/context';
import { notFound } from '../../server/errors';
import { requireAccess } from '../access/access.service';
import { auditRepository } from '../audit/audit.repository';
import { classesRepository } from '../structure/classes.repository';
import { assertYearOpen, badField, conflict, schoolIdsOf } from '../structure/scope';
import { yearsRepository } from '../structure/years.repository';
import { peopleRepository as repo, type StayRow } from './people.repository';

export interface MovementInput {
  kind: MovementKind;
  /** the first day of the new state (in the new class; no longer in the old one) */
  date: string;
  orderNumber: string;
  toClassId?: string | null;
}

function stayOut(s: StayRow) {
  return {
    classId: s.class_id,
    className: s.class_name,
    yearId: s.year_id,
    yearName: s.year_name,
    fromDate: s.from_date,
    toDate: s.to_date,
    arrivalKind: s.arrival_kind,
    arrivalOrder: s.arrival_order,
    departureKind: s.departure_kind,
    departureOrder: s.departure_order,
  };
}

export function makeMovementService(deps: Deps) {
  const { db } = deps;

  async function studentFacts(actor: Actor, studentId: string) {
    const f = await repo.facts(db, schoolIdsOf(actor), studentId);
    if (!f?.roles.includes('student')) throw notFound('Ученик');
    return f;
  }

  async function history(schoolId: string, studentId: string) {
    return (await repo.stays(db, schoolId, studentId)).map(stayOut);
  }

  return {
    /**
     * [004 class teacher], [002 §4.6] student movement by an order: arrival into a class, departure, or
     * transfer to another class of the current year. The old stay is closed the day before the date
     * (its dates, and the marks and absences given in it, stay where they are); a new stay opens on
     * the date. A student is never in two classes at once; a transfer before the arrival is refused.
     */
    async move(actor: Actor, studentId: string, input: MovementInput) {
      const f = await studentFacts(actor, studentId);
      const schoolId = f.school_id;
      const year = await yearsRepository.currentYear(db, schoolId);
      if (!year) throw conflict('В школе нет текущего учебного года', { field: 'date' });
      const stays = await repo.stays(db, schoolId, studentId);
      const open = stays.find((s) => s.to_date === null) ?? null;
      // The class the movement leaves needs the right to manage it; the class it enters, too.
      if (input.kind !== 'arrival') {
        if (!open) throw conflict('Ученик сейчас не числится ни в одном классе', { field: 'studentId' });
        await requireAccess(db, actor, 'class.manage', { classId: open.class_id });
      }
      let toClass: Awaited<ReturnType<typeof classesRepository.classIn>>;
      if (input.kind !== 'departure') {
        if (!input.toClassId)
          throw badField(
            'toClassId',
            input.kind === 'arrival' ? 'Укажите класс, в который прибывает ученик' : 'Укажите класс, в который переводится ученик',
          );
        toClass = await classesRepository.classIn(db, [schoolId], input.toClassId);
        if (!toClass) throw badField('toClassId', 'Класс не найден в этой школе');
        if (input.kind === 'arrival') await requireAccess(db, actor, 'class.manage', { classId: toClass.id });
        if (toClass.year_id !== year.id)
          throw badField('toClassId', `Класс ${toClass.name} не относится к текущему учебному году «${year.name}»`);
      }
      assertYearOpen(year);
      const problem = movementProblem({
        kind: input.kind,
        date: input.date,
        stays: stays.map((s) => ({ classId: s.class_id, className: s.class_name, fromDate: s.from_date, toDate: s.to_date })),
        year: { startsOn: year.starts_on, endsOn: year.ends_on },
        toClassId: input.toClassId,
      });
      if (problem) {
        if (problem.conflict) throw conflict(problem.problem.message, { field: problem.problem.field });
        throw badField(problem.problem.field, problem.problem.message);
      }
      const order = input.orderNumber.trim();
      await db.tx(async (tx) => {
        if (open && input.kind !== 'arrival')
          await repo.closeStay(tx, schoolId, open.id, { toDate: addDays(input.date, -1), kind: input.kind, order });
        if (toClass) await repo.insertStay(tx, schoolId, { studentId, classId: toClass.id, fromDate: input.date, kind: input.kind, order });
        await auditRepository.record(tx, {
          schoolId,
          actorAccountId: actor.accountId,
          action: 'student.movement',
          objectKind: 'person',
          objectId: studentId,
          details: {
            kind: input.kind,
            date: input.date,
            orderNumber: order,
            fromClass: input.kind !== 'arrival' ? open?.class_name : null,
            toClass: toClass?.name ?? null,
            text: `${MOVEMENT_NAMES_RU[input.kind]} с ${formatDateRu(input.date)}, приказ № ${order}`,
          },
        });
      });
      return history(schoolId, studentId);
    },

    /** A student's stays in classes over all years, with orders — the movement history. */
    async studentHistory(actor: Actor, studentId: string) {
      const f = await studentFacts(actor, studentId);
      await requireAccess(db, actor, 'student.card_read', { studentId });
      return history(f.school_id, studentId);
    },

    /** Arrivals and departures of a class: every stay with its dates and orders. */
    async classHistory(actor: Actor, classId: string) {
      const r = await requireAccess(db, actor, 'class.read', { classId });
      return (await repo.classStays(db, r.schoolId, classId)).map((s) => ({
        studentId: s.student_id,
        studentName: s.student_name,
        ...stayOut(s),
      }));
    },
  };
}
