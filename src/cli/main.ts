import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Config, ConfigError, loadConfig } from '../config';
import { type Db, openDb } from '../db/client';
import { migrate } from '../db/migrate';
import { announceEverythingChanged } from '../server/freshness';
import { createAdmin, createSchool } from './admin-commands';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const HELP = `journal — электронный классный журнал и дневник

Использование: journal <команда> [параметры]

Команды:
  start              собрать веб-интерфейс (если нужно) и запустить сервер (npm start)
  serve              запустить сервер (миграции выполняются автоматически)
  migrate            применить миграции базы данных
  seed-demo          создать демонстрационную школу [--size demo|school|district] [--today YYYY-MM-DD]
  create-school      создать школу: --name "…" [--short-name "…"] [--director "Фамилия Имя Отчество"]
                     (ФИО директора печатается в журнале; его и настройки школы можно изменить на странице «Школа»)
  create-admin       создать администратора школы: --school <id> --login <логин> --last-name … --first-name …
                     (печатает одноразовый пароль; его нужно сменить при первом входе)
  backup             резервная копия всей базы [--dir папка] (по умолчанию BACKUP_DIR или ./data/backups)
  restore <файл>     восстановить копию в пустую базу (DATABASE_URL) или пустую папку данных (JOURNAL_DATA_DIR)
  verify-backup <файл> проверить контрольную сумму копии
  prune-backups      удалить копии, которые не требуется хранить (30 дней ежедневно, 3 мес. еженедельно, год ежемесячно)
  retention          что подлежит удалению по срокам хранения (журналы 5 лет, сводные ведомости 25 лет);
                     с --confirm удаляет это (сводные ведомости при удалении журнала сохраняются)
  archive            архив журнала класса за учебный год (ZIP: печатный журнал PDF, сводная ведомость, CSV/XLSX, опись SHA-256):
                     --class <id|5А> [--year <id|2024/2025>] [--school <id>] [--out папка, по умолчанию ./data/archive] или --all (все классы года)
  close-period       закрыть период (отметки и посещаемость становятся только для чтения):
                     --period <id> --as <логин администратора>
  help               эта справка

Настройки задаются переменными окружения (см. docs/OPERATIONS.md):
  PORT (3000), DATABASE_URL (пусто = встроенная PGlite в JOURNAL_DATA_DIR=./data), JOURNAL_DEMO, …`;

/**
 * Opens the database for a command. Commands that write migrate it first; `backup` opens it as it is
 * (`migrate: false`): a safety copy taken before an upgrade must hold the old schema, and a backup
 * changes nothing, so nobody needs to drop cached reads after it.
 */
async function withDb<T>(config: Config, fn: (db: Db) => Promise<T>, opts: { migrate?: boolean } = {}): Promise<T> {
  const writes = opts.migrate ?? true;
  const db = await openDb({ url: config.DATABASE_URL, dataDir: config.dataDir, poolSize: config.DATABASE_POOL_SIZE });
  try {
    if (writes) await migrate(db);
    return await fn(db);
  } finally {
    // Running app processes drop their cached reads: a command may have changed anything.
    if (writes) await announceEverythingChanged(db);
    await db.close();
  }
}

/** Builds the web app when its sources are newer than the last build (first start on a fresh clone). */
function buildWebIfStale() {
  const index = path.join(root, 'dist/web/index.html');
  const newest = (dir: string): number =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
      const p = path.join(dir, e.name);
      return Math.max(m, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
    }, 0);
  const srcTime = Math.max(newest(path.join(root, 'web')), 0);
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= srcTime) return;
  console.log('Сборка веб-интерфейса…');
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}

