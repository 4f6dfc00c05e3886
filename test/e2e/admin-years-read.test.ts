import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type E2E, openMenu, screenshot, settled, signIn, startE2E } from './harness';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
}, 180_000);

afterAll(async () => {
  await e2e?.close();
});

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  const rows = await e2e.db.query<T>(sql, params);
  return rows[0];
}

const FULL_NAME = "p.last_name || ' ' || p.first_name || coalesce(' ' || p.middle_name, '')";

/**
 * The demo school has only its current year: the year before it is made here as it stands after the year-end
 * transfer — closed, with one class, one student who arrived during the year and went up at its end, and one
 * journal page (a row of that year's teaching load).
 */
async function makeClosedYear() {
  const current = await one<{ school_id: string; id: string; start: number }>(
    `SELECT y.school_id, y.id, extract(year FROM y.starts_on)::int AS start FROM academic_years y
       JOIN persons p ON p.school_id = y.school_id JOIN accounts a ON a.id = p.account_id
      WHERE a.login = 'admin' AND y.status = 'current'`,
  );
  const start = current.start - 1;
  const name = `${start}/${start + 1}`;
  const year = await one<{ id: string }>(
    `INSERT INTO academic_years (school_id, name, starts_on, ends_on, status, closed_at)
     VALUES ($1, $2, $3, $4, 'closed', $5) RETURNING id`,
    [current.school_id, name, `${start}-09-01`, `${start + 1}-05-31`, `${start + 1}-06-20T12:00:00Z`],
  );
  const cls = await one<{ id: string }>(
    `INSERT INTO classes (school_id, year_id, grade, letter, period_scheme) VALUES ($1, $2, 4, 'Ю', 'quarter') RETURNING id`,
    [current.school_id, year.id],
  );
  const student = await one<{ id: string; name: string }>(
    `SELECT p.id, ${FULL_NAME} AS name FROM enrollments e
       JOIN persons p ON p.school_id = e.school_id AND p.id = e.student_id
       JOIN classes c ON c.school_id = e.school_id AND c.id = e.class_id
      WHERE c.year_id = $1 AND c.grade = 5 AND e.to_date IS NULL
      ORDER BY p.last_name, p.first_name LIMIT 1`,
    [current.id],
  );
  await e2e.db.query(
    `INSERT INTO enrollments (school_id, student_id, class_id, from_date, to_date, arrival_kind, arrival_order, departure_kind)
     VALUES ($1, $2, $3, $4, $5, 'arrival', '№ 41-у', 'promotion')`,
    [current.school_id, student.id, cls.id, `${start}-11-10`, `${start + 1}-05-31`],
  );
  const page = await one<{ subject: string; teacher: string }>(
    `WITH s AS (SELECT id, name FROM subjects WHERE school_id = $1 ORDER BY name LIMIT 1),
          t AS (SELECT p.id, ${FULL_NAME} AS name FROM persons p JOIN accounts a ON a.id = p.account_id WHERE a.login = 'teacher'),
          ins AS (INSERT INTO journal_pages (school_id, year_id, class_id, subject_id, teacher_id, hours_per_week)
                  SELECT $1, $2, $3, s.id, t.id, 2 FROM s, t RETURNING id)
     SELECT s.name AS subject, t.name AS teacher FROM s, t, ins`,
    [current.school_id, year.id, cls.id],
  );
  return { name, className: '4Ю', student, page };
}

