import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { APP_VERSION } from '../../config';
import { type Db, openDb, pgliteOf } from '../../db/client';
import { backupsToDelete, type RetentionPolicy } from '../../domain/backup-retention';
import { backupRepository as repo } from './backup.repository';

/**
 * Backups of the whole database [000 §5.1], [002 §4.2], [003 §6.4]:
 * - PostgreSQL: `pg_dump` custom format taken on a snapshot exported from a REPEATABLE READ transaction,
 *   so the row counts in the manifest describe exactly the dumped data;
 * - PGlite: the data dir as a gzip tar (`dumpDataDir`), counted by loading it back into memory — which also
 *   proves the file restores.
 * Each backup is `<name>.dump` + `<name>.manifest.json` (engine, sha256, size, migrations, row counts).
 * Restore checks the checksum before touching anything, restores into an empty target only, verifies the
 * row counts, and on any failure leaves the target as it was.
 *
 * Privileges: the dump leaves out ACLs (`--no-privileges`), which name roles of the source cluster that a new
 * server may lack; after a PostgreSQL restore the app role's grants of migration 0009 are applied again, so
 * the restricted role `journal_app` still cannot rewrite history or audit [issue 10].
 */
export interface BackupManifest {
  format: 'journal-backup/1';
  engine: 'pglite' | 'postgresql';
  createdAt: string;
  appVersion: string;
  migrations: string[];
  file: string;
  size: number;
  sha256: string;
  tables: Record<string, number>;
}

export class BackupError extends Error {}

const sha256File = (file: string) =>
  new Promise<string>((resolve, reject) => {
    const h = createHash('sha256');
    fs.createReadStream(file)
      .on('data', (d) => h.update(d))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject);
  });

function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let err = '';
    p.stderr.on('data', (d) => {
      err += d;
    });
    p.on('error', (e) => reject(new BackupError(`${cmd} не запустился: ${e.message}`)));
    p.on('close', (code) =>
      code === 0 ? resolve() : reject(new BackupError(`${cmd} завершился с кодом ${code}: ${err.trim().slice(0, 500)}`)),
    );
  });
}

const stamp = (d: Date) => d.toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);

/** Writes a consistent backup of the whole database into `dir`; returns the manifest and file paths. */
export async function createBackup(db: Db, opts: { dir: string; databaseUrl?: string; now?: Date }) {
  fs.mkdirSync(opts.dir, { recursive: true });
  const name = `journal-${db.kind}-${stamp(opts.now ?? new Date())}`;
  const file = path.join(opts.dir, `${name}.dump`);
  let tables: Record<string, number>;
  // What the database holds, not what this version of the app ships: `journal backup` does not migrate.
  const migrations = await repo.appliedMigrations(db);
  if (db.kind === 'postgresql') {
    if (!opts.databaseUrl) throw new BackupError('Не задан адрес базы данных для pg_dump');
    tables = await db.tx(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const [{ snapshot }] = await tx.query<{ snapshot: string }>('SELECT pg_export_snapshot() AS snapshot');
      const counts = await repo.tableCounts(tx);
      await run('pg_dump', [
        '--format=custom',
        '--no-owner',
        '--no-privileges',
        `--snapshot=${snapshot}`,
        '--file',
        file,
        opts.databaseUrl!,
      ]);
      return counts;
    });
  } else {
    const pglite = pgliteOf(db);
    if (!pglite) throw new BackupError('Нет встроенной базы');
    const blob = await pglite.dumpDataDir('gzip');
    fs.writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
    const copy = await openDb({ memory: true, loadDataDir: new Blob([fs.readFileSync(file)]) });
    try {
      tables = await repo.tableCounts(copy);
    } finally {
      await copy.close();
    }
  }
  const manifest: BackupManifest = {
    format: 'journal-backup/1',
    engine: db.kind,
    createdAt: (opts.now ?? new Date()).toISOString(),
    appVersion: APP_VERSION,
    migrations,
    file: path.basename(file),
    size: fs.statSync(file).size,
    sha256: await sha256File(file),
    tables,
  };
  const manifestFile = path.join(opts.dir, `${name}.manifest.json`);
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  return { file, manifestFile, manifest };
}

/** Reads the manifest beside a backup and checks the file against it (size and SHA-256). */
export async function verifyBackup(file: string): Promise<BackupManifest> {
  const manifestFile = file.replace(/\.dump$/, '.manifest.json');
  if (!fs.existsSync(file)) throw new BackupError(`Файл резервной копии не найден: ${file}`);
  if (!fs.existsSync(manifestFile)) throw new BackupError(`Нет описания резервной копии: ${manifestFile}`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  } catch {
    throw new BackupError('Описание резервной копии повреждено');
  }
  if (manifest.format !== 'journal-backup/1') throw new BackupError('Неизвестный формат резервной копии');
  const size = fs.statSync(file).size;
  if (size !== manifest.size) throw new BackupError(`Файл резервной копии неполон или повреждён: ${size} байт вместо ${manifest.size}`);
  if ((await sha256File(file)) !== manifest.sha256) throw new BackupError('Файл резервной копии повреждён: контрольная сумма не совпадает');
  return manifest;
}

