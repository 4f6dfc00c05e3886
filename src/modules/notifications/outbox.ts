import type { Queryable } from '../../db/client';
import type { NotificationKind, SystemNotificationKind } from '../../domain/messaging';

/**
 * What an event tells the family. Every field is optional: the renderer composes the Russian text
 * from what is there, and `title`/`text` override it. Field meaning by kind:
 * - mark:       subjectName, value, workType, date ('YYYY-MM-DD' of the lesson), comment
 * - absence:    subjectName, date, code ('н' | 'б' | 'у' | 'оп' | 'осв'), lessonNumber, minutes
 * - homework:   subjectName, text, dueDate
 * - final_mark: subjectName, value, periodName (e.g. «2 четверть», «год»)
 * - message:    senderName, subject, threadId
 * - announcement: title, text, postId
 * - mailing:    subject, text, senderName, className
 * - report:     title, text, sms, report {studentId, from, to}
 */
export interface NotificationPayload {
  title?: string;
  text?: string;
  /** A path of the web app the notification leads to, e.g. '/diary'. */
  link?: string;
  subjectName?: string;
  value?: string;
  workType?: string;
  date?: string;
  comment?: string | null;
  code?: string;
  lessonNumber?: number;
  minutes?: number | null;
  dueDate?: string;
  periodName?: string;
  senderName?: string;
  subject?: string;
  threadId?: string;
  postId?: string;
  className?: string;
  sms?: string;
  report?: { studentId: string; from: string; to: string };
  [key: string]: unknown;
}

export type OutboxKind = NotificationKind | SystemNotificationKind;

/** Who an outbox event is for; the worker resolves it to people when it fans the event out. */
export type OutboxAudience =
  | { studentId: string; personId?: undefined }
  | { personId: string; studentId?: string }
  | { classParentsOf: string }
  | { postId: string };

export interface OutboxEvent {
  schoolId: string;
  kind: OutboxKind;
  audience: OutboxAudience;
  payload: NotificationPayload;
  /** The same key enqueued twice is kept once (e.g. `final_mark:<id>:v<version>`). */
  key?: string | null;
  createdBy?: string | null;
  /** The event's time (the services' clock); the database's now() otherwise. */
  at?: Date;
}

/**
 * Writes an event into the transactional outbox inside the caller's transaction: if the transaction
 * rolls back, nothing is announced; if it commits, the worker (src/jobs) delivers it exactly once,
 * whatever restarts in between. Returns the event id (null when the key was already enqueued).
 */
export async function enqueueEvent(tx: Queryable, e: OutboxEvent): Promise<string | null> {
  const a = e.audience;
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO notification_outbox (school_id, event_key, kind, student_id, person_id, class_id, post_id, payload, created_by, created_at, next_attempt_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, COALESCE($10::timestamptz, now()), COALESCE($10::timestamptz, now()))
     ON CONFLICT (school_id, event_key) DO NOTHING
     RETURNING id`,
    [
      e.schoolId,
      e.key ?? null,
      e.kind,
      'studentId' in a ? (a.studentId ?? null) : null,
      'personId' in a ? (a.personId ?? null) : null,
      'classParentsOf' in a ? a.classParentsOf : null,
      'postId' in a ? a.postId : null,
      JSON.stringify(e.payload),
      e.createdBy ?? null,
      e.at ?? null,
    ],
  );
  return row?.id ?? null;
}

/**
 * For other modules (journal marks, absences, homework, final marks): tell a student's family about an
 * event, in the same transaction as the event. The student's parents get it by the channels they chose
 * (with consent), the student in the app. Example, inside `db.tx(async (tx) => …)` after saving a mark:
 *
 *   await enqueueNotification(tx, { schoolId, studentId, kind: 'mark',
 *     payload: { subjectName: 'Математика', value: '5', workType: 'control', date: '2025-01-15' } });
 *
 * Pass `key` to make a retried call harmless, e.g. `final_mark:${finalMarkId}:v${version}`.
 */
export async function enqueueNotification(
  tx: Queryable,
  n: {
    schoolId: string;
    studentId: string;
    kind: NotificationKind;
    payload: NotificationPayload;
    key?: string;
    createdBy?: string | null;
    at?: Date;
  },
): Promise<void> {
  await enqueueEvent(tx, {
    schoolId: n.schoolId,
    kind: n.kind,
    audience: { studentId: n.studentId },
    payload: n.payload,
    key: n.key ?? null,
    createdBy: n.createdBy ?? null,
    at: n.at,
  });
}
