import fs from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { formatDateRu } from '../../src/domain/calendar';
import { enroll, linkParent, makePerson } from '../fixtures/factories';
import { DEMO_PASSWORD } from './demo-data';
import { axeViolations, type E2E, openMenu, pickClass, screenshot, settled, signIn, startE2E } from './harness';

/**
 * Journeys of the administration that keep a school's accounts and records true during the year: a period
 * closed and reopened with a reason, a password reset and an account blocked and unblocked, the class
 * teacher's logins and slips, a transfer recorded from a student's card. Every person changed here is a
 * throwaway made by the test itself: the demo logins other journeys sign in with stay as they are.
 */

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
}, 180_000);

afterAll(async () => {
  await e2e?.close();
});

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  const rows = await e2e.db.query<T>(sql, params);
  return rows[0];
}

/** Confirmation dialogs (window.confirm) are answered «OK». */
function acceptDialogs(page: Page) {
  page.on('dialog', (d) => void d.accept());
}

let counter = 0;
/** A suffix that keeps the throwaway people of this file apart from the demo school's and from each other. */
const tag = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

async function demoSchool() {
  return one<{ school_id: string; year_id: string; starts_on: string; ends_on: string }>(
    "SELECT y.school_id, y.id AS year_id, y.starts_on::text AS starts_on, y.ends_on::text AS ends_on FROM academic_years y WHERE y.status = 'current'",
  );
}

async function classId(name: string) {
  const row = await one<{ id: string }>(
    "SELECT c.id FROM classes c JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id WHERE y.status = 'current' AND c.grade || c.letter = $1",
    [name],
  );
  return row.id;
}

/** Types a login and password into the sign-in form and presses «Войти» (the outcome is for the caller to wait on). */
async function submitSignIn(page: Page, login: string, password: string) {
  await page.goto('/login');
  await page.getByRole('textbox', { name: 'Логин', exact: true }).fill(login);
  await page.getByRole('textbox', { name: 'Пароль', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
}

/** A PDF the page downloaded: its first bytes and a size a real page of slips has. */
async function expectPdf(download: Download) {
  const pdf = fs.readFileSync((await download.path())!);
  expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
  expect(pdf.length).toBeGreaterThan(1000);
}

/** Clicks «Печать (PDF)» and checks a PDF arrives; returns the slips the page sent to be printed. */
async function printSlips(page: Page) {
  let sent: { slips: { name: string; login: string; password: string }[] } | null = null;
  await page.route('**/api/credentials/slips.pdf', async (route) => {
    sent = route.request().postDataJSON();
    await route.continue();
  });
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByRole('button', { name: 'Печать (PDF)' }).click(),
  ]);
  await page.unroute('**/api/credentials/slips.pdf');
  await expectPdf(download);
  expect(sent).not.toBeNull();
  return sent!.slips;
}

