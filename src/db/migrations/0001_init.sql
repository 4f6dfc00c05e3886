-- Initial schema of the journal.
-- Layout rule (CONVENTIONS habit 4): every school-owned table has school_id leading its primary key,
-- every foreign key to another school-owned table and every unique constraint, so a region can shard
-- by school_id (Citus). Global tables (schools, accounts, sessions, throttling, idempotency) are
-- listed in test/integration/catalogue.test.ts as the only exceptions.
-- Stays within PostgreSQL 15: no uuidv7(), no MERGE ... RETURNING, no virtual generated columns.

-- ───────────── global tables ─────────────
CREATE TABLE schools (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  short_name text NOT NULL,
  director_name text,
  address text,
  time_zone text NOT NULL DEFAULT 'Europe/Moscow',
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  login text NOT NULL,
  password_hash text NOT NULL,
  must_change_password boolean NOT NULL DEFAULT false,
  blocked_at timestamptz,
  totp_secret text,
  totp_enabled boolean NOT NULL DEFAULT false,
  locale text NOT NULL DEFAULT 'ru',
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz
);
CREATE UNIQUE INDEX accounts_login_key ON accounts (lower(login));

-- A session is found by the SHA-256 of its token; the token itself is never stored.
CREATE TABLE sessions (
  id text PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text,
  -- set when the account must enrol TOTP before doing anything else (administrators)
  needs_totp_setup boolean NOT NULL DEFAULT false
);
CREATE INDEX sessions_account_idx ON sessions (account_id);

-- Sign-in throttling per account and per IP, shared by every app process.
CREATE TABLE auth_throttle (
  key text PRIMARY KEY,
  failures integer NOT NULL DEFAULT 0,
  last_failure_at timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz
);

-- A write retried with the same Idempotency-Key is answered from here and applied once.
CREATE TABLE idempotency_keys (
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  key text NOT NULL,
  request_hash text NOT NULL,
  status_code integer NOT NULL,
  response jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, key)
);

-- Sign-in attempts and failures, for security review (no passwords, ever).
CREATE TABLE auth_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  account_id uuid,
  login text,
  ip text,
  event text NOT NULL
);

-- ───────────── school structure ─────────────
CREATE TABLE persons (
  school_id uuid NOT NULL REFERENCES schools (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  account_id uuid REFERENCES accounts (id),
  last_name text NOT NULL,
  first_name text NOT NULL,
  middle_name text,
  birth_date date,
  gender text CHECK (gender IN ('m', 'f')),
  email text,
  phone text,
  address text,
  documents jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, id)
);
CREATE UNIQUE INDEX persons_account_key ON persons (school_id, account_id) WHERE account_id IS NOT NULL;
CREATE INDEX persons_account_idx ON persons (account_id) WHERE account_id IS NOT NULL;

-- Roles per school: administrator, director, deputy (academic), deputy_ict, teacher, student, parent,
-- archivist. The class teacher is not a role: it follows from classes.class_teacher_id.
CREATE TABLE memberships (
  school_id uuid NOT NULL,
  person_id uuid NOT NULL,
  role text NOT NULL CHECK (role IN ('administrator', 'director', 'deputy', 'deputy_ict', 'teacher', 'student', 'parent', 'archivist')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, person_id, role),
  FOREIGN KEY (school_id, person_id) REFERENCES persons (school_id, id) ON DELETE CASCADE
);

CREATE TABLE parent_links (
  school_id uuid NOT NULL,
  parent_id uuid NOT NULL,
  student_id uuid NOT NULL,
  relation text NOT NULL DEFAULT 'parent',
  PRIMARY KEY (school_id, parent_id, student_id),
  FOREIGN KEY (school_id, parent_id) REFERENCES persons (school_id, id) ON DELETE CASCADE,
  FOREIGN KEY (school_id, student_id) REFERENCES persons (school_id, id) ON DELETE CASCADE
);
CREATE INDEX parent_links_student_idx ON parent_links (school_id, student_id);

CREATE TABLE academic_years (
  school_id uuid NOT NULL REFERENCES schools (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL,
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'current', 'closed')),
  closed_at timestamptz,
  PRIMARY KEY (school_id, id),
  UNIQUE (school_id, name),
  CHECK (starts_on < ends_on)
);
CREATE UNIQUE INDEX academic_years_one_current ON academic_years (school_id) WHERE status = 'current';

