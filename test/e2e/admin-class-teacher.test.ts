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

describe('[000 §4.1] [004 class teacher] the class teacher keeps the cards of their class in the browser', () => {
  it('[000 §4.1] [004 class teacher] opens «Люди» from the menu, corrects a student’s card, adds a parent, and never sees another class', async () => {
    // The demo class teacher, their class this year, a student of it and a student of another class.
    const mine = await one<{ id: string; name: string }>(
      "SELECT c.id, c.grade || c.letter AS name FROM classes c JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id JOIN persons p ON p.school_id = c.school_id AND p.id = c.class_teacher_id JOIN accounts a ON a.id = p.account_id WHERE a.login = 'classteacher' AND y.status = 'current'",
    );
    const student = await one<{ id: string; name: string; last_name: string }>(
      `SELECT p.id, ${FULL_NAME} AS name, p.last_name FROM enrollments e JOIN persons p ON p.school_id = e.school_id AND p.id = e.student_id
        WHERE e.class_id = $1 AND e.to_date IS NULL ORDER BY p.last_name, p.first_name LIMIT 1`,
      [mine.id],
    );
    const stranger = await one<{ id: string; name: string; last_name: string }>(
      `SELECT p.id, ${FULL_NAME} AS name, p.last_name FROM enrollments e
         JOIN persons p ON p.school_id = e.school_id AND p.id = e.student_id
         JOIN classes c ON c.school_id = e.school_id AND c.id = e.class_id
         JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id AND y.status = 'current'
        WHERE e.class_id <> $1 AND e.to_date IS NULL
          AND NOT EXISTS (SELECT 1 FROM enrollments e2 WHERE e2.student_id = p.id AND e2.class_id = $1)
        ORDER BY p.last_name LIMIT 1`,
      [mine.id],
    );

    const page = await e2e.newPage();
    page.on('dialog', (d) => void d.accept());
    await signIn(page, 'classteacher');

    // The home page's «Мой класс» roster: a name opens the card.
    const rosterLink = page.getByRole('link', { name: student.name, exact: true }).first();
    await rosterLink.waitFor();
    expect(await rosterLink.getAttribute('href')).toBe(`/admin/people/${student.id}`);

    // «Люди» is in the class teacher's menu and lists their class only.
    await openMenu(page, 'Люди', 'Люди');
    await page.getByText(`Ученики класса ${mine.name}`).waitFor();
    const table = page.getByTestId('people');
    await table.getByRole('link', { name: student.name, exact: true }).waitFor();
    const classes = await table.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(new Set(classes.filter((c) => c !== '—'))).toEqual(new Set([mine.name]));
    await screenshot(page, 'class-teacher-people');
    expect(await axeViolations(page)).toEqual([]);

    // A student of another class is not found here.
    await page.getByLabel('Поиск по ФИО').fill(stranger.last_name);
    await page
      .getByRole('status')
      .filter({ hasText: /^Найдено 0 человек/ })
      .waitFor();
    await settled(page);
    expect(await table.getByRole('link', { name: stranger.name }).count()).toBe(0);
    await page.getByLabel('Поиск по ФИО').fill('');
    await settled(page);

    // The card: a field corrected and saved; the roles (rights) are not the class teacher's to see.
    await table.getByRole('link', { name: student.name, exact: true }).click();
    await page.getByRole('heading', { name: student.name, level: 1 }).waitFor();
    await settled(page);
    expect(await page.getByRole('heading', { name: 'Роли в школе' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Изменить данные' }).click();
    await page.getByLabel('Адрес').fill('г. Тверь, ул. Советская, д. 5, кв. 12');
    await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
    await page.getByText('Данные сохранены.').waitFor();
    await page.getByText('г. Тверь, ул. Советская, д. 5, кв. 12').waitFor();
    expect(await one<{ address: string }>('SELECT address FROM persons WHERE id = $1', [student.id])).toEqual({
      address: 'г. Тверь, ул. Советская, д. 5, кв. 12',
    });
    const audited = await one<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log l JOIN accounts a ON a.id = l.actor_account_id WHERE l.action = 'person.update' AND l.object_id = $1 AND a.login = 'classteacher'",
      [student.id],
    );
    expect(audited.n).toBe(1);

    // A parent not yet in the school, added from the card and linked at once.
    await page.getByRole('button', { name: 'Добавить нового родителя' }).click();
    const form = page.getByRole('form', { name: 'Новый родитель' });
    await form.getByLabel('Фамилия').fill(student.last_name);
    await form.getByRole('textbox', { name: /^Имя/ }).fill('Василиса');
    await form.getByLabel('Отчество').fill('Петровна');
    await form.getByLabel('Телефон').fill('+7 900 765-43-21');
    await form.getByLabel('Кем приходится').fill('мать');
    await screenshot(page, 'class-teacher-new-parent');
    expect(await axeViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Добавить родителя' }).click();
    const parentName = `${student.last_name} Василиса Петровна`;
    await page.getByText(`Родитель добавлен и связан с учеником: ${parentName}.`).waitFor();
    await page.getByTestId('parents').getByRole('link', { name: parentName }).waitFor();
    const link = await one<{ relation: string; phone: string; roles: string[] }>(
      `SELECT l.relation, p.phone, array(SELECT m.role FROM memberships m WHERE m.person_id = p.id) AS roles
         FROM parent_links l JOIN persons p ON p.school_id = l.school_id AND p.id = l.parent_id
        WHERE l.student_id = $1 AND p.first_name = 'Василиса'`,
      [student.id],
    );
    expect(link).toEqual({ relation: 'мать', phone: '+7 900 765-43-21', roles: ['parent'] });
    await settled(page);
    await screenshot(page, 'class-teacher-card');
    expect(await axeViolations(page)).toEqual([]);

    // Another class's student: the card answers «not found» (404), nothing of it is shown.
    const before = await one<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'student.card_read' AND object_id = $1",
      [stranger.id],
    );
    await page.goto(`/admin/people/${stranger.id}`);
    await page
      .getByRole('alert')
      .filter({ hasText: /не найден/ })
      .waitFor();
    expect(await page.getByRole('heading', { name: stranger.name }).count()).toBe(0);
    const after = await one<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'student.card_read' AND object_id = $1",
      [stranger.id],
    );
    expect(after.n).toBe(before.n);
  }, 240_000);

  it('[004 admin] the administrator corrects a class, deletes an empty one, and is told why a class with students stays', async () => {
    const page = await e2e.newPage();
    page.on('dialog', (d) => void d.accept());
    await signIn(page, 'admin');
    await openMenu(page, 'Классы', 'Классы');
    const addForm = page.getByRole('region', { name: 'Добавить класс' });
    await addForm.getByLabel('Параллель').selectOption('9');
    await addForm.getByRole('textbox', { name: /^Буква/ }).fill('Ж');
    await addForm.getByRole('button', { name: 'Добавить', exact: true }).click();
    await page.getByText('Класс 9Ж добавлен.').waitFor();

    // Corrected: another letter and trimesters.
    await page.getByRole('button', { name: 'Изменить: 9Ж' }).click();
    const dialog = page.getByRole('dialog', { name: 'Класс 9Ж' });
    await dialog.getByRole('textbox', { name: /^Буква/ }).fill('З');
    await dialog.getByLabel('Периоды').selectOption('trimester');
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Класс 9З сохранён.').waitFor();
    const cls = await one<{ id: string; period_scheme: string }>(
      "SELECT c.id, c.period_scheme FROM classes c JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id WHERE y.status = 'current' AND c.grade = 9 AND c.letter = 'З'",
    );
    expect(cls.period_scheme).toBe('trimester');
    expect(await axeViolations(page)).toEqual([]);

    // Deleted while empty; a class with students is refused with the reason.
    await page.getByRole('button', { name: 'Удалить: 9З' }).click();
    await page.getByText('Класс 9З удалён.').waitFor();
    expect(await one<{ n: number }>('SELECT count(*)::int AS n FROM classes WHERE id = $1', [cls.id])).toEqual({ n: 0 });
    const full = await one<{ name: string }>(
      "SELECT c.grade || c.letter AS name FROM classes c JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id WHERE y.status = 'current' AND EXISTS (SELECT 1 FROM enrollments e WHERE e.class_id = c.id) ORDER BY c.grade, c.letter LIMIT 1",
    );
    await page.getByRole('button', { name: `Удалить: ${full.name}` }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: `Класс ${full.name} нельзя удалить: в нём числились ученики` })
      .waitFor();
    await screenshot(page, 'admin-class-delete-refused');
    expect(await axeViolations(page)).toEqual([]);
  }, 180_000);
});