describe('[002 §4.6] an earlier, closed year stays readable in the browser', () => {
  it('[002 §4.6] the administrator picks last year in «Классы»: its class, list, load and movement, with no button that changes them', async () => {
    const old = await makeClosedYear();
    const page = await e2e.newPage();
    await signIn(page, 'admin');
    await openMenu(page, 'Классы', 'Классы');
    const table = page.getByTestId('classes');
    await table.waitFor();
    // The current year by default: its classes can be changed, last year's class is not among them.
    await expect.poll(() => table.getByRole('button', { name: /^Изменить: / }).count()).toBeGreaterThan(0);
    expect(await table.getByRole('cell', { name: old.className, exact: true }).count()).toBe(0);
    expect(await page.getByText('Год закрыт: только чтение').count()).toBe(0);

    // Last year, picked: the address keeps it, the notice names it.
    await page.getByRole('combobox', { name: 'Учебный год', exact: true }).click();
    await page.getByRole('option', { name: `${old.name} — закрыт`, exact: true }).click();
    await page.waitForURL((u) => u.searchParams.has('yearId'));
    await table.getByRole('cell', { name: old.className, exact: true }).waitFor();
    await settled(page);
    await expect.poll(() => page.getByTestId('year-read-only').textContent()).toContain(`Год закрыт: только чтение — ${old.name}`);
    expect(await table.locator('tbody tr').count()).toBe(1);
    // Nothing changes a closed year: no add, edit, delete or class teacher buttons.
    for (const name of [/^Изменить: /, /^Удалить: /, /^Классный руководитель: /])
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Добавить класс' }).count()).toBe(0);

    // Its list of students.
    await table.getByRole('button', { name: `Список: ${old.className}` }).click();
    await page.getByRole('heading', { name: `Список класса ${old.className}` }).waitFor();
    await page.getByRole('link', { name: old.student.name, exact: true }).waitFor();
    // The stay ended by the year-end transfer, not by leaving the school.
    await expect.poll(() => page.locator('tr', { hasText: old.student.name }).textContent()).toMatch(/Перевод в\sследующий класс/);
    await settled(page);
    await screenshot(page, 'admin-classes-closed-year');
    expect(await axeViolations(page)).toEqual([]);

    // Its teaching load, read from its own year; no transfer, delete or add.
    await table.getByRole('link', { name: `Нагрузка: ${old.className}` }).click();
    await page.getByRole('heading', { name: 'Нагрузка', level: 1 }).waitFor();
    await settled(page);
    const loads = page.getByTestId('loads');
    await loads.getByRole('cell', { name: old.page.subject, exact: true }).waitFor();
    await loads.getByRole('cell', { name: old.page.teacher, exact: true }).waitFor();
    expect(await page.getByRole('button', { name: /^Передать: / }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Добавить нагрузку' }).count()).toBe(0);
    await page.getByTestId('year-read-only').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Its subgroups: shown, none to create.
    await page.goBack();
    await table.getByRole('link', { name: `Подгруппы: ${old.className}` }).click();
    await page.getByRole('heading', { name: 'Подгруппы', level: 1 }).waitFor();
    await settled(page);
    await page.getByText(/подгрупп нет/).waitFor();
    await page.getByTestId('year-read-only').waitFor();
    expect(await page.getByRole('button', { name: 'Создать подгруппу' }).count()).toBe(0);

    // Its movement: the arrival with its order and the transfer to the next class at the year's end.
    await page.goBack();
    await table.getByRole('link', { name: `Движение: ${old.className}` }).click();
    await page.getByRole('heading', { name: 'Движение учащихся', level: 1 }).waitFor();
    await settled(page);
    const movements = page.getByTestId('movements');
    await movements.waitFor();
    const rows = await movements.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain(old.student.name);
    expect(rows[0]).toContain('Прибытие');
    expect(rows[0]).toContain('№ 41-у');
    expect(rows[1]).toMatch(/Перевод в\sследующий класс/);
    expect(await page.getByRole('combobox', { name: 'Класс', exact: true }).inputValue()).toBe(old.className);
    await page.getByTestId('year-read-only').waitFor();
    await screenshot(page, 'admin-movements-closed-year');
    expect(await axeViolations(page)).toEqual([]);

    // Back to the classes keeps the year.
    await page.getByRole('link', { name: /списку классов/ }).click();
    await page.getByRole('heading', { name: 'Классы', level: 1 }).waitFor();
    await table.getByRole('cell', { name: old.className, exact: true }).waitFor();
  }, 180_000);
});
