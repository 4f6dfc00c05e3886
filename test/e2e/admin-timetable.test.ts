import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type E2E, openMenu, pickClass, screenshot, settled, signIn, startE2E } from './harness';

/**
 * The administrator's timetable work beyond the week grid [004 admin], [DOMAIN §2]: the bell schedule, one-off
 * changes (a lesson moved, a substitute teacher, an extra lesson) with the server's refusals in Russian, the
 * movement list of a class [002 §4.6], and a person added by hand.
 */

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

/** «2026-11-24» → «24.11.2026», as the screens show dates. */
const ru = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

const CURRENT_CLASS = `SELECT c.id, c.period_scheme, c.year_id FROM classes c
  JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id AND y.status = 'current'
 WHERE c.grade = $1 AND c.letter = $2`;

/** Lessons of the class at a date and number (any page of the class, subgroups too). */
const CLASS_BUSY = `SELECT count(*)::int AS n FROM lessons l JOIN journal_pages jp ON jp.school_id = l.school_id AND jp.id = l.page_id
 WHERE jp.class_id = $1 AND l.date = $2 AND l.number = $3`;

/** Lessons a teacher gives at a date and number: own pages (not handed to a substitute) and substituted ones. */
const TEACHER_BUSY = `SELECT count(*)::int AS n FROM lessons l JOIN journal_pages jp ON jp.school_id = l.school_id AND jp.id = l.page_id
 WHERE l.date = $2 AND l.number = $3 AND ((jp.teacher_id = $1 AND l.substitute_teacher_id IS NULL) OR l.substitute_teacher_id = $1)`;

async function freeNumber(classId: string, teacherId: string, date: string, numbers: number[]): Promise<number> {
  for (const n of numbers) {
    const cls = await one<{ n: number }>(CLASS_BUSY, [classId, date, n]);
    const teacher = await one<{ n: number }>(TEACHER_BUSY, [teacherId, date, n]);
    if (cls.n === 0 && teacher.n === 0) return n;
  }
  throw new Error(`no free lesson number for the class and its teacher on ${date}`);
}

