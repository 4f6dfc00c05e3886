import type { Queryable } from '../../db/client';
import type { FolderAccess } from '../../domain/messaging';

export interface FolderRow {
  school_id: string;
  id: string;
  year_id: string;
  parent_id: string | null;
  name: string;
  access: FolderAccess;
  created_by: string | null;
  created_at: Date;
  file_count: number;
}

/** The school's files section: folders per academic year and their files [001 §2.3]. */
export const filesSectionRepository = {
  async years(db: Queryable, schoolId: string) {
    return db.query<{ id: string; name: string; status: string }>(
      'SELECT id, name, status FROM academic_years WHERE school_id = $1 ORDER BY starts_on DESC',
      [schoolId],
    );
  },

  /** [001 §2.3] the folder of a school year exists as soon as anyone opens the section. */
  async ensureYearFolder(db: Queryable, schoolId: string, yearId: string, name: string) {
    await db.query(
      `INSERT INTO file_folders (school_id, year_id, parent_id, name, access)
       VALUES ($1, $2, NULL, $3, 'everyone')
       ON CONFLICT (school_id, year_id) WHERE parent_id IS NULL DO NOTHING`,
      [schoolId, yearId, name],
    );
  },

  /** Every folder of a year with its number of files: one query, the tree is built by the caller. */
  async folders(db: Queryable, schoolId: string, yearId: string) {
    return db.query<FolderRow>(
      `SELECT f.school_id, f.id, f.year_id, f.parent_id, f.name, f.access, f.created_by, f.created_at,
              (SELECT count(*) FROM files x WHERE x.school_id = f.school_id AND x.owner_kind = 'school_folder' AND x.owner_id = f.id) AS file_count
         FROM file_folders f WHERE f.school_id = $1 AND f.year_id = $2
        ORDER BY f.parent_id NULLS FIRST, lower(f.name)`,
      [schoolId, yearId],
    );
  },

  async folder(db: Queryable, schoolIds: string[], id: string) {
    const [row] = await db.query<{ school_id: string; year_id: string }>(
      'SELECT school_id, year_id FROM file_folders WHERE school_id = ANY($1::uuid[]) AND id = $2',
      [schoolIds, id],
    );
    return row;
  },

  async files(db: Queryable, schoolId: string, folderId: string) {
    return db.query<{
      id: string;
      name: string;
      content_type: string;
      size: number;
      uploaded_by: string | null;
      uploader_name: string | null;
      created_at: Date;
    }>(
      `SELECT f.id, f.name, f.content_type, f.size, f.uploaded_by, p.last_name || ' ' || p.first_name AS uploader_name, f.created_at
         FROM files f LEFT JOIN persons p ON p.school_id = f.school_id AND p.id = f.uploaded_by
        WHERE f.school_id = $1 AND f.owner_kind = 'school_folder' AND f.owner_id = $2
        ORDER BY lower(f.name), f.created_at`,
      [schoolId, folderId],
    );
  },

  async insertFolder(
    db: Queryable,
    f: { schoolId: string; yearId: string; parentId: string; name: string; access: FolderAccess; createdBy: string; at: Date },
  ) {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO file_folders (school_id, year_id, parent_id, name, access, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [f.schoolId, f.yearId, f.parentId, f.name, f.access, f.createdBy, f.at],
    );
    return row.id;
  },

  async updateFolder(db: Queryable, schoolId: string, id: string, f: { name: string; access: FolderAccess }) {
    await db.query('UPDATE file_folders SET name = $3, access = $4 WHERE school_id = $1 AND id = $2', [schoolId, id, f.name, f.access]);
  },

  async isEmpty(db: Queryable, schoolId: string, id: string) {
    const [row] = await db.query<{ empty: boolean }>(
      `SELECT NOT EXISTS (SELECT 1 FROM file_folders WHERE school_id = $1 AND parent_id = $2)
          AND NOT EXISTS (SELECT 1 FROM files WHERE school_id = $1 AND owner_kind = 'school_folder' AND owner_id = $2) AS empty`,
      [schoolId, id],
    );
    return row.empty;
  },

  async deleteFolder(db: Queryable, schoolId: string, id: string) {
    await db.query('DELETE FROM file_folders WHERE school_id = $1 AND id = $2', [schoolId, id]);
  },

  async insertFile(
    db: Queryable,
    f: {
      schoolId: string;
      folderId: string;
      name: string;
      contentType: string;
      content: Buffer;
      sha256: string;
      uploadedBy: string;
      at: Date;
    },
  ) {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO files (school_id, owner_kind, owner_id, name, content_type, size, sha256, content, uploaded_by, created_at)
       VALUES ($1, 'school_folder', $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [f.schoolId, f.folderId, f.name, f.contentType, f.content.length, f.sha256, f.content, f.uploadedBy, f.at],
    );
    return row.id;
  },

  async fileFacts(db: Queryable, schoolIds: string[], id: string) {
    const [row] = await db.query<{
      school_id: string;
      id: string;
      folder_id: string;
      name: string;
      content_type: string;
      uploaded_by: string | null;
    }>(
      `SELECT school_id, id, owner_id AS folder_id, name, content_type, uploaded_by FROM files
        WHERE school_id = ANY($1::uuid[]) AND id = $2 AND owner_kind = 'school_folder'`,
      [schoolIds, id],
    );
    return row;
  },

  async fileContent(db: Queryable, schoolId: string, id: string) {
    const [row] = await db.query<{ content: Uint8Array }>('SELECT content FROM files WHERE school_id = $1 AND id = $2', [schoolId, id]);
    return row ? Buffer.from(row.content) : undefined;
  },

  async deleteFile(db: Queryable, schoolId: string, id: string) {
    await db.query("DELETE FROM files WHERE school_id = $1 AND id = $2 AND owner_kind = 'school_folder'", [schoolId, id]);
  },
};
