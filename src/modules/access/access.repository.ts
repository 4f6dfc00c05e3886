import type { Queryable } from '../../db/client';

/**
 * Loads the relations the policy needs. Every query is limited to the schools the actor belongs to
 * (school_id = ANY(...)), so an id from another school is simply not found.
 */
export const accessRepository = {
  async classFacts(db: Queryable, schoolIds: string[], classId: string) {
    const [row] = await db.query<{ school_id: string; class_teacher_id: string | null; teacher_ids: string[] }>(
      `SELECT c.school_id, c.class_teacher_id,
              COALESCE((SELECT array_agg(DISTINCT jp.teacher_id) FROM journal_pages jp
                         WHERE jp.school_id = c.school_id AND jp.class_id = c.id), '{}') AS teacher_ids
         FROM classes c WHERE c.school_id = ANY($1::uuid[]) AND c.id = $2`,
      [schoolIds, classId],
    );
    return row;
  },

  /** A student's parents, current class teachers and teachers (pages of the classes the student is in now). */
  async studentFacts(db: Queryable, schoolIds: string[], studentId: string) {
    const [row] = await db.query<{
      school_id: string;
      parent_ids: string[];
      class_teacher_ids: string[];
      teacher_ids: string[];
    }>(
      `SELECT p.school_id,
              COALESCE((SELECT array_agg(l.parent_id) FROM parent_links l
                         WHERE l.school_id = p.school_id AND l.student_id = p.id), '{}') AS parent_ids,
              COALESCE((SELECT array_agg(DISTINCT c.class_teacher_id) FROM enrollments e
                          JOIN classes c ON c.school_id = e.school_id AND c.id = e.class_id
                         WHERE e.school_id = p.school_id AND e.student_id = p.id AND e.to_date IS NULL
                           AND c.class_teacher_id IS NOT NULL), '{}') AS class_teacher_ids,
              COALESCE((SELECT array_agg(DISTINCT jp.teacher_id) FROM enrollments e
                          JOIN journal_pages jp ON jp.school_id = e.school_id AND jp.class_id = e.class_id
                         WHERE e.school_id = p.school_id AND e.student_id = p.id AND e.to_date IS NULL), '{}') AS teacher_ids
         FROM persons p
        WHERE p.school_id = ANY($1::uuid[]) AND p.id = $2
          AND EXISTS (SELECT 1 FROM memberships m WHERE m.school_id = p.school_id AND m.person_id = p.id AND m.role = 'student')`,
      [schoolIds, studentId],
    );
    return row;
  },

  async pageFacts(db: Queryable, schoolIds: string[], pageId: string) {
    const [row] = await db.query<{
      school_id: string;
      teacher_id: string;
      class_teacher_id: string | null;
      substitute_ids: string[];
    }>(
      `SELECT jp.school_id, jp.teacher_id, c.class_teacher_id,
              COALESCE((SELECT array_agg(DISTINCT l.substitute_teacher_id) FROM lessons l
                         WHERE l.school_id = jp.school_id AND l.page_id = jp.id AND l.substitute_teacher_id IS NOT NULL), '{}') AS substitute_ids
         FROM journal_pages jp JOIN classes c ON c.school_id = jp.school_id AND c.id = jp.class_id
        WHERE jp.school_id = ANY($1::uuid[]) AND jp.id = $2`,
      [schoolIds, pageId],
    );
    return row;
  },

  async lessonFacts(db: Queryable, schoolIds: string[], lessonId: string) {
    const [row] = await db.query<{
      school_id: string;
      page_id: string;
      teacher_id: string;
      class_teacher_id: string | null;
      substitute_teacher_id: string | null;
    }>(
      `SELECT l.school_id, l.page_id, jp.teacher_id, c.class_teacher_id, l.substitute_teacher_id
         FROM lessons l
         JOIN journal_pages jp ON jp.school_id = l.school_id AND jp.id = l.page_id
         JOIN classes c ON c.school_id = jp.school_id AND c.id = jp.class_id
        WHERE l.school_id = ANY($1::uuid[]) AND l.id = $2`,
      [schoolIds, lessonId],
    );
    return row;
  },

  async personFacts(db: Queryable, schoolIds: string[], personId: string) {
    const [row] = await db.query<{ school_id: string; is_staff: boolean }>(
      `SELECT p.school_id, EXISTS (SELECT 1 FROM memberships m WHERE m.school_id = p.school_id AND m.person_id = p.id
                 AND m.role NOT IN ('student', 'parent')) AS is_staff
         FROM persons p WHERE p.school_id = ANY($1::uuid[]) AND p.id = $2`,
      [schoolIds, personId],
    );
    return row;
  },
};
