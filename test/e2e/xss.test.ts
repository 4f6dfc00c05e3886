import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn as apiSignIn, type Client } from '../helpers/test-app';
import { DEMO_PASSWORD } from './demo-data';
import { type E2E, settled, signIn, startE2E } from './harness';

/**
 * [issue 10] HTML from users is shown as text, everywhere it is shown: markup typed into a news item, a
 * message, a lesson topic, homework and a person's name appears literally on the screens that show it, runs
 * nothing, opens no dialog, and never trips the Content-Security-Policy (which would mean something tried).
 */
const IMG = '<img src=x onerror="window.__xss=1">';
const SCRIPT = '<script>window.__xss=1</script>';

let e2e: E2E;
let admin: Client;
let teacher: Client;
let student: { id: string; name: string };
let lesson: { id: string; date: string; pageId: string };

beforeAll(async () => {
  e2e = await startE2E();
  admin = await apiSignIn(e2e.app, 'admin', DEMO_PASSWORD);
  teacher = await apiSignIn(e2e.app, 'teacher', DEMO_PASSWORD);
  [student] = await e2e.db.query<{ id: string; name: string }>(
    `SELECT p.id, p.last_name || ' ' || p.first_name AS name FROM persons p JOIN accounts a ON a.id = p.account_id WHERE a.login = 'student'`,
  );
  // A past lesson of the teacher's page in the student's class, in an open period (its topic and homework may change).
  [lesson] = await e2e.db.query<{ id: string; date: string; pageId: string }>(
    `SELECT l.id, l.date::text AS date, l.page_id AS "pageId"
       FROM lessons l
       JOIN journal_pages jp ON jp.school_id = l.school_id AND jp.id = l.page_id
       JOIN persons t ON t.school_id = jp.school_id AND t.id = jp.teacher_id
       JOIN accounts a ON a.id = t.account_id
       JOIN enrollments e ON e.school_id = jp.school_id AND e.class_id = jp.class_id AND e.student_id = $1
       JOIN periods pe ON pe.school_id = l.school_id AND l.date BETWEEN pe.starts_on AND pe.ends_on AND pe.closed_at IS NULL
      WHERE a.login = 'teacher' AND l.date <= current_date AND l.date > current_date - 14
      ORDER BY l.date DESC LIMIT 1`,
    [student.id],
  );
}, 240_000);

afterAll(async () => {
  await e2e?.close();
});

/**
 * A page that records what an injection would do: a `window.__xss` set, a dialog, a CSP violation. The
 * listener is installed before any of the app's code runs, in every document of the page.
 */
async function watchedPage() {
  const page = await e2e.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  });
  return { page, dialogs };
}

/** Nothing ran: no flag, no dialog, no CSP violation, and no element made from the text. */
async function expectNothingRan(page: Page, dialogs: string[], where: string) {
  const state = await page.evaluate(() => ({
    xss: (window as unknown as { __xss?: unknown }).__xss,
    csp: (window as unknown as { __csp: string[] }).__csp,
    injectedImg: document.querySelectorAll('img[src="x"]').length,
    injectedScript: [...document.scripts].filter((s) => s.text.includes('__xss')).length,
  }));
  expect(state.xss, `${where}: window.__xss was set`).toBeUndefined();
  expect(state.csp, `${where}: CSP violations`).toEqual([]);
  expect(state.injectedImg, `${where}: an <img> was made from user text`).toBe(0);
  expect(state.injectedScript, `${where}: a <script> was made from user text`).toBe(0);
  expect(dialogs, `${where}: dialogs`).toEqual([]);
}

/** The markup is on the screen as the characters typed. */
async function expectLiteral(page: Page, text: string, where: string) {
  await expect
    .poll(() => page.getByText(text, { exact: false }).count(), { timeout: 15_000, message: `${where}: ${text}` })
    .toBeGreaterThan(0);
}

