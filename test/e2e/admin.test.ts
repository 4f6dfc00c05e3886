import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type E2E, openMenu, pickClass, screenshot, settled, signIn, startE2E } from './harness';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
}, 180_000);

afterAll(async () => {
  await e2e?.close();
});

/** A class list as a school exports it: semicolons, Russian dates, and one column the import does not know. */
const CLASS_LIST = [
  'Фамилия;Имя;Отчество;Дата рождения;Класс;Любимый цвет',
  'Вертоградова;Эвелина;Игоревна;12.04.2014;5А;синий',
  'Зябликов;Ермолай;Олегович;03.09.2013;5А;зелёный',
].join('\r\n');

describe('[002 §4.6] [002 §3.2] school administration in the browser', () => {
  it('the administrator imports a class list, builds a timetable cell, issues logins and prints the slips', async () => {
    const page = await e2e.newPage();
    await signIn(page, 'admin');

    // 1. Import: the preview lists every row and the ignored column before anything is written.
    await openMenu(page, 'Загрузка списков', 'Загрузка списков');
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: '5А.csv', mimeType: 'text/csv', buffer: Buffer.from(CLASS_LIST, 'utf8') });
    const rows = page.getByTestId('import-rows');
    await rows.waitFor();
    expect(await rows.getByText('будет создан').count()).toBe(2);
    await page
      .getByTestId('import-problems')
      .getByText(/Любимый цвет/)
      .waitFor();
    const before = await e2e.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM persons WHERE (last_name, first_name) IN (('Вертоградова', 'Эвелина'), ('Зябликов', 'Ермолай'))",
    );
    expect(before[0].n).toBe(0);
    await screenshot(page, 'admin-import-preview');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Загрузить' }).click();
    await page.getByText('Файл загружен').waitFor();
    const after = await e2e.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM persons WHERE (last_name, first_name) IN (('Вертоградова', 'Эвелина'), ('Зябликов', 'Ермолай'))",
    );
    expect(after[0].n).toBe(2);
    await screenshot(page, 'admin-import-done');

    // 2. Timetable: a Saturday lesson for 5А, saved from today.
    await openMenu(page, 'Расписание', 'Расписание');
    await pickClass(page, '5А');
    await page.getByTestId('timetable-grid').waitFor();
    const cell = page.getByRole('combobox', { name: /^Суббота, 1-й урок: предмет$/ });
    const firstSubject = await cell.locator('option').nth(1).getAttribute('value');
    await cell.selectOption(firstSubject!);
    await page.getByRole('textbox', { name: 'Суббота, 1-й урок: кабинет' }).fill('214');
    await page.getByRole('button', { name: 'Сохранить расписание' }).click();
    await page.getByText(/Расписание сохранено/).waitFor();
    const saturday = await e2e.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM timetable_entries WHERE weekday = 6 AND lesson_number = 1 AND room = '214' AND valid_to IS NULL",
    );
    expect(saturday[0].n).toBe(1);
    await screenshot(page, 'admin-timetable');
    expect(await axeViolations(page)).toEqual([]);

    // 3. Logins for the students of 5А: the new ones get one-time passwords, printed as a PDF.
    await openMenu(page, 'Логины и пароли', 'Логины и пароли');
    await pickClass(page, '5А');
    await page.getByRole('button', { name: 'Выдать', exact: true }).click();
    const slips = page.getByTestId('slips');
    await slips.waitFor();
    await slips.getByRole('cell', { name: 'Вертоградова Эвелина Игоревна' }).waitFor();
    await screenshot(page, 'admin-credentials');
    expect(await axeViolations(page)).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Печать (PDF)' }).click()]);
    const file = await download.path();
    const pdf = fs.readFileSync(file);
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(pdf.length).toBeGreaterThan(1000);

    // 4. Years and periods, classes, people and a student's card: they open, read well and pass axe.
    await openMenu(page, 'Годы и периоды', 'Годы и периоды');
    await page.getByTestId('periods').waitFor();
    await screenshot(page, 'admin-years');
    expect(await axeViolations(page)).toEqual([]);

    await openMenu(page, 'Классы', 'Классы');
    await page.getByTestId('classes').waitFor();
    await screenshot(page, 'admin-classes');
    expect(await axeViolations(page)).toEqual([]);

    await openMenu(page, 'Люди', 'Люди');
    await page.getByLabel('Поиск по ФИО').fill('Вертоградова');
    await page.getByRole('link', { name: 'Вертоградова Эвелина Игоревна' }).click();
    await page.getByRole('heading', { name: 'Вертоградова Эвелина Игоревна', level: 1 }).waitFor();
    await page.getByTestId('stays').waitFor();
    await settled(page);
    await screenshot(page, 'admin-person');
    expect(await axeViolations(page)).toEqual([]);
  }, 180_000);

  it('the menu shows administration to the administrator only', async () => {
    const page = await e2e.newPage();
    await signIn(page, 'teacher');
    const nav = page.getByRole('navigation', { name: 'Основное меню' });
    await nav.getByRole('link').first().waitFor();
    expect(await nav.getByRole('link', { name: 'Загрузка списков' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Расписание' }).count()).toBe(0);
    for (const item of [
      'Предметы',
      'Учебный план',
      'Нагрузка',
      'Годы и периоды',
      'Перевод на новый год',
      'Классы',
      'Движение учащихся',
      'Люди',
      'Звонки',
    ])
      expect(await nav.getByRole('link', { name: item, exact: true }).count()).toBe(0);
    // «Подгруппы» only for a teacher who leads a class this year [003 §3.2].
    const leads = await e2e.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM classes c JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id AND y.status = 'current' JOIN persons p ON p.school_id = c.school_id AND p.id = c.class_teacher_id JOIN accounts a ON a.id = p.account_id WHERE a.login = 'teacher'",
    );
    expect(await nav.getByRole('link', { name: 'Подгруппы', exact: true }).count()).toBe(leads[0].n > 0 ? 1 : 0);
  });
});

