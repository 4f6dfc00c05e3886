import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type E2E, screenshot, settled, signIn, startE2E } from './harness';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});

afterAll(async () => {
  await e2e?.close();
});

/** Staff without a second factor (teachers, class teachers) sign in with the login form alone. */

describe('[DOMAIN §6] final marks in the browser', () => {
  it('a teacher confirms a class’s proposals in bulk, then overrides one', async () => {
    const page = await e2e.newPage();
    await signIn(page, 'teacher');
    await page.getByRole('navigation', { name: 'Основное меню' }).getByRole('link', { name: 'Итоговые отметки' }).click();
    await page.getByRole('heading', { name: 'Итоговые отметки', level: 1 }).waitFor();
    await settled(page);
    await page.locator('[data-page-id]').first().getByRole('link').click();
    await page.getByTestId('finals-table').waitFor();
    await settled(page);
    const pageId = new URL(page.url()).pathname.split('/').pop()!;

    const confirm = page.getByRole('button', { name: 'Подтвердить все' });
    expect(await confirm.isEnabled()).toBe(true);
    const pendingText = (await page.getByText(/ждёт подтверждения|ждут подтверждения/).textContent()) ?? '';
    const pending = Number(pendingText.match(/\d+/)?.[0] ?? 0);
    expect(pending).toBeGreaterThan(0);
    await screenshot(page, 'finals-before-confirm');
    expect(await axeViolations(page)).toEqual([]);

    await confirm.click();
    await page.getByText('Все предложения подтверждены.').waitFor();
    await settled(page);
    const rows = await e2e.db.query<{ n: number }>("SELECT count(*) AS n FROM final_marks WHERE page_id = $1 AND kind = 'period'", [
      pageId,
    ]);
    expect(Number(rows[0].n)).toBeGreaterThanOrEqual(pending);
    // Each confirmed row shows its decision equal to the proposal, side by side.
    const firstRow = page.locator('[data-student-id]').first();
    const proposal = ((await firstRow.getByTestId('proposal').textContent()) ?? '').trim();
    const input = firstRow.getByRole('textbox');
    expect(await input.inputValue()).toBe(proposal);
    await screenshot(page, 'finals-confirmed');

    // Override: a different mark for the first student, saved with Enter.
    const other = proposal === '5' ? '4' : proposal === 'н/а' ? '3' : '5';
    await input.fill(other);
    await input.press('Enter');
    await firstRow.getByText('изменено учителем').waitFor();
    await settled(page);
    expect(await input.inputValue()).toBe(other);
    await firstRow.getByRole('button', { name: /История отметки/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('cell', { name: other, exact: true }).first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the class teacher opens the summary sheet and downloads its PDF and XLSX', async () => {
    const page = await e2e.newPage();
    await signIn(page, 'classteacher');
    await page.getByRole('navigation', { name: 'Основное меню' }).getByRole('link', { name: 'Сводная ведомость' }).click();
    await page.getByRole('heading', { name: 'Сводная ведомость', level: 1 }).waitFor();
    await settled(page);
    await page.getByRole('main').getByRole('link').filter({ hasText: /^\d+/ }).first().click();
    await page.getByTestId('summary-sheet').waitFor();
    await settled(page);
    expect(await page.getByRole('rowheader', { name: 'Успеваемость, %' }).count()).toBeGreaterThan(0);
    await screenshot(page, 'summary-sheet');
    expect(await axeViolations(page)).toEqual([]);

    for (const [name, type] of [
      ['Скачать PDF', 'application/pdf'],
      ['Скачать XLSX', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ]) {
      const href = await page.getByRole('link', { name }).getAttribute('href');
      const res = await page.request.get(href!);
      expect(res.status(), name).toBe(200);
      expect(res.headers()['content-type']).toBe(type);
      expect((await res.body()).length).toBeGreaterThan(1000);
    }
  });
});
