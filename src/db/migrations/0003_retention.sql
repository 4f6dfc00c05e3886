-- Retention [002 §7.1]: journals are removed after 5 years by the operator's `journal retention --confirm`.
-- History rows of a removed journal go with it; only that command sets journal.retention_purge for its own
-- transaction. Every other change of history or audit stays refused.
CREATE OR REPLACE FUNCTION refuse_history_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'journal_history' AND current_setting('journal.retention_purge', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'append-only table % cannot be changed', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
