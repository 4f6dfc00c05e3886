import type { Deps, SessionActor } from '../../server/context';
import { AppError } from '../../server/errors';
import { meRepository as repo } from './me.repository';

export function makeMeService({ db }: Deps) {
  return {
    /** GET /api/me: who the user is in each school, their children (parent), themself (student). */
    async me(actor: Pick<SessionActor, 'accountId' | 'needsTotpSetup'>) {
      const [account, persons, children, classes] = await Promise.all([
        repo.account(db, actor.accountId),
        repo.persons(db, actor.accountId),
        repo.children(db, actor.accountId),
        repo.classTeacherOf(db, actor.accountId),
      ]);
      if (!account) throw new AppError('auth.required');
      const studentRow = persons.find((p) => p.roles.includes('student'));
      return {
        id: actor.accountId,
        login: account.login,
        displayName: persons[0]?.name ?? account.login,
        locale: account.locale,
        mustChangePassword: account.must_change_password,
        totpSetupRequired: actor.needsTotpSetup,
        totpEnabled: account.totp_enabled,
        schools: persons.map((p) => ({
          id: p.school_id,
          name: p.school_name,
          shortName: p.short_name,
          personId: p.person_id,
          roles: p.roles,
        })),
        children: children.map((c) => ({
          id: c.id,
          schoolId: c.school_id,
          name: c.name,
          classId: c.class_id,
          className: c.class_name,
          schoolName: c.school_name,
        })),
        student: studentRow
          ? {
              id: studentRow.person_id,
              schoolId: studentRow.school_id,
              name: studentRow.name,
              classId: studentRow.class_id,
              className: studentRow.class_name,
              schoolName: studentRow.school_name,
            }
          : null,
        classTeacherOf: classes.map((c) => ({ id: c.id, schoolId: c.school_id, name: c.name })),
      };
    },
  };
}
