import type { Queryable } from '../../db/client';
import type { NotificationPayload, OutboxKind } from './outbox';

export interface OutboxRow {
  school_id: string;
  id: string;
  kind: OutboxKind;
  student_id: string | null;
  person_id: string | null;
  class_id: string | null;
  post_id: string | null;
  payload: NotificationPayload;
  attempts: number;
  time_zone: string;
  student_name: string | null;
  post_author_id: string | null;
}

/** A person an event reaches, with their addresses, choices and consents. */
export interface RecipientRow {
  person_id: string;
  email: string | null;
  phone: string | null;
  want_email: boolean;
  want_sms: boolean;
  kinds: string[];
  digest: boolean;
  quiet_start: number | null;
  quiet_end: number | null;
  consent_email: boolean;
  consent_sms: boolean;
}

export interface DeliveryRow {
  school_id: string;
  id: string;
  delivery_key: string;
  person_id: string;
  channel: 'email' | 'sms';
  address: string;
  subject: string | null;
  body: string;
  attachment: { report?: { studentId: string; from: string; to: string } } | null;
  attempts: number;
}

export interface NewDelivery {
  personId: string;
  channel: 'email' | 'sms';
  address: string;
  key: string;
  subject: string | null;
  body: string;
  attachment: unknown;
  notBefore: Date;
}

const DEFAULT_KINDS = '{mark,absence,homework,final_mark,message,announcement}';

/** Who receives an event, by the event's audience; one query. */
const AUDIENCE = {
  person: 'SELECT o.person_id AS person_id FROM notification_outbox o WHERE o.school_id = $1 AND o.id = $2',
  // the student's parents by the channels they chose, the student in the app
  student: `SELECT l.parent_id AS person_id FROM notification_outbox o
              JOIN parent_links l ON l.school_id = o.school_id AND l.student_id = o.student_id
             WHERE o.school_id = $1 AND o.id = $2
            UNION SELECT o.student_id FROM notification_outbox o WHERE o.school_id = $1 AND o.id = $2`,
  classParents: `SELECT DISTINCT l.parent_id AS person_id FROM notification_outbox o
                   JOIN enrollments e ON e.school_id = o.school_id AND e.class_id = o.class_id AND e.to_date IS NULL
                   JOIN parent_links l ON l.school_id = e.school_id AND l.student_id = e.student_id
                  WHERE o.school_id = $1 AND o.id = $2`,
  // [001 §2.2] a post reaches its audience: the school, the staff room, or a class's families and teachers
  post: `WITH p AS (SELECT np.* FROM notification_outbox o JOIN news_posts np ON np.school_id = o.school_id AND np.id = o.post_id
                     WHERE o.school_id = $1 AND o.id = $2)
         SELECT m.person_id FROM p JOIN memberships m ON m.school_id = p.school_id
          WHERE p.audience = 'school' OR (p.audience = 'staff' AND m.role NOT IN ('student', 'parent'))
         UNION SELECT e.student_id FROM p JOIN enrollments e ON e.school_id = p.school_id AND e.class_id = p.class_id AND e.to_date IS NULL
          WHERE p.audience = 'class'
         UNION SELECT l.parent_id FROM p JOIN enrollments e ON e.school_id = p.school_id AND e.class_id = p.class_id AND e.to_date IS NULL
           JOIN parent_links l ON l.school_id = e.school_id AND l.student_id = e.student_id WHERE p.audience = 'class'
         UNION SELECT c.class_teacher_id FROM p JOIN classes c ON c.school_id = p.school_id AND c.id = p.class_id
          WHERE p.audience = 'class' AND c.class_teacher_id IS NOT NULL
         UNION SELECT jp.teacher_id FROM p JOIN journal_pages jp ON jp.school_id = p.school_id AND jp.class_id = p.class_id
          WHERE p.audience = 'class'`,
} as const;

export type AudienceKind = keyof typeof AUDIENCE;

