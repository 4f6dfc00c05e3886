import type { Queryable } from '../../db/client';
import type { Role } from '../../domain/policy';
import type { PersonKeys } from '../notifications/notifications.repository';

const NAME = (a: string) => `${a}.last_name || ' ' || ${a}.first_name || COALESCE(' ' || ${a}.middle_name, '')`;

/** Classes a person teaches (a journal page) or leads, now. */
const TAUGHT_CLASSES = `SELECT jp.class_id FROM journal_pages jp
                          JOIN classes c ON c.school_id = jp.school_id AND c.id = jp.class_id
                          JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id AND y.status = 'current'
                         WHERE jp.school_id = $1 AND jp.teacher_id = $2
                        UNION SELECT c.id FROM classes c
                          JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id AND y.status = 'current'
                         WHERE c.school_id = $1 AND c.class_teacher_id = $2`;
/** Classes of the person (a student) or of their children (a parent), now. */
const FAMILY_CLASSES = `SELECT e.class_id FROM enrollments e
                         WHERE e.school_id = $1 AND e.to_date IS NULL
                           AND (e.student_id = $2 OR e.student_id IN (SELECT l.student_id FROM parent_links l WHERE l.school_id = $1 AND l.parent_id = $2))`;

export interface PersonWithRoles {
  id: string;
  school_id: string;
  name: string;
  roles: Role[];
  description: string | null;
}

export interface ThreadListRow {
  school_id: string;
  id: string;
  subject: string;
  last_message_at: Date;
  archived: boolean;
  unread: number;
  last_message: { body: string; senderName: string; createdAt: string } | null;
  participants: { id: string; name: string }[];
  person_id: string;
}

