-- The audit screen searches the journal's history by school and time, newest first, next to audit_log
-- (which has audit_log_at_idx): without this index a search would read a school's whole history.
CREATE INDEX journal_history_at_idx ON journal_history (school_id, at);
