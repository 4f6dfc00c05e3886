import type { Queryable } from '../../db/client';

/**
 * Queries of the journal-keeping control report [000 §3.5], [002 §3.5], [003 §6.3]. Each query counts
 * per journal page with GROUP BY over all pages of the scope at once (one statement per figure family,
 * never one per page or student); the report adds pages up into teachers, classes, schools.
 * Every query is led by school_id = ANY($1): one school, or the schools of a region view.
 */

/**
 * The pages in scope. $1 schools, $2 from, $3 to, $4 class, $5 teacher, $6 subject, $7 page.
 * NOT MATERIALIZED: a statement that reads it twice still joins the tables themselves, so the planner
 * knows how many lessons and marks the pages have (a materialized CTE has no statistics, and its
 * estimate of a few rows chose nested loops over hundreds of thousands of lessons).
 */
const PAGES_CTE = `
  pg AS NOT MATERIALIZED (
    SELECT jp.school_id, jp.id, jp.class_id, jp.subgroup_id, jp.subject_id, jp.teacher_id, c.grade,
           COALESCE(jp.hours_per_week, cu.hours_per_week) AS hours_per_week
      FROM journal_pages jp
      JOIN classes c ON c.school_id = jp.school_id AND c.id = jp.class_id
      JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id
      LEFT JOIN curriculum cu ON cu.school_id = jp.school_id AND cu.year_id = jp.year_id AND cu.grade = c.grade
                             AND cu.subject_id = jp.subject_id
     WHERE jp.school_id = ANY($1::uuid[]) AND y.starts_on <= $3::date AND y.ends_on >= $2::date
       AND ($4::uuid IS NULL OR jp.class_id = $4::uuid)
       AND ($5::uuid IS NULL OR jp.teacher_id = $5::uuid)
       AND ($6::uuid IS NULL OR jp.subject_id = $6::uuid)
       AND ($7::uuid IS NULL OR jp.id = $7::uuid)
  )`;

/**
 * A student is on a page for the part of the range they were enrolled in its class (and a member of
 * its subgroup), and only when at least one lesson of the page fell in that part: a student who
 * arrived after the last lesson is not "without marks" there [DOMAIN §2 student movement].
 * `pl` holds each page's first and last lesson of the range: an enrollment that covers both has a
 * lesson in its part without looking (nearly every one); only the others look for a lesson.
 */
const ROSTER_CTE = `
  pl AS (
    SELECT l.school_id, l.page_id, min(l.date) AS first_on, max(l.date) AS last_on
      FROM pg JOIN lessons l ON l.school_id = pg.school_id AND l.page_id = pg.id AND l.date BETWEEN $2::date AND $3::date
     WHERE l.school_id = ANY($1::uuid[])
     GROUP BY l.school_id, l.page_id
  ),
  roster AS (
    SELECT pg.school_id, pg.id AS page_id, e.student_id,
           min(greatest(e.from_date, $2::date)) AS from_date,
           max(least(COALESCE(e.to_date, $3::date), $3::date)) AS to_date
      FROM pg
      JOIN pl ON pl.school_id = pg.school_id AND pl.page_id = pg.id
      JOIN enrollments e ON e.school_id = pg.school_id AND e.class_id = pg.class_id
                        AND e.from_date <= pl.last_on AND (e.to_date IS NULL OR e.to_date >= pl.first_on)
     WHERE e.school_id = ANY($1::uuid[])
       AND (pg.subgroup_id IS NULL OR EXISTS (SELECT 1 FROM subgroup_members sm
             WHERE sm.school_id = pg.school_id AND sm.subgroup_id = pg.subgroup_id AND sm.student_id = e.student_id))
       AND ((e.from_date <= pl.first_on AND (e.to_date IS NULL OR e.to_date >= pl.last_on))
            OR EXISTS (SELECT 1 FROM lessons l WHERE l.school_id = pg.school_id AND l.page_id = pg.id
                  AND l.date BETWEEN greatest(e.from_date, $2::date) AND least(COALESCE(e.to_date, $3::date), $3::date)))
     GROUP BY pg.school_id, pg.id, e.student_id
  )`;

