import { createHash, randomUUID } from 'node:crypto';
import { calendarDateIn, formatDateRu, type PeriodScheme } from '../../domain/calendar';
import type { Actor, Role } from '../../domain/policy';
import { STAFF_ROLES } from '../../domain/policy';
import {
  className,
  earlierDate,
  fullName,
  laterDate,
  parseClassName,
  parseDateRu,
  personKey,
  schemeForGrade,
} from '../../domain/school-structure';
import type { Deps } from '../../server/context';
import { AppError, notFound } from '../../server/errors';
import { requireAccess } from '../access/access.service';
import { auditRepository } from '../audit/audit.repository';
import { classesRepository } from '../structure/classes.repository';
import { assertYearOpen, schoolFor, schoolIdsOf, type YearRow } from '../structure/scope';
import { yearsRepository } from '../structure/years.repository';
import { DOC_NAMES, type Field, type ImportKind, mapColumns, parseGender, parseRoles, parseScheme, splitFullName } from './import.columns';
import { parseTable } from './import.parse';
import { type ExistingPerson, type PersonInsert, importRepository as repo } from './import.repository';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export interface ImportInput {
  schoolId?: string;
  yearId?: string;
  kind: ImportKind;
  fileName?: string;
  /** the file's bytes, base64 */
  contentBase64: string;
}

export interface ImportProblem {
  /** the row of the file (as the user sees it: the header is row 1); null for the whole file */
  row: number | null;
  column: string | null;
  severity: 'error' | 'warning';
  message: string;
}

export interface ImportRow {
  row: number;
  action: 'create' | 'update' | 'unchanged' | 'error';
  name: string;
  changes: string[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CHANGE_NAMES: Record<string, string> = {
  middleName: 'отчество',
  birthDate: 'дата рождения',
  gender: 'пол',
  phone: 'телефон',
  email: 'эл. почта',
  address: 'адрес',
  documents: 'документы',
  externalId: 'внешний id',
  role: 'роль',
  class: 'класс',
  link: 'связь с ребёнком',
  classTeacher: 'классный руководитель',
  scheme: 'схема периодов',
};

/** What a commit will write, built in memory from the file and the school's data. */
interface Plan {
  inserts: PersonInsert[];
  updates: Omit<PersonInsert, 'lastName' | 'firstName'>[];
  memberships: { personId: string; role: Role }[];
  stays: { studentId: string; classId: string; fromDate: string; kind: string; order: string | null }[];
  links: { parentId: string; studentId: string; relation: string }[];
  classInserts: { grade: number; letter: string; scheme: string; classTeacherId: string | null }[];
  classUpdates: { id: string; scheme: string; classTeacherId: string | null }[];
}

const nameKey = (p: { lastName: string; firstName: string; middleName?: string | null }) => personKey({ ...p, birthDate: null });

export function makeImportService(deps: Deps) {
  const { db, now } = deps;

  async function build(actor: Actor, input: ImportInput) {
    const schoolId = input.yearId ? await schoolOfYear(actor, input.yearId) : schoolFor(actor, 'school.manage', input.schoolId);
    await requireAccess(db, actor, 'school.manage', { school: schoolId });
    const year = input.yearId
      ? await yearsRepository.yearIn(db, [schoolId], input.yearId)
      : await yearsRepository.currentYear(db, schoolId);
    if (!year) throw new AppError('school.conflict', 'В школе нет текущего учебного года: сначала откройте год', { field: 'yearId' });
    assertYearOpen(year);
    const b64 = input.contentBase64.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64))
      throw new AppError('import.invalid', 'Файл передан неверно: contentBase64 должно быть в кодировке Base64', {
        fields: [{ field: 'contentBase64', message: 'не Base64' }],
      });
    const bytes = Buffer.from(b64, 'base64');
    if (bytes.length > MAX_IMPORT_BYTES) throw new AppError('request.too_large', 'Файл больше 20 МБ');
    const table = await parseTable(bytes);
    const cols = mapColumns(input.kind, table.headers);
    const problems: ImportProblem[] = [];
    const rows: ImportRow[] = [];
    const plan: Plan = { inserts: [], updates: [], memberships: [], stays: [], links: [], classInserts: [], classUpdates: [] };
    if (cols.ignored.length)
      problems.push({
        row: 1,
        column: null,
        severity: 'warning',
        message: `Колонки не распознаны и не будут загружены: ${cols.ignored.map((c) => `«${c}»`).join(', ')}`,
      });
    if (cols.duplicated.length)
      problems.push({
        row: 1,
        column: null,
        severity: 'warning',
        message: `Повторные колонки не учитываются: ${cols.duplicated.map((c) => `«${c}»`).join(', ')}`,
      });
    const header = (f: Field) => (cols.index[f] !== undefined ? table.headers[cols.index[f]!] : f);
    const cell = (cells: string[], f: Field) => (cols.index[f] !== undefined ? (cells[cols.index[f]!] ?? '').trim() : '');
    const has = (f: Field) => cols.index[f] !== undefined;
    const fileError = (message: string) => problems.push({ row: 1, column: null, severity: 'error', message });

    const ctx = { schoolId, year, problems, rows, plan, cell, has, header, table };
    const hasNames = has('fullName') || (has('lastName') && has('firstName'));
    if (input.kind !== 'classes' && !hasNames) fileError('Нет колонок «Фамилия» и «Имя» (или «ФИО»)');
    if (input.kind === 'students') {
      if (!has('className')) fileError('Нет колонки «Класс»');
      if (!has('birthDate') && !has('externalId'))
        fileError('Нет колонки «Дата рождения» (или «ID»): по ним ученик находится при повторной загрузке');
    }
    if (input.kind === 'parents' && !has('childExternalId') && !has('childFullName'))
      fileError('Нет колонки «Ребёнок» (ФИО ребёнка) или «ID ребёнка»');
    if (input.kind === 'classes' && !has('className') && !(has('grade') && has('letter')))
      fileError('Нет колонки «Класс» (или «Параллель» и «Буква»)');
    if (input.kind === 'staff' && !has('roles'))
      problems.push({
        row: 1,
        column: null,
        severity: 'warning',
        message: 'Нет колонки «Роль»: все сотрудники будут загружены как учителя',
      });
    if (!problems.some((p) => p.severity === 'error')) {
      if (input.kind === 'classes') await planClasses(ctx);
      else await planPeople(ctx, input.kind);
    }
    const count = (a: ImportRow['action']) => rows.filter((r) => r.action === a).length;
    return {
      schoolId,
      year,
      plan,
      bytes,
      result: {
        kind: input.kind,
        fileName: input.fileName ?? null,
        format: table.format,
        encoding: table.encoding,
        delimiter: table.delimiter,
        totalRows: table.rows.length,
        columns: { recognized: cols.recognized, ignored: cols.ignored },
        summary: { create: count('create'), update: count('update'), unchanged: count('unchanged'), errors: count('error') },
        canCommit: !problems.some((p) => p.severity === 'error'),
        problems,
        rows,
      },
    };
  }

