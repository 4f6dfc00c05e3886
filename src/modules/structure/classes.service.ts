import { calendarDateIn, type PeriodScheme } from '../../domain/calendar';
import type { Actor } from '../../domain/policy';
import { className, laterDate, normalizeLetter, schemeForGrade, timetableConflicts } from '../../domain/school-structure';
import type { Deps } from '../../server/context';
import { notFound } from '../../server/errors';
import { requireAccess } from '../access/access.service';
import { auditRepository } from '../audit/audit.repository';
import { type ClassRow, type LoadRow, classesRepository as repo } from './classes.repository';
import { assertYearOpen, badField, conflict, schoolFor, schoolIdsOf, type YearRow } from './scope';
import { timetableRepository as ttRepo } from './timetable.repository';
import { yearsRepository as yearsRepo } from './years.repository';

const yearOf = (c: Pick<ClassRow, 'year_status' | 'year_name' | 'year_closed_at'>) => ({
  status: c.year_status,
  name: c.year_name,
  closed_at: c.year_closed_at,
});

export function classOut(c: ClassRow, teacherName: string | null) {
  return {
    id: c.id,
    schoolId: c.school_id,
    yearId: c.year_id,
    yearName: c.year_name,
    grade: c.grade,
    letter: c.letter,
    name: c.name,
    periodScheme: c.period_scheme,
    classTeacherId: c.class_teacher_id,
    classTeacherName: teacherName,
    readOnly: c.year_status === 'closed',
  };
}

export function loadOut(l: LoadRow) {
  return {
    id: l.id,
    schoolId: l.school_id,
    yearId: l.year_id,
    classId: l.class_id,
    className: l.class_name,
    subgroupId: l.subgroup_id,
    subgroupName: l.subgroup_name,
    subjectId: l.subject_id,
    subjectName: l.subject_name,
    teacherId: l.teacher_id,
    teacherName: l.teacher_name,
    hoursPerWeek: l.hours_per_week,
  };
}

type SubgroupRow = Awaited<ReturnType<typeof repo.subgroups>>[number];
const subgroupOut = (s: SubgroupRow) => ({ id: s.id, classId: s.class_id, name: s.name, members: s.members });

const loadLabel = (l: Pick<LoadRow, 'class_name' | 'subject_name' | 'subgroup_name'>) =>
  `${l.class_name}, ${l.subject_name}${l.subgroup_name ? ` (${l.subgroup_name})` : ''}`;

