import type { Queryable } from '../../db/client';
import type { Role } from '../../domain/policy';

/** The class a student is in now: the open enrollment in the current year. */
export const CURRENT_CLASS_SQL = `
  SELECT c.id, c.grade || c.letter AS name FROM enrollments e
    JOIN classes c ON c.school_id = e.school_id AND c.id = e.class_id
    JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id AND y.status = 'current'
   WHERE e.school_id = p.school_id AND e.student_id = p.id AND e.to_date IS NULL
   ORDER BY e.from_date DESC LIMIT 1`;

export const meRepository = {
  async account(db: Queryable, accountId: string) {
    const [row] = await db.query<{ login: string; locale: string; must_change_password: boolean; totp_enabled: boolean }>(
      'SELECT login, locale, must_change_password, totp_enabled FROM accounts WHERE id = $1',
      [accountId],
    );
    return row;
  },

  async persons(db: Queryable, accountId: string) {
    return db.query<{
      school_id: string;
      person_id: string;
      name: string;
      school_name: string;
      short_name: string;
      roles: Role[];
      class_id: string | null;
      class_name: string | null;
    }>(
      `SELECT p.school_id, p.id AS person_id, p.last_name || ' ' || p.first_name AS name,
              s.name AS school_name, s.short_name,
              COALESCE((SELECT array_agg(m.role ORDER BY m.role) FROM memberships m
                         WHERE m.school_id = p.school_id AND m.person_id = p.id), '{}') AS roles,
              cc.id AS class_id, cc.name AS class_name
         FROM persons p JOIN schools s ON s.id = p.school_id
         LEFT JOIN LATERAL (${CURRENT_CLASS_SQL}) cc ON true
        WHERE p.account_id = $1 ORDER BY s.name`,
      [accountId],
    );
  },

  async children(db: Queryable, accountId: string) {
    return db.query<{
      id: string;
      school_id: string;
      name: string;
      school_name: string;
      class_id: string | null;
      class_name: string | null;
    }>(
      `SELECT p.id, p.school_id, p.last_name || ' ' || p.first_name AS name, s.name AS school_name,
              cc.id AS class_id, cc.name AS class_name
         FROM persons par
         JOIN parent_links l ON l.school_id = par.school_id AND l.parent_id = par.id
         JOIN persons p ON p.school_id = l.school_id AND p.id = l.student_id
         JOIN schools s ON s.id = p.school_id
         LEFT JOIN LATERAL (${CURRENT_CLASS_SQL}) cc ON true
        WHERE par.account_id = $1
          AND EXISTS (SELECT 1 FROM memberships m WHERE m.school_id = par.school_id AND m.person_id = par.id AND m.role = 'parent')
        ORDER BY p.last_name, p.first_name`,
      [accountId],
    );
  },

  async classTeacherOf(db: Queryable, accountId: string) {
    return db.query<{ id: string; school_id: string; name: string }>(
      `SELECT c.id, c.school_id, c.grade || c.letter AS name
         FROM persons p
         JOIN classes c ON c.school_id = p.school_id AND c.class_teacher_id = p.id
         JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id AND y.status = 'current'
        WHERE p.account_id = $1 ORDER BY c.grade, c.letter`,
      [accountId],
    );
  },
};
