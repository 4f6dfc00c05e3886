import type { Page } from 'playwright-core';
import { screenshot, settled, signIn } from './harness';

/** What the journal journeys (journal.test.ts, journal-editing.test.ts) share: the grid and typing into it. */

/** Opens the teacher's first own page (5th grade mathematics in the demo school) from the «Журнал» menu. */
export async function openFirstPage(page: Page, login = 'teacher') {
  await signIn(page, login);
  await page.getByRole('navigation', { name: 'Основное меню' }).getByRole('link', { name: 'Журнал' }).click();
  await page.getByRole('heading', { name: 'Мои страницы' }).waitFor();
  await page.getByRole('main').getByRole('link').first().click();
  await page.getByRole('grid').waitFor();
  await settled(page);
}

export const grid = (page: Page) => page.getByRole('grid');
export const cell = (page: Page, row: number, col: number) => grid(page).locator(`td[data-r="${row}"][data-c="${col}"]`);
export const activeCell = (page: Page) => grid(page).locator('td[tabindex="0"]');
export const activeCol = async (page: Page) => Number(await activeCell(page).getAttribute('data-c'));

/** A screenshot from the top of the page. */
export async function shot(page: Page, name: string) {
  await page.evaluate('window.scrollTo(0, 0)');
  await screenshot(page, name);
}

/** Waits for the save line to say everything reached the server. */
export async function allSaved(page: Page) {
  await page.getByTestId('save-status').filter({ hasText: 'Все изменения сохранены' }).waitFor();
}

/**
 * Types as a keyboard with the Russian layout does: every key is a keydown carrying its character
 * (Playwright's `type` inserts non-Latin text without key events, which no real keyboard does).
 */
export async function typeKeys(page: Page, text: string) {
  const cdp = await page.context().newCDPSession(page);
  for (const ch of text) {
    if (/^[\x20-\x7e]$/.test(ch)) {
      await page.keyboard.press(ch === ' ' ? 'Space' : ch);
      continue;
    }
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: ch, text: ch, unmodifiedText: ch });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: ch });
  }
  await cdp.detach();
}

/** Visible text with non-breaking spaces read as spaces (the catalogues keep short words together). */
export const plain = (text: string | null) => (text ?? '').replace(/\u00a0/g, ' ');
