import type { Queryable } from '../../db/client';
import type { Role } from '../../domain/policy';
import type { YearRow } from './scope';

export interface ClassRow {
  id: string;
  school_id: string;
  year_id: string;
  grade: number;
  letter: string;
  name: string;
  period_scheme: 'quarter' | 'half' | 'trimester';
  class_teacher_id: string | null;
  year_name: string;
  year_status: YearRow['status'];
  year_closed_at: Date | null;
  year_starts_on: string;
  year_ends_on: string;
}

export interface LoadRow {
  id: string;
  school_id: string;
  year_id: string;
  class_id: string;
  class_name: string;
  subgroup_id: string | null;
  subgroup_name: string | null;
  subject_id: string;
  subject_name: string;
  teacher_id: string;
  teacher_name: string;
  hours_per_week: number | null;
  year_status: YearRow['status'];
  year_name: string;
  year_closed_at: Date | null;
}

const CLASS_SELECT = `
  SELECT c.id, c.school_id, c.year_id, c.grade, c.letter, c.grade || c.letter AS name, c.period_scheme, c.class_teacher_id,
         y.name AS year_name, y.status AS year_status, y.closed_at AS year_closed_at, y.starts_on AS year_starts_on, y.ends_on AS year_ends_on
    FROM classes c JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id`;

const LOAD_SELECT = `
  SELECT jp.id, jp.school_id, jp.year_id, jp.class_id, c.grade || c.letter AS class_name, jp.subgroup_id, sg.name AS subgroup_name,
         jp.subject_id, s.name AS subject_name, jp.teacher_id,
         t.last_name || ' ' || t.first_name || COALESCE(' ' || t.middle_name, '') AS teacher_name, jp.hours_per_week,
         y.status AS year_status, y.name AS year_name, y.closed_at AS year_closed_at
    FROM journal_pages jp
    JOIN classes c ON c.school_id = jp.school_id AND c.id = jp.class_id
    JOIN academic_years y ON y.school_id = jp.school_id AND y.id = jp.year_id
    JOIN subjects s ON s.school_id = jp.school_id AND s.id = jp.subject_id
    JOIN persons t ON t.school_id = jp.school_id AND t.id = jp.teacher_id
    LEFT JOIN subgroups sg ON sg.school_id = jp.school_id AND sg.id = jp.subgroup_id`;

