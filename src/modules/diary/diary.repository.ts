import type { Db, Queryable } from '../../db/client';

/**
 * The diary's queries [DOMAIN §7]. Families open the diary every day, a whole region at once, so each
 * view is ONE statement: the lessons, homework, marks and absences come back as JSON aggregates of one
 * row, and the view is recorded for the participation reports [000 §9] by a data-modifying CTE of the
 * same statement (no extra round trip; it commits or fails with the read).
 *
 * Which lessons are the student's [issue 6 data rules]:
 * - lessons of the class the student was enrolled in on the lesson's date (enrollments from/to, both
 *   included), so a student who moved mid-period sees each class's lessons for the days spent there;
 * - lessons of a subgroup's page only when the student is a member of that subgroup;
 * - marks are the student's own wherever they were given (by student_id, not by the current class).
 */

/** Who looked, for the activity row; null records nothing (the calendar feed polls, nobody looks). */
export interface Viewer {
  personId: string;
}

/** `INSERT … 'diary_view'` as a CTE; $1 = school, $2 = student, `$n` = the viewer's person or NULL. */
const recordView = (viewerParam: string) => `
  viewed AS (
    INSERT INTO activity (school_id, person_id, kind, subject_person_id)
    SELECT $1::uuid, ${viewerParam}::uuid, 'diary_view', $2::uuid WHERE ${viewerParam}::uuid IS NOT NULL
  )`;

/**
 * Goes in the select list of a statement that records a view: its commit then does not wait for the
 * WAL flush (an fsync costs more than the whole read). At worst a crash forgets the last views of a
 * fraction of a second — a participation count, never a mark. Only this statement's transaction is
 * affected (set_config(…, true) is local to it), so journal writes keep their durable commits.
 */
const ASYNC_COMMIT = "set_config('synchronous_commit', 'off', true) AS async_commit";

/** The student's stays in classes overlapping [from, to], clipped to it. $1 school, $2 student. */
const staysBetween = (from: string, to: string) => `
  SELECT e.class_id, greatest(e.from_date, ${from}::date) AS from_date, least(COALESCE(e.to_date, ${to}::date), ${to}::date) AS to_date
    FROM enrollments e
   WHERE e.school_id = $1::uuid AND e.student_id = $2::uuid AND e.from_date <= ${to}::date
     AND (e.to_date IS NULL OR e.to_date >= ${from}::date)`;

/** The journal pages a student is on in a class: the whole-class pages and the pages of own subgroups. */
const STUDENT_PAGE_FILTER = `(jp.subgroup_id IS NULL OR EXISTS (SELECT 1 FROM subgroup_members sm
      WHERE sm.school_id = $1::uuid AND sm.subgroup_id = jp.subgroup_id AND sm.student_id = $2::uuid))`;

/**
 * The student's lessons in [from, to]: of the class they were in on each date, subgroup pages only for
 * members. The plain date range is repeated so that it is an index condition of lessons_page_date_idx;
 * the stay's own dates then only trim the edges.
 */
const studentLessons = (from: string, to: string) => `
  SELECT l.id, l.date, l.number, l.room, l.topic, l.substitute_teacher_id, jp.subject_id, jp.teacher_id, jp.subgroup_id
    FROM (${staysBetween(from, to)}) st
    JOIN journal_pages jp ON jp.school_id = $1::uuid AND jp.class_id = st.class_id
    JOIN lessons l ON l.school_id = $1::uuid AND l.page_id = jp.id AND l.date BETWEEN ${from}::date AND ${to}::date
                  AND l.date BETWEEN st.from_date AND st.to_date
   WHERE ${STUDENT_PAGE_FILTER}`;

const TEACHER_SHORT_NAME = `t.last_name || ' ' || left(t.first_name, 1) || '.' || COALESCE(left(t.middle_name, 1) || '.', '')`;

