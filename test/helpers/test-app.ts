import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config';
import { type Db, openDb } from '../../src/db/client';
import { buildApp } from '../../src/server/app';
import { withDb } from '../integration/global-setup';

export interface TestContext {
  app: FastifyInstance;
  db: Db;
  /** The PostgreSQL URL of this file's database; undefined on PGlite. */
  url?: string;
  clock: { offsetMs: number; now: () => Date; advance(ms: number): void };
  close(): Promise<void>;
}

/**
 * A fresh database per test file — PGlite from the migrated template, or a PostgreSQL database copied
 * from the template when TEST_DATABASE_URL is set — and the real app on it (no mocks of our database).
 */
export async function createTestContext(env: Record<string, string> = {}): Promise<TestContext> {
  const url = process.env.TEST_DATABASE_URL;
  let db: Db;
  let dropName: string | undefined;
  if (url) {
    dropName = `journal_t${randomBytes(4).toString('hex')}_${process.ppid}`;
    const admin = await openDb({ url, poolSize: 1 });
    await admin.exec(`CREATE DATABASE ${dropName} TEMPLATE ${inject('pgTemplate')}`);
    await admin.close();
    db = await openDb({ url: withDb(url, dropName), poolSize: 5 });
  } else {
    const dump = fs.readFileSync(inject('pgliteTemplate'));
    db = await openDb({ memory: true, loadDataDir: new Blob([dump]) });
  }
  // Time moves with the wall clock, shifted by what a test advanced (idle timeouts, deadlines).
  const clock = {
    offsetMs: 0,
    now: () => new Date(Date.now() + clock.offsetMs),
    advance(ms: number) {
      clock.offsetMs += ms;
    },
  };
  const config = loadConfig({
    ARGON2_MEMORY_KIB: '1024',
    LOG_LEVEL: 'silent',
    JOURNAL_DEMO: 'false',
    RATE_LIMIT_PER_MINUTE: '100000',
    RESPONSE_VALIDATION: 'true',
    DIARY_VIEW_BATCH_MS: '0',
    ...env,
  });
  const app = await buildApp({ config, db, now: clock.now, logger: false });
  return {
    app,
    db,
    url: url && dropName ? withDb(url, dropName) : undefined,
    clock,
    async close() {
      await app.close();
      await db.close();
      if (url && dropName) {
        const admin = await openDb({ url, poolSize: 1 });
        await admin.exec(`DROP DATABASE IF EXISTS ${dropName} WITH (FORCE)`).catch(() => {});
        await admin.close();
      }
    },
  };
}

/** A signed-in client: cookie + CSRF header on every request, like the web app. */
export interface Client {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  delete(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  cookie: string;
  csrf: string;
}

export async function signIn(app: FastifyInstance, login: string, password: string, totp?: string): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login, password, totp } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${login} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = res.json().csrfToken as string;
  return clientFor(app, cookie, csrf);
}

export function clientFor(app: FastifyInstance, cookie: string, csrf: string): Client {
  const send = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method, url, payload: body as never, headers: { cookie, 'x-csrf-token': csrf, ...headers } });
  return {
    cookie,
    csrf,
    get: (url) => send('GET', url),
    post: (url, body, h) => send('POST', url, body ?? {}, h),
    put: (url, body, h) => send('PUT', url, body ?? {}, h),
    patch: (url, body, h) => send('PATCH', url, body ?? {}, h),
    delete: (url, h) => send('DELETE', url, undefined, h),
  };
}