/** Messages, participants, blocks and abuse reports: the only SQL of the messages module. */
export const messagesRepository = {
  /** What links a person to families and classes (see SenderRelations in src/domain/messaging.ts): one query. */
  async senderContext(db: Queryable, schoolId: string, personId: string) {
    const [row] = await db.query<{ roles: Role[]; family_staff_ids: string[]; pupil_ids: string[]; pupil_parent_ids: string[] }>(
      `SELECT COALESCE((SELECT array_agg(m.role) FROM memberships m WHERE m.school_id = $1 AND m.person_id = $2), '{}') AS roles,
              COALESCE((SELECT array_agg(DISTINCT x.id) FROM (
                  SELECT jp.teacher_id AS id FROM journal_pages jp WHERE jp.school_id = $1 AND jp.class_id IN (${FAMILY_CLASSES})
                  UNION SELECT c.class_teacher_id FROM classes c WHERE c.school_id = $1 AND c.id IN (${FAMILY_CLASSES})
                ) x WHERE x.id IS NOT NULL), '{}') AS family_staff_ids,
              COALESCE((SELECT array_agg(DISTINCT e.student_id) FROM enrollments e
                         WHERE e.school_id = $1 AND e.to_date IS NULL AND e.class_id IN (${TAUGHT_CLASSES})), '{}') AS pupil_ids,
              COALESCE((SELECT array_agg(DISTINCT l.parent_id) FROM enrollments e
                          JOIN parent_links l ON l.school_id = e.school_id AND l.student_id = e.student_id
                         WHERE e.school_id = $1 AND e.to_date IS NULL AND e.class_id IN (${TAUGHT_CLASSES})), '{}') AS pupil_parent_ids`,
      [schoolId, personId],
    );
    return row;
  },

  /** People of the given schools by id, with their roles; an id of another school is simply absent. */
  async people(db: Queryable, schoolIds: string[], ids: string[]) {
    return db.query<PersonWithRoles>(
      `SELECT p.id, p.school_id, ${NAME('p')} AS name, array_agg(m.role) AS roles, NULL AS description
         FROM persons p JOIN memberships m ON m.school_id = p.school_id AND m.person_id = p.id
        WHERE p.school_id = ANY($1::uuid[]) AND p.id = ANY($2::uuid[])
        GROUP BY p.school_id, p.id`,
      [schoolIds, ids],
    );
  },

  /** Which of `recipientIds` blocked `senderId`. */
  async blockersOf(db: Queryable, schoolId: string, senderId: string, recipientIds: string[]) {
    const rows = await db.query<{ blocker_id: string }>(
      'SELECT blocker_id FROM message_blocks WHERE school_id = $1 AND blocked_id = $2 AND blocker_id = ANY($3::uuid[])',
      [schoolId, senderId, recipientIds],
    );
    return new Set(rows.map((r) => r.blocker_id));
  },

  /**
   * People the sender might write to, found by name: those in `ids` (their pupils and families, their
   * children's teachers), plus staff or the administration or everyone as the flags say. The caller
   * checks each against the rule; a description tells people apart (a student's class, a parent's children).
   */
  async candidates(
    db: Queryable,
    schoolId: string,
    me: string,
    f: { ids: string[]; staff: boolean; administration: boolean; everyone: boolean; q: string | null; limit: number },
  ) {
    return db.query<PersonWithRoles>(
      `SELECT p.id, p.school_id, ${NAME('p')} AS name, array_agg(DISTINCT m.role) AS roles,
              CASE WHEN bool_or(m.role = 'student') THEN
                     (SELECT c.grade || c.letter FROM enrollments e JOIN classes c ON c.school_id = e.school_id AND c.id = e.class_id
                       WHERE e.school_id = p.school_id AND e.student_id = p.id AND e.to_date IS NULL LIMIT 1)
                   WHEN bool_or(m.role = 'parent') THEN
                     (SELECT string_agg(s.last_name || ' ' || s.first_name || COALESCE(' (' || (
                               SELECT c.grade || c.letter FROM enrollments e JOIN classes c ON c.school_id = e.school_id AND c.id = e.class_id
                                WHERE e.school_id = s.school_id AND e.student_id = s.id AND e.to_date IS NULL LIMIT 1) || ')', ''), ', ')
                        FROM parent_links l JOIN persons s ON s.school_id = l.school_id AND s.id = l.student_id
                       WHERE l.school_id = p.school_id AND l.parent_id = p.id)
              END AS description
         FROM persons p JOIN memberships m ON m.school_id = p.school_id AND m.person_id = p.id
        WHERE p.school_id = $1 AND p.id <> $2
          AND ($7::text IS NULL OR (${NAME('p')}) ILIKE '%' || $7 || '%')
        GROUP BY p.school_id, p.id
       HAVING $6 OR p.id = ANY($3::uuid[])
           OR ($4 AND bool_or(m.role NOT IN ('student', 'parent')))
           OR ($5 AND bool_or(m.role IN ('administrator', 'director', 'deputy')))
        ORDER BY bool_or(m.role NOT IN ('student', 'parent')) DESC, p.last_name, p.first_name
        LIMIT $8`,
      [schoolId, me, f.ids, f.staff, f.administration, f.everyone, f.q, f.limit],
    );
  },

  /** Parents of the class's current students (a class teacher writes to all of them at once). */
  async classParentIds(db: Queryable, schoolId: string, classId: string) {
    const rows = await db.query<{ parent_id: string }>(
      `SELECT DISTINCT l.parent_id FROM enrollments e
         JOIN parent_links l ON l.school_id = e.school_id AND l.student_id = e.student_id
        WHERE e.school_id = $1 AND e.class_id = $2 AND e.to_date IS NULL`,
      [schoolId, classId],
    );
    return rows.map((r) => r.parent_id);
  },

  async createThread(tx: Queryable, t: { schoolId: string; subject: string; createdBy: string; batchId: string | null; at: Date }) {
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO message_threads (school_id, subject, created_by, batch_id, created_at, last_message_at)
       VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`,
      [t.schoolId, t.subject, t.createdBy, t.batchId, t.at],
    );
    return row.id;
  },

  /** Adds participants; the sender has read their own message. */
  async addParticipants(tx: Queryable, schoolId: string, threadId: string, personIds: string[], senderId: string, at: Date) {
    await tx.query(
      `INSERT INTO message_participants (school_id, thread_id, person_id, last_read_at)
       SELECT $1, $2, x.id, CASE WHEN x.id = $4 THEN $5::timestamptz END FROM unnest($3::uuid[]) AS x(id)
       ON CONFLICT DO NOTHING`,
      [schoolId, threadId, personIds, senderId, at],
    );
  },

  async insertMessage(tx: Queryable, m: { schoolId: string; threadId: string; senderId: string; body: string; at: Date }) {
    const [row] = await tx.query<{ id: string }>(
      'INSERT INTO messages (school_id, thread_id, sender_id, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [m.schoolId, m.threadId, m.senderId, m.body, m.at],
    );
    // A new message brings the thread back to everyone's inbox; the sender has read it.
    await tx.query('UPDATE message_threads SET last_message_at = $3 WHERE school_id = $1 AND id = $2', [m.schoolId, m.threadId, m.at]);
    await tx.query(
      'UPDATE message_participants SET archived = false, last_read_at = CASE WHEN person_id = $3 THEN $4::timestamptz ELSE last_read_at END WHERE school_id = $1 AND thread_id = $2',
      [m.schoolId, m.threadId, m.senderId, m.at],
    );
    return row.id;
  },

  async insertDraftFile(
    db: Queryable,
    f: { schoolId: string; name: string; contentType: string; content: Buffer; sha256: string; uploadedBy: string },
  ) {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO files (school_id, owner_kind, owner_id, name, content_type, size, sha256, content, uploaded_by)
       VALUES ($1, 'message_draft', NULL, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [f.schoolId, f.name, f.contentType, f.content.length, f.sha256, f.content, f.uploadedBy],
    );
    return row.id;
  },

  /** Attaches the sender's own uploaded drafts to a message; returns the ids attached. */
  async claimDrafts(tx: Queryable, schoolId: string, uploaderId: string, fileIds: string[], messageId: string) {
    const rows = await tx.query<{ id: string }>(
      `UPDATE files SET owner_kind = 'message', owner_id = $4
        WHERE school_id = $1 AND id = ANY($3::uuid[]) AND owner_kind = 'message_draft' AND uploaded_by = $2
        RETURNING id`,
      [schoolId, uploaderId, fileIds, messageId],
    );
    return rows.map((r) => r.id);
  },

  /** The same attachments for another message of a mass message (each family's copy is its own). */
  async copyFiles(tx: Queryable, schoolId: string, fileIds: string[], messageId: string) {
    await tx.query(
      `INSERT INTO files (school_id, owner_kind, owner_id, name, content_type, size, sha256, content, uploaded_by, created_at)
       SELECT school_id, 'message', $3, name, content_type, size, sha256, content, uploaded_by, created_at
         FROM files WHERE school_id = $1 AND id = ANY($2::uuid[])`,
      [schoolId, fileIds, messageId],
    );
  },

  /** The user's threads (all their schools), newest first, with unread counts and the last message; one query. */
  async threads(db: Queryable, me: PersonKeys, f: { archived: boolean; q: string | null; limit: number; offset: number }) {
    return db.query<ThreadListRow>(
      `SELECT t.school_id, t.id, t.subject, t.last_message_at, mp.archived, mp.person_id,
              (SELECT count(*) FROM messages m WHERE m.school_id = t.school_id AND m.thread_id = t.id AND m.sender_id <> mp.person_id
                  AND (mp.last_read_at IS NULL OR m.created_at > mp.last_read_at)) AS unread,
              (SELECT json_build_object('body', left(m.body, 200), 'senderName', s.last_name || ' ' || s.first_name, 'createdAt', m.created_at)
                 FROM messages m JOIN persons s ON s.school_id = m.school_id AND s.id = m.sender_id
                WHERE m.school_id = t.school_id AND m.thread_id = t.id ORDER BY m.created_at DESC LIMIT 1) AS last_message,
              COALESCE((SELECT json_agg(json_build_object('id', o.id, 'name', o.last_name || ' ' || o.first_name) ORDER BY o.last_name)
                 FROM message_participants op JOIN persons o ON o.school_id = op.school_id AND o.id = op.person_id
                WHERE op.school_id = t.school_id AND op.thread_id = t.id AND op.person_id <> mp.person_id), '[]') AS participants
         FROM message_participants mp
         JOIN message_threads t ON t.school_id = mp.school_id AND t.id = mp.thread_id
        WHERE (mp.school_id, mp.person_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))
          AND mp.archived = $3
          AND ($4::text IS NULL OR t.subject ILIKE '%' || $4 || '%'
               OR EXISTS (SELECT 1 FROM messages m WHERE m.school_id = t.school_id AND m.thread_id = t.id AND m.body ILIKE '%' || $4 || '%'))
        ORDER BY t.last_message_at DESC, t.id
        LIMIT $5 OFFSET $6`,
      [me.schoolIds, me.personIds, f.archived, f.q, f.limit, f.offset],
    );
  },

  async unreadTotal(db: Queryable, me: PersonKeys) {
    const [row] = await db.query<{ messages: number; threads: number }>(
      `SELECT count(*) AS messages, count(DISTINCT (m.school_id, m.thread_id)) AS threads
         FROM message_participants mp
         JOIN messages m ON m.school_id = mp.school_id AND m.thread_id = mp.thread_id
        WHERE (mp.school_id, mp.person_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))
          AND m.sender_id <> mp.person_id AND (mp.last_read_at IS NULL OR m.created_at > mp.last_read_at)`,
      [me.schoolIds, me.personIds],
    );
    return row;
  },

  /** The thread if the user takes part in it (in one of their schools); otherwise nothing. */
  async participation(db: Queryable, me: PersonKeys, threadId: string) {
    const [row] = await db.query<{
      school_id: string;
      person_id: string;
      subject: string;
      archived: boolean;
      last_read_at: Date | null;
      batch_id: string | null;
    }>(
      `SELECT mp.school_id, mp.person_id, t.subject, mp.archived, mp.last_read_at, t.batch_id
         FROM message_participants mp JOIN message_threads t ON t.school_id = mp.school_id AND t.id = mp.thread_id
        WHERE (mp.school_id, mp.person_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[])) AND mp.thread_id = $3`,
      [me.schoolIds, me.personIds, threadId],
    );
    return row;
  },

  async participants(db: Queryable, schoolId: string, threadId: string) {
    return db.query<{ id: string; name: string; roles: Role[] }>(
      `SELECT p.id, ${NAME('p')} AS name,
              COALESCE((SELECT array_agg(m.role) FROM memberships m WHERE m.school_id = p.school_id AND m.person_id = p.id), '{}') AS roles
         FROM message_participants mp JOIN persons p ON p.school_id = mp.school_id AND p.id = mp.person_id
        WHERE mp.school_id = $1 AND mp.thread_id = $2
        ORDER BY p.last_name, p.first_name`,
      [schoolId, threadId],
    );
  },

  async messages(db: Queryable, schoolId: string, threadId: string) {
    return db.query<{
      id: string;
      sender_id: string;
      sender_name: string;
      body: string;
      created_at: Date;
      files: { id: string; name: string; size: number; contentType: string }[];
    }>(
      `SELECT m.id, m.sender_id, ${NAME('s')} AS sender_name, m.body, m.created_at,
              COALESCE((SELECT json_agg(json_build_object('id', f.id, 'name', f.name, 'size', f.size, 'contentType', f.content_type) ORDER BY f.created_at, f.name)
                          FROM files f WHERE f.school_id = m.school_id AND f.owner_kind = 'message' AND f.owner_id = m.id), '[]') AS files
         FROM messages m JOIN persons s ON s.school_id = m.school_id AND s.id = m.sender_id
        WHERE m.school_id = $1 AND m.thread_id = $2
        ORDER BY m.created_at, m.id`,
      [schoolId, threadId],
    );
  },

  async markThreadRead(db: Queryable, schoolId: string, threadId: string, personId: string) {
    await db.query(
      `UPDATE message_participants SET last_read_at = GREATEST(COALESCE(last_read_at, '-infinity'),
              COALESCE((SELECT max(created_at) FROM messages WHERE school_id = $1 AND thread_id = $2), '-infinity'))
        WHERE school_id = $1 AND thread_id = $2 AND person_id = $3`,
      [schoolId, threadId, personId],
    );
  },

  async setArchived(db: Queryable, schoolId: string, threadId: string, personId: string, archived: boolean) {
    await db.query('UPDATE message_participants SET archived = $4 WHERE school_id = $1 AND thread_id = $2 AND person_id = $3', [
      schoolId,
      threadId,
      personId,
      archived,
    ]);
  },

  async block(db: Queryable, schoolId: string, blockerId: string, blockedId: string, at: Date) {
    await db.query(
      'INSERT INTO message_blocks (school_id, blocker_id, blocked_id, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [schoolId, blockerId, blockedId, at],
    );
  },

  async unblock(db: Queryable, schoolId: string, blockerId: string, blockedId: string) {
    await db.query('DELETE FROM message_blocks WHERE school_id = $1 AND blocker_id = $2 AND blocked_id = $3', [
      schoolId,
      blockerId,
      blockedId,
    ]);
  },

  async blocks(db: Queryable, me: PersonKeys) {
    return db.query<{ school_id: string; blocked_id: string; name: string; created_at: Date }>(
      `SELECT b.school_id, b.blocked_id, ${NAME('p')} AS name, b.created_at
         FROM message_blocks b JOIN persons p ON p.school_id = b.school_id AND p.id = b.blocked_id
        WHERE (b.school_id, b.blocker_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))
        ORDER BY p.last_name, p.first_name`,
      [me.schoolIds, me.personIds],
    );
  },

  /** A message the user can see (they take part in its thread), with its thread and sender. */
  async visibleMessage(db: Queryable, me: PersonKeys, messageId: string) {
    const [row] = await db.query<{ school_id: string; id: string; thread_id: string; sender_id: string; body: string; person_id: string }>(
      `SELECT m.school_id, m.id, m.thread_id, m.sender_id, m.body, mp.person_id
         FROM messages m JOIN message_participants mp ON mp.school_id = m.school_id AND mp.thread_id = m.thread_id
        WHERE (mp.school_id, mp.person_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[])) AND m.id = $3`,
      [me.schoolIds, me.personIds, messageId],
    );
    return row;
  },

  async insertReport(
    tx: Queryable,
    r: { schoolId: string; messageId: string; reporterId: string; reason: string; text: string; at: Date },
  ) {
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO message_reports (school_id, message_id, reporter_id, reason, message_text, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (school_id, message_id, reporter_id) DO UPDATE SET reason = EXCLUDED.reason
       RETURNING id`,
      [r.schoolId, r.messageId, r.reporterId, r.reason, r.text, r.at],
    );
    return row.id;
  },

  async reports(db: Queryable, schoolIds: string[], open: boolean) {
    return db.query<{
      id: string;
      school_id: string;
      message_id: string;
      thread_id: string;
      reason: string;
      message_text: string;
      created_at: Date;
      reporter_name: string;
      sender_id: string;
      sender_name: string;
      resolved_at: Date | null;
      resolution: string | null;
    }>(
      `SELECT r.id, r.school_id, r.message_id, m.thread_id, r.reason, r.message_text, r.created_at, r.resolved_at, r.resolution,
              ${NAME('rp')} AS reporter_name, m.sender_id, ${NAME('sp')} AS sender_name
         FROM message_reports r
         JOIN messages m ON m.school_id = r.school_id AND m.id = r.message_id
         JOIN persons rp ON rp.school_id = r.school_id AND rp.id = r.reporter_id
         JOIN persons sp ON sp.school_id = m.school_id AND sp.id = m.sender_id
        WHERE r.school_id = ANY($1::uuid[]) AND (r.resolved_at IS NULL) = $2
        ORDER BY r.created_at DESC
        LIMIT 200`,
      [schoolIds, open],
    );
  },

  async resolveReport(db: Queryable, schoolIds: string[], reportId: string, by: Map<string, string>, resolution: string, at: Date) {
    const [found] = await db.query<{ school_id: string }>(
      'SELECT school_id FROM message_reports WHERE school_id = ANY($1::uuid[]) AND id = $2',
      [schoolIds, reportId],
    );
    if (!found) return undefined;
    await db.query('UPDATE message_reports SET resolved_at = $3, resolved_by = $4, resolution = $5 WHERE school_id = $1 AND id = $2', [
      found.school_id,
      reportId,
      at,
      by.get(found.school_id),
      resolution,
    ]);
    return found.school_id;
  },

  /** An attachment with what decides who may read it: its message's thread, or its uploader while a draft. */
  async fileFacts(db: Queryable, schoolIds: string[], fileId: string) {
    const [row] = await db.query<{
      school_id: string;
      id: string;
      owner_kind: string;
      owner_id: string | null;
      uploaded_by: string | null;
      name: string;
      content_type: string;
      thread_id: string | null;
    }>(
      `SELECT f.school_id, f.id, f.owner_kind, f.owner_id, f.uploaded_by, f.name, f.content_type,
              (SELECT m.thread_id FROM messages m WHERE m.school_id = f.school_id AND m.id = f.owner_id) AS thread_id
         FROM files f WHERE f.school_id = ANY($1::uuid[]) AND f.id = $2 AND f.owner_kind IN ('message', 'message_draft')`,
      [schoolIds, fileId],
    );
    return row;
  },

  async isParticipant(db: Queryable, schoolId: string, threadId: string, personId: string) {
    const [row] = await db.query<{ ok: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM message_participants WHERE school_id = $1 AND thread_id = $2 AND person_id = $3) AS ok',
      [schoolId, threadId, personId],
    );
    return row.ok;
  },

  async fileContent(db: Queryable, schoolId: string, id: string) {
    const [row] = await db.query<{ content: Uint8Array }>('SELECT content FROM files WHERE school_id = $1 AND id = $2', [schoolId, id]);
    return row ? Buffer.from(row.content) : undefined;
  },
};
