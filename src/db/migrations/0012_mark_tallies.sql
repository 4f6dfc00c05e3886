-- Tallies of the marks for the control report [000 §3.5], [003 §6.3] and the region view [DOMAIN §1]
-- (issue 8: a region of 20 schools, 3M marks, answered in seconds).
--
-- The report counts, for any date range, each student's marks on each page (no mark / one mark / how
-- many) and each mark's delay after its work's deadline. Read from `marks`, that is one row per mark:
-- on the 20-school district, 3M rows joined and grouped per statement took about half the region view's
-- time even with good plans (docs/PERFORMANCE.md, Reports). These two tables hold the same
-- facts one row per page × student and one row per work, as sorted arrays, so that a range is counted
-- with width_bucket (a binary search) instead of reading every mark:
--   mark_lesson_dates: the lesson dates of a student's marks on a page, one element per mark;
--   mark_entry_times:  the instants a work's marks were entered (created_at), one element per mark.
-- Only marks that count are in them: not the точка '•' (PENDING_MARK of src/domain/marks.ts), as the
-- report's own statements leave it out. A mark's page and lesson are those of its work (the journal
-- writes them so), so its lesson's date is its work's, which the report's deadlines start from. The
-- deadlines themselves (which depend on the lessons that follow and on the school's settings) are still
-- worked out when the report is asked, so nothing here goes stale when a lesson is added or a rule changes.
--
-- Exact by construction: the triggers below change them in the same statement as every write to marks
-- (journal, import, retention, year-end, demo data — any path), and when a lesson moves to another day.
-- A test recounts them from marks after every kind of write (test/integration/reports-tallies.test.ts).
-- No foreign keys: a row exists exactly while it holds an element (emptied rows are deleted), and the
-- marks it mirrors already hold their pages, students and works.

-- Sorted multiset union and difference (each element of b added, or removed once).
CREATE FUNCTION tally_add(a anyarray, b anyarray) RETURNS anyarray
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT COALESCE(array_agg(x ORDER BY x), a[1:0]) FROM (SELECT unnest(a) UNION ALL SELECT unnest(b)) u(x)
$$;

CREATE FUNCTION tally_remove(a anyarray, b anyarray) RETURNS anyarray
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT COALESCE(array_agg(x ORDER BY x), a[1:0])
    FROM (SELECT x, row_number() OVER (PARTITION BY x) AS k FROM unnest(a) AS t(x)) s
   WHERE s.k > (SELECT count(*) FROM unnest(b) AS r(y) WHERE r.y = s.x)
$$;

CREATE TABLE mark_lesson_dates (
  school_id uuid NOT NULL,
  page_id uuid NOT NULL,
  student_id uuid NOT NULL,
  dates date[] NOT NULL,
  PRIMARY KEY (school_id, page_id, student_id)
);

CREATE TABLE mark_entry_times (
  school_id uuid NOT NULL,
  work_id uuid NOT NULL,
  entered timestamptz[] NOT NULL,
  PRIMARY KEY (school_id, work_id)
);

-- Refills both tallies from the marks, for an operator after writes that bypassed triggers (a bulk load
-- with session_replication_role = replica, pg_restore --disable-triggers): SELECT mark_tallies_rebuild();
CREATE FUNCTION mark_tallies_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE marks, lessons IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM mark_lesson_dates;
  DELETE FROM mark_entry_times;
  INSERT INTO mark_lesson_dates (school_id, page_id, student_id, dates)
  SELECT m.school_id, m.page_id, m.student_id, array_agg(l.date ORDER BY l.date)
    FROM marks m JOIN lessons l ON l.school_id = m.school_id AND l.id = m.lesson_id
   WHERE m.value <> '•'
   GROUP BY m.school_id, m.page_id, m.student_id;
  INSERT INTO mark_entry_times (school_id, work_id, entered)
  SELECT m.school_id, m.work_id, array_agg(m.created_at ORDER BY m.created_at)
    FROM marks m
   WHERE m.value <> '•'
   GROUP BY m.school_id, m.work_id;
END
$$;

-- Filled from the marks as they are now. The function holds writes to marks and lessons until the end of
-- this migration's transaction, so none falls between the filling and the triggers below (another app
-- process may be running while this one migrates).
SELECT mark_tallies_rebuild();

