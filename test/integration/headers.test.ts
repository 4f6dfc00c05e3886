import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { buildApp, WEB_DIST } from '../../src/server/app';
import { makeLesson, makePeriod, makeSmallSchool } from '../fixtures/factories';
import { type Client, createTestContext, signIn, type TestContext } from '../helpers/test-app';

/**
 * [issue 10] Headers and uploads: a strict Content-Security-Policy on every answer, HSTS only behind HTTPS,
 * no inline scripts in the web app, files served as sandboxed attachments, and homework uploads checked by
 * name, declared type, first bytes and size like messages' attachments.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

const daysFromToday = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The CSP as directive → sources. */
function csp(res: LightMyRequestResponse): Map<string, string[]> {
  const header = res.headers['content-security-policy'];
  expect(header, `${res.statusCode} ${res.headers['content-type']}: no Content-Security-Policy`).toBeTypeOf('string');
  return new Map(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name.toLowerCase(), sources]),
  );
}

/** The app's own policy: scripts only from our origin, nothing inline, no framing, no plugins. */
function expectAppPolicy(res: LightMyRequestResponse) {
  const p = csp(res);
  expect(p.get('script-src')).toEqual(["'self'"]);
  expect(p.get('default-src')).toEqual(["'self'"]);
  expect(p.get('object-src')).toEqual(["'none'"]);
  expect(p.get('frame-ancestors')).toEqual(["'none'"]);
  expect(p.get('base-uri')).toEqual(["'self'"]);
  expect(p.get('form-action')).toEqual(["'self'"]);
  // No directive may let a script in from elsewhere or inline.
  for (const [name, sources] of p) {
    if (name.startsWith('script-src') || name === 'default-src') {
      expect(sources.join(' '), name).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*|https?:|data:/);
    }
  }
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
  expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
}

