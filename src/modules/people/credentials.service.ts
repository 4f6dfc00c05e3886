import { type Actor, can, membershipIn, ROLE_NAMES_RU, type Role, STAFF_ROLES } from '../../domain/policy';
import { fullName, loginBase, pickLogin } from '../../domain/school-structure';
import type { Deps } from '../../server/context';
import { AppError, notFound } from '../../server/errors';
import { requireAccess } from '../access/access.service';
import { auditRepository } from '../audit/audit.repository';
import { hashPassword, oneTimePassword } from '../auth/passwords';
import { badField, conflict, schoolFor } from '../structure/scope';
import { type Slip, slipsPdf } from './credentials.pdf';
import { peopleRepository as repo } from './people.repository';
import { isStaffPerson, requirePersonAccess } from './person-access';

export interface IssueInput {
  schoolId?: string;
  personIds?: string[];
  classId?: string;
  who?: 'students' | 'parents' | 'both';
  /** every staff member of the school, decided here (the administrator only) */
  allStaff?: boolean;
  /** people who already have a login get a new one-time password instead of being skipped */
  reissue?: boolean;
}

/** The role a slip names: staff first, then student, then parent. */
function slipRole(roles: Role[]): string {
  const r = roles.find((x) => STAFF_ROLES.includes(x)) ?? roles.find((x) => x === 'student') ?? roles.find((x) => x === 'parent');
  return r ? ROLE_NAMES_RU[r] : 'Пользователь';
}

