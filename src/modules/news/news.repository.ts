import type { Queryable } from '../../db/client';
import type { Role } from '../../domain/policy';

export interface PostRow {
  school_id: string;
  id: string;
  kind: 'news' | 'announcement' | 'event';
  audience: 'school' | 'class' | 'staff';
  class_id: string | null;
  class_name: string | null;
  title: string;
  body: string;
  event_date: string | null;
  event_end_date: string | null;
  event_time: string | null;
  event_place: string | null;
  author_id: string;
  author_name: string;
  published_at: Date;
  updated_at: Date;
  read_at: Date | null;
  read_count: number;
}

export interface PostInput {
  kind: 'news' | 'announcement' | 'event';
  audience: 'school' | 'class' | 'staff';
  classId: string | null;
  title: string;
  body: string;
  eventDate: string | null;
  eventEndDate: string | null;
  eventTime: string | null;
  eventPlace: string | null;
}

/** What limits the posts a reader sees (see maySeePost in src/domain/messaging.ts), as SQL parameters. */
export interface VisibleFilter {
  personId: string;
  isStaff: boolean;
  isAdministration: boolean;
  classIds: string[];
}

const SELECT_POST = `
  SELECT np.school_id, np.id, np.kind, np.audience, np.class_id, c.grade || c.letter AS class_name, np.title, np.body,
         np.event_date, np.event_end_date, to_char(np.event_time, 'HH24:MI') AS event_time, np.event_place,
         np.author_id, a.last_name || ' ' || a.first_name || COALESCE(' ' || a.middle_name, '') AS author_name,
         np.published_at, np.updated_at,
         (SELECT r.read_at FROM news_reads r WHERE r.school_id = np.school_id AND r.post_id = np.id AND r.person_id = $2) AS read_at,
         (SELECT count(*) FROM news_reads r WHERE r.school_id = np.school_id AND r.post_id = np.id) AS read_count
    FROM news_posts np
    JOIN persons a ON a.school_id = np.school_id AND a.id = np.author_id
    LEFT JOIN classes c ON c.school_id = np.school_id AND c.id = np.class_id`;

const VISIBLE = `(np.audience = 'school' OR (np.audience = 'staff' AND $3) OR (np.audience = 'class' AND ($4 OR np.class_id = ANY($5::uuid[]))))`;

/** The audience of a post, as people: the same rule as its notifications. */
const AUDIENCE = `
  SELECT m.person_id FROM news_posts p JOIN memberships m ON m.school_id = p.school_id
   WHERE p.school_id = $1 AND p.id = $2 AND (p.audience = 'school' OR (p.audience = 'staff' AND m.role NOT IN ('student', 'parent')))
  UNION SELECT e.student_id FROM news_posts p JOIN enrollments e ON e.school_id = p.school_id AND e.class_id = p.class_id AND e.to_date IS NULL
   WHERE p.school_id = $1 AND p.id = $2 AND p.audience = 'class'
  UNION SELECT l.parent_id FROM news_posts p JOIN enrollments e ON e.school_id = p.school_id AND e.class_id = p.class_id AND e.to_date IS NULL
    JOIN parent_links l ON l.school_id = e.school_id AND l.student_id = e.student_id WHERE p.school_id = $1 AND p.id = $2 AND p.audience = 'class'
  UNION SELECT c.class_teacher_id FROM news_posts p JOIN classes c ON c.school_id = p.school_id AND c.id = p.class_id
   WHERE p.school_id = $1 AND p.id = $2 AND p.audience = 'class' AND c.class_teacher_id IS NOT NULL
  UNION SELECT jp.teacher_id FROM news_posts p JOIN journal_pages jp ON jp.school_id = p.school_id AND jp.class_id = p.class_id
   WHERE p.school_id = $1 AND p.id = $2 AND p.audience = 'class'`;