  async function schoolOfYear(actor: Actor, yearId: string) {
    const y = await yearsRepository.yearIn(db, schoolIdsOf(actor), yearId);
    if (!y) throw notFound('Учебный год');
    return y.school_id;
  }

  type Ctx = {
    schoolId: string;
    year: YearRow;
    problems: ImportProblem[];
    rows: ImportRow[];
    plan: Plan;
    cell: (cells: string[], f: Field) => string;
    has: (f: Field) => boolean;
    header: (f: Field) => string;
    table: Awaited<ReturnType<typeof parseTable>>;
  };

  /** Students, parents, staff: match each row to a person (external id, or name + birth date), or plan a new one. */
  async function planPeople(ctx: Ctx, kind: Exclude<ImportKind, 'classes'>) {
    const { schoolId, year, problems, rows, plan, cell, has, header } = ctx;
    const [people, links, classes] = await Promise.all([
      repo.people(db, schoolId),
      repo.parentLinks(db, schoolId),
      classesRepository.classesOfYear(db, schoolId, year.id),
    ]);
    const byId = new Map(people.map((p) => [p.id, p]));
    const byExternal = new Map(people.filter((p) => p.external_id).map((p) => [p.external_id!, p]));
    const byKey = new Map<string, ExistingPerson[]>();
    const byName = new Map<string, ExistingPerson[]>();
    for (const p of people) {
      const n = { lastName: p.last_name, firstName: p.first_name, middleName: p.middle_name };
      if (p.birth_date)
        byKey.set(personKey({ ...n, birthDate: p.birth_date }), [...(byKey.get(personKey({ ...n, birthDate: p.birth_date })) ?? []), p]);
      byName.set(nameKey(n), [...(byName.get(nameKey(n)) ?? []), p]);
    }
    const classByName = new Map(classes.map((c) => [c.name, c]));
    const linked = new Set(links.map((l) => `${l.parent_id}|${l.student_id}`));
    const parentsOfChild = new Map<string, string[]>();
    for (const l of links) parentsOfChild.set(l.student_id, [...(parentsOfChild.get(l.student_id) ?? []), l.parent_id]);
    const today = calendarDateIn(now(), await yearsRepository.schoolTimeZone(db, schoolId));
    const defaultFrom = earlierDate(laterDate(today, year.starts_on), year.ends_on);

    /** Planned people of this file by key: a later row naming the same person refers to the same one. */
    const seen = new Map<string, { row: number; id: string; isNew: boolean; children: Set<string> }>();
    const newRole = new Set<string>();

    for (const r of ctx.table.rows) {
      const err = (column: string | null, message: string) => problems.push({ row: r.line, column, severity: 'error', message });
      const before = problems.length;
      const c = (f: Field) => cell(r.cells, f);
      // names
      let lastName = c('lastName');
      let firstName = c('firstName');
      let middleName: string | null = c('middleName') || null;
      if ((!lastName || !firstName) && c('fullName')) {
        const parts = splitFullName(c('fullName'));
        if (!parts) err(header('fullName'), `ФИО «${c('fullName')}»: нужны хотя бы фамилия и имя`);
        else
          ({ lastName, firstName, middleName } = {
            lastName: lastName || parts.lastName,
            firstName: firstName || parts.firstName,
            middleName: middleName ?? parts.middleName,
          });
      }
      if (!lastName) err(has('lastName') ? header('lastName') : header('fullName'), 'Не указана фамилия');
      if (!firstName) err(has('firstName') ? header('firstName') : header('fullName'), 'Не указано имя');
      const name = fullName({ lastName, firstName, middleName });
      // card fields
      let birthDate: string | null = null;
      if (c('birthDate')) {
        birthDate = parseDateRu(c('birthDate'));
        if (!birthDate) err(header('birthDate'), `Неверная дата рождения «${c('birthDate')}» (ожидается ДД.ММ.ГГГГ)`);
        else if (birthDate > today) err(header('birthDate'), `Дата рождения ${formatDateRu(birthDate)} в будущем`);
      }
      const gender = parseGender(c('gender'));
      if (gender === 'bad') err(header('gender'), `Пол «${c('gender')}»: ожидается «м» или «ж»`);
      const email = c('email') || null;
      if (email && !EMAIL.test(email)) err(header('email'), `Неверный адрес эл. почты «${email}»`);
      const externalId = c('externalId') || null;
      const documents: Record<string, string> = {};
      for (const f of Object.keys(DOC_NAMES) as Field[]) if (c(f)) documents[DOC_NAMES[f]] = c(f);
      const card = {
        middleName,
        birthDate,
        gender: gender === 'bad' ? null : gender,
        phone: c('phone') || null,
        email,
        address: c('address') || null,
        documents,
        externalId,
      };

      // what the row is about, per kind
      let classId: string | null = null;
      let fromDate = defaultFrom;
      let roles: Role[] = [];
      let child: ExistingPerson | undefined;
      if (kind === 'students') {
        roles = ['student'];
        if (!birthDate && !externalId && !problems.slice(before).some((p) => p.column === header('birthDate')))
          err(header('birthDate'), 'Не указана дата рождения: по ней ученик находится при повторной загрузке');
        const raw = c('className');
        const parsed = raw ? parseClassName(raw) : null;
        if (!raw) err(header('className'), 'Не указан класс');
        else if (!parsed) err(header('className'), `«${raw}» — не класс (ожидается, например, «5А»)`);
        else {
          const cls = classByName.get(className(parsed.grade, parsed.letter));
          if (!cls)
            err(
              header('className'),
              `Класс ${className(parsed.grade, parsed.letter)} не найден в учебном году «${year.name}»: сначала загрузите классы`,
            );
          else classId = cls.id;
        }
        if (c('enrollFrom')) {
          const d = parseDateRu(c('enrollFrom'));
          if (!d) err(header('enrollFrom'), `Неверная дата зачисления «${c('enrollFrom')}»`);
          else if (d < year.starts_on || d > year.ends_on)
            err(header('enrollFrom'), `Дата зачисления ${formatDateRu(d)} вне учебного года «${year.name}»`);
          else fromDate = d;
        }
      } else if (kind === 'parents') {
        roles = ['parent'];
        const cext = c('childExternalId');
        const cname = c('childFullName');
        if (cext) {
          child = byExternal.get(cext);
          if (!child) err(header('childExternalId'), `Ребёнок с ID «${cext}» не найден: сначала загрузите учеников`);
        } else if (cname) {
          const parts = splitFullName(cname);
          const cbd = c('childBirthDate') ? parseDateRu(c('childBirthDate')) : null;
          if (c('childBirthDate') && !cbd) err(header('childBirthDate'), `Неверная дата рождения ребёнка «${c('childBirthDate')}»`);
          if (!parts) err(header('childFullName'), `ФИО ребёнка «${cname}»: нужны хотя бы фамилия и имя`);
          else {
            const found =
              (cbd ? byKey.get(personKey({ ...parts, birthDate: cbd })) : byName.get(nameKey(parts)))?.filter((p) =>
                p.roles.includes('student'),
              ) ?? [];
            if (found.length === 0) err(header('childFullName'), `Ребёнок «${cname}» не найден среди учеников: сначала загрузите учеников`);
            else if (found.length > 1)
              err(header('childFullName'), `Учеников «${cname}» несколько: укажите дату рождения ребёнка или его ID`);
            else child = found[0];
          }
        } else err(has('childExternalId') ? header('childExternalId') : header('childFullName'), 'Не указан ребёнок');
      } else {
        if (has('roles')) {
          const parsed = parseRoles(c('roles'));
          if (!c('roles')) err(header('roles'), 'Не указана роль');
          else if (parsed.unknown.length) err(header('roles'), `Неизвестная роль: «${parsed.unknown.join('», «')}»`);
          roles = parsed.roles;
        } else roles = ['teacher'];
      }
      if (problems.length > before) {
        rows.push({ row: r.line, action: 'error', name: name || '—', changes: [] });
        continue;
      }

      // the same person twice in the file
      const key = externalId
        ? `ext:${externalId}`
        : birthDate
          ? personKey({ lastName, firstName, middleName, birthDate })
          : `name:${nameKey({ lastName, firstName, middleName })}`;
      const prior = seen.get(key);
      if (prior && !(kind === 'parents' && child && !prior.children.has(child.id))) {
        err(null, `Повтор: ${name} уже есть в строке ${prior.row}`);
        rows.push({ row: r.line, action: 'error', name, changes: [] });
        continue;
      }

      // match with the school's people
      let match: ExistingPerson | undefined;
      const planned = prior;
      if (!planned) {
        if (externalId) match = byExternal.get(externalId);
        if (!match && birthDate) {
          const found = byKey.get(personKey({ lastName, firstName, middleName, birthDate })) ?? [];
          if (found.length > 1) {
            err(null, `В школе несколько человек «${name}», ${formatDateRu(birthDate)}: укажите ID`);
            rows.push({ row: r.line, action: 'error', name, changes: [] });
            continue;
          }
          match = found[0];
        }
        if (!match && !birthDate && !externalId) {
          // Without a birth date: a parent already linked to this child, or the only staff member of that name.
          const same = byName.get(nameKey({ lastName, firstName, middleName })) ?? [];
          const candidates =
            kind === 'parents' && child
              ? same.filter((p) => (parentsOfChild.get(child!.id) ?? []).includes(p.id))
              : kind === 'staff'
                ? same.filter((p) => p.roles.some((x) => STAFF_ROLES.includes(x)))
                : [];
          if (candidates.length > 1) {
            err(null, `В школе несколько человек «${name}»: укажите дату рождения или ID`);
            rows.push({ row: r.line, action: 'error', name, changes: [] });
            continue;
          }
          match = candidates[0];
        }
        if (match && externalId && match.external_id && match.external_id !== externalId) {
          err(header('externalId'), `${name} уже записан(а) с другим ID «${match.external_id}»`);
          rows.push({ row: r.line, action: 'error', name, changes: [] });
          continue;
        }
      }

      const changes: string[] = [];
      let personId: string;
      let isNew = false;
      if (planned) {
        personId = planned.id;
        isNew = planned.isNew;
      } else if (match) {
        personId = match.id;
        const upd = {
          id: match.id,
          middleName: card.middleName && card.middleName !== match.middle_name ? card.middleName : null,
          birthDate: card.birthDate && !match.birth_date ? card.birthDate : null,
          gender: card.gender && card.gender !== match.gender ? card.gender : null,
          phone: card.phone && card.phone !== match.phone ? card.phone : null,
          email: card.email && card.email !== match.email ? card.email : null,
          address: card.address && card.address !== match.address ? card.address : null,
          documents: Object.fromEntries(Object.entries(card.documents).filter(([k, v]) => match!.documents?.[k] !== v)),
          externalId: card.externalId && !match.external_id ? card.externalId : null,
        };
        for (const [k, v] of Object.entries(upd))
          if (k !== 'id' && (k === 'documents' ? Object.keys(v as object).length > 0 : v !== null)) changes.push(CHANGE_NAMES[k]);
        if (changes.length) plan.updates.push(upd);
        for (const role of roles)
          if (!match.roles.includes(role) && !newRole.has(`${match.id}|${role}`)) {
            plan.memberships.push({ personId: match.id, role });
            newRole.add(`${match.id}|${role}`);
            changes.push(`${CHANGE_NAMES.role}: ${role}`);
          }
      } else {
        personId = randomUUID();
        isNew = true;
        plan.inserts.push({ id: personId, lastName, firstName, ...card });
        for (const role of roles) plan.memberships.push({ personId, role });
      }

      // class (students) and link to the child (parents)
      if (kind === 'students' && classId) {
        const open = match ? byId.get(match.id)?.open_class_id : null;
        if (open && open !== classId) {
          const where = [...classByName.values()].find((x) => x.id === open)?.name ?? 'другом классе';
          err(
            header('className'),
            `${name} уже числится в классе ${where}: ученик не может быть в двух классах одновременно — оформите перевод`,
          );
          rows.push({ row: r.line, action: 'error', name, changes: [] });
          continue;
        }
        if (!open) {
          plan.stays.push({
            studentId: personId,
            classId,
            fromDate,
            kind: fromDate <= year.starts_on && !c('order') ? 'initial' : 'arrival',
            order: c('order') || null,
          });
          if (!isNew) changes.push(CHANGE_NAMES.class);
        }
      }
      if (kind === 'parents' && child) {
        if (!linked.has(`${personId}|${child.id}`)) {
          plan.links.push({ parentId: personId, studentId: child.id, relation: c('relation') || 'parent' });
          linked.add(`${personId}|${child.id}`);
          if (!isNew || planned) changes.push(CHANGE_NAMES.link);
        }
      }
      const entry = planned ?? { row: r.line, id: personId, isNew, children: new Set<string>() };
      if (child) entry.children.add(child.id);
      seen.set(key, entry);
      rows.push({ row: r.line, action: isNew && !planned ? 'create' : changes.length ? 'update' : 'unchanged', name, changes });
    }
  }