export function makeCredentialsService(deps: Deps) {
  const { db, config } = deps;

  async function slipFor(schoolId: string, personId: string, login: string, password: string) {
    const [f] = await repo.slipFacts(db, schoolId, [personId]);
    return {
      personId,
      name: fullName({ lastName: f.last_name, firstName: f.first_name, middleName: f.middle_name }),
      role: slipRole(f.roles),
      className: f.class_name ?? (f.child_class_names.length ? f.child_class_names.sort().join(', ') : null),
      login,
      password,
    };
  }

  /**
   * [000 §3.6] who may issue credentials at all is decided before anything in the body is looked at: the
   * administrator of a school [002 §4.6] or the class teacher of one of its classes [000 §3.2]. Anyone else
   * is refused with 403 (a school they are not in: 404), so a parent or a subject teacher learns nothing
   * from the answer — neither which fields are missing nor whether the people or the class exist.
   */
  async function requireIssuer(actor: Actor, schoolId?: string) {
    if (schoolId && !membershipIn(actor, schoolId)) throw notFound('Школа');
    const memberships = schoolId ? actor.memberships.filter((m) => m.schoolId === schoolId) : actor.memberships;
    for (const m of memberships) {
      if (can(actor, 'credentials.staff', { kind: 'school', schoolId: m.schoolId })) return;
      if (await repo.leadsClass(db, m.schoolId, m.personId)) return;
    }
    throw new AppError('access.forbidden', 'Реквизиты доступа выдаёт администратор, ученикам и родителям класса — классный руководитель');
  }

  /** The account of a person the actor may give credentials to (404 outside scope, 409 without a login). */
  async function accountFor(actor: Actor, personId: string) {
    const f = await requirePersonAccess(db, actor, personId, 'credentials');
    if (!f.account_id) throw conflict('У этого человека ещё нет логина: сначала выдайте реквизиты доступа', { personId });
    return f as typeof f & { account_id: string };
  }

  return {
    /**
     * Issues credentials (реквизиты доступа): a login and a random one-time password that must be changed
     * at the first sign-in. Staff from the administrator [002 §4.6], [000 §3.2]; students and parents of
     * a class from its class teacher [002 §4.5]. The passwords are shown once, in this answer only.
     * People who already have a login are skipped unless `reissue` (then they get a new password).
     */
    async issue(actor: Actor, input: IssueInput) {
      await requireIssuer(actor, input.schoolId);
      let schoolId: string;
      let ids: string[];
      if (input.classId) {
        schoolId = (await requireAccess(db, actor, 'class.credentials', { classId: input.classId })).schoolId;
        const who = input.who ?? 'students';
        ids = (await repo.classPeople(db, schoolId, input.classId))
          .filter((p) => who === 'both' || (who === 'students' ? p.kind === 'student' : p.kind === 'parent'))
          .map((p) => p.id);
      } else if (input.allStaff) {
        // [002 §3.2] staff logins come from the administrator; the server decides who is staff, so no list
        // cut on the client (a page of people) leaves anyone without a login.
        schoolId = schoolFor(actor, 'credentials.staff', input.schoolId);
        ids = await repo.staffIds(db, schoolId);
        if (input.personIds?.length) throw badField('personIds', 'Укажите либо людей (personIds), либо всех сотрудников (allStaff)');
      } else if (input.personIds?.length) {
        ids = [...new Set(input.personIds)];
        const schools = new Set<string>();
        for (const id of ids) schools.add((await requirePersonAccess(db, actor, id, 'credentials')).school_id);
        if (schools.size > 1) throw badField('personIds', 'Люди из разных школ: выдавайте реквизиты по одной школе');
        schoolId = [...schools][0];
      } else {
        throw badField('personIds', 'Укажите людей (personIds), класс (classId) или всех сотрудников (allStaff)');
      }
      if (input.schoolId && input.schoolId !== schoolId) throw badField('schoolId', 'Класс или люди из другой школы');
      const facts = await repo.slipFacts(db, schoolId, ids);
      const skipped: { personId: string; name: string; reason: string }[] = [];
      const fresh: typeof facts = [];
      const again: typeof facts = [];
      for (const f of facts) {
        const name = fullName({ lastName: f.last_name, firstName: f.first_name, middleName: f.middle_name });
        // A bulk reissue never ends the issuer's own sessions: their password is changed in the profile.
        if (f.account_id && input.reissue && input.allStaff && f.account_id === actor.accountId)
          skipped.push({ personId: f.id, name, reason: 'Это вы: свой пароль меняйте в профиле' });
        else if (f.account_id && !input.reissue)
          skipped.push({ personId: f.id, name, reason: `Логин уже выдан (${f.login}): используйте сброс пароля` });
        else if (f.account_id) again.push(f);
        else fresh.push(f);
      }
      // Logins: surname and initials, made unique against every account (logins are global).
      const bases = fresh.map((f) => loginBase({ lastName: f.last_name, firstName: f.first_name, middleName: f.middle_name }));
      const taken = new Set(await repo.loginsLike(db, [...new Set(bases)]));
      const planned = fresh.map((f, i) => {
        const login = pickLogin(bases[i], taken);
        taken.add(login.toLowerCase());
        return { f, login, password: oneTimePassword() };
      });
      const resets = again.map((f) => ({ f, login: f.login!, password: oneTimePassword() }));
      const hashes = await Promise.all([...planned, ...resets].map((p) => hashPassword(p.password)));
      await db.tx(async (tx) => {
        for (const [i, p] of planned.entries()) {
          const accountId = await repo.createAccount(tx, p.login, hashes[i]);
          await repo.attachAccount(tx, schoolId, p.f.id, accountId);
          await auditRepository.record(tx, {
            schoolId,
            actorAccountId: actor.accountId,
            action: 'credentials.issue',
            objectKind: 'person',
            objectId: p.f.id,
            details: { login: p.login },
          });
        }
        for (const [i, p] of resets.entries()) {
          await repo.resetPassword(tx, p.f.account_id!, hashes[planned.length + i]);
          await auditRepository.record(tx, {
            schoolId,
            actorAccountId: actor.accountId,
            action: 'credentials.reset',
            objectKind: 'person',
            objectId: p.f.id,
            details: { login: p.login, bulk: true },
          });
        }
      });
      const slips = [...planned, ...resets]
        .map((p) => ({
          personId: p.f.id,
          name: fullName({ lastName: p.f.last_name, firstName: p.f.first_name, middleName: p.f.middle_name }),
          role: slipRole(p.f.roles),
          className: p.f.class_name ?? (p.f.child_class_names.length ? [...p.f.child_class_names].sort().join(', ') : null),
          login: p.login,
          password: p.password,
        }))
        .sort(
          (a, b) => (a.className ?? '').localeCompare(b.className ?? '', 'ru', { numeric: true }) || a.name.localeCompare(b.name, 'ru'),
        );
      return { schoolId, slips, skipped };
    },

    /**
     * The PDF of cut-out slips for slips the client got from issue/reset (the server keeps no passwords,
     * so the client sends them back to print). One page run per class.
     */
    async slipsPdf(actor: Actor, input: { schoolId?: string; slips: Slip[] }) {
      const schoolId = schoolFor(actor, 'school.read', input.schoolId);
      const school = await repo.schoolName(db, schoolId);
      return slipsPdf({ schoolName: school?.name ?? 'Школа', signInUrl: config.publicUrl, slips: input.slips });
    },

    /** A new one-time password (must be changed at sign-in); every session of the account ends. Audited. */
    async reset(actor: Actor, personId: string) {
      const f = await accountFor(actor, personId);
      const account = (await repo.account(db, f.account_id))!;
      const password = oneTimePassword();
      const hash = await hashPassword(password);
      await db.tx(async (tx) => {
        await repo.resetPassword(tx, f.account_id, hash);
        await auditRepository.record(tx, {
          schoolId: f.school_id,
          actorAccountId: actor.accountId,
          action: 'credentials.reset',
          objectKind: 'person',
          objectId: personId,
          details: { login: account.login },
        });
      });
      return slipFor(f.school_id, personId, account.login, password);
    },

    /** Blocks sign-in (sessions end at once) or unblocks it; audited with the reason. */
    async setBlocked(actor: Actor, personId: string, blocked: boolean, reason?: string | null) {
      const f = await accountFor(actor, personId);
      if (blocked && membershipIn(actor, f.school_id)?.personId === personId)
        throw badField('personId', 'Нельзя заблокировать самого себя');
      if (blocked && f.account_id === actor.accountId) throw badField('personId', 'Нельзя заблокировать самого себя');
      const account = (await repo.account(db, f.account_id))!;
      await db.tx(async (tx) => {
        await repo.setBlocked(tx, f.account_id, blocked);
        await auditRepository.record(tx, {
          schoolId: f.school_id,
          actorAccountId: actor.accountId,
          action: blocked ? 'credentials.block' : 'credentials.unblock',
          objectKind: 'person',
          objectId: personId,
          details: { login: account.login, reason: reason?.trim() || null, staff: isStaffPerson(f) },
        });
      });
      const now = (await repo.account(db, f.account_id))!;
      return { personId, login: now.login, blocked: now.blocked_at !== null };
    },
  };
}