-- The triggers, one per kind of statement on marks (a trigger with transition tables takes one event).
-- A statement's marks that leave the tallies (deleted, turned into the точка, or moved to another page,
-- student, lesson, work or entry time) are taken out, and those that join them are put in.
-- The lessons of the marks whose dates are added or taken out are locked FOR SHARE first: a lesson moved
-- to another day by a concurrent transaction is then either committed before this one reads its date,
-- or waits for this one and then moves this mark's date as well (mark_tallies_lesson_moved).
-- Locks and upserts go in key order, so two statements over the same keys queue instead of deadlocking.
CREATE FUNCTION mark_tallies_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM lessons l
    WHERE (l.school_id, l.id) IN (SELECT n.school_id, n.lesson_id FROM new_marks n WHERE n.value <> '•')
    ORDER BY l.school_id, l.id FOR SHARE OF l;
  INSERT INTO mark_lesson_dates AS t (school_id, page_id, student_id, dates)
  SELECT n.school_id, n.page_id, n.student_id, array_agg(l.date ORDER BY l.date)
    FROM new_marks n JOIN lessons l ON l.school_id = n.school_id AND l.id = n.lesson_id
   WHERE n.value <> '•'
   GROUP BY n.school_id, n.page_id, n.student_id
   ORDER BY n.school_id, n.page_id, n.student_id
  ON CONFLICT (school_id, page_id, student_id) DO UPDATE SET dates = tally_add(t.dates, EXCLUDED.dates);
  INSERT INTO mark_entry_times AS t (school_id, work_id, entered)
  SELECT n.school_id, n.work_id, array_agg(n.created_at ORDER BY n.created_at)
    FROM new_marks n
   WHERE n.value <> '•'
   GROUP BY n.school_id, n.work_id
   ORDER BY n.school_id, n.work_id
  ON CONFLICT (school_id, work_id) DO UPDATE SET entered = tally_add(t.entered, EXCLUDED.entered);
  RETURN NULL;
END
$$;

CREATE FUNCTION mark_tallies_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM lessons l
    WHERE (l.school_id, l.id) IN (SELECT o.school_id, o.lesson_id FROM old_marks o WHERE o.value <> '•')
    ORDER BY l.school_id, l.id FOR SHARE OF l;
  UPDATE mark_lesson_dates t SET dates = tally_remove(t.dates, g.dates)
    FROM (SELECT o.school_id, o.page_id, o.student_id, array_agg(l.date) AS dates
            FROM old_marks o JOIN lessons l ON l.school_id = o.school_id AND l.id = o.lesson_id
           WHERE o.value <> '•'
           GROUP BY o.school_id, o.page_id, o.student_id) g
   WHERE t.school_id = g.school_id AND t.page_id = g.page_id AND t.student_id = g.student_id;
  DELETE FROM mark_lesson_dates t
   USING (SELECT DISTINCT o.school_id, o.page_id, o.student_id FROM old_marks o WHERE o.value <> '•') g
   WHERE t.school_id = g.school_id AND t.page_id = g.page_id AND t.student_id = g.student_id AND cardinality(t.dates) = 0;
  UPDATE mark_entry_times t SET entered = tally_remove(t.entered, g.entered)
    FROM (SELECT o.school_id, o.work_id, array_agg(o.created_at) AS entered
            FROM old_marks o WHERE o.value <> '•' GROUP BY o.school_id, o.work_id) g
   WHERE t.school_id = g.school_id AND t.work_id = g.work_id;
  DELETE FROM mark_entry_times t
   USING (SELECT DISTINCT o.school_id, o.work_id FROM old_marks o WHERE o.value <> '•') g
   WHERE t.school_id = g.school_id AND t.work_id = g.work_id AND cardinality(t.entered) = 0;
  RETURN NULL;
END
$$;

