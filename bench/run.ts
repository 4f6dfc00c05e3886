/**
 * `npm run bench` — the benchmark suite (issue 11), in one go on this machine:
 * a baseline (bare Fastify + PostgreSQL `SELECT 1`), the diary week, the journal page, a mark save,
 * the control report and the sign-in; prints requests/s, p50/p99 latency, peak server memory and each
 * one's ratio to the baseline measured in the same run; writes JSON under bench/results/.
 *
 *   npm run bench -- [--size school|district|demo] [--duration 10] [--connections 50] [--regen] [--prepare] [--only diary,page,mark,report,region,signin]
 *
 * 'report' times the deputy's control report over the current quarter and the performance report of the
 * year and of the quarter (5 sequential requests each); 'region' signs in a regional methodologist made
 * for the bench (bench_methodologist, assigned to every school) and times the region view over the year
 * up to today and over the current quarter with its finals.
 *
 * Data: a PostgreSQL database per size (BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/journal_bench_<size>),
 * generated once by the demo generator (the 1,500-student school; the district of 20 such schools), plus a
 * year final mark for every student × page with period final marks (addYearMarks; the generator writes none).
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openDb } from '../src/db/client';
import { migrate } from '../src/db/migrate';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'school' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    regen: { type: 'boolean', default: false },
    only: { type: 'string' },
    prepare: { type: 'boolean', default: false },
  },
});
const size = values.size as 'demo' | 'school' | 'district';
const duration = Number(values.duration);
const connections = Number(values.connections);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const adminUrl = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `journal_bench_${size}`;
const dbUrl = process.env.BENCH_DATABASE_URL ?? adminUrl.replace(/\/[^/]*$/, `/${dbName}`);
const today = new Date().toISOString().slice(0, 10);

interface Result {
  name: string;
  requestsPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  peakRssMb: number;
  ratio?: number;
  note?: string;
}

async function ensureDataset() {
  const admin = await openDb({ url: adminUrl, poolSize: 1 });
  const [exists] = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
  if (values.regen && exists) await admin.exec(`DROP DATABASE ${dbName} WITH (FORCE)`);
  if (!exists || values.regen) await admin.exec(`CREATE DATABASE ${dbName}`);
  await admin.close();
  const db = await openDb({ url: dbUrl, poolSize: 4 });
  await migrate(db);
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*) AS n FROM schools');
  if (n === 0) {
    const { seedDemo } = await import('../src/db/demo/seed');
    const started = Date.now();
    console.log(`Генерация данных «${size}» в ${dbName}…`);
    // The school is generated with a full year of lessons (~470k marks, as the issue asks); the district
    // with lessons up to today (20 × ~150k marks) to keep its generation in minutes.
    const y = new Date().getUTCMonth() >= 6 ? new Date().getUTCFullYear() : new Date().getUTCFullYear() - 1;
    await seedDemo(db, { size, today: size === 'school' ? `${y + 1}-05-25` : today });
    console.log(`  готово за ${((Date.now() - started) / 1000).toFixed(0)} с`);
  }
  const counts = await db.query<{ t: string; n: number }>(
    `SELECT 'schools' t, count(*) n FROM schools UNION ALL SELECT 'students', count(*) FROM memberships WHERE role = 'student'
     UNION ALL SELECT 'lessons', count(*) FROM lessons UNION ALL SELECT 'marks', count(*) FROM marks`,
  );
  const yearMarks = await addYearMarks(db);
  if (yearMarks > 0) console.log(`  годовых отметок добавлено: ${yearMarks}`);
  // A full-year dataset closes every period before its end date; the mark-save scenario writes today.
  await db.query('UPDATE periods SET closed_at = NULL WHERE $1::date BETWEEN starts_on AND ends_on', [today]);
  await db.query("UPDATE academic_years SET status = 'current' WHERE $1::date BETWEEN starts_on AND ends_on", [today]);
  await db.query('ANALYZE');
  return { db, counts: Object.fromEntries(counts.map((c) => [c.t, c.n])) };
}

/**
 * Year final marks [DOMAIN §6] for every student × page that has period final marks: the generator
 * writes only period marks, and without year marks the performance report of the year (and the region
 * view of the year) counted nothing. One statement, the rule of proposeYearMark (src/domain/final-marks.ts)
 * in SQL: any «нз» → «нз»; else the plain mean of the numeric period marks rounded at the school's border
 * (roundingBorder, default 0.5; 1 only where allowOne); else «зч» (only «зч»/«осв»), «осв» (only «осв»),
 * «н/а». The year mark is confirmed as proposed, by the page's teacher, at the last period mark's time.
 * Idempotent: skipped once any year mark exists, and a student's existing year mark on a page is kept
 * (ON CONFLICT DO NOTHING on final_marks_key). Returns the number of rows added.
 */