/** One lesson of the `week` CTE as JSON; `withAbsence` adds the student's attendance (the feed leaves it out). */
const lessonJson = (withAbsence: boolean) => `
  SELECT json_agg(json_build_object(
           'id', w.id, 'date', w.date, 'number', w.number,
           'startsAt', to_char(b.starts_at, 'HH24:MI'), 'endsAt', to_char(b.ends_at, 'HH24:MI'),
           'subjectId', w.subject_id, 'subjectName', s.name, 'subgroupName', sg.name,
           'teacherName', ${TEACHER_SHORT_NAME}, 'room', w.room, 'topic', w.topic,
           'homeworkText', hw.text, 'homeworkDue', hw.due_date,
           'absence', ${withAbsence ? 'a.code' : 'NULL'}, 'lateMinutes', ${withAbsence ? 'a.minutes' : 'NULL'})
           ORDER BY w.date, w.number, s.name)
    FROM week w
    JOIN subjects s ON s.school_id = $1::uuid AND s.id = w.subject_id
    LEFT JOIN subgroups sg ON sg.school_id = $1::uuid AND sg.id = w.subgroup_id
    LEFT JOIN persons t ON t.school_id = $1::uuid AND t.id = COALESCE(w.substitute_teacher_id, w.teacher_id)
    LEFT JOIN LATERAL (
      -- the bells in force on the lesson's date [004 admin]
      SELECT bs.starts_at, bs.ends_at FROM bell_schedule bs
       WHERE bs.school_id = $1::uuid AND bs.number = w.number AND bs.valid_from <= w.date
       ORDER BY bs.valid_from DESC LIMIT 1) b ON true
    LEFT JOIN homework hw ON hw.school_id = $1::uuid AND hw.lesson_id = w.id
    ${withAbsence ? 'LEFT JOIN attendance a ON a.school_id = $1::uuid AND a.lesson_id = w.id AND a.student_id = $2::uuid' : ''}`;

export interface WeekLessonJson {
  id: string;
  date: string;
  number: number;
  startsAt: string | null;
  endsAt: string | null;
  subjectId: string;
  subjectName: string;
  subgroupName: string | null;
  teacherName: string | null;
  room: string | null;
  topic: string | null;
  homeworkText: string | null;
  homeworkDue: string | null;
  absence: string | null;
  lateMinutes: number | null;
}

export interface MarkJson {
  id: string;
  lessonId: string;
  value: string;
  comment: string | null;
  workType: string;
  workTitle: string | null;
  weight: number | null;
}

export interface FileJson {
  id: string;
  lessonId: string;
  name: string;
  size: number;
  contentType: string;
}

export interface WeekRow {
  time_zone: string;
  /** The classes the student was in during [from, to]: a change in any of them makes the week stale. */
  class_ids: string[] | null;
  settings: Record<string, unknown>;
  student_name: string | null;
  class_name: string | null;
  holidays: { name: string; startsOn: string; endsOn: string }[] | null;
  lessons: WeekLessonJson[] | null;
  marks: MarkJson[] | null;
  files: FileJson[] | null;
}

export interface PeriodJson {
  id: string;
  yearId: string;
  number: number;
  name: string;
  startsOn: string;
  endsOn: string;
  closed: boolean;
}

export interface PeriodMarkJson {
  id: string;
  subjectId: string;
  date: string;
  lessonNumber: number;
  topic: string | null;
  value: string;
  comment: string | null;
  workType: string;
  workTitle: string | null;
  weight: number | null;
}

export interface FinalMarkJson {
  subjectId: string;
  kind: 'period' | 'year' | 'exam' | 'final';
  periodId: string | null;
  value: string;
  confirmedAt: string;
}

export interface SubjectJson {
  id: string;
  name: string;
  passFail: boolean;
}

export interface HomeworkJson {
  lessonId: string;
  date: string;
  subjectId: string;
  subjectName: string;
  topic: string | null;
  text: string;
  dueDate: string;
}

export interface FeedRow {
  id: string;
  school_id: string;
  student_id: string;
  student_name: string;
  created_at: Date;
  last_used_at: Date | null;
}