describe('[004 admin] [002 §4.6] closing and reopening a period in the browser', () => {
  it('[004 admin] the administrator closes a period, cannot reopen it without a reason, and the reason stands in its history', async () => {
    const school = await demoSchool();
    // The earliest open quarter of the current year: closing it makes only this file's copy read-only.
    const period = await one<{ id: string; name: string }>(
      "SELECT id, name FROM periods WHERE year_id = $1 AND scheme = 'quarter' AND closed_at IS NULL ORDER BY starts_on LIMIT 1",
      [school.year_id],
    );
    const admin = await one<{ last_name: string }>(
      "SELECT p.last_name FROM persons p JOIN accounts a ON a.id = p.account_id WHERE a.login = 'admin'",
    );
    const page = await e2e.newPage();
    acceptDialogs(page);
    await signIn(page, 'admin');
    await openMenu(page, 'Годы и периоды', 'Годы и периоды');
    const periods = page.getByTestId('periods');
    const row = periods.getByRole('row').filter({ has: page.getByRole('cell', { name: period.name, exact: true }) });

    // Closed (after the confirmation): the state reads «закрыт» and the history names who closed it.
    await row.getByRole('button', { name: `Закрыть период: ${period.name}` }).click();
    await row.getByText('закрыт', { exact: true }).waitFor();
    expect(await one<{ closed: boolean }>('SELECT closed_at IS NOT NULL AS closed FROM periods WHERE id = $1', [period.id])).toEqual({
      closed: true,
    });
    const history = page.locator('.mantine-Card-root').filter({ has: page.getByRole('heading', { name: 'История закрытия периодов' }) });
    await history.getByText(new RegExp(`${period.name} · закрыт · ${admin.last_name}`)).waitFor();
    await settled(page);
    await screenshot(page, 'admin-period-closed');
    expect(await axeViolations(page)).toEqual([]);

    // Reopening asks for a reason: with blanks only it is refused, the message stands at the field, nothing changes.
    await row.getByRole('button', { name: `Открыть период: ${period.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Открыть период «${period.name}»` });
    const reason = dialog.getByRole('textbox', { name: /^Причина/ });
    await reason.waitFor();
    expect(await reason.getAttribute('required')).not.toBeNull();
    const send = dialog.getByRole('button', { name: 'Открыть период', exact: true });
    await reason.fill('   ');
    await send.click();
    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    await dialog.getByText('Укажите причину открытия периода').waitFor();
    await screenshot(page, 'admin-period-reopen-empty');
    expect(await axeViolations(page)).toEqual([]);
    expect(
      await one<{ n: number }>("SELECT count(*)::int AS n FROM period_events WHERE period_id = $1 AND action = 'reopen'", [period.id]),
    ).toEqual({ n: 0 });

    // With a reason it is reopened; the reason is kept in period_events, in the audit and on the screen.
    const why = 'Исправление отметок по заявлению родителей';
    await reason.fill(why);
    await send.click();
    await dialog.waitFor({ state: 'hidden' });
    await row.getByText('открыт', { exact: true }).waitFor();
    await history.getByText(new RegExp(`${period.name} · открыт · ${admin.last_name}.* · «${why}»`)).waitFor();
    const events = await e2e.db.query<{ action: string; reason: string | null }>(
      'SELECT action, reason FROM period_events WHERE period_id = $1 ORDER BY at, action',
      [period.id],
    );
    expect(events).toEqual([
      { action: 'close', reason: null },
      { action: 'reopen', reason: why },
    ]);
    expect(
      await one<{ closed: boolean; audited: number }>(
        "SELECT p.closed_at IS NOT NULL AS closed, (SELECT count(*)::int FROM audit_log l WHERE l.action = 'period.reopen' AND l.object_id = p.id::text AND l.details->>'reason' = $2) AS audited FROM periods p WHERE p.id = $1",
        [period.id, why],
      ),
    ).toEqual({ closed: false, audited: 1 });
    await settled(page);
    await screenshot(page, 'admin-period-reopened');
    expect(await axeViolations(page)).toEqual([]);
  }, 180_000);
});

