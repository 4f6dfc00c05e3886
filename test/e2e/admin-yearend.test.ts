import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type E2E, screenshot, settled, signIn, startE2E } from './harness';

/**
 * The year-end transfer closes the demo school's year, so it runs on its own fresh demo database
 * (startE2E seeds one per file) and leaves the other journeys their current year.
 */
let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
}, 180_000);

afterAll(async () => {
  await e2e?.close();
});

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  return (await e2e.db.query<T>(sql, params))[0];
}

/** The page fits the phone's width: nothing scrolls sideways but the tables' own boxes. */
async function fitsWidth(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

describe('[002 §4.6] year-end transfer in the browser', () => {
  it('[002 §4.6] the administrator reviews and confirms the transfer on a phone: classes move up, 11th grade graduates, a repeater stays, the closed year stays readable', async () => {
    const page = await e2e.newPage({ width: 390, height: 844 });
    await signIn(page, 'admin');
    const year = await one<{ id: string; name: string }>("SELECT id, name FROM academic_years WHERE status = 'current'");
    const [a, b] = year.name.split('/').map(Number);
    const nextName = `${a + 1}/${b + 1}`;
    const repeater = await one<{ id: string; name: string }>(
      "SELECT p.id, p.last_name || ' ' || p.first_name || coalesce(' ' || p.middle_name, '') AS name FROM enrollments e JOIN classes c ON c.school_id = e.school_id AND c.id = e.class_id JOIN persons p ON p.school_id = e.school_id AND p.id = e.student_id WHERE c.year_id = $1 AND c.grade = 5 AND c.letter = 'А' AND e.to_date IS NULL ORDER BY p.last_name, p.first_name LIMIT 1",
      [year.id],
    );
    const counts = await one<{ graduating: number; total: number }>(
      'SELECT count(*) FILTER (WHERE c.grade = 11)::int AS graduating, count(*)::int AS total FROM enrollments e JOIN classes c ON c.school_id = e.school_id AND c.id = e.class_id WHERE c.year_id = $1 AND e.to_date IS NULL',
      [year.id],
    );

    // From the years screen to the wizard.
    await page.goto('/admin/years');
    await page.getByRole('heading', { name: 'Годы и периоды', level: 1 }).waitFor();
    await settled(page);
    await page.getByRole('link', { name: 'Перевод на следующий год' }).click();
    await page.getByRole('heading', { name: 'Перевод на следующий учебный год', level: 1 }).waitFor();
    await settled(page);

    // Step 1: the next year is proposed from the current one, with the usual periods.
    await page.getByRole('heading', { name: /Шаг 1 из 3/ }).waitFor();
    expect(await page.getByLabel('Название года').inputValue()).toBe(nextName);
    expect(await page.getByTestId('period-editor').getByRole('row').count()).toBe(7); // header + 4 quarters + 2 halves
    await page.getByLabel('Приказ о переводе (номер)').fill('П-101');
    await page.getByLabel('Приказ о выпуске (номер)').fill('В-7');
    expect(await fitsWidth(page)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Далее' }).click();

    // Step 2: one student of 5А stays in the 5th grade.
    await page.getByRole('heading', { name: /Шаг 2 из 3/ }).waitFor();
    await page.getByRole('combobox', { name: 'Класс', exact: true }).click();
    await page.getByRole('option', { name: '5А', exact: true }).click();
    await settled(page);
    await page.getByRole('checkbox', { name: repeater.name }).check();
    await page.getByTestId('repeaters').getByText(`${repeater.name}, 5А`).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Далее' }).click();

    // Step 3: everything that will happen, before anything is written.
    await page.getByRole('heading', { name: /Шаг 3 из 3/ }).waitFor();
    await settled(page);
    const summary = page.getByTestId('year-end-summary');
    await summary.getByText(`Год «${year.name}» закрывается`).waitFor();
    await summary.getByText(`Выпускаются учеников: ${counts.graduating}.`).waitFor();
    await summary.getByText(`Переходят в следующий класс учеников: ${counts.total - counts.graduating - 1}.`).waitFor();
    await summary.getByText(`Остаются на повторное обучение: 1: ${repeater.name} (5А)`).waitFor();
    const plan = page.getByTestId('year-end-plan');
    const planRow = (from: string) => plan.locator('tr', { has: page.locator('td:first-child', { hasText: new RegExp(`^${from}$`) }) });
    await planRow('5А').getByRole('cell', { name: '6А', exact: true }).waitFor();
    await planRow('11А').getByRole('cell', { name: 'выпуск', exact: true }).waitFor();
    expect(await one<{ status: string }>('SELECT status FROM academic_years WHERE id = $1', [year.id])).toEqual({ status: 'current' });
    const submit = page.getByRole('button', { name: 'Закрыть год и перевести учащихся' });
    expect(await submit.isDisabled()).toBe(true);
    await screenshot(page, 'admin-year-end-confirm');
    expect(await fitsWidth(page)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel(`Я проверил(а): закрыть год «${year.name}» и перевести учащихся`).check();
    await submit.click();

    // The result, and the database behind it.
    await page.getByText(`Год ${year.name} закрыт, год ${nextName} открыт`).waitFor();
    await page.getByTestId('year-end-result').getByRole('cell', { name: '6А' }).first().waitFor();
    await screenshot(page, 'admin-year-end-done');
    expect(await axeViolations(page)).toEqual([]);
    const after = await e2e.db.query<{ name: string; status: string }>('SELECT name, status FROM academic_years ORDER BY starts_on');
    expect(after).toEqual([
      { name: year.name, status: 'closed' },
      { name: nextName, status: 'current' },
    ]);
    const stays = await one<{ grade: number; letter: string; arrival_kind: string }>(
      "SELECT c.grade, c.letter, e.arrival_kind FROM enrollments e JOIN classes c ON c.school_id = e.school_id AND c.id = e.class_id JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id WHERE e.student_id = $1 AND y.status = 'current'",
      [repeater.id],
    );
    expect(stays).toEqual({ grade: 5, letter: 'А', arrival_kind: 'repeat' });
    const orders = await one<{ promo: number; grad: number }>(
      "SELECT count(*) FILTER (WHERE departure_kind = 'promotion' AND departure_order = 'П-101')::int AS promo, count(*) FILTER (WHERE departure_kind = 'graduation' AND departure_order = 'В-7')::int AS grad FROM enrollments",
    );
    expect(orders).toEqual({ promo: counts.total - counts.graduating - 1, grad: counts.graduating });
    expect(await one<{ n: number }>('SELECT count(*)::int AS n FROM periods WHERE year_id = $1 AND closed_at IS NULL', [year.id])).toEqual({
      n: 0,
    });

    // The closed year stays readable: periods and holidays shown, nothing offered to change.
    await page.getByText('доступен для чтения на экране').getByRole('link', { name: 'Годы и периоды' }).click();
    await page.getByRole('heading', { name: 'Годы и периоды', level: 1 }).waitFor();
    await settled(page);
    await page.getByRole('combobox', { name: 'Учебный год' }).click();
    await page.getByRole('option', { name: `${year.name} — закрыт` }).click();
    await settled(page);
    await page.getByTestId('year-read-only').waitFor();
    await page.getByTestId('periods').getByRole('cell', { name: '1 четверть' }).waitFor();
    expect(await page.getByRole('button', { name: /Закрыть период|Открыть период|Изменить периоды|Удалить/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Добавить', exact: true }).count()).toBe(0);
    expect(await fitsWidth(page)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
  }, 240_000);
});