async function upload(c: Client, url: string, f: { name: string; type: string; content: Buffer }) {
  const boundary = '----headers-test';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`),
    f.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST',
    url,
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: c.cookie, 'x-csrf-token': c.csrf },
  });
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

async function lessonWithHomework() {
  const s = await makeSmallSchool(t.db, { adminTotpRequired: false });
  await makePeriod(t.db, s.schoolId, s.year.id, { number: 1, startsOn: daysFromToday(-60), endsOn: daysFromToday(60) });
  const lesson = await makeLesson(t.db, s.schoolId, s.pageId, daysFromToday(-1), 1);
  const teacher = await signIn(t.app, s.teacher.login, s.teacher.password);
  const hw = await teacher.put(`/api/lessons/${lesson}/homework`, { text: 'Задачи в файле', dueDate: daysFromToday(2), version: null });
  expect(hw.statusCode, hw.body).toBe(200);
  return { s, lesson, teacher, url: `/api/lessons/${lesson}/homework/files` };
}

describe('[issue 10] security headers on every answer', () => {
  it('API answers carry the strict CSP, nosniff, DENY framing and no referrer', async () => {
    const s = await makeSmallSchool(t.db, { adminTotpRequired: false });
    const c = await signIn(t.app, s.teacher.login, s.teacher.password);
    for (const res of [
      await t.app.inject({ url: '/api/health' }),
      await t.app.inject({ url: '/api/openapi.json' }),
      await c.get('/api/me'),
      // errors too: a 401, a 404, a 400
      await t.app.inject({ url: '/api/me' }),
      await t.app.inject({ url: '/api/no-such-endpoint' }),
      await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: {} }),
    ]) {
      expectAppPolicy(res);
    }
  });

  it('the HTML the app serves has the same CSP: the API docs page, and the web app when it is built', async () => {
    const s = await makeSmallSchool(t.db, { adminTotpRequired: false });
    const c = await signIn(t.app, s.teacher.login, s.teacher.password);
    const docs = await c.get('/api/docs/');
    const html = docs.statusCode === 302 ? await c.get(String(docs.headers.location).replace(/^\.\//, '/api/docs/')) : docs;
    expect(html.statusCode, html.body.slice(0, 200)).toBe(200);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    // The docs page loads its scripts as files: nothing inline, so the app's policy fits it.
    expect(html.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expectAppPolicy(html);
    if (fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
      const web = await t.app.inject({ url: '/journal' });
      expect(web.headers['content-type']).toMatch(/text\/html/);
      expectAppPolicy(web);
    }
  });

  it('HSTS and upgrade-insecure-requests only with JOURNAL_HTTPS=true (plain-HTTP school hosts stay reachable)', async () => {
    const plain = await t.app.inject({ url: '/api/health' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    expect(csp(plain).has('upgrade-insecure-requests')).toBe(false);

    const https = await buildApp({
      config: loadConfig({ LOG_LEVEL: 'silent', ARGON2_MEMORY_KIB: '1024', JOURNAL_HTTPS: 'true', READ_CACHE: 'false' }),
      db: t.db,
      logger: false,
    });
    try {
      const res = await https.inject({ url: '/api/health' });
      const hsts = String(res.headers['strict-transport-security']);
      expect(Number(/max-age=(\d+)/.exec(hsts)?.[1])).toBeGreaterThanOrEqual(31536000);
      expect(hsts).toMatch(/includeSubDomains/);
      expect(csp(res).has('upgrade-insecure-requests')).toBe(true);
      expectAppPolicy(res);
    } finally {
      await (https as FastifyInstance).close();
    }
  });

  it('the web app has no inline script: index.html and the build settings', () => {
    const pages = [path.join(root, 'web/index.html'), path.join(WEB_DIST, 'index.html')].filter((p) => fs.existsSync(p));
    expect(pages.length).toBeGreaterThan(0);
    for (const p of pages) {
      const html = fs.readFileSync(p, 'utf8');
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      expect(scripts.length, `${p}: the app's script tag`).toBeGreaterThan(0);
      for (const [, attrs, body] of scripts) {
        expect(attrs, `${p}: a script without src`).toMatch(/\bsrc=/);
        expect(body.trim(), `${p}: a script with inline code`).toBe('');
      }
      // No inline event handlers or javascript: links either.
      expect(html).not.toMatch(/\son[a-z]+\s*=|javascript:/i);
    }
    // Vite would inline small scripts only through a plugin or an asset-inlining setting for scripts; neither is used.
    const vite = fs.readFileSync(path.join(root, 'web/vite.config.ts'), 'utf8');
    expect(vite).not.toMatch(/singlefile|inlineDynamicImports|legacy\(/i);
  });
});

