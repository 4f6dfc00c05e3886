-- The bell schedule is valid from a date, like the weekly timetable [issue 3], [004 admin]: a new set of bells
-- from a date leaves the times of earlier lessons as they were. The school's first set applies from the
-- beginning ('-infinity'); a later set applies from its date until the next one.
ALTER TABLE bell_schedule ADD COLUMN valid_from date NOT NULL DEFAULT '-infinity';
ALTER TABLE bell_schedule DROP CONSTRAINT bell_schedule_pkey;
ALTER TABLE bell_schedule ADD PRIMARY KEY (school_id, valid_from, number);
