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
  traceFocus,
  typeKeys,
} from './journal-helpers';

/**
 * The teacher's journal page beyond marks and absences, in a real browser against the real server and the
 * demo school [issue 4]: a comment on a mark entered with the keyboard alone [004 teacher], the thematic plan
 * (КТП) editor with a file import [002 §4.4], and a substitute who fills only the lesson they replace [001 §5.4.2].
 */

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});

afterAll(async () => {
  await e2e?.close();
});

describe('journal page: comments, works, the thematic plan', () => {
  it('[004 teacher] [001 §5.4.1] enters a comment on a mark with the keyboard alone: Shift+F2, text, Enter; shown on focus and after a reload', async () => {
    const page = await e2e.newPage({ width: 1366, height: 900 });
    await traceFocus(page);
    await openFirstPage(page);
    await activeCell(page).focus();
    const col = (await activeCol(page)) + 1;
    await cell(page, 4, col).click();
    await typeKeys(page, '3');
    await page.keyboard.press('Enter');
    await allSaved(page);
    await page.keyboard.press('ArrowUp');

    // Shift+F2 on the mark: a small dialog under the cell, its field focused.
    await page.keyboard.press('Shift+F2');
    const dialog = page.getByRole('dialog', { name: 'Комментарий к отметке' });
    await dialog.waitFor();
    expect(plain(await dialog.textContent())).toContain('«3»');
    await settled(page);
    expect(await axeViolations(page)).toEqual([]);
    await typeKeys(page, 'Повторить правило, с. 40');
    await shot(page, 'journal-mark-comment');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await allSaved(page);

    // Focus is back on the cell; the comment is its description and is shown under the grid.
    const target = cell(page, 4, col);
    await expectFocused(page, target);
    expect(await target.getAttribute('data-comment')).toBe('Повторить правило, с. 40');
    const describedBy = (await target.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe('Комментарий: Повторить правило, с. 40');
    expect(await page.getByTestId('cell-comment').textContent()).toBe('Комментарий: Повторить правило, с. 40');

    // A new value keeps the comment; the history shows both.
    await typeKeys(page, '4');
    await page.keyboard.press('Enter');
    await allSaved(page);
    await page.reload();
    await grid(page).waitFor();
    await settled(page);
    expect(await cell(page, 4, col).textContent()).toBe('4');
    expect(await cell(page, 4, col).getAttribute('data-comment')).toBe('Повторить правило, с. 40');
    await cell(page, 4, col).click();
    await page.keyboard.press('Alt+h');
    const drawer = page.getByTestId('history-drawer');
    await drawer.getByText('Изменено').first().waitFor();
    expect(plain(await drawer.textContent())).toContain('3 (Повторить правило, с. 40)');
    await page.keyboard.press('Escape');

    // Removing the comment from the same dialog.
    await activeCell(page).focus();
    await page.keyboard.press('Shift+F2');
    await dialog.getByRole('button', { name: 'Удалить комментарий' }).click();
    await allSaved(page);
    await expect.poll(() => cell(page, 4, col).getAttribute('data-comment')).toBeNull();
  });

  it('[002 §4.4] edits a work’s type and title in the lesson panel and deletes a work without marks', async () => {
    const page = await e2e.newPage({ width: 1366, height: 900 });
    await openFirstPage(page);
    const panel = page.getByTestId('lesson-panel');
    const before = await panel.getByTestId('work-row').count();
    // A type the demo lesson does not have, so the new work is easy to tell from the others.
    await panel.getByLabel('Тип работы').last().selectOption('exam');
    await panel.getByRole('button', { name: 'Добавить работу' }).click();
    await expect.poll(() => panel.getByTestId('work-row').count()).toBe(before + 1);
    const added = panel.getByTestId('work-row').filter({ hasText: 'Экзамен' });
    await added.getByRole('button', { name: 'Изменить работу «Экзамен»' }).click();
    const form = panel.getByRole('form', { name: 'Изменить работу «Экзамен»' });
    await form.getByLabel('Тип работы').selectOption('project');
    await form.getByLabel('Название (необязательно)').fill('Дроби вокруг нас');
    await form.getByRole('button', { name: 'Сохранить' }).click();
    const edited = panel.getByTestId('work-row').filter({ hasText: 'Дроби вокруг нас' });
    await expect.poll(async () => plain(await edited.textContent())).toContain('Проект «Дроби вокруг нас», вес 2');
    // Several works per lesson: the grid shows it as its own column, with the project's weight.
    expect(await grid(page).locator('thead th[aria-label*="Проект «Дроби вокруг нас»"]').count()).toBe(1);
    await settled(page);
    expect(await axeViolations(page)).toEqual([]);
    await edited.getByRole('button', { name: 'Удалить работу «Проект «Дроби вокруг нас»»' }).click();
    await expect.poll(() => panel.getByTestId('work-row').count()).toBe(before);
  });

  it('[issue 4] a work changed meanwhile in another window: the edit is refused, the current work shown in words; saved again on the fresh version', async () => {
    const page = await e2e.newPage({ width: 1366, height: 900 });
    await openFirstPage(page);
    const panel = page.getByTestId('lesson-panel');
    const before = await panel.getByTestId('work-row').count();
    await panel.getByLabel('Тип работы').last().selectOption('laboratory');
    await panel.getByRole('button', { name: 'Добавить работу' }).click();
    await expect.poll(() => panel.getByTestId('work-row').count()).toBe(before + 1);
    const [work] = await e2e.db.query<{ id: string; version: number }>(
      "SELECT id, version FROM works WHERE work_type = 'laboratory' ORDER BY created_at DESC LIMIT 1",
    );
    expect(work.version).toBe(1);
    await panel.getByRole('button', { name: 'Изменить работу «Лабораторная работа»' }).click();
    await panel.getByLabel('Название (необязательно)').fill('Плотность');

    // Meanwhile the same teacher renames the work in another window.
    const { csrfToken } = (await (await page.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
    const other = await page.request.patch(`/api/works/${work.id}`, {
      data: { version: 1, workType: 'laboratory', title: 'Свойства воды' },
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(other.status()).toBe(200);

    await panel.getByRole('button', { name: 'Сохранить', exact: true }).click();
    const conflict = panel.getByTestId('work-conflict');
    await expect
      .poll(async () => plain(await conflict.textContent()))
      .toBe(
        'Работу уже изменил другой пользователь, ваши правки не сохранены. Сейчас: Лабораторная работа «Свойства воды», вес 1,5. Проверьте и сохраните ещё раз.',
      );
    expect(await conflict.getAttribute('role')).toBe('alert');
    // Nothing of the refused edit was written; the form keeps what the teacher typed, over the page read again.
    expect((await e2e.db.query<{ title: string }>('SELECT title FROM works WHERE id = $1', [work.id]))[0].title).toBe('Свойства воды');
    const fresh = panel.getByRole('form', { name: 'Изменить работу «Лабораторная работа «Свойства воды»»' });
    await fresh.waitFor();
    expect(await fresh.getByLabel('Название (необязательно)').inputValue()).toBe('Плотность');
    await settled(page);
    expect(await axeViolations(page)).toEqual([]);
    await fresh.getByRole('button', { name: 'Сохранить', exact: true }).click();
    await panel.getByTestId('work-row').filter({ hasText: 'Лабораторная работа «Плотность»' }).waitFor();
    expect(
      (await e2e.db.query<{ title: string; version: number }>('SELECT title, version FROM works WHERE id = $1', [work.id]))[0],
    ).toEqual({
      title: 'Плотность',
      version: 3,
    });
    await panel.getByRole('button', { name: 'Удалить работу «Лабораторная работа «Плотность»»' }).click();
    await expect.poll(() => panel.getByTestId('work-row').count()).toBe(before);
  });

  it('[002 §4.4] edits the thematic plan, reads a КТП file (a bad one is refused naming the row), saves and sees plan vs fact', async () => {
    const page = await e2e.newPage({ width: 1366, height: 900 });
    await openFirstPage(page);
    await page.getByTestId('plan-link').click();
    await page.getByRole('heading', { name: 'Тематическое планирование (КТП)', level: 1 }).waitFor();
    await settled(page);
    const rows = page.getByTestId('plan-row');
    const count = await rows.count();
    expect(count).toBeGreaterThan(0);
    expect(plain(await page.getByTestId('plan-summary').textContent())).toMatch(/Запланировано часов: \d+; дано уроков по плану: \d+/);
    await shot(page, 'journal-plan');
    expect(await axeViolations(page)).toEqual([]);

    // Keyboard: rename the first topic, add a row at the end (Enter in the last topic), save.
    const first = page.getByLabel('Тема, строка 1', { exact: true });
    await first.fill('Натуральные числа и шкалы (повторение)');
    await page.getByLabel(`Тема, строка ${count}`, { exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => rows.count()).toBe(count + 1);
    await typeKeys(page, 'Итоговое повторение');
    await page.getByRole('button', { name: 'Сохранить план' }).click();
    await page.getByTestId('plan-notice').filter({ hasText: 'План сохранён' }).waitFor();
    await page.reload();
    await page.getByTestId('plan-table').waitFor();
    await settled(page);
    expect(await page.getByLabel('Тема, строка 1', { exact: true }).inputValue()).toBe('Натуральные числа и шкалы (повторение)');
    expect(await page.getByLabel(`Тема, строка ${count + 1}`, { exact: true }).inputValue()).toBe('Итоговое повторение');

    // A file with a bad row: refused in words, naming the row; the editor keeps its rows.
    const file = page.locator('input[type="file"]');
    await file.setInputFiles({ name: 'ktp.csv', mimeType: 'text/csv', buffer: Buffer.from('Тема;Часы\nДроби;2\nПроценты;два\n', 'utf8') });
    await page.getByRole('alert').filter({ hasText: 'Строка 3: часы' }).waitFor();
    expect(await rows.count()).toBe(count + 1);

    // A good file replaces the rows in the editor; the plan changes when it is saved.
    const csv =
      '№;Тема;Часы;Вид урока\n1;Обыкновенные дроби;3;урок изучения нового материала\n2;Сравнение дробей;2;\n3;Контрольная работа № 2;1;контрольная работа\n';
    await file.setInputFiles({ name: 'ktp.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByTestId('plan-notice').filter({ hasText: 'прочитано тем: 3, часов: 6' }).waitFor();
    expect(await rows.count()).toBe(3);
    await page.getByRole('button', { name: 'Сохранить план' }).click();
    await page.getByTestId('plan-notice').filter({ hasText: 'План сохранён' }).waitFor();
    expect(plain(await page.getByTestId('plan-summary').textContent())).toContain('Запланировано часов: 6');
    await settled(page);
    expect(await axeViolations(page)).toEqual([]);

    // Back on the journal page, the lesson panel links the lesson's topic to a plan item.
    await page.getByRole('link', { name: '← К странице журнала' }).click();
    await grid(page).waitFor();
    await settled(page);
    const panel = page.getByTestId('lesson-panel');
    const select = panel.getByLabel('Пункт КТП');
    const option = await select.locator('option', { hasText: 'Сравнение дробей' }).getAttribute('value');
    await select.selectOption(option ?? '');
    await panel.getByRole('status').filter({ hasText: 'сохранено' }).first().waitFor();
    expect(await select.inputValue()).not.toBe('');
    // A year's plan is long (the demo page has ~170 topics): the walk through it gets more time than the default.
  }, 240_000);

  it('[003 §3.2] deletes a homework attachment and then the homework itself from the lesson panel', async () => {
    const page = await e2e.newPage({ width: 1366, height: 900 });
    await openFirstPage(page);
    page.on('dialog', (d) => void d.accept());
    const panel = page.getByTestId('lesson-panel');
    await panel.getByLabel('Домашнее задание').fill('Задачи в файле');
    await panel.getByRole('button', { name: 'Сохранить задание' }).click();
    await panel.getByRole('status').filter({ hasText: 'сохранено' }).first().waitFor();
    await panel
      .locator('input[type="file"]')
      .setInputFiles({ name: 'zadachi.txt', mimeType: 'text/plain', buffer: Buffer.from('1) 2 + 2') });
    await panel.getByRole('link', { name: 'zadachi.txt' }).waitFor();
    await panel.getByRole('button', { name: 'Удалить файл «zadachi.txt»' }).click();
    await expect.poll(() => panel.getByRole('link', { name: 'zadachi.txt' }).count()).toBe(0);
    await panel.getByRole('button', { name: 'Удалить задание' }).click();
    await expect.poll(() => panel.getByLabel('Домашнее задание').inputValue()).toBe('');
    await expect.poll(() => panel.getByRole('button', { name: 'Удалить задание' }).count()).toBe(0);
    await page.reload();
    await grid(page).waitFor();
    await settled(page);
    expect(await panel.getByRole('button', { name: 'Удалить задание' }).count()).toBe(0);
  });
});

describe('journal page on a phone [issue 4]', () => {
  it('[004 teacher] [001 §5.4.1] comments a mark in the 390 px phone layout: a 44 px button opens a small form, the comment is shown after a reload; no axe violations, no sideways scrolling', async () => {
    const page = await e2e.newPage({ width: 390, height: 844 });
    await signIn(page, 'teacher');
    await page.goto('/journal');
    await page.getByRole('main').getByRole('link').first().click();
    const list = page.getByRole('list', { name: 'Ученики' });
    await list.waitFor();
    await settled(page);
    expect(await page.getByRole('grid').count()).toBe(0);
    const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

    // The third student's first mark: a value first (a comment belongs to a mark).
    const button = list.getByRole('button', { name: /^Комментарий к\sотметке: / }).nth(2);
    const label = (await button.getAttribute('aria-label')) ?? '';
    const where = label.replace(/^Комментарий к\sотметке: /, '');
    const mark = list.getByRole('textbox', { name: where, exact: true });
    await mark.fill('4');
    await mark.press('Enter');
    await allSaved(page);
    const box = await button.boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(44);
    expect(box?.height).toBeGreaterThanOrEqual(44);

    await button.click();
    const form = list.getByRole('form', { name: 'Комментарий к отметке' });
    await form.waitFor();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    const field = form.getByLabel('Комментарий', { exact: true });
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    await field.fill('Решил у доски, молодец');
    await settled(page);
    expect(await sideways()).toBeLessThanOrEqual(0);
    await shot(page, 'journal-mobile-comment');
    expect(await axeViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await form.waitFor({ state: 'detached' });
    await allSaved(page);
    // Focus is back on the button that opened the form; the comment is written under the student's name.
    await expect.poll(() => button.evaluate((el) => el === document.activeElement)).toBe(true);
    const row = list.locator('li').filter({ has: page.getByRole('button', { name: label, exact: true }) });
    await expect
      .poll(async () => plain(await row.getByTestId('mobile-comment').first().textContent()))
      .toContain('«4»: Решил у доски, молодец');

    await page.reload();
    await list.waitFor();
    await settled(page);
    expect(plain(await row.getByTestId('mobile-comment').first().textContent())).toContain('«4»: Решил у доски, молодец');
    expect(await row.getByRole('button', { name: label, exact: true }).getAttribute('data-has-comment')).toBe('true');
    const saved = await e2e.db.query<{ comment: string | null }>("SELECT comment FROM marks WHERE comment = 'Решил у доски, молодец'");
    expect(saved).toHaveLength(1);
    expect(await sideways()).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe('journal page: a substitute [001 §5.4.2]', () => {
  it('[001 §5.4.2] finds the page under «Замены», fills the substituted lesson and cannot type into the others', async () => {
    // The demo's mathematics teacher substitutes the latest past lesson of the class teacher's own page.
    const [teacher] = await e2e.db.query<{ id: string }>(
      "SELECT p.id FROM persons p JOIN accounts a ON a.id = p.account_id WHERE a.login = 'teacher'",
    );
    const [lesson] = await e2e.db.query<{ id: string; page_id: string }>(
      `SELECT l.id, l.page_id FROM lessons l
         JOIN journal_pages jp ON jp.school_id = l.school_id AND jp.id = l.page_id
         JOIN persons p ON p.school_id = jp.school_id AND p.id = jp.teacher_id
         JOIN accounts a ON a.id = p.account_id AND a.login = 'classteacher'
         JOIN classes c ON c.school_id = jp.school_id AND c.id = jp.class_id
         JOIN periods pr ON pr.school_id = c.school_id AND pr.year_id = c.year_id AND pr.scheme = c.period_scheme
                        AND pr.starts_on <= current_date AND pr.ends_on >= current_date AND pr.closed_at IS NULL
        WHERE l.date BETWEEN pr.starts_on AND current_date AND l.substitute_teacher_id IS NULL
        ORDER BY l.date DESC, l.number DESC LIMIT 1`,
    );
    expect(lesson).toBeTruthy();
    await e2e.db.query('UPDATE lessons SET substitute_teacher_id = $2 WHERE id = $1', [lesson.id, teacher.id]);

    const page = await e2e.newPage({ width: 1366, height: 900 });
    await signIn(page, 'teacher');
    await page.goto('/journal');
    const section = page.getByTestId('substitution-pages');
    await section.getByRole('heading', { name: 'Замены' }).waitFor();
    await section.getByRole('link').first().click();
    await grid(page).waitFor();
    await settled(page);
    await page.getByTestId('substitute-note').waitFor();
    expect(plain(await page.getByTestId('substitute-note').textContent())).toContain('Вы замещаете уроки');
    expect(await grid(page).locator('thead th[data-writable]').count()).toBe(1);
    expect(await grid(page).locator(`thead th[data-writable][data-lesson-id="${lesson.id}"]`).count()).toBe(1);

    // Another teacher's lesson: typing opens no editor, the cell says it is read-only.
    const locked = grid(page).locator('td[data-r="0"][aria-readonly="true"]').first();
    await locked.click();
    await typeKeys(page, '5');
    expect(await grid(page).locator('input').count()).toBe(0);
    expect(await locked.getAttribute('aria-label')).toContain('только просмотр');
    expect(await page.getByTestId('lesson-panel').getByTestId('lesson-read-only').count()).toBe(1);

    // The substituted lesson: its attendance column takes «н».
    const mine = grid(page).locator('td[data-r="0"]:not([aria-readonly]):not([aria-disabled])').first();
    await mine.click();
    await typeKeys(page, 'н');
    await page.keyboard.press('Enter');
    await allSaved(page);
    const saved = await e2e.db.query<{ code: string }>('SELECT code FROM attendance WHERE lesson_id = $1', [lesson.id]);
    expect(saved.map((a) => a.code)).toContain('н');
    const panel = page.getByTestId('lesson-panel');
    await panel.getByRole('button', { name: 'Сохранить тему' }).waitFor();
    await shot(page, 'journal-substitute');
    expect(await axeViolations(page)).toEqual([]);
  });
});
