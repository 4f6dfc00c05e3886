-- Communication (issue 7): messages, news and calendar, the files section, notifications through a
-- transactional outbox, personal-data consent [DOMAIN §8, §11].
-- Every table is school-owned: school_id leads its primary key, foreign keys and unique keys.

-- ───────────── messages [000 §2.6], [001 §4.2.5] ─────────────
CREATE TABLE message_threads (
  school_id uuid NOT NULL REFERENCES schools (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  subject text NOT NULL,
  created_by uuid NOT NULL,
  -- threads written to several families at once (a class teacher to all parents of the class) share it
  batch_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_message_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, id),
  FOREIGN KEY (school_id, created_by) REFERENCES persons (school_id, id)
);

CREATE TABLE message_participants (
  school_id uuid NOT NULL,
  thread_id uuid NOT NULL,
  person_id uuid NOT NULL,
  -- the newest message this participant has seen: unread = later messages of others
  last_read_at timestamptz,
  archived boolean NOT NULL DEFAULT false,
  PRIMARY KEY (school_id, thread_id, person_id),
  FOREIGN KEY (school_id, thread_id) REFERENCES message_threads (school_id, id) ON DELETE CASCADE,
  FOREIGN KEY (school_id, person_id) REFERENCES persons (school_id, id) ON DELETE CASCADE
);
CREATE INDEX message_participants_person_idx ON message_participants (school_id, person_id);

CREATE TABLE messages (
  school_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  thread_id uuid NOT NULL,
  sender_id uuid NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, id),
  FOREIGN KEY (school_id, thread_id) REFERENCES message_threads (school_id, id) ON DELETE CASCADE,
  FOREIGN KEY (school_id, sender_id) REFERENCES persons (school_id, id)
);
CREATE INDEX messages_thread_idx ON messages (school_id, thread_id, created_at);

-- A recipient refuses further messages from a sender.
CREATE TABLE message_blocks (
  school_id uuid NOT NULL,
  blocker_id uuid NOT NULL,
  blocked_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, blocker_id, blocked_id),
  FOREIGN KEY (school_id, blocker_id) REFERENCES persons (school_id, id) ON DELETE CASCADE,
  FOREIGN KEY (school_id, blocked_id) REFERENCES persons (school_id, id) ON DELETE CASCADE
);

-- Complaints about a message, reviewed by the administration; the text is kept as it was reported.
CREATE TABLE message_reports (
  school_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  message_id uuid NOT NULL,
  reporter_id uuid NOT NULL,
  reason text NOT NULL,
  message_text text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  resolved_by uuid,
  resolution text,
  PRIMARY KEY (school_id, id),
  UNIQUE (school_id, message_id, reporter_id),
  FOREIGN KEY (school_id, message_id) REFERENCES messages (school_id, id) ON DELETE CASCADE,
  FOREIGN KEY (school_id, reporter_id) REFERENCES persons (school_id, id),
  FOREIGN KEY (school_id, resolved_by) REFERENCES persons (school_id, id)
);

-- ───────────── news, announcements, calendar [001 §2.2] ─────────────
-- audience: the whole school («Школа»), one class, or staff only («Учительская»).
CREATE TABLE news_posts (
  school_id uuid NOT NULL REFERENCES schools (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('news', 'announcement', 'event')),
  audience text NOT NULL CHECK (audience IN ('school', 'class', 'staff')),
  class_id uuid,
  title text NOT NULL,
  body text NOT NULL,
  event_date date,
  event_end_date date,
  event_time time,
  event_place text,
  author_id uuid NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, id),
  FOREIGN KEY (school_id, class_id) REFERENCES classes (school_id, id),
  FOREIGN KEY (school_id, author_id) REFERENCES persons (school_id, id),
  CHECK ((audience = 'class') = (class_id IS NOT NULL)),
  CHECK (kind <> 'event' OR event_date IS NOT NULL),
  CHECK (event_end_date IS NULL OR event_end_date >= event_date)
);
CREATE INDEX news_posts_published_idx ON news_posts (school_id, published_at DESC);
CREATE INDEX news_posts_event_idx ON news_posts (school_id, event_date) WHERE event_date IS NOT NULL;

-- Read receipts of announcements.
CREATE TABLE news_reads (
  school_id uuid NOT NULL,
  post_id uuid NOT NULL,
  person_id uuid NOT NULL,
  read_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, post_id, person_id),
  FOREIGN KEY (school_id, post_id) REFERENCES news_posts (school_id, id) ON DELETE CASCADE,
  FOREIGN KEY (school_id, person_id) REFERENCES persons (school_id, id) ON DELETE CASCADE
);

