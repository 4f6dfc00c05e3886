-- Journal keeping additions.
-- When the teacher took the roll (even if everyone was present): the control report counts
-- "attendance recorded" [003 §6.3], and "all present" is one action [issue 4].
ALTER TABLE lessons ADD COLUMN attendance_taken_at timestamptz;
ALTER TABLE lessons ADD COLUMN homework_on_time boolean;
ALTER TABLE lessons ADD COLUMN topic_on_time boolean;
-- Marks and attendance are read per page and date range on the hot path of the journal page.
CREATE INDEX lessons_page_date_idx ON lessons (school_id, page_id, date);
CREATE INDEX marks_lesson_idx ON marks (school_id, lesson_id);
-- status 0 = the first request is still being applied; a retry then waits or is told so.
ALTER TABLE idempotency_keys ALTER COLUMN response DROP NOT NULL;