describe('[002 §3.2] [004 admin] logins and passwords in the browser', () => {
  it('[002 §3.2] the administrator blocks an account (its sign-in is refused in Russian), unblocks it, and resets its password to a printed one-time one', async () => {
    const school = await demoSchool();
    const t = tag();
    // A throwaway student with a login and the demo password, in 6А.
    const student = await makePerson(e2e.db, school.school_id, {
      roles: ['student'],
      login: `blk-${t}`,
      password: DEMO_PASSWORD,
      lastName: `Заслонова-${t}`,
      firstName: 'Милена',
    });
    await enroll(e2e.db, school.school_id, student.id, await classId('6А'), school.starts_on);
    const name = `Заслонова-${t} Милена`;

    const page = await e2e.newPage();
    await signIn(page, 'admin');
    await openMenu(page, 'Логины и пароли', 'Логины и пароли');
    await page.getByLabel('Поиск по ФИО').fill(`Заслонова-${t}`);
    const accounts = page.getByTestId('accounts');
    const row = accounts.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
    await row.waitFor();
    await settled(page);
    expect(await row.getByRole('cell', { name: student.login }).count()).toBe(1);

    // Blocked: the row says so, the server keeps it, and signing in is refused with the Russian reason.
    await row.getByRole('button', { name: `Заблокировать: ${name}` }).click();
    await row.getByText('заблокирован', { exact: true }).waitFor();
    await row.getByRole('button', { name: `Разблокировать: ${name}` }).waitFor();
    expect(
      await one<{ blocked: boolean }>('SELECT blocked_at IS NOT NULL AS blocked FROM accounts WHERE id = $1', [student.accountId]),
    ).toEqual({
      blocked: true,
    });
    await settled(page);
    await screenshot(page, 'admin-account-blocked');
    expect(await axeViolations(page)).toEqual([]);

    const visitor = await e2e.newPage();
    await submitSignIn(visitor, student.login, DEMO_PASSWORD);
    await visitor.getByRole('alert').filter({ hasText: 'Учётная запись заблокирована. Обратитесь к администратору' }).waitFor();
    expect(new URL(visitor.url()).pathname).toBe('/login');
    await screenshot(visitor, 'sign-in-blocked');
    expect(await axeViolations(visitor)).toEqual([]);
    expect(
      await one<{ n: number }>("SELECT count(*)::int AS n FROM auth_events WHERE account_id = $1 AND event = 'login_blocked'", [
        student.accountId,
      ]),
    ).toEqual({ n: 1 });

    // Unblocked: the badge is gone and the same password lets the student in.
    await row.getByRole('button', { name: `Разблокировать: ${name}` }).click();
    await row.getByRole('button', { name: `Заблокировать: ${name}` }).waitFor();
    expect(await row.getByText('заблокирован', { exact: true }).count()).toBe(0);
    expect(
      await one<{ blocked: boolean }>('SELECT blocked_at IS NOT NULL AS blocked FROM accounts WHERE id = $1', [student.accountId]),
    ).toEqual({
      blocked: false,
    });
    const again = await e2e.newPage();
    await signIn(again, student.login);
    await again.getByRole('button', { name: 'Выйти' }).waitFor();

    // Reset: the one-time password is shown once among the issued slips and goes to the printed PDF.
    await row.getByRole('button', { name: `Сбросить пароль: ${name}` }).click();
    const slips = page.getByTestId('slips');
    const slip = slips.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
    await slip.waitFor();
    const cells = await slip.getByRole('cell').allTextContents();
    expect(cells[3]).toBe(student.login);
    const oneTime = cells[4];
    expect(oneTime.length).toBeGreaterThanOrEqual(8);
    expect(oneTime).not.toBe(DEMO_PASSWORD);
    await page.getByText(/Пароли показываются только сейчас/).waitFor();
    expect(await one<{ must: boolean }>('SELECT must_change_password AS must FROM accounts WHERE id = $1', [student.accountId])).toEqual({
      must: true,
    });
    await settled(page);
    await screenshot(page, 'admin-password-reset');
    expect(await axeViolations(page)).toEqual([]);
    const printed = await printSlips(page);
    expect(printed).toEqual([expect.objectContaining({ name, login: student.login, password: oneTime })]);

    // The old password no longer works; the one-time one does and asks for a new password first.
    const fresh = await e2e.newPage();
    await submitSignIn(fresh, student.login, DEMO_PASSWORD);
    await fresh.getByRole('alert').filter({ hasText: 'Неверный логин или пароль' }).waitFor();
    await submitSignIn(fresh, student.login, oneTime);
    await fresh.waitForURL('**/account/password');
    await fresh.getByRole('heading', { name: 'Смена пароля', level: 1 }).waitFor();
  }, 240_000);

  it('[002 §3.2] [004 class teacher] the class teacher issues logins to students and parents of their class and gets the slips as a PDF', async () => {
    const school = await demoSchool();
    const mine = await one<{ id: string; name: string }>(
      "SELECT c.id, c.grade || c.letter AS name FROM classes c JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id JOIN persons p ON p.school_id = c.school_id AND p.id = c.class_teacher_id JOIN accounts a ON a.id = p.account_id WHERE a.login = 'classteacher' AND y.status = 'current'",
    );
    const t = tag();
    // A new student of the class without a login, and her mother, also without one.
    const child = await makePerson(e2e.db, school.school_id, {
      roles: ['student'],
      login: null,
      lastName: `Новосёлова-${t}`,
      firstName: 'Ульяна',
    });
    await enroll(e2e.db, school.school_id, child.id, mine.id, school.starts_on);
    const mother = await makePerson(e2e.db, school.school_id, {
      roles: ['parent'],
      login: null,
      lastName: `Новосёлова-${t}`,
      firstName: 'Оксана',
    });
    await linkParent(e2e.db, school.school_id, mother.id, child.id);
    const childName = `Новосёлова-${t} Ульяна`;
    const motherName = `Новосёлова-${t} Оксана`;
    // The demo accounts of the class (the demo student and parent) keep their passwords: no reissue here.
    const before = await e2e.db.query<{ login: string; password_hash: string }>(
      "SELECT login, password_hash FROM accounts WHERE login IN ('student', 'parent') ORDER BY login",
    );

    const page = await e2e.newPage();
    await signIn(page, 'classteacher');
    await openMenu(page, 'Логины и пароли', 'Логины и пароли');
    // The staff choice is the administrator's; the class list holds the teacher's own class.
    expect(await page.getByText('Сотрудникам', { exact: true }).count()).toBe(0);
    await pickClass(page, mine.name);
    await page.getByTestId('accounts').waitFor();
    await page
      .locator('label')
      .filter({ hasText: /^Ученикам и\s+родителям$/ })
      .click();
    expect(await page.getByLabel('Выдать новые пароли и тем, у кого логин уже есть').isChecked()).toBe(false);
    await screenshot(page, 'class-teacher-credentials');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Выдать', exact: true }).click();
    const slips = page.getByTestId('slips');
    // A class's worth of passwords is hashed on the server: slow on a loaded machine.
    await slips.waitFor({ timeout: 120_000 });
    const childSlip = slips.getByRole('row').filter({ has: page.getByRole('cell', { name: childName, exact: true }) });
    const motherSlip = slips.getByRole('row').filter({ has: page.getByRole('cell', { name: motherName, exact: true }) });
    await childSlip.waitFor();
    await motherSlip.waitFor();
    const accounts = await e2e.db.query<{ id: string; login: string; must: boolean }>(
      'SELECT p.id, a.login, a.must_change_password AS must FROM persons p JOIN accounts a ON a.id = p.account_id WHERE p.id IN ($1, $2)',
      [child.id, mother.id],
    );
    expect(accounts).toHaveLength(2);
    for (const a of accounts) {
      expect(a.must).toBe(true);
      const slip = a.id === child.id ? childSlip : motherSlip;
      const cells = await slip.getByRole('cell').allTextContents();
      expect(cells[2]).toBe(mine.name);
      expect(cells[3]).toBe(a.login);
      expect(cells[4].length).toBeGreaterThanOrEqual(8);
    }
    await settled(page);
    await screenshot(page, 'class-teacher-slips');
    expect(await axeViolations(page)).toEqual([]);

    const printed = await printSlips(page);
    const shown = await slips.locator('tbody tr').count();
    expect(printed).toHaveLength(shown);
    expect(printed.map((s) => s.name)).toEqual(expect.arrayContaining([childName, motherName]));

    // The issued password opens the student's account (to the forced change first).
    const childPassword = (await childSlip.getByRole('cell').allTextContents())[4];
    const visitor = await e2e.newPage();
    await submitSignIn(visitor, accounts.find((a) => a.id === child.id)!.login, childPassword);
    await visitor.waitForURL('**/account/password');

    const after = await e2e.db.query<{ login: string; password_hash: string }>(
      "SELECT login, password_hash FROM accounts WHERE login IN ('student', 'parent') ORDER BY login",
    );
    expect(after).toEqual(before);
    const audited = await one<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log l JOIN accounts a ON a.id = l.actor_account_id WHERE a.login = 'classteacher' AND l.action LIKE 'credentials.%'",
    );
    expect(audited.n).toBeGreaterThan(0);
  }, 240_000);
});