-- ───────────── the files section: a folder per academic year [001 §2.3] ─────────────
-- Files themselves are rows of `files` with owner_kind 'school_folder' and owner_id = the folder.
CREATE TABLE file_folders (
  school_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  year_id uuid NOT NULL,
  parent_id uuid,
  name text NOT NULL,
  access text NOT NULL CHECK (access IN ('staff', 'everyone')),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, id),
  FOREIGN KEY (school_id, year_id) REFERENCES academic_years (school_id, id),
  FOREIGN KEY (school_id, parent_id) REFERENCES file_folders (school_id, id),
  FOREIGN KEY (school_id, created_by) REFERENCES persons (school_id, id)
);
CREATE UNIQUE INDEX file_folders_year_root ON file_folders (school_id, year_id) WHERE parent_id IS NULL;
CREATE UNIQUE INDEX file_folders_name_key ON file_folders (school_id, parent_id, lower(name)) WHERE parent_id IS NOT NULL;

-- ───────────── personal-data consent [003 §5.2], [DOMAIN §11] ─────────────
-- The current decision per parent and purpose; every change is also written to audit_log.
CREATE TABLE consents (
  school_id uuid NOT NULL,
  parent_id uuid NOT NULL,
  purpose text NOT NULL CHECK (purpose IN ('journal', 'email', 'sms')),
  status text NOT NULL CHECK (status IN ('given', 'refused', 'revoked')),
  document text,
  decided_on date NOT NULL,
  recorded_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, parent_id, purpose),
  FOREIGN KEY (school_id, parent_id) REFERENCES persons (school_id, id) ON DELETE CASCADE,
  FOREIGN KEY (school_id, recorded_by) REFERENCES persons (school_id, id)
);

-- ───────────── notifications ─────────────
-- What a family chose: channels, kinds of events, a daily digest, quiet hours (minutes after local midnight).
CREATE TABLE notification_preferences (
  school_id uuid NOT NULL,
  person_id uuid NOT NULL,
  email boolean NOT NULL DEFAULT false,
  sms boolean NOT NULL DEFAULT false,
  kinds text[] NOT NULL DEFAULT '{mark,absence,homework,final_mark,message,announcement}',
  digest boolean NOT NULL DEFAULT false,
  digest_hour integer NOT NULL DEFAULT 19 CHECK (digest_hour BETWEEN 0 AND 23),
  quiet_start integer CHECK (quiet_start BETWEEN 0 AND 1439),
  quiet_end integer CHECK (quiet_end BETWEEN 0 AND 1439),
  weekly_report boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, person_id),
  FOREIGN KEY (school_id, person_id) REFERENCES persons (school_id, id) ON DELETE CASCADE,
  CHECK ((quiet_start IS NULL) = (quiet_end IS NULL))
);

-- The transactional outbox: written in the same transaction as the event (a mark, an absence, a
-- message…), so an event that committed is never lost and one that rolled back is never announced.
-- The worker fans each row out into in-app notifications and deliveries exactly once.
CREATE TABLE notification_outbox (
  school_id uuid NOT NULL REFERENCES schools (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  -- optional caller key: the same event enqueued twice is kept once
  event_key text,
  kind text NOT NULL,
  student_id uuid,
  person_id uuid,
  class_id uuid,
  post_id uuid,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  PRIMARY KEY (school_id, id),
  UNIQUE (school_id, event_key)
);
CREATE INDEX notification_outbox_due_idx ON notification_outbox (next_attempt_at) WHERE processed_at IS NULL;
CREATE INDEX notification_outbox_kind_idx ON notification_outbox (school_id, kind, class_id);

-- In-app notifications (the bell); digest_pending = still to go out in the family's daily digest.
CREATE TABLE notifications (
  school_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL,
  event_id uuid,
  kind text NOT NULL,
  student_id uuid,
  title text NOT NULL,
  body text NOT NULL,
  link text,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  digest_pending boolean NOT NULL DEFAULT false,
  PRIMARY KEY (school_id, id),
  UNIQUE (school_id, event_id, person_id),
  FOREIGN KEY (school_id, person_id) REFERENCES persons (school_id, id) ON DELETE CASCADE
);
CREATE INDEX notifications_person_idx ON notifications (school_id, person_id, created_at DESC);
CREATE INDEX notifications_digest_idx ON notifications (school_id, person_id) WHERE digest_pending;

-- One e-mail or SMS to one address. delivery_key is the idempotency key: it is unique, it is sent as
-- the e-mail Message-ID and the SMS gateway's Idempotency-Key, so a retry is never a second message.
CREATE TABLE notification_deliveries (
  school_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  delivery_key text NOT NULL,
  person_id uuid NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  address text NOT NULL,
  subject text,
  body text NOT NULL,
  -- e.g. {"report": {"studentId": …, "from": …, "to": …}}: a PDF rendered when the e-mail is sent
  attachment jsonb,
  event_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  sent_at timestamptz,
  failed_at timestamptz,
  cancelled_at timestamptz,
  PRIMARY KEY (school_id, id),
  UNIQUE (school_id, delivery_key),
  FOREIGN KEY (school_id, person_id) REFERENCES persons (school_id, id) ON DELETE CASCADE
);
CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at)
  WHERE sent_at IS NULL AND failed_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX notification_deliveries_event_idx ON notification_deliveries (school_id, event_id);