// ───────────── screens 2: years, subjects, curriculum, load, class teacher, subgroups, cards ─────────────

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  const rows = await e2e.db.query<T>(sql, params);
  return rows[0];
}

/** Confirmation dialogs (window.confirm) are answered «OK». */
function acceptDialogs(page: Page) {
  page.on('dialog', (d) => void d.accept());
}

describe('[002 §4.6] [003 §2.6] [003 §3.2] school structure in the browser', () => {
  it('[002 §4.6] the administrator opens a year with quarters, sees a wrong date next to its field, and adds a holiday', async () => {
    const page = await e2e.newPage();
    acceptDialogs(page);
    await signIn(page, 'admin');
    await openMenu(page, 'Годы и периоды', 'Годы и периоды');
    const current = await one<{ name: string; ends_on: string }>(
      "SELECT name, ends_on::text AS ends_on FROM academic_years WHERE status = 'current'",
    );
    const [a, b] = current.name.split('/').map(Number);
    const nextName = `${a + 1}/${b + 1}`;

    await page.getByRole('button', { name: 'Новый учебный год' }).click();
    expect(await page.getByLabel('Название года').inputValue()).toBe(nextName);
    // Every grade on quarters: the second range (10–11, halves by default) switches to quarters.
    await page.getByLabel('Диапазон 2: Периоды').selectOption('quarter');
    await page.getByRole('button', { name: 'Заполнить по обычному календарю' }).click();
    const editor = page.getByTestId('period-editor');
    expect(await editor.getByRole('row').count()).toBe(5); // header + 4 quarters
    await page.getByLabel('Добавить обычные каникулы').uncheck();
    await screenshot(page, 'admin-new-year-form');
    expect(await axeViolations(page)).toEqual([]);

    // A 4th quarter past the year's end: the server's message stands next to the period.
    const yearEnd = await page.getByLabel('Окончание года').inputValue();
    const past = `${Number(yearEnd.slice(0, 4))}-09-15`;
    const end4 = page.getByLabel('4 четверть: Окончание');
    const good4 = await end4.inputValue();
    await end4.fill(past);
    await page.getByRole('button', { name: 'Создать год' }).click();
    await page.getByText(/выходит за границы учебного года/).waitFor();
    expect(await page.getByLabel('4 четверть: Начало').getAttribute('aria-invalid')).toBe('true');
    expect(await one<{ n: number }>('SELECT count(*)::int AS n FROM academic_years WHERE name = $1', [nextName])).toEqual({ n: 0 });

    await end4.fill(good4);
    await page.getByRole('button', { name: 'Создать год' }).click();
    await page.getByRole('heading', { name: `Учебный год ${nextName}`, level: 2 }).waitFor();
    await settled(page);
    const year = await one<{ id: string; status: string; starts_on: string }>(
      'SELECT id, status, starts_on::text AS starts_on FROM academic_years WHERE name = $1',
      [nextName],
    );
    expect(year.status).toBe('draft'); // a current year exists: the new one waits as a draft
    const periods = await e2e.db.query<{ scheme: string; number: number }>(
      'SELECT scheme, number FROM periods WHERE year_id = $1 ORDER BY scheme, number',
      [year.id],
    );
    expect(periods).toEqual([1, 2, 3, 4].map((number) => ({ scheme: 'quarter', number })));
    await page.getByTestId('periods').getByRole('cell', { name: '4 четверть', exact: true }).waitFor();

    // A holiday of the new year; then making the draft current is refused while a current year exists.
    const y0 = Number(year.starts_on.slice(0, 4));
    await page.getByRole('textbox', { name: 'Название', exact: true }).fill('Осенние каникулы');
    await page.getByLabel('Первый день').fill(`${y0}-10-27`);
    await page.getByLabel('Последний день').fill(`${y0}-11-04`);
    await page.getByRole('button', { name: 'Добавить', exact: true }).click();
    await page.getByText('Добавлено: «Осенние каникулы»').waitFor();
    await page.getByTestId('holidays').getByRole('cell', { name: 'Осенние каникулы', exact: true }).waitFor();
    expect(await one<{ n: number }>('SELECT count(*)::int AS n FROM holidays WHERE year_id = $1', [year.id])).toEqual({ n: 1 });
    await page.getByRole('button', { name: 'Сделать текущим' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: `Текущий учебный год уже есть: «${current.name}»` })
      .waitFor();
    await screenshot(page, 'admin-new-year');
    expect(await axeViolations(page)).toEqual([]);
  }, 180_000);

  it('[003 §2.6] the administrator adds a subject, sets its curriculum hours, adds a load, hands it over and deletes it', async () => {
    const page = await e2e.newPage();
    acceptDialogs(page);
    await signIn(page, 'admin');

    // Subjects: added; the same name again is refused next to the field.
    await openMenu(page, 'Предметы', 'Предметы');
    await page.getByRole('textbox', { name: 'Предмет', exact: true }).fill('Астрономия');
    await page.getByLabel('Краткое название').fill('Астр.');
    await page.getByRole('button', { name: 'Добавить', exact: true }).click();
    await page.getByText('Предмет «Астрономия» добавлен.').waitFor();
    await page.getByTestId('subjects').getByRole('cell', { name: 'Астрономия', exact: true }).waitFor();
    await page.getByRole('textbox', { name: 'Предмет', exact: true }).fill('Астрономия');
    await page.getByRole('button', { name: 'Добавить', exact: true }).click();
    await page.getByText('Предмет «Астрономия» уже есть').waitFor();
    expect(await page.getByRole('textbox', { name: 'Предмет', exact: true }).getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'admin-subjects');
    expect(await axeViolations(page)).toEqual([]);

    // Curriculum: one hour a week in grade 11, saved with the whole table.
    await openMenu(page, 'Учебный план', 'Учебный план');
    await page.getByTestId('curriculum').waitFor();
    await page.getByLabel('Астрономия, 11 класс: часов в неделю').fill('1');
    await page.getByRole('button', { name: 'Сохранить учебный план' }).click();
    await page.getByText('Учебный план сохранён.').waitFor();
    const hours = await one<{ h: string }>(
      "SELECT c.hours_per_week::text AS h FROM curriculum c JOIN subjects s ON s.school_id = c.school_id AND s.id = c.subject_id JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id WHERE s.name = 'Астрономия' AND c.grade = 11 AND y.status = 'current'",
    );
    expect(Number(hours.h)).toBe(1);
    await screenshot(page, 'admin-curriculum');
    expect(await axeViolations(page)).toEqual([]);

    // Load: 11А × Астрономия × a teacher, the hours taken from the curriculum.
    const [t1, t2] = await e2e.db.query<{ id: string; name: string }>(
      "SELECT p.id, p.last_name || ' ' || p.first_name || coalesce(' ' || p.middle_name, '') AS name FROM persons p JOIN memberships m ON m.school_id = p.school_id AND m.person_id = p.id AND m.role = 'teacher' ORDER BY p.last_name, p.first_name LIMIT 2",
    );
    await openMenu(page, 'Нагрузка', 'Нагрузка');
    await pickClass(page, '11А');
    await page.getByTestId('loads').waitFor();
    await page.getByRole('combobox', { name: 'Предмет', exact: true }).selectOption({ label: 'Астрономия' });
    await page.getByText('По учебному плану: 1').waitFor();
    await page.getByRole('combobox', { name: 'Учитель', exact: true }).selectOption(t1.id);
    await page.getByRole('button', { name: 'Добавить', exact: true }).click();
    await page.getByText(`Добавлено: Астрономия, ${t1.name}.`).waitFor();
    const page1 = await one<{ id: string; teacher_id: string; h: string }>(
      "SELECT jp.id, jp.teacher_id, jp.hours_per_week::text AS h FROM journal_pages jp JOIN subjects s ON s.school_id = jp.school_id AND s.id = jp.subject_id WHERE s.name = 'Астрономия'",
    );
    expect(page1.teacher_id).toBe(t1.id);
    expect(Number(page1.h)).toBe(1);
    await screenshot(page, 'admin-loads');
    expect(await axeViolations(page)).toEqual([]);

    // Handed over to another teacher.
    await page.getByRole('button', { name: 'Передать: Астрономия' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Новый учитель').selectOption(t2.id);
    await dialog.getByRole('button', { name: 'Передать страницу' }).click();
    await page.getByText(`Страница «Астрономия» передана: ${t2.name}.`).waitFor();
    expect(await one<{ teacher_id: string }>('SELECT teacher_id FROM journal_pages WHERE id = $1', [page1.id])).toEqual({
      teacher_id: t2.id,
    });

    // A page with marks is not deleted: the server's reason is shown; the empty one goes.
    const kept = await one<{ subject: string; subgroup: string | null }>(
      "SELECT s.name AS subject, sg.name AS subgroup FROM journal_pages jp JOIN classes c ON c.school_id = jp.school_id AND c.id = jp.class_id JOIN subjects s ON s.school_id = jp.school_id AND s.id = jp.subject_id LEFT JOIN subgroups sg ON sg.school_id = jp.school_id AND sg.id = jp.subgroup_id JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id WHERE y.status = 'current' AND c.grade = 11 AND EXISTS (SELECT 1 FROM lessons l JOIN works w ON w.school_id = l.school_id AND w.lesson_id = l.id JOIN marks mk ON mk.school_id = w.school_id AND mk.work_id = w.id WHERE l.school_id = jp.school_id AND l.page_id = jp.id) ORDER BY s.name LIMIT 1",
    );
    const keptLabel = `${kept.subject}${kept.subgroup ? ` (${kept.subgroup})` : ''}`;
    await page.getByRole('button', { name: `Удалить: ${keptLabel}`, exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'нельзя удалить: в ней есть записи' }).waitFor();
    await page.getByRole('button', { name: 'Удалить: Астрономия', exact: true }).click();
    await page.getByText('Страница «Астрономия» удалена.').waitFor();
    expect(await one<{ n: number }>('SELECT count(*)::int AS n FROM journal_pages WHERE id = $1', [page1.id])).toEqual({ n: 0 });
  }, 180_000);

  it('[004 admin] [003 §3.2] the administrator assigns a class teacher and creates a subgroup with members', async () => {
    const page = await e2e.newPage();
    acceptDialogs(page);
    await signIn(page, 'admin');
    const teacher = await one<{ id: string; name: string }>(
      "SELECT p.id, p.last_name || ' ' || p.first_name || coalesce(' ' || p.middle_name, '') AS name FROM persons p JOIN memberships m ON m.school_id = p.school_id AND m.person_id = p.id AND m.role = 'teacher' WHERE NOT EXISTS (SELECT 1 FROM classes c WHERE c.school_id = p.school_id AND c.class_teacher_id = p.id) ORDER BY p.last_name LIMIT 1",
    );

    await openMenu(page, 'Классы', 'Классы');
    await page.getByRole('button', { name: 'Классный руководитель: 10А' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Классный руководитель' }).selectOption(teacher.id);
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText(`Классный руководитель 10А: ${teacher.name}.`).waitFor();
    const cls = await one<{ id: string; class_teacher_id: string }>(
      "SELECT c.id, c.class_teacher_id FROM classes c JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id WHERE y.status = 'current' AND c.grade = 10 AND c.letter = 'А'",
    );
    expect(cls.class_teacher_id).toBe(teacher.id);
    await page.getByTestId('classes').getByRole('link', { name: teacher.name }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Subgroups of 10А, reached from the classes screen.
    await page.getByRole('link', { name: 'Подгруппы: 10А' }).click();
    await page.getByRole('heading', { name: 'Подгруппы', level: 1 }).waitFor();
    await settled(page);
    await page.getByRole('textbox', { name: 'Название подгруппы', exact: true }).fill('Астрономия, группа 1');
    await page.getByRole('button', { name: 'Создать подгруппу' }).click();
    await page.getByText('Подгруппа «Астрономия, группа 1» создана').waitFor();
    const card = page.getByTestId('subgroup').filter({ has: page.getByRole('heading', { name: /Астрономия, группа 1/ }) });
    const boxes = card.getByRole('checkbox');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await card.getByRole('button', { name: 'Сохранить состав: Астрономия, группа 1' }).click();
    await page.getByText('Состав подгруппы «Астрономия, группа 1» сохранён, учеников: 2.').waitFor();
    const members = await one<{ n: number }>(
      "SELECT count(*)::int AS n FROM subgroup_members m JOIN subgroups s ON s.school_id = m.school_id AND s.id = m.subgroup_id WHERE s.name = 'Астрономия, группа 1' AND s.class_id = $1",
      [cls.id],
    );
    expect(members.n).toBe(2);
    await screenshot(page, 'admin-subgroups');
    expect(await axeViolations(page)).toEqual([]);
  }, 180_000);

  it('[003 §3.2] a class teacher finds «Подгруппы» in the menu and sets a subgroup of their class', async () => {
    const page = await e2e.newPage();
    await signIn(page, 'classteacher');
    const mine = await one<{ id: string; name: string }>(
      "SELECT c.id, c.grade || c.letter AS name FROM classes c JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id JOIN persons p ON p.school_id = c.school_id AND p.id = c.class_teacher_id JOIN accounts a ON a.id = p.account_id WHERE a.login = 'classteacher' AND y.status = 'current'",
    );
    await openMenu(page, 'Подгруппы', 'Подгруппы');
    await page.getByRole('heading', { name: `Новая подгруппа в классе ${mine.name}` }).waitFor();
    await settled(page);
    await page.getByRole('textbox', { name: 'Название подгруппы', exact: true }).fill('Проектная группа');
    await page.getByRole('button', { name: 'Создать подгруппу' }).click();
    const card = page.getByTestId('subgroup').filter({ has: page.getByRole('heading', { name: /Проектная группа/ }) });
    await card.getByRole('checkbox').first().check();
    await card.getByRole('button', { name: 'Сохранить состав: Проектная группа' }).click();
    await page.getByText('Состав подгруппы «Проектная группа» сохранён, учеников: 1.').waitFor();
    const n = await one<{ n: number }>(
      "SELECT count(*)::int AS n FROM subgroup_members m JOIN subgroups s ON s.school_id = m.school_id AND s.id = m.subgroup_id WHERE s.name = 'Проектная группа' AND s.class_id = $1",
      [mine.id],
    );
    expect(n.n).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    // The rest of the administration stays hidden from a class teacher.
    const nav = page.getByRole('navigation', { name: 'Основное меню' });
    expect(await nav.getByRole('link', { name: 'Нагрузка' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Предметы' }).count()).toBe(0);
  }, 180_000);

  it('[000 §4.1] the administrator corrects a card (a wrong e-mail is named at its field), changes roles and links a parent', async () => {
    const page = await e2e.newPage();
    acceptDialogs(page);
    await signIn(page, 'admin');
    const student = await one<{ id: string; name: string }>(
      "SELECT p.id, p.last_name || ' ' || p.first_name || coalesce(' ' || p.middle_name, '') AS name FROM persons p WHERE p.last_name = 'Вертоградова' AND p.first_name = 'Эвелина'",
    );
    await page.goto(`/admin/people/${student.id}`);
    await page.getByRole('heading', { name: student.name, level: 1 }).waitFor();
    await settled(page);
    await page.getByRole('button', { name: 'Изменить данные' }).click();
    await page.getByLabel('Телефон').fill('+7 900 123-45-67');
    await page.getByLabel('Электронная почта').fill('не-адрес');
    await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
    await page.getByText('неверный адрес электронной почты').waitFor();
    expect(await page.getByLabel('Электронная почта').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Электронная почта').fill('');
    await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
    await page.getByText('Данные сохранены.').waitFor();
    expect(await one<{ phone: string }>('SELECT phone FROM persons WHERE id = $1', [student.id])).toEqual({ phone: '+7 900 123-45-67' });
    const audited = await one<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'person.update' AND object_id = $1", [
      student.id,
    ]);
    expect(audited.n).toBe(1);

    // A parent of the school linked as the mother, then unlinked.
    const parent = await one<{ id: string; last_name: string; name: string }>(
      "SELECT p.id, p.last_name, p.last_name || ' ' || p.first_name || coalesce(' ' || p.middle_name, '') AS name FROM persons p JOIN memberships m ON m.school_id = p.school_id AND m.person_id = p.id AND m.role = 'parent' ORDER BY p.last_name LIMIT 1",
    );
    await page.getByLabel('Поиск родителя по ФИО').fill(parent.last_name);
    await settled(page);
    await page.getByRole('combobox', { name: 'Родитель', exact: true }).selectOption(parent.id);
    await page.getByLabel('Кем приходится').fill('мать');
    await page.getByRole('button', { name: 'Связать', exact: true }).click();
    await page.getByText(`Родитель связан: ${parent.name}.`).waitFor();
    await page.getByTestId('parents').getByRole('link', { name: parent.name }).waitFor();
    expect(
      await one<{ relation: string }>('SELECT relation FROM parent_links WHERE parent_id = $1 AND student_id = $2', [
        parent.id,
        student.id,
      ]),
    ).toEqual({
      relation: 'мать',
    });
    await screenshot(page, 'admin-person-edit');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: `Убрать связь: ${parent.name}` }).click();
    await page.getByText(`Связь с «${parent.name}» убрана.`).waitFor();
    expect(
      await one<{ n: number }>('SELECT count(*)::int AS n FROM parent_links WHERE parent_id = $1 AND student_id = $2', [
        parent.id,
        student.id,
      ]),
    ).toEqual({
      n: 0,
    });

    // Roles: a teacher is made a deputy too; the administrator cannot drop their own role.
    const teacher = await one<{ id: string; name: string }>(
      "SELECT p.id, p.last_name || ' ' || p.first_name || coalesce(' ' || p.middle_name, '') AS name FROM persons p JOIN memberships m ON m.school_id = p.school_id AND m.person_id = p.id AND m.role = 'teacher' ORDER BY p.last_name DESC LIMIT 1",
    );
    await page.goto(`/admin/people/${teacher.id}`);
    await page.getByRole('heading', { name: teacher.name, level: 1 }).waitFor();
    await settled(page);
    await page.getByRole('group', { name: 'Роли в школе' }).getByLabel('Заместитель директора', { exact: true }).check();
    await page.getByRole('button', { name: 'Сохранить роли' }).click();
    await page.getByText('Роли сохранены.').waitFor();
    const roles = await e2e.db.query<{ role: string }>('SELECT role FROM memberships WHERE person_id = $1 ORDER BY role', [teacher.id]);
    expect(roles.map((r) => r.role)).toEqual(['deputy', 'teacher']);
  }, 180_000);

  it('[002 §4.6] the import preview shows each row with its own problem and refuses to load a file with errors', async () => {
    const page = await e2e.newPage();
    await signIn(page, 'admin');
    await openMenu(page, 'Загрузка списков', 'Загрузка списков');
    const csv = [
      'Фамилия;Имя;Отчество;Дата рождения;Класс',
      'Синицына;Арина;Павловна;31.02.2014;5А',
      'Щеглов;Пётр;Ильич;01.03.2014;5А',
    ].join('\n');
    await page.locator('input[type="file"]').setInputFiles({ name: 'ошибки.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    const rows = page.getByTestId('import-rows');
    await rows.waitFor();
    const bad = rows.getByRole('row').filter({ hasText: 'Синицына' });
    await bad.getByText('ошибка', { exact: true }).waitFor();
    expect(await bad.getByRole('cell').last().textContent()).toMatch(/Дата рождения/);
    expect(await page.getByRole('button', { name: 'Загрузить' }).isDisabled()).toBe(true);
    await page.getByText('В файле есть ошибки').waitFor();
    expect(await one<{ n: number }>("SELECT count(*)::int AS n FROM persons WHERE last_name IN ('Синицына', 'Щеглов')")).toEqual({ n: 0 });
    expect(await axeViolations(page)).toEqual([]);
  }, 120_000);
});
