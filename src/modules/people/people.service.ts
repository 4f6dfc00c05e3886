import { calendarDateIn, formatDateRu, isWithin } from '../../domain/calendar';
import { type Actor, membershipIn, ROLE_NAMES_RU, type Role, STAFF_ROLES } from '../../domain/policy';
import { fullName, laterDate } from '../../domain/school-structure';
import type { Deps } from '../../server/context';
import { notFound } from '../../server/errors';
import { requireAccess } from '../access/access.service';
import { auditRepository } from '../audit/audit.repository';
import { classesRepository } from '../structure/classes.repository';
import { assertYearOpen, badField, conflict, schoolFor } from '../structure/scope';
import { yearsRepository } from '../structure/years.repository';
import { PERSON_FIELDS, type PersonField, type PersonRow, peopleRepository as repo } from './people.repository';
import { requirePersonAccess } from './person-access';

export interface CardInput {
  lastName?: string;
  firstName?: string;
  middleName?: string | null;
  birthDate?: string | null;
  gender?: 'm' | 'f' | null;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  documents?: Record<string, string>;
  externalId?: string | null;
}

export interface CreatePersonInput extends CardInput {
  schoolId?: string;
  lastName: string;
  firstName: string;
  roles: Role[];
  /** a student: the class they join, from a date, by an order */
  classId?: string;
  enrollFrom?: string;
  arrivalOrder?: string | null;
  /** a parent: the children (students of the school) and who they are to them */
  childIds?: string[];
  relation?: string;
}

/** Trimmed text with single spaces; empty → null. */
const clean = (s: string | null | undefined) => {
  if (s === undefined) return undefined;
  const v = s?.trim().replace(/\s+/g, ' ');
  return v ? v : null;
};

function roleList(roles: Role[]) {
  return roles.map((r) => ROLE_NAMES_RU[r].toLowerCase()).join(', ');
}

