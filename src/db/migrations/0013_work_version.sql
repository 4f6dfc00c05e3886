-- A lesson's work carries a version, like marks, attendance, topics and homework [issue 4]: every change
-- (type, title, weight) and its removal says which version it read, and a stale one answers 409 with the
-- current work and changes nothing. Existing works start at 1; a change adds one.
ALTER TABLE works ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1);
