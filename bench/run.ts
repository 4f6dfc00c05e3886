/**
 * `npm run bench` — the benchmark suite (issue 11), in one go on this machine:
 * a baseline (bare Fastify + PostgreSQL `SELECT 1`), the diary week, the journal page, a mark save,
 * the control report and the sign-in; prints requests/s, p50/p99 latency, peak server memory and each
 * one's ratio to the baseline measured in the same run; writes JSON under bench/results/.
 *
 *   npm run bench -- [--size school|district|demo] [--duration 10] [--connections 50] [--regen] [--prepare] [--only diary,page,mark,report,signin]
 *
 * Data: a PostgreSQL database per size (BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/journal_bench_<size>),
 * generated once by the demo generator (the 1,500-student school; the district of 20 such schools).
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
  // A full-year dataset closes every period before its end date; the mark-save scenario writes today.
  await db.query('UPDATE periods SET closed_at = NULL WHERE $1::date BETWEEN starts_on AND ends_on', [today]);
  await db.query("UPDATE academic_years SET status = 'current' WHERE $1::date BETWEEN starts_on AND ends_on", [today]);
  await db.query('ANALYZE');
  return { db, counts: Object.fromEntries(counts.map((c) => [c.t, c.n])) };
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

async function startJournal(port: number) {
  const child = spawn(process.execPath, [path.join(root, 'bin/journal.mjs'), 'serve'], {
    env: {
      ...process.env,
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

async function load(
  name: string,
  pid: number,
  opts: autocannon.Options,
): Promise<Result> {
  const stop = watchRss(pid);
  const r = await autocannon({ duration, connections, ...opts });
  const peakRssMb = stop();
  return {
    name,
    requestsPerSec: Math.round(r.requests.average),
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
  return { name, requestsPerSec: Number((1000 / times[Math.floor(n / 2)]).toFixed(2)), p50: Math.round(times[Math.floor(n / 2)]), p99: Math.round(times[n - 1]), errors: 0, non2xx: bad, peakRssMb: stop() };
}

async function main() {
  const { db, counts } = await ensureDataset();
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
      results.push(await load('diary week (GET /api/diary)', pid, { url: `${base}/api/diary?studentId=${child}&from=${monday}&to=${sunday}`, headers: auth(p.token) }));
    }
    if (want('page')) {
      results.push(await load('journal page (GET /api/pages/:id)', pid, { url: `${base}/api/pages/${teacher.page_id}`, headers: auth(t.token), connections: 10 }));
    }
    if (want('mark')) {
      // Fresh cells for every request: works on the page's lessons × its students.
      const page = (await (await fetch(`${base}/api/pages/${teacher.page_id}`, { headers: auth(t.token) })).json()) as {
        lessons: { id: string; date: string }[];
        students: { id: string; left: string | null; fromDate: string }[];
        period: { closed: boolean };
      };
      const lessons = page.lessons.filter((l) => l.date <= today).slice(-6);
      const cells: string[] = [];
      for (let i = 0; i < 80; i++) {
        const lesson = lessons[i % lessons.length];
        const res = await fetch(`${base}/api/lessons/${lesson.id}/works`, {
          method: 'POST',
          headers: { ...auth(t.token), 'content-type': 'application/json' },
          body: JSON.stringify({ workType: 'oral' }),
        });
        if (!res.ok) throw new Error(`работа: ${res.status} ${await res.text()}`);
        const work = (await res.json()) as { id: string };
        for (const s of page.students.filter((x) => !x.left && x.fromDate <= lesson.date)) cells.push(JSON.stringify({ workId: work.id, studentId: s.id, value: String(3 + (cells.length % 3)), version: null }));
      }
      let next = 0;
      results.push(
        await load('mark save (PUT /api/marks, with history)', pid, {
          url: `${base}/api/marks`,
          method: 'PUT',
          headers: { ...auth(t.token), 'content-type': 'application/json' },
          connections: 20,
          requests: [{ setupRequest: (req) => ({ ...req, body: cells[next++ % cells.length] }) }],
          amount: Math.min(cells.length, 1000 * duration),
        }),
      );
      results[results.length - 1].note = `${cells.length} свободных клеток`;
    }
    if (want('report')) {
      const reportUrl = process.env.BENCH_REPORT_PATH;
      if (reportUrl) results.push(await timeSequential('control report, school, quarter', pid, `${base}${reportUrl}`, auth(d.token)));
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
  console.log(`\nРезультаты (${size}, ${connections} соединений, ${duration} с, ${new Date().toISOString()}):`);
  console.table(results.map((r) => ({ сценарий: r.name, 'запр/с': r.requestsPerSec, 'p50 мс': r.p50, 'p99 мс': r.p99, 'к базе': r.ratio, 'пик RSS МБ': r.peakRssMb, 'ошибки': r.errors + r.non2xx, заметка: r.note ?? '' })));
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