function compareCounts(expected: Record<string, number>, actual: Record<string, number>): string[] {
  const names = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  return [...names].filter((n) => expected[n] !== actual[n]).map((n) => `${n}: ${actual[n] ?? 'нет'} вместо ${expected[n] ?? 'нет'}`);
}

/**
 * A PGlite backup must be a gzip'd tar of a data dir: read it through once (streamed, constant memory) before
 * PGlite sees it — PGlite's own decompression reports a broken stream as an unhandled error, not a rejection.
 */
async function checkPgliteArchive(file: string): Promise<void> {
  let head = Buffer.alloc(0);
  try {
    await pipeline(
      fs.createReadStream(file),
      createGunzip(),
      new Writable({
        write(chunk: Buffer, _enc, done) {
          if (head.length < 512) head = Buffer.concat([head, chunk]).subarray(0, 512);
          done();
        },
      }),
    );
  } catch (e) {
    throw new BackupError(`Файл не является резервной копией встроенной базы (архив повреждён): ${(e as Error).message}`);
  }
  // A tar's first header carries «ustar» at offset 257.
  if (head.length < 512 || head.subarray(257, 262).toString('latin1') !== 'ustar')
    throw new BackupError('Файл не является резервной копией встроенной базы: внутри нет архива папки данных');
}

/**
 * Restores a backup into an empty target: a PostgreSQL database (URL) or a PGlite data dir that does not
 * exist yet or is empty. Returns the verified row counts.
 */
export async function restoreBackup(file: string, target: { databaseUrl?: string; dataDir?: string }) {
  const manifest = await verifyBackup(file);
  if (manifest.engine === 'postgresql') {
    if (!target.databaseUrl) throw new BackupError('Копия PostgreSQL восстанавливается в PostgreSQL: задайте DATABASE_URL');
    const db = await openDb({ url: target.databaseUrl, poolSize: 1 });
    try {
      if ((await repo.publicTables(db)).length > 0)
        throw new BackupError('База назначения не пуста: восстановление выполняется только в пустую базу');
      await run('pg_restore', [
        '--single-transaction',
        '--exit-on-error',
        '--no-owner',
        '--no-privileges',
        '--dbname',
        target.databaseUrl,
        file,
      ]);
      const counts = await repo.tableCounts(db);
      const diff = compareCounts(manifest.tables, counts);
      if (diff.length) {
        await repo.dropPublicSchema(db);
        throw new BackupError(`Число строк не совпало, восстановление отменено: ${diff.join('; ')}`);
      }
      try {
        await repo.applyAppRoleGrants(db);
      } catch (e) {
        await repo.dropPublicSchema(db);
        throw new BackupError(`Не удалось восстановить права роли journal_app, восстановление отменено: ${(e as Error).message}`);
      }
      return counts;
    } finally {
      await db.close();
    }
  }
  if (!target.dataDir) throw new BackupError('Копия встроенной базы восстанавливается в папку данных: задайте JOURNAL_DATA_DIR');
  const finalDir = path.resolve(target.dataDir, 'pglite');
  if (fs.existsSync(finalDir) && fs.readdirSync(finalDir).length > 0) {
    throw new BackupError(`Папка ${finalDir} не пуста: восстановление выполняется только в пустую папку данных`);
  }
  await checkPgliteArchive(file);
  const tmpDir = `${finalDir}.restoring-${process.pid}`;
  fs.rmSync(tmpDir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(finalDir), { recursive: true });
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const pg = await PGlite.create(`file://${tmpDir}`, { loadDataDir: new Blob([fs.readFileSync(file)]) });
    let counts: Record<string, number>;
    try {
      counts = await repo.tableCounts({ query: async <T>(sql: string, params?: unknown[]) => (await pg.query<T>(sql, params)).rows });
    } finally {
      await pg.close();
    }
    const diff = compareCounts(manifest.tables, counts);
    if (diff.length) throw new BackupError(`Число строк не совпало, восстановление отменено: ${diff.join('; ')}`);
    fs.rmSync(finalDir, { recursive: true, force: true });
    fs.renameSync(tmpDir, finalDir);
    return counts;
  } catch (e) {
    fs.rmSync(tmpDir, { recursive: true, force: true });
    if (e instanceof BackupError) throw e;
    throw new BackupError(`Не удалось восстановить копию: ${(e as Error).message}`);
  }
}

/** Backups in a folder, newest first. */
export function listBackups(dir: string) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.manifest.json'))
    .map((f) => {
      const m = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as BackupManifest;
      return { name: f.replace(/\.manifest\.json$/, ''), createdAt: new Date(m.createdAt), manifest: m };
    })
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

/** Removes backups the retention policy no longer keeps; returns their names. */
export function pruneBackups(dir: string, policy: RetentionPolicy, now = new Date()): string[] {
  const doomed = backupsToDelete(listBackups(dir), policy, now);
  for (const b of doomed) {
    fs.rmSync(path.join(dir, `${b.name}.dump`), { force: true });
    fs.rmSync(path.join(dir, `${b.name}.manifest.json`), { force: true });
  }
  return doomed.map((b) => b.name);
}