/** Marks entered per page and student in the range ($8 = the точка, which is not a mark). */
const MARKS_CTE = `
  mk AS (
    SELECT m.school_id, m.page_id, m.student_id, count(*) AS n
      FROM pg
      JOIN lessons l ON l.school_id = pg.school_id AND l.page_id = pg.id AND l.date BETWEEN $2::date AND $3::date
      JOIN marks m ON m.school_id = l.school_id AND m.lesson_id = l.id
     WHERE m.value <> $8
     GROUP BY m.school_id, m.page_id, m.student_id
  )`;

/**
 * [003 §3.2] each work's entry deadline, the rules of `markEntryDeadline` over all works at once:
 * the page's next lessons come from a window over its lessons ordered by date and number (a second
 * lesson on the same day is the next one); a lesson not yet in the journal is guessed a week later.
 * The rule table {school_id: {work_type: rule}} is built from the school's settings (a type not in it
 * follows 'other'); `deadline(param)` reads it from that parameter.
 */
const LESSONS_AHEAD_CTE = `
  ls AS (
    SELECT l.school_id, l.page_id, l.id, l.date,
           lead(l.date, 1) OVER w AS next1, lead(l.date, 2) OVER w AS next2
      FROM pg JOIN lessons l ON l.school_id = pg.school_id AND l.page_id = pg.id
                            AND l.date BETWEEN $2::date AND $3::date + 60
     WHERE l.school_id = ANY($1::uuid[])
    WINDOW w AS (PARTITION BY l.school_id, l.page_id ORDER BY l.date, l.number)
  )`;

const deadline = (rules: string) => `
  CASE COALESCE(${rules}::jsonb -> w.school_id::text ->> w.work_type, ${rules}::jsonb -> w.school_id::text ->> 'other')
    WHEN 'same_day' THEN ls.date
    WHEN 'next_lesson' THEN COALESCE(ls.next1, ls.date + 7)
    WHEN 'two_lessons' THEN COALESCE(ls.next2, ls.next1 + 7, ls.date + 14)
    WHEN 'ten_days' THEN ls.date + 10
  END`;

/**
 * Each mark of the range with its deadline and its delay, for the drill-down of a page ($8 the точка,
 * $9 the rule table). The entry day is the mark's creation in the school's time zone. Deadlines are set
 * once per work (`wd` ends in OFFSET 0 so that they are not worked out again for each of its marks),
 * then the marks of each work join them through their unique key.
 */
const DEADLINES_CTE = `${LESSONS_AHEAD_CTE},
  wd AS (
    SELECT ls.school_id, ls.page_id, ls.id AS lesson_id, ls.date, w.id AS work_id, w.work_type, sc.time_zone, d.deadline,
           ((d.deadline + 1)::timestamp AT TIME ZONE sc.time_zone) AS due_before
      FROM ls
      JOIN works w ON w.school_id = ls.school_id AND w.lesson_id = ls.id AND w.school_id = ANY($1::uuid[])
      JOIN schools sc ON sc.id = ls.school_id
      CROSS JOIN LATERAL (SELECT ${deadline('$9')} AS deadline) d
     WHERE ls.date BETWEEN $2::date AND $3::date
    OFFSET 0
  ),
  dl AS (
    SELECT wd.school_id, wd.page_id, wd.lesson_id, wd.date, m.id AS mark_id, m.student_id, m.value, wd.work_type, wd.deadline,
           -- most marks are on time: only the late ones need their day in the school's time zone
           CASE WHEN m.created_at < wd.due_before THEN 0
                ELSE (m.created_at AT TIME ZONE wd.time_zone)::date - wd.deadline END AS delay
      FROM wd JOIN marks m ON m.school_id = wd.school_id AND m.work_id = wd.work_id
     WHERE m.school_id = ANY($1::uuid[]) AND m.value <> $8
  )`;

/** [003 §3.2] the deadline rule of each work type, per school: {school_id: {work_type: rule}}. */
export type DeadlineRules = Record<string, Record<string, string>>;

export interface ControlFilter {
  schoolIds: string[];
  from: string;
  to: string;
  classId?: string | null;
  teacherId?: string | null;
  subjectId?: string | null;
  pageId?: string | null;
}

const base = (f: ControlFilter) => [
  f.schoolIds,
  f.from,
  f.to,
  f.classId ?? null,
  f.teacherId ?? null,
  f.subjectId ?? null,
  f.pageId ?? null,
];

export interface PageRow {
  school_id: string;
  id: string;
  class_id: string;
  class_name: string;
  grade: number;
  subgroup_name: string | null;
  subject_id: string;
  subject_name: string;
  teacher_id: string;
  teacher_name: string;
  hours_per_week: number | null;
}

