import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzip } from '../../src/modules/archive/zip';
import { pdfText } from '../helpers/pdf-text';
import { axeViolations, type E2E, screenshot, settled, signIn, startE2E } from './harness';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});

afterAll(async () => {
  await e2e?.close();
});

describe('[002 §4.7] [003 §6.4] the journal archive in the browser', () => {
  it('the archivist opens «Архив журналов», downloads a class’s printed journal for a period and its archive', async () => {
    const page = await e2e.newPage();
    await signIn(page, 'archivist');
    await page.getByRole('navigation', { name: 'Основное меню' }).getByRole('link', { name: 'Архив журналов' }).click();
    await page.getByRole('heading', { name: 'Архив журналов', level: 1 }).waitFor();
    await settled(page);
    expect(await axeViolations(page)).toEqual([]);

    const classSelect = page.getByTestId('archive-class');
    const className = (await classSelect.locator('option:checked').textContent())!.trim();
    const periodSelect = page.getByTestId('archive-period');
    const firstPeriod = await periodSelect.locator('option', { hasText: /^1 / }).first().getAttribute('value');
    await periodSelect.selectOption(firstPeriod!);
    await page
      .getByTestId('archive-pdf')
      .filter({ hasText: /Скачать журнал: 1 / })
      .waitFor();
    expect(await page.getByTestId('archive-pdf').getAttribute('href')).toContain(`periodId=${firstPeriod}`);
    await screenshot(page, 'archive-page');

    // A real download of the printed journal, as the browser saves it.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('archive-pdf').click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^Классный журнал ${className} 1 .*\\.pdf$`));
    const pdf = fs.readFileSync((await download.path())!);
    const { pages, text } = pdfText(pdf);
    expect(text).toContain('КЛАССНЫЙ ЖУРНАЛ');
    expect(text).toContain(`${className} класс`);
    expect(pages.at(-1)!.join('\n')).toContain(`печатью ${Math.ceil(pages.length / 2)} (`);

    // The archive of the class: a ZIP with the journal and its manifest.
    const href = await page.getByTestId('archive-zip').getAttribute('href');
    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/zip');
    const names = unzip(await res.body()).map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['journal.pdf', 'summary-sheet.xlsx', 'marks.csv', 'manifest.json', 'MANIFEST.sha256']));
  });

  it('a teacher has no menu item «Архив журналов» and the catalogue answers 404', async () => {
    const page = await e2e.newPage();
    await signIn(page, 'teacher');
    await settled(page);
    expect(await page.getByRole('navigation', { name: 'Основное меню' }).getByRole('link', { name: 'Архив журналов' }).count()).toBe(0);
    const res = await page.request.get('/api/archive/catalogue');
    expect(res.status()).toBe(404);
  });
});