describe('[issue 10] user-supplied HTML is shown as text', () => {
  it('the app is served with the strict CSP (script-src self, no inline)', async () => {
    const { page } = await watchedPage();
    const res = await page.goto('/login');
    const policy = (await res?.allHeaders())?.['content-security-policy'] ?? '';
    expect(policy).toMatch(/script-src 'self'(;|$)/);
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(policy).toMatch(/frame-ancestors 'none'/);
  });

  it('a news item: the list and the post', async () => {
    const res = await admin.post('/api/news', {
      kind: 'news',
      audience: 'school',
      title: `Новость ${IMG}`,
      body: `Текст ${SCRIPT} и ${IMG}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const { page, dialogs } = await watchedPage();
    await signIn(page, 'parent');
    await page.goto('/news');
    await settled(page);
    await expectLiteral(page, IMG, 'news list');
    await expectNothingRan(page, dialogs, 'news list');
    await page.goto(`/news/${res.json().id}`);
    await settled(page);
    await expectLiteral(page, SCRIPT, 'news post');
    await expectLiteral(page, `Новость ${IMG}`, 'news post title');
    await expectNothingRan(page, dialogs, 'news post');
  });

  it('a message: the inbox and the thread', async () => {
    const [parent] = await e2e.db.query<{ id: string }>(
      `SELECT p.id FROM persons p JOIN accounts a ON a.id = p.account_id WHERE a.login = 'parent'`,
    );
    const res = await teacher.post('/api/messages/threads', {
      recipientIds: [parent.id],
      subject: `Тема ${IMG}`,
      body: `Сообщение ${SCRIPT} ${IMG}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const { page, dialogs } = await watchedPage();
    await signIn(page, 'parent');
    await page.goto('/messages');
    await settled(page);
    await expectLiteral(page, `Тема ${IMG}`, 'inbox');
    await expectNothingRan(page, dialogs, 'inbox');
    await page.goto(`/messages/${res.json().threadIds[0]}`);
    await settled(page);
    await expectLiteral(page, SCRIPT, 'thread');
    await expectNothingRan(page, dialogs, 'thread');
  });

  it('a lesson topic and homework: the journal page and the diary', async () => {
    const [l] = await e2e.db.query<{ version: number }>('SELECT version FROM lessons WHERE id = $1', [lesson.id]);
    const topic = await teacher.patch(`/api/lessons/${lesson.id}`, { version: l.version, topic: `Тема урока ${IMG}` });
    expect(topic.statusCode, topic.body).toBe(200);
    const [hw] = await e2e.db.query<{ version: number }>('SELECT version FROM homework WHERE lesson_id = $1', [lesson.id]);
    const due = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const homework = await teacher.put(`/api/lessons/${lesson.id}/homework`, {
      text: `Задание ${SCRIPT} ${IMG}`,
      dueDate: due,
      version: hw?.version ?? null,
    });
    expect(homework.statusCode, homework.body).toBe(200);

    const { page, dialogs } = await watchedPage();
    await signIn(page, 'teacher');
    await page.goto(`/journal/${lesson.pageId}`);
    await page.getByRole('grid').waitFor();
    await settled(page);
    await expectNothingRan(page, dialogs, 'journal page');

    const family = await watchedPage();
    await signIn(family.page, 'student');
    await family.page.goto(`/diary?week=${lesson.date}`);
    await settled(family.page);
    await expectLiteral(family.page, `Тема урока ${IMG}`, 'diary topic');
    await expectLiteral(family.page, SCRIPT, 'diary homework');
    await expectNothingRan(family.page, family.dialogs, 'diary week');
    await family.page.goto('/diary/homework');
    await settled(family.page);
    await expectLiteral(family.page, SCRIPT, 'diary homework list');
    await expectNothingRan(family.page, family.dialogs, 'diary homework list');
  });

  it("a person's name: the people list, the card, the journal page and the diary", async () => {
    const renamed = await admin.patch(`/api/people/${student.id}`, { lastName: IMG, firstName: SCRIPT });
    expect(renamed.statusCode, renamed.body).toBe(200);

    const { page, dialogs } = await watchedPage();
    await signIn(page, 'admin');
    await page.goto('/admin/people');
    await settled(page);
    await page.getByLabel('Поиск по ФИО').fill('img src');
    await settled(page);
    await expectLiteral(page, IMG, 'people list');
    await expectNothingRan(page, dialogs, 'people list');
    await page.goto(`/admin/people/${student.id}`);
    await settled(page);
    await expectLiteral(page, IMG, 'person card');
    await expectLiteral(page, SCRIPT, 'person card');
    await expectNothingRan(page, dialogs, 'person card');

    const t = await watchedPage();
    await signIn(t.page, 'teacher');
    await t.page.goto(`/journal/${lesson.pageId}`);
    await t.page.getByRole('grid').waitFor();
    await settled(t.page);
    await expectLiteral(t.page, IMG, 'journal page');
    await expectNothingRan(t.page, t.dialogs, 'journal page');

    const parent = await watchedPage();
    await signIn(parent.page, 'parent');
    await parent.page.goto('/diary');
    await settled(parent.page);
    await expectLiteral(parent.page, IMG, 'diary of the child');
    await expectNothingRan(parent.page, parent.dialogs, 'diary of the child');
  });
});