async function addYearMarks(db: Awaited<ReturnType<typeof openDb>>): Promise<number> {
  const [has] = await db.query("SELECT 1 FROM final_marks WHERE kind = 'year' LIMIT 1");
  if (has) return 0;
  const rows = await db.query<{ n: number }>(
    `WITH g AS (
       SELECT fm.school_id, fm.page_id, jp.subject_id, fm.student_id, jp.teacher_id,
              round(avg(fm.value::numeric) FILTER (WHERE fm.value IN ('1', '2', '3', '4', '5')), 2) AS average,
              bool_or(fm.value = 'нз') AS nz,
              bool_or(fm.value = 'зч') AND bool_and(fm.value IN ('зч', 'осв')) AS zch,
              bool_and(fm.value = 'осв') AS osv,
              max(fm.confirmed_at) AS confirmed_at,
              COALESCE((s.settings ->> 'roundingBorder')::numeric, 0.5) AS border,
              CASE WHEN (s.settings ->> 'allowOne')::boolean THEN 1 ELSE 2 END AS lowest
         FROM final_marks fm
         JOIN journal_pages jp ON jp.school_id = fm.school_id AND jp.id = fm.page_id
         JOIN schools s ON s.id = fm.school_id
        WHERE fm.kind = 'period'
        GROUP BY fm.school_id, fm.page_id, jp.subject_id, fm.student_id, jp.teacher_id, s.settings
     ), ins AS (
       INSERT INTO final_marks (school_id, page_id, subject_id, student_id, kind, period_id, value, proposed_value, average, confirmed_by, confirmed_at)
       SELECT g.school_id, g.page_id, g.subject_id, g.student_id, 'year', NULL, v.value, v.value,
              CASE WHEN g.nz THEN NULL ELSE g.average END, g.teacher_id, g.confirmed_at
         FROM g
        CROSS JOIN LATERAL (
          SELECT CASE
                   WHEN g.nz THEN 'нз'
                   WHEN g.average IS NOT NULL THEN
                     least(5, greatest(g.lowest, floor(g.average)::int + (g.average - floor(g.average) >= g.border)::int))::text
                   WHEN g.zch THEN 'зч'
                   WHEN g.osv THEN 'осв'
                   ELSE 'н/а'
                 END AS value
        ) v
       ON CONFLICT DO NOTHING
       RETURNING 1
     )
     SELECT count(*)::int AS n FROM ins`,
  );
  return rows[0].n;
}

/** Peak resident memory of a process, sampled every 100 ms while a scenario runs. */
function watchRss(pid: number) {
  let peak = 0;
  const read = () => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch {
      /* process gone */
    }
  };
  read();
  const timer = setInterval(read, 100);
  return () => {
    clearInterval(timer);
    read();
    return Math.round(peak);
  };
}

async function waitFor(url: string, ms = 60_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`не дождались ${url}`);
}

function startBaseline(): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(root, 'bench/baseline-server.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, BENCH_DATABASE_URL: dbUrl, PORT: '0', DATABASE_POOL_SIZE: '10' },
    });
    child.once('message', (m: { port: number }) => resolve({ child, port: m.port }));
    child.once('exit', (c) => reject(new Error(`baseline exited ${c}`)));
  });
}