async function main() {
  const [command = 'help', ...rest] = process.argv.slice(2);
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      size: { type: 'string' },
      today: { type: 'string' },
      name: { type: 'string' },
      'short-name': { type: 'string' },
      director: { type: 'string' },
      school: { type: 'string' },
      login: { type: 'string' },
      'last-name': { type: 'string' },
      'first-name': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      dir: { type: 'string' },
      confirm: { type: 'boolean' },
      period: { type: 'string' },
      as: { type: 'string' },
      class: { type: 'string' },
      year: { type: 'string' },
      out: { type: 'string' },
      all: { type: 'boolean' },
    },
    allowPositionals: true,
    strict: false,
  });
  if (values.help || command === 'help' || command === '--help' || command === '-h') {
    console.log(HELP);
    return;
  }
  const config = loadConfig();
  switch (command) {
    case 'start':
      buildWebIfStale();
      await (await import('../server/main')).serve(config);
      return;
    case 'serve':
      await (await import('../server/main')).serve(config);
      return;
    case 'migrate':
      await withDb(config, async (db) => {
        const applied = await migrate(db);
        console.log(applied.length ? `Применены миграции: ${applied.join(', ')}` : 'База данных в актуальном состоянии');
      });
      return;
    case 'seed-demo':
      await withDb(config, async (db) => {
        const { seedDemo } = await import('../db/demo/seed');
        const size = (values.size as 'demo' | 'school' | 'district' | undefined) ?? 'demo';
        const started = Date.now();
        const out = await seedDemo(db, { size, today: values.today as string | undefined });
        console.log(`Демо-данные (${size}) созданы за ${((Date.now() - started) / 1000).toFixed(1)} с`);
        console.log(JSON.stringify(out.counts));
      });
      return;
    case 'create-school':
      await withDb(config, async (db) => {
        if (!values.name) throw new ConfigError('Укажите --name "Название школы"');
        const director = typeof values.director === 'string' ? values.director : null;
        const id = await createSchool(db, String(values.name), String(values['short-name'] ?? values.name), director);
        console.log(`Школа создана: ${id}`);
      });
      return;
    case 'create-admin':
      await withDb(config, async (db) => {
        for (const k of ['school', 'login', 'last-name', 'first-name'] as const) if (!values[k]) throw new ConfigError(`Укажите --${k}`);
        const password = await createAdmin(db, {
          schoolId: String(values.school),
          login: String(values.login),
          lastName: String(values['last-name']),
          firstName: String(values['first-name']),
        });
        console.log(`Администратор создан. Логин: ${values.login}  Одноразовый пароль: ${password}`);
        console.log('Пароль нужно сменить при первом входе; для администратора потребуется настроить двухфакторный вход.');
      });
      return;
    case 'backup':
      await withDb(
        config,
        async (db) => {
          const { createBackup } = await import('../modules/backup/backup.service');
          const out = await createBackup(db, { dir: String(values.dir ?? config.backupDir), databaseUrl: config.DATABASE_URL });
          const rows = Object.values(out.manifest.tables).reduce((a, b) => a + b, 0);
          console.log(
            `Резервная копия: ${out.file}\nSHA-256: ${out.manifest.sha256}\nТаблиц: ${Object.keys(out.manifest.tables).length}, строк: ${rows}`,
          );
        },
        { migrate: false },
      );
      return;
    case 'restore': {
      const file = positionals[0];
      if (!file) throw new ConfigError('Укажите файл: journal restore <файл.dump>');
      const { restoreBackup } = await import('../modules/backup/backup.service');
      const counts = await restoreBackup(path.resolve(file), { databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
      console.log(
        `Восстановлено: таблиц ${Object.keys(counts).length}, строк ${Object.values(counts).reduce((a, b) => a + b, 0)}; число строк совпадает с копией`,
      );
      return;
    }
    case 'verify-backup': {
      const file = positionals[0];
      if (!file) throw new ConfigError('Укажите файл: journal verify-backup <файл.dump>');
      const { verifyBackup } = await import('../modules/backup/backup.service');
      const m = await verifyBackup(path.resolve(file));
      console.log(`Копия цела: ${m.engine}, ${m.createdAt}, SHA-256 ${m.sha256}`);
      return;
    }
    case 'archive':
      await withDb(config, async (db) => {
        const { runArchiveCommand } = await import('./archive-command');
        await runArchiveCommand(db, {
          classRef: values.class as string | undefined,
          all: Boolean(values.all),
          yearRef: values.year as string | undefined,
          schoolRef: values.school as string | undefined,
          out: path.resolve(String(values.out ?? path.join(config.dataDir, 'archive'))),
        });
      });
      return;
    case 'close-period':
      await withDb(config, async (db) => {
        if (!values.period || !values.as) throw new ConfigError('Укажите --period <id> и --as <логин администратора>');
        const { authRepository } = await import('../modules/auth/auth.repository');
        const rows = await authRepository.membershipsByLogin(db, String(values.as));
        if (!rows.length) throw new ConfigError(`Пользователь ${values.as} не найден или заблокирован`);
        const actor = {
          accountId: rows[0].account_id,
          memberships: rows.map((r) => ({ schoolId: r.school_id, personId: r.person_id, roles: new Set(r.roles) })),
        };
        const { closePeriod } = await import('../modules/structure/years.service');
        await closePeriod({ db, config, now: () => new Date() }, actor, String(values.period));
        console.log('Период закрыт: отметки и посещаемость этого периода доступны только для чтения.');
      });
      return;
    case 'retention':
      await withDb(config, async (db) => {
        const { listDue, purgeDue } = await import('../modules/retention/retention.service');
        const opts = {
          today: new Date().toISOString().slice(0, 10),
          journalYears: config.RETENTION_JOURNAL_YEARS,
          summaryYears: config.RETENTION_SUMMARY_YEARS,
        };
        const due = values.confirm ? await purgeDue(db, opts) : await listDue(db, opts);
        const line = (y: { school_name: string; year_name: string; lessons: number; marks: number; final_marks: number }) =>
          `  ${y.school_name}, ${y.year_name}: уроков ${y.lessons}, отметок ${y.marks}, итоговых ${y.final_marks}`;
        console.log(`Журналы старше ${opts.journalYears} лет:${due.journals.length ? '' : ' нет'}`);
        for (const y of due.journals) console.log(line(y));
        console.log(`Сводные ведомости старше ${opts.summaryYears} лет:${due.summaries.length ? '' : ' нет'}`);
        for (const y of due.summaries) console.log(line(y));
        console.log(values.confirm ? 'Удалено.' : 'Ничего не удалено. Для удаления: journal retention --confirm');
      });
      return;
    case 'prune-backups': {
      const { pruneBackups } = await import('../modules/backup/backup.service');
      const removed = pruneBackups(String(values.dir ?? config.backupDir), {
        dailyDays: config.BACKUP_KEEP_DAILY_DAYS,
        weeklyMonths: config.BACKUP_KEEP_WEEKLY_MONTHS,
        monthlyMonths: config.BACKUP_KEEP_MONTHLY_MONTHS,
      });
      console.log(removed.length ? `Удалены: ${removed.join(', ')}` : 'Удалять нечего');
      return;
    }
    default:
      console.error(`Неизвестная команда: ${command}\n`);
      console.log(HELP);
      process.exitCode = 2;
  }
}

main().catch((e) => {
  if (e instanceof ConfigError || e?.constructor?.name === 'BackupError') console.error(e.message);
  else if (e?.code && e?.message) console.error(`Ошибка: ${e.message}`);
  else console.error(`Ошибка: ${(e as Error).message}`);
  process.exit(1);
});