  /** Classes of the year: «5А» (or grade + letter), optional class teacher (by name) and period scheme. */
  async function planClasses(ctx: Ctx) {
    const { schoolId, year, problems, rows, plan, cell, has, header } = ctx;
    const [classes, people] = await Promise.all([classesRepository.classesOfYear(db, schoolId, year.id), repo.people(db, schoolId)]);
    const existing = new Map(classes.map((c) => [c.name, c]));
    const teachers = people.filter((p) => p.roles.includes('teacher'));
    const seen = new Map<string, number>();
    for (const r of ctx.table.rows) {
      const err = (column: string | null, message: string) => problems.push({ row: r.line, column, severity: 'error', message });
      const before = problems.length;
      const c = (f: Field) => cell(r.cells, f);
      const raw = has('className') && c('className') ? c('className') : `${c('grade')}${c('letter')}`;
      const parsed = parseClassName(raw);
      if (!raw) err(header('className'), 'Не указан класс');
      else if (!parsed) err(header('className'), `«${raw}» — не класс (ожидается параллель 1–11 и буква, например «5А»)`);
      const scheme = parseScheme(c('scheme'));
      if (scheme === 'bad') err(header('scheme'), `Схема периодов «${c('scheme')}»: ожидается «четверти», «полугодия» или «триместры»`);
      let teacherId: string | null = null;
      if (c('classTeacher')) {
        const t = c('classTeacher');
        const found = teachers.filter((p) => matchesTeacher(t, p));
        if (found.length === 0) err(header('classTeacher'), `Учитель «${t}» не найден: сначала загрузите сотрудников`);
        else if (found.length > 1) err(header('classTeacher'), `Учителей «${t}» несколько: укажите полное ФИО`);
        else teacherId = found[0].id;
      }
      const name = parsed ? className(parsed.grade, parsed.letter) : raw || '—';
      if (parsed && seen.has(name)) err(header('className'), `Повтор: класс ${name} уже есть в строке ${seen.get(name)}`);
      if (problems.length > before || !parsed) {
        rows.push({ row: r.line, action: 'error', name, changes: [] });
        continue;
      }
      seen.set(name, r.line);
      const ex = existing.get(name);
      const wantScheme: PeriodScheme =
        (scheme as PeriodScheme | null) ?? ex?.period_scheme ?? schemeForGrade(parsed.grade, year.grade_schemes);
      if (!ex) {
        plan.classInserts.push({ grade: parsed.grade, letter: parsed.letter, scheme: wantScheme, classTeacherId: teacherId });
        rows.push({ row: r.line, action: 'create', name, changes: [] });
        continue;
      }
      const changes: string[] = [];
      if (teacherId && teacherId !== ex.class_teacher_id) changes.push(CHANGE_NAMES.classTeacher);
      if (wantScheme !== ex.period_scheme) changes.push(CHANGE_NAMES.scheme);
      if (changes.length) plan.classUpdates.push({ id: ex.id, scheme: wantScheme, classTeacherId: teacherId ?? ex.class_teacher_id });
      rows.push({ row: r.line, action: changes.length ? 'update' : 'unchanged', name, changes });
    }
  }

