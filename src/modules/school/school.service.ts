import { membershipIn } from '../../domain/policy';
import {
  DEFAULT_SCHOOL_SETTINGS,
  resolveSettings,
  type SchoolSettings,
  type SchoolSettingsInput,
  schoolSettingsInputSchema,
} from '../../domain/school-settings';
import { WORK_TYPE_INFO, WORK_TYPES } from '../../domain/work-types';
import type { Deps, SessionActor } from '../../server/context';
import { AppError } from '../../server/errors';
import { requireAccess } from '../access/access.service';
import { auditRepository } from '../audit/audit.repository';
import { badField, schoolFor } from '../structure/scope';
import { schoolRepository as repo, type SchoolCardRow } from './school.repository';

/** What the administrator may change on the school's card [004 admin]; every field is optional. */
export interface SchoolCardInput {
  schoolId?: string;
  name?: string;
  shortName?: string;
  directorName?: string | null;
  timeZone?: string;
  settings?: SchoolSettingsInput;
}

/** An IANA time zone the runtime knows (the school's day, deadlines and locks are counted in it). */
function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The stored settings as far as they are still valid: a value written by an older version is dropped, not fatal. */
function storedSettings(raw: Record<string, unknown>): SchoolSettingsInput {
  const parsed = schoolSettingsInputSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (schoolSettingsInputSchema.safeParse({ [k]: v }).success) kept[k] = v;
  return kept as SchoolSettingsInput;
}

/** JSON with object keys sorted: the same work-type map in another order is the same setting. */
const canonical = (v: unknown): string =>
  JSON.stringify(v ?? null, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x,
  );

function cardView(c: SchoolCardRow) {
  const stored = storedSettings(c.settings);
  return {
    id: c.id,
    name: c.name,
    shortName: c.short_name,
    directorName: c.director_name,
    timeZone: c.time_zone,
    settings: resolveSettings(stored),
    /** What the school changed (the rest follows the defaults). */
    overrides: stored,
    defaults: { ...DEFAULT_SCHOOL_SETTINGS, weights: {}, deadlines: {} } as SchoolSettings,
    workTypes: WORK_TYPES.map((code) => ({ ...WORK_TYPE_INFO[code] })),
  };
}

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

    /**
     * The school's card and settings [DOMAIN intro], [004 admin]: name, director (printed on the journal's
     * title and certification pages [002 §4.1]), time zone, the settings in force and their defaults.
     * Staff of the school read it; a school the actor is not in answers 404.
     */
    async getSchoolCard(actor: SessionActor, schoolId?: string) {
      const id = schoolFor(actor, 'school.read', schoolId);
      const c = await repo.card(db, id);
      if (!c) throw new AppError('not_found', 'Школа: не найдено');
      return cardView(c);
    },

    /**
     * [004 admin] the administrator changes the school's card and settings. Settings merge into what is stored
     * (a work-type map sent replaces the stored one); the change is audited with the old and new values.
     * Averages, deadlines and locks follow at once: the write bumps the school's read caches (the route's
     * default `changes`, src/server/freshness.ts), so no journal page or diary is served with the old rule.
     */
    async updateSchoolCard(actor: SessionActor, input: SchoolCardInput) {
      const id = schoolFor(actor, 'school.manage', input.schoolId);
      const name = input.name?.trim();
      const shortName = input.shortName?.trim();
      if (input.name !== undefined && !name) throw badField('name', 'Укажите полное название школы');
      if (input.shortName !== undefined && !shortName) throw badField('shortName', 'Укажите краткое название школы');
      if (input.timeZone !== undefined && !isTimeZone(input.timeZone))
        throw badField('timeZone', `Неизвестный часовой пояс «${input.timeZone}»: укажите, например, Europe/Moscow`);
      // works.weight is numeric(3,1): a weight with a finer fraction could not be written to a work.
      for (const [type, w] of Object.entries(input.settings?.weights ?? {}))
        if (w !== undefined && Math.abs(Math.round(w * 10) - w * 10) > 1e-9)
          throw badField(
            `settings.weights.${type}`,
            `Вес «${WORK_TYPE_INFO[type as keyof typeof WORK_TYPE_INFO].name}»: не более одного знака после запятой`,
          );
      const directorName = input.directorName === undefined ? undefined : input.directorName?.trim() || null;
      return db.tx(async (tx) => {
        const old = await repo.card(tx, id, true);
        if (!old) throw new AppError('not_found', 'Школа: не найдено');
        const given = Object.fromEntries(Object.entries(input.settings ?? {}).filter(([, v]) => v !== undefined));
        // Merged into the stored JSON as it is: keys this version does not know survive the write.
        const after = { ...old.settings, ...given };
        const next = {
          name: name ?? old.name,
          shortName: shortName ?? old.short_name,
          directorName: directorName === undefined ? old.director_name : directorName,
          timeZone: input.timeZone ?? old.time_zone,
          settings: after,
        };
        const changed: Record<string, { old: unknown; new: unknown }> = {};
        const note = (field: string, a: unknown, b: unknown) => {
          if (canonical(a) !== canonical(b)) changed[field] = { old: a ?? null, new: b ?? null };
        };
        note('name', old.name, next.name);
        note('shortName', old.short_name, next.shortName);
        note('directorName', old.director_name, next.directorName);
        note('timeZone', old.time_zone, next.timeZone);
        const rulesBefore = resolveSettings(storedSettings(old.settings));
        const rulesAfter = resolveSettings(storedSettings(after));
        for (const k of Object.keys(rulesAfter) as (keyof SchoolSettings)[]) note(`settings.${k}`, rulesBefore[k], rulesAfter[k]);
        if (Object.keys(changed).length > 0) {
          await repo.updateCard(tx, id, next);
          await auditRepository.record(tx, {
            schoolId: id,
            actorAccountId: actor.accountId,
            action: 'school.settings_update',
            objectKind: 'school',
            objectId: id,
            details: { changed },
          });
        }
        return cardView((await repo.card(tx, id))!);
      });
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
