import { createHash } from 'node:crypto';
import {
  type Correspondent,
  checkAttachment,
  type FolderAccess,
  MAX_ATTACHMENT_BYTES,
  mayAddToFolder,
  mayManageFolder,
  mayRemoveFile,
  maySeeFolder,
} from '../../domain/messaging';
import { membershipIn } from '../../domain/policy';
import { contentMismatch } from '../../domain/upload-content';
import type { Deps, SessionActor } from '../../server/context';
import { AppError, invalid, notFound } from '../../server/errors';
import { isUuid } from '../access/access.service';
import { type FolderRow, filesSectionRepository as repo } from './files-section.repository';

/** Access of the folder and of every folder above it, top first. */
function chainOf(folder: FolderRow, byId: Map<string, FolderRow>): FolderAccess[] {
  const chain: FolderAccess[] = [];
  for (let f: FolderRow | undefined = folder; f; f = f.parent_id ? byId.get(f.parent_id) : undefined) chain.unshift(f.access);
  return chain;
}

export function makeFilesSectionService({ db, now }: Deps) {
  function meIn(actor: SessionActor, schoolId?: string): Correspondent & { schoolId: string } {
    const m = schoolId ? membershipIn(actor, schoolId) : actor.memberships[0];
    if (!m) throw notFound('Школа');
    return { schoolId: m.schoolId, personId: m.personId, roles: m.roles };
  }

  /** A folder the user may see, with the year's folders (404 for a folder hidden from them). */
  async function visibleFolder(actor: SessionActor, folderId: string) {
    if (!isUuid(folderId)) throw notFound('Папка');
    const f = await repo.folder(
      db,
      actor.memberships.map((m) => m.schoolId),
      folderId,
    );
    if (!f) throw notFound('Папка');
    const me = meIn(actor, f.school_id);
    const all = await repo.folders(db, f.school_id, f.year_id);
    const byId = new Map(all.map((x) => [x.id, x]));
    const folder = byId.get(folderId)!;
    if (!maySeeFolder(me, chainOf(folder, byId))) throw notFound('Папка');
    return { me, folder, byId };
  }

  const folderOut = (f: FolderRow, me: Correspondent, byId: Map<string, FolderRow>) => ({
    id: f.id,
    parentId: f.parent_id,
    name: f.name,
    access: f.access,
    staffOnly: chainOf(f, byId).includes('staff'),
    fileCount: f.file_count,
    isYearFolder: f.parent_id === null,
    canAdd: mayAddToFolder(me),
    canManage: mayManageFolder(me, { createdBy: f.created_by, isYearRoot: f.parent_id === null }),
  });

  return {
    /**
     * [001 §2.3] the files section of a year (the current one by default): its folders the user may see.
     * The folder of the year is created the first time the section is opened.
     */
    async section(actor: SessionActor, q: { schoolId?: string; yearId?: string }) {
      const me = meIn(actor, q.schoolId);
      const years = await repo.years(db, me.schoolId);
      const year = q.yearId ? years.find((y) => y.id === q.yearId) : (years.find((y) => y.status === 'current') ?? years[0]);
      if (q.yearId && !year) throw notFound('Учебный год');
      if (!year) return { schoolId: me.schoolId, yearId: null, years: [], folders: [] };
      await repo.ensureYearFolder(db, me.schoolId, year.id, year.name);
      const all = await repo.folders(db, me.schoolId, year.id);
      const byId = new Map(all.map((x) => [x.id, x]));
      return {
        schoolId: me.schoolId,
        yearId: year.id,
        years: years.map((y) => ({ id: y.id, name: y.name, current: y.status === 'current' })),
        folders: all.filter((f) => maySeeFolder(me, chainOf(f, byId))).map((f) => folderOut(f, me, byId)),
      };
    },

    async folder(actor: SessionActor, folderId: string) {
      const { me, folder, byId } = await visibleFolder(actor, folderId);
      const files = await repo.files(db, folder.school_id, folderId);
      return {
        folder: folderOut(folder, me, byId),
        files: files.map((f) => ({
          id: f.id,
          name: f.name,
          contentType: f.content_type,
          size: f.size,
          uploaderName: f.uploader_name,
          createdAt: f.created_at.toISOString(),
          canRemove: mayRemoveFile(me, { uploadedBy: f.uploaded_by }),
        })),
      };
    },

    async createFolder(actor: SessionActor, input: { parentId: string; name: string; access: FolderAccess }) {
      const { me, folder } = await visibleFolder(actor, input.parentId);
      if (!mayAddToFolder(me)) throw new AppError('access.forbidden', 'Папки создают сотрудники школы');
      const id = await repo.insertFolder(db, {
        schoolId: folder.school_id,
        yearId: folder.year_id,
        parentId: folder.id,
        name: input.name,
        access: input.access,
        createdBy: me.personId,
        at: now(),
      });
      const { folder: created, byId, me: again } = await visibleFolder(actor, id);
      return folderOut(created, again, byId);
    },

    /** Renames a folder or changes who sees it (staff only / everyone). */
    async updateFolder(actor: SessionActor, folderId: string, input: { name?: string; access?: FolderAccess }) {
      const { me, folder } = await visibleFolder(actor, folderId);
      if (!mayManageFolder(me, { createdBy: folder.created_by, isYearRoot: folder.parent_id === null })) {
        throw new AppError('access.forbidden', 'Изменять папку может её автор или администрация');
      }
      await repo.updateFolder(db, folder.school_id, folderId, { name: input.name ?? folder.name, access: input.access ?? folder.access });
      const after = await visibleFolder(actor, folderId);
      return folderOut(after.folder, after.me, after.byId);
    },

    async deleteFolder(actor: SessionActor, folderId: string) {
      const { me, folder } = await visibleFolder(actor, folderId);
      if (folder.parent_id === null) throw invalid('id', 'Папку учебного года удалить нельзя');
      if (!mayManageFolder(me, { createdBy: folder.created_by, isYearRoot: false }))
        throw new AppError('access.forbidden', 'Удалить папку может её автор или администрация');
      if (!(await repo.isEmpty(db, folder.school_id, folderId)))
        throw new AppError('school.conflict', 'Папка не пуста: сначала удалите файлы и вложенные папки');
      await repo.deleteFolder(db, folder.school_id, folderId);
      return { ok: true as const };
    },

    /** Adds a file to a folder (staff): at most 10 MB, documents and images, never executables. */
    async upload(actor: SessionActor, folderId: string, file: { name: string; contentType: string; content: Buffer; truncated: boolean }) {
      const { me, folder } = await visibleFolder(actor, folderId);
      if (!mayAddToFolder(me)) throw new AppError('access.forbidden', 'Файлы добавляют сотрудники школы');
      const check = file.truncated
        ? ({ ok: false, problem: 'too_large' } as const)
        : checkAttachment({ name: file.name, contentType: file.contentType, size: file.content.length });
      if (!check.ok) {
        if (check.problem === 'too_large')
          throw new AppError('request.too_large', `Файл больше ${MAX_ATTACHMENT_BYTES / 1024 / 1024} МБ`, {
            fields: [{ field: 'file', message: 'слишком большой' }],
          });
        if (check.problem === 'empty') throw invalid('file', 'Пустой файл');
        throw invalid('file', `Такие файлы загружать нельзя: ${file.name}`);
      }
      // [issue 10] the first bytes must agree with the declared type (src/domain/upload-content.ts).
      const mismatch = contentMismatch(file.contentType, file.content);
      if (mismatch) throw invalid('file', `Файл «${file.name}» не принят: ${mismatch}`);
      const id = await repo.insertFile(db, {
        schoolId: folder.school_id,
        folderId,
        name: file.name,
        contentType: file.contentType,
        content: file.content,
        sha256: createHash('sha256').update(file.content).digest('hex'),
        uploadedBy: me.personId,
        at: now(),
      });
      return { id, name: file.name, size: file.content.length, contentType: file.contentType };
    },

    async download(actor: SessionActor, fileId: string) {
      const f = isUuid(fileId)
        ? await repo.fileFacts(
            db,
            actor.memberships.map((m) => m.schoolId),
            fileId,
          )
        : undefined;
      if (!f) throw notFound('Файл');
      await visibleFolder(actor, f.folder_id).catch(() => {
        throw notFound('Файл');
      });
      const content = await repo.fileContent(db, f.school_id, f.id);
      if (!content) throw notFound('Файл');
      return { name: f.name, contentType: f.content_type, content };
    },

    async removeFile(actor: SessionActor, fileId: string) {
      const f = isUuid(fileId)
        ? await repo.fileFacts(
            db,
            actor.memberships.map((m) => m.schoolId),
            fileId,
          )
        : undefined;
      if (!f) throw notFound('Файл');
      const { me } = await visibleFolder(actor, f.folder_id).catch(() => {
        throw notFound('Файл');
      });
      if (!mayRemoveFile(me, { uploadedBy: f.uploaded_by }))
        throw new AppError('access.forbidden', 'Удалить файл может тот, кто его загрузил, или администрация');
      await repo.deleteFile(db, f.school_id, fileId);
      return { ok: true as const };
    },
  };
}
