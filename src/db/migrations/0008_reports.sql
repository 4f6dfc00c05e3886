-- Reports and control (issue 8) [DOMAIN §9].

-- A regional or municipal methodologist [DOMAIN §1] reads aggregated reports of several schools and no
-- personal data. They are not staff of any school, so they hold no person nor membership there: an
-- account is assigned to schools here. school_id leads the key like every school-owned table (a shard
-- keeps the assignments of its schools); the lookup by account uses the second index.
CREATE TABLE region_memberships (
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, account_id)
);
CREATE INDEX region_memberships_account_idx ON region_memberships (account_id);

-- The activity report reads a school's sign-ins and diary views by date range [000 §9], [002 §5.1];
-- the existing index is led by the person.
CREATE INDEX activity_at_idx ON activity (school_id, at);

-- Performance and quality read the final marks of one period (or the year) of a school [002 §5.3].
CREATE INDEX final_marks_period_idx ON final_marks (school_id, kind, period_id);
