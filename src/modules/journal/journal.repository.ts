import type { Queryable } from '../../db/client';

/** Everything a write to a lesson needs to decide: who may write, locks, grade, settings — one round trip. */
export interface LessonContext {
  lesson_id: string;
  school_id: string;
  page_id: string;
  date: string;
  number: number;
  topic: string | null;
  plan_item_id: string | null;
  version: number;
  substitute_teacher_id: string | null;
  teacher_id: string;
  class_id: string;
  subgroup_id: string | null;
  class_teacher_id: string | null;
  grade: number;
  year_status: string;
  settings: Record<string, unknown>;
  time_zone: string;
  period_id: string | null;
  period_name: string | null;
  period_closed_at: Date | null;
  subject_name: string;
  subject_pass_fail: boolean;
}

const LESSON_CONTEXT_SQL = `
  SELECT l.id AS lesson_id, l.school_id, l.page_id, l.date, l.number, l.topic, l.plan_item_id, l.version, l.substitute_teacher_id,
         jp.teacher_id, jp.class_id, jp.subgroup_id, c.class_teacher_id, c.grade, y.status AS year_status,
         sc.settings, sc.time_zone, p.id AS period_id, p.name AS period_name, p.closed_at AS period_closed_at,
         subj.name AS subject_name, subj.pass_fail AS subject_pass_fail
    FROM lessons l
    JOIN journal_pages jp ON jp.school_id = l.school_id AND jp.id = l.page_id
    JOIN subjects subj ON subj.school_id = jp.school_id AND subj.id = jp.subject_id
    JOIN classes c ON c.school_id = jp.school_id AND c.id = jp.class_id
    JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id
    JOIN schools sc ON sc.id = l.school_id
    LEFT JOIN periods p ON p.school_id = c.school_id AND p.year_id = c.year_id AND p.scheme = c.period_scheme
                       AND l.date BETWEEN p.starts_on AND p.ends_on`;

export interface MarkRow {
  id: string;
  work_id: string;
  lesson_id: string;
  student_id: string;
  value: string;
  comment: string | null;
  version: number;
  on_time: boolean;
  work_type: string;
  weight: number | null;
  date: string;
}