/** News, announcements and the events calendar: the only SQL of the news module. */
export const newsRepository = {
  /** Roles and classes of a reader: own class (student), children's (parent), taught or led (teacher); one query. */
  async readerContext(db: Queryable, schoolId: string, personId: string) {
    const [row] = await db.query<{ roles: Role[]; class_ids: string[]; led_class_ids: string[] }>(
      `SELECT COALESCE((SELECT array_agg(m.role) FROM memberships m WHERE m.school_id = $1 AND m.person_id = $2), '{}') AS roles,
              COALESCE((SELECT array_agg(DISTINCT x.id) FROM (
                  SELECT e.class_id AS id FROM enrollments e WHERE e.school_id = $1 AND e.to_date IS NULL
                     AND (e.student_id = $2 OR e.student_id IN (SELECT l.student_id FROM parent_links l WHERE l.school_id = $1 AND l.parent_id = $2))
                  UNION SELECT jp.class_id FROM journal_pages jp WHERE jp.school_id = $1 AND jp.teacher_id = $2
                  UNION SELECT c.id FROM classes c WHERE c.school_id = $1 AND c.class_teacher_id = $2) x), '{}') AS class_ids,
              COALESCE((SELECT array_agg(c.id) FROM classes c WHERE c.school_id = $1 AND c.class_teacher_id = $2), '{}') AS led_class_ids`,
      [schoolId, personId],
    );
    return row;
  },

  async list(
    db: Queryable,
    schoolId: string,
    v: VisibleFilter,
    f: {
      kind: string | null;
      audience: string | null;
      classId: string | null;
      from: string | null;
      to: string | null;
      limit: number;
      offset: number;
    },
  ) {
    return db.query<PostRow>(
      `${SELECT_POST}
        WHERE np.school_id = $1 AND ${VISIBLE}
          AND ($6::text IS NULL OR np.kind = $6) AND ($7::text IS NULL OR np.audience = $7) AND ($8::uuid IS NULL OR np.class_id = $8)
          AND ($9::date IS NULL OR COALESCE(np.event_end_date, np.event_date) >= $9)
          AND ($10::date IS NULL OR np.event_date <= $10)
        ORDER BY CASE WHEN $9::date IS NULL THEN NULL ELSE np.event_date END, np.published_at DESC, np.id
        LIMIT $11 OFFSET $12`,
      [schoolId, v.personId, v.isStaff, v.isAdministration, v.classIds, f.kind, f.audience, f.classId, f.from, f.to, f.limit, f.offset],
    );
  },

  /** A post of one of the schools, with the reader's receipt. */
  async get(db: Queryable, schoolIds: string[], personIds: string[], postId: string) {
    const [row] = await db.query<PostRow>(
      `${SELECT_POST.replace('AND r.person_id = $2', 'AND r.person_id = ANY($2::uuid[])')}
        WHERE np.school_id = ANY($1::uuid[]) AND np.id = $3`,
      [schoolIds, personIds, postId],
    );
    return row;
  },

  async insert(db: Queryable, schoolId: string, authorId: string, p: PostInput, at: Date) {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO news_posts (school_id, kind, audience, class_id, title, body, event_date, event_end_date, event_time, event_place, author_id, published_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
      [schoolId, p.kind, p.audience, p.classId, p.title, p.body, p.eventDate, p.eventEndDate, p.eventTime, p.eventPlace, authorId, at],
    );
    return row.id;
  },

  async update(db: Queryable, schoolId: string, postId: string, p: PostInput, at: Date) {
    await db.query(
      `UPDATE news_posts SET kind = $3, audience = $4, class_id = $5, title = $6, body = $7, event_date = $8, event_end_date = $9,
              event_time = $10, event_place = $11, updated_at = $12
        WHERE school_id = $1 AND id = $2`,
      [schoolId, postId, p.kind, p.audience, p.classId, p.title, p.body, p.eventDate, p.eventEndDate, p.eventTime, p.eventPlace, at],
    );
  },

  async remove(db: Queryable, schoolId: string, postId: string) {
    await db.query('DELETE FROM news_posts WHERE school_id = $1 AND id = $2', [schoolId, postId]);
  },

  async markRead(db: Queryable, schoolId: string, postId: string, personId: string, at: Date) {
    await db.query('INSERT INTO news_reads (school_id, post_id, person_id, read_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
      schoolId,
      postId,
      personId,
      at,
    ]);
  },

  /** Read receipts: everyone the post is for, with when they read it (null = not yet); one query. */
  async receipts(db: Queryable, schoolId: string, postId: string) {
    return db.query<{ person_id: string; name: string; roles: Role[]; read_at: Date | null }>(
      `SELECT p.id AS person_id, p.last_name || ' ' || p.first_name || COALESCE(' ' || p.middle_name, '') AS name,
              COALESCE((SELECT array_agg(m.role) FROM memberships m WHERE m.school_id = p.school_id AND m.person_id = p.id), '{}') AS roles,
              r.read_at
         FROM (${AUDIENCE}) a
         JOIN persons p ON p.school_id = $1 AND p.id = a.person_id
         JOIN news_posts np ON np.school_id = $1 AND np.id = $2
         LEFT JOIN news_reads r ON r.school_id = $1 AND r.post_id = $2 AND r.person_id = p.id
        WHERE p.id <> np.author_id
        ORDER BY r.read_at IS NULL, p.last_name, p.first_name`,
      [schoolId, postId],
    );
  },

  async classSchool(db: Queryable, schoolIds: string[], classId: string) {
    const [row] = await db.query<{ school_id: string }>('SELECT school_id FROM classes WHERE school_id = ANY($1::uuid[]) AND id = $2', [
      schoolIds,
      classId,
    ]);
    return row?.school_id;
  },
};
