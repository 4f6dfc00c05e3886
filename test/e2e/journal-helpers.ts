import type { Page } from 'playwright-core';
import { expect } from 'vitest';
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

/** Records who moves the keyboard focus (element and caller), to explain a lost focus when a check fails. */
export async function traceFocus(page: Page) {
  await page.addInitScript(() => {
    const log: string[] = [];
    (window as unknown as { __focusLog: string[] }).__focusLog = log;
    const name = (el: EventTarget | null) =>
      el instanceof Element
        ? `${el.tagName}${el.getAttribute('data-r') ? `[r=${el.getAttribute('data-r')},c=${el.getAttribute('data-c')}]` : ''}${el.id ? `#${el.id}` : ''}`
        : String(el);
    const original = HTMLElement.prototype.focus;
    HTMLElement.prototype.focus = function (this: HTMLElement, options?: FocusOptions) {
      log.push(
        `${performance.now().toFixed(0)} focus() ${name(this)} connected=${this.isConnected}\n${(new Error().stack ?? '').split('\n').slice(2, 7).join('\n')}`,
      );
      return original.call(this, options);
    };
    document.addEventListener('focusin', (e) => log.push(`${performance.now().toFixed(0)} focusin ${name(e.target)}`), true);
    document.addEventListener(
      'focusout',
      (e) => log.push(`${performance.now().toFixed(0)} focusout ${name(e.target)} -> ${name(e.relatedTarget)}`),
      true,
    );
  });
}

/** Runs a check; if it fails, prints the page's focus trace (see traceFocus) before failing. */
export async function tracedCheck(page: Page, check: () => Promise<unknown>) {
  try {
    await check();
  } catch (e) {
    const trace = await page.evaluate(() => {
      const a = document.activeElement;
      return `active: ${a?.outerHTML.slice(0, 200)}\n${((window as unknown as { __focusLog?: string[] }).__focusLog ?? []).slice(-40).join('\n')}`;
    });
    console.error(`focus trace:\n${trace}`);
    throw e;
  }
}

/** Waits for the focus to be on the element; on failure prints the focus trace of the page. */
export async function expectFocused(page: Page, target: ReturnType<Page['locator']>) {
  await tracedCheck(page, () => expect.poll(() => target.evaluate((el) => el === document.activeElement), { timeout: 10_000 }).toBe(true));
}