-- An update: the old versions that counted and changed how are taken out, then the new versions that
-- count are put in; a statement that changed nothing counted (a «4» made «5») returns at once.
CREATE FUNCTION mark_tallies_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM old_marks o JOIN new_marks n ON n.school_id = o.school_id AND n.id = o.id
                  WHERE (o.value <> '•' OR n.value <> '•')
                    AND ((o.value <> '•') <> (n.value <> '•') OR o.page_id <> n.page_id OR o.student_id <> n.student_id
            OR o.lesson_id <> n.lesson_id OR o.work_id <> n.work_id OR o.created_at <> n.created_at)) THEN
    RETURN NULL;
  END IF;
  PERFORM 1 FROM lessons l
    WHERE (l.school_id, l.id) IN (SELECT o.school_id, o.lesson_id FROM old_marks o JOIN new_marks n ON n.school_id = o.school_id AND n.id = o.id WHERE ((o.value <> '•') <> (n.value <> '•') OR o.page_id <> n.page_id OR o.student_id <> n.student_id
            OR o.lesson_id <> n.lesson_id OR o.work_id <> n.work_id OR o.created_at <> n.created_at)
                                  UNION SELECT n.school_id, n.lesson_id FROM old_marks o JOIN new_marks n ON n.school_id = o.school_id AND n.id = o.id WHERE ((o.value <> '•') <> (n.value <> '•') OR o.page_id <> n.page_id OR o.student_id <> n.student_id
            OR o.lesson_id <> n.lesson_id OR o.work_id <> n.work_id OR o.created_at <> n.created_at))
    ORDER BY l.school_id, l.id FOR SHARE OF l;
  UPDATE mark_lesson_dates t SET dates = tally_remove(t.dates, g.dates)
    FROM (SELECT o.school_id, o.page_id, o.student_id, array_agg(l.date) AS dates
            FROM old_marks o JOIN new_marks n ON n.school_id = o.school_id AND n.id = o.id JOIN lessons l ON l.school_id = o.school_id AND l.id = o.lesson_id
           WHERE o.value <> '•' AND ((o.value <> '•') <> (n.value <> '•') OR o.page_id <> n.page_id OR o.student_id <> n.student_id
            OR o.lesson_id <> n.lesson_id OR o.work_id <> n.work_id OR o.created_at <> n.created_at)
           GROUP BY o.school_id, o.page_id, o.student_id) g
   WHERE t.school_id = g.school_id AND t.page_id = g.page_id AND t.student_id = g.student_id;
  UPDATE mark_entry_times t SET entered = tally_remove(t.entered, g.entered)
    FROM (SELECT o.school_id, o.work_id, array_agg(o.created_at) AS entered
            FROM old_marks o JOIN new_marks n ON n.school_id = o.school_id AND n.id = o.id
           WHERE o.value <> '•' AND ((o.value <> '•') <> (n.value <> '•') OR o.page_id <> n.page_id OR o.student_id <> n.student_id
            OR o.lesson_id <> n.lesson_id OR o.work_id <> n.work_id OR o.created_at <> n.created_at)
           GROUP BY o.school_id, o.work_id) g
   WHERE t.school_id = g.school_id AND t.work_id = g.work_id;
  INSERT INTO mark_lesson_dates AS t (school_id, page_id, student_id, dates)
  SELECT n.school_id, n.page_id, n.student_id, array_agg(l.date ORDER BY l.date)
    FROM old_marks o JOIN new_marks n ON n.school_id = o.school_id AND n.id = o.id JOIN lessons l ON l.school_id = n.school_id AND l.id = n.lesson_id
   WHERE n.value <> '•' AND ((o.value <> '•') <> (n.value <> '•') OR o.page_id <> n.page_id OR o.student_id <> n.student_id
            OR o.lesson_id <> n.lesson_id OR o.work_id <> n.work_id OR o.created_at <> n.created_at)
   GROUP BY n.school_id, n.page_id, n.student_id
   ORDER BY n.school_id, n.page_id, n.student_id
  ON CONFLICT (school_id, page_id, student_id) DO UPDATE SET dates = tally_add(t.dates, EXCLUDED.dates);
  INSERT INTO mark_entry_times AS t (school_id, work_id, entered)
  SELECT n.school_id, n.work_id, array_agg(n.created_at ORDER BY n.created_at)
    FROM old_marks o JOIN new_marks n ON n.school_id = o.school_id AND n.id = o.id
   WHERE n.value <> '•' AND ((o.value <> '•') <> (n.value <> '•') OR o.page_id <> n.page_id OR o.student_id <> n.student_id
            OR o.lesson_id <> n.lesson_id OR o.work_id <> n.work_id OR o.created_at <> n.created_at)
   GROUP BY n.school_id, n.work_id
   ORDER BY n.school_id, n.work_id
  ON CONFLICT (school_id, work_id) DO UPDATE SET entered = tally_add(t.entered, EXCLUDED.entered);
  DELETE FROM mark_lesson_dates t
   USING (SELECT DISTINCT o.school_id, o.page_id, o.student_id FROM old_marks o JOIN new_marks n ON n.school_id = o.school_id AND n.id = o.id WHERE o.value <> '•' AND ((o.value <> '•') <> (n.value <> '•') OR o.page_id <> n.page_id OR o.student_id <> n.student_id
            OR o.lesson_id <> n.lesson_id OR o.work_id <> n.work_id OR o.created_at <> n.created_at)) g
   WHERE t.school_id = g.school_id AND t.page_id = g.page_id AND t.student_id = g.student_id AND cardinality(t.dates) = 0;
  DELETE FROM mark_entry_times t
   USING (SELECT DISTINCT o.school_id, o.work_id FROM old_marks o JOIN new_marks n ON n.school_id = o.school_id AND n.id = o.id WHERE o.value <> '•' AND ((o.value <> '•') <> (n.value <> '•') OR o.page_id <> n.page_id OR o.student_id <> n.student_id
            OR o.lesson_id <> n.lesson_id OR o.work_id <> n.work_id OR o.created_at <> n.created_at)) g
   WHERE t.school_id = g.school_id AND t.work_id = g.work_id AND cardinality(t.entered) = 0;
  RETURN NULL;
