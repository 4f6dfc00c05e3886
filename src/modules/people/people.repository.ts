import type { Queryable } from '../../db/client';
import { type Role, STAFF_ROLES } from '../../domain/policy';

/** What a list of people is narrowed to: a role, a class (its students and their parents), a name part, having a login. */
export interface PeopleFilter {
  role?: Role;
  classId?: string;
  q?: string;
  withLogin?: boolean;
}

/** The name and login conditions of a people list ($4 the name part, $5 whether a login is there). */
const PEOPLE_WHERE = `($4::text IS NULL OR translate(p.last_name || ' ' || p.first_name || COALESCE(' ' || p.middle_name, ''), 'Ёё', 'Ее')
                                   ILIKE '%' || translate($4, 'Ёё', 'Ее') || '%')
          AND ($5::boolean IS NULL OR (p.account_id IS NOT NULL) = $5)`;

export interface PersonRow {
  id: string;
  school_id: string;
  account_id: string | null;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  birth_date: string | null;
  gender: 'm' | 'f' | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  documents: Record<string, string>;
  external_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface PersonFacts {
  school_id: string;
  roles: Role[];
  /** classes of the person's open stays (a student) */
  class_ids: string[];
  /** the person's children (a parent) and their open stays' classes */
  child_ids: string[];
  child_class_ids: string[];
  account_id: string | null;
}

export interface StayRow {
  id: string;
  student_id: string;
  class_id: string;
  class_name: string;
  year_id: string;
  year_name: string;
  year_status: string;
  from_date: string;
  to_date: string | null;
  arrival_kind: string;
  arrival_order: string | null;
  departure_kind: string | null;
  departure_order: string | null;
}

const FULL_NAME = (a: string) => `${a}.last_name || ' ' || ${a}.first_name || COALESCE(' ' || ${a}.middle_name, '')`;

const PERSON_COLS = `p.id, p.school_id, p.account_id, p.last_name, p.first_name, p.middle_name, p.birth_date, p.gender, p.email, p.phone,
  p.address, p.documents, p.external_id, p.created_at, p.updated_at`;

/** People, their roles, parent links, stays in classes (movement) and their accounts (credentials). */
export const peopleRepository = {
  async facts(db: Queryable, schoolIds: string[], personId: string): Promise<PersonFacts | undefined> {
    const [row] = await db.query<PersonFacts>(
      `SELECT p.school_id, p.account_id,
              COALESCE((SELECT array_agg(m.role) FROM memberships m WHERE m.school_id = p.school_id AND m.person_id = p.id), '{}') AS roles,
              COALESCE((SELECT array_agg(DISTINCT e.class_id) FROM enrollments e
                         WHERE e.school_id = p.school_id AND e.student_id = p.id AND e.to_date IS NULL), '{}') AS class_ids,
              COALESCE((SELECT array_agg(l.student_id) FROM parent_links l WHERE l.school_id = p.school_id AND l.parent_id = p.id), '{}') AS child_ids,
              COALESCE((SELECT array_agg(DISTINCT e.class_id) FROM parent_links l
                          JOIN enrollments e ON e.school_id = l.school_id AND e.student_id = l.student_id AND e.to_date IS NULL
                         WHERE l.school_id = p.school_id AND l.parent_id = p.id), '{}') AS child_class_ids
         FROM persons p WHERE p.school_id = ANY($1::uuid[]) AND p.id = $2`,
      [schoolIds, personId],
    );
    return row;
  },

  async person(db: Queryable, schoolId: string, personId: string): Promise<PersonRow | undefined> {
    const [row] = await db.query<PersonRow>(`SELECT ${PERSON_COLS} FROM persons p WHERE p.school_id = $1 AND p.id = $2`, [
      schoolId,
      personId,
    ]);
    return row;
  },

  async account(db: Queryable, accountId: string) {
    const [row] = await db.query<{
      id: string;
      login: string;
      blocked_at: Date | null;
      must_change_password: boolean;
      last_login_at: Date | null;
    }>('SELECT id, login, blocked_at, must_change_password, last_login_at FROM accounts WHERE id = $1', [accountId]);
    return row;
  },

  async stays(db: Queryable, schoolId: string, studentId: string): Promise<StayRow[]> {
    return db.query<StayRow>(
      `SELECT e.id, e.student_id, e.class_id, c.grade || c.letter AS class_name, c.year_id, y.name AS year_name, y.status AS year_status,
              e.from_date, e.to_date, e.arrival_kind, e.arrival_order, e.departure_kind, e.departure_order
         FROM enrollments e
         JOIN classes c ON c.school_id = e.school_id AND c.id = e.class_id
         JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id
        WHERE e.school_id = $1 AND e.student_id = $2 ORDER BY e.from_date, e.created_at`,
      [schoolId, studentId],
    );
  },

  /** Every stay in a class: who arrived and left, when and by which order. */
  async classStays(db: Queryable, schoolId: string, classId: string) {
    return db.query<StayRow & { student_name: string }>(
      `SELECT e.id, e.student_id, ${FULL_NAME('p')} AS student_name, e.class_id, c.grade || c.letter AS class_name, c.year_id,
              y.name AS year_name, y.status AS year_status,
              e.from_date, e.to_date, e.arrival_kind, e.arrival_order, e.departure_kind, e.departure_order
         FROM enrollments e
         JOIN persons p ON p.school_id = e.school_id AND p.id = e.student_id
         JOIN classes c ON c.school_id = e.school_id AND c.id = e.class_id
         JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id
        WHERE e.school_id = $1 AND e.class_id = $2 ORDER BY e.from_date, p.last_name, p.first_name`,
      [schoolId, classId],
    );
  },

  async parentsOf(db: Queryable, schoolId: string, studentId: string) {
    return db.query<{ id: string; name: string; relation: string; phone: string | null; email: string | null }>(
      `SELECT p.id, ${FULL_NAME('p')} AS name, l.relation, p.phone, p.email
         FROM parent_links l JOIN persons p ON p.school_id = l.school_id AND p.id = l.parent_id
        WHERE l.school_id = $1 AND l.student_id = $2 ORDER BY p.last_name, p.first_name`,
      [schoolId, studentId],
    );
  },

  async childrenOf(db: Queryable, schoolId: string, parentId: string) {
    return db.query<{ id: string; name: string; relation: string; class_name: string | null }>(
      `SELECT p.id, ${FULL_NAME('p')} AS name, l.relation,
              (SELECT c.grade || c.letter FROM enrollments e JOIN classes c ON c.school_id = e.school_id AND c.id = e.class_id
                WHERE e.school_id = l.school_id AND e.student_id = p.id AND e.to_date IS NULL ORDER BY e.from_date DESC LIMIT 1) AS class_name
         FROM parent_links l JOIN persons p ON p.school_id = l.school_id AND p.id = l.student_id
        WHERE l.school_id = $1 AND l.parent_id = $2 ORDER BY p.last_name, p.first_name`,
      [schoolId, parentId],
    );
  },

  /**
   * People of a school for lists: by role, class (students of the class and their parents), or a name
   * fragment. Names, roles, class and login status only — the card is read separately (and logged).
   */
  async list(db: Queryable, schoolId: string, f: PeopleFilter & { limit: number; offset: number }) {
    return db.query<{
      id: string;
      last_name: string;
      first_name: string;
      middle_name: string | null;
      roles: Role[];
      class_name: string | null;
      login: string | null;
      blocked: boolean;
      must_change_password: boolean | null;
      total: number;
    }>(
      `SELECT p.id, p.last_name, p.first_name, p.middle_name,
              COALESCE((SELECT array_agg(m.role ORDER BY m.role) FROM memberships m WHERE m.school_id = p.school_id AND m.person_id = p.id), '{}') AS roles,
              (SELECT c.grade || c.letter FROM enrollments e JOIN classes c ON c.school_id = e.school_id AND c.id = e.class_id
                WHERE e.school_id = p.school_id AND e.student_id = p.id AND e.to_date IS NULL ORDER BY e.from_date DESC LIMIT 1) AS class_name,
              a.login, a.blocked_at IS NOT NULL AS blocked, a.must_change_password, count(*) OVER () AS total
         FROM persons p LEFT JOIN accounts a ON a.id = p.account_id
        WHERE p.school_id = $1
          AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM memberships m WHERE m.school_id = p.school_id AND m.person_id = p.id AND m.role = $2))
          AND ($3::uuid IS NULL
               OR EXISTS (SELECT 1 FROM enrollments e WHERE e.school_id = p.school_id AND e.student_id = p.id AND e.class_id = $3 AND e.to_date IS NULL)
               OR EXISTS (SELECT 1 FROM parent_links l JOIN enrollments e ON e.school_id = l.school_id AND e.student_id = l.student_id
                           WHERE l.school_id = p.school_id AND l.parent_id = p.id AND e.class_id = $3 AND e.to_date IS NULL))
          AND ${PEOPLE_WHERE}
        ORDER BY p.last_name, p.first_name, p.middle_name, p.id
        LIMIT $6 OFFSET $7`,
      [schoolId, f.role ?? null, f.classId ?? null, f.q ?? null, f.withLogin ?? null, f.limit, f.offset],
    );
  },

  /** How many people the list filter finds (for a page asked past the end). */
  async count(db: Queryable, schoolId: string, f: PeopleFilter): Promise<number> {
    const [row] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM persons p LEFT JOIN accounts a ON a.id = p.account_id
        WHERE p.school_id = $1
          AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM memberships m WHERE m.school_id = p.school_id AND m.person_id = p.id AND m.role = $2))
          AND ($3::uuid IS NULL
               OR EXISTS (SELECT 1 FROM enrollments e WHERE e.school_id = p.school_id AND e.student_id = p.id AND e.class_id = $3 AND e.to_date IS NULL)
               OR EXISTS (SELECT 1 FROM parent_links l JOIN enrollments e ON e.school_id = l.school_id AND e.student_id = l.student_id
                           WHERE l.school_id = p.school_id AND l.parent_id = p.id AND e.class_id = $3 AND e.to_date IS NULL))
          AND ${PEOPLE_WHERE}`,
      [schoolId, f.role ?? null, f.classId ?? null, f.q ?? null, f.withLogin ?? null],
    );
    return row.n;
  },

  /** [002 §3.2] every staff member of the school (any staff role), for bulk staff credentials: no cut in number. */
  async staffIds(db: Queryable, schoolId: string): Promise<string[]> {
    const rows = await db.query<{ id: string }>(
      `SELECT p.id FROM persons p
        WHERE p.school_id = $1
          AND EXISTS (SELECT 1 FROM memberships m WHERE m.school_id = p.school_id AND m.person_id = p.id AND m.role = ANY($2::text[]))
        ORDER BY p.last_name, p.first_name, p.middle_name, p.id`,
      [schoolId, STAFF_ROLES],
    );
    return rows.map((r) => r.id);
  },

  /** People of the school with the same name and birth date (or the same external id). */
  async sameness(
    db: Queryable,
    schoolId: string,
    p: { lastName: string; firstName: string; middleName: string | null; birthDate: string | null; externalId: string | null },
  ) {
    return db.query<{ id: string; name: string; birth_date: string | null; roles: Role[] }>(
      `SELECT p.id, ${FULL_NAME('p')} AS name, p.birth_date,
              COALESCE((SELECT array_agg(m.role) FROM memberships m WHERE m.school_id = p.school_id AND m.person_id = p.id), '{}') AS roles
         FROM persons p
        WHERE p.school_id = $1
          AND (($6::text IS NOT NULL AND p.external_id = $6)
               OR ($5::date IS NOT NULL AND p.birth_date = $5
                   AND lower(translate(p.last_name, 'Ёё', 'Ее')) = lower(translate($2, 'Ёё', 'Ее'))
                   AND lower(translate(p.first_name, 'Ёё', 'Ее')) = lower(translate($3, 'Ёё', 'Ее'))
                   AND lower(translate(COALESCE(p.middle_name, ''), 'Ёё', 'Ее')) = lower(translate(COALESCE($4, ''), 'Ёё', 'Ее'))))`,
      [schoolId, p.lastName, p.firstName, p.middleName, p.birthDate, p.externalId],
    );
  },

  async insertPerson(
    db: Queryable,
    schoolId: string,
    p: {
      lastName: string;
      firstName: string;
      middleName: string | null;
      birthDate: string | null;
      gender: string | null;
      email: string | null;
      phone: string | null;
      address: string | null;
      documents: Record<string, string>;
      externalId: string | null;
    },
  ): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO persons (school_id, last_name, first_name, middle_name, birth_date, gender, email, phone, address, documents, external_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        schoolId,
        p.lastName,
        p.firstName,
        p.middleName,
        p.birthDate,
        p.gender,
        p.email,
        p.phone,
        p.address,
        JSON.stringify(p.documents),
        p.externalId,
      ],
    );
    return row.id;
  },

  /** Writes the changed card fields (column names from a fixed list, never from input). */
  async updatePerson(db: Queryable, schoolId: string, personId: string, fields: Partial<Record<PersonField, unknown>>) {
    const cols = Object.keys(fields).filter((k): k is PersonField => (PERSON_FIELDS as readonly string[]).includes(k));
    if (cols.length === 0) return;
    const sets = cols.map((c, i) => `${COLUMN[c]} = $${i + 3}`);
    await db.query(`UPDATE persons SET ${sets.join(', ')}, updated_at = now() WHERE school_id = $1 AND id = $2`, [
      schoolId,
      personId,
      ...cols.map((c) => (c === 'documents' ? JSON.stringify(fields[c]) : fields[c])),
    ]);
  },

  async addRoles(db: Queryable, schoolId: string, personId: string, roles: Role[]) {
    if (roles.length === 0) return;
    await db.query('INSERT INTO memberships (school_id, person_id, role) SELECT $1, $2, unnest($3::text[]) ON CONFLICT DO NOTHING', [
      schoolId,
      personId,
      roles,
    ]);
  },

  async removeRoles(db: Queryable, schoolId: string, personId: string, roles: Role[]) {
    if (roles.length === 0) return;
    await db.query('DELETE FROM memberships WHERE school_id = $1 AND person_id = $2 AND role = ANY($3::text[])', [
      schoolId,
      personId,
      roles,
    ]);
  },

  /** What keeps a role from being taken away: a teacher's pages and classes. */
  async teacherUse(db: Queryable, schoolId: string, personId: string) {
    const [row] = await db.query<{ pages: number; classes: number }>(
      `SELECT (SELECT count(*) FROM journal_pages jp JOIN academic_years y ON y.school_id = jp.school_id AND y.id = jp.year_id
                WHERE jp.school_id = $1 AND jp.teacher_id = $2 AND y.status <> 'closed') AS pages,
              (SELECT count(*) FROM classes c JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id
                WHERE c.school_id = $1 AND c.class_teacher_id = $2 AND y.status <> 'closed') AS classes`,
      [schoolId, personId],
    );
    return row;
  },

  async linkParent(db: Queryable, schoolId: string, parentId: string, studentId: string, relation: string): Promise<boolean> {
    const rows = await db.query(
      `INSERT INTO parent_links (school_id, parent_id, student_id, relation) VALUES ($1, $2, $3, $4)
       ON CONFLICT (school_id, parent_id, student_id) DO UPDATE SET relation = EXCLUDED.relation
       WHERE parent_links.relation IS DISTINCT FROM EXCLUDED.relation RETURNING parent_id`,
      [schoolId, parentId, studentId, relation],
    );
    return rows.length > 0;
  },

  async unlinkParent(db: Queryable, schoolId: string, parentId: string, studentId: string): Promise<boolean> {
    const rows = await db.query(
      'DELETE FROM parent_links WHERE school_id = $1 AND parent_id = $2 AND student_id = $3 RETURNING parent_id',
      [schoolId, parentId, studentId],
    );
    return rows.length > 0;
  },

  async insertStay(
    db: Queryable,
    schoolId: string,
    s: { studentId: string; classId: string; fromDate: string; kind: string; order: string | null },
  ) {
    await db.query(
      `INSERT INTO enrollments (school_id, student_id, class_id, from_date, arrival_kind, arrival_order) VALUES ($1, $2, $3, $4, $5, $6)`,
      [schoolId, s.studentId, s.classId, s.fromDate, s.kind, s.order],
    );
  },

  async closeStay(db: Queryable, schoolId: string, stayId: string, s: { toDate: string; kind: string; order: string | null }) {
    await db.query(
      'UPDATE enrollments SET to_date = $3, departure_kind = $4, departure_order = $5 WHERE school_id = $1 AND id = $2 AND to_date IS NULL',
      [schoolId, stayId, s.toDate, s.kind, s.order],
    );
  },

  // ───────────── accounts (credentials) ─────────────

  /** Logins already taken that start with one of the bases (accounts are global). */
  async loginsLike(db: Queryable, bases: string[]): Promise<string[]> {
    if (bases.length === 0) return [];
    const rows = await db.query<{ login: string }>('SELECT lower(login) AS login FROM accounts WHERE lower(login) LIKE ANY($1::text[])', [
      bases.map((b) => `${b.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
    ]);
    return rows.map((r) => r.login);
  },

  async createAccount(db: Queryable, login: string, passwordHash: string): Promise<string> {
    const [row] = await db.query<{ id: string }>(
      'INSERT INTO accounts (login, password_hash, must_change_password) VALUES ($1, $2, true) RETURNING id',
      [login, passwordHash],
    );
    return row.id;
  },

  async attachAccount(db: Queryable, schoolId: string, personId: string, accountId: string) {
    await db.query('UPDATE persons SET account_id = $3, updated_at = now() WHERE school_id = $1 AND id = $2 AND account_id IS NULL', [
      schoolId,
      personId,
      accountId,
    ]);
  },

  /** A new one-time password: must be changed at the next sign-in; every session of the account ends. */
  async resetPassword(db: Queryable, accountId: string, passwordHash: string) {
    await db.query('UPDATE accounts SET password_hash = $2, must_change_password = true, password_changed_at = now() WHERE id = $1', [
      accountId,
      passwordHash,
    ]);
    await db.query('DELETE FROM sessions WHERE account_id = $1', [accountId]);
  },

  async setBlocked(db: Queryable, accountId: string, blocked: boolean) {
    await db.query('UPDATE accounts SET blocked_at = CASE WHEN $2 THEN COALESCE(blocked_at, now()) ELSE NULL END WHERE id = $1', [
      accountId,
      blocked,
    ]);
    if (blocked) await db.query('DELETE FROM sessions WHERE account_id = $1', [accountId]);
  },

  async schoolName(db: Queryable, schoolId: string) {
    const [row] = await db.query<{ name: string; short_name: string }>('SELECT name, short_name FROM schools WHERE id = $1', [schoolId]);
    return row;
  },

  /** Whether the person is the class teacher of a class of the school (of a year not closed): who may issue family credentials. */
  async leadsClass(db: Queryable, schoolId: string, personId: string) {
    const [row] = await db.query<{ ok: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM classes c JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id
                       WHERE c.school_id = $1 AND c.class_teacher_id = $2 AND y.status <> 'closed') AS ok`,
      [schoolId, personId],
    );
    return row.ok;
  },

  /** Current students of a class, and (optionally) their parents, for bulk credentials. */
  async classPeople(db: Queryable, schoolId: string, classId: string) {
    return db.query<{ id: string; kind: 'student' | 'parent' }>(
      `SELECT DISTINCT e.student_id AS id, 'student' AS kind FROM enrollments e
        WHERE e.school_id = $1 AND e.class_id = $2 AND e.to_date IS NULL
       UNION
       SELECT DISTINCT l.parent_id AS id, 'parent' AS kind FROM enrollments e
         JOIN parent_links l ON l.school_id = e.school_id AND l.student_id = e.student_id
        WHERE e.school_id = $1 AND e.class_id = $2 AND e.to_date IS NULL`,
      [schoolId, classId],
    );
  },

  /** Names, class and account of people, for slips. */
  async slipFacts(db: Queryable, schoolId: string, personIds: string[]) {
    return db.query<{
      id: string;
      last_name: string;
      first_name: string;
      middle_name: string | null;
      account_id: string | null;
      login: string | null;
      roles: Role[];
      class_name: string | null;
      child_class_names: string[];
    }>(
      `SELECT p.id, p.last_name, p.first_name, p.middle_name, p.account_id, a.login,
              COALESCE((SELECT array_agg(m.role) FROM memberships m WHERE m.school_id = p.school_id AND m.person_id = p.id), '{}') AS roles,
              (SELECT c.grade || c.letter FROM enrollments e JOIN classes c ON c.school_id = e.school_id AND c.id = e.class_id
                WHERE e.school_id = p.school_id AND e.student_id = p.id AND e.to_date IS NULL ORDER BY e.from_date DESC LIMIT 1) AS class_name,
              COALESCE((SELECT array_agg(DISTINCT c.grade || c.letter) FROM parent_links l
                          JOIN enrollments e ON e.school_id = l.school_id AND e.student_id = l.student_id AND e.to_date IS NULL
                          JOIN classes c ON c.school_id = e.school_id AND c.id = e.class_id
                         WHERE l.school_id = p.school_id AND l.parent_id = p.id), '{}') AS child_class_names
         FROM persons p LEFT JOIN accounts a ON a.id = p.account_id
        WHERE p.school_id = $1 AND p.id = ANY($2::uuid[])
        ORDER BY p.last_name, p.first_name, p.middle_name`,
      [schoolId, personIds],
    );
  },
};

export const PERSON_FIELDS = [
  'lastName',
  'firstName',
  'middleName',
  'birthDate',
  'gender',
  'email',
  'phone',
  'address',
  'documents',
  'externalId',
] as const;
export type PersonField = (typeof PERSON_FIELDS)[number];
const COLUMN: Record<PersonField, string> = {
  lastName: 'last_name',
  firstName: 'first_name',
  middleName: 'middle_name',
  birthDate: 'birth_date',
  gender: 'gender',
  email: 'email',
  phone: 'phone',
  address: 'address',
  documents: 'documents',
  externalId: 'external_id',
};