/** Classes, subgroups, subjects, curriculum and teaching load (journal pages). */
export const classesRepository = {
  async classIn(db: Queryable, schoolIds: string[], classId: string): Promise<ClassRow | undefined> {
    const [row] = await db.query<ClassRow>(`${CLASS_SELECT} WHERE c.school_id = ANY($1::uuid[]) AND c.id = $2`, [schoolIds, classId]);
    return row;
  },

  async classesOfYear(db: Queryable, schoolId: string, yearId: string): Promise<ClassRow[]> {
    return db.query<ClassRow>(`${CLASS_SELECT} WHERE c.school_id = $1 AND c.year_id = $2 ORDER BY c.grade, c.letter`, [schoolId, yearId]);
  },

  async classByName(db: Queryable, schoolId: string, yearId: string, grade: number, letter: string) {
    const [row] = await db.query<{ id: string }>(
      'SELECT id FROM classes WHERE school_id = $1 AND year_id = $2 AND grade = $3 AND letter = $4',
      [schoolId, yearId, grade, letter],
    );
    return row;
  },

  async insertClass(
    db: Queryable,
    c: { schoolId: string; yearId: string; grade: number; letter: string; scheme: string; classTeacherId: string | null },
  ) {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO classes (school_id, year_id, grade, letter, period_scheme, class_teacher_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [c.schoolId, c.yearId, c.grade, c.letter, c.scheme, c.classTeacherId],
    );
    return row.id;
  },

  async updateClass(db: Queryable, schoolId: string, classId: string, c: { grade: number; letter: string; scheme: string }) {
    await db.query('UPDATE classes SET grade = $3, letter = $4, period_scheme = $5 WHERE school_id = $1 AND id = $2', [
      schoolId,
      classId,
      c.grade,
      c.letter,
      c.scheme,
    ]);
  },

  /**
   * What keeps a class from being deleted: every stay of a student (present or past — the history of
   * movement), the journal pages of its teaching load, and news addressed to it.
   */
  async classUse(db: Queryable, schoolId: string, classId: string) {
    const [row] = await db.query<{ stays: number; pages: number; news: number }>(
      `SELECT (SELECT count(*)::int FROM enrollments WHERE school_id = $1 AND class_id = $2) AS stays,
              (SELECT count(*)::int FROM journal_pages WHERE school_id = $1 AND class_id = $2) AS pages,
              (SELECT count(*)::int FROM news_posts WHERE school_id = $1 AND class_id = $2) AS news`,
      [schoolId, classId],
    );
    return row;
  },

  /** Deletes an unused class with its (empty) subgroups. */
  async deleteClass(db: Queryable, schoolId: string, classId: string) {
    await db.query(
      'DELETE FROM subgroup_members WHERE school_id = $1 AND subgroup_id IN (SELECT id FROM subgroups WHERE school_id = $1 AND class_id = $2)',
      [schoolId, classId],
    );
    await db.query('DELETE FROM subgroups WHERE school_id = $1 AND class_id = $2', [schoolId, classId]);
    await db.query('DELETE FROM classes WHERE school_id = $1 AND id = $2', [schoolId, classId]);
  },

  async setClassTeacher(db: Queryable, schoolId: string, classId: string, teacherId: string | null) {
    await db.query('UPDATE classes SET class_teacher_id = $3 WHERE school_id = $1 AND id = $2', [schoolId, classId, teacherId]);
  },

  /** The roles of a person in a school (empty when the person is not of this school). */
  async rolesOf(db: Queryable, schoolId: string, personId: string): Promise<Role[] | null> {
    const rows = await db.query<{ role: Role | null }>(
      `SELECT m.role FROM persons p LEFT JOIN memberships m ON m.school_id = p.school_id AND m.person_id = p.id
        WHERE p.school_id = $1 AND p.id = $2`,
      [schoolId, personId],
    );
    if (rows.length === 0) return null;
    return rows.map((r) => r.role).filter((r): r is Role => r !== null);
  },

  async personName(db: Queryable, schoolId: string, personId: string) {
    const [row] = await db.query<{ name: string }>(
      `SELECT last_name || ' ' || first_name || COALESCE(' ' || middle_name, '') AS name FROM persons WHERE school_id = $1 AND id = $2`,
      [schoolId, personId],
    );
    return row?.name ?? null;
  },

  // ───────────── subgroups ─────────────

  async subgroups(db: Queryable, schoolId: string, classId: string) {
    return db.query<{ id: string; class_id: string; name: string; members: { id: string; name: string }[] }>(
      `SELECT sg.id, sg.class_id, sg.name,
              COALESCE((SELECT json_agg(json_build_object('id', p.id, 'name', p.last_name || ' ' || p.first_name || COALESCE(' ' || p.middle_name, ''))
                                 ORDER BY p.last_name, p.first_name)
                          FROM subgroup_members sm JOIN persons p ON p.school_id = sm.school_id AND p.id = sm.student_id
                         WHERE sm.school_id = sg.school_id AND sm.subgroup_id = sg.id), '[]'::json) AS members
         FROM subgroups sg WHERE sg.school_id = $1 AND sg.class_id = $2 ORDER BY sg.name`,
      [schoolId, classId],
    );
  },

  async subgroupIn(db: Queryable, schoolIds: string[], subgroupId: string) {
    const [row] = await db.query<{ id: string; school_id: string; class_id: string; name: string }>(
      'SELECT id, school_id, class_id, name FROM subgroups WHERE school_id = ANY($1::uuid[]) AND id = $2',
      [schoolIds, subgroupId],
    );
    return row;
  },

  async insertSubgroup(db: Queryable, schoolId: string, classId: string, name: string) {
    const [row] = await db.query<{ id: string }>('INSERT INTO subgroups (school_id, class_id, name) VALUES ($1, $2, $3) RETURNING id', [
      schoolId,
      classId,
      name,
    ]);
    return row.id;
  },

  async subgroupByName(db: Queryable, schoolId: string, classId: string, name: string) {
    const [row] = await db.query<{ id: string }>(
      'SELECT id FROM subgroups WHERE school_id = $1 AND class_id = $2 AND lower(name) = lower($3)',
      [schoolId, classId, name],
    );
    return row;
  },

  async renameSubgroup(db: Queryable, schoolId: string, subgroupId: string, name: string) {
    await db.query('UPDATE subgroups SET name = $3 WHERE school_id = $1 AND id = $2', [schoolId, subgroupId, name]);
  },

  async subgroupPageCount(db: Queryable, schoolId: string, subgroupId: string) {
    const [row] = await db.query<{ n: number }>('SELECT count(*) AS n FROM journal_pages WHERE school_id = $1 AND subgroup_id = $2', [
      schoolId,
      subgroupId,
    ]);
    return row.n;
  },

  async deleteSubgroup(db: Queryable, schoolId: string, subgroupId: string) {
    await db.query('DELETE FROM subgroups WHERE school_id = $1 AND id = $2', [schoolId, subgroupId]);
  },

  async replaceMembers(db: Queryable, schoolId: string, subgroupId: string, studentIds: string[]) {
    await db.query('DELETE FROM subgroup_members WHERE school_id = $1 AND subgroup_id = $2', [schoolId, subgroupId]);
    if (studentIds.length)
      await db.query('INSERT INTO subgroup_members (school_id, subgroup_id, student_id) SELECT $1, $2, unnest($3::uuid[])', [
        schoolId,
        subgroupId,
        studentIds,
      ]);
  },

  async memberIds(db: Queryable, schoolId: string, subgroupId: string): Promise<string[]> {
    const rows = await db.query<{ student_id: string }>(
      'SELECT student_id FROM subgroup_members WHERE school_id = $1 AND subgroup_id = $2',
      [schoolId, subgroupId],
    );
    return rows.map((r) => r.student_id);
  },

  /** Students in the class on a date (stays covering it) or later (an arrival dated ahead). */
  async studentsInClassFrom(db: Queryable, schoolId: string, classId: string, date: string): Promise<string[]> {
    const rows = await db.query<{ student_id: string }>(
      `SELECT DISTINCT student_id FROM enrollments WHERE school_id = $1 AND class_id = $2 AND (to_date IS NULL OR to_date >= $3)`,
      [schoolId, classId, date],
    );
    return rows.map((r) => r.student_id);
  },

  // ───────────── subjects and curriculum ─────────────

  async subjects(db: Queryable, schoolId: string) {
    return db.query<{ id: string; name: string; short_name: string; pass_fail: boolean }>(
      'SELECT id, name, short_name, pass_fail FROM subjects WHERE school_id = $1 ORDER BY name',
      [schoolId],
    );
  },

  async subjectIn(db: Queryable, schoolIds: string[], subjectId: string) {
    const [row] = await db.query<{ id: string; school_id: string; name: string; short_name: string; pass_fail: boolean }>(
      'SELECT id, school_id, name, short_name, pass_fail FROM subjects WHERE school_id = ANY($1::uuid[]) AND id = $2',
      [schoolIds, subjectId],
    );
    return row;
  },

  async subjectByName(db: Queryable, schoolId: string, name: string) {
    const [row] = await db.query<{ id: string }>('SELECT id FROM subjects WHERE school_id = $1 AND lower(name) = lower($2)', [
      schoolId,
      name,
    ]);
    return row;
  },

  async insertSubject(db: Queryable, schoolId: string, s: { name: string; shortName: string; passFail: boolean }) {
    const [row] = await db.query<{ id: string }>(
      'INSERT INTO subjects (school_id, name, short_name, pass_fail) VALUES ($1, $2, $3, $4) RETURNING id',
      [schoolId, s.name, s.shortName, s.passFail],
    );
    return row.id;
  },

  async updateSubject(db: Queryable, schoolId: string, subjectId: string, s: { name: string; shortName: string; passFail: boolean }) {
    await db.query('UPDATE subjects SET name = $3, short_name = $4, pass_fail = $5 WHERE school_id = $1 AND id = $2', [
      schoolId,
      subjectId,
      s.name,
      s.shortName,
      s.passFail,
    ]);
  },

  /** What keeps a subject from being deleted: journal pages, curriculum rows (any year) and final marks. */
  async subjectUse(db: Queryable, schoolId: string, subjectId: string) {
    const [row] = await db.query<{ pages: number; curriculum: number; finals: number }>(
      `SELECT (SELECT count(*)::int FROM journal_pages WHERE school_id = $1 AND subject_id = $2) AS pages,
              (SELECT count(*)::int FROM curriculum WHERE school_id = $1 AND subject_id = $2) AS curriculum,
              (SELECT count(*)::int FROM final_marks WHERE school_id = $1 AND subject_id = $2) AS finals`,
      [schoolId, subjectId],
    );
    return row;
  },

  async deleteSubject(db: Queryable, schoolId: string, subjectId: string) {
    await db.query('DELETE FROM subjects WHERE school_id = $1 AND id = $2', [schoolId, subjectId]);
  },

  async subjectIdsOf(db: Queryable, schoolId: string, ids: string[]): Promise<string[]> {
    const rows = await db.query<{ id: string }>('SELECT id FROM subjects WHERE school_id = $1 AND id = ANY($2::uuid[])', [schoolId, ids]);
    return rows.map((r) => r.id);
  },

  async curriculum(db: Queryable, schoolId: string, yearId: string) {
    return db.query<{ grade: number; subject_id: string; subject_name: string; hours_per_week: number }>(
      `SELECT cu.grade, cu.subject_id, s.name AS subject_name, cu.hours_per_week
         FROM curriculum cu JOIN subjects s ON s.school_id = cu.school_id AND s.id = cu.subject_id
        WHERE cu.school_id = $1 AND cu.year_id = $2 ORDER BY cu.grade, s.name`,
      [schoolId, yearId],
    );
  },

  async replaceCurriculum(
    db: Queryable,
    schoolId: string,
    yearId: string,
    rows: { grade: number; subjectId: string; hoursPerWeek: number }[],
  ) {
    await db.query('DELETE FROM curriculum WHERE school_id = $1 AND year_id = $2', [schoolId, yearId]);
    if (rows.length === 0) return;
    await db.query(
      `INSERT INTO curriculum (school_id, year_id, grade, subject_id, hours_per_week)
       SELECT $1, $2, g, s, h FROM unnest($3::int[], $4::uuid[], $5::numeric[]) AS t(g, s, h)`,
      [schoolId, yearId, rows.map((r) => r.grade), rows.map((r) => r.subjectId), rows.map((r) => r.hoursPerWeek)],
    );
  },

  // ───────────── teaching load (journal pages) ─────────────

  async loads(db: Queryable, schoolId: string, f: { yearId: string; classId?: string; teacherId?: string }) {
    return db.query<LoadRow>(
      `${LOAD_SELECT}
        WHERE jp.school_id = $1 AND jp.year_id = $2 AND ($3::uuid IS NULL OR jp.class_id = $3) AND ($4::uuid IS NULL OR jp.teacher_id = $4)
        ORDER BY c.grade, c.letter, s.name, sg.name NULLS FIRST`,
      [schoolId, f.yearId, f.classId ?? null, f.teacherId ?? null],
    );
  },

  async loadIn(db: Queryable, schoolIds: string[], pageId: string): Promise<LoadRow | undefined> {
    const [row] = await db.query<LoadRow>(`${LOAD_SELECT} WHERE jp.school_id = ANY($1::uuid[]) AND jp.id = $2`, [schoolIds, pageId]);
    return row;
  },

  async loadById(db: Queryable, schoolId: string, pageId: string): Promise<LoadRow | undefined> {
    const [row] = await db.query<LoadRow>(`${LOAD_SELECT} WHERE jp.school_id = $1 AND jp.id = $2`, [schoolId, pageId]);
    return row;
  },

  async findLoad(db: Queryable, schoolId: string, classId: string, subjectId: string, subgroupId: string | null) {
    const [row] = await db.query<{ id: string }>(
      `SELECT id FROM journal_pages WHERE school_id = $1 AND class_id = $2 AND subject_id = $3
          AND COALESCE(subgroup_id, '00000000-0000-0000-0000-000000000000'::uuid) = COALESCE($4::uuid, '00000000-0000-0000-0000-000000000000'::uuid)`,
      [schoolId, classId, subjectId, subgroupId],
    );
    return row;
  },

  async insertLoad(
    db: Queryable,
    l: {
      schoolId: string;
      yearId: string;
      classId: string;
      subgroupId: string | null;
      subjectId: string;
      teacherId: string;
      hoursPerWeek: number | null;
    },
  ) {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO journal_pages (school_id, year_id, class_id, subgroup_id, subject_id, teacher_id, hours_per_week)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [l.schoolId, l.yearId, l.classId, l.subgroupId, l.subjectId, l.teacherId, l.hoursPerWeek],
    );
    return row.id;
  },

  async updateLoad(db: Queryable, schoolId: string, pageId: string, l: { teacherId: string; hoursPerWeek: number | null }) {
    await db.query('UPDATE journal_pages SET teacher_id = $3, hours_per_week = $4 WHERE school_id = $1 AND id = $2', [
      schoolId,
      pageId,
      l.teacherId,
      l.hoursPerWeek,
    ]);
  },

  /** What a page holds that deleting it would lose: lessons with data, final marks, plan items. */
  async loadUse(db: Queryable, schoolId: string, pageId: string) {
    const [row] = await db.query<{ finals: number; marks: number; lessons: number }>(
      `SELECT (SELECT count(*) FROM final_marks WHERE school_id = $1 AND page_id = $2) AS finals,
              (SELECT count(*) FROM marks WHERE school_id = $1 AND page_id = $2) AS marks,
              (SELECT count(*) FROM lessons WHERE school_id = $1 AND page_id = $2) AS lessons`,
      [schoolId, pageId],
    );
    return row;
  },

  /** Deletes a page with its (empty) lessons, timetable entries and plan. */
  async deleteLoad(db: Queryable, schoolId: string, pageId: string) {
    await db.query('DELETE FROM lessons WHERE school_id = $1 AND page_id = $2', [schoolId, pageId]);
    await db.query('DELETE FROM timetable_entries WHERE school_id = $1 AND page_id = $2', [schoolId, pageId]);
    await db.query('DELETE FROM journal_pages WHERE school_id = $1 AND id = $2', [schoolId, pageId]);
  },

  /** Pages of a class, for the timetable of the class. */
  async pagesOfClass(db: Queryable, schoolId: string, classId: string) {
    return db.query<LoadRow>(`${LOAD_SELECT} WHERE jp.school_id = $1 AND jp.class_id = $2`, [schoolId, classId]);
  },
};
