-- The diary for students and parents [DOMAIN §7], [000 §3.6], [002 §6.1].

-- Private calendar feeds (iCal) of a child's timetable and homework. The URL token is a bearer secret:
-- only its SHA-256 is kept, and the school id is part of the token, so the lookup stays led by
-- school_id (Citus routes it to one shard) while nobody can read a token back from the database.
CREATE TABLE calendar_feeds (
  school_id uuid NOT NULL REFERENCES schools (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  student_id uuid NOT NULL,
  -- the person (in this school) who asked for the feed; the feed reads with their rights
  created_by uuid NOT NULL,
  token_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  PRIMARY KEY (school_id, id),
  UNIQUE (school_id, token_hash),
  FOREIGN KEY (school_id, student_id) REFERENCES persons (school_id, id) ON DELETE CASCADE,
  FOREIGN KEY (school_id, created_by) REFERENCES persons (school_id, id) ON DELETE CASCADE
);
CREATE INDEX calendar_feeds_owner_idx ON calendar_feeds (school_id, created_by) WHERE revoked_at IS NULL;

-- The diary's week finds the student's marks of ~30 lessons: (student, lesson) makes that one index probe
-- per lesson instead of reading all the student's marks of the year. It serves every query the
-- (school_id, student_id) index served, so that one goes: one index to keep up on the hottest write.
CREATE INDEX marks_student_lesson_idx ON marks (school_id, student_id, lesson_id);
DROP INDEX marks_student_idx;