END
$$;

CREATE TRIGGER mark_tallies_insert AFTER INSERT ON marks
  REFERENCING NEW TABLE AS new_marks FOR EACH STATEMENT EXECUTE FUNCTION mark_tallies_inserted();
CREATE TRIGGER mark_tallies_delete AFTER DELETE ON marks
  REFERENCING OLD TABLE AS old_marks FOR EACH STATEMENT EXECUTE FUNCTION mark_tallies_deleted();
CREATE TRIGGER mark_tallies_update AFTER UPDATE ON marks
  REFERENCING OLD TABLE AS old_marks NEW TABLE AS new_marks FOR EACH STATEMENT EXECUTE FUNCTION mark_tallies_updated();

-- TRUNCATE marks (never done by the app) empties the tallies with it.
CREATE FUNCTION mark_tallies_truncated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM mark_lesson_dates;
  DELETE FROM mark_entry_times;
  RETURN NULL;
END
$$;
CREATE TRIGGER mark_tallies_truncate AFTER TRUNCATE ON marks FOR EACH STATEMENT EXECUTE FUNCTION mark_tallies_truncated();

-- A lesson moved to another day [002 §4.2] moves the dates of its marks.
CREATE FUNCTION mark_tallies_lesson_moved() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE mark_lesson_dates t SET dates = tally_add(tally_remove(t.dates, m.olds), m.news)
    FROM (SELECT mk.school_id, mk.page_id, mk.student_id, array_agg(OLD.date) AS olds, array_agg(NEW.date) AS news
            FROM marks mk
           WHERE mk.school_id = NEW.school_id AND mk.lesson_id = NEW.id AND mk.value <> '•'
           GROUP BY mk.school_id, mk.page_id, mk.student_id) m
   WHERE t.school_id = m.school_id AND t.page_id = m.page_id AND t.student_id = m.student_id;
  RETURN NULL;
END
$$;
CREATE TRIGGER mark_tallies_lesson_moved AFTER UPDATE OF date ON lessons
  FOR EACH ROW WHEN (OLD.date IS DISTINCT FROM NEW.date) EXECUTE FUNCTION mark_tallies_lesson_moved();

