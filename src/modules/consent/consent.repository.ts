import type { Queryable } from '../../db/client';

export type ConsentPurpose = 'journal' | 'email' | 'sms';
export type ConsentStatus = 'given' | 'refused' | 'revoked';

export interface ConsentRow {
  school_id: string;
  parent_id: string;
  purpose: ConsentPurpose;
  status: ConsentStatus;
  document: string | null;
  decided_on: string;
  recorded_by: string | null;
  recorded_by_name: string | null;
  updated_at: Date;
}

/** Personal-data consents [003 §5.2]: the only place with their SQL. */
export const consentRepository = {
  /** A parent of one of the given schools, with their children and the children's current class teachers. */
  async parentFacts(db: Queryable, schoolIds: string[], parentId: string) {
    const [row] = await db.query<{
      school_id: string;
      time_zone: string;
      name: string;
      children: { studentId: string; classTeacherIds: string[] }[];
    }>(
      `SELECT p.school_id, (SELECT s.time_zone FROM schools s WHERE s.id = p.school_id) AS time_zone, p.last_name || ' ' || p.first_name || COALESCE(' ' || p.middle_name, '') AS name,
              COALESCE((SELECT json_agg(json_build_object('studentId', l.student_id, 'classTeacherIds',
                          COALESCE((SELECT array_agg(DISTINCT c.class_teacher_id) FROM enrollments e
                                      JOIN classes c ON c.school_id = e.school_id AND c.id = e.class_id
                                     WHERE e.school_id = l.school_id AND e.student_id = l.student_id AND e.to_date IS NULL
                                       AND c.class_teacher_id IS NOT NULL), '{}')))
                          FROM parent_links l WHERE l.school_id = p.school_id AND l.parent_id = p.id), '[]') AS children
         FROM persons p
        WHERE p.school_id = ANY($1::uuid[]) AND p.id = $2
          AND EXISTS (SELECT 1 FROM memberships m WHERE m.school_id = p.school_id AND m.person_id = p.id AND m.role = 'parent')`,
      [schoolIds, parentId],
    );
    return row;
  },

  async ofParent(db: Queryable, schoolId: string, parentId: string) {
    return db.query<ConsentRow>(
      `SELECT c.school_id, c.parent_id, c.purpose, c.status, c.document, c.decided_on, c.recorded_by, c.updated_at,
              r.last_name || ' ' || r.first_name AS recorded_by_name
         FROM consents c LEFT JOIN persons r ON r.school_id = c.school_id AND r.id = c.recorded_by
        WHERE c.school_id = $1 AND c.parent_id = $2 ORDER BY c.purpose`,
      [schoolId, parentId],
    );
  },

  async current(db: Queryable, schoolId: string, parentId: string, purpose: ConsentPurpose) {
    const [row] = await db.query<{ status: ConsentStatus; document: string | null; decided_on: string }>(
      'SELECT status, document, decided_on FROM consents WHERE school_id = $1 AND parent_id = $2 AND purpose = $3 FOR UPDATE',
      [schoolId, parentId, purpose],
    );
    return row;
  },

  async save(
    db: Queryable,
    c: {
      schoolId: string;
      parentId: string;
      purpose: ConsentPurpose;
      status: ConsentStatus;
      document: string | null;
      decidedOn: string;
      recordedBy: string;
      at: Date;
    },
  ) {
    await db.query(
      `INSERT INTO consents (school_id, parent_id, purpose, status, document, decided_on, recorded_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (school_id, parent_id, purpose) DO UPDATE
         SET status = EXCLUDED.status, document = EXCLUDED.document, decided_on = EXCLUDED.decided_on,
             recorded_by = EXCLUDED.recorded_by, updated_at = EXCLUDED.updated_at`,
      [c.schoolId, c.parentId, c.purpose, c.status, c.document, c.decidedOn, c.recordedBy, c.at],
    );
  },

  /**
   * The class's current students, each parent with the parent's consents: one query for the whole class.
   * A parent without a 'journal' consent given gets paper reports [002 §8.3], [003 §5.2].
   */
  async classParents(db: Queryable, schoolId: string, classId: string) {
    return db.query<{
      student_id: string;
      student_name: string;
      parent_id: string | null;
      parent_name: string | null;
      email: string | null;
      phone: string | null;
      consents: { purpose: ConsentPurpose; status: ConsentStatus; document: string | null; decidedOn: string }[];
    }>(
      `SELECT s.id AS student_id, s.last_name || ' ' || s.first_name || COALESCE(' ' || s.middle_name, '') AS student_name,
              p.id AS parent_id, p.last_name || ' ' || p.first_name || COALESCE(' ' || p.middle_name, '') AS parent_name,
              p.email, p.phone,
              COALESCE((SELECT json_agg(json_build_object('purpose', c.purpose, 'status', c.status, 'document', c.document,
                                                          'decidedOn', c.decided_on) ORDER BY c.purpose)
                          FROM consents c WHERE c.school_id = p.school_id AND c.parent_id = p.id), '[]') AS consents
         FROM enrollments e
         JOIN persons s ON s.school_id = e.school_id AND s.id = e.student_id
         LEFT JOIN parent_links l ON l.school_id = e.school_id AND l.student_id = e.student_id
         LEFT JOIN persons p ON p.school_id = l.school_id AND p.id = l.parent_id
        WHERE e.school_id = $1 AND e.class_id = $2 AND e.to_date IS NULL
        ORDER BY s.last_name, s.first_name, s.middle_name, p.last_name, p.first_name`,
      [schoolId, classId],
    );
  },
};
