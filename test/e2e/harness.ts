import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config';
import { type Db, openDb } from '../../src/db/client';
import { migrate } from '../../src/db/migrate';
import { buildApp } from '../../src/server/app';
import { DEMO_PASSWORD, seedDemoSchool } from './demo-data';

/**
 * Browser journeys against the real thing: the built web app served by the real Fastify app on a fresh
 * in-memory PGlite with the demo school, driven by Debian's Chromium. Nothing is mocked.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WEB = path.join(root, 'web');
const DIST_INDEX = path.join(root, 'dist/web/index.html');
export const SCREENSHOTS = path.join(root, 'test-results/screenshots');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

function newestMtime(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

function webIsStale(): boolean {
  const sources = [path.join(WEB, 'src'), path.join(WEB, 'public'), path.join(WEB, 'index.html'), path.join(WEB, 'vite.config.ts')].filter(
    (p) => fs.existsSync(p),
  );
  const newestSource = Math.max(...sources.map(newestMtime));
  return !fs.existsSync(DIST_INDEX) || fs.statSync(DIST_INDEX).mtimeMs < newestSource;
}

/** A copy is whole when its index.html and the files it names are there (another run may be mid-build). */
function copyIsWhole(dir: string): boolean {
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) return false;
  const named = [...fs.readFileSync(index, 'utf8').matchAll(/(?:src|href)="\/([^"]+)"/g)].map((m) => m[1]);
  return named.every((file) => fs.existsSync(path.join(dir, file)));
}

/**
 * The web app this run serves: a private copy of a build no older than web/src (a stale build tests old
 * code). When dist/web is missing or stale it is built — into the private folder, then published to
 * dist/web with index.html last and old hashed files kept, so other runs sharing the checkout keep
 * serving whole pages.
 */
export function prepareWeb(): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-web-run-'));
  if (!webIsStale()) {
    fs.cpSync(path.dirname(DIST_INDEX), copy, { recursive: true });
    if (copyIsWhole(copy)) return copy;
  }
  const res = spawnSync(
    path.join(root, 'node_modules/.bin/vite'),
    ['build', '--config', 'web/vite.config.ts', '--outDir', copy, '--emptyOutDir', '--logLevel', 'warn'],
    { cwd: root, encoding: 'utf8' },
  );
  if (res.status !== 0) throw new Error(`web build failed:\n${res.stdout}\n${res.stderr}`);
  const dist = path.dirname(DIST_INDEX);
  fs.mkdirSync(dist, { recursive: true });
  fs.cpSync(copy, dist, { recursive: true, filter: (src) => src !== path.join(copy, 'index.html') });
  const staged = `${DIST_INDEX}.${process.pid}`;
  fs.copyFileSync(path.join(copy, 'index.html'), staged);
  fs.renameSync(staged, DIST_INDEX);
  return copy;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.json': 'application/json',
};

/**
 * Serves the run's own copy of the web app in front of the app's static files (dist/web may be emptied by
 * `npm run build:web` elsewhere mid-run). The API, the headers (CSP) and everything else are the real app's.
 */
function serveWebCopy(app: FastifyInstance, copy: string) {
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.method !== 'GET' || req.url.startsWith('/api/') || req.url === '/metrics') return;
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = path.resolve(copy, `.${pathname}`);
    const found = file.startsWith(copy + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile();
    // Client-side routes get index.html, as the app's not-found handler does.
    const served = found ? file : path.join(copy, 'index.html');
    return reply.type(MIME[path.extname(served)] ?? 'application/octet-stream').send(fs.readFileSync(served));
  });
}

export interface E2E {
  baseUrl: string;
  app: FastifyInstance;
  db: Db;
  browser: Browser;
  /** A fresh browser profile (own cookies and storage) and a page in it; closed by `close()`. */
  newPage(opts?: { width?: number; height?: number; locale?: string }): Promise<Page>;
  close(): Promise<void>;
}

export async function startE2E(): Promise<E2E> {
  const webCopy = prepareWeb();
  // The demo school the run's global setup seeded once (test/e2e/global-setup.ts), or seeded here when a
  // file runs without it.
  const dump = inject('e2eDemoDump');
  const db = dump ? await openDb({ memory: true, loadDataDir: new Blob([fs.readFileSync(dump)]) }) : await openDb({ memory: true });
  if (!dump) {
    await migrate(db);
    await seedDemoSchool(db);
  }
  const config = loadConfig({ LOG_LEVEL: 'silent', ARGON2_MEMORY_KIB: '19456' });
  const app = await buildApp({ config, db, logger: false });
  serveWebCopy(app, webCopy);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  return {
    baseUrl,
    app,
    db,
    browser,
    async newPage({ width = 1280, height = 800, locale = 'ru-RU' } = {}) {
      // browser.newPage() breaks @axe-core/playwright: it needs a page that belongs to a context we made.
      const context = await browser.newContext({ baseURL: baseUrl, viewport: { width, height }, locale });
      contexts.push(context);
      return context.newPage();
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await app.close();
      await db.close();
      fs.rmSync(webCopy, { recursive: true, force: true });
    },
  };
}

/** WCAG 2.0 A and AA violations on the page as it is now (empty = passes). */
export async function axeViolations(page: Page) {
  // A dialog or menu still fading in blends its colours with the page behind it (axe once measured 4.27:1 in
  // a history dialog mid-transition): contrast is judged once finite animations and transitions have ended.
  await page
    .waitForFunction(
      () =>
        document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY),
      undefined,
      { timeout: 10_000 },
    )
    .catch(() => {});
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`.slice(0, 400)),
  }));
}

/**
 * A screenshot of the viewport. Not `fullPage`: Chromium captures beyond the viewport by resizing it for a
 * moment, which fires the page's media queries; on a loaded machine React renders in between, the phone
 * layout replaces the desktop one and back, and what was open (a dialog, the focus) is gone — a journey that
 * screenshots an open dialog then fails at random.
 */
export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** Waits until the page has no requests in flight and no loader is shown. */
export async function settled(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.querySelector('.mantine-Loader-root'));
}

/** Opens a page from the main menu and waits for its heading and its data. */
export async function openMenu(page: Page, label: string, heading: string) {
  await page.getByRole('navigation', { name: 'Основное меню' }).getByRole('link', { name: label }).click();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  await settled(page);
}

/** Picks a class in the page's «Класс» select. */
export async function pickClass(page: Page, name: string) {
  await page.getByRole('combobox', { name: 'Класс', exact: true }).click();
  await page.getByRole('option', { name, exact: true }).click();
  await settled(page);
}

/** Signs a demo user in through the sign-in form (password of the demo school) and waits to leave it. */
export async function signIn(page: Page, login: string) {
  await page.goto('/login');
  await page.getByLabel('Логин').fill(login);
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}
