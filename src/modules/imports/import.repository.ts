import type { Queryable } from '../../db/client';
import type { Role } from '../../domain/policy';

export interface ExistingPerson {
  id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  birth_date: string | null;
  gender: 'm' | 'f' | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  documents: Record<string, string>;
  external_id: string | null;
  roles: Role[];
  open_class_id: string | null;
}

export interface PersonInsert {
  id: string;
  lastName: string;
  firstName: string;
  middleName: string | null;
  birthDate: string | null;
  gender: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  documents: Record<string, string>;
  externalId: string | null;
}

/** Bulk reads and multi-row writes of the import: a handful of statements for thousands of rows. */
export const importRepository = {
  /** Everyone of the school with roles and the class of their open stay: the import matches in memory. */
  async people(db: Queryable, schoolId: string): Promise<ExistingPerson[]> {
    return db.query<ExistingPerson>(
      `SELECT p.id, p.last_name, p.first_name, p.middle_name, p.birth_date, p.gender, p.phone, p.email, p.address, p.documents, p.external_id,
              COALESCE(m.roles, '{}') AS roles, e.class_id AS open_class_id
         FROM persons p
         LEFT JOIN (SELECT person_id, array_agg(role) AS roles FROM memberships WHERE school_id = $1 GROUP BY person_id) m ON m.person_id = p.id
         LEFT JOIN (SELECT DISTINCT ON (student_id) student_id, class_id FROM enrollments
                     WHERE school_id = $1 AND to_date IS NULL ORDER BY student_id, from_date DESC) e ON e.student_id = p.id
        WHERE p.school_id = $1`,
      [schoolId],
    );
  },

  async parentLinks(db: Queryable, schoolId: string) {
    return db.query<{ parent_id: string; student_id: string; relation: string }>(
      'SELECT parent_id, student_id, relation FROM parent_links WHERE school_id = $1',
      [schoolId],
    );
  },

  async insertPersons(db: Queryable, schoolId: string, rows: PersonInsert[]) {
    for (let i = 0; i < rows.length; i += 2000) {
      const c = rows.slice(i, i + 2000);
      await db.query(
        `INSERT INTO persons (school_id, id, last_name, first_name, middle_name, birth_date, gender, phone, email, address, documents, external_id)
         SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[], $8::text[], $9::text[], $10::text[], $11::jsonb[], $12::text[])`,
        [
          schoolId,
          c.map((r) => r.id),
          c.map((r) => r.lastName),
          c.map((r) => r.firstName),
          c.map((r) => r.middleName),
          c.map((r) => r.birthDate),
          c.map((r) => r.gender),
          c.map((r) => r.phone),
          c.map((r) => r.email),
          c.map((r) => r.address),
          c.map((r) => JSON.stringify(r.documents)),
          c.map((r) => r.externalId),
        ],
      );
    }
  },

  /**
   * After thousands of new rows the planner's idea of `persons` (a few rows) makes every foreign-key
   * check of the following inserts scan the table; fresh statistics let them use the primary key.
   */
  async refreshStatistics(db: Queryable) {
    await db.query('ANALYZE persons');
  },

  /** Card fields given in the file replace the stored ones (null = keep); documents are merged. */
  async updatePersons(db: Queryable, schoolId: string, rows: Omit<PersonInsert, 'lastName' | 'firstName'>[]) {
    for (let i = 0; i < rows.length; i += 2000) {
      const c = rows.slice(i, i + 2000);
      await db.query(
        `UPDATE persons p SET middle_name = COALESCE(t.mn, p.middle_name), birth_date = COALESCE(t.bd, p.birth_date),
                gender = COALESCE(t.g, p.gender), phone = COALESCE(t.ph, p.phone), email = COALESCE(t.em, p.email),
                address = COALESCE(t.ad, p.address), documents = p.documents || t.docs, external_id = COALESCE(p.external_id, t.ext),
                updated_at = now()
           FROM unnest($2::uuid[], $3::text[], $4::date[], $5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[], $10::text[])
                AS t(id, mn, bd, g, ph, em, ad, docs, ext)
          WHERE p.school_id = $1 AND p.id = t.id`,
        [
          schoolId,
          c.map((r) => r.id),
          c.map((r) => r.middleName),
          c.map((r) => r.birthDate),
          c.map((r) => r.gender),
          c.map((r) => r.phone),
          c.map((r) => r.email),
          c.map((r) => r.address),
          c.map((r) => JSON.stringify(r.documents)),
          c.map((r) => r.externalId),
        ],
      );
    }
  },

  async insertMemberships(db: Queryable, schoolId: string, rows: { personId: string; role: Role }[]) {
    if (rows.length === 0) return;
    await db.query(
      `INSERT INTO memberships (school_id, person_id, role) SELECT $1, * FROM unnest($2::uuid[], $3::text[]) ON CONFLICT DO NOTHING`,
      [schoolId, rows.map((r) => r.personId), rows.map((r) => r.role)],
    );
  },

  async insertStays(
    db: Queryable,
    schoolId: string,
    rows: { studentId: string; classId: string; fromDate: string; kind: string; order: string | null }[],
  ) {
    if (rows.length === 0) return;
    await db.query(
      `INSERT INTO enrollments (school_id, student_id, class_id, from_date, arrival_kind, arrival_order)
       SELECT $1, * FROM unnest($2::uuid[], $3::uuid[], $4::date[], $5::text[], $6::text[])`,
      [
        schoolId,
        rows.map((r) => r.studentId),
        rows.map((r) => r.classId),
        rows.map((r) => r.fromDate),
        rows.map((r) => r.kind),
        rows.map((r) => r.order),
      ],
    );
  },

  async upsertParentLinks(db: Queryable, schoolId: string, rows: { parentId: string; studentId: string; relation: string }[]) {
    if (rows.length === 0) return;
    await db.query(
      `INSERT INTO parent_links (school_id, parent_id, student_id, relation) SELECT $1, * FROM unnest($2::uuid[], $3::uuid[], $4::text[])
       ON CONFLICT (school_id, parent_id, student_id) DO UPDATE SET relation = EXCLUDED.relation`,
      [schoolId, rows.map((r) => r.parentId), rows.map((r) => r.studentId), rows.map((r) => r.relation)],
    );
  },

  async insertClasses(
    db: Queryable,
    schoolId: string,
    yearId: string,
    rows: { grade: number; letter: string; scheme: string; classTeacherId: string | null }[],
  ) {
    if (rows.length === 0) return;
    await db.query(
      `INSERT INTO classes (school_id, year_id, grade, letter, period_scheme, class_teacher_id)
       SELECT $1, $2, * FROM unnest($3::int[], $4::text[], $5::text[], $6::uuid[])`,
      [schoolId, yearId, rows.map((r) => r.grade), rows.map((r) => r.letter), rows.map((r) => r.scheme), rows.map((r) => r.classTeacherId)],
    );
  },

  async updateClasses(db: Queryable, schoolId: string, rows: { id: string; scheme: string; classTeacherId: string | null }[]) {
    if (rows.length === 0) return;
    await db.query(
      `UPDATE classes c SET period_scheme = t.s, class_teacher_id = t.ct FROM unnest($2::uuid[], $3::text[], $4::uuid[]) AS t(id, s, ct)
        WHERE c.school_id = $1 AND c.id = t.id`,
      [schoolId, rows.map((r) => r.id), rows.map((r) => r.scheme), rows.map((r) => r.classTeacherId)],
    );
  },
};