async function startJournal(port: number, extraEnv: Record<string, string> = {}) {
  // The server runs as `npm start` runs it (package.json: a 6 MB young generation keeps a busy server's
  // peak memory under 300 MB); BENCH_SERVER_NODE_ARGS replaces those node options, e.g.
  // `--cpu-prof --cpu-prof-dir=/tmp/prof`, or an empty string for node's defaults.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? START_NODE_ARGS).split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'bin/journal.mjs'), 'serve'], {
    env: {
      ...process.env,
      ...extraEnv,
      DATABASE_URL: dbUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      JOURNAL_DEMO: 'false',
      BACKUP_HOUR: '-1',
      DATABASE_POOL_SIZE: '10',
      RATE_LIMIT_PER_MINUTE: '100000000',
      LOGIN_RATE_PER_MINUTE: '100000000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitFor(`http://127.0.0.1:${port}/api/health`);
  return child;
}

async function signIn(base: string, login: string) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: 'demo', tokenInBody: true }),
  });
  if (!res.ok) throw new Error(`вход ${login}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { token: string; user: { children: { id: string }[] } };
}

/** How many families the diary scenario signs in. */
const FAMILIES = 300;
/** The node options of `npm start` (package.json), which the benchmarked server is started with. */
const START_NODE_ARGS = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.start as string)
  .replace(/^node\s+/, '')
  .replace(/\s*bin\/journal\.mjs.*$/, '');
/** Teachers saving marks at once in the mark-save scenario, and new works each makes on their page. */
const MARK_TEACHERS = 12;
const MARK_WORKS_PER_PAGE = 80;

/**
 * Sessions of `n` parents of the first school: parents without an account get one (login
 * bench_family_<i>, the password of the bench accounts), then each signs in through the API.
 */
async function familySessions(db: Awaited<ReturnType<typeof openDb>>, base: string, n: number) {
  const parents = await db.query<{ person_id: string; school_id: string; account_id: string | null; child: string }>(
    `SELECT p.id AS person_id, p.school_id, p.account_id,
            (SELECT pl.student_id FROM parent_links pl WHERE pl.school_id = p.school_id AND pl.parent_id = p.id ORDER BY pl.student_id LIMIT 1) AS child
       FROM persons p JOIN memberships m ON m.school_id = p.school_id AND m.person_id = p.id AND m.role = 'parent'
      WHERE p.school_id = (SELECT id FROM schools ORDER BY name LIMIT 1)
      ORDER BY p.id LIMIT $1`,
    [n],
  );
  // Any demo account's hash (password «demo»): bench_parent on the bench sizes, parent on the demo one.
  const [hash] = await db.query<{ password_hash: string }>(
    `SELECT password_hash FROM accounts WHERE login IN ('bench_parent', 'parent') ORDER BY login = 'bench_parent' DESC LIMIT 1`,
  );
  const out: { token: string; child: string }[] = [];
  for (const [i, p] of parents.entries()) {
    if (!p.child) continue;
    if (!p.account_id) {
      const [a] = await db.query<{ id: string }>(
        `INSERT INTO accounts (login, password_hash, must_change_password) VALUES ($1, $2, false)
         ON CONFLICT (lower(login)) DO UPDATE SET password_hash = EXCLUDED.password_hash RETURNING id`,
        [`bench_family_${i}`, hash.password_hash],
      );
      await db.query('UPDATE persons SET account_id = $3 WHERE school_id = $1 AND id = $2', [p.school_id, p.person_id, a.id]);
    }
    const [acc] = await db.query<{ login: string }>(
      'SELECT a.login FROM accounts a JOIN persons p ON p.account_id = a.id WHERE p.school_id = $1 AND p.id = $2',
      [p.school_id, p.person_id],
    );
    const s = await signIn(base, acc.login);
    out.push({ token: s.token, child: p.child });
  }
  return out;
}

/**
 * `n` journal pages of different teachers of the first school (grade 2 and up, whole class), each teacher
 * signed in: teachers without an account get one (login bench_teacher_<i>, the bench accounts' password).
 */
async function teacherPages(db: Awaited<ReturnType<typeof openDb>>, base: string, n: number) {
  const pages = await db.query<{ page_id: string; school_id: string; teacher_id: string; account_id: string | null }>(
    `SELECT * FROM (
       SELECT DISTINCT ON (jp.teacher_id) jp.id AS page_id, jp.school_id, jp.teacher_id, p.account_id
         FROM journal_pages jp
         JOIN classes c ON c.school_id = jp.school_id AND c.id = jp.class_id AND c.grade > 1
         JOIN persons p ON p.school_id = jp.school_id AND p.id = jp.teacher_id
        WHERE jp.school_id = (SELECT id FROM schools ORDER BY name LIMIT 1) AND jp.subgroup_id IS NULL
        ORDER BY jp.teacher_id, jp.id) x
      ORDER BY teacher_id LIMIT $1`,
    [n],
  );
  const [hash] = await db.query<{ password_hash: string }>(
    `SELECT password_hash FROM accounts WHERE login IN ('bench_teacher', 'teacher', 'bench_parent', 'parent') ORDER BY login LIKE 'bench%' DESC LIMIT 1`,
  );
  const out: { pageId: string; schoolId: string; token: string }[] = [];
  for (const [i, p] of pages.entries()) {
    if (!p.account_id) {
      const [a] = await db.query<{ id: string }>(
        `INSERT INTO accounts (login, password_hash, must_change_password) VALUES ($1, $2, false)
         ON CONFLICT (lower(login)) DO UPDATE SET password_hash = EXCLUDED.password_hash RETURNING id`,
        [`bench_teacher_${i}`, hash.password_hash],
      );
      await db.query('UPDATE persons SET account_id = $3 WHERE school_id = $1 AND id = $2', [p.school_id, p.teacher_id, a.id]);
    }
    const [acc] = await db.query<{ login: string }>(
      'SELECT a.login FROM accounts a JOIN persons p ON p.account_id = a.id WHERE p.school_id = $1 AND p.id = $2',
      [p.school_id, p.teacher_id],
    );
    out.push({ pageId: p.page_id, schoolId: p.school_id, token: (await signIn(base, acc.login)).token });
  }
  return out;
}

/** The first school's current quarter (the one containing today, else the last begun) and year. */
async function schoolPeriods(db: Awaited<ReturnType<typeof openDb>>, schoolId: string) {
  const [year] = await db.query<{ id: string; starts_on: string; ends_on: string }>(
    "SELECT id, starts_on, ends_on FROM academic_years WHERE school_id = $1 AND status = 'current'",
    [schoolId],
  );
  const [quarter] = await db.query<{ id: string; number: number; starts_on: string; ends_on: string }>(
    `SELECT id, number, starts_on, ends_on FROM periods
      WHERE school_id = $1 AND year_id = $2 AND scheme = 'quarter' AND starts_on <= $3::date ORDER BY starts_on DESC LIMIT 1`,
    [schoolId, year.id, today],
  );
  return { year, quarter };
}

/** Report URLs for the deputy's school (reports/control, reports/performance). */
async function reportPaths(db: Awaited<ReturnType<typeof openDb>>, deputyLogin: string) {
  const [school] = await db.query<{ id: string }>(
    `SELECT m.school_id AS id FROM accounts a JOIN persons p ON p.account_id = a.id
       JOIN memberships m ON m.school_id = p.school_id AND m.person_id = p.id AND m.role IN ('deputy', 'director', 'administrator')
      WHERE a.login = $1 LIMIT 1`,
    [deputyLogin],
  );
  const { year, quarter } = await schoolPeriods(db, school.id);
  const q = { from: quarter.starts_on, to: quarter.ends_on };
  return {
    quarter: q,
    control: `/api/reports/control?schoolId=${school.id}&from=${q.from}&to=${q.to}`,
    performanceYear: `/api/reports/performance?schoolId=${school.id}&yearId=${year.id}`,
    performancePeriod: `/api/reports/performance?schoolId=${school.id}&periodId=${quarter.id}`,
  };
}

/**
 * The bench's regional methodologist [DOMAIN §1]: an account (login bench_methodologist, the password
 * of the bench accounts) assigned to every school of the data set in region_memberships; made once.
 */
async function regionMethodologist(db: Awaited<ReturnType<typeof openDb>>) {
  // Any demo account's hash (password «demo»): bench_parent on the bench sizes, parent on the demo one.
  const [hash] = await db.query<{ password_hash: string }>(
    `SELECT password_hash FROM accounts WHERE login IN ('bench_parent', 'parent') ORDER BY login = 'bench_parent' DESC LIMIT 1`,
  );
  const [a] = await db.query<{ id: string }>(
    `INSERT INTO accounts (login, password_hash, must_change_password) VALUES ('bench_methodologist', $1, false)
     ON CONFLICT (lower(login)) DO UPDATE SET password_hash = EXCLUDED.password_hash RETURNING id`,
    [hash.password_hash],
  );
  await db.query('INSERT INTO region_memberships (school_id, account_id) SELECT id, $1 FROM schools ON CONFLICT DO NOTHING', [a.id]);
  return { login: 'bench_methodologist', accountId: a.id };
}

/** Region view URLs: the first school's year up to today, and its current quarter by number. */
async function regionPaths(db: Awaited<ReturnType<typeof openDb>>) {
  const [school] = await db.query<{ id: string }>('SELECT id FROM schools ORDER BY name LIMIT 1');
  const { year, quarter } = await schoolPeriods(db, school.id);
  // ISO dates compare as strings: the earlier of today and the end of the year
  const y = { from: year.starts_on, to: [today, year.ends_on].sort()[0] };
  return {
    year: y,
    yearPath: `/api/reports/region?from=${y.from}&to=${y.to}`,
    quarterNumber: quarter?.number,
    quarterPath: quarter
      ? `/api/reports/region?from=${quarter.starts_on}&to=${quarter.ends_on}&scheme=quarter&periodNumber=${quarter.number}`
      : null,
  };
}

async function load(name: string, pid: number, opts: autocannon.Options): Promise<Result> {
  const stop = watchRss(pid);
  const r = await autocannon({ duration, connections, ...opts });
  const peakRssMb = stop();
  return {
    name,
    // Completed requests over the elapsed time: a run bounded by `amount` ends mid-second, and the average of
    // autocannon's whole-second samples then reads as if it had lasted a whole number of seconds.
    requestsPerSec: Math.round(r.requests.total / Math.max(r.duration, 0.01)),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    non2xx: r.non2xx,
    peakRssMb,
  };
}

/** Sequential timing of a heavy request (reports): median and max of n runs. */
async function timeSequential(name: string, pid: number, url: string, headers: Record<string, string>, n = 5): Promise<Result> {
  const stop = watchRss(pid);
  const times: number[] = [];
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (!res.ok) bad++;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return {
    name,
    requestsPerSec: Number((1000 / times[Math.floor(n / 2)]).toFixed(2)),
    p50: Math.round(times[Math.floor(n / 2)]),
    p99: Math.round(times[n - 1]),
    errors: 0,
    non2xx: bad,
    peakRssMb: stop(),
  };
}

async function main() {
  const { db, counts } = await ensureDataset();
  // Notifications left unsent by an earlier run (a run stopped midway) would be fanned out during this
  // one's scenarios: the data set's families have had them.
  await db.query('UPDATE notification_outbox SET processed_at = now() WHERE processed_at IS NULL');
  console.log(`Данные: ${JSON.stringify(counts)}`);
  if (values.prepare) {
    await db.close();
    return;
  }
  // Whom to act as: the first school's bench accounts (password demo), a busy page, a parent's child.
  const [parent] = await db.query<{ login: string }>(
    `SELECT a.login FROM accounts a JOIN persons p ON p.account_id = a.id JOIN memberships m ON m.school_id = p.school_id AND m.person_id = p.id
      WHERE m.role = 'parent' ORDER BY a.login LIMIT 1`,
  );
  const [teacher] = await db.query<{ login: string; page_id: string; school_id: string }>(
    `SELECT a.login, jp.id AS page_id, jp.school_id FROM accounts a JOIN persons p ON p.account_id = a.id
       JOIN memberships m ON m.school_id = p.school_id AND m.person_id = p.id AND m.role = 'teacher'
       JOIN journal_pages jp ON jp.school_id = p.school_id AND jp.teacher_id = p.id
       JOIN classes c ON c.school_id = jp.school_id AND c.id = jp.class_id AND c.grade > 1
      -- the issue's page: ~35 students, ~50 lessons, ~1,200 marks in the period around today
      ORDER BY abs((SELECT count(*) FROM marks mk JOIN lessons ml ON ml.school_id = mk.school_id AND ml.id = mk.lesson_id
                     JOIN periods pr ON pr.school_id = c.school_id AND pr.year_id = c.year_id AND pr.scheme = c.period_scheme
                                    AND CURRENT_DATE BETWEEN pr.starts_on AND pr.ends_on
                    WHERE mk.school_id = jp.school_id AND mk.page_id = jp.id AND ml.page_id = jp.id
                      AND ml.date BETWEEN pr.starts_on AND pr.ends_on) - 1200) LIMIT 1`,
  );
  const [deputy] = await db.query<{ login: string }>(
    `SELECT a.login FROM accounts a JOIN persons p ON p.account_id = a.id JOIN memberships m ON m.school_id = p.school_id AND m.person_id = p.id
      WHERE m.role IN ('deputy', 'director', 'administrator') ORDER BY m.role = 'deputy' DESC, a.login LIMIT 1`,
  );
  if (!parent || !teacher || !deputy) throw new Error('в данных нет демо-входов');

  const results: Result[] = [];
  const want = (n: string) => !values.only || values.only.split(',').includes(n);

  const baseline = await startBaseline();
  const base0 = `http://127.0.0.1:${baseline.port}`;
  results.push(await load('baseline: Fastify + PostgreSQL SELECT 1', baseline.child.pid!, { url: `${base0}/select1` }));
  baseline.child.kill('SIGTERM');

  const port = 3400 + Math.floor(Math.random() * 500);
  const journal = await startJournal(port);
  const pid = journal.pid!;
  const base = `http://127.0.0.1:${port}`;
  try {
    const p = await signIn(base, parent.login);
    const t = await signIn(base, teacher.login);
    const d = await signIn(base, deputy.login);
    const child = p.user.children[0]?.id;
    const monday = (() => {
      const x = new Date(`${today}T12:00:00Z`);
      x.setUTCDate(x.getUTCDate() - ((x.getUTCDay() + 6) % 7));
      return x.toISOString().slice(0, 10);
    })();
    const sunday = new Date(Date.parse(`${monday}T12:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
    const auth = (tok: string) => ({ authorization: `Bearer ${tok}` });

    if (want('diary') && child) {
      // An evening of many families, not one page asked 50 times over: FAMILIES parents of the first
      // school, each signed in, each asking for one child's week in turn.
      const families = await familySessions(db, base, FAMILIES);
      // Steady state of an evening: each family has opened its week once (the first, uncached view of a
      // week is what the READ_CACHE=false row below measures). Without this the 300 first views alone
      // are the slowest 1% of a 10-second run, and p99 reports the cold start, not the evening.
      for (let i = 0; i < families.length; i += 10) {
        await Promise.all(
          families.slice(i, i + 10).map(async (f) => {
            const res = await fetch(`${base}/api/diary?studentId=${f.child}&from=${monday}&to=${sunday}`, { headers: auth(f.token) });
            await res.arrayBuffer();
          }),
        );
      }
      let turn = 0;
      const diaryOpts = (): autocannon.Options => ({
        url: `${base}/api/diary`,
        requests: [
          {
            setupRequest: (req) => {
              const f = families[turn++ % families.length];
              return {
                ...req,
                path: `/api/diary?studentId=${f.child}&from=${monday}&to=${sunday}`,
                headers: { ...req.headers, ...auth(f.token) },
              };
            },
          },
        ],
      });
      results.push(await load(`diary week, ${families.length} families (GET /api/diary)`, pid, diaryOpts()));
      results[results.length - 1].note = 'кэш в памяти, неделя семьи уже открыта раз';
      // The same with the read cache off: every request reads the database (the first view of a week).
      const cold = await startJournal(port + 1, { READ_CACHE: 'false' });
      try {
        const coldBase = `http://127.0.0.1:${port + 1}`;
        const coldFamilies = await familySessions(db, coldBase, FAMILIES);
        turn = 0;
        const r = await load(`diary week, ${coldFamilies.length} families, READ_CACHE=false`, cold.pid!, {
          url: `${coldBase}/api/diary`,
          requests: [
            {
              setupRequest: (req) => {
                const f = coldFamilies[turn++ % coldFamilies.length];
                return {
                  ...req,
                  path: `/api/diary?studentId=${f.child}&from=${monday}&to=${sunday}`,
                  headers: { ...req.headers, ...auth(f.token) },
                };
              },
            },
          ],
        });
        r.note = 'каждый запрос — в базу';
        results.push(r);
      } finally {
        cold.kill('SIGTERM');
      }
    }
    if (want('page')) {
      results.push(
        await load('journal page (GET /api/pages/:id)', pid, {
          url: `${base}/api/pages/${teacher.page_id}`,
          headers: auth(t.token),
          connections: 10,
        }),
      );
    }
    if (want('mark')) {
      // Many teachers at once, as at the end of a lesson: MARK_TEACHERS teachers of the first school, each on
      // their own page, saving fresh cells (new works on their last lessons × their students). Consecutive
      // saves of one page go to other works and other students, as a column typed down the page does not
      // repeat a cell; 20 connections share the teachers' saves.
      const teachers = await teacherPages(db, base, MARK_TEACHERS);
      const perPage: { token: string; body: string }[][] = [];
      const benchWorks: { schoolId: string; id: string }[] = [];
      for (const tp of teachers) {
        const page = (await (await fetch(`${base}/api/pages/${tp.pageId}`, { headers: auth(tp.token) })).json()) as {
          lessons: { id: string; date: string; canWrite?: boolean }[];
          students: { id: string; left: string | null; fromDate: string }[];
          period: { closed: boolean } | null;
        };
        if (page.period?.closed) continue;
        const lessons = page.lessons.filter((l) => l.date <= today).slice(-4);
        if (!lessons.length) continue;
        const works: { id: string; students: string[] }[] = [];
        for (let i = 0; i < MARK_WORKS_PER_PAGE; i++) {
          const lesson = lessons[i % lessons.length];
          const res = await fetch(`${base}/api/lessons/${lesson.id}/works`, {
            method: 'POST',
            headers: { ...auth(tp.token), 'content-type': 'application/json' },
            body: JSON.stringify({ workType: 'oral' }),
          });
          if (!res.ok) throw new Error(`работа: ${res.status} ${await res.text()}`);
          const work = (await res.json()) as { id: string };
          benchWorks.push({ schoolId: tp.schoolId, id: work.id });
          works.push({ id: work.id, students: page.students.filter((x) => !x.left && x.fromDate <= lesson.date).map((x) => x.id) });
        }
        // Diagonal order: round r gives work w its student (r + w) mod n — every cell once, neighbours differ.
        const cells: { token: string; body: string }[] = [];
        const rounds = Math.max(...works.map((w) => w.students.length));
        for (let r = 0; r < rounds; r++) {
          works.forEach((w, i) => {
            if (r >= w.students.length) return;
            const studentId = w.students[(r + i) % w.students.length];
            cells.push({ token: tp.token, body: JSON.stringify({ workId: w.id, studentId, value: String(3 + (r % 3)), version: null }) });
          });
        }
        perPage.push(cells);
      }
      // The pages' saves interleaved: one save of each teacher in turn.
      const cells: { token: string; body: string }[] = [];
      for (let k = 0; k < Math.max(...perPage.map((c) => c.length)); k++) for (const c of perPage) if (k < c.length) cells.push(c[k]);
      let next = 0;
      results.push(
        await load('mark save (PUT /api/marks, with history)', pid, {
          url: `${base}/api/marks`,
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          connections: 20,
          requests: [
            {
              setupRequest: (req) => {
                const c = cells[next++ % cells.length];
                return { ...req, body: c.body, headers: { ...req.headers, ...auth(c.token) } };
              },
            },
          ],
          // Bounded by time while the free cells last (autocannon notices an `amount` reached only on its
          // one-second tick, which would round the run's length to whole seconds).
          amount: cells.length,
        }),
      );
      results[results.length - 1].note = `${perPage.length} учителей, ${cells.length} свободных клеток`;
      // The data set stays as generated: the next run measures the same pages, not ones grown by the run.
      for (const w of benchWorks) {
        // Their families' notifications not yet fanned out are not the next scenario's work.
        await db.query(
          `UPDATE notification_outbox o SET processed_at = now() FROM marks m
            WHERE m.school_id = $1 AND m.work_id = $2 AND o.school_id = m.school_id
              AND o.event_key LIKE 'mark:' || m.id || ':%' AND o.processed_at IS NULL`,
          [w.schoolId, w.id],
        );
        await db.query('DELETE FROM marks WHERE school_id = $1 AND work_id = $2', [w.schoolId, w.id]);
        await db.query('DELETE FROM works WHERE school_id = $1 AND id = $2', [w.schoolId, w.id]);
      }
    }
    if (want('report')) {
      // The deputy's school: the control report over its current quarter (the one containing today, else
      // the last one begun) and the performance report of its school year; BENCH_REPORT_PATH adds one more.
      const r = await reportPaths(db, deputy.login);
      const timeReport = async (name: string, url: string) => results.push(await timeSequential(name, pid, `${base}${url}`, auth(d.token)));
      await timeReport(`control report, school, quarter ${r.quarter.from}…${r.quarter.to}`, r.control);
      await timeReport('performance report, school, year', r.performanceYear);
      await timeReport('performance report, school, quarter', r.performancePeriod);
      const reportUrl = process.env.BENCH_REPORT_PATH;
      if (reportUrl) await timeReport(`report ${reportUrl}`, reportUrl);
    }
    if (want('region')) {
      // The region view of a methodologist watching every school of the data set: the school year up to
      // today (every mark there is), and the current quarter with its final marks.
      const m = await regionMethodologist(db);
      const mt = await signIn(base, m.login);
      const [n] = await db.query<{ n: number }>('SELECT count(*) AS n FROM region_memberships WHERE account_id = $1', [m.accountId]);
      const r = await regionPaths(db);
      const timeRegion = async (name: string, url: string) =>
        results.push(await timeSequential(name, pid, `${base}${url}`, auth(mt.token)));
      await timeRegion(`region view, ${n.n} schools, ${r.year.from}…${r.year.to}`, r.yearPath);
      if (r.quarterPath) await timeRegion(`region view, ${n.n} schools, quarter ${r.quarterNumber}`, r.quarterPath);
    }
    if (want('signin')) {
      results.push(
        await load('sign-in (POST /api/auth/login, argon2id)', pid, {
          url: `${base}/api/auth/login`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ login: parent.login, password: 'demo' }),
          connections: 10,
          overallRate: 50,
        }),
      );
    }
  } finally {
    journal.kill('SIGTERM');
    await db.close();
  }

  const baseRps = results[0].requestsPerSec;
  for (const r of results) r.ratio = Number((r.requestsPerSec / baseRps).toFixed(3));
  const serverArgs = process.env.BENCH_SERVER_NODE_ARGS ?? START_NODE_ARGS;
  console.log(
    `\nРезультаты (${size}, ${connections} соединений, ${duration} с, ${new Date().toISOString()}; сервер: node ${serverArgs || '(по умолчанию)'}):`,
  );
  console.table(
    results.map((r) => ({
      сценарий: r.name,
      'запр/с': r.requestsPerSec,
      'p50 мс': r.p50,
      'p99 мс': r.p99,
      'к базе': r.ratio,
      'пик RSS МБ': r.peakRssMb,
      ошибки: r.errors + r.non2xx,
      заметка: r.note ?? '',
    })),
  );
  const outDir = path.join(root, 'bench/results');
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${size}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify({ size, duration, connections, dataset: counts, results }, null, 2));
  console.log(`JSON: ${path.relative(root, file)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
