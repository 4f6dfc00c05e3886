import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from './demo-data';
import { axeViolations, type E2E, screenshot, startE2E } from './harness';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
}, 180_000);

afterAll(async () => {
  await e2e?.close();
});

async function settled(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.querySelector('.mantine-Loader-root'));
}

async function signIn(page: Page, login: string) {
  await page.goto('/login');
  await page.getByLabel('Логин').fill(login);
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

async function openMenu(page: Page, label: string, heading: string) {
  await page.getByRole('navigation', { name: 'Основное меню' }).getByRole('link', { name: label }).click();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  await settled(page);
}

async function pickClass(page: Page, name: string) {
  await page.getByRole('combobox', { name: 'Класс', exact: true }).click();
  await page.getByRole('option', { name, exact: true }).click();
  await settled(page);
}

/** A class list as a school exports it: semicolons, Russian dates, and one column the import does not know. */
const CLASS_LIST = [
  'Фамилия;Имя;Отчество;Дата рождения;Класс;Любимый цвет',
  'Вертоградова;Эвелина;Игоревна;12.04.2014;5А;синий',
  'Зябликов;Ермолай;Олегович;03.09.2013;5А;зелёный',
].join('\r\n');

describe('[002 §4.6] [002 §3.2] school administration in the browser', () => {
  it('the administrator imports a class list, builds a timetable cell, issues logins and prints the slips', async () => {
    const page = await e2e.newPage();
    await signIn(page, 'admin');

    // 1. Import: the preview lists every row and the ignored column before anything is written.
    await openMenu(page, 'Загрузка списков', 'Загрузка списков');
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: '5А.csv', mimeType: 'text/csv', buffer: Buffer.from(CLASS_LIST, 'utf8') });
    const rows = page.getByTestId('import-rows');
    await rows.waitFor();
    expect(await rows.getByText('будет создан').count()).toBe(2);
    await page
      .getByTestId('import-problems')
      .getByText(/Любимый цвет/)
      .waitFor();
    const before = await e2e.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM persons WHERE (last_name, first_name) IN (('Вертоградова', 'Эвелина'), ('Зябликов', 'Ермолай'))",
    );
    expect(before[0].n).toBe(0);
    await screenshot(page, 'admin-import-preview');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Загрузить' }).click();
    await page.getByText('Файл загружен').waitFor();
    const after = await e2e.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM persons WHERE (last_name, first_name) IN (('Вертоградова', 'Эвелина'), ('Зябликов', 'Ермолай'))",
    );
    expect(after[0].n).toBe(2);
    await screenshot(page, 'admin-import-done');

    // 2. Timetable: a Saturday lesson for 5А, saved from today.
    await openMenu(page, 'Расписание', 'Расписание');
    await pickClass(page, '5А');
    await page.getByTestId('timetable-grid').waitFor();
    const cell = page.getByRole('combobox', { name: /^Суббота, 1-й урок: предмет$/ });
    const firstSubject = await cell.locator('option').nth(1).getAttribute('value');
    await cell.selectOption(firstSubject!);
    await page.getByRole('textbox', { name: 'Суббота, 1-й урок: кабинет' }).fill('214');
    await page.getByRole('button', { name: 'Сохранить расписание' }).click();
    await page.getByText(/Расписание сохранено/).waitFor();
    const saturday = await e2e.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM timetable_entries WHERE weekday = 6 AND lesson_number = 1 AND room = '214' AND valid_to IS NULL",
    );
    expect(saturday[0].n).toBe(1);
    await screenshot(page, 'admin-timetable');
    expect(await axeViolations(page)).toEqual([]);

    // 3. Logins for the students of 5А: the new ones get one-time passwords, printed as a PDF.
    await openMenu(page, 'Логины и пароли', 'Логины и пароли');
    await pickClass(page, '5А');
    await page.getByRole('button', { name: 'Выдать', exact: true }).click();
    const slips = page.getByTestId('slips');
    await slips.waitFor();
    await slips.getByRole('cell', { name: 'Вертоградова Эвелина Игоревна' }).waitFor();
    await screenshot(page, 'admin-credentials');
    expect(await axeViolations(page)).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Печать (PDF)' }).click()]);
    const file = await download.path();
    const pdf = fs.readFileSync(file);
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(pdf.length).toBeGreaterThan(1000);

    // 4. Years and periods, classes, people and a student's card: they open, read well and pass axe.
    await openMenu(page, 'Годы и периоды', 'Годы и периоды');
    await page.getByTestId('periods').waitFor();
    await screenshot(page, 'admin-years');
    expect(await axeViolations(page)).toEqual([]);

    await openMenu(page, 'Классы', 'Классы');
    await page.getByTestId('classes').waitFor();
    await screenshot(page, 'admin-classes');
    expect(await axeViolations(page)).toEqual([]);

    await openMenu(page, 'Люди', 'Люди');
    await page.getByLabel('Поиск по ФИО').fill('Вертоградова');
    await page.getByRole('link', { name: 'Вертоградова Эвелина Игоревна' }).click();
    await page.getByRole('heading', { name: 'Вертоградова Эвелина Игоревна', level: 1 }).waitFor();
    await page.getByTestId('stays').waitFor();
    await settled(page);
    await screenshot(page, 'admin-person');
    expect(await axeViolations(page)).toEqual([]);
  }, 180_000);

  it('the menu shows administration to the administrator only', async () => {
    const page = await e2e.newPage();
    await signIn(page, 'teacher');
    const nav = page.getByRole('navigation', { name: 'Основное меню' });
    await nav.getByRole('link').first().waitFor();
    expect(await nav.getByRole('link', { name: 'Загрузка списков' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Расписание' }).count()).toBe(0);
  });
});
