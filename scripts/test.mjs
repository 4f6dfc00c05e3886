#!/usr/bin/env node
// `npm test`: the whole suite, in order — types, lint and format (biome), unit rules, HTTP tests against PGlite, the same HTTP
// tests against PostgreSQL when TEST_DATABASE_URL is set (CI sets it), the API client check, and the
// browser journeys in Debian's Chromium. Prints one closing line "Tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const bin = (n) => path.join(root, 'node_modules/.bin', n);
const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

function run(label, cmd, args, env = {}) {
  console.log(`\n▶ ${label}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) failures.push(label);
  return r.status === 0;
}

function vitest(label, project, env = {}) {
  const out = path.join(os.tmpdir(), `journal-vitest-${process.pid}-${project}-${Date.now()}.json`);
  run(label, bin('vitest'), ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile=${out}`], env);
  try {
    const j = JSON.parse(fs.readFileSync(out, 'utf8'));
    passed += j.numPassedTests;
    failed += j.numFailedTests;
    skipped += j.numPendingTests + (j.numTodoTests ?? 0);
    if (j.numTotalTests === 0) failures.push(`${label}: no tests ran`);
    fs.rmSync(out, { force: true });
  } catch {
    failures.push(`${label}: no report`);
  }
}

function haveChromium() {
  if (fs.existsSync('/usr/bin/chromium')) return true;
  // Nothing to install by hand: on Debian as root, fetch Debian's chromium (never a downloaded browser).
  if (process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get')) {
    console.log('Устанавливается Debian chromium для браузерных тестов…');
    spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null'], {
      stdio: 'inherit',
    });
  }
  return fs.existsSync('/usr/bin/chromium');
}

/** Two PDF tests read text with poppler's pdftotext: Debian's poppler-utils, installed like chromium. */
function havePdftotext() {
  if (fs.existsSync('/usr/bin/pdftotext')) return true;
  if (process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get')) {
    console.log('Устанавливается Debian poppler-utils (pdftotext) для проверки PDF…');
    spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null'], {
      stdio: 'inherit',
    });
  }
  return fs.existsSync('/usr/bin/pdftotext');
}

const want = (s) => only.length === 0 || only.includes(s);
if ((want('pglite') || want('postgres')) && !havePdftotext()) failures.push('pdftotext (poppler-utils) missing');

if (want('types'))
  run('typecheck (tsc)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']) &&
    run('typecheck web', bin('tsc'), ['--noEmit', '-p', 'web/tsconfig.json']);
if (want('lint')) run('lint and format (biome)', bin('biome'), ['check', 'src', 'web/src', 'test', 'bench', 'scripts']);
if (want('client')) run('API client is up to date', bin('tsx'), ['scripts/gen-client.ts', '--check']);
if (want('unit')) vitest('unit tests (domain rules)', 'unit');
if (want('pglite')) vitest('integration tests on PGlite', 'integration', { TEST_DATABASE_URL: '' });
if (want('postgres')) {
  if (process.env.TEST_DATABASE_URL) vitest('integration tests on PostgreSQL', 'integration');
  else console.log('\n▷ PostgreSQL: TEST_DATABASE_URL не задан — пропуск (CI задаёт его)');
}
if (want('e2e')) {
  if (haveChromium()) vitest('browser journeys (Chromium)', 'e2e', { TEST_DATABASE_URL: '' });
  else {
    console.log('\n▷ Chromium не найден (/usr/bin/chromium): браузерные тесты пропущены');
    failures.push('e2e: chromium missing');
  }
}

if (failures.length) console.log(`\nНе прошло: ${failures.join('; ')}`);
console.log(`\nTests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failures.length || failed ? 1 : 0);
