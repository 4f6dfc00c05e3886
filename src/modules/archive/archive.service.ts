import { createHash } from 'node:crypto';
import type { Queryable } from '../../db/client';
import type { Actor } from '../../domain/policy';
import type { Deps } from '../../server/context';
import { AppError } from '../../server/errors';
import { requireAccess, schoolsWhere } from '../access/access.service';
import { auditRepository } from '../audit/audit.repository';
import { makeSummarySheetService } from '../finals/summary-sheet.service';
import { type JournalBook, loadJournalBook } from './archive.book';
import { buildArchiveZip } from './archive.files';
import { archiveRepository as repo } from './archive.repository';
import { renderJournalPdf } from './journal.pdf';

/*
 * The paper journal and the year-end archive of a class [004], [002 §4.1], [002 §4.7], [003 §6.4]:
 * for the archivist, the ICT deputy, the director and the administrator (policy action `school.archive`);
 * anyone else, and any class of another school, gets 404. Closed years are the main use: nothing here
 * writes to the journal, so a closed year reads like any other. Every download is written to the audit
 * log with the SHA-256 of what was handed out (the archive holds the whole class's personal data).
 */

export interface DownloadedFile {
  fileName: string;
  contentType: string;
  body: Buffer;
}

const safe = (s: string) => s.replace(/[\\/:*?"<>|]/g, '-');

/** The wall-clock time in the school's zone, as the UTC fields of a Date (what ZIP entries carry). */
function wallClock(at: Date, timeZone: string): Date {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return new Date(Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second));
}

export function journalFileName(book: JournalBook): string {
  return safe(`Классный журнал ${book.class.name} ${book.period ? `${book.period.name} ` : ''}${book.year.name}.pdf`);
}

export function archiveFileName(book: JournalBook): string {
  return safe(`Архив журнала ${book.class.name} ${book.year.name}.zip`);
}

/** Use cases without an actor: the caller decided the school (requireAccess, or the operator on the server's console). */
export function makeArchiveBuilder({ db, now }: Pick<Deps, 'db' | 'now'>) {
  const sheets = makeSummarySheetService({ db, now });
  const load = (schoolId: string, classId: string, opts: { yearId?: string; periodId?: string }) =>
    loadJournalBook(db, now, schoolId, classId, opts, (s, c, y) => sheets.sheetOf(s, c, y));

  return {
    load,

    async journalPdf(schoolId: string, classId: string, opts: { yearId?: string; periodId?: string }) {
      const book = await load(schoolId, classId, opts);
      const printed = await renderJournalPdf(book);
      return { book, printed, file: { fileName: journalFileName(book), contentType: 'application/pdf', body: printed.pdf } };
    },

    async archiveZip(schoolId: string, classId: string, opts: { yearId?: string }) {
      const book = await load(schoolId, classId, { yearId: opts.yearId });
      const printed = await renderJournalPdf(book);
      const at = now();
      const { zip, manifest } = await buildArchiveZip(book, printed, wallClock(at, book.school.timeZone), at);
      return { book, manifest, file: { fileName: archiveFileName(book), contentType: 'application/zip', body: zip } };
    },
  };
}

async function audit(
  db: Queryable,
  actor: Actor | null,
  schoolId: string,
  action: string,
  classId: string,
  details: Record<string, unknown>,
) {
  await auditRepository.record(db, {
    schoolId,
    actorAccountId: actor?.accountId ?? null,
    action,
    objectKind: 'class',
    objectId: classId,
    details,
  });
}

export function makeArchiveService(deps: Deps) {
  const { db } = deps;
  const builder = makeArchiveBuilder(deps);

  return {
    /** Years (newest first) with their classes and periods, in the schools where the actor may archive. */
    async catalogue(actor: Actor) {
      const schoolIds = schoolsWhere(actor, 'school.archive');
      // Like any object outside one's scope, the archive of someone without the right does not exist for them.
      if (schoolIds.length === 0) throw new AppError('not_found', 'Архив журналов: не найдено');
      const { years, classes, periods } = await repo.catalogue(db, schoolIds);
      return {
        years: years.map((y) => ({
          id: y.id,
          schoolId: y.school_id,
          schoolName: y.school_name,
          name: y.name,
          status: y.status as 'draft' | 'current' | 'closed',
          startsOn: y.starts_on,
          endsOn: y.ends_on,
          classes: classes
            .filter((c) => c.year_id === y.id && c.school_id === y.school_id)
            .map((c) => ({
              id: c.id,
              name: c.name,
              grade: c.grade,
              periodScheme: c.period_scheme,
              classTeacherName: c.class_teacher_name,
              studentCount: c.students,
            })),
          periods: periods
            .filter((p) => p.year_id === y.id && p.school_id === y.school_id)
            .map((p) => ({ id: p.id, scheme: p.scheme, number: p.number, name: p.name, startsOn: p.starts_on, endsOn: p.ends_on })),
        })),
      };
    },

    /** [004] [002 §4.1] the printed journal of a class for its year or one period. */
    async journalPdf(actor: Actor, classId: string, opts: { yearId?: string; periodId?: string }): Promise<DownloadedFile> {
      const r = await requireAccess(db, actor, 'school.archive', { classId });
      const { book, printed, file } = await builder.journalPdf(r.schoolId, classId, opts);
      await audit(db, actor, r.schoolId, 'archive.journal_pdf', classId, {
        yearId: book.year.id,
        periodId: book.period?.id ?? null,
        pages: printed.pages,
        sheets: printed.sheets,
        sha256: createHash('sha256').update(file.body).digest('hex'),
      });
      return file;
    },

    /** [003 §6.4] [002 §4.7] the year-end archive ZIP of a class. */
    async archiveZip(actor: Actor, classId: string, opts: { yearId?: string }): Promise<DownloadedFile> {
      const r = await requireAccess(db, actor, 'school.archive', { classId });
      const { book, manifest, file } = await builder.archiveZip(r.schoolId, classId, opts);
      await audit(db, actor, r.schoolId, 'archive.zip', classId, {
        yearId: book.year.id,
        files: manifest.files.length,
        sha256: createHash('sha256').update(file.body).digest('hex'),
      });
      return file;
    },
  };
}

export { audit as recordArchiveAudit };
