import type { Actor } from '../../domain/policy';
import type { Deps } from '../../server/context';
import { auditRepository } from '../audit/audit.repository';
import { schoolFor } from '../structure/scope';
import { peopleRepository } from './people.repository';

/**
 * The audit log for the administrator and the director [DOMAIN §1], [DOMAIN §11]: changes to people and
 * rights, staff reads of student cards, period locks, credentials — and the journal's own history (marks,
 * absences, topics, homework, final marks [DOMAIN §4]) and sign-ins into the school's accounts, refused
 * attempts included [issue 10] — searched by time, kind of action, object, actor.
 */
export function makeAuditSearchService({ db }: Deps) {
  return {
    async search(
      actor: Actor,
      q: {
        schoolId?: string;
        from?: string;
        to?: string;
        action?: string;
        objectId?: string;
        actorAccountId?: string;
        actorPersonId?: string;
        limit?: number;
        offset?: number;
      },
    ) {
      const schoolId = schoolFor(actor, 'school.audit', q.schoolId);
      let actorAccountId = q.actorAccountId;
      if (q.actorPersonId) {
        // A person of another school, or one without a login, has done nothing here: an empty answer.
        const p = await peopleRepository.person(db, schoolId, q.actorPersonId);
        if (!p?.account_id || (actorAccountId && actorAccountId !== p.account_id)) return [];
        actorAccountId = p.account_id;
      }
      const rows = await auditRepository.search(db, [schoolId], {
        from: q.from,
        to: q.to,
        action: q.action,
        objectId: q.objectId,
        actorAccountId,
        limit: q.limit ?? 100,
        offset: q.offset ?? 0,
      });
      return rows.map((r) => ({
        id: Number(r.id),
        key: `${r.source}:${r.id}`,
        source: r.source,
        at: r.at.toISOString(),
        actorAccountId: r.actor_account_id,
        actorLogin: r.actor_login,
        actorName: r.actor_name,
        action: r.action,
        objectKind: r.object_kind,
        objectId: r.object_id,
        objectName: r.object_name,
        details: r.details,
      }));
    },
  };
}
