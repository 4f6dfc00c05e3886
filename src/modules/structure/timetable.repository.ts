import type { Queryable } from '../../db/client';

/**
 * A lesson "holds data" when anything was written to it: a topic, a plan item, a substitute, the roll,
 * homework, works, marks, attendance, or history of a topic or homework. Such lessons are never deleted
 * when the timetable changes; only empty ones generated from the timetable are [DOMAIN §2].
 */
export const LESSON_IS_EMPTY = `
      l.origin = 'timetable' AND l.topic IS NULL AND l.plan_item_id IS NULL AND l.substitute_teacher_id IS NULL
  AND l.attendance_taken_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM homework h WHERE h.school_id = l.school_id AND h.lesson_id = l.id)
  AND NOT EXISTS (SELECT 1 FROM works w WHERE w.school_id = l.school_id AND w.lesson_id = l.id)
  AND NOT EXISTS (SELECT 1 FROM marks m WHERE m.school_id = l.school_id AND m.lesson_id = l.id)
  AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.school_id = l.school_id AND a.lesson_id = l.id)
  AND NOT EXISTS (SELECT 1 FROM journal_history jh WHERE jh.school_id = l.school_id AND jh.entity IN ('topic', 'homework')
                     AND jh.entity_key = l.id::text)`;

const LESSON_HAS_DATA = `NOT (${LESSON_IS_EMPTY.replace("l.origin = 'timetable' AND ", '')})`;

/** Not inside a closed period of the class's scheme: closed periods are never regenerated [004 admin]. */
const NOT_IN_CLOSED_PERIOD = `NOT EXISTS (SELECT 1 FROM periods p WHERE p.school_id = c.school_id AND p.year_id = c.year_id
      AND p.scheme = c.period_scheme AND p.closed_at IS NOT NULL AND l.date BETWEEN p.starts_on AND p.ends_on)`;

export interface EntryRow {
  id: string;
  page_id: string;
  weekday: number;
  lesson_number: number;
  room: string | null;
  valid_from: string;
  valid_to: string | null;
  teacher_id: string;
  teacher_name: string;
  class_id: string;
  class_name: string;
  subgroup_id: string | null;
  subgroup_name: string | null;
  subject_id: string;
  subject_name: string;
}

const ENTRY_SELECT = `
  SELECT te.id, te.page_id, te.weekday, te.lesson_number, te.room, te.valid_from, te.valid_to,
         jp.teacher_id, t.last_name || ' ' || left(t.first_name, 1) || '.' || COALESCE(left(t.middle_name, 1) || '.', '') AS teacher_name,
         jp.class_id, c.grade || c.letter AS class_name, jp.subgroup_id, sg.name AS subgroup_name, jp.subject_id, s.name AS subject_name
    FROM timetable_entries te
    JOIN journal_pages jp ON jp.school_id = te.school_id AND jp.id = te.page_id
    JOIN classes c ON c.school_id = jp.school_id AND c.id = jp.class_id
    JOIN subjects s ON s.school_id = jp.school_id AND s.id = jp.subject_id
    JOIN persons t ON t.school_id = jp.school_id AND t.id = jp.teacher_id
    LEFT JOIN subgroups sg ON sg.school_id = jp.school_id AND sg.id = jp.subgroup_id`;

export interface LessonRow {
  id: string;
  school_id: string;
  page_id: string;
  date: string;
  number: number;
  room: string | null;
  origin: 'timetable' | 'extra' | 'moved';
  substitute_teacher_id: string | null;
  moved_from_date: string | null;
  moved_from_number: number | null;
  teacher_id: string;
  class_id: string;
  class_name: string;
  subgroup_id: string | null;
  subject_name: string;
  year_id: string;
  period_scheme: string;
}

