import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config';
import { type Db, openDb } from '../../src/db/client';
import { migrate } from '../../src/db/migrate';
import { buildApp } from '../../src/server/app';
import { seedDemoSchool } from './demo-data';

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

/**
 * Builds the web app when dist/web is missing or older than its sources (a stale build tests old code).
 * Several test runs may share this checkout: the build goes to a private folder and is copied in with
 * index.html last, and old hashed assets stay, so a server already running keeps serving whole pages.
 */
export function ensureWebBuilt() {
  const sources = [path.join(WEB, 'src'), path.join(WEB, 'public'), path.join(WEB, 'index.html'), path.join(WEB, 'vite.config.ts')].filter(
    (p) => fs.existsSync(p),
  );
  const newestSource = Math.max(...sources.map(newestMtime));
  if (fs.existsSync(DIST_INDEX) && fs.statSync(DIST_INDEX).mtimeMs >= newestSource) return;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-web-'));
  try {
    const res = spawnSync(
      path.join(root, 'node_modules/.bin/vite'),
      ['build', '--config', 'web/vite.config.ts', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'],
      { cwd: root, encoding: 'utf8' },
    );
    if (res.status !== 0) throw new Error(`web build failed:\n${res.stdout}\n${res.stderr}`);
    const dist = path.dirname(DIST_INDEX);
    fs.mkdirSync(dist, { recursive: true });
    fs.cpSync(out, dist, { recursive: true, filter: (src) => src !== path.join(out, 'index.html') });
    const staged = `${DIST_INDEX}.${process.pid}`;
    fs.copyFileSync(path.join(out, 'index.html'), staged);
    fs.renameSync(staged, DIST_INDEX);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
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
  ensureWebBuilt();
  const db = await openDb({ memory: true });
  await migrate(db);
  await seedDemoSchool(db);
  const config = loadConfig({ LOG_LEVEL: 'silent', ARGON2_MEMORY_KIB: '19456' });
  const app = await buildApp({ config, db, logger: false });
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
    },
  };
}

/** WCAG 2.0 A and AA violations on the page as it is now (empty = passes). */
export async function axeViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`.slice(0, 400)),
  }));
}

export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