export interface LessonCounts {
  page_id: string;
  lessons: number;
  with_topic: number;
  topic_on_time: number;
  with_homework: number;
  homework_on_time: number;
  attendance_taken: number;
  attendance_on_time: number;
}

export interface RosterCounts {
  page_id: string;
  students: number;
  no_marks: number;
  one_mark: number;
  marks: number;
}

export const controlRepository = {
  /** Pages in scope with their names and the weekly hours of the teaching load (else the curriculum's). */
  async pages(db: Queryable, f: ControlFilter) {
    return db.query<PageRow>(
      `WITH ${PAGES_CTE}
       SELECT pg.school_id, pg.id, pg.class_id, c.grade || c.letter AS class_name, pg.grade, sg.name AS subgroup_name,
              pg.subject_id, s.name AS subject_name, pg.teacher_id,
              t.last_name || ' ' || left(t.first_name, 1) || '.' || COALESCE(left(t.middle_name, 1) || '.', '') AS teacher_name,
              pg.hours_per_week
         FROM pg
         JOIN classes c ON c.school_id = pg.school_id AND c.id = pg.class_id
         JOIN subjects s ON s.school_id = pg.school_id AND s.id = pg.subject_id
         JOIN persons t ON t.school_id = pg.school_id AND t.id = pg.teacher_id
         LEFT JOIN subgroups sg ON sg.school_id = pg.school_id AND sg.id = pg.subgroup_id
        ORDER BY c.grade, c.letter, s.name, sg.name NULLS FIRST`,
      base(f),
    );
  },

  /** Pages in scope with the weekly hours of their load only (the region view names no page nor teacher). */
  async pageLoads(db: Queryable, f: ControlFilter) {
    return db.query<Pick<PageRow, 'school_id' | 'id' | 'hours_per_week' | 'grade'>>(
      `WITH ${PAGES_CTE} SELECT pg.school_id, pg.id, pg.hours_per_week, pg.grade FROM pg`,
      base(f),
    );
  },

  /**
   * [003 §6.3] per page: lessons given in the range, with a topic, with homework, with the roll taken,
   * and which of them were recorded on the day of the lesson [001 §5.4.1].
   */
  async lessonCounts(db: Queryable, f: ControlFilter) {
    return db.query<LessonCounts>(
      `WITH ${PAGES_CTE}
       SELECT l.page_id,
              count(*) AS lessons,
              count(*) FILTER (WHERE btrim(COALESCE(l.topic, '')) <> '') AS with_topic,
              count(*) FILTER (WHERE btrim(COALESCE(l.topic, '')) <> '' AND l.topic_on_time) AS topic_on_time,
              count(h.lesson_id) AS with_homework,
              count(h.lesson_id) FILTER (WHERE l.homework_on_time) AS homework_on_time,
              count(*) FILTER (WHERE l.attendance_taken_at IS NOT NULL
                OR EXISTS (SELECT 1 FROM attendance a WHERE a.school_id = l.school_id AND a.lesson_id = l.id
                             AND a.school_id = ANY($1::uuid[]))) AS attendance_taken,
              count(*) FILTER (WHERE (l.attendance_taken_at AT TIME ZONE sc.time_zone)::date <= l.date) AS attendance_on_time
         FROM pg
         JOIN lessons l ON l.school_id = pg.school_id AND l.page_id = pg.id AND l.date BETWEEN $2::date AND $3::date
         JOIN schools sc ON sc.id = l.school_id
         LEFT JOIN homework h ON h.school_id = l.school_id AND h.lesson_id = l.id AND h.school_id = ANY($1::uuid[])
        WHERE l.school_id = ANY($1::uuid[])
        GROUP BY l.page_id`,
      base(f),
    );
  },

  /**
   * [000 §3.5], [003 §3.2] per page: the students on it with no mark in the range and with exactly one,
   * and the marks of its students (kind 'roster'); and how many marks came how many days after their
   * work's deadline, 0 = on time ('delay'). Read from the tallies of migration 0012 — per page and
   * student the lesson dates of the marks, per work the instants they were entered — which hold every
   * mark but the точка: a range is counted by binary search (width_bucket) in them, not by reading each
   * mark. $8 the rule table. The time-zone arithmetic is done once per work (the instant its deadline day
   * ends) and only for the late marks (their day, for the delay).
   */
  async markCounts(db: Queryable, f: ControlFilter, rules: DeadlineRules) {
    return db.query<{
      kind: 'roster' | 'delay';
      page_id: string;
      students: number;
      no_marks: number;
      one_mark: number;
      delay: number;
      marks: number;
    }>(
      `WITH ${PAGES_CTE}, ${ROSTER_CTE}, ${LESSONS_AHEAD_CTE},
       we AS (
         SELECT ls.page_id, sc.time_zone, d.deadline, e.entered,
                width_bucket(((d.deadline + 1)::timestamp AT TIME ZONE sc.time_zone) - interval '1 microsecond', e.entered) AS on_time
           FROM ls
           JOIN works w ON w.school_id = ls.school_id AND w.lesson_id = ls.id AND w.school_id = ANY($1::uuid[])
           JOIN mark_entry_times e ON e.school_id = w.school_id AND e.work_id = w.id AND e.school_id = ANY($1::uuid[])
           JOIN schools sc ON sc.id = ls.school_id
           CROSS JOIN LATERAL (SELECT ${deadline('$8')} AS deadline) d
          WHERE ls.date BETWEEN $2::date AND $3::date
       ),
       delays AS (
         SELECT we.page_id, 0 AS delay, we.on_time AS n FROM we WHERE we.on_time > 0
         UNION ALL
         SELECT we.page_id, (x.at AT TIME ZONE we.time_zone)::date - we.deadline, 1
           FROM we CROSS JOIN LATERAL unnest(we.entered[we.on_time + 1:]) AS x(at)
          WHERE we.on_time < cardinality(we.entered)
       )
       SELECT 'roster' AS kind, r.page_id, count(*) AS students,
              count(*) FILTER (WHERE n.n = 0) AS no_marks,
              count(*) FILTER (WHERE n.n = 1) AS one_mark,
              0 AS delay, COALESCE(sum(n.n), 0) AS marks
         FROM roster r
         LEFT JOIN mark_lesson_dates md ON md.school_id = r.school_id AND md.page_id = r.page_id AND md.student_id = r.student_id
                                       AND md.school_id = ANY($1::uuid[])
         CROSS JOIN LATERAL (SELECT COALESCE(width_bucket($3::date, md.dates) - width_bucket($2::date - 1, md.dates), 0) AS n) n
        GROUP BY r.page_id
       UNION ALL
       SELECT 'delay', page_id, 0, 0, 0, delay, sum(n) FROM delays GROUP BY page_id, delay`,
      [...base(f), JSON.stringify(rules)],
    );
  },

  /**
   * [002 §2.1] «контроль выполнения образовательных программ» — plan vs fact as of the end of the range.
   * The thematic plan has no dates: its items are taught in order, one lesson = one hour [002 §4.4]. So:
   * - hours DUE by `to` = the first N hours of the plan in item order, N = the page's lessons in the
   *   journal dated up to `to` (what the timetable put there by then; pages are per year, so from the
   *   year's start), at most the plan's hours. Per item: clamp(N − hours of the items before it, 0, hours).
   * - hours GIVEN = the lessons up to `to` linked to a plan item, each item counted up to its own hours
   *   (a topic taught longer than planned does not make up for one not taught).
   * given ÷ due is the fulfilment; the whole plan's hours are kept for reference (plan_year_hours).
   * Whole schools (a school's report, the region) count all their plan items and lessons in one pass
   * each; a class, teacher, subject or page looks up its few pages one by one.
   */
  async planCounts(db: Queryable, f: ControlFilter) {
    const narrow = Boolean(f.classId || f.teacherId || f.subjectId || f.pageId);
    const sums = `COALESCE(sum(it.hours), 0) AS plan_year_hours,
              COALESCE(sum(greatest(0, least(it.hours, COALESCE(ln.n, 0) - it.before))), 0) AS plan_hours,
              COALESCE(sum(least(it.hours, COALESCE(it.given, 0))), 0) AS plan_given`;
    return db.query<{ page_id: string; plan_year_hours: number; plan_hours: number; plan_given: number }>(
      narrow
        ? `WITH ${PAGES_CTE},
       it AS (
         SELECT pi.school_id, pi.page_id, pi.hours,
                sum(pi.hours) OVER (PARTITION BY pi.school_id, pi.page_id ORDER BY pi.position) - pi.hours AS before,
                (SELECT count(*) FROM lessons l WHERE l.school_id = pi.school_id AND l.page_id = pi.page_id
                    AND l.plan_item_id = pi.id AND l.date <= $3::date) AS given
           FROM pg JOIN plan_items pi ON pi.school_id = pg.school_id AND pi.page_id = pg.id
       ),
       ln AS (
         SELECT pg.school_id, pg.id AS page_id,
                (SELECT count(*) FROM lessons l WHERE l.school_id = pg.school_id AND l.page_id = pg.id AND l.date <= $3::date) AS n
           FROM pg
       )
       SELECT pg.id AS page_id, ${sums}
         FROM pg
         JOIN ln ON ln.school_id = pg.school_id AND ln.page_id = pg.id
         LEFT JOIN it ON it.school_id = pg.school_id AND it.page_id = pg.id
        GROUP BY pg.id`
        : `WITH ${PAGES_CTE},
       ln AS (
         SELECT l.school_id, l.page_id, count(*) AS n
           FROM pg JOIN lessons l ON l.school_id = pg.school_id AND l.page_id = pg.id AND l.date <= $3::date
          WHERE l.school_id = ANY($1::uuid[])
          GROUP BY l.school_id, l.page_id
       ),
       lp AS (
         SELECT l.school_id, l.plan_item_id, count(*) AS given
           FROM lessons l
          WHERE l.school_id = ANY($1::uuid[]) AND l.plan_item_id IS NOT NULL AND l.date <= $3::date
          GROUP BY l.school_id, l.plan_item_id
       ),
       it AS (
         SELECT pi.school_id, pi.page_id, pi.hours, lp.given,
                sum(pi.hours) OVER (PARTITION BY pi.school_id, pi.page_id ORDER BY pi.position) - pi.hours AS before
           FROM pg JOIN plan_items pi ON pi.school_id = pg.school_id AND pi.page_id = pg.id
           LEFT JOIN lp ON lp.school_id = pi.school_id AND lp.plan_item_id = pi.id
          WHERE pi.school_id = ANY($1::uuid[])
       )
       SELECT pg.id AS page_id, ${sums}
         FROM pg
         LEFT JOIN ln ON ln.school_id = pg.school_id AND ln.page_id = pg.id
         LEFT JOIN it ON it.school_id = pg.school_id AND it.page_id = pg.id
        GROUP BY pg.id`,
      base(f),
    );
  },

  /** Holidays of the years the range touches, per school, with their grades (study weeks leave them out). */
  async holidays(db: Queryable, schoolIds: string[], from: string, to: string) {
    return db.query<{ school_id: string; starts_on: string; ends_on: string; from_grade: number | null; to_grade: number | null }>(
      `SELECT school_id, starts_on, ends_on, from_grade, to_grade FROM holidays
        WHERE school_id = ANY($1::uuid[]) AND starts_on <= $3::date AND ends_on >= $2::date`,
      [schoolIds, from, to],
    );
  },

  /** The schools' names, time zones and settings. */
  async schools(db: Queryable, schoolIds: string[]) {
    return db.query<{ id: string; name: string; short_name: string; time_zone: string; settings: Record<string, unknown> }>(
      'SELECT id, name, short_name, time_zone, settings FROM schools WHERE id = ANY($1::uuid[]) ORDER BY name',
      [schoolIds],
    );
  },

  // ───── drill-down of one page: the lessons, students and marks behind each figure ─────

  /** The students on the page in the range with their marks counted (roster rules as above). */
  async pageStudents(db: Queryable, f: ControlFilter, pendingMark: string) {
    return db.query<{ student_id: string; name: string; from_date: string; to_date: string; lessons: number; marks: number }>(
      `WITH ${PAGES_CTE}, ${ROSTER_CTE}, ${MARKS_CTE}
       SELECT r.student_id, p.last_name || ' ' || p.first_name || COALESCE(' ' || p.middle_name, '') AS name,
              r.from_date, r.to_date,
              (SELECT count(*) FROM lessons l WHERE l.school_id = r.school_id AND l.page_id = r.page_id
                  AND l.date BETWEEN r.from_date AND r.to_date) AS lessons,
              COALESCE(mk.n, 0) AS marks
         FROM roster r
         JOIN persons p ON p.school_id = r.school_id AND p.id = r.student_id
         LEFT JOIN mk ON mk.school_id = r.school_id AND mk.page_id = r.page_id AND mk.student_id = r.student_id
        ORDER BY p.last_name, p.first_name, p.middle_name`,
      [...base(f), pendingMark],
    );
  },

  /** Every lesson of the page in the range with what was recorded for it. */
  async pageLessons(db: Queryable, f: ControlFilter, pendingMark: string) {
    return db.query<{
      id: string;
      date: string;
      number: number;
      topic: string | null;
      topic_on_time: boolean | null;
      has_homework: boolean;
      homework_on_time: boolean | null;
      attendance_taken: boolean;
      attendance_on_time: boolean;
      plan_topic: string | null;
      marks: number;
    }>(
      `WITH ${PAGES_CTE}
       SELECT l.id, l.date, l.number, NULLIF(btrim(COALESCE(l.topic, '')), '') AS topic, l.topic_on_time,
              h.lesson_id IS NOT NULL AS has_homework, l.homework_on_time,
              (l.attendance_taken_at IS NOT NULL
                OR EXISTS (SELECT 1 FROM attendance a WHERE a.school_id = l.school_id AND a.lesson_id = l.id)) AS attendance_taken,
              COALESCE((l.attendance_taken_at AT TIME ZONE sc.time_zone)::date <= l.date, false) AS attendance_on_time,
              pi.topic AS plan_topic,
              (SELECT count(*) FROM marks m WHERE m.school_id = l.school_id AND m.lesson_id = l.id AND m.value <> $8) AS marks
         FROM pg
         JOIN lessons l ON l.school_id = pg.school_id AND l.page_id = pg.id AND l.date BETWEEN $2::date AND $3::date
         JOIN schools sc ON sc.id = l.school_id
         LEFT JOIN homework h ON h.school_id = l.school_id AND h.lesson_id = l.id
         LEFT JOIN plan_items pi ON pi.school_id = l.school_id AND pi.id = l.plan_item_id
        ORDER BY l.date, l.number`,
      [...base(f), pendingMark],
    );
  },

  /** The marks of the page entered after their deadline, with the deadline and the delay. */
  async pageLateMarks(db: Queryable, f: ControlFilter, pendingMark: string, rules: DeadlineRules) {
    return db.query<{
      mark_id: string;
      lesson_id: string;
      date: string;
      work_type: string;
      student_id: string;
      student_name: string;
      value: string;
      deadline: string;
      entered_on: string;
      delay: number;
    }>(
      `WITH ${PAGES_CTE}, ${DEADLINES_CTE}
       SELECT dl.mark_id, dl.lesson_id, dl.date, dl.work_type, dl.student_id,
              p.last_name || ' ' || p.first_name || COALESCE(' ' || p.middle_name, '') AS student_name,
              dl.value, dl.deadline, dl.deadline + dl.delay AS entered_on, dl.delay
         FROM dl JOIN persons p ON p.school_id = dl.school_id AND p.id = dl.student_id
        WHERE dl.delay > 0
        ORDER BY dl.date, p.last_name, p.first_name, dl.student_id, dl.mark_id`,
      [...base(f), pendingMark, JSON.stringify(rules)],
    );
  },

  /**
   * The page's thematic plan item by item, as planCounts counts it [002 §2.1]: the hours of the items
   * before it, the hours due by `to` (the page's lessons up to `to` fill the plan in order) and the
   * lessons given from it up to `to`.
   */
  async pagePlan(db: Queryable, schoolId: string, pageId: string, to: string) {
    return db.query<{ position: number; topic: string; hours: number; before: number; due: number; given: number }>(
      `WITH n AS (SELECT count(*) AS n FROM lessons l WHERE l.school_id = $1 AND l.page_id = $2 AND l.date <= $3::date),
       it AS (
         SELECT pi.id, pi.position, pi.topic, pi.hours,
                sum(pi.hours) OVER (ORDER BY pi.position) - pi.hours AS before
           FROM plan_items pi WHERE pi.school_id = $1 AND pi.page_id = $2
       )
       SELECT it.position, it.topic, it.hours, it.before,
              greatest(0, least(it.hours, n.n - it.before)) AS due,
              (SELECT count(*) FROM lessons l WHERE l.school_id = $1 AND l.page_id = $2
                  AND l.plan_item_id = it.id AND l.date <= $3::date) AS given
         FROM it CROSS JOIN n ORDER BY it.position`,
      [schoolId, pageId, to],
    );
  },
};