const LESSON_SELECT = `
  SELECT l.id, l.school_id, l.page_id, l.date, l.number, l.room, l.origin, l.substitute_teacher_id, l.moved_from_date, l.moved_from_number,
         jp.teacher_id, jp.class_id, c.grade || c.letter AS class_name, jp.subgroup_id, s.name AS subject_name, c.year_id, c.period_scheme
    FROM lessons l
    JOIN journal_pages jp ON jp.school_id = l.school_id AND jp.id = l.page_id
    JOIN classes c ON c.school_id = jp.school_id AND c.id = jp.class_id
    JOIN subjects s ON s.school_id = jp.school_id AND s.id = jp.subject_id`;

/** Bells, weekly timetable entries and the lessons generated from them. */
export const timetableRepository = {
  /**
   * The bells in force on a date [004 admin]: the set with the latest start on or before it; `validFrom` is
   * null for the school's first set, which applies from the beginning.
   */
  async bells(db: Queryable, schoolId: string, date: string) {
    return db.query<{ number: number; starts_at: string; ends_at: string; valid_from: string | null }>(
      `SELECT number, to_char(starts_at, 'HH24:MI') AS starts_at, to_char(ends_at, 'HH24:MI') AS ends_at,
              CASE WHEN valid_from = '-infinity' THEN NULL ELSE valid_from::text END AS valid_from
         FROM bell_schedule
        WHERE school_id = $1
          AND valid_from = (SELECT max(valid_from) FROM bell_schedule WHERE school_id = $1 AND valid_from <= $2::date)
        ORDER BY number`,
      [schoolId, date],
    );
  },

  /** The dates from which the school's sets of bells apply, in order (null = the first set). */
  async bellVersions(db: Queryable, schoolId: string) {
    const rows = await db.query<{ valid_from: string | null }>(
      `SELECT DISTINCT CASE WHEN valid_from = '-infinity' THEN NULL ELSE valid_from::text END AS valid_from, valid_from AS d
         FROM bell_schedule WHERE school_id = $1 ORDER BY d`,
      [schoolId],
    );
    return rows.map((r) => r.valid_from);
  },

  /** Replaces the set starting on `validFrom` ('-infinity' for the first one); the other sets stay. */
  async replaceBells(db: Queryable, schoolId: string, validFrom: string, rows: { number: number; startsAt: string; endsAt: string }[]) {
    await db.query('DELETE FROM bell_schedule WHERE school_id = $1 AND valid_from = $2::date', [schoolId, validFrom]);
    if (rows.length === 0) return;
    await db.query(
      `INSERT INTO bell_schedule (school_id, valid_from, number, starts_at, ends_at)
       SELECT $1, $2::date, n, a::time, b::time FROM unnest($3::int[], $4::text[], $5::text[]) AS t(n, a, b)`,
      [schoolId, validFrom, rows.map((r) => r.number), rows.map((r) => r.startsAt), rows.map((r) => r.endsAt)],
    );
  },

  /** Lesson numbers of the open years' timetable entries in force in [from, until) — a set of bells there must have them. */
  async entryNumbersIn(db: Queryable, schoolId: string, from: string, until: string | null) {
    const rows = await db.query<{ n: number }>(
      `SELECT DISTINCT te.lesson_number AS n
         FROM timetable_entries te
         JOIN journal_pages jp ON jp.school_id = te.school_id AND jp.id = te.page_id
         JOIN classes c ON c.school_id = jp.school_id AND c.id = jp.class_id
         JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id AND y.status <> 'closed'
        WHERE te.school_id = $1 AND (te.valid_to IS NULL OR te.valid_to >= $2::date)
          AND ($3::date IS NULL OR te.valid_from < $3::date)
        ORDER BY 1`,
      [schoolId, from, until],
    );
    return rows.map((r) => r.n);
  },

  /** Entries valid on a date, of a class, a teacher (own pages) or the whole school. */
  async entriesOn(db: Queryable, schoolId: string, date: string, f: { classId?: string; teacherId?: string }) {
    return db.query<EntryRow>(
      `${ENTRY_SELECT}
        WHERE te.school_id = $1 AND te.valid_from <= $2 AND (te.valid_to IS NULL OR te.valid_to >= $2)
          AND ($3::uuid IS NULL OR jp.class_id = $3) AND ($4::uuid IS NULL OR jp.teacher_id = $4)
        ORDER BY te.weekday, te.lesson_number, c.grade, c.letter, sg.name NULLS FIRST`,
      [schoolId, date, f.classId ?? null, f.teacherId ?? null],
    );
  },

  /** Entries from `from` on (any validity reaching it) of the given teachers, outside one class (or one page). */
  async entriesOfTeachers(
    db: Queryable,
    schoolId: string,
    teacherIds: string[],
    from: string,
    except: { classId?: string; pageId?: string },
  ) {
    return db.query<EntryRow>(
      `${ENTRY_SELECT}
        WHERE te.school_id = $1 AND jp.teacher_id = ANY($2::uuid[]) AND (te.valid_to IS NULL OR te.valid_to >= $3)
          AND ($4::uuid IS NULL OR jp.class_id <> $4) AND ($5::uuid IS NULL OR jp.id <> $5)`,
      [schoolId, teacherIds, from, except.classId ?? null, except.pageId ?? null],
    );
  },

  /** Entries of one page from a date on. */
  async entriesOfPage(db: Queryable, schoolId: string, pageId: string, from: string) {
    return db.query<EntryRow>(
      `${ENTRY_SELECT} WHERE te.school_id = $1 AND te.page_id = $2 AND (te.valid_to IS NULL OR te.valid_to >= $3)`,
      [schoolId, pageId, from],
    );
  },

  /** Entries of the classes' pages reaching into [from, to]. */
  async entriesOfClasses(db: Queryable, schoolId: string, classIds: string[], from: string, to: string) {
    return db.query<EntryRow>(
      `${ENTRY_SELECT}
        WHERE te.school_id = $1 AND jp.class_id = ANY($2::uuid[]) AND te.valid_from <= $4 AND (te.valid_to IS NULL OR te.valid_to >= $3)`,
      [schoolId, classIds, from, to],
    );
  },

  /** From `validFrom` on, the class's old entries end the day before; entries starting later are removed. */
  async endClassEntries(db: Queryable, schoolId: string, classId: string, validFrom: string) {
    await db.query(
      `DELETE FROM timetable_entries te USING journal_pages jp
        WHERE te.school_id = $1 AND jp.school_id = te.school_id AND jp.id = te.page_id AND jp.class_id = $2 AND te.valid_from >= $3`,
      [schoolId, classId, validFrom],
    );
    await db.query(
      `UPDATE timetable_entries te SET valid_to = $3::date - 1 FROM journal_pages jp
        WHERE te.school_id = $1 AND jp.school_id = te.school_id AND jp.id = te.page_id AND jp.class_id = $2
          AND te.valid_from < $3 AND (te.valid_to IS NULL OR te.valid_to >= $3)`,
      [schoolId, classId, validFrom],
    );
  },

  async insertEntries(
    db: Queryable,
    schoolId: string,
    rows: { pageId: string; weekday: number; lessonNumber: number; room: string | null; validFrom: string; validTo: string | null }[],
  ) {
    if (rows.length === 0) return [];
    return db.query<{ id: string }>(
      `INSERT INTO timetable_entries (school_id, page_id, weekday, lesson_number, room, valid_from, valid_to)
       SELECT $1, p, w, n, r, a, b FROM unnest($2::uuid[], $3::int[], $4::int[], $5::text[], $6::date[], $7::date[]) AS t(p, w, n, r, a, b)
       RETURNING id`,
      [
        schoolId,
        rows.map((r) => r.pageId),
        rows.map((r) => r.weekday),
        rows.map((r) => r.lessonNumber),
        rows.map((r) => r.room),
        rows.map((r) => r.validFrom),
        rows.map((r) => r.validTo),
      ],
    );
  },

  async deletePageEntries(db: Queryable, schoolId: string, pageId: string) {
    await db.query('DELETE FROM timetable_entries WHERE school_id = $1 AND page_id = $2', [schoolId, pageId]);
  },

  /** Empty timetable lessons of the classes (or some pages) in [from, to], outside closed periods: deleted, ids back. */
  async deleteEmptyLessons(
    db: Queryable,
    schoolId: string,
    f: { classIds: string[]; pageIds?: string[] | null; from: string; to: string },
  ) {
    const rows = await db.query<{ id: string }>(
      `DELETE FROM lessons l USING journal_pages jp, classes c
        WHERE l.school_id = $1 AND jp.school_id = l.school_id AND jp.id = l.page_id AND c.school_id = jp.school_id AND c.id = jp.class_id
          AND jp.class_id = ANY($2::uuid[]) AND ($3::uuid[] IS NULL OR jp.id = ANY($3::uuid[]))
          AND l.date BETWEEN $4 AND $5 AND ${NOT_IN_CLOSED_PERIOD} AND ${LESSON_IS_EMPTY}
        RETURNING l.id`,
      [schoolId, f.classIds, f.pageIds ?? null, f.from, f.to],
    );
    return rows.length;
  },

  /** Lessons holding data in [from, to] of a year's classes (at most `limit`, with the total). */
  async lessonsWithData(
    db: Queryable,
    schoolId: string,
    f: { yearId?: string; classIds?: string[]; pageIds?: string[]; from: string; to: string; limit: number },
  ) {
    return db.query<{ id: string; date: string; number: number; class_name: string; subject_name: string; total: number }>(
      `SELECT l.id, l.date, l.number, c.grade || c.letter AS class_name, s.name AS subject_name, count(*) OVER () AS total
         FROM lessons l
         JOIN journal_pages jp ON jp.school_id = l.school_id AND jp.id = l.page_id
         JOIN classes c ON c.school_id = jp.school_id AND c.id = jp.class_id
         JOIN subjects s ON s.school_id = jp.school_id AND s.id = jp.subject_id
        WHERE l.school_id = $1 AND ($2::uuid IS NULL OR c.year_id = $2) AND ($3::uuid[] IS NULL OR jp.class_id = ANY($3::uuid[]))
          AND ($4::uuid[] IS NULL OR jp.id = ANY($4::uuid[]))
          AND l.date BETWEEN $5 AND $6 AND ${LESSON_HAS_DATA}
        ORDER BY l.date, l.number LIMIT $7`,
      [schoolId, f.yearId ?? null, f.classIds ?? null, f.pageIds ?? null, f.from, f.to, f.limit],
    );
  },

  /**
   * Deletes every empty lesson (any origin) of a year in [from, to]: a new holiday removes them — of the
   * given classes only when `classIds` is set (a holiday limited to some grades).
   */
  async deleteEmptyLessonsOfYear(db: Queryable, schoolId: string, yearId: string, from: string, to: string, classIds?: string[] | null) {
    const rows = await db.query<{ id: string }>(
      `DELETE FROM lessons l USING journal_pages jp, classes c
        WHERE l.school_id = $1 AND jp.school_id = l.school_id AND jp.id = l.page_id AND c.school_id = jp.school_id AND c.id = jp.class_id
          AND c.year_id = $2 AND l.date BETWEEN $3 AND $4 AND ($5::uuid[] IS NULL OR c.id = ANY($5::uuid[])) AND ${NOT_IN_CLOSED_PERIOD}
          AND ${LESSON_IS_EMPTY.replace("l.origin = 'timetable' AND ", '')}
        RETURNING l.id`,
      [schoolId, yearId, from, to, classIds ?? null],
    );
    return rows.length;
  },

  /** Pages (of the given ones) that have no lesson at all in [from, to]: a timetable entered late fills them. */
  async pagesWithoutLessons(db: Queryable, schoolId: string, pageIds: string[], from: string, to: string): Promise<string[]> {
    const rows = await db.query<{ p: string }>(
      `SELECT p FROM unnest($2::uuid[]) AS p WHERE NOT EXISTS (SELECT 1 FROM lessons l WHERE l.school_id = $1 AND l.page_id = p AND l.date BETWEEN $3 AND $4)`,
      [schoolId, pageIds, from, to],
    );
    return rows.map((r) => r.p);
  },

  /** Timetable slots a moved lesson left: not filled again by regeneration. */
  async movedFromSlots(db: Queryable, schoolId: string, pageIds: string[]) {
    return db.query<{ page_id: string; moved_from_date: string; moved_from_number: number }>(
      `SELECT page_id, moved_from_date, moved_from_number FROM lessons
        WHERE school_id = $1 AND page_id = ANY($2::uuid[]) AND moved_from_date IS NOT NULL`,
      [schoolId, pageIds],
    );
  },

  /** One multi-row insert; a slot already holding a lesson is left as it is. Returns how many were created. */
  async insertLessons(db: Queryable, schoolId: string, rows: { pageId: string; date: string; number: number; room: string | null }[]) {
    let created = 0;
    // Chunks keep parameter arrays moderate on a whole-school regeneration.
    for (let i = 0; i < rows.length; i += 5000) {
      const chunk = rows.slice(i, i + 5000);
      const out = await db.query<{ id: string }>(
        `INSERT INTO lessons (school_id, page_id, date, number, room, origin)
         SELECT $1, p, d, n, r, 'timetable' FROM unnest($2::uuid[], $3::date[], $4::int[], $5::text[]) AS t(p, d, n, r)
         ON CONFLICT (school_id, page_id, date, number) DO NOTHING RETURNING id`,
        [schoolId, chunk.map((r) => r.pageId), chunk.map((r) => r.date), chunk.map((r) => r.number), chunk.map((r) => r.room)],
      );
      created += out.length;
    }
    return created;
  },

  async lessonIn(db: Queryable, schoolIds: string[], lessonId: string): Promise<LessonRow | undefined> {
    const [row] = await db.query<LessonRow>(`${LESSON_SELECT} WHERE l.school_id = ANY($1::uuid[]) AND l.id = $2`, [schoolIds, lessonId]);
    return row;
  },

  async lessonById(db: Queryable, schoolId: string, lessonId: string): Promise<LessonRow | undefined> {
    const [row] = await db.query<LessonRow>(`${LESSON_SELECT} WHERE l.school_id = $1 AND l.id = $2`, [schoolId, lessonId]);
    return row;
  },

  /**
   * Lessons that occupy a slot (date + number) for a teacher (own page not substituted, or substituting)
   * or for a class (the whole class, or the same subgroup), other than `exceptLessonId`.
   */
  async busySlot(
    db: Queryable,
    schoolId: string,
    s: {
      date: string;
      number: number;
      teacherId: string | null;
      classId: string | null;
      subgroupId: string | null;
      exceptLessonId: string | null;
    },
  ) {
    return db.query<{ id: string; class_name: string; subject_name: string; teacher_busy: boolean; class_busy: boolean }>(
      `SELECT l.id, c.grade || c.letter AS class_name, s.name AS subject_name,
              ($4::uuid IS NOT NULL AND COALESCE(l.substitute_teacher_id, jp.teacher_id) = $4) AS teacher_busy,
              ($5::uuid IS NOT NULL AND jp.class_id = $5 AND (jp.subgroup_id IS NULL OR $6::uuid IS NULL OR jp.subgroup_id = $6)) AS class_busy
         FROM lessons l
         JOIN journal_pages jp ON jp.school_id = l.school_id AND jp.id = l.page_id
         JOIN classes c ON c.school_id = jp.school_id AND c.id = jp.class_id
         JOIN subjects s ON s.school_id = jp.school_id AND s.id = jp.subject_id
        WHERE l.school_id = $1 AND l.date = $2 AND l.number = $3 AND ($7::uuid IS NULL OR l.id <> $7)
          AND (($4::uuid IS NOT NULL AND COALESCE(l.substitute_teacher_id, jp.teacher_id) = $4)
               OR ($5::uuid IS NOT NULL AND jp.class_id = $5 AND (jp.subgroup_id IS NULL OR $6::uuid IS NULL OR jp.subgroup_id = $6)))`,
      [schoolId, s.date, s.number, s.teacherId, s.classId, s.subgroupId, s.exceptLessonId],
    );
  },

  async insertExtraLesson(db: Queryable, schoolId: string, l: { pageId: string; date: string; number: number; room: string | null }) {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO lessons (school_id, page_id, date, number, room, origin) VALUES ($1, $2, $3, $4, $5, 'extra') RETURNING id`,
      [schoolId, l.pageId, l.date, l.number, l.room],
    );
    return row.id;
  },

  /** Moves a lesson; a timetable lesson remembers the slot it left (once). */
  async moveLesson(
    db: Queryable,
    schoolId: string,
    lessonId: string,
    to: { date: string; number: number; room: string | null | undefined },
  ) {
    await db.query(
      `UPDATE lessons SET
          moved_from_date = CASE WHEN origin = 'timetable' THEN date ELSE moved_from_date END,
          moved_from_number = CASE WHEN origin = 'timetable' THEN number ELSE moved_from_number END,
          origin = CASE WHEN origin = 'extra' THEN 'extra' ELSE 'moved' END,
          date = $3, number = $4, room = CASE WHEN $6 THEN $5 ELSE room END,
          version = version + 1, updated_at = now()
        WHERE school_id = $1 AND id = $2`,
      [schoolId, lessonId, to.date, to.number, to.room ?? null, to.room !== undefined],
    );
  },

  async setSubstitute(db: Queryable, schoolId: string, lessonId: string, teacherId: string | null) {
    await db.query(
      'UPDATE lessons SET substitute_teacher_id = $3, version = version + 1, updated_at = now() WHERE school_id = $1 AND id = $2',
      [schoolId, lessonId, teacherId],
    );
  },

  /** Lessons of a class or teacher in a date range (the week view of the timetable with one-off changes). */
  async lessonsBetween(
    db: Queryable,
    schoolId: string,
    f: { classId?: string; teacherId?: string; from?: string; to?: string; lessonId?: string },
  ) {
    return db.query<LessonRow & { subject_id: string; substitute_name: string | null; teacher_name: string }>(
      `SELECT l.id, l.school_id, l.page_id, l.date, l.number, l.room, l.origin, l.substitute_teacher_id, l.moved_from_date, l.moved_from_number,
              jp.teacher_id, jp.class_id, c.grade || c.letter AS class_name, jp.subgroup_id, s.name AS subject_name, c.year_id, c.period_scheme,
              jp.subject_id,
              t.last_name || ' ' || left(t.first_name, 1) || '.' || COALESCE(left(t.middle_name, 1) || '.', '') AS teacher_name,
              st.last_name || ' ' || left(st.first_name, 1) || '.' || COALESCE(left(st.middle_name, 1) || '.', '') AS substitute_name
         FROM lessons l
         JOIN journal_pages jp ON jp.school_id = l.school_id AND jp.id = l.page_id
         JOIN classes c ON c.school_id = jp.school_id AND c.id = jp.class_id
         JOIN subjects s ON s.school_id = jp.school_id AND s.id = jp.subject_id
         JOIN persons t ON t.school_id = jp.school_id AND t.id = jp.teacher_id
         LEFT JOIN persons st ON st.school_id = l.school_id AND st.id = l.substitute_teacher_id
        WHERE l.school_id = $1 AND ($2::date IS NULL OR l.date >= $2) AND ($3::date IS NULL OR l.date <= $3)
          AND ($4::uuid IS NULL OR jp.class_id = $4)
          AND ($5::uuid IS NULL OR jp.teacher_id = $5 OR l.substitute_teacher_id = $5)
          AND ($6::uuid IS NULL OR l.id = $6)
        ORDER BY l.date, l.number, c.grade, c.letter`,
      [schoolId, f.from ?? null, f.to ?? null, f.classId ?? null, f.teacherId ?? null, f.lessonId ?? null],
    );
  },
};