describe('[002 §4.6] [004 admin] student movement from the card in the browser', () => {
  it('[002 §4.6] the administrator transfers a student by an order from the card; a date before the arrival is refused; the history shows both stays', async () => {
    const school = await demoSchool();
    const t = tag();
    const from = await classId('6А');
    const to = await classId('6Б');
    const student = await makePerson(e2e.db, school.school_id, {
      roles: ['student'],
      login: null,
      lastName: `Перелётова-${t}`,
      firstName: 'Мирослава',
    });
    await enroll(e2e.db, school.school_id, student.id, from, school.starts_on);
    const name = `Перелётова-${t} Мирослава`;
    // The transfer is dated today when today is inside the year (after the arrival), else two weeks in.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(new Date());
    const date = today > school.starts_on && today <= school.ends_on ? today : addDays(school.starts_on, 14);
    const order = `${t.slice(-4)}-у`;

    const page = await e2e.newPage();
    await signIn(page, 'admin');
    await page.goto(`/admin/people/${student.id}`);
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    await settled(page);
    const stays = page.getByTestId('stays');
    await stays.getByRole('cell', { name: '6А', exact: true }).waitFor();

    const kind = page.getByRole('combobox', { name: 'Вид', exact: true });
    expect(await kind.inputValue()).toBe('transfer');
    await page.getByLabel('Номер приказа').fill(order);
    await page.getByRole('combobox', { name: 'В класс' }).selectOption({ label: '6Б' });

    // Dated on the day of the arrival: refused with the reason, nothing written.
    const dateField = page.getByLabel(/^Дата\s*\*?$/);
    await dateField.fill(school.starts_on);
    await page.getByRole('button', { name: 'Провести' }).click();
    // The reason stands at the date field.
    await page.getByText(`Дата перевода ${formatDateRu(school.starts_on)} должна быть позже зачисления в класс 6А`).waitFor();
    expect(await dateField.getAttribute('aria-invalid')).toBe('true');
    expect(await one<{ n: number }>('SELECT count(*)::int AS n FROM enrollments WHERE student_id = $1', [student.id])).toEqual({ n: 1 });
    await dateField.scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-move-refused');
    expect(await axeViolations(page)).toEqual([]);

    // A good date: recorded, and the card's history shows the closed stay and the new one with the order.
    await dateField.fill(date);
    await page.getByRole('button', { name: 'Провести' }).click();
    await page.getByText('Движение записано.').waitFor();
    expect(await dateField.getAttribute('aria-invalid')).not.toBe('true');
    const oldStay = stays.getByRole('row').filter({ has: page.getByRole('cell', { name: '6А', exact: true }) });
    const newStay = stays.getByRole('row').filter({ has: page.getByRole('cell', { name: '6Б', exact: true }) });
    await newStay.waitFor();
    await oldStay.getByText(`${formatDateRu(school.starts_on)} — ${formatDateRu(addDays(date, -1))}`).waitFor();
    await oldStay.getByRole('cell', { name: order }).waitFor();
    await newStay.getByText(new RegExp(`^${formatDateRu(date)} — по\\s+настоящее время$`)).waitFor();
    await newStay.getByRole('cell', { name: order }).waitFor();
    const rows = await e2e.db.query<{ class_id: string; from_date: string; to_date: string | null; orders: string }>(
      "SELECT class_id, from_date::text AS from_date, to_date::text AS to_date, coalesce(arrival_order, '') || '/' || coalesce(departure_order, '') AS orders FROM enrollments WHERE student_id = $1 ORDER BY from_date",
      [student.id],
    );
    expect(rows).toEqual([
      { class_id: from, from_date: school.starts_on, to_date: addDays(date, -1), orders: `/${order}` },
      { class_id: to, from_date: date, to_date: null, orders: `${order}/` },
    ]);
    const audited = await one<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'student.movement' AND object_id = $1 AND details->>'orderNumber' = $2",
      [student.id, order],
    );
    expect(audited.n).toBe(1);
    await settled(page);
    await screenshot(page, 'admin-move-done');
    expect(await axeViolations(page)).toEqual([]);
  }, 180_000);
});

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