/** The outbox and the deliveries: the only SQL of the notification worker (src/jobs). */
export const deliveryRepository = {
  /** Claims up to `limit` due outbox events for this transaction; other workers skip them (SKIP LOCKED). */
  async claimEvents(tx: Queryable, now: Date, limit: number) {
    return tx.query<OutboxRow>(
      `SELECT o.school_id, o.id, o.kind, o.student_id, o.person_id, o.class_id, o.post_id, o.payload, o.attempts,
              s.time_zone,
              (SELECT st.last_name || ' ' || st.first_name FROM persons st WHERE st.school_id = o.school_id AND st.id = o.student_id) AS student_name,
              (SELECT np.author_id FROM news_posts np WHERE np.school_id = o.school_id AND np.id = o.post_id) AS post_author_id
         FROM notification_outbox o JOIN schools s ON s.id = o.school_id
        WHERE o.processed_at IS NULL AND o.next_attempt_at <= $1
        ORDER BY o.next_attempt_at, o.created_at
        LIMIT $2
        FOR UPDATE OF o SKIP LOCKED`,
      [now, limit],
    );
  },

  async recipients(tx: Queryable, schoolId: string, eventId: string, audience: AudienceKind) {
    return tx.query<RecipientRow>(
      `WITH target AS (${AUDIENCE[audience]})
       SELECT p.id AS person_id, p.email, p.phone,
              COALESCE(np.email, false) AS want_email, COALESCE(np.sms, false) AS want_sms,
              COALESCE(np.kinds, '${DEFAULT_KINDS}'::text[]) AS kinds, COALESCE(np.digest, false) AS digest,
              np.quiet_start, np.quiet_end,
              EXISTS (SELECT 1 FROM consents c WHERE c.school_id = p.school_id AND c.parent_id = p.id AND c.purpose = 'email' AND c.status = 'given') AS consent_email,
              EXISTS (SELECT 1 FROM consents c WHERE c.school_id = p.school_id AND c.parent_id = p.id AND c.purpose = 'sms' AND c.status = 'given') AS consent_sms
         FROM (SELECT DISTINCT person_id FROM target WHERE person_id IS NOT NULL) t
         JOIN persons p ON p.school_id = $1 AND p.id = t.person_id
         LEFT JOIN notification_preferences np ON np.school_id = p.school_id AND np.person_id = p.id`,
      [schoolId, eventId],
    );
  },

  /** In-app notifications for many people in one statement; a re-run of the same event adds nothing. */
  async insertInApp(
    tx: Queryable,
    n: {
      schoolId: string;
      eventId: string;
      kind: string;
      studentId: string | null;
      title: string;
      body: string;
      link: string | null;
      at: Date;
    },
    people: { personId: string; digestPending: boolean }[],
  ) {
    if (!people.length) return;
    await tx.query(
      `INSERT INTO notifications (school_id, person_id, event_id, kind, student_id, title, body, link, created_at, digest_pending)
       SELECT $1, x.person_id, $2, $3, $4, $5, $6, $7, $8, x.pending
         FROM unnest($9::uuid[], $10::boolean[]) AS x(person_id, pending)
       ON CONFLICT (school_id, event_id, person_id) DO NOTHING`,
      [
        n.schoolId,
        n.eventId,
        n.kind,
        n.studentId,
        n.title,
        n.body,
        n.link,
        n.at,
        people.map((p) => p.personId),
        people.map((p) => p.digestPending),
      ],
    );
  },

  /** E-mails and SMS to send, in one statement; a delivery key that exists already is not added again. */
  async insertDeliveries(tx: Queryable, schoolId: string, eventId: string | null, at: Date, list: NewDelivery[]) {
    if (!list.length) return 0;
    const rows = await tx.query<{ id: string }>(
      `INSERT INTO notification_deliveries (school_id, event_id, created_at, person_id, channel, address, delivery_key, subject, body, attachment, next_attempt_at)
       SELECT $1, $2, $3, x.person_id, x.channel, x.address, x.key, x.subject, x.body, x.attachment::jsonb, x.not_before
         FROM unnest($4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::timestamptz[])
              AS x(person_id, channel, address, key, subject, body, attachment, not_before)
       ON CONFLICT (school_id, delivery_key) DO NOTHING
       RETURNING id`,
      [
        schoolId,
        eventId,
        at,
        list.map((d) => d.personId),
        list.map((d) => d.channel),
        list.map((d) => d.address),
        list.map((d) => d.key),
        list.map((d) => d.subject),
        list.map((d) => d.body),
        list.map((d) => (d.attachment == null ? null : JSON.stringify(d.attachment))),
        list.map((d) => d.notBefore),
      ],
    );
    return rows.length;
  },

  async markEventsProcessed(tx: Queryable, events: { school_id: string; id: string }[], at: Date) {
    if (!events.length) return;
    await tx.query(
      `UPDATE notification_outbox o SET processed_at = $3, last_error = NULL
         FROM unnest($1::uuid[], $2::uuid[]) AS e(school_id, id)
        WHERE o.school_id = e.school_id AND o.id = e.id`,
      [events.map((e) => e.school_id), events.map((e) => e.id), at],
    );
  },

  /** A fan-out that failed is retried later; after too many attempts it is closed with its error. */
  async markEventFailed(db: Queryable, schoolId: string, id: string, error: string, retryAt: Date, giveUpAt: Date | null) {
    await db.query(
      `UPDATE notification_outbox SET attempts = attempts + 1, last_error = $3, next_attempt_at = $4, processed_at = $5
        WHERE school_id = $1 AND id = $2 AND processed_at IS NULL`,
      [schoolId, id, error.slice(0, 500), retryAt, giveUpAt],
    );
  },

  /**
   * [003 §5.2] no e-mail or SMS without consent: a due delivery whose consent was withdrawn since it was
   * queued is cancelled instead of sent.
   */
  async cancelWithoutConsent(tx: Queryable, now: Date) {
    await tx.query(
      `UPDATE notification_deliveries d SET cancelled_at = $1, last_error = 'нет согласия на этот канал'
        WHERE d.sent_at IS NULL AND d.failed_at IS NULL AND d.cancelled_at IS NULL AND d.next_attempt_at <= $1
          AND NOT EXISTS (SELECT 1 FROM consents c WHERE c.school_id = d.school_id AND c.parent_id = d.person_id
                             AND c.purpose = d.channel AND c.status = 'given')`,
      [now],
    );
  },

  /**
   * Claims due deliveries: locks them (SKIP LOCKED, so parallel workers take different rows), counts the
   * attempt and leases them until `leaseUntil`. A worker that dies mid-send leaves the lease to expire
   * and the delivery is tried again — with the same delivery key, so the receiver can drop a repeat.
   */
  async claimDeliveries(tx: Queryable, now: Date, leaseUntil: Date, limit: number) {
    return tx.query<DeliveryRow>(
      `WITH due AS (
         SELECT school_id, id FROM notification_deliveries
          WHERE sent_at IS NULL AND failed_at IS NULL AND cancelled_at IS NULL AND next_attempt_at <= $1
          ORDER BY next_attempt_at
          LIMIT $3
          FOR UPDATE SKIP LOCKED)
       UPDATE notification_deliveries d SET attempts = d.attempts + 1, next_attempt_at = $2
         FROM due WHERE d.school_id = due.school_id AND d.id = due.id
       RETURNING d.school_id, d.id, d.delivery_key, d.person_id, d.channel, d.address, d.subject, d.body, d.attachment, d.attempts`,
      [now, leaseUntil, limit],
    );
  },

  async markSent(db: Queryable, d: { school_id: string; id: string }, at: Date) {
    await db.query(
      'UPDATE notification_deliveries SET sent_at = $3, last_error = NULL WHERE school_id = $1 AND id = $2 AND sent_at IS NULL',
      [d.school_id, d.id, at],
    );
  },

  async markAttemptFailed(db: Queryable, d: { school_id: string; id: string }, error: string, retryAt: Date, failedAt: Date | null) {
    await db.query(
      `UPDATE notification_deliveries SET last_error = $3, next_attempt_at = $4, failed_at = $5
        WHERE school_id = $1 AND id = $2 AND sent_at IS NULL`,
      [d.school_id, d.id, error.slice(0, 500), retryAt, failedAt],
    );
  },

  /** People with notifications waiting for their daily digest, with their choices and the school's time zone. */
  async digestCandidates(db: Queryable) {
    return db.query<RecipientRow & { school_id: string; time_zone: string; digest_hour: number }>(
      `SELECT n.school_id, n.person_id, s.time_zone, p.email, p.phone,
              np.email AS want_email, np.sms AS want_sms, np.kinds, np.digest, np.digest_hour, np.quiet_start, np.quiet_end,
              EXISTS (SELECT 1 FROM consents c WHERE c.school_id = p.school_id AND c.parent_id = p.id AND c.purpose = 'email' AND c.status = 'given') AS consent_email,
              EXISTS (SELECT 1 FROM consents c WHERE c.school_id = p.school_id AND c.parent_id = p.id AND c.purpose = 'sms' AND c.status = 'given') AS consent_sms
         FROM (SELECT DISTINCT school_id, person_id FROM notifications WHERE digest_pending) n
         JOIN schools s ON s.id = n.school_id
         JOIN persons p ON p.school_id = n.school_id AND p.id = n.person_id
         JOIN notification_preferences np ON np.school_id = n.school_id AND np.person_id = n.person_id`,
    );
  },

  /** Locks a person's waiting notifications for the digest being composed. */
  async pendingForDigest(tx: Queryable, schoolId: string, personId: string) {
    return tx.query<{ id: string; title: string; body: string }>(
      `SELECT id, title, body FROM notifications WHERE school_id = $1 AND person_id = $2 AND digest_pending
        ORDER BY created_at FOR UPDATE SKIP LOCKED`,
      [schoolId, personId],
    );
  },

  async clearDigestPending(tx: Queryable, schoolId: string, ids: string[]) {
    await tx.query('UPDATE notifications SET digest_pending = false WHERE school_id = $1 AND id = ANY($2::uuid[])', [schoolId, ids]);
  },

  async schools(db: Queryable) {
    return db.query<{ id: string; name: string; time_zone: string; settings: Record<string, unknown> }>(
      'SELECT id, name, time_zone, settings FROM schools',
    );
  },

  /**
   * Parents of one school who asked for the weekly letter, with each current child, their channels and
   * consents, and whether this week's letter was already queued (event key).
   */
  async weeklyLetterCandidates(db: Queryable, schoolId: string, weekFrom: string) {
    return db.query<{ parent_id: string; student_id: string; already: boolean }>(
      `SELECT np.person_id AS parent_id, l.student_id,
              EXISTS (SELECT 1 FROM notification_outbox o WHERE o.school_id = np.school_id
                         AND o.event_key = 'weekly:' || np.person_id || ':' || l.student_id || ':' || $2) AS already
         FROM notification_preferences np
         JOIN parent_links l ON l.school_id = np.school_id AND l.parent_id = np.person_id
        WHERE np.school_id = $1 AND np.weekly_report
          AND EXISTS (SELECT 1 FROM enrollments e WHERE e.school_id = l.school_id AND e.student_id = l.student_id AND e.to_date IS NULL)
          AND EXISTS (SELECT 1 FROM consents c WHERE c.school_id = np.school_id AND c.parent_id = np.person_id
                         AND c.purpose IN ('email', 'sms') AND c.status = 'given')`,
      [schoolId, weekFrom],
    );
  },
};
