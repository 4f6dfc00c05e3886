import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type E2E, settled, signIn, startE2E } from './harness';
import {
  activeCell,
  activeCol,
  allSaved,
  cell,
  expectFocused,
  grid,
  openFirstPage,
  plain,
  shot,
  tracedCheck,
  traceFocus,
  typeKeys,
} from './journal-helpers';

/**
 * The teacher's journal page in a real browser against the real server and the demo school [issue 4]:
 * keyboard-only entry of a topic, homework, marks and absences, reload, a conflict between two
 * browsers, a lost answer retried with the same Idempotency-Key, read-only closed periods, grade 1,
 * the phone layout and the class teacher's weekly correction [000 §4.2].
 */

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});

afterAll(async () => {
  await e2e?.close();
});

/** Signs the teacher in and opens their first page; answers the column where today's lesson starts. */
async function openTeacherPage(page: Page): Promise<number> {
  await openFirstPage(page);
  return activeCol(page);
}

async function typeAndEnter(page: Page, text: string) {
  await typeKeys(page, text);
  await page.keyboard.press('Enter');
}

/** Presses Tab until the focused element matches, as a keyboard user walks a form. */
async function tabTo(page: Page, target: Locator, max = 25) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error('focus never reached the target by Tab');
}

describe('journal page: the teacher at the keyboard', () => {
  it('enters a topic, homework, marks and absences with the keyboard alone, and sees them after a reload', async () => {
    const page = await e2e.newPage({ width: 1366, height: 900 });
    await openFirstPage(page);
    await shot(page, 'journal-page');
    expect(await axeViolations(page)).toEqual([]);

    // The cursor starts at today's lesson (its attendance column); the grid is one Tab stop.
    await activeCell(page).focus();
    const lessonCol = await activeCol(page);
    const panel = page.getByTestId('lesson-panel');
    const lessonTitle = await panel.getByRole('heading', { level: 2 }).textContent();

    // Marks down the first work column: 5, 4+, 3, точка, 2.
    await page.keyboard.press('ArrowRight');
    for (const mark of ['5', '4+', '3', '.', '2']) await typeAndEnter(page, mark);
    // Absences in the attendance column: «н»; «y» twice on the Latin layout = «б»; late 10 minutes.
    await page.keyboard.press('ArrowLeft');
    await typeAndEnter(page, 'н');
    await page.keyboard.press('y');
    await page.keyboard.press('y');
    await page.keyboard.press('Enter');
    await typeAndEnter(page, 'оп 10');
    await allSaved(page);
    expect(await cell(page, 0, lessonCol + 1).textContent()).toBe('5');
    expect(await cell(page, 3, lessonCol + 1).textContent()).toBe('•');
    expect(await cell(page, 6, lessonCol).textContent()).toBe('б');

    // A wrong value is refused at once, in words, and nothing is sent.
    await page.keyboard.press('ArrowRight');
    await typeAndEnter(page, '7');
    await page.getByRole('alert').filter({ hasText: 'Недопустимая отметка' }).waitFor();
    await shot(page, 'journal-invalid-mark');
    await page.keyboard.press('Escape');

    // Tab leaves the grid for the lesson panel: the topic, then the homework (Ctrl+Enter saves).
    const topic = panel.getByLabel('Тема урока');
    await tabTo(page, topic);
    await page.keyboard.press('Control+A');
    await typeKeys(page, 'Решение задач на движение');
    await page.keyboard.press('Enter');
    await panel.getByRole('status').filter({ hasText: 'сохранено' }).first().waitFor();
    const homework = panel.getByLabel('Домашнее задание');
    await tabTo(page, homework);
    await page.keyboard.press('Control+A');
    await typeKeys(page, '№ 601, 603 (а, б)');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => panel.getByRole('status').count()).toBe(2);
    await shot(page, 'journal-entered');

    await page.reload();
    await grid(page).waitFor();
    await settled(page);
    expect(await panel.getByRole('heading', { level: 2 }).textContent()).toBe(lessonTitle);
    const marks = [];
    for (let r = 0; r < 5; r++) marks.push(await cell(page, r, lessonCol + 1).textContent());
    expect(marks).toEqual(['5', '4+', '3', '•', '2']);
    const absences = [];
    for (let r = 5; r < 8; r++) absences.push(await cell(page, r, lessonCol).textContent());
    expect(absences).toEqual(['н', 'б', 'оп10']);
    expect(await topic.inputValue()).toBe('Решение задач на движение');
    expect(await homework.inputValue()).toBe('№ 601, 603 (а, б)');
    await shot(page, 'journal-after-reload');
  });

  it('shows the history of a cell on Alt+H', async () => {
    const page = await e2e.newPage({ width: 1366, height: 900 });
    const lessonCol = await openTeacherPage(page);
    await cell(page, 0, lessonCol + 1).click();
    await typeAndEnter(page, '5');
    await page.keyboard.press('ArrowUp');
    await typeAndEnter(page, '4');
    await allSaved(page);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Alt+h');
    const drawer = page.getByTestId('history-drawer');
    await drawer.getByText('Изменено').waitFor();
    expect(plain(await drawer.textContent())).toContain('5 → 4');
    await settled(page);
    await shot(page, 'journal-history');
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
  });

  it('takes a missing topic from the thematic plan (КТП), attaches a file to the homework, and marks the whole class present', async () => {
    const page = await e2e.newPage({ width: 1366, height: 900 });
    await traceFocus(page);
    await openTeacherPage(page);
    const panel = page.getByTestId('lesson-panel');
    const missing = grid(page).locator('thead th[data-lesson-id][title*="тема не"]').first();
    const lessonId = await missing.getAttribute('data-lesson-id');
    await missing.click();
    const topic = panel.getByLabel('Тема урока');
    const suggested = await topic.getAttribute('placeholder');
    expect(suggested).toBeTruthy();
    await panel.getByRole('button', { name: 'Взять из КТП' }).click();
    await panel.getByRole('status').filter({ hasText: 'сохранено' }).first().waitFor();
    expect(await topic.inputValue()).toBe(suggested);
    expect(await grid(page).locator(`thead th[data-lesson-id="${lessonId}"]`).getAttribute('title')).toContain(suggested ?? '');

    // Homework text first, then an attachment, which downloads back byte for byte.
    const homework = panel.getByLabel('Домашнее задание');
    await homework.fill('Повторить правила, с. 40');
    await panel.getByRole('button', { name: 'Сохранить задание' }).click();
    await expect.poll(() => panel.getByRole('status').count()).toBe(2);
    const content = Buffer.from('Задачи к уроку\n1) 12 + 30\n', 'utf8');
    await panel.locator('input[type="file"]').setInputFiles({ name: 'zadachi.txt', mimeType: 'text/plain', buffer: content });
    const link = panel.getByRole('link', { name: 'zadachi.txt' });
    await link.waitFor();
    const download = await page.request.get((await link.getAttribute('href')) ?? '');
    expect(download.status()).toBe(200);
    expect(Buffer.from(await download.body()).equals(content)).toBe(true);

    // An absence, then «Все присутствуют» clears the lesson's attendance. The upload's refetch of the page is
    // over first, and the keys go once the cell has the focus (a trace of who moved it is printed if not).
    await settled(page);
    const col = await activeCol(page);
    await cell(page, 0, col).click();
    await expectFocused(page, cell(page, 0, col));
    await typeAndEnter(page, 'н');
    await allSaved(page);
    await tracedCheck(page, () => expect.poll(() => cell(page, 0, col).textContent()).toBe('н'));
    await panel.getByRole('button', { name: 'Все присутствуют' }).click();
    await expect.poll(() => cell(page, 0, col).textContent()).toBe('');
    expect(plain(await panel.textContent())).toContain('отсутствующих и опоздавших: 0');
    await settled(page);
    await shot(page, 'journal-lesson-panel');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows a conflict when a second browser saves the same cell over a stale version, and lets the teacher choose', async () => {
    const first = await e2e.newPage({ width: 1366, height: 900 });
    const second = await e2e.newPage({ width: 1366, height: 900 });
    const lessonCol = await openTeacherPage(first);
    await openTeacherPage(second);
    // Both read the cell; the first saves «2», the second (still holding the old version) types «3».
    await cell(first, 8, lessonCol + 1).click();
    await typeAndEnter(first, '2');
    await allSaved(first);
    await cell(second, 8, lessonCol + 1).click();
    await typeAndEnter(second, '3');
    const conflict = second.getByTestId('conflict');
    await conflict.waitFor();
    expect(plain(await conflict.textContent())).toContain('сейчас в журнале «2», вы ввели «3»');
    expect(await cell(second, 8, lessonCol + 1).getAttribute('data-state')).toBe('conflict');
    await shot(second, 'journal-conflict');
    expect(await axeViolations(second)).toEqual([]);

    // Enter on the conflicting cell leads to the choice; the teacher keeps their «3».
    await cell(second, 8, lessonCol + 1).click();
    await second.keyboard.press('Enter');
    await second.keyboard.press('Enter');
    await allSaved(second);
    expect(await cell(second, 8, lessonCol + 1).textContent()).toBe('3');
    await first.reload();
    await grid(first).waitFor();
    await settled(first);
    expect(await cell(first, 8, lessonCol + 1).textContent()).toBe('3');
  });

  it('keeps a mark through a lost answer and retries it with the same Idempotency-Key (applied once)', async () => {
    const page = await e2e.newPage({ width: 1366, height: 900 });
    const lessonCol = await openTeacherPage(page);
    const keys: string[] = [];
    // The first save reaches the server, but its answer is lost on the way back.
    await page.route('**/api/marks', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (keys.length === 1) {
        await route.fetch();
        await route.abort('failed');
      } else await route.continue();
    });
    await cell(page, 9, lessonCol + 1).click();
    await typeAndEnter(page, '5');
    await page.getByTestId('save-status').filter({ hasText: 'Нет связи' }).waitFor();
    expect(await cell(page, 9, lessonCol + 1).getAttribute('data-state')).toBe('retrying');
    await shot(page, 'journal-offline');
    await allSaved(page);
    expect(keys.length).toBe(2);
    expect(keys[1]).toBe(keys[0]);
    expect(await cell(page, 9, lessonCol + 1).textContent()).toBe('5');
    expect(await page.getByTestId('conflicts').count()).toBe(0);

    // Offline entirely: the mark waits in the browser and goes out when the connection returns.
    await page.unroute('**/api/marks');
    await page.context().setOffline(true);
    await cell(page, 10, lessonCol + 1).click();
    await typeAndEnter(page, '4');
    await page.getByTestId('save-status').filter({ hasText: 'Нет связи' }).waitFor();
    const stored = await page.evaluate(() =>
      Object.keys(localStorage)
        .filter((k) => k.startsWith('journal.unsaved.'))
        .map((k) => localStorage.getItem(k)),
    );
    expect(stored.join('')).toContain('"value":"4"');
    await page.context().setOffline(false);
    await allSaved(page);
    await page.reload();
    await grid(page).waitFor();
    await settled(page);
    expect(await cell(page, 10, lessonCol + 1).textContent()).toBe('4');
  });

  it('opens a closed period read-only with the reason', async () => {
    const page = await e2e.newPage({ width: 1366, height: 900 });
    await openTeacherPage(page);
    await page.getByText('1 четверть').click();
    await page.getByTestId('read-only').filter({ hasText: 'Период «1 четверть» закрыт' }).waitFor();
    await settled(page);
    expect(await grid(page).getAttribute('aria-readonly')).toBe('true');
    await activeCell(page).focus();
    await page.keyboard.press('ArrowRight');
    await typeKeys(page, '5');
    expect(await grid(page).locator('input').count()).toBe(0);
    await shot(page, 'journal-closed-period');
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe('journal page: other layouts and roles', () => {
  it('keeps grade 1 to attendance and topics: no mark columns, no averages', async () => {
    const page = await e2e.newPage({ width: 1366, height: 900 });
    await signIn(page, 'deputy');
    await page.goto('/journal');
    await page.getByRole('heading', { name: 'Страницы журнала' }).waitFor();
    const firstGrade = page
      .getByRole('listitem')
      .filter({ has: page.getByText(/^1[А-Я]$/) })
      .first();
    await firstGrade.getByRole('link').first().click();
    await page.getByTestId('grade1-note').waitFor();
    await settled(page);
    expect(await grid(page).locator('td[data-c]').count()).toBeGreaterThan(0);
    expect(await grid(page).getByRole('columnheader', { name: 'Ср. балл' }).count()).toBe(0);
    const kinds = await grid(page).locator('thead tr').last().locator('th').allInnerTexts();
    expect(new Set(kinds)).toEqual(new Set(['п']));
    await shot(page, 'journal-grade1');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows one lesson as a list of students on a phone', async () => {
    const page = await e2e.newPage({ width: 390, height: 844 });
    await signIn(page, 'teacher');
    await page.goto('/journal');
    await page.getByRole('main').getByRole('link').first().click();
    const list = page.getByRole('list', { name: 'Ученики' });
    await list.waitFor();
    await settled(page);
    expect(await page.getByRole('grid').count()).toBe(0);
    const select = list.getByRole('combobox').nth(2);
    await select.selectOption('у');
    await allSaved(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'journal-mobile');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('lets the class teacher correct a week’s absence, keeping the subject teacher’s entry visible', async () => {
    const page = await e2e.newPage({ width: 1366, height: 900 });
    await openFirstPage(page, 'classteacher');
    // As the subject teacher of the class: «н» for the first student today.
    await activeCell(page).focus();
    await typeAndEnter(page, 'н');
    await allSaved(page);
    const date = (await grid(page).locator('thead th[data-selected]').getAttribute('data-date')) ?? '';
    const student = (await grid(page).locator('tbody th').first().getAttribute('title')) ?? '';

    await page.getByRole('navigation', { name: 'Основное меню' }).getByRole('link', { name: 'Посещаемость класса' }).click();
    await page.goto(`/attendance/week?date=${date}`);
    const week = page.getByRole('grid');
    await week.waitFor();
    await settled(page);
    const found = week.locator(`td[aria-label^="${student},"]`).filter({ hasText: /^н$/ }).first();
    const where = { r: await found.getAttribute('data-r'), c: await found.getAttribute('data-c') };
    const target = week.locator(`td[data-r="${where.r}"][data-c="${where.c}"]`);
    await target.click();
    await typeAndEnter(page, 'б');
    await expect.poll(async () => target.getAttribute('aria-label')).toContain('учитель: н, исправлено: б');
    expect(await target.textContent()).toBe('нб');
    await settled(page);
    await shot(page, 'journal-week');
    expect(await axeViolations(page)).toEqual([]);
  });
});
