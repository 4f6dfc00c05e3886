import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config';
import type { Db } from '../db/client';
import { countRu, PAGE_FORMS, SHEET_FORMS } from '../domain/russian-plural';
import { className, parseClassName } from '../domain/school-structure';
import { archiveRepository as repo } from '../modules/archive/archive.repository';
import { makeArchiveBuilder, recordArchiveAudit } from '../modules/archive/archive.service';

/*
 * `journal archive`: the year-end archive ZIP of one class or of every class of a year, written to a
 * folder [003 §6.4], [002 §4.7]. The operator on the server's console acts for the school (as with
 * `journal backup`); every archive made is written to the school's audit log with its SHA-256.
 */

export interface ArchiveCommandOptions {
  /** A class id, or a name like «5А» (then in `year`, by default the school's current year). */
  classRef?: string;
  /** Every class of the year. */
  all?: boolean;
  /** A year id or name («2024/2025»). */
  yearRef?: string;
  /** A school id; needed only when the database holds several schools and the class is given by name. */
  schoolRef?: string;
  /** Folder for the files (created when missing). */
  out: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function pickSchool(db: Db, ref: string | undefined): Promise<string> {
  const schools = await repo.schools(db);
  if (ref) {
    const s = schools.find((x) => x.id === ref || x.name === ref);
    if (!s) throw new ConfigError(`Школа «${ref}» не найдена`);
    return s.id;
  }
  if (schools.length === 1) return schools[0].id;
  if (schools.length === 0) throw new ConfigError('В базе нет ни одной школы');
  throw new ConfigError(`В базе несколько школ — укажите --school <id>:\n${schools.map((s) => `  ${s.id}  ${s.name}`).join('\n')}`);
}

async function pickYear(db: Db, schoolId: string, ref: string | undefined) {
  if (!ref) {
    const y = await repo.defaultYear(db, schoolId);
    if (!y) throw new ConfigError('В школе нет учебных лет');
    return y;
  }
  const [y] = await repo.findYears(db, ref, schoolId);
  if (!y) throw new ConfigError(`Учебный год «${ref}» не найден (укажите id или название, например 2024/2025)`);
  return y;
}

/** The classes an invocation means, each with its school. */
export async function resolveArchiveClasses(db: Db, o: Omit<ArchiveCommandOptions, 'out'>) {
  if (!o.all && !o.classRef) throw new ConfigError('Укажите --class <id или название, например 5А> или --all');
  if (o.all && o.classRef) throw new ConfigError('Укажите либо --class, либо --all');
  if (o.classRef && UUID.test(o.classRef)) {
    const c = await repo.classById(db, o.classRef);
    if (!c) throw new ConfigError(`Класс ${o.classRef} не найден`);
    if (o.yearRef) {
      const years = await repo.findYears(db, o.yearRef, c.school_id);
      if (!years.some((y) => y.id === c.year_id)) throw new ConfigError(`Класс ${c.name} не относится к учебному году «${o.yearRef}»`);
    }
    return [c];
  }
  const schoolId = await pickSchool(db, o.schoolRef);
  const year = await pickYear(db, schoolId, o.yearRef);
  const classes = await repo.yearClasses(db, schoolId, year.id);
  if (o.all) {
    if (classes.length === 0) throw new ConfigError(`В учебном году ${year.name} нет классов`);
    return classes;
  }
  const parsed = parseClassName(o.classRef!);
  const wanted = parsed ? className(parsed.grade, parsed.letter) : o.classRef!.trim();
  const c = classes.find((x) => x.name === wanted);
  if (!c) {
    const names = classes.map((x) => x.name).join(', ') || 'нет классов';
    throw new ConfigError(`Класс «${o.classRef}» не найден в учебном году ${year.name} (есть: ${names})`);
  }
  return [c];
}

/** Writes one ZIP per class into `out`; returns the files written. */
export async function runArchiveCommand(db: Db, o: ArchiveCommandOptions, log: (line: string) => void = console.log): Promise<string[]> {
  const classes = await resolveArchiveClasses(db, o);
  fs.mkdirSync(o.out, { recursive: true });
  const builder = makeArchiveBuilder({ db, now: () => new Date() });
  const written: string[] = [];
  for (const c of classes) {
    const started = Date.now();
    const { book, manifest, file } = await builder.archiveZip(c.school_id, c.id, {});
    const target = path.join(o.out, file.fileName);
    fs.writeFileSync(target, file.body);
    const sha256 = createHash('sha256').update(file.body).digest('hex');
    await recordArchiveAudit(db, null, c.school_id, 'archive.zip', c.id, {
      yearId: book.year.id,
      files: manifest.files.length,
      sha256,
      via: 'cli',
    });
    written.push(target);
    log(
      `${book.class.name} (${book.year.name}${book.year.closed ? ', закрыт' : ''}): ${target}\n` +
        `  журнал: ${countRu(manifest.journal.pages, PAGE_FORMS)}, ${countRu(manifest.journal.sheets, SHEET_FORMS)}; файлов в архиве: ${manifest.files.length + 2}; ` +
        `SHA-256 ${sha256}, ${((Date.now() - started) / 1000).toFixed(1)} с`,
    );
  }
  return written;
}
