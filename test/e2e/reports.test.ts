import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMethodologist, makeReportDataset, type ReportDataset } from '../fixtures/report-dataset';
import { axeViolations, type E2E, screenshot, settled, startE2E } from './harness';

/**
 * Reports in the browser [DOMAIN §9]: the hand-built data set of test/fixtures/report-dataset.ts is added
 * to the demo database, so the screen can be checked against known figures.
 */
let e2e: E2E;
let d: ReportDataset;
const RANGE = 'from=2024-09-02&to=2024-09-15';

beforeAll(async () => {
  e2e = await startE2E();
  d = await makeReportDataset(e2e.db);
});

afterAll(async () => {
  await e2e?.close();
});

async function signIn(page: Page, who: { login: string; password: string }) {
  await page.goto('/login');
  await page.getByLabel('Логин').fill(who.login);
  await page.locator('input[name="password"]').fill(who.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

describe('[000 §3.5] [003 §6.3] reports on screen', () => {
  it('the deputy reads the control report and drills down to a page', async () => {
    const page = await e2e.newPage();
    await signIn(page, d.deputy);
    await page.getByRole('navigation', { name: 'Основное меню' }).getByRole('link', { name: 'Отчёты' }).click();
    await page.getByRole('heading', { name: 'Отчёты', level: 1 }).waitFor();
    await page.goto(`/reports/control?${RANGE}`);
    await page.getByTestId('control-table').waitFor();
    await settled(page);
    const total = page.getByTestId('control-table').getByRole('row').filter({ hasText: 'Итого' });
    // topics 85,7 %, homework 71,4 %, late marks 3 (27,3 %) — the figures of the data set
    await expect(total.textContent()).resolves.toMatch(/85,7\s%.*71,4\s%.*3 \(27,3\s%\)/);
    expect(await page.locator('figure svg[role="img"]').count()).toBe(1);
    await screenshot(page, 'reports-control');
    expect(await axeViolations(page)).toEqual([]);

    // a teacher's row leads to the pages behind it: the report narrowed to the teacher, by page
    await page.getByTestId('control-table').getByRole('link', { name: 'Русских Т.' }).click();
    await page.waitForURL((u) => u.searchParams.get('teacher') === d.t2.id && u.searchParams.get('group') === 'pages');
    await page
      .getByTestId('control-table')
      .getByRole('link', { name: /5А · Русский язык · Русских Т\./ })
      .waitFor();
    await settled(page);
    await expect.poll(() => page.getByTestId('control-table').getByRole('link').count()).toBe(1);
    await expect(page.getByRole('combobox', { name: 'Учитель' }).inputValue()).resolves.toBe(d.t2.id);
    // the files are asked with the same filter
    expect(await page.getByRole('link', { name: 'Скачать PDF' }).getAttribute('href')).toContain(`teacherId=${d.t2.id}`);
    // the subject picker narrows further; «все учителя» widens again
    await page.getByRole('combobox', { name: 'Предмет' }).selectOption({ label: 'Математика' });
    await page.getByText(/^Нет данных/).waitFor();
    await page.getByRole('combobox', { name: 'Учитель' }).selectOption({ label: 'Все учителя' });
    await page
      .getByTestId('control-table')
      .getByRole('link', { name: /5Б · Математика/ })
      .waitFor();
    await settled(page);
    await expect.poll(() => page.getByTestId('control-table').getByRole('link').count()).toBe(2);
    expect(await page.getByRole('link', { name: 'Скачать XLSX' }).getAttribute('href')).toContain(`subjectId=${d.math}`);
    await screenshot(page, 'reports-control-narrowed');
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`/reports/control?${RANGE}`);
    await page.getByTestId('control-table').waitFor();
    await settled(page);

    await page.locator('label', { hasText: 'Страница журнала' }).click();
    await page.getByRole('link', { name: /5А · Математика/ }).click();
    await page.getByRole('heading', { name: /Контроль страницы: 5А, Математика/ }).waitFor();
    await settled(page);
    await page.getByText('Дмитриева Дина').first().waitFor();
    // the page's own figures, as in its PDF: late marks 1 (20 %), plan 2 of 4 hours due (50 %)
    await expect(page.getByTestId('control-page-figures').getByRole('row').nth(1).textContent()).resolves.toMatch(
      /1 \(20\s%\).*2 \/ 4 \(50\s%\)/,
    );
    // the thematic plan item by item: hours, from the plan's start, due by the date, given, counted
    await expect(page.getByTestId('control-page-plan').getByRole('row').filter({ hasText: 'Вычитание' }).textContent()).resolves.toMatch(
      /Вычитание24200$/,
    );
    // every student's marks on the page
    await expect(
      page.getByTestId('control-page-students').getByRole('row').filter({ hasText: 'Антонов Алексей' }).textContent(),
    ).resolves.toMatch(/43$/);
    const late = page.getByRole('table').filter({ hasText: 'позже срока' });
    await expect(late.getByRole('row').filter({ hasText: 'Борисова Бэлла' }).textContent()).resolves.toMatch(
      /03\.09\.2024.*04\.09\.2024.*1/,
    );
    await screenshot(page, 'reports-control-page');
    expect(await axeViolations(page)).toEqual([]);

    const href = await page.getByRole('link', { name: 'Скачать PDF' }).getAttribute('href');
    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
  });

  it('performance with the quarter before, and attendance by week', async () => {
    const page = await e2e.newPage();
    await signIn(page, d.deputy);
    await page.goto(`/reports/performance?period=${d.q2}`);
    await page.getByTestId('performance-table').waitFor();
    await settled(page);
    const total = page.getByTestId('performance-table').getByRole('row').filter({ hasText: 'Итого' });
    // performance 100 %, quality 80 %, average 4,25; before: 80 % and 60 %
    await expect(total.textContent()).resolves.toMatch(/100\s%80\s%4,25.*80\s%60\s%\+20\+20\+0,5/);
    await screenshot(page, 'reports-performance');
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`/reports/attendance?${RANGE}&by=week`);
    await page.getByTestId('attendance-classes').waitFor();
    await settled(page);
    await expect(page.getByTestId('attendance-classes').getByRole('row').filter({ hasText: '5А' }).textContent()).resolves.toMatch(
      /^5А4312/,
    );
    // each class per week: 5А missed 2 and 1, 3 in all
    const classWeeks = page.getByTestId('attendance-class-periods');
    await expect(classWeeks.getByRole('row').filter({ hasText: '5А' }).textContent()).resolves.toBe('5А213');
    await page.getByLabel('Показатель в таблице классов').selectOption({ label: 'Без уважительной' });
    await expect(classWeeks.getByRole('row').filter({ hasText: '5А' }).textContent()).resolves.toBe('5А112');
    expect(await axeViolations(page)).toEqual([]);

    // the year, compared with last year's class of the same children
    await page.goto('/reports/performance?period=year');
    await page.getByTestId('performance-table').waitFor();
    await settled(page);
    await expect(page.getByTestId('performance-table').getByRole('row').filter({ hasText: '5А' }).textContent()).resolves.toMatch(
      /^5А \(было 4А\)3.*66,7\s%66,7\s%\+33,30\+0,66$/,
    );
    expect(await axeViolations(page)).toEqual([]);
  });

  it('a class teacher: the parents who have not looked this week; another class is not found', async () => {
    const page = await e2e.newPage();
    await signIn(page, d.t2);
    await page.goto(`/reports/activity?${RANGE}&class=${d.class5a}`);
    await page.getByTestId('not-looked').waitFor();
    await settled(page);
    const rows = page.getByTestId('not-looked').getByRole('row');
    await expect(rows.filter({ hasText: 'Дмитриев Пётр' }).textContent()).resolves.toContain('никогда');
    await expect(rows.filter({ hasText: 'Антонова Полина' }).textContent()).resolves.toContain('02.09.2024');
    expect(await rows.filter({ hasText: 'Борисов Павел' }).count()).toBe(0);
    await screenshot(page, 'reports-activity-class');
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`/reports/class-analysis/${d.class5a}?period=${d.q2}`);
    await page.getByTestId('class-students').waitFor();
    await settled(page);
    await expect(page.getByTestId('class-students').getByRole('row').filter({ hasText: 'Борисова Бэлла' }).textContent()).resolves.toMatch(
      /с\s«3»/,
    );
    expect(await axeViolations(page)).toEqual([]);
    // quarter 1: the student who moved on is listed as not assessed
    await page.goto(`/reports/class-analysis/${d.class5a}?period=${d.q1}`);
    await page.getByTestId('class-students').waitFor();
    await settled(page);
    await page.getByRole('heading', { name: /Не\sаттестованы \(1\)/ }).waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Васильев Виктор' }).waitFor();

    await page.goto(`/reports/control?${RANGE}&class=${d.class5b}`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByTestId('control-table').count()).toBe(0);
  });

  it('a methodologist sees the schools of the region and no names', async () => {
    const m = await makeMethodologist(e2e.db, [d.schoolId]);
    const page = await e2e.newPage();
    await signIn(page, m);
    await page.goto(`/reports/region?${RANGE}&period=2`);
    await page.getByTestId('region-control').waitFor();
    await settled(page);
    await expect(page.getByTestId('region-control').textContent()).resolves.toMatch(/Итого по\sрегиону/);
    // the diary columns of the files are on the screen too
    await page.getByRole('columnheader', { name: 'Родители: дневник' }).waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    for (const name of d.names) expect(text).not.toContain(name);
    await screenshot(page, 'reports-region');
    expect(await axeViolations(page)).toEqual([]);
  });
});