describe('[issue 10] files are downloaded, never rendered in our origin', () => {
  function expectSafeDownload(res: LightMyRequestResponse, type: string) {
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toContain(type);
    expect(res.headers['content-disposition']).toMatch(/^attachment;/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const p = csp(res);
    expect(p.get('default-src')).toEqual(["'none'"]);
    expect(p.has('sandbox')).toBe(true);
  }

  it('a homework file', async () => {
    const { teacher, url } = await lessonWithHomework();
    const up = await upload(teacher, url, { name: 'задание.pdf', type: 'application/pdf', content: PDF });
    expect(up.statusCode, up.body).toBe(200);
    expectSafeDownload(await teacher.get(`/api/files/${up.json().id}`), 'application/pdf');
  });

  it('a message attachment', async () => {
    const s = await makeSmallSchool(t.db, { adminTotpRequired: false });
    const teacher = await signIn(t.app, s.teacher.login, s.teacher.password);
    const up = await upload(teacher, '/api/messages/attachments', { name: 'фото.png', type: 'image/png', content: PNG });
    expect(up.statusCode, up.body).toBe(200);
    expectSafeDownload(await teacher.get(`/api/messages/attachments/${up.json().id}`), 'image/png');
  });

  it('a file of the files section', async () => {
    const s = await makeSmallSchool(t.db, { adminTotpRequired: false });
    const admin = await signIn(t.app, s.admin.login, s.admin.password);
    const folder = (await admin.get('/api/school-files')).json().folders[0].id;
    const up = await upload(admin, `/api/school-files/folders/${folder}/files`, {
      name: 'приказ.pdf',
      type: 'application/pdf',
      content: PDF,
    });
    expect(up.statusCode, up.body).toBe(200);
    expectSafeDownload(await admin.get(`/api/school-files/files/${up.json().id}`), 'application/pdf');
  });
});

describe('[issue 10] homework uploads are checked like message attachments', () => {
  it('a good PDF passes and is stored as sent', async () => {
    const { teacher, url } = await lessonWithHomework();
    const up = await upload(teacher, url, { name: 'задание.pdf', type: 'application/pdf', content: PDF });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json()).toMatchObject({ name: 'задание.pdf', size: PDF.length, contentType: 'application/pdf' });
    expect(Buffer.from((await teacher.get(`/api/files/${up.json().id}`)).rawPayload).equals(PDF)).toBe(true);
  });

  it('refuses an .html page sent as text/plain, an .svg sent as an image, a program sent as a PDF, a page inside a .txt', async () => {
    const { teacher, url } = await lessonWithHomework();
    const page = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');
    const cases = [
      { name: 'задание.html', type: 'text/plain', content: page, message: /Такие файлы прикладывать нельзя: «задание\.html»/ },
      { name: 'схема.svg', type: 'image/png', content: Buffer.from('<svg onload="alert(1)"/>'), message: /нельзя: «схема\.svg»/ },
      {
        name: 'задание.pdf',
        type: 'application/pdf',
        content: Buffer.from('MZ\x90\x00 program'),
        message: /не похоже на заявленный тип application\/pdf/,
      },
      { name: 'рисунок.png', type: 'image/png', content: PDF, message: /не похоже на заявленный тип image\/png/ },
      { name: 'задание.txt', type: 'text/plain', content: page, message: /веб-страница или скрипт/ },
      {
        name: 'задание.txt',
        type: 'text/plain',
        content: Buffer.from('\uFEFF  <script>alert(1)</script>'),
        message: /веб-страница или скрипт/,
      },
      { name: 'страница.txt', type: 'text/html', content: page, message: /нельзя.*text\/html/ },
      { name: 'код.txt', type: 'application/javascript', content: Buffer.from('alert(1)'), message: /нельзя/ },
      { name: 'пусто.txt', type: 'text/plain', content: Buffer.alloc(0), message: /Файл пуст/ },
    ];
    for (const c of cases) {
      const res = await upload(teacher, url, c);
      expect(res.statusCode, `${c.name} as ${c.type}: ${res.body}`).toBe(400);
      const err = res.json().error;
      expect(err.code).toBe('request.invalid');
      expect(err.message, c.name).toMatch(c.message);
      expect(err.details.fields[0].field).toBe('file');
    }
    // Nothing of them was stored.
    const files = await t.db.query('SELECT 1 FROM files WHERE owner_id = $1', [url.split('/')[3]]);
    expect(files).toHaveLength(0);
  });

  it('refuses a file over 20 MB with a Russian message naming the file field', async () => {
    const { teacher, url } = await lessonWithHomework();
    const big = Buffer.alloc(20 * 1024 * 1024 + 1, 0x20);
    PDF.copy(big);
    const res = await upload(teacher, url, { name: 'большой.pdf', type: 'application/pdf', content: big });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({
      code: 'request.too_large',
      message: 'Файл больше 20 МБ',
      details: { fields: [{ field: 'file', message: 'слишком большой' }] },
    });
  });

  it('plain text, CSV and office files with the right signature pass', async () => {
    const { teacher, url } = await lessonWithHomework();
    const docx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(40)]);
    for (const f of [
      { name: 'задачи.txt', type: 'text/plain', content: Buffer.from('1) 2 + 2 < 5\n2) <b> — не тег, а текст') },
      { name: 'оценки.csv', type: 'text/csv', content: Buffer.from('Фамилия;Отметка\nИванов;5\n') },
      { name: 'план.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', content: docx },
      { name: 'фото.png', type: 'image/png', content: PNG },
    ]) {
      const res = await upload(teacher, url, f);
      expect(res.statusCode, `${f.name}: ${res.body}`).toBe(200);
    }
  });
});