export const journalRepository = {
  /** Journal pages of the current year in the given schools, optionally of one teacher or class. */
  async pages(db: Queryable, schoolIds: string[], f: { teacherId?: string; classIds?: string[]; classId?: string }) {
    return db.query<{
      id: string;
      school_id: string;
      class_id: string;
      class_name: string;
      grade: number;
      subgroup_id: string | null;
      subgroup_name: string | null;
      subject_id: string;
      subject_name: string;
      teacher_id: string;
      teacher_name: string;
      hours_per_week: number | null;
    }>(
      `SELECT jp.id, jp.school_id, jp.class_id, c.grade || c.letter AS class_name, c.grade, jp.subgroup_id, sg.name AS subgroup_name,
              jp.subject_id, s.name AS subject_name, jp.teacher_id,
              t.last_name || ' ' || left(t.first_name, 1) || '.' || COALESCE(left(t.middle_name, 1) || '.', '') AS teacher_name,
              jp.hours_per_week
         FROM journal_pages jp
         JOIN classes c ON c.school_id = jp.school_id AND c.id = jp.class_id
         JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id AND y.status = 'current'
         JOIN subjects s ON s.school_id = jp.school_id AND s.id = jp.subject_id
         JOIN persons t ON t.school_id = jp.school_id AND t.id = jp.teacher_id
         LEFT JOIN subgroups sg ON sg.school_id = jp.school_id AND sg.id = jp.subgroup_id
        WHERE jp.school_id = ANY($1::uuid[])
          AND ($2::uuid IS NULL OR jp.teacher_id = $2
               OR EXISTS (SELECT 1 FROM lessons l WHERE l.school_id = jp.school_id AND l.page_id = jp.id AND l.substitute_teacher_id = $2))
          AND ($3::uuid[] IS NULL OR jp.class_id = ANY($3::uuid[]))
          AND ($4::uuid IS NULL OR jp.class_id = $4)
        ORDER BY c.grade, c.letter, s.name, sg.name NULLS FIRST`,
      [schoolIds, f.teacherId ?? null, f.classIds ?? null, f.classId ?? null],
    );
  },

  async pageHeader(db: Queryable, schoolId: string, pageId: string) {
    const [row] = await db.query<{
      id: string;
      school_id: string;
      year_id: string;
      class_id: string;
      class_name: string;
      grade: number;
      period_scheme: string;
      subgroup_id: string | null;
      subgroup_name: string | null;
      subject_id: string;
      subject_name: string;
      pass_fail: boolean;
      teacher_id: string;
      teacher_name: string;
      hours_per_week: number | null;
      settings: Record<string, unknown>;
      time_zone: string;
      year_status: string;
    }>(
      `SELECT jp.id, jp.school_id, jp.year_id, jp.class_id, c.grade || c.letter AS class_name, c.grade, c.period_scheme,
              jp.subgroup_id, sg.name AS subgroup_name, jp.subject_id, s.name AS subject_name, s.pass_fail,
              jp.teacher_id, t.last_name || ' ' || t.first_name || COALESCE(' ' || t.middle_name, '') AS teacher_name,
              jp.hours_per_week, sc.settings, sc.time_zone, y.status AS year_status
         FROM journal_pages jp
         JOIN classes c ON c.school_id = jp.school_id AND c.id = jp.class_id
         JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id
         JOIN subjects s ON s.school_id = jp.school_id AND s.id = jp.subject_id
         JOIN persons t ON t.school_id = jp.school_id AND t.id = jp.teacher_id
         JOIN schools sc ON sc.id = jp.school_id
         LEFT JOIN subgroups sg ON sg.school_id = jp.school_id AND sg.id = jp.subgroup_id
        WHERE jp.school_id = $1 AND jp.id = $2`,
      [schoolId, pageId],
    );
    return row;
  },

  async periods(db: Queryable, schoolId: string, yearId: string, scheme: string) {
    return db.query<{ id: string; number: number; name: string; starts_on: string; ends_on: string; closed_at: Date | null }>(
      `SELECT id, number, name, starts_on, ends_on, closed_at FROM periods
        WHERE school_id = $1 AND year_id = $2 AND scheme = $3 ORDER BY number`,
      [schoolId, yearId, scheme],
    );
  },

  async lessons(db: Queryable, schoolId: string, pageId: string, from: string, to: string) {
    return db.query<{
      id: string;
      date: string;
      number: number;
      topic: string | null;
      plan_item_id: string | null;
      substitute_teacher_id: string | null;
      substitute_name: string | null;
      origin: string;
      version: number;
      created_at: Date;
      updated_at: Date;
      attendance_taken_at: Date | null;
      hw_id: string | null;
      hw_text: string | null;
      hw_due: string | null;
      hw_version: number | null;
      hw_files: { id: string; name: string; size: number; contentType: string }[] | null;
      works: { id: string; workType: string; title: string | null; weight: number | null; version: number }[] | null;
    }>(
      `SELECT l.id, l.date, l.number, l.topic, l.plan_item_id, l.substitute_teacher_id,
              sp.last_name || ' ' || left(sp.first_name, 1) || '.' AS substitute_name,
              l.origin, l.version, l.created_at, l.updated_at, l.attendance_taken_at,
              h.id AS hw_id, h.text AS hw_text, h.due_date AS hw_due, h.version AS hw_version,
              (SELECT json_agg(json_build_object('id', f.id, 'name', f.name, 'size', f.size, 'contentType', f.content_type) ORDER BY f.created_at)
                 FROM files f WHERE f.school_id = l.school_id AND f.owner_kind = 'homework' AND f.owner_id = l.id) AS hw_files,
              (SELECT json_agg(json_build_object('id', w.id, 'workType', w.work_type, 'title', w.title, 'weight', w.weight, 'version', w.version) ORDER BY w.created_at, w.id)
                 FROM works w WHERE w.school_id = l.school_id AND w.lesson_id = l.id) AS works
         FROM lessons l
         LEFT JOIN homework h ON h.school_id = l.school_id AND h.lesson_id = l.id
         LEFT JOIN persons sp ON sp.school_id = l.school_id AND sp.id = l.substitute_teacher_id
        WHERE l.school_id = $1 AND l.page_id = $2 AND l.date BETWEEN $3 AND $4
        ORDER BY l.date, l.number`,
      [schoolId, pageId, from, to],
    );
  },

  async marks(db: Queryable, schoolId: string, pageId: string, from: string, to: string) {
    return db.query<MarkRow>(
      `SELECT m.id, m.work_id, m.lesson_id, m.student_id, m.value, m.comment, m.version, m.on_time, w.work_type, w.weight, l.date
         FROM marks m
         JOIN lessons l ON l.school_id = m.school_id AND l.id = m.lesson_id
         JOIN works w ON w.school_id = m.school_id AND w.id = m.work_id
        WHERE m.school_id = $1 AND m.page_id = $2 AND l.page_id = $2 AND l.date BETWEEN $3 AND $4`,
      [schoolId, pageId, from, to],
    );
  },

  async attendance(db: Queryable, schoolId: string, pageId: string, from: string, to: string) {
    return db.query<{
      lesson_id: string;
      student_id: string;
      code: string;
      minutes: number | null;
      original_code: string | null;
      version: number;
    }>(
      `SELECT a.lesson_id, a.student_id, a.code, a.minutes, a.original_code, a.version
         FROM attendance a JOIN lessons l ON l.school_id = a.school_id AND l.id = a.lesson_id
        WHERE a.school_id = $1 AND a.page_id = $2 AND l.page_id = $2 AND l.date BETWEEN $3 AND $4`,
      [schoolId, pageId, from, to],
    );
  },

  /** Students on a page during a date range: the class's enrollments, or the subgroup's members. */
  async pageStudents(db: Queryable, schoolId: string, classId: string, subgroupId: string | null, from: string, to: string) {
    return db.query<{
      id: string;
      last_name: string;
      first_name: string;
      middle_name: string | null;
      from_date: string;
      to_date: string | null;
    }>(
      `SELECT p.id, p.last_name, p.first_name, p.middle_name, min(e.from_date) AS from_date,
              CASE WHEN bool_or(e.to_date IS NULL) THEN NULL ELSE max(e.to_date) END AS to_date
         FROM enrollments e JOIN persons p ON p.school_id = e.school_id AND p.id = e.student_id
        WHERE e.school_id = $1 AND e.class_id = $2 AND e.from_date <= $5 AND (e.to_date IS NULL OR e.to_date >= $4)
          AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM subgroup_members sm
                WHERE sm.school_id = e.school_id AND sm.subgroup_id = $3 AND sm.student_id = e.student_id))
        GROUP BY p.id, p.last_name, p.first_name, p.middle_name
        ORDER BY p.last_name, p.first_name, p.middle_name`,
      [schoolId, classId, subgroupId, from, to],
    );
  },

  async planItems(db: Queryable, schoolId: string, pageId: string) {
    return db.query<{ id: string; position: number; topic: string; hours: number; lesson_kind: string | null }>(
      'SELECT id, position, topic, hours, lesson_kind FROM plan_items WHERE school_id = $1 AND page_id = $2 ORDER BY position',
      [schoolId, pageId],
    );
  },

  /**
   * Replaces the plan with `items` in their order. Items with an id (of this page) are updated in place, so
   * lessons linked to them stay linked; items not listed are removed and their lessons keep only the topic text.
   */
  async replacePlan(
    db: Queryable,
    schoolId: string,
    pageId: string,
    items: { id?: string | null; topic: string; hours: number; lessonKind: string | null }[],
  ) {
    const rows = items.map((i, n) => ({ id: i.id ?? null, position: n + 1, topic: i.topic, hours: i.hours, lesson_kind: i.lessonKind }));
    const kept = rows.flatMap((r) => (r.id ? [r.id] : []));
    await db.query(
      'UPDATE lessons SET plan_item_id = NULL WHERE school_id = $1 AND page_id = $2 AND plan_item_id IS NOT NULL AND NOT (plan_item_id = ANY($3::uuid[]))',
      [schoolId, pageId, kept],
    );
    await db.query('DELETE FROM plan_items WHERE school_id = $1 AND page_id = $2 AND NOT (id = ANY($3::uuid[]))', [schoolId, pageId, kept]);
    // Positions are unique per page: the kept items step aside (negative) before taking their new places.
    await db.query('UPDATE plan_items SET position = -position WHERE school_id = $1 AND page_id = $2', [schoolId, pageId]);
    if (kept.length) {
      await db.query(
        `UPDATE plan_items p SET position = x.position, topic = x.topic, hours = x.hours, lesson_kind = x.lesson_kind
           FROM json_to_recordset($3::json) AS x(id uuid, position int, topic text, hours int, lesson_kind text)
          WHERE p.school_id = $1 AND p.page_id = $2 AND p.id = x.id`,
        [schoolId, pageId, JSON.stringify(rows.filter((r) => r.id))],
      );
    }
    const added = rows.filter((r) => !r.id);
    if (!added.length) return;
    await db.query(
      `INSERT INTO plan_items (school_id, page_id, position, topic, hours, lesson_kind)
       SELECT $1, $2, x.position, x.topic, x.hours, x.lesson_kind
         FROM json_to_recordset($3::json) AS x(position int, topic text, hours int, lesson_kind text)`,
      [schoolId, pageId, JSON.stringify(added)],
    );
  },

  /** The plan's version: how many times it was saved (its history is append-only, so the count only grows). */
  async planVersion(db: Queryable, schoolId: string, pageId: string) {
    const [row] = await db.query<{ n: number }>(
      "SELECT count(*) AS n FROM journal_history WHERE school_id = $1 AND entity = 'plan' AND entity_key = $2",
      [schoolId, pageId],
    );
    return Number(row.n);
  },

  /** Serialises writes to a page's plan (two tabs saving at once: the second one sees the first's version). */
  async lockPage(db: Queryable, schoolId: string, pageId: string) {
    await db.query('SELECT id FROM journal_pages WHERE school_id = $1 AND id = $2 FOR UPDATE', [schoolId, pageId]);
  },

  /** Lessons conducted (with a topic) per plan item, for plan vs fact. */
  async planFact(db: Queryable, schoolId: string, pageId: string) {
    return db.query<{ plan_item_id: string; lessons: number }>(
      `SELECT plan_item_id, count(*) AS lessons FROM lessons
        WHERE school_id = $1 AND page_id = $2 AND plan_item_id IS NOT NULL AND topic IS NOT NULL GROUP BY plan_item_id`,
      [schoolId, pageId],
    );
  },

  async lessonContext(db: Queryable, schoolIds: string[], lessonId: string, forUpdate = false): Promise<LessonContext | undefined> {
    const [row] = await db.query<LessonContext>(
      `${LESSON_CONTEXT_SQL} WHERE l.school_id = ANY($1::uuid[]) AND l.id = $2${forUpdate ? ' FOR UPDATE OF l' : ''}`,
      [schoolIds, lessonId],
    );
    return row;
  },

  async workContext(db: Queryable, schoolIds: string[], workId: string) {
    const [row] = await db.query<LessonContext & { work_id: string; work_type: string; work_weight: number | null }>(
      `${LESSON_CONTEXT_SQL.replace(
        'FROM lessons l',
        'FROM works w JOIN lessons l ON l.school_id = w.school_id AND l.id = w.lesson_id',
      ).replace(
        'SELECT l.id AS lesson_id',
        'SELECT w.id AS work_id, w.work_type, w.weight AS work_weight, l.id AS lesson_id',
      )} WHERE w.school_id = ANY($1::uuid[]) AND w.id = $2`,
      [schoolIds, workId],
    );
    return row;
  },

  /** Whether the student belongs on the page on that date (class enrollment, and subgroup membership). */
  /**
   * What a mark save needs, in one round trip: the work's lesson context, whether the student is on the
   * page on the lesson's date (enrolled in the class, a member of the subgroup), and the page's next two
   * lesson dates (the entry deadline of «next lesson» and «two lessons» works [003 §3.2]).
   */
  async markContext(db: Queryable, schoolIds: string[], workId: string, studentId: string) {
    const [row] = await db.query<
      LessonContext & {
        work_id: string;
        work_type: string;
        work_weight: number | null;
        student_on_page: boolean;
        later_dates: string[] | null;
      }
    >(
      `${LESSON_CONTEXT_SQL.replace(
        'FROM lessons l',
        'FROM works w JOIN lessons l ON l.school_id = w.school_id AND l.id = w.lesson_id',
      ).replace(
        'SELECT l.id AS lesson_id',
        `SELECT w.id AS work_id, w.work_type, w.weight AS work_weight,
                EXISTS (SELECT 1 FROM enrollments e
                         WHERE e.school_id = l.school_id AND e.class_id = jp.class_id AND e.student_id = $3::uuid
                           AND e.from_date <= l.date AND (e.to_date IS NULL OR e.to_date >= l.date)
                           AND (jp.subgroup_id IS NULL OR EXISTS (SELECT 1 FROM subgroup_members sm
                                 WHERE sm.school_id = e.school_id AND sm.subgroup_id = jp.subgroup_id AND sm.student_id = e.student_id))) AS student_on_page,
                ARRAY(SELECT DISTINCT nl.date::text FROM lessons nl WHERE nl.school_id = l.school_id AND nl.page_id = l.page_id AND nl.date > l.date
                       ORDER BY 1 LIMIT 2) AS later_dates,
                l.id AS lesson_id`,
      )} WHERE w.school_id = ANY($1::uuid[]) AND w.id = $2`,
      [schoolIds, workId, studentId],
    );
    return row;
  },

  /**
   * A mark save as ONE statement (its own transaction): lock the cell, compare the version the client
   * read, insert or update the mark, append its history row and — when the value changed — the family's
   * outbox event [000 §2.4]. Round trips, not the database, bound a save; this one replaced seven.
   * `ok` false: the version was stale (nothing written; `cur_*` is the cell now). `ok` true without `id`:
   * the empty cell was filled by someone else meanwhile (nothing written; read the cell again).
   * [004 teacher] `keepComment` keeps the cell's comment when the client sent none; [003 §3.2] a mark
   * that replaces a real one keeps its original timeliness, a pending «•» takes the time of the entry.
   */
  async saveMarkStatement(
    db: Queryable,
    m: {
      schoolId: string;
      workId: string;
      lessonId: string;
      pageId: string;
      studentId: string;
      version: number | null;
      value: string;
      comment: string | null;
      keepComment: boolean;
      onTimeNow: boolean;
      actorId: string;
      payload: Record<string, unknown>;
    },
  ) {
    const [row] = await db.query<{
      ok: boolean;
      comment: string | null;
      on_time: boolean;
      id: string | null;
      version: number | null;
      cur_id: string | null;
      cur_value: string | null;
      cur_comment: string | null;
      cur_version: number | null;
    }>(
      `WITH cur AS (
         SELECT id, value, comment, version, on_time FROM marks
          WHERE school_id = $1 AND work_id = $2 AND student_id = $5 FOR UPDATE
       ),
       chk AS (
         SELECT (SELECT version FROM cur) IS NOT DISTINCT FROM $6::int AS ok,
                CASE WHEN $9::boolean THEN (SELECT comment FROM cur) ELSE $8::text END AS comment,
                CASE WHEN EXISTS (SELECT 1 FROM cur WHERE value <> '•') THEN (SELECT on_time FROM cur) ELSE $10::boolean END AS on_time
       ),
       upd AS (
         UPDATE marks m SET value = $7, comment = chk.comment, on_time = chk.on_time, updated_by = $11, updated_at = now(), version = m.version + 1
           FROM cur, chk WHERE m.school_id = $1 AND m.id = cur.id AND chk.ok
         RETURNING m.id, m.version
       ),
       ins AS (
         INSERT INTO marks (school_id, work_id, lesson_id, page_id, student_id, value, comment, on_time, created_by, updated_by)
         SELECT $1, $2, $3, $4, $5, $7, chk.comment, chk.on_time, $11, $11 FROM chk
          WHERE chk.ok AND NOT EXISTS (SELECT 1 FROM cur)
         ON CONFLICT DO NOTHING
         RETURNING id, version
       ),
       saved AS (SELECT id, version FROM upd UNION ALL SELECT id, version FROM ins),
       hist AS (
         INSERT INTO journal_history (school_id, entity, entity_key, page_id, action, actor_id, old_value, new_value)
         SELECT $1, 'mark', $2::text || ':' || $5::text, $4, CASE WHEN EXISTS (SELECT 1 FROM cur) THEN 'update' ELSE 'create' END, $11,
                (SELECT jsonb_build_object('value', value, 'comment', comment) FROM cur),
                jsonb_build_object('value', $7::text, 'comment', chk.comment)
           FROM saved, chk
       ),
       outbox AS (
         INSERT INTO notification_outbox (school_id, event_key, kind, student_id, payload, created_by, created_at, next_attempt_at)
         SELECT $1, 'mark:' || saved.id || ':v' || saved.version, 'mark', $5, $12::jsonb || jsonb_build_object('comment', chk.comment), $11, now(), now()
           FROM saved, chk WHERE (SELECT value FROM cur) IS DISTINCT FROM $7::text
         ON CONFLICT (school_id, event_key) DO NOTHING
       )
       SELECT chk.ok, chk.comment, chk.on_time, saved.id, saved.version,
              cur.id AS cur_id, cur.value AS cur_value, cur.comment AS cur_comment, cur.version AS cur_version
         FROM chk LEFT JOIN saved ON true LEFT JOIN cur ON true`,
      [
        m.schoolId,
        m.workId,
        m.lessonId,
        m.pageId,
        m.studentId,
        m.version,
        m.value,
        m.comment,
        m.keepComment,
        m.onTimeNow,
        m.actorId,
        JSON.stringify(m.payload),
      ],
    );
    return row;
  },

  async studentOnPage(db: Queryable, schoolId: string, classId: string, subgroupId: string | null, studentId: string, date: string) {
    const [row] = await db.query<{ ok: boolean }>(
      `SELECT EXISTS (
         SELECT 1 FROM enrollments e
          WHERE e.school_id = $1 AND e.class_id = $2 AND e.student_id = $4 AND e.from_date <= $5 AND (e.to_date IS NULL OR e.to_date >= $5)
            AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM subgroup_members sm
                  WHERE sm.school_id = e.school_id AND sm.subgroup_id = $3 AND sm.student_id = e.student_id))) AS ok`,
      [schoolId, classId, subgroupId, studentId, date],
    );
    return row.ok;
  },

  async laterLessonDates(db: Queryable, schoolId: string, pageId: string, date: string) {
    const rows = await db.query<{ date: string }>(
      'SELECT DISTINCT date FROM lessons WHERE school_id = $1 AND page_id = $2 AND date > $3 ORDER BY date LIMIT 2',
      [schoolId, pageId, date],
    );
    return rows.map((r) => r.date);
  },

  async markByCell(db: Queryable, schoolId: string, workId: string, studentId: string) {
    const [row] = await db.query<{
      id: string;
      value: string;
      comment: string | null;
      version: number;
      on_time: boolean;
      created_at: Date;
    }>(
      'SELECT id, value, comment, version, on_time, created_at FROM marks WHERE school_id = $1 AND work_id = $2 AND student_id = $3 FOR UPDATE',
      [schoolId, workId, studentId],
    );
    return row;
  },

  async markById(db: Queryable, schoolIds: string[], id: string) {
    const [row] = await db.query<{
      id: string;
      school_id: string;
      work_id: string;
      lesson_id: string;
      student_id: string;
      value: string;
      comment: string | null;
      version: number;
    }>(
      'SELECT id, school_id, work_id, lesson_id, student_id, value, comment, version FROM marks WHERE school_id = ANY($1::uuid[]) AND id = $2',
      [schoolIds, id],
    );
    return row;
  },

  async insertMark(
    db: Queryable,
    m: {
      schoolId: string;
      workId: string;
      lessonId: string;
      pageId: string;
      studentId: string;
      value: string;
      comment: string | null;
      onTime: boolean;
      actorId: string;
    },
  ) {
    const [row] = await db.query<{ id: string; version: number; created_at: Date; updated_at: Date }>(
      `INSERT INTO marks (school_id, work_id, lesson_id, page_id, student_id, value, comment, on_time, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id, version, created_at, updated_at`,
      [m.schoolId, m.workId, m.lessonId, m.pageId, m.studentId, m.value, m.comment, m.onTime, m.actorId],
    );
    return row;
  },

  async updateMark(
    db: Queryable,
    schoolId: string,
    id: string,
    m: { value: string; comment: string | null; onTime: boolean; actorId: string },
  ) {
    const [row] = await db.query<{ id: string; version: number; created_at: Date; updated_at: Date }>(
      `UPDATE marks SET value = $3, comment = $4, on_time = $5, updated_by = $6, updated_at = now(), version = version + 1
        WHERE school_id = $1 AND id = $2 RETURNING id, version, created_at, updated_at`,
      [schoolId, id, m.value, m.comment, m.onTime, m.actorId],
    );
    return row;
  },

  async deleteMark(db: Queryable, schoolId: string, id: string) {
    await db.query('DELETE FROM marks WHERE school_id = $1 AND id = $2', [schoolId, id]);
  },

  /** Marks of one student on a page within dates, for the row's average after a save. */
  async studentMarks(db: Queryable, schoolId: string, pageId: string, studentId: string, from: string, to: string) {
    return db.query<{ value: string; work_type: string; weight: number | null }>(
      `SELECT m.value, w.work_type, w.weight FROM marks m
         JOIN lessons l ON l.school_id = m.school_id AND l.id = m.lesson_id
         JOIN works w ON w.school_id = m.school_id AND w.id = m.work_id
        WHERE m.school_id = $1 AND m.page_id = $2 AND l.page_id = $2 AND m.student_id = $3 AND l.date BETWEEN $4 AND $5`,
      [schoolId, pageId, studentId, from, to],
    );
  },

  async insertWork(
    db: Queryable,
    w: { schoolId: string; lessonId: string; workType: string; title: string | null; weight: number | null },
  ) {
    const [row] = await db.query<{ id: string; version: number }>(
      'INSERT INTO works (school_id, lesson_id, work_type, title, weight) VALUES ($1, $2, $3, $4, $5) RETURNING id, version',
      [w.schoolId, w.lessonId, w.workType, w.title, w.weight],
    );
    return row;
  },

  /** Changes a work (already locked by `work`) and moves its version on; returns the new version. */
  async updateWork(db: Queryable, schoolId: string, id: string, w: { workType: string; title: string | null; weight: number | null }) {
    const [row] = await db.query<{ version: number }>(
      'UPDATE works SET work_type = $3, title = $4, weight = $5, version = version + 1 WHERE school_id = $1 AND id = $2 RETURNING version',
      [schoolId, id, w.workType, w.title, w.weight],
    );
    return row.version;
  },

  /** A work as stored (its own title and weight, null when it follows the work type), locked for the change. */
  async work(db: Queryable, schoolId: string, id: string) {
    const [row] = await db.query<{ id: string; work_type: string; title: string | null; weight: number | null; version: number }>(
      'SELECT id, work_type, title, weight, version FROM works WHERE school_id = $1 AND id = $2 FOR UPDATE',
      [schoolId, id],
    );
    return row;
  },

  async workMarkCount(db: Queryable, schoolId: string, workId: string) {
    const [row] = await db.query<{ n: number }>('SELECT count(*) AS n FROM marks WHERE school_id = $1 AND work_id = $2', [
      schoolId,
      workId,
    ]);
    return row.n;
  },

  async deleteWork(db: Queryable, schoolId: string, id: string) {
    await db.query('DELETE FROM works WHERE school_id = $1 AND id = $2', [schoolId, id]);
  },

  async updateLessonTopic(db: Queryable, schoolId: string, id: string, topic: string | null, planItemId: string | null, onTime: boolean) {
    const [row] = await db.query<{ version: number; updated_at: Date }>(
      `UPDATE lessons SET topic = $3, plan_item_id = $4, version = version + 1, updated_at = now(),
              topic_set_at = CASE WHEN $3::text IS NULL THEN NULL ELSE COALESCE(topic_set_at, now()) END,
              topic_on_time = CASE WHEN $3::text IS NULL THEN NULL ELSE COALESCE(topic_on_time, $5) END
        WHERE school_id = $1 AND id = $2 RETURNING version, updated_at`,
      [schoolId, id, topic, planItemId, onTime],
    );
    return row;
  },

  async planItem(db: Queryable, schoolId: string, pageId: string, id: string) {
    const [row] = await db.query<{ id: string; topic: string }>(
      'SELECT id, topic FROM plan_items WHERE school_id = $1 AND page_id = $2 AND id = $3',
      [schoolId, pageId, id],
    );
    return row;
  },

  async homework(db: Queryable, schoolId: string, lessonId: string) {
    const [row] = await db.query<{ id: string; text: string; due_date: string; version: number }>(
      'SELECT id, text, due_date, version FROM homework WHERE school_id = $1 AND lesson_id = $2 FOR UPDATE',
      [schoolId, lessonId],
    );
    return row;
  },

  async upsertHomework(db: Queryable, h: { schoolId: string; lessonId: string; text: string; dueDate: string; actorId: string }) {
    const [row] = await db.query<{ id: string; version: number }>(
      `INSERT INTO homework (school_id, lesson_id, text, due_date, created_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (school_id, lesson_id) DO UPDATE SET text = EXCLUDED.text, due_date = EXCLUDED.due_date,
         version = homework.version + 1, updated_at = now()
       RETURNING id, version`,
      [h.schoolId, h.lessonId, h.text, h.dueDate, h.actorId],
    );
    return row;
  },

  async deleteHomework(db: Queryable, schoolId: string, lessonId: string) {
    await db.query('DELETE FROM homework WHERE school_id = $1 AND lesson_id = $2', [schoolId, lessonId]);
  },

  async setHomeworkOnTime(db: Queryable, schoolId: string, lessonId: string, onTime: boolean) {
    await db.query('UPDATE lessons SET homework_on_time = COALESCE(homework_on_time, $3) WHERE school_id = $1 AND id = $2', [
      schoolId,
      lessonId,
      onTime,
    ]);
  },

  async attendanceCell(db: Queryable, schoolId: string, lessonId: string, studentId: string) {
    const [row] = await db.query<{ code: string; minutes: number | null; version: number; original_code: string | null }>(
      'SELECT code, minutes, version, original_code FROM attendance WHERE school_id = $1 AND lesson_id = $2 AND student_id = $3 FOR UPDATE',
      [schoolId, lessonId, studentId],
    );
    return row;
  },

  async upsertAttendance(
    db: Queryable,
    a: {
      schoolId: string;
      lessonId: string;
      studentId: string;
      pageId: string;
      code: string;
      minutes: number | null;
      onTime: boolean;
      actorId: string;
    },
  ) {
    const [row] = await db.query<{ version: number }>(
      `INSERT INTO attendance (school_id, lesson_id, student_id, page_id, code, minutes, on_time, set_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (school_id, lesson_id, student_id) DO UPDATE SET code = EXCLUDED.code, minutes = EXCLUDED.minutes,
         set_by = EXCLUDED.set_by, version = attendance.version + 1, updated_at = now()
       RETURNING version`,
      [a.schoolId, a.lessonId, a.studentId, a.pageId, a.code, a.minutes, a.onTime, a.actorId],
    );
    return row;
  },

  /** The class teacher's correction keeps the teacher's original entry [000 §4.2]. */
  async correctAttendance(
    db: Queryable,
    a: {
      schoolId: string;
      lessonId: string;
      studentId: string;
      pageId: string;
      code: string | null;
      minutes: number | null;
      actorId: string;
    },
  ) {
    const [row] = await db.query<{ version: number }>(
      `INSERT INTO attendance (school_id, lesson_id, student_id, page_id, code, minutes, original_code, corrected_by, corrected_at, set_by)
       VALUES ($1, $2, $3, $4, COALESCE($5, 'н'), $6, '', $7, now(), $7)
       ON CONFLICT (school_id, lesson_id, student_id) DO UPDATE SET
         original_code = COALESCE(attendance.original_code, attendance.code),
         code = COALESCE($5, attendance.code), minutes = $6,
         corrected_by = $7, corrected_at = now(), version = attendance.version + 1, updated_at = now()
       RETURNING version`,
      [a.schoolId, a.lessonId, a.studentId, a.pageId, a.code, a.minutes, a.actorId],
    );
    return row;
  },

  async deleteAttendance(db: Queryable, schoolId: string, lessonId: string, studentId: string) {
    await db.query('DELETE FROM attendance WHERE school_id = $1 AND lesson_id = $2 AND student_id = $3', [schoolId, lessonId, studentId]);
  },

  async markAttendanceTaken(db: Queryable, schoolId: string, lessonId: string) {
    await db.query('UPDATE lessons SET attendance_taken_at = COALESCE(attendance_taken_at, now()) WHERE school_id = $1 AND id = $2', [
      schoolId,
      lessonId,
    ]);
  },

  async lessonAttendance(db: Queryable, schoolId: string, lessonId: string) {
    return db.query<{ student_id: string; code: string; minutes: number | null; version: number }>(
      'SELECT student_id, code, minutes, version FROM attendance WHERE school_id = $1 AND lesson_id = $2 FOR UPDATE',
      [schoolId, lessonId],
    );
  },

  async history(
    db: Queryable,
    schoolId: string,
    e: {
      page_id: string | null;
      entity: string;
      entity_key: string;
      action: 'create' | 'update' | 'delete';
      actor_id: string | null;
      old_value: unknown;
      new_value: unknown;
      reason?: string | null;
    },
  ) {
    await db.query(
      `INSERT INTO journal_history (school_id, entity, entity_key, page_id, action, actor_id, old_value, new_value, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        schoolId,
        e.entity,
        e.entity_key,
        e.page_id,
        e.action,
        e.actor_id,
        e.old_value == null ? null : JSON.stringify(e.old_value),
        e.new_value == null ? null : JSON.stringify(e.new_value),
        e.reason ?? null,
      ],
    );
  },

  async cellHistory(db: Queryable, schoolId: string, entity: string, key: string, pageId: string) {
    return db.query<{
      id: number;
      action: string;
      at: Date;
      actor_name: string | null;
      old_value: unknown;
      new_value: unknown;
      reason: string | null;
    }>(
      `SELECT h.id, h.action, h.at, p.last_name || ' ' || p.first_name AS actor_name, h.old_value, h.new_value, h.reason
         FROM journal_history h LEFT JOIN persons p ON p.school_id = h.school_id AND p.id = h.actor_id
        WHERE h.school_id = $1 AND h.entity = $2 AND h.entity_key = $3 AND h.page_id = $4 ORDER BY h.at, h.id`,
      [schoolId, entity, key, pageId],
    );
  },

  async insertFile(
    db: Queryable,
    f: {
      schoolId: string;
      ownerKind: string;
      ownerId: string;
      name: string;
      contentType: string;
      content: Buffer;
      sha256: string;
      uploadedBy: string;
    },
  ) {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO files (school_id, owner_kind, owner_id, name, content_type, size, sha256, content, uploaded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [f.schoolId, f.ownerKind, f.ownerId, f.name, f.contentType, f.content.length, f.sha256, f.content, f.uploadedBy],
    );
    return row.id;
  },

  async fileMeta(db: Queryable, schoolIds: string[], id: string) {
    const [row] = await db.query<{
      id: string;
      school_id: string;
      owner_kind: string;
      owner_id: string | null;
      name: string;
      content_type: string;
      size: number;
    }>('SELECT id, school_id, owner_kind, owner_id, name, content_type, size FROM files WHERE school_id = ANY($1::uuid[]) AND id = $2', [
      schoolIds,
      id,
    ]);
    return row;
  },

  async fileContent(db: Queryable, schoolId: string, id: string) {
    const [row] = await db.query<{ content: Uint8Array }>('SELECT content FROM files WHERE school_id = $1 AND id = $2', [schoolId, id]);
    return row ? Buffer.from(row.content) : undefined;
  },

  async deleteFile(db: Queryable, schoolId: string, id: string) {
    await db.query('DELETE FROM files WHERE school_id = $1 AND id = $2', [schoolId, id]);
  },

  /** Attachments of a lesson's homework, oldest first. */
  async homeworkFiles(db: Queryable, schoolId: string, lessonId: string) {
    return db.query<{ id: string; name: string; size: number }>(
      "SELECT id, name, size FROM files WHERE school_id = $1 AND owner_kind = 'homework' AND owner_id = $2 ORDER BY created_at, id",
      [schoolId, lessonId],
    );
  },

  async deleteHomeworkFiles(db: Queryable, schoolId: string, lessonId: string) {
    await db.query("DELETE FROM files WHERE school_id = $1 AND owner_kind = 'homework' AND owner_id = $2", [schoolId, lessonId]);
  },

  /** Students of a class (current year) whose family may read a homework file of the class's lesson. */
  async lessonClassStudentIds(db: Queryable, schoolId: string, lessonId: string) {
    const rows = await db.query<{ student_id: string }>(
      `SELECT DISTINCT e.student_id FROM lessons l
         JOIN journal_pages jp ON jp.school_id = l.school_id AND jp.id = l.page_id
         JOIN enrollments e ON e.school_id = jp.school_id AND e.class_id = jp.class_id
        WHERE l.school_id = $1 AND l.id = $2`,
      [schoolId, lessonId],
    );
    return rows.map((r) => r.student_id);
  },

  /** A class's lessons of a week across all its pages, with attendance, for the weekly correction [000 §4.2]. */
  async classWeek(db: Queryable, schoolId: string, classId: string, from: string, to: string) {
    const lessons = await db.query<{
      id: string;
      page_id: string;
      date: string;
      number: number;
      subject_name: string;
      subgroup_name: string | null;
    }>(
      `SELECT l.id, l.page_id, l.date, l.number, s.short_name AS subject_name, sg.name AS subgroup_name
         FROM lessons l
         JOIN journal_pages jp ON jp.school_id = l.school_id AND jp.id = l.page_id
         JOIN subjects s ON s.school_id = jp.school_id AND s.id = jp.subject_id
         LEFT JOIN subgroups sg ON sg.school_id = jp.school_id AND sg.id = jp.subgroup_id
        WHERE l.school_id = $1 AND jp.class_id = $2 AND l.date BETWEEN $3 AND $4
        ORDER BY l.date, l.number`,
      [schoolId, classId, from, to],
    );
    const attendance = await db.query<{
      lesson_id: string;
      student_id: string;
      code: string;
      minutes: number | null;
      original_code: string | null;
      version: number;
      corrected_at: Date | null;
    }>(
      `SELECT a.lesson_id, a.student_id, a.code, a.minutes, a.original_code, a.version, a.corrected_at
         FROM attendance a JOIN lessons l ON l.school_id = a.school_id AND l.id = a.lesson_id
         JOIN journal_pages jp ON jp.school_id = l.school_id AND jp.id = l.page_id
        WHERE a.school_id = $1 AND jp.class_id = $2 AND l.date BETWEEN $3 AND $4`,
      [schoolId, classId, from, to],
    );
    return { lessons, attendance };
  },

  async countLessonsBefore(db: Queryable, schoolId: string, pageId: string, from: string) {
    const [row] = await db.query<{ n: number }>('SELECT count(*) AS n FROM lessons WHERE school_id = $1 AND page_id = $2 AND date < $3', [
      schoolId,
      pageId,
      from,
    ]);
    return row.n;
  },

  async classesLedBy(db: Queryable, schoolId: string, personId: string) {
    const rows = await db.query<{ id: string }>('SELECT id FROM classes WHERE school_id = $1 AND class_teacher_id = $2', [
      schoolId,
      personId,
    ]);
    return rows.map((r) => r.id);
  },
};