export function makeClassesService(deps: Deps) {
  const { db, now } = deps;

  async function classFor(actor: Actor, classId: string, action: 'class.read' | 'class.manage' | 'school.manage') {
    const c = await repo.classIn(db, schoolIdsOf(actor), classId);
    if (!c) throw notFound('Класс');
    if (action === 'school.manage') await requireAccess(db, actor, 'school.manage', { school: c.school_id });
    else await requireAccess(db, actor, action, { classId });
    return c;
  }

  async function classView(c: ClassRow) {
    return classOut(c, c.class_teacher_id ? await repo.personName(db, c.school_id, c.class_teacher_id) : null);
  }

  /** The year a write is aimed at: the named one, or the school's current year. */
  async function targetYear(actor: Actor, schoolId: string | undefined, yearId: string | undefined): Promise<YearRow> {
    if (yearId) {
      const y = await yearsRepo.yearIn(db, schoolIdsOf(actor), yearId);
      if (!y) throw notFound('Учебный год');
      await requireAccess(db, actor, 'school.manage', { school: y.school_id });
      return y;
    }
    const sid = schoolFor(actor, 'school.manage', schoolId);
    const y = await yearsRepo.currentYear(db, sid);
    if (!y) throw conflict('В школе нет текущего учебного года: сначала откройте год', { field: 'yearId' });
    return y;
  }

  async function assertTeacher(schoolId: string, personId: string, field: string) {
    const roles = await repo.rolesOf(db, schoolId, personId);
    if (!roles) throw badField(field, 'Учитель не найден в этой школе');
    if (!roles.includes('teacher')) throw badField(field, 'Этот человек не учитель: назначить можно только учителя');
  }

  async function readYear(actor: Actor, schoolId: string | undefined, yearId: string | undefined): Promise<YearRow> {
    if (yearId) {
      const y = await yearsRepo.yearIn(db, schoolIdsOf(actor), yearId);
      if (!y) throw notFound('Учебный год');
      await requireAccess(db, actor, 'school.read', { school: y.school_id });
      return y;
    }
    const sid = schoolFor(actor, 'school.read', schoolId);
    const y = await yearsRepo.currentYear(db, sid);
    if (!y) throw notFound('Текущий учебный год');
    return y;
  }

  /** Members must be students of the class now (or arriving later). */
  async function checkMembers(c: ClassRow, studentIds: string[]) {
    const today = calendarDateIn(now(), await yearsRepo.schoolTimeZone(db, c.school_id));
    const inClass = new Set(await repo.studentsInClassFrom(db, c.school_id, c.id, c.year_status === 'current' ? today : c.year_starts_on));
    studentIds.forEach((id, i) => {
      if (!inClass.has(id)) throw badField(`studentIds.${i}`, `Ученик ${id} не числится в классе ${c.name}`);
    });
  }

  async function getCurriculum(actor: Actor, yearId: string) {
    const year = await readYear(actor, undefined, yearId);
    return (await repo.curriculum(db, year.school_id, year.id)).map((r) => ({
      grade: r.grade,
      subjectId: r.subject_id,
      subjectName: r.subject_name,
      hoursPerWeek: r.hours_per_week,
    }));
  }

  return {
    getCurriculum,

    async getClass(actor: Actor, classId: string) {
      return classView(await classFor(actor, classId, 'class.read'));
    },

    /** [004 admin] a class of a year: grade 1–11 and a letter; its period scheme follows the grade unless given. */
    async createClass(
      actor: Actor,
      input: {
        schoolId?: string;
        yearId?: string;
        grade: number;
        letter: string;
        periodScheme?: PeriodScheme;
        classTeacherId?: string | null;
      },
    ) {
      const year = await targetYear(actor, input.schoolId, input.yearId);
      assertYearOpen(year);
      const letter = normalizeLetter(input.letter);
      if (!letter) throw badField('letter', 'Укажите букву класса');
      if (await repo.classByName(db, year.school_id, year.id, input.grade, letter))
        throw conflict(`Класс ${className(input.grade, letter)} уже есть в учебном году «${year.name}»`, { field: 'letter' });
      if (input.classTeacherId) await assertTeacher(year.school_id, input.classTeacherId, 'classTeacherId');
      const id = await db.tx(async (tx) => {
        const classId = await repo.insertClass(tx, {
          schoolId: year.school_id,
          yearId: year.id,
          grade: input.grade,
          letter,
          scheme: input.periodScheme ?? schemeForGrade(input.grade, year.grade_schemes),
          classTeacherId: input.classTeacherId ?? null,
        });
        await auditRepository.record(tx, {
          schoolId: year.school_id,
          actorAccountId: actor.accountId,
          action: 'class.create',
          objectKind: 'class',
          objectId: classId,
          details: { name: className(input.grade, letter), year: year.name, classTeacherId: input.classTeacherId ?? null },
        });
        return classId;
      });
      return classView((await repo.classIn(db, [year.school_id], id))!);
    },

    async updateClass(actor: Actor, classId: string, input: { grade?: number; letter?: string; periodScheme?: PeriodScheme }) {
      const c = await classFor(actor, classId, 'school.manage');
      assertYearOpen(yearOf(c));
      const grade = input.grade ?? c.grade;
      const letter = input.letter !== undefined ? normalizeLetter(input.letter) : c.letter;
      if (!letter) throw badField('letter', 'Укажите букву класса');
      const other = await repo.classByName(db, c.school_id, c.year_id, grade, letter);
      if (other && other.id !== c.id)
        throw conflict(`Класс ${className(grade, letter)} уже есть в учебном году «${c.year_name}»`, { field: 'letter' });
      await db.tx(async (tx) => {
        await repo.updateClass(tx, c.school_id, c.id, { grade, letter, scheme: input.periodScheme ?? c.period_scheme });
        await auditRepository.record(tx, {
          schoolId: c.school_id,
          actorAccountId: actor.accountId,
          action: 'class.update',
          objectKind: 'class',
          objectId: c.id,
          details: {
            old: { name: c.name, periodScheme: c.period_scheme },
            new: { name: className(grade, letter), periodScheme: input.periodScheme ?? c.period_scheme },
          },
        });
      });
      return classView((await repo.classIn(db, [c.school_id], c.id))!);
    },

    /**
     * [004 admin] a class created by mistake is deleted while nothing hangs on it: no student was ever
     * enrolled (the movement history stays whole), no journal page, no news. Otherwise 409 naming why.
     */
    async deleteClass(actor: Actor, classId: string) {
      const c = await classFor(actor, classId, 'school.manage');
      assertYearOpen(yearOf(c));
      const use = await repo.classUse(db, c.school_id, c.id);
      const reasons = [
        use.stays > 0 && `в нём числились ученики (записей о зачислении: ${use.stays}) — оформите выбытие, история движения сохраняется`,
        use.pages > 0 && `у него есть страницы журнала в нагрузке (${use.pages}) — сначала удалите нагрузку класса`,
        use.news > 0 && `ему адресованы объявления (${use.news})`,
      ].filter((x): x is string => !!x);
      if (reasons.length) throw conflict(`Класс ${c.name} нельзя удалить: ${reasons.join('; ')}`, { classId: c.id, ...use });
      await db.tx(async (tx) => {
        await repo.deleteClass(tx, c.school_id, c.id);
        await auditRepository.record(tx, {
          schoolId: c.school_id,
          actorAccountId: actor.accountId,
          action: 'class.delete',
          objectKind: 'class',
          objectId: c.id,
          details: { name: c.name, year: c.year_name, classTeacherId: c.class_teacher_id },
        });
      });
    },

    /** [004 admin] class teacher assignment: it gives rights over the class's students and parents, so it is audited. */
    async setClassTeacher(actor: Actor, classId: string, teacherId: string | null) {
      const c = await classFor(actor, classId, 'school.manage');
      assertYearOpen(yearOf(c));
      if (teacherId) await assertTeacher(c.school_id, teacherId, 'teacherId');
      await db.tx(async (tx) => {
        await repo.setClassTeacher(tx, c.school_id, c.id, teacherId);
        await auditRepository.record(tx, {
          schoolId: c.school_id,
          actorAccountId: actor.accountId,
          action: 'class.class_teacher',
          objectKind: 'class',
          objectId: c.id,
          details: { class: c.name, old: c.class_teacher_id, new: teacherId },
        });
      });
      return classView((await repo.classIn(db, [c.school_id], c.id))!);
    },

    // ───────────── subgroups [003 §3.2] ─────────────

    async listSubgroups(actor: Actor, classId: string) {
      const c = await classFor(actor, classId, 'class.read');
      return (await repo.subgroups(db, c.school_id, c.id)).map(subgroupOut);
    },

    async createSubgroup(actor: Actor, classId: string, input: { name: string; studentIds?: string[] }) {
      const c = await classFor(actor, classId, 'class.manage');
      assertYearOpen(yearOf(c));
      const name = input.name.trim();
      if (await repo.subgroupByName(db, c.school_id, c.id, name))
        throw conflict(`В классе ${c.name} уже есть подгруппа «${name}»`, { field: 'name' });
      if (input.studentIds?.length) await checkMembers(c, input.studentIds);
      const id = await db.tx(async (tx) => {
        const sgId = await repo.insertSubgroup(tx, c.school_id, c.id, name);
        await repo.replaceMembers(tx, c.school_id, sgId, [...new Set(input.studentIds ?? [])]);
        await auditRepository.record(tx, {
          schoolId: c.school_id,
          actorAccountId: actor.accountId,
          action: 'subgroup.create',
          objectKind: 'subgroup',
          objectId: sgId,
          details: { class: c.name, name, members: input.studentIds ?? [] },
        });
        return sgId;
      });
      return subgroupOut((await repo.subgroups(db, c.school_id, c.id)).find((s) => s.id === id)!);
    },

    async renameSubgroup(actor: Actor, subgroupId: string, name: string) {
      const sg = await repo.subgroupIn(db, schoolIdsOf(actor), subgroupId);
      if (!sg) throw notFound('Подгруппа');
      const c = await classFor(actor, sg.class_id, 'class.manage');
      assertYearOpen(yearOf(c));
      const other = await repo.subgroupByName(db, c.school_id, c.id, name.trim());
      if (other && other.id !== sg.id) throw conflict(`В классе ${c.name} уже есть подгруппа «${name.trim()}»`, { field: 'name' });
      await repo.renameSubgroup(db, c.school_id, sg.id, name.trim());
      return subgroupOut((await repo.subgroups(db, c.school_id, c.id)).find((s) => s.id === sg.id)!);
    },

    /** [003 §3.2] the class teacher decides who is in a subgroup; each subgroup teacher then keeps their page. */
    async setSubgroupMembers(actor: Actor, subgroupId: string, studentIds: string[]) {
      const sg = await repo.subgroupIn(db, schoolIdsOf(actor), subgroupId);
      if (!sg) throw notFound('Подгруппа');
      const c = await classFor(actor, sg.class_id, 'class.manage');
      assertYearOpen(yearOf(c));
      const ids = [...new Set(studentIds)];
      await checkMembers(c, ids);
      const old = await repo.memberIds(db, c.school_id, sg.id);
      await db.tx(async (tx) => {
        await repo.replaceMembers(tx, c.school_id, sg.id, ids);
        await auditRepository.record(tx, {
          schoolId: c.school_id,
          actorAccountId: actor.accountId,
          action: 'subgroup.members',
          objectKind: 'subgroup',
          objectId: sg.id,
          details: {
            class: c.name,
            name: sg.name,
            added: ids.filter((x) => !old.includes(x)),
            removed: old.filter((x) => !ids.includes(x)),
          },
        });
      });
      return subgroupOut((await repo.subgroups(db, c.school_id, c.id)).find((s) => s.id === sg.id)!);
    },

    async deleteSubgroup(actor: Actor, subgroupId: string) {
      const sg = await repo.subgroupIn(db, schoolIdsOf(actor), subgroupId);
      if (!sg) throw notFound('Подгруппа');
      const c = await classFor(actor, sg.class_id, 'class.manage');
      assertYearOpen(yearOf(c));
      const pages = await repo.subgroupPageCount(db, c.school_id, sg.id);
      if (pages > 0)
        throw conflict(`Подгруппу «${sg.name}» нельзя удалить: по ней ведутся страницы журнала (${pages})`, { subgroupId: sg.id });
      await db.tx(async (tx) => {
        await repo.deleteSubgroup(tx, c.school_id, sg.id);
        await auditRepository.record(tx, {
          schoolId: c.school_id,
          actorAccountId: actor.accountId,
          action: 'subgroup.delete',
          objectKind: 'subgroup',
          objectId: sg.id,
          details: { class: c.name, name: sg.name },
        });
      });
    },

    // ───────────── subjects ─────────────

    async listSubjects(actor: Actor, schoolId?: string) {
      const sid = schoolFor(actor, 'school.read', schoolId);
      return (await repo.subjects(db, sid)).map((s) => ({
        id: s.id,
        schoolId: sid,
        name: s.name,
        shortName: s.short_name,
        passFail: s.pass_fail,
      }));
    },

    async createSubject(actor: Actor, input: { schoolId?: string; name: string; shortName?: string; passFail?: boolean }) {
      const sid = schoolFor(actor, 'school.manage', input.schoolId);
      const name = input.name.trim();
      if (await repo.subjectByName(db, sid, name)) throw conflict(`Предмет «${name}» уже есть`, { field: 'name' });
      const s = { name, shortName: input.shortName?.trim() || name.slice(0, 12), passFail: input.passFail ?? false };
      const id = await db.tx(async (tx) => {
        const subjectId = await repo.insertSubject(tx, sid, s);
        await auditRepository.record(tx, {
          schoolId: sid,
          actorAccountId: actor.accountId,
          action: 'subject.create',
          objectKind: 'subject',
          objectId: subjectId,
          details: s,
        });
        return subjectId;
      });
      return { id, schoolId: sid, ...s };
    },

    async updateSubject(actor: Actor, subjectId: string, input: { name?: string; shortName?: string; passFail?: boolean }) {
      const cur = await repo.subjectIn(db, schoolIdsOf(actor), subjectId);
      if (!cur) throw notFound('Предмет');
      await requireAccess(db, actor, 'school.manage', { school: cur.school_id });
      const s = {
        name: input.name?.trim() || cur.name,
        shortName: input.shortName?.trim() || cur.short_name,
        passFail: input.passFail ?? cur.pass_fail,
      };
      const other = await repo.subjectByName(db, cur.school_id, s.name);
      if (other && other.id !== cur.id) throw conflict(`Предмет «${s.name}» уже есть`, { field: 'name' });
      await db.tx(async (tx) => {
        await repo.updateSubject(tx, cur.school_id, cur.id, s);
        await auditRepository.record(tx, {
          schoolId: cur.school_id,
          actorAccountId: actor.accountId,
          action: 'subject.update',
          objectKind: 'subject',
          objectId: cur.id,
          details: { old: { name: cur.name, shortName: cur.short_name, passFail: cur.pass_fail }, new: s },
        });
      });
      return { id: cur.id, schoolId: cur.school_id, ...s };
    },

    /** [DOMAIN §2] a subject added by mistake is deleted while unused: no journal page, curriculum row or final mark names it. */
    async deleteSubject(actor: Actor, subjectId: string) {
      const cur = await repo.subjectIn(db, schoolIdsOf(actor), subjectId);
      if (!cur) throw notFound('Предмет');
      await requireAccess(db, actor, 'school.manage', { school: cur.school_id });
      const use = await repo.subjectUse(db, cur.school_id, cur.id);
      const reasons = [
        use.pages > 0 && `по нему ведутся страницы журнала (${use.pages})`,
        use.curriculum > 0 && `он есть в учебном плане (строк: ${use.curriculum})`,
        use.finals > 0 && `по нему выставлены итоговые отметки (${use.finals})`,
      ].filter((x): x is string => !!x);
      if (reasons.length) throw conflict(`Предмет «${cur.name}» нельзя удалить: ${reasons.join('; ')}`, { subjectId: cur.id, ...use });
      await db.tx(async (tx) => {
        await repo.deleteSubject(tx, cur.school_id, cur.id);
        await auditRepository.record(tx, {
          schoolId: cur.school_id,
          actorAccountId: actor.accountId,
          action: 'subject.delete',
          objectKind: 'subject',
          objectId: cur.id,
          details: { name: cur.name, shortName: cur.short_name },
        });
      });
    },

    // ───────────── curriculum [DOMAIN §2] ─────────────

    /** The whole curriculum of a year: hours per week per subject per grade. */
    async putCurriculum(actor: Actor, yearId: string, rows: { grade: number; subjectId: string; hoursPerWeek: number }[]) {
      const year = await targetYear(actor, undefined, yearId);
      assertYearOpen(year);
      const seen = new Set<string>();
      rows.forEach((r, i) => {
        const key = `${r.grade}|${r.subjectId}`;
        if (seen.has(key)) throw badField(`rows.${i}`, `Строка ${i + 1}: предмет для ${r.grade} класса указан дважды`);
        seen.add(key);
      });
      const known = new Set(await repo.subjectIdsOf(db, year.school_id, [...new Set(rows.map((r) => r.subjectId))]));
      rows.forEach((r, i) => {
        if (!known.has(r.subjectId)) throw badField(`rows.${i}.subjectId`, `Строка ${i + 1}: предмет не найден`);
      });
      await db.tx(async (tx) => {
        await repo.replaceCurriculum(tx, year.school_id, year.id, rows);
        await auditRepository.record(tx, {
          schoolId: year.school_id,
          actorAccountId: actor.accountId,
          action: 'curriculum.set',
          objectKind: 'year',
          objectId: year.id,
          details: { rows: rows.length },
        });
      });
      return getCurriculum(actor, year.id);
    },

    // ───────────── teaching load = journal pages [003 §2.6] ─────────────

    async listLoads(actor: Actor, q: { schoolId?: string; yearId?: string; classId?: string; teacherId?: string }) {
      const year = await readYear(actor, q.schoolId, q.yearId);
      return (await repo.loads(db, year.school_id, { yearId: year.id, classId: q.classId, teacherId: q.teacherId })).map(loadOut);
    },

    /**
     * [003 §2.6] a teaching-load row assigns a journal page: teacher × class (or subgroup) × subject.
     * Audited: it decides whose page is whose.
     */
    async createLoad(
      actor: Actor,
      input: { classId: string; subgroupId?: string | null; subjectId: string; teacherId: string; hoursPerWeek?: number | null },
    ) {
      const c = await classFor(actor, input.classId, 'school.manage');
      assertYearOpen(yearOf(c));
      const subject = await repo.subjectIn(db, [c.school_id], input.subjectId);
      if (!subject) throw badField('subjectId', 'Предмет не найден');
      if (input.subgroupId) {
        const sg = await repo.subgroupIn(db, [c.school_id], input.subgroupId);
        if (!sg || sg.class_id !== c.id) throw badField('subgroupId', `Подгруппа не относится к классу ${c.name}`);
      }
      await assertTeacher(c.school_id, input.teacherId, 'teacherId');
      if (await repo.findLoad(db, c.school_id, c.id, subject.id, input.subgroupId ?? null))
        throw conflict(`Страница «${c.name}, ${subject.name}» ${input.subgroupId ? 'для этой подгруппы ' : ''}уже есть в нагрузке`, {
          field: 'subjectId',
        });
      const id = await db.tx(async (tx) => {
        const pageId = await repo.insertLoad(tx, {
          schoolId: c.school_id,
          yearId: c.year_id,
          classId: c.id,
          subgroupId: input.subgroupId ?? null,
          subjectId: subject.id,
          teacherId: input.teacherId,
          hoursPerWeek: input.hoursPerWeek ?? null,
        });
        await auditRepository.record(tx, {
          schoolId: c.school_id,
          actorAccountId: actor.accountId,
          action: 'load.create',
          objectKind: 'page',
          objectId: pageId,
          details: { class: c.name, subject: subject.name, subgroupId: input.subgroupId ?? null, teacherId: input.teacherId },
        });
        return pageId;
      });
      return loadOut((await repo.loadById(db, c.school_id, id))!);
    },

    /** Reassigns a page to another teacher (the teacher must be free in the page's timetable slots) or changes its hours. */
    async updateLoad(actor: Actor, pageId: string, input: { teacherId?: string; hoursPerWeek?: number | null }) {
      const l = await repo.loadIn(db, schoolIdsOf(actor), pageId);
      if (!l) throw notFound('Нагрузка');
      await requireAccess(db, actor, 'school.manage', { school: l.school_id });
      assertYearOpen({ status: l.year_status, name: l.year_name, closed_at: l.year_closed_at });
      const teacherId = input.teacherId ?? l.teacher_id;
      if (teacherId !== l.teacher_id) {
        await assertTeacher(l.school_id, teacherId, 'teacherId');
        const today = calendarDateIn(now(), await yearsRepo.schoolTimeZone(db, l.school_id));
        const mine = await ttRepo.entriesOfPage(db, l.school_id, l.id, today);
        const theirs = await ttRepo.entriesOfTeachers(db, l.school_id, [teacherId], today, { pageId: l.id });
        const toSlot = (e: (typeof mine)[number], t: string) => ({
          label: loadLabel(e),
          teacherId: t,
          classId: e.class_id,
          subgroupId: e.subgroup_id,
          weekday: e.weekday,
          lessonNumber: e.lesson_number,
          validFrom: laterDate(e.valid_from, today),
          validTo: e.valid_to,
        });
        const found = timetableConflicts(
          mine.map((e) => toSlot(e, teacherId)),
          theirs.map((e) => toSlot(e, e.teacher_id)),
        ).filter((x) => x.kind === 'teacher');
        if (found.length) throw conflict(found[0].message, { conflicts: found.map((f) => ({ kind: f.kind, message: f.message })) });
      }
      const hours = input.hoursPerWeek !== undefined ? input.hoursPerWeek : l.hours_per_week;
      await db.tx(async (tx) => {
        await repo.updateLoad(tx, l.school_id, l.id, { teacherId, hoursPerWeek: hours });
        await auditRepository.record(tx, {
          schoolId: l.school_id,
          actorAccountId: actor.accountId,
          action: 'load.update',
          objectKind: 'page',
          objectId: l.id,
          details: {
            page: loadLabel(l),
            old: { teacherId: l.teacher_id, hoursPerWeek: l.hours_per_week },
            new: { teacherId, hoursPerWeek: hours },
          },
        });
      });
      return loadOut((await repo.loadById(db, l.school_id, l.id))!);
    },

    /** Removes a load row only while its page holds nothing: marks, final marks or lessons with data keep it. */
    async deleteLoad(actor: Actor, pageId: string) {
      const l = await repo.loadIn(db, schoolIdsOf(actor), pageId);
      if (!l) throw notFound('Нагрузка');
      await requireAccess(db, actor, 'school.manage', { school: l.school_id });
      assertYearOpen({ status: l.year_status, name: l.year_name, closed_at: l.year_closed_at });
      const use = await repo.loadUse(db, l.school_id, l.id);
      const withData = await ttRepo.lessonsWithData(db, l.school_id, { pageIds: [l.id], from: '0001-01-01', to: '9999-12-31', limit: 1 });
      if (use.marks > 0 || use.finals > 0 || withData.length > 0)
        throw conflict(
          `Страницу «${loadLabel(l)}» нельзя удалить: в ней есть записи (уроки с данными: ${withData[0]?.total ?? 0}, отметки: ${use.marks}, итоговые: ${use.finals}). Передайте её другому учителю`,
          { pageId: l.id },
        );
      await db.tx(async (tx) => {
        await repo.deleteLoad(tx, l.school_id, l.id);
        await auditRepository.record(tx, {
          schoolId: l.school_id,
          actorAccountId: actor.accountId,
          action: 'load.delete',
          objectKind: 'page',
          objectId: l.id,
          details: { page: loadLabel(l), teacherId: l.teacher_id, lessonsRemoved: use.lessons },
        });
      });
    },
  };
}