-- Periods of a year, per scheme: a class uses the periods of its scheme.
CREATE TABLE periods (
  school_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  year_id uuid NOT NULL,
  scheme text NOT NULL CHECK (scheme IN ('quarter', 'half', 'trimester')),
  number integer NOT NULL,
  name text NOT NULL,
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  closed_at timestamptz,
  closed_by uuid,
  PRIMARY KEY (school_id, id),
  UNIQUE (school_id, year_id, scheme, number),
  FOREIGN KEY (school_id, year_id) REFERENCES academic_years (school_id, id),
  CHECK (starts_on <= ends_on)
);

-- Reopening a period needs a reason; closing and reopening are kept here.
CREATE TABLE period_events (
  school_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  period_id uuid NOT NULL,
  action text NOT NULL CHECK (action IN ('close', 'reopen')),
  reason text,
  actor_id uuid,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, id),
  FOREIGN KEY (school_id, period_id) REFERENCES periods (school_id, id)
);

CREATE TABLE holidays (
  school_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  year_id uuid NOT NULL,
  name text NOT NULL,
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  PRIMARY KEY (school_id, id),
  FOREIGN KEY (school_id, year_id) REFERENCES academic_years (school_id, id),
  CHECK (starts_on <= ends_on)
);

CREATE TABLE subjects (
  school_id uuid NOT NULL REFERENCES schools (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL,
  short_name text NOT NULL,
  pass_fail boolean NOT NULL DEFAULT false,
  PRIMARY KEY (school_id, id),
  UNIQUE (school_id, name)
);

CREATE TABLE classes (
  school_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  year_id uuid NOT NULL,
  grade integer NOT NULL CHECK (grade BETWEEN 1 AND 11),
  letter text NOT NULL,
  period_scheme text NOT NULL CHECK (period_scheme IN ('quarter', 'half', 'trimester')),
  class_teacher_id uuid,
  PRIMARY KEY (school_id, id),
  UNIQUE (school_id, year_id, grade, letter),
  FOREIGN KEY (school_id, year_id) REFERENCES academic_years (school_id, id),
  FOREIGN KEY (school_id, class_teacher_id) REFERENCES persons (school_id, id)
);
CREATE INDEX classes_teacher_idx ON classes (school_id, class_teacher_id);

-- Student movement: one row per stay in a class, by order number and date [004], [002 §4.6].
CREATE TABLE enrollments (
  school_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  student_id uuid NOT NULL,
  class_id uuid NOT NULL,
  from_date date NOT NULL,
  to_date date,
  arrival_kind text NOT NULL DEFAULT 'initial' CHECK (arrival_kind IN ('initial', 'arrival', 'transfer', 'promotion', 'repeat')),
  arrival_order text,
  departure_kind text CHECK (departure_kind IN ('departure', 'transfer', 'promotion', 'graduation', 'repeat')),
  departure_order text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, id),
  FOREIGN KEY (school_id, student_id) REFERENCES persons (school_id, id),
  FOREIGN KEY (school_id, class_id) REFERENCES classes (school_id, id),
  CHECK (to_date IS NULL OR to_date >= from_date)
);
CREATE INDEX enrollments_class_idx ON enrollments (school_id, class_id);
CREATE INDEX enrollments_student_idx ON enrollments (school_id, student_id);

CREATE TABLE subgroups (
  school_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  class_id uuid NOT NULL,
  name text NOT NULL,
  PRIMARY KEY (school_id, id),
  UNIQUE (school_id, class_id, name),
  FOREIGN KEY (school_id, class_id) REFERENCES classes (school_id, id)
);

CREATE TABLE subgroup_members (
  school_id uuid NOT NULL,
  subgroup_id uuid NOT NULL,
  student_id uuid NOT NULL,
  PRIMARY KEY (school_id, subgroup_id, student_id),
  FOREIGN KEY (school_id, subgroup_id) REFERENCES subgroups (school_id, id) ON DELETE CASCADE,
  FOREIGN KEY (school_id, student_id) REFERENCES persons (school_id, id)
);

CREATE TABLE curriculum (
  school_id uuid NOT NULL,
  year_id uuid NOT NULL,
  grade integer NOT NULL CHECK (grade BETWEEN 1 AND 11),
  subject_id uuid NOT NULL,
  hours_per_week numeric(4, 1) NOT NULL CHECK (hours_per_week > 0),
  PRIMARY KEY (school_id, year_id, grade, subject_id),
  FOREIGN KEY (school_id, year_id) REFERENCES academic_years (school_id, id),
  FOREIGN KEY (school_id, subject_id) REFERENCES subjects (school_id, id)
);