describe('[004 admin] [DOMAIN §2] timetable administration in the browser', () => {
  it('[004 admin] the administrator edits the bell schedule: a wrong time is named at its field, a lesson is added and removed', async () => {
    const page = await e2e.newPage();
    await signIn(page, 'admin');
    await openMenu(page, 'Звонки', 'Расписание звонков');
    const bells = page.getByTestId('bells');
    const before = await e2e.db.query<{ number: number; starts: string; ends: string }>(
      "SELECT number, to_char(starts_at, 'HH24:MI') AS starts, to_char(ends_at, 'HH24:MI') AS ends FROM bell_schedule ORDER BY number",
    );
    const last = before[before.length - 1];
    expect(await bells.locator('tbody tr').count()).toBe(before.length);
    expect(await page.getByLabel(`${last.number}-й урок: начало`).inputValue()).toBe(last.starts);

    // An end before the start: the server's message stands at the end field of that lesson.
    const lastEnd = page.getByLabel(`${last.number}-й урок: окончание`);
    await lastEnd.fill('07:00');
    await page.getByRole('button', { name: 'Сохранить звонки' }).click();
    await page.getByText(`Урок ${last.number}: окончание 07:00 не позже начала ${last.starts}`).waitFor();
    expect(await lastEnd.getAttribute('aria-invalid')).toBe('true');
    expect(
      await one<{ ends: string }>("SELECT to_char(ends_at, 'HH24:MI') AS ends FROM bell_schedule WHERE number = $1", [last.number]),
    ).toEqual({ ends: last.ends });
    await screenshot(page, 'admin-bells-error');
    expect(await axeViolations(page)).toEqual([]);

    // Fixed, one lesson added after the last one (45 minutes after a 10-minute break), saved.
    await lastEnd.fill(last.ends);
    await page.getByRole('button', { name: 'Добавить урок' }).click();
    const added = last.number + 1;
    const addedStart = await page.getByLabel(`${added}-й урок: начало`).inputValue();
    expect(addedStart).toMatch(/^\d{2}:\d{2}$/);
    await page.getByLabel(`${added}-й урок: окончание`).fill('17:30');
    await page.getByRole('button', { name: 'Сохранить звонки' }).click();
    await page.getByText(`Расписание звонков сохранено, уроков: ${before.length + 1}.`).waitFor();
    expect(
      await one<{ starts: string; ends: string }>(
        "SELECT to_char(starts_at, 'HH24:MI') AS starts, to_char(ends_at, 'HH24:MI') AS ends FROM bell_schedule WHERE number = $1",
        [added],
      ),
    ).toEqual({ starts: addedStart, ends: '17:30' });
    await screenshot(page, 'admin-bells');
    expect(await axeViolations(page)).toEqual([]);

    // The added lesson removed again: the school keeps its usual day.
    await page.getByRole('button', { name: `Удалить ${added}-й урок` }).click();
    await page.getByRole('button', { name: 'Сохранить звонки' }).click();
    await page.getByText(`Расписание звонков сохранено, уроков: ${before.length}.`).waitFor();
    expect(await one<{ n: number }>('SELECT count(*)::int AS n FROM bell_schedule')).toEqual({ n: before.length });

    // A new set from a date a week ahead (a shortened first lesson): earlier days keep the first set.
    const from = await one<{ d: string; shown: string }>(
      "SELECT (current_date + 7)::text AS d, to_char(current_date + 7, 'DD.MM.YYYY') AS shown",
    );
    const first = before[0];
    await page.getByLabel('Действуют с').fill(from.d);
    const [h, m] = first.starts.split(':').map(Number);
    const shortEnd = `${String(h + Math.floor((m + 30) / 60)).padStart(2, '0')}:${String((m + 30) % 60).padStart(2, '0')}`;
    await page.getByLabel(`${first.number}-й урок: окончание`).fill(shortEnd);
    await page.getByRole('button', { name: 'Сохранить звонки' }).click();
    await page.getByText(`Расписание звонков сохранено, уроков: ${before.length}.`).waitFor();
    const versions = page.getByRole('combobox', { name: 'Версия звонков' });
    await versions.waitFor();
    expect(await versions.inputValue()).toBe(`С\u00a0${from.shown}`);
    expect(
      await e2e.db.query<{ d: string; ends: string }>(
        "SELECT valid_from::text AS d, to_char(ends_at, 'HH24:MI') AS ends FROM bell_schedule WHERE number = $1 ORDER BY valid_from",
        [first.number],
      ),
    ).toEqual([
      { d: '-infinity', ends: first.ends },
      { d: from.d, ends: shortEnd },
    ]);
    expect(await axeViolations(page)).toEqual([]);
    // The first set is still there to read and correct.
    await versions.click();
    await page.getByRole('option', { name: 'С начала (первая версия)' }).click();
    await settled(page);
    expect(await page.getByLabel(`${first.number}-й урок: окончание`).inputValue()).toBe(first.ends);
    expect(await page.getByLabel('Действуют с').inputValue()).toBe('');
    await e2e.db.query("DELETE FROM bell_schedule WHERE valid_from <> '-infinity'");
  }, 180_000);

  it('[DOMAIN §2] [001 §5.4.2] the administrator moves a lesson, records and removes a substitute, adds an extra lesson; refusals are in Russian', async () => {
    const page = await e2e.newPage();
    await signIn(page, 'admin');
    const cls = await one<{ id: string; period_scheme: string; year_id: string }>(CURRENT_CLASS, [5, 'А']);
    // A day of 5А in an open study period (lessons there may still change).
    const day = await one<{ d: string | null }>(
      `SELECT max(l.date)::text AS d FROM lessons l JOIN journal_pages jp ON jp.school_id = l.school_id AND jp.id = l.page_id
        WHERE jp.class_id = $1 AND jp.subgroup_id IS NULL AND EXISTS (
          SELECT 1 FROM periods p WHERE p.school_id = jp.school_id AND p.year_id = $2 AND p.scheme = $3 AND p.closed_at IS NULL
             AND l.date BETWEEN p.starts_on AND p.ends_on)`,
      [cls.id, cls.year_id, cls.period_scheme],
    );
    let date = day.d;
    if (!date) {
      // The demo school is between periods (holidays): the week timetable, saved again from the next school day of an
      // open period, makes that day's lessons.
      const next = await one<{ d: string }>(
        `SELECT min(g.d)::date::text AS d FROM periods p, generate_series(greatest(p.starts_on, current_date + 1), p.ends_on, interval '1 day') AS g(d)
          WHERE p.year_id = $1 AND p.scheme = $2 AND p.closed_at IS NULL AND extract(isodow FROM g.d) BETWEEN 1 AND 5
            AND NOT EXISTS (SELECT 1 FROM holidays h WHERE h.year_id = p.year_id AND g.d BETWEEN h.starts_on AND h.ends_on)`,
        [cls.year_id, cls.period_scheme],
      );
      date = next.d;
      await openMenu(page, 'Расписание', 'Расписание');
      await pickClass(page, '5А');
      await page.getByLabel('Действует с').fill(date);
      await page.getByTestId('timetable-grid').waitFor();
      await settled(page);
      await page.getByRole('button', { name: 'Сохранить расписание' }).click();
      await page.getByText(/Расписание сохранено/).waitFor();
    }
    const lesson = await one<{ id: string; number: number; page_id: string; subject: string; teacher_id: string }>(
      `SELECT l.id, l.number, l.page_id, s.name AS subject, jp.teacher_id FROM lessons l
         JOIN journal_pages jp ON jp.school_id = l.school_id AND jp.id = l.page_id
         JOIN subjects s ON s.school_id = jp.school_id AND s.id = jp.subject_id
        WHERE jp.class_id = $1 AND jp.subgroup_id IS NULL AND l.date = $2 AND l.substitute_teacher_id IS NULL
        ORDER BY l.number DESC LIMIT 1`,
      [cls.id, date],
    );
    const bellNumbers = (await e2e.db.query<{ number: number }>('SELECT number FROM bell_schedule ORDER BY number DESC')).map(
      (b) => b.number,
    );
    const target = await freeNumber(cls.id, lesson.teacher_id, date, bellNumbers);

    // The day of 5А, reached from the main menu (the timetable screen links to it too).
    await openMenu(page, 'Замены и переносы', 'Замены и переносы');
    await pickClass(page, '5А');
    // The day's date (the first «Дата» of the screen; the extra-lesson form has its own).
    await page.getByLabel('Дата', { exact: true }).first().fill(date);
    const lessons = page.getByTestId('day-lessons');
    await lessons.waitFor();
    await settled(page);
    const label = `${lesson.number}-й урок, ${lesson.subject}`;
    await lessons.getByRole('row').filter({ hasText: lesson.subject }).first().waitFor();
    await screenshot(page, 'admin-lesson-changes-day');
    expect(await axeViolations(page)).toEqual([]);

    // A move into a holiday is refused; the reason stands at the date.
    const holiday = await one<{ d: string; name: string }>(
      `SELECT h.starts_on::text AS d, h.name FROM holidays h WHERE h.year_id = $1
          AND NOT EXISTS (SELECT 1 FROM periods p WHERE p.year_id = h.year_id AND p.scheme = $2 AND p.closed_at IS NOT NULL
                           AND h.starts_on BETWEEN p.starts_on AND p.ends_on)
        ORDER BY h.starts_on LIMIT 1`,
      [cls.year_id, cls.period_scheme],
    );
    await page.getByRole('button', { name: `Перенести: ${label}` }).click();
    const move = page.getByRole('dialog');
    await move.getByLabel('Новая дата').fill(holiday.d);
    await move.getByRole('button', { name: 'Перенести урок' }).click();
    await move.getByText(`${ru(holiday.d)} — нерабочий день`).waitFor();
    expect(await move.getByLabel('Новая дата').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'admin-lesson-move-refused');
    expect(await axeViolations(page)).toEqual([]);

    // Moved to a free lesson number of the same day.
    await move.getByLabel('Новая дата').fill(date);
    await move.getByLabel('Номер урока').selectOption(String(target));
    await move.getByRole('button', { name: 'Перенести урок' }).click();
    await page.getByText(`Урок перенесён: ${target}-й урок, ${lesson.subject}, ${ru(date)}.`).waitFor();
    expect(await one('SELECT date::text AS date, number, origin, moved_from_number FROM lessons WHERE id = $1', [lesson.id])).toEqual({
      date,
      number: target,
      origin: 'moved',
      moved_from_number: lesson.number,
    });
    const moved = `${target}-й урок, ${lesson.subject}`;
    await lessons.getByText(`Перенесён с ${ru(date)}, ${lesson.number}-й урок`).waitFor();

    // A substitute teacher free in that hour; then the substitution is removed.
    // The day's lessons name teachers short: «Фамилия И.О.».
    const teachers = await e2e.db.query<{ id: string; name: string }>(
      `SELECT p.id, p.last_name || ' ' || left(p.first_name, 1) || '.' || coalesce(left(p.middle_name, 1) || '.', '') AS name FROM persons p
         JOIN memberships m ON m.school_id = p.school_id AND m.person_id = p.id AND m.role = 'teacher'
        WHERE p.id <> $1 ORDER BY p.last_name, p.first_name`,
      [lesson.teacher_id],
    );
    let substitute: { id: string; name: string } | undefined;
    for (const teacher of teachers) {
      if ((await one<{ n: number }>(TEACHER_BUSY, [teacher.id, date, target])).n === 0) {
        substitute = teacher;
        break;
      }
    }
    expect(substitute).toBeDefined();
    await page.getByRole('button', { name: `Замена: ${moved}` }).click();
    const sub = page.getByRole('dialog');
    await sub.getByLabel('Замещающий учитель').selectOption(substitute!.id);
    await sub.getByRole('button', { name: 'Сохранить замену' }).click();
    await page.getByText(`Замена записана: ${moved} — ${substitute!.name}.`).waitFor();
    await lessons.getByText(`Замена: ${substitute!.name}`).waitFor();
    expect(await one('SELECT substitute_teacher_id FROM lessons WHERE id = $1', [lesson.id])).toEqual({
      substitute_teacher_id: substitute!.id,
    });
    const audited = await one<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'lesson.substitute' AND object_id = $1",
      [lesson.id],
    );
    expect(audited.n).toBe(1);
    await screenshot(page, 'admin-lesson-substitute');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: `Отменить замену: ${moved}` }).click();
    await page.getByText(`Замена отменена: ${moved}.`).waitFor();
    expect(await one('SELECT substitute_teacher_id FROM lessons WHERE id = $1', [lesson.id])).toEqual({ substitute_teacher_id: null });

    // An extra lesson of the same page: into the busy hour it is refused, into the hour the move freed it is added.
    const extra = page.getByRole('region', { name: 'Дополнительный урок в классе 5А' });
    await extra.getByLabel('Страница журнала').selectOption(lesson.page_id);
    await extra.getByLabel('Дата').fill(date);
    await extra.getByLabel('Урок', { exact: true }).selectOption(String(target));
    await extra.getByRole('button', { name: 'Добавить урок' }).click();
    await extra
      .getByRole('alert')
      .filter({ hasText: /уже (стоит|ведёт) урок/ })
      .waitFor();
    const freed = await freeNumber(cls.id, lesson.teacher_id, date, [lesson.number, ...bellNumbers]);
    await extra.getByLabel('Урок', { exact: true }).selectOption(String(freed));
    await extra.getByRole('button', { name: 'Добавить урок' }).click();
    await page.getByText(`Добавлен дополнительный урок: ${lesson.subject}, ${ru(date)}, ${freed}-й урок.`).waitFor();
    expect(
      await one<{ n: number }>(
        "SELECT count(*)::int AS n FROM lessons WHERE page_id = $1 AND date = $2 AND number = $3 AND origin = 'extra'",
        [lesson.page_id, date, freed],
      ),
    ).toEqual({ n: 1 });
    await lessons.getByText('Дополнительный урок', { exact: true }).waitFor();
    await screenshot(page, 'admin-lesson-changes');
    expect(await axeViolations(page)).toEqual([]);
  }, 180_000);

  it('[002 §4.6] the administrator opens the movement list of a class from the main menu', async () => {
    const page = await e2e.newPage();
    await signIn(page, 'admin');
    const moved = await one<{ class_name: string; student: string; order: string }>(
      `SELECT c.grade || c.letter AS class_name, p.last_name || ' ' || p.first_name || coalesce(' ' || p.middle_name, '') AS student,
              coalesce(CASE WHEN e.arrival_kind IN ('arrival', 'transfer') THEN e.arrival_order END, e.departure_order) AS order
         FROM enrollments e
         JOIN classes c ON c.school_id = e.school_id AND c.id = e.class_id
         JOIN academic_years y ON y.school_id = c.school_id AND y.id = c.year_id AND y.status = 'current'
         JOIN persons p ON p.school_id = e.school_id AND p.id = e.student_id
        WHERE e.departure_order IS NOT NULL OR (e.arrival_kind IN ('arrival', 'transfer') AND e.arrival_order IS NOT NULL)
        ORDER BY c.grade, c.letter LIMIT 1`,
    );
    expect(moved).toBeDefined();
    // From the main menu, then the class picked on the page; the classes screen links here too.
    await openMenu(page, 'Движение учащихся', 'Движение учащихся');
    await pickClass(page, moved.class_name);
    await page.getByRole('heading', { name: `Движение учащихся ${moved.class_name}`, level: 2 }).waitFor();
    const table = page.getByTestId('movements');
    const row = table.getByRole('row').filter({ hasText: moved.student });
    await row.getByRole('cell', { name: moved.order, exact: true }).waitFor();
    await row.getByRole('link', { name: moved.student }).waitFor();
    await page
      .getByTestId('movement-totals')
      .getByText(/^На.начало года: \d+$/)
      .waitFor();
    await screenshot(page, 'admin-movements');
    expect(await axeViolations(page)).toEqual([]);
  }, 120_000);

  it('[004 admin] the administrator adds a student by hand: a missing role is named at its field, then the new card opens', async () => {
    const page = await e2e.newPage();
    await signIn(page, 'admin');
    await openMenu(page, 'Люди', 'Люди');
    await page.getByLabel('Поиск по ФИО').fill('Ласточкина');
    await page.getByText('Найдено 0 человек').waitFor();
    await page.getByRole('button', { name: 'Добавить человека' }).click();
    const form = page.getByRole('region', { name: 'Новый человек' });
    await form.getByLabel('Фамилия').fill('Ласточкина');
    await form.getByLabel(/^Имя/).fill('Вера');
    await form.getByLabel('Отчество').fill('Петровна');
    await form.getByLabel('Дата рождения').fill('2014-05-06');
    await form.getByRole('button', { name: 'Добавить', exact: true }).click();
    // The message stands under the roles and describes their group.
    const roles = form.getByRole('group', { name: 'Роли в школе' });
    const noRole = form.getByText('укажите хотя бы одну роль');
    await noRole.waitFor();
    expect(await roles.getAttribute('aria-describedby')).toContain(await noRole.getAttribute('id'));
    expect(await one<{ n: number }>("SELECT count(*)::int AS n FROM persons WHERE last_name = 'Ласточкина'")).toEqual({ n: 0 });
    await screenshot(page, 'admin-add-person-error');
    expect(await axeViolations(page)).toEqual([]);

    await roles.getByLabel('Ученик', { exact: true }).check();
    await form.getByRole('combobox', { name: 'Класс', exact: true }).selectOption({ label: '5А' });
    await form.getByLabel('Приказ о зачислении (номер)').fill('№ 70-уч');
    await form.getByRole('button', { name: 'Добавить', exact: true }).click();
    await page.getByRole('heading', { name: 'Ласточкина Вера Петровна', level: 1 }).waitFor();
    await settled(page);
    const person = await one<{ id: string; birth_date: string }>(
      "SELECT id, birth_date::text AS birth_date FROM persons WHERE last_name = 'Ласточкина' AND first_name = 'Вера'",
    );
    expect(person.birth_date).toBe('2014-05-06');
    expect(new URL(page.url()).pathname).toBe(`/admin/people/${person.id}`);
    const stay = await one<{ class_name: string; arrival_order: string }>(
      'SELECT c.grade || c.letter AS class_name, e.arrival_order FROM enrollments e JOIN classes c ON c.school_id = e.school_id AND c.id = e.class_id WHERE e.student_id = $1',
      [person.id],
    );
    expect(stay).toEqual({ class_name: '5А', arrival_order: '№ 70-уч' });
    await page.getByTestId('stays').getByRole('cell', { name: '5А', exact: true }).waitFor();
    await screenshot(page, 'admin-added-person');
    expect(await axeViolations(page)).toEqual([]);

    // The same person again is refused at the last name.
    await page.goto('/admin/people?new=1');
    await page.getByRole('heading', { name: 'Люди', level: 1 }).waitFor();
    await settled(page);
    const again = page.getByRole('region', { name: 'Новый человек' });
    await again.getByLabel('Фамилия').fill('Ласточкина');
    await again.getByLabel(/^Имя/).fill('Вера');
    await again.getByLabel('Отчество').fill('Петровна');
    await again.getByLabel('Дата рождения').fill('2014-05-06');
    await again.getByRole('group', { name: 'Роли в школе' }).getByLabel('Ученик', { exact: true }).check();
    await again.getByRole('button', { name: 'Добавить', exact: true }).click();
    await again.getByText(/^Такой человек уже есть: Ласточкина Вера Петровна/).waitFor();
    expect(await again.getByLabel('Фамилия').getAttribute('aria-invalid')).toBe('true');
    expect(await one<{ n: number }>("SELECT count(*)::int AS n FROM persons WHERE last_name = 'Ласточкина'")).toEqual({ n: 1 });
  }, 180_000);

  // Last: it closes the demo year.
  it('[002 §4.6] a draft of the next year made ahead does not block the transfer: the wizard takes it over', async () => {
    const page = await e2e.newPage();
    await signIn(page, 'admin');
    const year = await one<{ id: string; name: string }>("SELECT id, name FROM academic_years WHERE status = 'current'");
    const [a, b] = year.name.split('/').map(Number);
    const nextName = `${a + 1}/${b + 1}`;

    // The next year prepared as a draft, with the usual calendar.
    await openMenu(page, 'Годы и периоды', 'Годы и периоды');
    await page.getByRole('button', { name: 'Новый учебный год' }).click();
    expect(await page.getByLabel('Название года').inputValue()).toBe(nextName);
    await page.getByRole('button', { name: 'Создать год' }).click();
    await page.getByRole('heading', { name: `Учебный год ${nextName}`, level: 2 }).waitFor();
    const draft = await one<{ id: string; status: string }>('SELECT id, status FROM academic_years WHERE name = $1', [nextName]);
    expect(draft.status).toBe('draft');

    // The wizard proposes that name, says the draft becomes the new year and keeps its calendar.
    await page.goto('/admin/year-end');
    await page.getByRole('heading', { name: /Шаг 1 из 3/ }).waitFor();
    await settled(page);
    expect(await page.getByLabel('Название года').inputValue()).toBe(nextName);
    await page.getByText(`Год «${nextName}» уже подготовлен как черновик`).waitFor();
    expect(await page.getByLabel('Взять периоды и каникулы из черновика').isChecked()).toBe(true);
    expect(await page.getByTestId('period-editor').count()).toBe(0);
    await screenshot(page, 'admin-year-end-draft');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Далее' }).click();
    await page.getByRole('heading', { name: /Шаг 2 из 3/ }).waitFor();
    await page.getByRole('button', { name: 'Далее' }).click();
    await page.getByRole('heading', { name: /Шаг 3 из 3/ }).waitFor();
    await settled(page);
    await page.getByText(`Периоды черновика «${nextName}».`).waitFor();
    await page.getByLabel(`Я проверил(а): закрыть год «${year.name}» и перевести учащихся`).check();
    await page.getByRole('button', { name: 'Закрыть год и перевести учащихся' }).click();
    await page.getByText(`Год ${year.name} закрыт, год ${nextName} открыт`).waitFor();
    await page.getByText(`Новым годом стал подготовленный черновик «${nextName}».`).waitFor();
    const after = await e2e.db.query<{ id: string; status: string }>('SELECT id, status FROM academic_years ORDER BY starts_on');
    expect(after).toEqual([
      { id: year.id, status: 'closed' },
      { id: draft.id, status: 'current' },
    ]);
    expect(await axeViolations(page)).toEqual([]);
  }, 180_000);
});
