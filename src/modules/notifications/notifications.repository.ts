import type { Queryable } from '../../db/client';

export interface PreferencesRow {
  school_id: string;
  person_id: string;
  school_name: string;
  email_address: string | null;
  phone: string | null;
  is_parent: boolean;
  email: boolean | null;
  sms: boolean | null;
  kinds: string[] | null;
  digest: boolean | null;
  digest_hour: number | null;
  quiet_start: number | null;
  quiet_end: number | null;
  weekly_report: boolean | null;
  consent_email: boolean;
  consent_sms: boolean;
}

/** Pairs (school, person) of the signed-in user, as two parallel arrays for unnest. */
export interface PersonKeys {
  schoolIds: string[];
  personIds: string[];
}

/** In-app notifications, preferences and teachers' mailings: the SQL of the notifications service. */
export const notificationsRepository = {
  async list(db: Queryable, me: PersonKeys, o: { limit: number; unreadOnly: boolean }) {
    return db.query<{
      id: string;
      school_id: string;
      kind: string;
      student_id: string | null;
      title: string;
      body: string;
      link: string | null;
      created_at: Date;
      read_at: Date | null;
    }>(
      `SELECT n.id, n.school_id, n.kind, n.student_id, n.title, n.body, n.link, n.created_at, n.read_at
         FROM notifications n
        WHERE (n.school_id, n.person_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))
          AND (NOT $3::boolean OR n.read_at IS NULL)
        ORDER BY n.created_at DESC, n.id
        LIMIT $4`,
      [me.schoolIds, me.personIds, o.unreadOnly, o.limit],
    );
  },

  async unreadCount(db: Queryable, me: PersonKeys) {
    const [row] = await db.query<{ n: number }>(
      `SELECT count(*) AS n FROM notifications n
        WHERE (n.school_id, n.person_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[])) AND n.read_at IS NULL`,
      [me.schoolIds, me.personIds],
    );
    return row.n;
  },

  /** Marks the given notifications (or all when ids is null) of the user read. */
  async markRead(db: Queryable, me: PersonKeys, ids: string[] | null, at: Date) {
    const rows = await db.query<{ id: string }>(
      `UPDATE notifications n SET read_at = $4
        WHERE (n.school_id, n.person_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))
          AND n.read_at IS NULL AND ($3::uuid[] IS NULL OR n.id = ANY($3::uuid[]))
        RETURNING n.id`,
      [me.schoolIds, me.personIds, ids, at],
    );
    return rows.length;
  },

  async preferences(db: Queryable, me: PersonKeys) {
    return db.query<PreferencesRow>(
      `SELECT p.school_id, p.id AS person_id, s.name AS school_name, p.email AS email_address, p.phone,
              EXISTS (SELECT 1 FROM memberships m WHERE m.school_id = p.school_id AND m.person_id = p.id AND m.role = 'parent') AS is_parent,
              np.email, np.sms, np.kinds, np.digest, np.digest_hour, np.quiet_start, np.quiet_end, np.weekly_report,
              EXISTS (SELECT 1 FROM consents c WHERE c.school_id = p.school_id AND c.parent_id = p.id AND c.purpose = 'email' AND c.status = 'given') AS consent_email,
              EXISTS (SELECT 1 FROM consents c WHERE c.school_id = p.school_id AND c.parent_id = p.id AND c.purpose = 'sms' AND c.status = 'given') AS consent_sms
         FROM persons p JOIN schools s ON s.id = p.school_id
         LEFT JOIN notification_preferences np ON np.school_id = p.school_id AND np.person_id = p.id
        WHERE (p.school_id, p.id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))
        ORDER BY s.name`,
      [me.schoolIds, me.personIds],
    );
  },

  async savePreferences(
    db: Queryable,
    p: {
      schoolId: string;
      personId: string;
      email: boolean;
      sms: boolean;
      kinds: string[];
      digest: boolean;
      digestHour: number;
      quietStart: number | null;
      quietEnd: number | null;
      weeklyReport: boolean;
      at: Date;
    },
  ) {
    await db.query(
      `INSERT INTO notification_preferences (school_id, person_id, email, sms, kinds, digest, digest_hour, quiet_start, quiet_end, weekly_report, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (school_id, person_id) DO UPDATE SET
         email = EXCLUDED.email, sms = EXCLUDED.sms, kinds = EXCLUDED.kinds, digest = EXCLUDED.digest,
         digest_hour = EXCLUDED.digest_hour, quiet_start = EXCLUDED.quiet_start, quiet_end = EXCLUDED.quiet_end,
         weekly_report = EXCLUDED.weekly_report, updated_at = EXCLUDED.updated_at`,
      [p.schoolId, p.personId, p.email, p.sms, p.kinds, p.digest, p.digestHour, p.quietStart, p.quietEnd, p.weeklyReport, p.at],
    );
  },

  /** Parents of a class's current students who can receive e-mail: an address and the e-mail consent. */
  async mailableParents(db: Queryable, schoolId: string, classId: string) {
    const [row] = await db.query<{ parents: number; mailable: number }>(
      `SELECT count(DISTINCT l.parent_id) AS parents,
              count(DISTINCT l.parent_id) FILTER (WHERE p.email IS NOT NULL AND EXISTS (
                SELECT 1 FROM consents c WHERE c.school_id = l.school_id AND c.parent_id = l.parent_id AND c.purpose = 'email' AND c.status = 'given')) AS mailable
         FROM enrollments e
         JOIN parent_links l ON l.school_id = e.school_id AND l.student_id = e.student_id
         JOIN persons p ON p.school_id = l.school_id AND p.id = l.parent_id
        WHERE e.school_id = $1 AND e.class_id = $2 AND e.to_date IS NULL`,
      [schoolId, classId],
    );
    return row;
  },

  /** A class's mailings with how their e-mails fared, newest first; one query. */
  async mailings(db: Queryable, schoolId: string, classId: string) {
    return db.query<{
      id: string;
      payload: { subject?: string; text?: string };
      created_at: Date;
      sender_name: string | null;
      processed: boolean;
      sent: number;
      pending: number;
      failed: number;
      cancelled: number;
    }>(
      `SELECT o.id, o.payload, o.created_at, o.processed_at IS NOT NULL AS processed,
              (SELECT p.last_name || ' ' || p.first_name FROM persons p WHERE p.school_id = o.school_id AND p.id = o.created_by) AS sender_name,
              count(d.id) FILTER (WHERE d.sent_at IS NOT NULL) AS sent,
              count(d.id) FILTER (WHERE d.sent_at IS NULL AND d.failed_at IS NULL AND d.cancelled_at IS NULL) AS pending,
              count(d.id) FILTER (WHERE d.failed_at IS NOT NULL) AS failed,
              count(d.id) FILTER (WHERE d.cancelled_at IS NOT NULL) AS cancelled
         FROM notification_outbox o
         LEFT JOIN notification_deliveries d ON d.school_id = o.school_id AND d.event_id = o.id
        WHERE o.school_id = $1 AND o.kind = 'mailing' AND o.class_id = $2
        GROUP BY o.school_id, o.id
        ORDER BY o.created_at DESC
        LIMIT 100`,
      [schoolId, classId],
    );
  },
};
