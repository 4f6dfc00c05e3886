import type { Actor } from '../../domain/policy';
import type { Deps } from '../../server/context';
import { auditRepository } from '../audit/audit.repository';
import { schoolFor } from '../structure/scope';

/**
 * The audit log for the administrator and the director [DOMAIN §1], [DOMAIN §11]: changes to people and
 * rights, staff reads of student cards, period locks, credentials — searched by time, action, object, actor.
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
        limit?: number;
        offset?: number;
      },
    ) {
      const schoolId = schoolFor(actor, 'school.audit', q.schoolId);
      const rows = await auditRepository.search(db, [schoolId], {
        from: q.from,
        to: q.to,
        action: q.action,
        objectId: q.objectId,
        actorAccountId: q.actorAccountId,
        limit: q.limit ?? 100,
        offset: q.offset ?? 0,
      });
      return rows.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actorAccountId: r.actor_account_id,
        actorLogin: r.actor_login,
        action: r.action,
        objectKind: r.object_kind,
        objectId: r.object_id,
        details: r.details,
      }));
    },
  };
}
