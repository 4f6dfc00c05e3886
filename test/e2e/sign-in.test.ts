import { generateSync } from 'otplib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { makePerson, makeSchool } from '../fixtures/factories';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-data';
import { axeViolations, type E2E, screenshot, settled, startE2E } from './harness';

let e2e: E2E;

beforeAll(async () => {
  const started = await startE2E();
  // Every page a test opens is photographed if that test fails: the picture usually says why.
  const newPage = started.newPage;
  started.newPage = async (opts) => {
    const page = await newPage(opts);
    onTestFailed(async ({ task }) => {
      await screenshot(page, `failed-${task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60)}`).catch(() => {});
    });
    return page;
  };
  e2e = started;
});

afterAll(async () => {
  await e2e?.close();
});

/** TOTP secrets enrolled during the run, so a later sign-in of the same account can answer the code. */
const totpSecrets = new Map<string, string>();

/** Waits until no data block is still loading, so checks and screenshots see the finished page. */

async function fillSignIn(page: Page, login: string, password: string) {
  await page.getByRole('textbox', { name: 'Логин', exact: true }).fill(login);
  await page.getByRole('textbox', { name: 'Пароль', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
}

/**
 * Signs in through the real form and walks any forced step the account has: the TOTP code prompt
 * (an enrolled account) and TOTP enrolment (roles that require it, e.g. the administrator).
 */
async function signIn(page: Page, login: string, password = DEMO_PASSWORD) {
  await fillSignIn(page, login, password);
  const codeField = page.getByLabel('Код подтверждения');
  await Promise.race([page.waitForURL((u) => !u.pathname.startsWith('/login')), codeField.waitFor()]);
  if (page.url().includes('/login')) await signInCode(page, login);
  if (new URL(page.url()).pathname === '/account/totp') await enrolTotp(page, login);
}

/** Answers the sign-in form's request for a TOTP code with the secret enrolled earlier in this run. */
async function signInCode(page: Page, login: string) {
  const secret = totpSecrets.get(login);
  if (!secret) throw new Error(`${login} asks for a TOTP code, but no secret was enrolled in this run`);
  // The code of the next 30-second step: the server accepts each step's code once, and the enrolment a
  // moment ago may have used the current one (RFC 6238 replay protection).
  await page.getByLabel('Код подтверждения').fill(generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

async function enrolTotp(page: Page, login: string) {
  await page.getByRole('heading', { name: 'Двухфакторный вход', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Начать настройку' }).click();
  const shown = (await page.getByTestId('totp-secret').textContent()) ?? '';
  // The secret is shown in groups of four for reading; the app takes it without spaces.
  expect(shown).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
  expect(await page.getByTestId('totp-url').textContent()).toMatch(/^otpauth:\/\/totp\//);
  const secret = shown.replace(/\s/g, '');
  await screenshot(page, `totp-setup-${login}`);
  await page.getByLabel('Код из приложения').fill(generateSync({ secret }));
  await page.getByRole('button', { name: 'Подтвердить и включить' }).click();
  await page.waitForURL((u) => u.pathname !== '/account/totp');
  totpSecrets.set(login, secret);
}

describe('sign-in and the home page of each role', () => {
  it('sends a visitor to the Russian sign-in page, which has no WCAG A/AA violations', async () => {
    const page = await e2e.newPage();
    await page.goto('/');
    await page.waitForURL('**/login');
    await page.getByRole('heading', { name: 'Вход в электронный журнал', level: 1 }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('ru');
    await settled(page);
    await screenshot(page, 'sign-in');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows the server’s Russian message for a wrong password', async () => {
    const page = await e2e.newPage();
    await page.goto('/login');
    await fillSignIn(page, 'teacher', 'not-the-password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Неверный логин или пароль');
    expect(new URL(page.url()).pathname).toBe('/login');
    await screenshot(page, 'sign-in-wrong-password');
    expect(await axeViolations(page)).toEqual([]);
  });

  for (const { login, heading } of DEMO_USERS) {
    it(`signs in as «${login}» and shows the heading «${heading}», with no WCAG A/AA violations`, async () => {
      const page = await e2e.newPage();
      await page.goto('/login');
      await signIn(page, login);
      await page.waitForURL((u) => u.pathname === '/');
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      await settled(page);
      await screenshot(page, `home-${login}`);
      expect(await axeViolations(page)).toEqual([]);
    });
  }

  it('shows a menu with only what the role may use, and every entry opens', async () => {
    const menuOf = async (login: string) => {
      const page = await e2e.newPage();
      await page.goto('/login');
      await signIn(page, login);
      const menu = page.getByRole('navigation', { name: 'Основное меню' });
      await menu.getByRole('link', { name: 'Главная' }).waitFor();
      return { page, links: await menu.getByRole('link').allTextContents() };
    };
    const student = await menuOf('student');
    const director = await menuOf('director');
    for (const links of [student.links, director.links]) expect(links).toEqual(expect.arrayContaining(['Главная', 'Мои сеансы']));
    // The menu is built per role: staff sections never reach a student's menu.
    expect(student.links).not.toEqual(director.links);
    // Whatever the student's menu offers opens for them: no «not found», no refusal.
    for (const name of student.links) {
      await student.page.getByRole('navigation', { name: 'Основное меню' }).getByRole('link', { name, exact: true }).click();
      await student.page.getByRole('heading', { level: 1 }).waitFor();
      await settled(student.page);
      expect(await student.page.getByRole('heading', { level: 1 }).textContent()).not.toBe('Страница не найдена');
      expect(await student.page.getByRole('alert').count()).toBe(0);
    }
  });
});

describe('phone, language and keyboard', () => {
  it('lets a parent on a 360-px phone switch between two children without sideways scrolling', async () => {
    const page = await e2e.newPage({ width: 360, height: 740 });
    await page.goto('/login');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
    await signIn(page, 'parent');
    await page.getByRole('heading', { name: 'Дневник ребёнка' }).waitFor();
    await settled(page);
    const tabs = page.getByRole('tab');
    expect(await tabs.count()).toBe(2);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
    const card = page.getByTestId('person-card').getByRole('heading');
    const first = await card.textContent();
    await screenshot(page, 'parent-phone-first-child');

    await tabs.nth(1).click();
    await page.waitForFunction((name) => document.querySelector('[data-testid="person-card"] h3')?.textContent !== name, first);
    const second = await card.textContent();
    expect(second).not.toBe(first);
    expect(await tabs.nth(1).getAttribute('aria-selected')).toBe('true');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
    await screenshot(page, 'parent-phone-second-child');

    // The choice is remembered: after a reload the second child is still open.
    await page.reload();
    await page.getByTestId('person-card').waitFor();
    expect(await card.textContent()).toBe(second);

    // The menu opens from the burger on a phone and still fits the screen.
    await page.getByRole('button', { name: 'Открыть меню' }).click();
    await page.getByRole('navigation', { name: 'Основное меню' }).getByRole('link', { name: 'Мои сеансы' }).waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
    await screenshot(page, 'parent-phone-menu');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('switches the interface to English and remembers it', async () => {
    const page = await e2e.newPage();
    await page.goto('/login');
    // The radio itself is visually hidden inside Mantine's segmented control: click its visible label.
    await page.locator('label', { hasText: /^EN/ }).click();
    expect(await page.getByRole('radio', { name: 'English' }).isChecked()).toBe(true);
    await page.getByRole('heading', { name: 'Sign in to the class journal', level: 1 }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to the class journal', level: 1 }).waitFor();
    await page.getByRole('textbox', { name: 'Login', exact: true }).fill('student');
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My diary' }).waitFor();
    await settled(page);
    await screenshot(page, 'home-student-english');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('signs in with the keyboard alone (Tab and Enter)', async () => {
    const page = await e2e.newPage();
    await page.goto('/login');
    await page.getByRole('heading', { name: 'Вход в электронный журнал' }).waitFor();
    // The login field has focus on arrival; Tab through the page until it does in any case.
    for (let i = 0; i < 10 && (await activeName(page)) !== 'login'; i++) await page.keyboard.press('Tab');
    expect(await activeName(page)).toBe('login');
    await page.keyboard.type('student');
    await page.keyboard.press('Tab');
    expect(await activeName(page)).toBe('password');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Мой дневник' }).waitFor();

    // Arriving from the form, focus is at the start of the page content, not lost where the button was.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    // On a fresh load the first Tab reaches «Перейти к содержанию», and Enter jumps over header and menu.
    await page.reload();
    await page.getByRole('heading', { name: 'Мой дневник' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.replace(/\s+/g, ' '))).toBe('Перейти к содержанию');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    // Tab reaches «Выйти» in the header, and Enter signs out.
    await page.reload();
    await page.getByRole('heading', { name: 'Мой дневник' }).waitFor();
    for (let i = 0; i < 15 && (await page.evaluate(() => document.activeElement?.textContent)) !== 'Выйти'; i++)
      await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/login');
  });

  it('returns to the page asked for after sign-in, and ends a session from «Мои сеансы»', async () => {
    const page = await e2e.newPage();
    await page.goto('/account/sessions');
    await page.waitForURL('**/login');
    await signIn(page, 'director');
    await page.waitForURL('**/account/sessions');
    await page.getByRole('heading', { name: 'Мои сеансы', level: 1 }).waitFor();
    await settled(page);
    const current = page.locator('[data-current="true"]');
    expect(await current.count()).toBe(1);
    await screenshot(page, 'sessions');
    expect(await axeViolations(page)).toEqual([]);
    // Ending this very session signs the user out.
    await current.getByRole('button', { name: /Завершить/ }).click();
    await page.waitForURL('**/login');
  });
});

describe('forced account steps', () => {
  it('makes an administrator with an issued password set their own and enrol TOTP, then asks for the code', async () => {
    // A school with the default rule: administrators must use two-factor sign-in.
    const schoolId = await makeSchool(e2e.db);
    await makePerson(e2e.db, schoolId, {
      login: 'newadmin',
      password: 'issued-Pass-42',
      mustChange: true,
      roles: ['administrator'],
      lastName: 'Новикова',
      firstName: 'Анна',
    });
    const page = await e2e.newPage();
    await page.goto('/account/sessions');
    await page.waitForURL('**/login');
    await fillSignIn(page, 'newadmin', 'issued-Pass-42');

    await page.waitForURL('**/account/password');
    await page.getByRole('heading', { name: 'Смена пароля', level: 1 }).waitFor();
    await settled(page);
    await screenshot(page, 'forced-password');
    expect(await axeViolations(page)).toEqual([]);
    // The server's rule comes back as a message under the field.
    await page.getByRole('textbox', { name: 'Текущий пароль', exact: true }).fill('issued-Pass-42');
    await page.getByRole('textbox', { name: 'Новый пароль', exact: true }).fill('password');
    await page.getByRole('textbox', { name: 'Новый пароль ещё раз', exact: true }).fill('password');
    await page.getByRole('button', { name: 'Сменить пароль' }).click();
    await page.getByText('Этот пароль слишком распространён').waitFor();
    await page.getByRole('textbox', { name: 'Новый пароль', exact: true }).fill('Ясный-день-2025');
    await page.getByRole('textbox', { name: 'Новый пароль ещё раз', exact: true }).fill('Ясный-день-2025');
    await page.getByRole('button', { name: 'Сменить пароль' }).click();

    // Next forced step, then the page first asked for.
    await page.waitForURL('**/account/totp');
    expect(await axeViolations(page)).toEqual([]);
    await enrolTotp(page, 'newadmin');
    await page.waitForURL('**/account/sessions');
    await page.getByRole('heading', { name: 'Мои сеансы', level: 1 }).waitFor();

    // Signing in again asks for the code from the app.
    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.waitForURL('**/login');
    await fillSignIn(page, 'newadmin', 'Ясный-день-2025');
    await page.getByLabel('Код подтверждения').waitFor();
    await screenshot(page, 'sign-in-totp-code');
    expect(await axeViolations(page)).toEqual([]);
    await signInCode(page, 'newadmin');
    await page.getByRole('heading', { name: 'Администрирование школы' }).waitFor();
  });
});

async function scrollWidth(page: Page) {
  return page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0);
}

async function activeName(page: Page) {
  return page.evaluate(() => document.activeElement?.getAttribute('name') ?? null);
}
