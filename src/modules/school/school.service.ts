import { membershipIn } from '../../domain/policy';
import type { Deps, SessionActor } from '../../server/context';
import { requireAccess } from '../access/access.service';
import { schoolRepository as repo } from './school.repository';

const fullName = (p: { last_name: string; first_name: string; middle_name: string | null }) =>
  [p.last_name, p.first_name, p.middle_name].filter(Boolean).join(' ');

export function makeSchoolService({ db }: Deps) {
  return {
    /** Classes the actor may see: all of the school for administration, own and taught classes for teachers. */
    async listClasses(actor: SessionActor, yearId: string | null = null) {
      const wide: string[] = [];
      const own: string[] = [];
      const persons: string[] = [];
      for (const m of actor.memberships) {
        if (['administrator', 'director', 'deputy', 'deputy_ict'].some((r) => m.roles.has(r as never))) wide.push(m.schoolId);
        else if (m.roles.has('teacher')) {
          own.push(m.schoolId);
          persons.push(m.personId);
        }
      }
      const rows = [
        ...(wide.length ? await repo.classes(db, wide, null, yearId) : []),
        ...(own.length ? await repo.classes(db, own, persons, yearId) : []),
      ];
      return rows.map((c) => ({
        id: c.id,
        schoolId: c.school_id,
        yearId: c.year_id,
        grade: c.grade,
        letter: c.letter,
        name: c.name,
        periodScheme: c.period_scheme as 'quarter' | 'half' | 'trimester',
        classTeacherId: c.class_teacher_id,
        classTeacherName: c.class_teacher_name,
        studentCount: c.students,
        isMine: c.class_teacher_id != null && membershipIn(actor, c.school_id)?.personId === c.class_teacher_id,
      }));
    },

    /** Students of a class, current and former (with dates), for staff who may read the class. */
    async classStudents(actor: SessionActor, classId: string) {
      const r = await requireAccess(db, actor, 'class.read', { classId });
      const rows = await repo.classStudents(db, r.schoolId, classId);
      return rows.map((s) => ({
        id: s.id,
        name: fullName(s),
        lastName: s.last_name,
        firstName: s.first_name,
        middleName: s.middle_name,
        fromDate: s.from_date,
        toDate: s.to_date,
        arrivalKind: s.arrival_kind,
        departureKind: s.departure_kind,
        current: s.to_date === null,
      }));
    },
  };
}
