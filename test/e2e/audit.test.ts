import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn as apiSignIn } from '../helpers/test-app';
import { DEMO_PASSWORD } from './demo-data';
import { axeViolations, type E2E, screenshot, settled, signIn, startE2E } from './harness';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
}, 180_000);

afterAll(async () => {
  await e2e?.close();
});

const nav = (page: Page) => page.getByRole('navigation', { name: 'Основное меню' });

/** Chooses a kind of action with the keyboard only: type to filter the list, arrow down, Enter. */
async function chooseKind(page: Page, kind: string) {
  const box = page.getByRole('combobox', { name: 'Вид действия' });
  await box.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(kind);
  await page.getByRole('option', { name: kind, exact: true }).waitFor();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect.poll(() => box.inputValue()).toBe(kind);
}

describe('[DOMAIN §1] [DOMAIN §4] the administrator searches the audit log in the browser', () => {
  it('a student card read and a changed mark are found by their kind, with who, when, what and old → new; the screen passes axe', async () => {
    const [student] = await e2e.db.query<{ id: string; name: string }>(
      `SELECT p.id, p.last_name || ' ' || p.first_name AS name FROM persons p JOIN accounts a ON a.id = p.account_id WHERE a.login = 'student'`,
    );
    const page = await e2e.newPage();
    await signIn(page, 'admin');

    // 1. The administrator opens the student's card: a staff read of a card is logged [DOMAIN §1].
    await page.goto(`/admin/people/${student.id}`);
    await page
      .getByRole('heading', { level: 1 })
      .filter({ hasText: student.name.split(' ')[0] })
      .waitFor();
    await settled(page);

    // 2. The subject teacher changes a mark of an open period (through the API, as the journal page does).
    const [mark] = await e2e.db.query<{ work_id: string; student_id: string; version: number; value: string; name: string }>(
      `SELECT m.work_id, m.student_id, m.version, m.value, s.last_name || ' ' || s.first_name AS name
         FROM marks m
         JOIN lessons l ON l.school_id = m.school_id AND l.id = m.lesson_id
         JOIN journal_pages jp ON jp.school_id = m.school_id AND jp.id = m.page_id
         JOIN persons t ON t.school_id = jp.school_id AND t.id = jp.teacher_id
         JOIN accounts a ON a.id = t.account_id
         JOIN persons s ON s.school_id = m.school_id AND s.id = m.student_id
         JOIN periods pe ON pe.school_id = m.school_id AND l.date BETWEEN pe.starts_on AND pe.ends_on AND pe.closed_at IS NULL
        WHERE a.login = 'teacher' AND m.value IN ('3', '4') AND l.date <= current_date
        ORDER BY l.date DESC LIMIT 1`,
    );
    const teacher = await apiSignIn(e2e.app, 'teacher', DEMO_PASSWORD);
    const saved = await teacher.put('/api/marks', { workId: mark.work_id, studentId: mark.student_id, value: '5', version: mark.version });
    expect(saved.statusCode, saved.body).toBe(200);

    // 3. The audit screen, from the menu.
    await nav(page).getByRole('link', { name: 'Журнал аудита' }).click();
    await page.getByRole('heading', { name: 'Журнал аудита', level: 1 }).waitFor();
    await settled(page);

    await chooseKind(page, 'Чтение карточек учеников');
    await page.getByRole('button', { name: 'Найти' }).click();
    await settled(page);
    const table = page.getByTestId('audit-records');
    const read = table.getByRole('row').filter({ hasText: student.name });
    await read.first().waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text asserted, not a DOM property
    await expect.poll(() => read.first().innerText()).toMatch(/Чтение карточки ученика/);
    // only card reads are left (the list refreshes after the search: wait for the marks to go)
    await expect.poll(() => table.getByRole('row').filter({ hasText: 'Отметка' }).count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('action')).toBe('student.card_read');
    await screenshot(page, 'audit-card-reads');
    expect(await axeViolations(page)).toEqual([]);

    // 4. Marks: the teacher's change, with the student as the object and the old value → the new one.
    await chooseKind(page, 'Отметки');
    await page.getByRole('button', { name: 'Найти' }).click();
    await settled(page);
    const changed = table.getByRole('row').filter({ hasText: mark.name }).filter({ hasText: 'Отметка: изменение' });
    await changed.first().waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text asserted, not a DOM property
    expect(await changed.first().innerText()).toMatch(new RegExp(`${mark.value}\\s*→\\s*(стало\\s*)?5`));
    await screenshot(page, 'audit-marks');
    expect(await axeViolations(page)).toEqual([]);

    // 5. Reset brings back every kind, newest first.
    await page.getByRole('button', { name: 'Сбросить' }).click();
    await settled(page);
    expect(new URL(page.url()).search).toBe('');
    await table.waitFor();
  });

  it('[issue 10] «Входы в систему»: a wrong password on a teacher account shows with its address and no password; axe-clean', async () => {
    const [teacher] = await e2e.db.query<{ name: string }>(
      `SELECT p.last_name || ' ' || p.first_name AS name FROM persons p JOIN accounts a ON a.id = p.account_id WHERE a.login = 'classteacher'`,
    );
    const wrong = await e2e.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: 'classteacher', password: 'Не-тот-пароль-42' },
      remoteAddress: '10.20.30.40',
    });
    expect(wrong.statusCode).toBe(401);
    const page = await e2e.newPage();
    await signIn(page, 'admin');
    await nav(page).getByRole('link', { name: 'Журнал аудита' }).click();
    await page.getByRole('heading', { name: 'Журнал аудита', level: 1 }).waitFor();
    await settled(page);
    // (the label keeps «в» with its word by a no-break space, so it is typed in part and picked from the list)
    const box = page.getByRole('combobox', { name: 'Вид действия' });
    await box.focus();
    await page.keyboard.type('Входы');
    await page.getByRole('option', { name: /^Входы в.систему$/ }).click();
    await expect.poll(() => box.inputValue()).toMatch(/^Входы в.систему$/);
    await page.getByRole('button', { name: 'Найти' }).click();
    await settled(page);
    expect(new URL(page.url()).searchParams.get('action')).toBe('auth.');
    const table = page.getByTestId('audit-records');
    // only sign-ins are left (the list refreshes after the search: wait for the others to go)
    await expect.poll(() => table.getByRole('row').filter({ hasText: 'Отметка' }).count()).toBe(0);
    const failed = table.getByRole('row').filter({ hasText: 'Попытка входа: неверный пароль' });
    await failed.first().waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text asserted, not a DOM property
    const text = await failed.first().innerText();
    expect(text).toContain(teacher.name);
    expect(text).toMatch(/Неизвестно/);
    expect(text).toMatch(/10\.20\.30\.40/);
    expect(text).not.toContain('Не-тот-пароль-42');
    // the administrator's own sign-in, just now, is there too
    await table.getByRole('row').filter({ hasText: 'Вход в систему' }).first().waitFor();
    await screenshot(page, 'audit-sign-ins');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('[003 §2.5] the director has the audit log in the menu; the deputy does not', async () => {
    const director = await e2e.newPage();
    await signIn(director, 'director');
    await nav(director).getByRole('link', { name: 'Журнал аудита' }).waitFor();
    const deputy = await e2e.newPage();
    await signIn(deputy, 'deputy');
    await nav(deputy).getByRole('link').first().waitFor();
    expect(await nav(deputy).getByRole('link', { name: 'Журнал аудита' }).count()).toBe(0);
  });
});
