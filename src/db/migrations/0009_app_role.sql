-- The role the app should run as on PostgreSQL [issue 10]: it may read and write the journal but never
-- rewrite history or audit. An operator creates a login role in it:
--   CREATE ROLE journal_web LOGIN PASSWORD '…' IN ROLE journal_app;
-- and runs migrations and `journal retention` as the owner. The triggers of 0001 refuse the same changes
-- for every role, the owner included; the grants make it a permission, checked by a test.
DO $$
BEGIN
  CREATE ROLE journal_app NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END
$$;
GRANT USAGE ON SCHEMA public TO journal_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO journal_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO journal_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO journal_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO journal_app;
REVOKE UPDATE, DELETE, TRUNCATE ON journal_history, audit_log, auth_events FROM journal_app;
REVOKE ALL ON schema_migrations FROM journal_app;
GRANT SELECT ON schema_migrations TO journal_app;
