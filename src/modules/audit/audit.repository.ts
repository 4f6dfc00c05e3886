import type { Queryable } from '../../db/client';

/** Sign-in events done by the account's holder (a success, a new password); the rest are attempts by whoever typed the login. */
export const AUTH_EVENTS_BY_HOLDER = ['login_ok', 'password_changed', 'totp_enabled'] as const;

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
   * One search over the append-only logs, newest first: audit_log (people, rights, card reads, periods,
   * credentials…), journal_history (marks, absences, topics, homework, works, plans, final marks) as actions
   * «journal.<entity>.<create|update|delete>» with the student as the object where the entry concerns one,
   * and auth_events (sign-ins and refused attempts, [issue 10]) as «auth.<event>» with the account's person
   * of the school as the object. The actor is an account; journal entries name a person, mapped to their
   * account; a sign-in attempt has an actor only when it is the holder's own doing (AUTH_EVENTS_BY_HOLDER).
   * Sign-in events are the school's when their account is a person of it: attempts on a login that does not
   * exist belong to no school and are left to the operator's own review of auth_events.
   */
  async search(
    db: Queryable,
    schoolIds: string[],
    f: { from?: string; to?: string; action?: string; objectId?: string; actorAccountId?: string; limit: number; offset: number },
  ) {
    return db.query<{
      source: 'audit' | 'journal' | 'auth';
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
       ), s AS (
         SELECT 'auth' AS source, e.id, p.school_id, e.at,
                CASE WHEN e.event = ANY($9::text[]) THEN e.account_id END AS actor_account_id,
                'auth.' || e.event AS action, 'account' AS object_kind, p.id::text AS object_id,
                jsonb_build_object('ip', e.ip, 'login', e.login) AS details
           FROM auth_events e
           JOIN persons p ON p.account_id = e.account_id AND p.school_id = ANY($1::uuid[])
          WHERE ($4::text IS NULL OR ('auth.' || e.event) LIKE $4 || '%')
            AND ($2::timestamptz IS NULL OR e.at >= $2) AND ($3::timestamptz IS NULL OR e.at < $3)
            AND ($5::text IS NULL OR p.id::text = $5)
            AND ($6::uuid IS NULL OR (e.account_id = $6 AND e.event = ANY($9::text[])))
          ORDER BY e.at DESC, e.id DESC LIMIT $7::int + $8::int
       ), u AS (SELECT * FROM a UNION ALL SELECT * FROM j UNION ALL SELECT * FROM s)
       SELECT u.source, u.id, u.school_id, u.at, u.actor_account_id, acc.login AS actor_login,
              ap.last_name || ' ' || ap.first_name AS actor_name, u.action, u.object_kind, u.object_id,
              op.last_name || ' ' || op.first_name AS object_name, u.details
         FROM u
         LEFT JOIN accounts acc ON acc.id = u.actor_account_id
         LEFT JOIN persons ap ON ap.school_id = u.school_id AND ap.account_id = u.actor_account_id
         LEFT JOIN persons op ON op.school_id = u.school_id
               AND op.id = CASE WHEN u.object_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN u.object_id::uuid END
        ORDER BY u.at DESC, u.source, u.id DESC LIMIT $7::int OFFSET $8::int`,
      [
        schoolIds,
        f.from ?? null,
        f.to ?? null,
        f.action ?? null,
        f.objectId ?? null,
        f.actorAccountId ?? null,
        f.limit,
        f.offset,
        AUTH_EVENTS_BY_HOLDER,
      ],
    );
  },
};
