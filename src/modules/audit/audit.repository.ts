import type { Queryable } from '../../db/client';

export interface AuditEntry {
  schoolId: string;
  actorAccountId: string | null;
  /** e.g. 'student.card_read', 'person.update', 'membership.add', 'period.close', 'credentials.issue' */
  action: string;
  objectKind: string;
  objectId?: string | null;
  /** Old/new values or the reason; never passwords or tokens. */
  details?: Record<string, unknown>;
}

/**
 * The append-only audit log of changes to people and rights, staff reads of student cards, period locks
 * and credentials [DOMAIN §1], [DOMAIN §11]. Pass the transaction so the record commits with the change.
 */
export const auditRepository = {
  async record(db: Queryable, e: AuditEntry) {
    await db.query(
      `INSERT INTO audit_log (school_id, actor_account_id, action, object_kind, object_id, details)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [e.schoolId, e.actorAccountId, e.action, e.objectKind, e.objectId ?? null, JSON.stringify(e.details ?? {})],
    );
  },

  async search(
    db: Queryable,
    schoolIds: string[],
    f: { from?: string; to?: string; action?: string; objectId?: string; actorAccountId?: string; limit: number; offset: number },
  ) {
    return db.query<{
      id: number;
      school_id: string;
      at: Date;
      actor_account_id: string | null;
      actor_login: string | null;
      action: string;
      object_kind: string;
      object_id: string | null;
      details: Record<string, unknown>;
    }>(
      `SELECT l.id, l.school_id, l.at, l.actor_account_id, a.login AS actor_login, l.action, l.object_kind, l.object_id, l.details
         FROM audit_log l LEFT JOIN accounts a ON a.id = l.actor_account_id
        WHERE l.school_id = ANY($1::uuid[])
          AND ($2::timestamptz IS NULL OR l.at >= $2) AND ($3::timestamptz IS NULL OR l.at < $3)
          AND ($4::text IS NULL OR l.action LIKE $4 || '%') AND ($5::text IS NULL OR l.object_id = $5)
          AND ($6::uuid IS NULL OR l.actor_account_id = $6)
        ORDER BY l.at DESC, l.id DESC LIMIT $7 OFFSET $8`,
      [schoolIds, f.from ?? null, f.to ?? null, f.action ?? null, f.objectId ?? null, f.actorAccountId ?? null, f.limit, f.offset],
    );
  },
};