export const diaryRepository = {
  /**
   * The diary for [from, to] in one statement (the hot path): lessons with bell times, subject, teacher,
   * topic, homework and the student's absence; the student's marks and the homework files of those
   * lessons; holidays; the school's settings and time zone. Records the view when `viewer` is given.
   */
  async week(db: Queryable, schoolId: string, studentId: string, from: string, to: string) {
    const [row] = await db.query<WeekRow>(
      `WITH week AS (${studentLessons('$3', '$4')}
       )
       SELECT sc.time_zone, sc.settings,
              (SELECT json_agg(DISTINCT st.class_id) FROM (${staysBetween('$3', '$4')}) st) AS class_ids,
              (SELECT p.last_name || ' ' || p.first_name FROM persons p WHERE p.school_id = $1::uuid AND p.id = $2::uuid) AS student_name,
              (SELECT c.grade || c.letter FROM enrollments e JOIN classes c ON c.school_id = e.school_id AND c.id = e.class_id
                WHERE e.school_id = $1::uuid AND e.student_id = $2::uuid AND e.from_date <= $4::date
                ORDER BY e.from_date DESC LIMIT 1) AS class_name,
              (SELECT json_agg(json_build_object('name', h.name, 'startsOn', h.starts_on, 'endsOn', h.ends_on) ORDER BY h.starts_on)
                 FROM holidays h WHERE h.school_id = $1::uuid AND h.starts_on <= $4::date AND h.ends_on >= $3::date
                  -- [DOMAIN §2] a holiday of some grades shows only to a student in a class of those grades then
                  AND (h.from_grade IS NULL OR EXISTS (
                        SELECT 1 FROM (${staysBetween('$3', '$4')}) st
                          JOIN classes c ON c.school_id = $1::uuid AND c.id = st.class_id
                         WHERE c.year_id = h.year_id AND c.grade BETWEEN h.from_grade AND h.to_grade
                           AND st.from_date <= h.ends_on AND st.to_date >= h.starts_on))) AS holidays,
              (${lessonJson(true)}) AS lessons,
              (SELECT json_agg(json_build_object('id', m.id, 'lessonId', m.lesson_id, 'value', m.value, 'comment', m.comment,
                        'workType', wk.work_type, 'workTitle', wk.title, 'weight', wk.weight) ORDER BY wk.created_at, m.id)
                 FROM week w
                 JOIN marks m ON m.school_id = $1::uuid AND m.lesson_id = w.id AND m.student_id = $2::uuid
                 JOIN works wk ON wk.school_id = $1::uuid AND wk.id = m.work_id) AS marks,
              (SELECT json_agg(json_build_object('id', f.id, 'lessonId', f.owner_id, 'name', f.name, 'size', f.size,
                        'contentType', f.content_type) ORDER BY f.created_at, f.id)
                 FROM week w
                 JOIN files f ON f.school_id = $1::uuid AND f.owner_kind = 'homework' AND f.owner_id = w.id) AS files
         FROM schools sc WHERE sc.id = $1::uuid`,
      [schoolId, studentId, from, to],
    );
    return row;
  },

  /** The primary's current WAL position (PostgreSQL). */
  async primaryPosition(db: Queryable): Promise<string> {
    const [row] = await db.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    return row.lsn;
  },

  /** Whether a streaming replica has replayed the WAL up to `lsn` (false when it is not a replica). */
  async replayedUpTo(replica: Queryable, lsn: string): Promise<boolean> {
    const [row] = await replica.query<{ ok: boolean | null }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok', [lsn]);
    return row.ok === true;
  },

  /**
   * Diary views of week requests, many in one statement (the week view batches them in memory for up to
   * a second), committed without waiting for the WAL flush — a participation count, never a mark.
   */
  async recordViews(db: Db, views: readonly { schoolId: string; personId: string; studentId: string; at: Date }[]) {
    if (views.length === 0) return;
    await db.tx(async (tx) => {
      await tx.query("SELECT set_config('synchronous_commit', 'off', true)");
      await tx.query(
        `INSERT INTO activity (school_id, person_id, kind, subject_person_id, at)
         SELECT s, p, 'diary_view', st, t FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[]) AS v(s, p, st, t)`,
        [views.map((v) => v.schoolId), views.map((v) => v.personId), views.map((v) => v.studentId), views.map((v) => v.at)],
      );
    });
  },

  /**
   * The periods a marks view chooses from, with the school's settings: those of `periodId`'s year and
   * scheme when given, else those of the student's latest class. Records the view.
   */
  async periodsFor(db: Queryable, schoolId: string, studentId: string, periodId: string | null, viewer: Viewer | null) {
    const [row] = await db.query<{ time_zone: string; settings: Record<string, unknown>; periods: PeriodJson[] | null }>(
      `WITH ${recordView('$4')},
       chosen AS (
         SELECT p.year_id, p.scheme FROM periods p WHERE p.school_id = $1::uuid AND p.id = $3::uuid
         UNION ALL
         SELECT * FROM (SELECT c.year_id, c.period_scheme FROM enrollments e
                          JOIN classes c ON c.school_id = e.school_id AND c.id = e.class_id
                         WHERE e.school_id = $1::uuid AND e.student_id = $2::uuid AND $3::uuid IS NULL
                         ORDER BY e.from_date DESC LIMIT 1) latest
       )
       SELECT sc.time_zone, sc.settings, ${ASYNC_COMMIT},
              (SELECT json_agg(json_build_object('id', p.id, 'yearId', p.year_id, 'number', p.number, 'name', p.name,
                        'startsOn', p.starts_on, 'endsOn', p.ends_on, 'closed', p.closed_at IS NOT NULL) ORDER BY p.starts_on, p.number)
                 FROM chosen ch JOIN periods p ON p.school_id = $1::uuid AND p.year_id = ch.year_id AND p.scheme = ch.scheme) AS periods
         FROM schools sc WHERE sc.id = $1::uuid`,
      [schoolId, studentId, periodId, viewer?.personId ?? null],
    );
    return row;
  },

  /**
   * A student's marks of [from, to] by subject, the subjects of the pages the student was on then (so a
   * subject without marks still shows), and the final marks of the year. Marks follow the student, so
   * a transfer mid-period brings the marks of both classes [issue 6].
   */
  async periodMarks(db: Queryable, schoolId: string, studentId: string, from: string, to: string, yearId: string) {
    const [row] = await db.query<{ marks: PeriodMarkJson[] | null; subjects: SubjectJson[] | null; finals: FinalMarkJson[] | null }>(
      `WITH mine AS (
         SELECT m.id, jp.subject_id, l.date, l.number, l.topic, m.value, m.comment, w.work_type, w.title, w.weight, w.created_at
           FROM marks m
           JOIN lessons l ON l.school_id = m.school_id AND l.id = m.lesson_id
           JOIN works w ON w.school_id = m.school_id AND w.id = m.work_id
           JOIN journal_pages jp ON jp.school_id = m.school_id AND jp.id = m.page_id
          WHERE m.school_id = $1::uuid AND m.student_id = $2::uuid AND l.date BETWEEN $3::date AND $4::date
       ),
       finals AS (
         SELECT f.subject_id, f.kind, f.period_id, f.value, f.confirmed_at
           FROM final_marks f JOIN journal_pages jp ON jp.school_id = f.school_id AND jp.id = f.page_id
          WHERE f.school_id = $1::uuid AND f.student_id = $2::uuid AND jp.year_id = $5::uuid
       ),
       subject_ids AS (
         SELECT jp.subject_id FROM (${staysBetween('$3', '$4')}) st
           JOIN journal_pages jp ON jp.school_id = $1::uuid AND jp.class_id = st.class_id
          WHERE ${STUDENT_PAGE_FILTER}
         UNION SELECT subject_id FROM mine
         UNION SELECT subject_id FROM finals
       )
       SELECT (SELECT json_agg(json_build_object('id', id, 'subjectId', subject_id, 'date', date, 'lessonNumber', number,
                        'topic', topic, 'value', value, 'comment', comment, 'workType', work_type, 'workTitle', title,
                        'weight', weight) ORDER BY date, number, created_at, id) FROM mine) AS marks,
              (SELECT json_agg(json_build_object('id', s.id, 'name', s.name, 'passFail', s.pass_fail))
                 FROM subject_ids x JOIN subjects s ON s.school_id = $1::uuid AND s.id = x.subject_id) AS subjects,
              (SELECT json_agg(json_build_object('subjectId', subject_id, 'kind', kind, 'periodId', period_id, 'value', value,
                        'confirmedAt', confirmed_at)) FROM finals) AS finals`,
      [schoolId, studentId, from, to, yearId],
    );
    return row;
  },

  /**
   * The final marks of one year [DOMAIN §6] (period, year, exam, final), the years the student studied
   * in (earlier ones stay readable [002 §4.6]) and the periods that head the table. `yearId` null = the
   * current year, else the latest. Records the view.
   */
  async finals(db: Queryable, schoolId: string, studentId: string, yearId: string | null, viewer: Viewer | null) {
    const [row] = await db.query<{
      years: { id: string; name: string; status: string; startsOn: string }[] | null;
      year_id: string | null;
      periods: PeriodJson[] | null;
      subjects: SubjectJson[] | null;
      finals: FinalMarkJson[] | null;
    }>(
      `WITH ${recordView('$4')},
       stays AS (
         SELECT c.year_id, c.period_scheme FROM enrollments e JOIN classes c ON c.school_id = e.school_id AND c.id = e.class_id
          WHERE e.school_id = $1::uuid AND e.student_id = $2::uuid
       ),
       years AS (
         SELECT y.id, y.name, y.status, y.starts_on FROM academic_years y
          WHERE y.school_id = $1::uuid AND y.id IN (SELECT year_id FROM stays)
       ),
       chosen AS (
         SELECT id FROM years WHERE $3::uuid IS NULL OR id = $3::uuid
          ORDER BY (status = 'current') DESC, starts_on DESC LIMIT 1
       ),
       finals AS (
         SELECT f.subject_id, f.kind, f.period_id, f.value, f.confirmed_at
           FROM final_marks f JOIN journal_pages jp ON jp.school_id = f.school_id AND jp.id = f.page_id
          WHERE f.school_id = $1::uuid AND f.student_id = $2::uuid AND jp.year_id = (SELECT id FROM chosen)
       )
       SELECT ${ASYNC_COMMIT},
              (SELECT json_agg(json_build_object('id', id, 'name', name, 'status', status, 'startsOn', starts_on) ORDER BY starts_on DESC) FROM years) AS years,
              (SELECT id FROM chosen) AS year_id,
              (SELECT json_agg(json_build_object('id', p.id, 'yearId', p.year_id, 'number', p.number, 'name', p.name,
                        'startsOn', p.starts_on, 'endsOn', p.ends_on, 'closed', p.closed_at IS NOT NULL) ORDER BY p.starts_on, p.number)
                 FROM periods p
                WHERE p.school_id = $1::uuid AND p.year_id = (SELECT id FROM chosen)
                  AND (p.scheme IN (SELECT period_scheme FROM stays WHERE year_id = p.year_id)
                       OR p.id IN (SELECT period_id FROM finals))) AS periods,
              (SELECT json_agg(json_build_object('id', s.id, 'name', s.name, 'passFail', s.pass_fail))
                 FROM subjects s WHERE s.school_id = $1::uuid AND s.id IN (SELECT subject_id FROM finals)) AS subjects,
              (SELECT json_agg(json_build_object('subjectId', subject_id, 'kind', kind, 'periodId', period_id, 'value', value,
                        'confirmedAt', confirmed_at)) FROM finals) AS finals`,
      [schoolId, studentId, yearId, viewer?.personId ?? null],
    );
    return row;
  },

  /**
   * Homework due in [from, to], by due date, with its files. Homework is looked up from the lessons of
   * the student's pages up to `lookBackDays` before `from`: an assignment is given at a lesson before
   * it is due, and bounding the lessons keeps this an index range scan per page.
   */
  async homeworkDue(
    db: Queryable,
    schoolId: string,
    studentId: string,
    from: string,
    to: string,
    lookBackDays: number,
    viewer: Viewer | null,
  ) {
    const [row] = await db.query<{ time_zone: string; homework: HomeworkJson[] | null; files: FileJson[] | null }>(
      `WITH ${recordView('$6')},
       due AS (
         SELECT w.id AS lesson_id, w.date, w.subject_id, w.topic, h.text, h.due_date
           FROM (${studentLessons('($3::date - $5::int)', '$4')}) w
           JOIN homework h ON h.school_id = $1::uuid AND h.lesson_id = w.id AND h.due_date BETWEEN $3::date AND $4::date
       )
       SELECT sc.time_zone, ${ASYNC_COMMIT},
              (SELECT json_agg(json_build_object('lessonId', d.lesson_id, 'date', d.date, 'subjectId', d.subject_id,
                        'subjectName', s.name, 'topic', d.topic, 'text', d.text, 'dueDate', d.due_date) ORDER BY d.due_date, s.name, d.date)
                 FROM due d JOIN subjects s ON s.school_id = $1::uuid AND s.id = d.subject_id) AS homework,
              (SELECT json_agg(json_build_object('id', f.id, 'lessonId', f.owner_id, 'name', f.name, 'size', f.size,
                        'contentType', f.content_type) ORDER BY f.created_at, f.id)
                 FROM due d JOIN files f ON f.school_id = $1::uuid AND f.owner_kind = 'homework' AND f.owner_id = d.lesson_id) AS files
         FROM schools sc WHERE sc.id = $1::uuid`,
      [schoolId, studentId, from, to, lookBackDays, viewer?.personId ?? null],
    );
    return row;
  },

  // ───────────── calendar feeds ─────────────

  async createFeed(db: Queryable, f: { schoolId: string; studentId: string; createdBy: string; tokenHash: string }) {
    const [row] = await db.query<{ id: string; created_at: Date }>(
      `INSERT INTO calendar_feeds (school_id, student_id, created_by, token_hash) VALUES ($1, $2, $3, $4) RETURNING id, created_at`,
      [f.schoolId, f.studentId, f.createdBy, f.tokenHash],
    );
    return row;
  },

  /** Active feeds the given persons (the actor in each school) created. */
  async feedsOf(db: Queryable, schoolIds: string[], personIds: string[]) {
    return db.query<FeedRow>(
      `SELECT f.id, f.school_id, f.student_id, p.last_name || ' ' || p.first_name AS student_name, f.created_at, f.last_used_at
         FROM calendar_feeds f JOIN persons p ON p.school_id = f.school_id AND p.id = f.student_id
        WHERE f.school_id = ANY($1::uuid[]) AND f.created_by = ANY($2::uuid[]) AND f.revoked_at IS NULL
        ORDER BY f.created_at`,
      [schoolIds, personIds],
    );
  },

  /** Revokes a feed of one of the given persons; undefined when there is none to revoke. */
  async revokeFeed(db: Queryable, schoolIds: string[], personIds: string[], id: string) {
    const [row] = await db.query<{ school_id: string; student_id: string }>(
      `UPDATE calendar_feeds SET revoked_at = now()
        WHERE school_id = ANY($1::uuid[]) AND id = $3::uuid AND created_by = ANY($2::uuid[]) AND revoked_at IS NULL
        RETURNING school_id, student_id`,
      [schoolIds, personIds, id],
    );
    return row;
  },

  /** An active feed by its token's hash, with the rights of the person who created it (roles, account). */
  async feedByToken(db: Queryable, schoolId: string, tokenHash: string) {
    const [row] = await db.query<{
      id: string;
      student_id: string;
      created_by: string;
      account_id: string | null;
      blocked: boolean;
      roles: string[];
    }>(
      `SELECT f.id, f.student_id, f.created_by, p.account_id, COALESCE(a.blocked_at IS NOT NULL, true) AS blocked,
              COALESCE((SELECT array_agg(m.role) FROM memberships m WHERE m.school_id = f.school_id AND m.person_id = f.created_by), '{}') AS roles
         FROM calendar_feeds f
         JOIN persons p ON p.school_id = f.school_id AND p.id = f.created_by
         LEFT JOIN accounts a ON a.id = p.account_id
        WHERE f.school_id = $1::uuid AND f.token_hash = $2 AND f.revoked_at IS NULL`,
      [schoolId, tokenHash],
    );
    return row;
  },

  /**
   * What a calendar feed shows for [from, to]: the student's lessons with bell times and the homework
   * given at them; marks the feed as used (once an hour at most, not on every poll).
   */
  async feedEvents(db: Queryable, schoolId: string, studentId: string, from: string, to: string, feedId: string) {
    const [row] = await db.query<{
      time_zone: string;
      school_name: string;
      student_name: string;
      lessons: WeekLessonJson[] | null;
    }>(
      `WITH used AS (
         UPDATE calendar_feeds SET last_used_at = now()
          WHERE school_id = $1::uuid AND id = $5::uuid AND (last_used_at IS NULL OR last_used_at < now() - interval '1 hour')
       ),
       week AS (${studentLessons('$3', '$4')})
       SELECT sc.time_zone, sc.short_name AS school_name, ${ASYNC_COMMIT},
              (SELECT p.last_name || ' ' || p.first_name FROM persons p WHERE p.school_id = $1::uuid AND p.id = $2::uuid) AS student_name,
              (${lessonJson(false)}) AS lessons
         FROM schools sc WHERE sc.id = $1::uuid`,
      [schoolId, studentId, from, to, feedId],
    );
    return row;
  },
};
