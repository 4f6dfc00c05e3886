-- Holidays limited to some grades [issue 3], [DOMAIN §2]: the additional February holidays of first-graders
-- (дополнительные каникулы для первоклассников), a break of the trimester grades only. Both bounds null =
-- the holiday is the whole school's (as every holiday before); both set = grades from_grade..to_grade only.
ALTER TABLE holidays ADD COLUMN from_grade int;
ALTER TABLE holidays ADD COLUMN to_grade int;
ALTER TABLE holidays ADD CONSTRAINT holidays_grades_check CHECK (
  (from_grade IS NULL AND to_grade IS NULL)
  OR (from_grade BETWEEN 1 AND 11 AND to_grade BETWEEN 1 AND 11 AND from_grade <= to_grade)
);