-- A teaching load row is a journal page: class (or subgroup) × subject, kept by one teacher [003 §2.6].
CREATE TABLE journal_pages (
  school_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  year_id uuid NOT NULL,
  class_id uuid NOT NULL,
  subgroup_id uuid,
  subject_id uuid NOT NULL,
  teacher_id uuid NOT NULL,
  hours_per_week numeric(4, 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, id),
  FOREIGN KEY (school_id, year_id) REFERENCES academic_years (school_id, id),
  FOREIGN KEY (school_id, class_id) REFERENCES classes (school_id, id),
  FOREIGN KEY (school_id, subgroup_id) REFERENCES subgroups (school_id, id),
  FOREIGN KEY (school_id, subject_id) REFERENCES subjects (school_id, id),
  FOREIGN KEY (school_id, teacher_id) REFERENCES persons (school_id, id)
);
CREATE UNIQUE INDEX journal_pages_key ON journal_pages (school_id, class_id, subject_id, COALESCE(subgroup_id, '00000000-0000-0000-0000-000000000000'::uuid));
CREATE INDEX journal_pages_teacher_idx ON journal_pages (school_id, teacher_id);

CREATE TABLE bell_schedule (
  school_id uuid NOT NULL REFERENCES schools (id),
  number integer NOT NULL CHECK (number BETWEEN 0 AND 12),
  starts_at time NOT NULL,
  ends_at time NOT NULL,
  PRIMARY KEY (school_id, number),
  CHECK (starts_at < ends_at)
);

-- Weekly timetable, valid from a date (to a date when replaced).
CREATE TABLE timetable_entries (
  school_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  page_id uuid NOT NULL,
  weekday integer NOT NULL CHECK (weekday BETWEEN 1 AND 6),
  lesson_number integer NOT NULL CHECK (lesson_number BETWEEN 0 AND 12),
  room text,
  valid_from date NOT NULL,
  valid_to date,
  PRIMARY KEY (school_id, id),
  FOREIGN KEY (school_id, page_id) REFERENCES journal_pages (school_id, id)
);
CREATE INDEX timetable_entries_page_idx ON timetable_entries (school_id, page_id);

-- Thematic plan (КТП) items of a page, in order [002 §4.4].
CREATE TABLE plan_items (
  school_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  page_id uuid NOT NULL,
  position integer NOT NULL,
  topic text NOT NULL,
  hours integer NOT NULL DEFAULT 1 CHECK (hours BETWEEN 1 AND 20),
  lesson_kind text,
  PRIMARY KEY (school_id, id),
  UNIQUE (school_id, page_id, position),
  FOREIGN KEY (school_id, page_id) REFERENCES journal_pages (school_id, id) ON DELETE CASCADE
);

-- ───────────── journal ─────────────
CREATE TABLE lessons (
  school_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  page_id uuid NOT NULL,
  date date NOT NULL,
  number integer NOT NULL CHECK (number BETWEEN 0 AND 12),
  room text,
  topic text,
  plan_item_id uuid,
  substitute_teacher_id uuid,
  origin text NOT NULL DEFAULT 'timetable' CHECK (origin IN ('timetable', 'extra', 'moved')),
  topic_set_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, id),
  UNIQUE (school_id, page_id, date, number),
  FOREIGN KEY (school_id, page_id) REFERENCES journal_pages (school_id, id),
  FOREIGN KEY (school_id, plan_item_id) REFERENCES plan_items (school_id, id),
  FOREIGN KEY (school_id, substitute_teacher_id) REFERENCES persons (school_id, id)
);
CREATE INDEX lessons_date_idx ON lessons (school_id, date);

CREATE TABLE homework (
  school_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  lesson_id uuid NOT NULL,
  text text NOT NULL,
  due_date date NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, id),
  UNIQUE (school_id, lesson_id),
  FOREIGN KEY (school_id, lesson_id) REFERENCES lessons (school_id, id) ON DELETE CASCADE
);
CREATE INDEX homework_due_idx ON homework (school_id, due_date);