  return {
    /** Shows what the file would do, row by row, with every problem — nothing is written. */
    async preview(actor: Actor, input: ImportInput) {
      return (await build(actor, input)).result;
    },

    /**
     * Applies the file all or nothing, in one transaction with multi-row statements: any error in any
     * row refuses the whole file (400 with the problems). Re-importing the same file changes nothing.
     */
    async commit(actor: Actor, input: ImportInput) {
      const { schoolId, year, plan, bytes, result } = await build(actor, input);
      if (!result.canCommit) {
        const errs = result.problems.filter((p) => p.severity === 'error');
        throw new AppError(
          'import.invalid',
          `Файл не загружен: ошибок ${errs.length}. ${errs[0].row ? `Строка ${errs[0].row}: ` : ''}${errs[0].message}`,
          {
            problems: result.problems,
            summary: result.summary,
          },
        );
      }
      const created = new Set(plan.inserts.map((p) => p.id));
      await db.tx(async (tx) => {
        await repo.insertPersons(tx, schoolId, plan.inserts);
        if (plan.inserts.length > 500) await repo.refreshStatistics(tx);
        await repo.updatePersons(tx, schoolId, plan.updates);
        await repo.insertMemberships(tx, schoolId, plan.memberships);
        await repo.insertStays(tx, schoolId, plan.stays);
        await repo.upsertParentLinks(tx, schoolId, plan.links);
        await repo.insertClasses(tx, schoolId, year.id, plan.classInserts);
        await repo.updateClasses(tx, schoolId, plan.classUpdates);
        // [DOMAIN §1] every change to people and rights is recorded: one entry naming everyone created or changed.
        await auditRepository.record(tx, {
          schoolId,
          actorAccountId: actor.accountId,
          action: 'import.commit',
          objectKind: 'import',
          objectId: createHash('sha256').update(bytes).digest('hex'),
          details: {
            kind: input.kind,
            fileName: input.fileName ?? null,
            summary: result.summary,
            created: [...created],
            updated: [...new Set([...plan.updates.map((u) => u.id), ...plan.memberships.map((m) => m.personId)])].filter(
              (id) => !created.has(id),
            ),
            roles: plan.memberships,
            enrolled: plan.stays.length,
            linked: plan.links.length,
            classes: plan.classInserts.length + plan.classUpdates.length,
          },
        });
      });
      return { ...result, committed: true };
    },
  };
}

/** «Иванова Анна Петровна», «Иванова А.П.», «Иванова Анна» → does it name this teacher? */
function matchesTeacher(text: string, p: ExistingPerson): boolean {
  const norm = (s: string | null) => (s ?? '').toLowerCase().replace(/ё/g, 'е').trim();
  const parts = text.replace(/\./g, '. ').split(/\s+/).filter(Boolean).map(norm);
  if (parts[0] !== norm(p.last_name)) return false;
  const rest = parts.slice(1);
  if (rest.length === 0) return true;
  const [f, m] = rest;
  const okFirst = f.endsWith('.') ? norm(p.first_name).startsWith(f.slice(0, -1)) : f === norm(p.first_name);
  if (!okFirst) return false;
  if (!m) return true;
  return m.endsWith('.') ? norm(p.middle_name).startsWith(m.slice(0, -1)) : m === norm(p.middle_name);
}
