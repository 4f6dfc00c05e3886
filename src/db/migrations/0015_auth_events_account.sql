-- The administrator's audit search shows the sign-ins of the school's accounts [issue 10]: it reads
-- auth_events by account, newest first; without an index that read grows with every sign-in of every school.
CREATE INDEX auth_events_account_idx ON auth_events (account_id, id);