export function makePeopleService(deps: Deps) {
  const { db, now } = deps;

  async function card(schoolId: string, p: PersonRow) {
    const f = (await repo.facts(db, [schoolId], p.id))!;
    const [account, stays, parents, children] = await Promise.all([
      p.account_id ? repo.account(db, p.account_id) : undefined,
      f.roles.includes('student') ? repo.stays(db, schoolId, p.id) : [],
      f.roles.includes('student') ? repo.parentsOf(db, schoolId, p.id) : [],
      f.roles.includes('parent') ? repo.childrenOf(db, schoolId, p.id) : [],
    ]);
    return {
      id: p.id,
      schoolId,
      name: fullName({ lastName: p.last_name, firstName: p.first_name, middleName: p.middle_name }),
      lastName: p.last_name,
      firstName: p.first_name,
      middleName: p.middle_name,
      birthDate: p.birth_date,
      gender: p.gender,
      email: p.email,
      phone: p.phone,
      address: p.address,
      documents: p.documents ?? {},
      externalId: p.external_id,
      roles: [...f.roles].sort(),
      account: account
        ? {
            login: account.login,
            blocked: account.blocked_at !== null,
            mustChangePassword: account.must_change_password,
            lastLoginAt: account.last_login_at ? account.last_login_at.toISOString() : null,
          }
        : null,
      stays: stays.map((s) => ({
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
      })),
      parents: parents.map((x) => ({ id: x.id, name: x.name, relation: x.relation, phone: x.phone, email: x.email })),
      children: children.map((x) => ({ id: x.id, name: x.name, relation: x.relation, className: x.class_name })),
      createdAt: p.created_at.toISOString(),
      updatedAt: p.updated_at.toISOString(),
    };
  }

  /** Refuses a second card of the same person (same name and birth date, or the same external id). */
  async function assertNoTwin(
    schoolId: string,
    p: { lastName: string; firstName: string; middleName: string | null; birthDate: string | null; externalId: string | null },
    except?: string,
  ) {
    const twins = (await repo.sameness(db, schoolId, p)).filter((x) => x.id !== except);
    if (twins.length) {
      const tw = twins[0];
      throw conflict(
        `Такой человек уже есть: ${tw.name}${tw.birth_date ? `, ${formatDateRu(tw.birth_date)}` : ''}${tw.roles.length ? ` (${roleList(tw.roles)})` : ''}`,
        { existingId: tw.id, field: p.externalId && twins.some((x) => x.id === tw.id) ? 'externalId' : 'lastName' },
      );
    }
  }

  async function getCard(actor: Actor, personId: string) {
    const f = await requirePersonAccess(db, actor, personId, 'read');
    const p = (await repo.person(db, f.school_id, personId))!;
    const result = await card(f.school_id, p);
    // [DOMAIN §1] every read of a student's personal card by staff is logged.
    const me = membershipIn(actor, f.school_id);
    if (f.roles.includes('student') && me && me.personId !== personId && STAFF_ROLES.some((r) => me.roles.has(r))) {
      await auditRepository.record(db, {
        schoolId: f.school_id,
        actorAccountId: actor.accountId,
        action: 'student.card_read',
        objectKind: 'person',
        objectId: personId,
        details: { name: result.name },
      });
    }
    return result;
  }

  async function getCardQuiet(schoolId: string, personId: string) {
    return card(schoolId, (await repo.person(db, schoolId, personId))!);
  }

  return {
    getCard,

    /** People for lists (names, roles, class, login status) — administration for the school, class staff for a class. */
    async list(
      actor: Actor,
      q: { schoolId?: string; role?: Role; classId?: string; q?: string; withLogin?: boolean; limit?: number; offset?: number },
    ) {
      let schoolId: string;
      if (q.classId) schoolId = (await requireAccess(db, actor, 'class.read', { classId: q.classId })).schoolId;
      else schoolId = schoolFor(actor, 'person.read', q.schoolId);
      const limit = q.limit ?? 100;
      const offset = q.offset ?? 0;
      const filter = { role: q.role, classId: q.classId, q: q.q?.trim() || undefined, withLogin: q.withLogin };
      const rows = await repo.list(db, schoolId, { ...filter, limit, offset });
      // A page past the end still says how many there are (the window count comes with the rows).
      const total = rows.length ? rows[0].total : offset > 0 ? await repo.count(db, schoolId, filter) : 0;
      return {
        total,
        items: rows.map((r) => ({
          id: r.id,
          name: fullName({ lastName: r.last_name, firstName: r.first_name, middleName: r.middle_name }),
          lastName: r.last_name,
          firstName: r.first_name,
          middleName: r.middle_name,
          roles: r.roles,
          className: r.class_name,
          login: r.login,
          hasLogin: r.login !== null,
          blocked: r.blocked,
        })),
      };
    },

    /**
     * Adds a person with roles [002 §4.6], [000 §4.1]: staff by the administrator; a student into a class
     * by its class teacher (or the administrator); a parent of given children by their class teacher.
     */
    async create(actor: Actor, input: CreatePersonInput) {
      const roles = [...new Set(input.roles)];
      let schoolId: string;
      if (input.classId) schoolId = (await requireAccess(db, actor, 'class.read', { classId: input.classId })).schoolId;
      else if (input.childIds?.length)
        schoolId = (await requireAccess(db, actor, 'student.card_edit', { studentId: input.childIds[0] })).schoolId;
      else schoolId = schoolFor(actor, 'school.manage', input.schoolId);
      if (input.schoolId && input.schoolId !== schoolId) throw badField('schoolId', 'Класс или дети из другой школы');
      const staffRoles = roles.filter((r) => STAFF_ROLES.includes(r));
      if (staffRoles.length) await requireAccess(db, actor, 'school.manage', { school: schoolId });
      if (roles.includes('student')) {
        if (input.classId) await requireAccess(db, actor, 'class.manage', { classId: input.classId });
        else await requireAccess(db, actor, 'school.manage', { school: schoolId });
      } else if (input.classId) throw badField('classId', 'Класс указывается только для ученика');
      if (roles.includes('parent')) {
        if (input.childIds?.length) for (const c of input.childIds) await requireAccess(db, actor, 'student.card_edit', { studentId: c });
        else await requireAccess(db, actor, 'school.manage', { school: schoolId });
      } else if (input.childIds?.length) throw badField('childIds', 'Дети указываются только для родителя');

      const p = {
        lastName: clean(input.lastName)!,
        firstName: clean(input.firstName)!,
        middleName: clean(input.middleName) ?? null,
        birthDate: input.birthDate ?? null,
        gender: input.gender ?? null,
        email: clean(input.email) ?? null,
        phone: clean(input.phone) ?? null,
        address: clean(input.address) ?? null,
        documents: input.documents ?? {},
        externalId: clean(input.externalId) ?? null,
      };
      if (!p.lastName) throw badField('lastName', 'Укажите фамилию');
      if (!p.firstName) throw badField('firstName', 'Укажите имя');
      await assertNoTwin(schoolId, p);

      let stay: { classId: string; fromDate: string; kind: string } | null = null;
      if (input.classId) {
        const cls = (await classesRepository.classIn(db, [schoolId], input.classId))!;
        assertYearOpen({ status: cls.year_status, name: cls.year_name, closed_at: cls.year_closed_at });
        const today = calendarDateIn(now(), await yearsRepository.schoolTimeZone(db, schoolId));
        const from = input.enrollFrom ?? laterDate(today, cls.year_starts_on);
        if (!isWithin(from, { startsOn: cls.year_starts_on, endsOn: cls.year_ends_on }))
          throw badField('enrollFrom', `Дата зачисления ${formatDateRu(from)} вне учебного года «${cls.year_name}»`);
        stay = { classId: cls.id, fromDate: from, kind: from <= cls.year_starts_on && !input.arrivalOrder ? 'initial' : 'arrival' };
      }

      const id = await db.tx(async (tx) => {
        const personId = await repo.insertPerson(tx, schoolId, p);
        await repo.addRoles(tx, schoolId, personId, roles);
        if (stay)
          await repo.insertStay(tx, schoolId, {
            studentId: personId,
            classId: stay.classId,
            fromDate: stay.fromDate,
            kind: stay.kind,
            order: clean(input.arrivalOrder) ?? null,
          });
        for (const c of input.childIds ?? []) await repo.linkParent(tx, schoolId, personId, c, input.relation?.trim() || 'parent');
        await auditRepository.record(tx, {
          schoolId,
          actorAccountId: actor.accountId,
          action: 'person.create',
          objectKind: 'person',
          objectId: personId,
          details: { name: fullName(p), roles, classId: input.classId ?? null, childIds: input.childIds ?? [] },
        });
        return personId;
      });
      return card(schoolId, (await repo.person(db, schoolId, id))!);
    },

    /** [000 §4.1], [004 class teacher] edits card data; every change is audited with old and new values. */
    async update(actor: Actor, personId: string, input: CardInput) {
      const f = await requirePersonAccess(db, actor, personId, 'edit');
      const cur = (await repo.person(db, f.school_id, personId))!;
      const next: Partial<Record<PersonField, unknown>> = {};
      const old: Record<string, unknown> = {};
      const curValue: Record<PersonField, unknown> = {
        lastName: cur.last_name,
        firstName: cur.first_name,
        middleName: cur.middle_name,
        birthDate: cur.birth_date,
        gender: cur.gender,
        email: cur.email,
        phone: cur.phone,
        address: cur.address,
        documents: cur.documents ?? {},
        externalId: cur.external_id,
      };
      for (const k of PERSON_FIELDS) {
        if (input[k] === undefined) continue;
        const v = k === 'documents' || k === 'birthDate' || k === 'gender' ? input[k] : clean(input[k] as string | null);
        if ((k === 'lastName' || k === 'firstName') && !v)
          throw badField(k, k === 'lastName' ? 'Фамилия не может быть пустой' : 'Имя не может быть пустым');
        if (JSON.stringify(v ?? null) === JSON.stringify(curValue[k] ?? null)) continue;
        next[k] = v ?? null;
        old[k] = curValue[k];
      }
      if (Object.keys(next).length === 0) return card(f.school_id, cur);
      const merged = { ...curValue, ...next } as Record<PersonField, string | null>;
      await assertNoTwin(
        f.school_id,
        {
          lastName: merged.lastName!,
          firstName: merged.firstName!,
          middleName: merged.middleName,
          birthDate: merged.birthDate,
          externalId: merged.externalId,
        },
        personId,
      );
      await db.tx(async (tx) => {
        await repo.updatePerson(tx, f.school_id, personId, next);
        // Document numbers are personal data: the audit keeps that they changed, not their values.
        const redact = (o: Record<string, unknown>) => ('documents' in o ? { ...o, documents: '(изменены)' } : o);
        await auditRepository.record(tx, {
          schoolId: f.school_id,
          actorAccountId: actor.accountId,
          action: 'person.update',
          objectKind: 'person',
          objectId: personId,
          details: { fields: Object.keys(next), old: redact(old), new: redact(next as Record<string, unknown>) },
        });
      });
      return card(f.school_id, (await repo.person(db, f.school_id, personId))!);
    },

    /** Roles (rights) of a person: the administrator only; audited. Nobody removes their own administrator role. */
    async setRoles(actor: Actor, personId: string, roles: Role[]) {
      const f = await requirePersonAccess(db, actor, personId, 'read');
      await requireAccess(db, actor, 'school.manage', { school: f.school_id });
      const want = [...new Set(roles)];
      const add = want.filter((r) => !f.roles.includes(r));
      const remove = f.roles.filter((r) => !want.includes(r));
      if (remove.includes('administrator') && membershipIn(actor, f.school_id)?.personId === personId)
        throw badField('roles', 'Нельзя снять роль администратора с самого себя');
      if (remove.includes('student') && f.class_ids.length)
        throw conflict('Ученик числится в классе: сначала оформите выбытие', { field: 'roles' });
      if (remove.includes('teacher')) {
        const use = await repo.teacherUse(db, f.school_id, personId);
        if (use.pages || use.classes)
          throw conflict(`Учитель ведёт страницы журнала (${use.pages}) или классное руководство (${use.classes}): сначала передайте их`, {
            field: 'roles',
          });
      }
      if (add.length || remove.length)
        await db.tx(async (tx) => {
          await repo.addRoles(tx, f.school_id, personId, add);
          await repo.removeRoles(tx, f.school_id, personId, remove);
          await auditRepository.record(tx, {
            schoolId: f.school_id,
            actorAccountId: actor.accountId,
            action: 'membership.change',
            objectKind: 'person',
            objectId: personId,
            details: { old: f.roles, new: want, added: add, removed: remove },
          });
        });
      return getCardQuiet(f.school_id, personId);
    },

    /** [000 §4.1] links a parent (legal representative) to a student; audited. */
    async linkParent(actor: Actor, studentId: string, input: { parentId: string; relation?: string }) {
      const f = await requirePersonAccess(db, actor, studentId, 'edit');
      if (!f.roles.includes('student')) throw notFound('Ученик');
      const pf = await repo.facts(db, [f.school_id], input.parentId);
      if (!pf) throw badField('parentId', 'Родитель не найден в этой школе');
      if (!pf.roles.includes('parent')) throw badField('parentId', 'У этого человека нет роли «родитель»');
      if (input.parentId === studentId) throw badField('parentId', 'Ученик не может быть своим родителем');
      const relation = input.relation?.trim() || 'parent';
      await db.tx(async (tx) => {
        if (await repo.linkParent(tx, f.school_id, input.parentId, studentId, relation))
          await auditRepository.record(tx, {
            schoolId: f.school_id,
            actorAccountId: actor.accountId,
            action: 'parent_link.add',
            objectKind: 'person',
            objectId: studentId,
            details: { parentId: input.parentId, relation },
          });
      });
      return (await repo.parentsOf(db, f.school_id, studentId)).map((x) => ({
        id: x.id,
        name: x.name,
        relation: x.relation,
        phone: x.phone,
        email: x.email,
      }));
    },

    async unlinkParent(actor: Actor, studentId: string, parentId: string) {
      const f = await requirePersonAccess(db, actor, studentId, 'edit');
      await db.tx(async (tx) => {
        if (!(await repo.unlinkParent(tx, f.school_id, parentId, studentId))) throw notFound('Связь с родителем');
        await auditRepository.record(tx, {
          schoolId: f.school_id,
          actorAccountId: actor.accountId,
          action: 'parent_link.remove',
          objectKind: 'person',
          objectId: studentId,
          details: { parentId },
        });
      });
      return (await repo.parentsOf(db, f.school_id, studentId)).map((x) => ({
        id: x.id,
        name: x.name,
        relation: x.relation,
        phone: x.phone,
        email: x.email,
      }));
    },
  };
}
