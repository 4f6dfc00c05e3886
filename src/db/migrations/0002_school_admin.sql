-- School structure and administration: year and periods, classes, people, timetable, credentials,
-- import, movement, year-end [DOMAIN §1–2], [002 §4.6], [004 admin]. Additions only; 0001 is untouched.

-- [DOMAIN §2] which period scheme each grade uses in a year: {"1": "quarter", …, "10": "half"}.
-- Missing grades take the default (quarters for 1–9, halves for 10–11).
ALTER TABLE academic_years ADD COLUMN grade_schemes jsonb NOT NULL DEFAULT '{}'::jsonb;

-- Holidays (каникулы) and single non-working days (праздники, переносы) [DOMAIN §2].
ALTER TABLE holidays ADD COLUMN kind text NOT NULL DEFAULT 'holiday' CHECK (kind IN ('holiday', 'day_off'));
CREATE INDEX holidays_year_idx ON holidays (school_id, year_id);

-- An id from the school's own register (АИС, «Сетевой город»), used to match people on re-import.
ALTER TABLE persons ADD COLUMN external_id text;
CREATE UNIQUE INDEX persons_external_key ON persons (school_id, external_id) WHERE external_id IS NOT NULL;
-- Import and duplicate checks match people by name and birth date.
CREATE INDEX persons_name_idx ON persons (school_id, lower(last_name), lower(first_name));

-- A moved lesson remembers its timetable slot, so that regenerating the timetable does not put a
-- second lesson there.
ALTER TABLE lessons ADD COLUMN moved_from_date date;
ALTER TABLE lessons ADD COLUMN moved_from_number integer;

-- Slot conflicts (a teacher twice in one weekday + lesson number) are checked per school and slot.
CREATE INDEX timetable_entries_slot_idx ON timetable_entries (school_id, weekday, lesson_number);
CREATE INDEX subgroups_class_idx ON subgroups (school_id, class_id);
CREATE INDEX classes_year_idx ON classes (school_id, year_id);
CREATE INDEX periods_year_idx ON periods (school_id, year_id);
CREATE INDEX period_events_period_idx ON period_events (school_id, period_id);
CREATE INDEX audit_log_object_idx ON audit_log (school_id, object_id);
