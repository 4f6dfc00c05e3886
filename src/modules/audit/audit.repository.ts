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

  /**
   * One search over both append-only logs, newest first: audit_log (people, rights, card reads, periods,
   * credentials…) and journal_history (marks, absences, topics, homework, works, plans, final marks), the
   * latter as actions «journal.<entity>.<create|update|delete>» with the student as the object where the
   * entry concerns one. The actor is an account; journal entries name a person, mapped to their account.
   */
  async search(
    db: Queryable,
    schoolIds: string[],
    f: { from?: string; to?: string; action?: string; objectId?: string; actorAccountId?: string; limit: number; offset: number },
  ) {
    return db.query<{
      source: 'audit' | 'journal';
      id: number;
      school_id: string;
      at: Date;
      actor_account_id: string | null;
      actor_login: string | null;
      actor_name: string | null;
      action: string;
      object_kind: string;
      object_id: string | null;
      object_name: string | null;
      details: Record<string, unknown>;
    }>(
      `WITH a AS (
         SELECT 'audit' AS source, l.id, l.school_id, l.at, l.actor_account_id, l.action, l.object_kind, l.object_id, l.details
           FROM audit_log l
          WHERE l.school_id = ANY($1::uuid[])
            AND ($2::timestamptz IS NULL OR l.at >= $2) AND ($3::timestamptz IS NULL OR l.at < $3)
            AND ($4::text IS NULL OR l.action LIKE $4 || '%') AND ($5::text IS NULL OR l.object_id = $5)
            AND ($6::uuid IS NULL OR l.actor_account_id = $6)
          ORDER BY l.at DESC, l.id DESC LIMIT $7::int + $8::int
       ), h AS (
         SELECT h.id, h.school_id, h.at, h.actor_id, h.entity, h.entity_key, h.page_id, h.old_value, h.new_value, h.reason,
                'journal.' || h.entity || '.' || h.action AS action,
                -- marks, absences and final marks are the student's: their key ends with (or holds) the student id
                CASE WHEN h.entity IN ('mark', 'attendance', 'final_mark') THEN split_part(h.entity_key, ':', 2) ELSE h.entity_key END AS object_id
           FROM journal_history h
          WHERE h.school_id = ANY($1::uuid[])
            AND ($2::timestamptz IS NULL OR h.at >= $2) AND ($3::timestamptz IS NULL OR h.at < $3)
            AND ($4::text IS NULL OR ('journal.' || h.entity || '.' || h.action) LIKE $4 || '%')
       ), j AS (
         SELECT 'journal' AS source, h.id, h.school_id, h.at, p.account_id AS actor_account_id, h.action, h.entity AS object_kind, h.object_id,
                jsonb_build_object('old', h.old_value, 'new', h.new_value, 'reason', h.reason, 'pageId', h.page_id, 'key', h.entity_key) AS details
           FROM h LEFT JOIN persons p ON p.school_id = h.school_id AND p.id = h.actor_id
          WHERE ($5::text IS NULL OR h.object_id = $5) AND ($6::uuid IS NULL OR p.account_id = $6)
          ORDER BY h.at DESC, h.id DESC LIMIT $7::int + $8::int
       ), u AS (SELECT * FROM a UNION ALL SELECT * FROM j)
       SELECT u.source, u.id, u.school_id, u.at, u.actor_account_id, acc.login AS actor_login,
              ap.last_name || ' ' || ap.first_name AS actor_name, u.action, u.object_kind, u.object_id,
              op.last_name || ' ' || op.first_name AS object_name, u.details
         FROM u
         LEFT JOIN accounts acc ON acc.id = u.actor_account_id
         LEFT JOIN persons ap ON ap.school_id = u.school_id AND ap.account_id = u.actor_account_id
         LEFT JOIN persons op ON op.school_id = u.school_id
               AND op.id = CASE WHEN u.object_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN u.object_id::uuid END
        ORDER BY u.at DESC, u.source, u.id DESC LIMIT $7::int OFFSET $8::int`,
      [schoolIds, f.from ?? null, f.to ?? null, f.action ?? null, f.objectId ?? null, f.actorAccountId ?? null, f.limit, f.offset],
    );
  },
};