-- Files (homework attachments, messages, the school's files section) kept in the database so that
-- app processes stay stateless.
CREATE TABLE files (
  school_id uuid NOT NULL REFERENCES schools (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  owner_kind text NOT NULL,
  owner_id uuid,
  name text NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL,
  sha256 text NOT NULL,
  content bytea NOT NULL,
  uploaded_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, id)
);
CREATE INDEX files_owner_idx ON files (school_id, owner_kind, owner_id);

-- A work of a lesson (answer, test, control work …) carries the type that sets weight and deadline.
CREATE TABLE works (
  school_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  lesson_id uuid NOT NULL,
  work_type text NOT NULL,
  title text,
  weight numeric(3, 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, id),
  FOREIGN KEY (school_id, lesson_id) REFERENCES lessons (school_id, id) ON DELETE CASCADE
);
CREATE INDEX works_lesson_idx ON works (school_id, lesson_id);

CREATE TABLE marks (
  school_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  work_id uuid NOT NULL,
  lesson_id uuid NOT NULL,
  page_id uuid NOT NULL,
  student_id uuid NOT NULL,
  value text NOT NULL,
  comment text,
  on_time boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_by uuid,
  updated_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, id),
  UNIQUE (school_id, work_id, student_id),
  FOREIGN KEY (school_id, work_id) REFERENCES works (school_id, id),
  FOREIGN KEY (school_id, lesson_id) REFERENCES lessons (school_id, id),
  FOREIGN KEY (school_id, page_id) REFERENCES journal_pages (school_id, id),
  FOREIGN KEY (school_id, student_id) REFERENCES persons (school_id, id)
);
CREATE INDEX marks_page_idx ON marks (school_id, page_id);
CREATE INDEX marks_student_idx ON marks (school_id, student_id);

-- Attendance: the teacher's entry and the class teacher's weekly correction are both kept [000 §4.2].
CREATE TABLE attendance (
  school_id uuid NOT NULL,
  lesson_id uuid NOT NULL,
  student_id uuid NOT NULL,
  page_id uuid NOT NULL,
  code text NOT NULL CHECK (code IN ('н', 'б', 'у', 'оп', 'осв')),
  minutes integer,
  original_code text,
  corrected_by uuid,
  corrected_at timestamptz,
  on_time boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  set_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, lesson_id, student_id),
  FOREIGN KEY (school_id, lesson_id) REFERENCES lessons (school_id, id),
  FOREIGN KEY (school_id, page_id) REFERENCES journal_pages (school_id, id),
  FOREIGN KEY (school_id, student_id) REFERENCES persons (school_id, id)
);
CREATE INDEX attendance_student_idx ON attendance (school_id, student_id);
CREATE INDEX attendance_page_idx ON attendance (school_id, page_id);

CREATE TABLE final_marks (
  school_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  page_id uuid NOT NULL,
  subject_id uuid NOT NULL,
  student_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('period', 'year', 'exam', 'final')),
  period_id uuid,
  value text NOT NULL,
  proposed_value text,
  average numeric(4, 2),
  late boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  confirmed_by uuid,
  confirmed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, id),
  FOREIGN KEY (school_id, page_id) REFERENCES journal_pages (school_id, id),
  FOREIGN KEY (school_id, subject_id) REFERENCES subjects (school_id, id),
  FOREIGN KEY (school_id, student_id) REFERENCES persons (school_id, id),
  FOREIGN KEY (school_id, period_id) REFERENCES periods (school_id, id)
);
CREATE UNIQUE INDEX final_marks_key ON final_marks (school_id, student_id, page_id, kind, COALESCE(period_id, '00000000-0000-0000-0000-000000000000'::uuid));

-- ───────────── history and audit (append-only) ─────────────
-- Every create, change and delete of a mark, absence, topic, homework or final mark [DOMAIN §4].
CREATE TABLE journal_history (
  school_id uuid NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  entity text NOT NULL,
  entity_key text NOT NULL,
  page_id uuid,
  action text NOT NULL CHECK (action IN ('create', 'update', 'delete')),
  actor_id uuid,
  at timestamptz NOT NULL DEFAULT now(),
  old_value jsonb,
  new_value jsonb,
  reason text,
  PRIMARY KEY (school_id, id)
);
CREATE INDEX journal_history_entity_idx ON journal_history (school_id, entity, entity_key);

-- Changes to people and rights, staff reads of student cards, period locks, credentials.
CREATE TABLE audit_log (
  school_id uuid NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_account_id uuid,
  action text NOT NULL,
  object_kind text NOT NULL,
  object_id text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (school_id, id)
);
CREATE INDEX audit_log_at_idx ON audit_log (school_id, at);

-- Diary views and sign-ins counted by the activity reports [000 §9].
CREATE TABLE activity (
  school_id uuid NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  person_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('sign_in', 'diary_view')),
  subject_person_id uuid,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, id)
);
CREATE INDEX activity_person_idx ON activity (school_id, person_id, at);

-- The app's database role may add history but never rewrite it: enforced by triggers here (they
-- hold for the owner role too, and on PGlite) and, on PostgreSQL, also by REVOKE in `journal migrate`
-- when a separate app role is configured.
CREATE FUNCTION refuse_history_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'append-only table % cannot be changed', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER journal_history_append_only BEFORE UPDATE OR DELETE ON journal_history
  FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
CREATE TRIGGER journal_history_no_truncate BEFORE TRUNCATE ON journal_history
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();
