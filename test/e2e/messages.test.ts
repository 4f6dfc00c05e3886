import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type E2E, screenshot, settled, signIn, startE2E } from './harness';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});

afterAll(async () => {
  await e2e?.close();
});

/**
 * The demo teacher who teaches a child of the demo parent: «teacher» when the school's timetable
 * makes it so, otherwise «classteacher»; if neither does, «teacher» is given a page in the child's class.
 */
async function teacherOfParentsChild(): Promise<{ login: string; parentName: string; parentLastName: string }> {
  const [parent] = await e2e.db.query<{ school_id: string; id: string; last_name: string; first_name: string }>(
    `SELECT p.school_id, p.id, p.last_name, p.first_name FROM persons p JOIN accounts a ON a.id = p.account_id WHERE a.login = 'parent'`,
  );
  for (const login of ['teacher', 'classteacher']) {
    const [row] = await e2e.db.query<{ ok: boolean }>(
      `SELECT EXISTS (
         SELECT 1 FROM persons t JOIN accounts a ON a.id = t.account_id AND a.login = $1
           JOIN parent_links l ON l.school_id = t.school_id AND l.parent_id = $2
           JOIN enrollments e ON e.school_id = l.school_id AND e.student_id = l.student_id AND e.to_date IS NULL
           JOIN classes c ON c.school_id = e.school_id AND c.id = e.class_id
          WHERE c.class_teacher_id = t.id
             OR EXISTS (SELECT 1 FROM journal_pages jp WHERE jp.school_id = c.school_id AND jp.class_id = c.id AND jp.teacher_id = t.id)) AS ok`,
      [login, parent.id],
    );
    if (row.ok) return { login, parentName: `${parent.last_name} ${parent.first_name}`, parentLastName: parent.last_name };
  }
  await e2e.db.query(
    `INSERT INTO journal_pages (school_id, year_id, class_id, subject_id, teacher_id)
     SELECT c.school_id, c.year_id, c.id, (SELECT s.id FROM subjects s WHERE s.school_id = c.school_id ORDER BY s.name DESC LIMIT 1), t.id
       FROM parent_links l
       JOIN enrollments e ON e.school_id = l.school_id AND e.student_id = l.student_id AND e.to_date IS NULL
       JOIN classes c ON c.school_id = e.school_id AND c.id = e.class_id
       JOIN persons t ON t.school_id = c.school_id JOIN accounts a ON a.id = t.account_id AND a.login = 'teacher'
      WHERE l.parent_id = $1 LIMIT 1
     ON CONFLICT DO NOTHING`,
    [parent.id],
  );
  return { login: 'teacher', parentName: `${parent.last_name} ${parent.first_name}`, parentLastName: parent.last_name };
}

describe('messages: a teacher writes to a parent, the parent answers [000 §2.6]', () => {
  it('goes from the teacher’s new message to the parent’s answer, with no WCAG A/AA violations', async () => {
    const { login, parentName, parentLastName } = await teacherOfParentsChild();
    const subject = `Поведение на уроке ${Date.now().toString(36)}`;

    // The teacher writes.
    const teacher = await e2e.newPage();
    await signIn(teacher, login);
    await teacher.goto('/messages');
    await teacher.getByRole('heading', { name: 'Сообщения', level: 1 }).waitFor();
    await settled(teacher);
    expect(await axeViolations(teacher)).toEqual([]);
    await teacher.getByRole('link', { name: 'Написать' }).click();
    await teacher.getByRole('heading', { name: 'Новое сообщение', level: 1 }).waitFor();
    const recipients = teacher.locator('[data-testid="recipients"] input, input[data-testid="recipients"]').first();
    await recipients.fill(parentLastName);
    await teacher
      .getByRole('option', { name: new RegExp(parentName) })
      .first()
      .click();
    await teacher.keyboard.press('Escape');
    await teacher.getByRole('textbox', { name: 'Тема' }).fill(subject);
    await teacher
      .getByRole('textbox', { name: 'Текст сообщения' })
      .fill('Добрый день! Прошу обратить внимание на подготовку к контрольной.');
    await settled(teacher);
    await screenshot(teacher, 'messages-compose');
    expect(await axeViolations(teacher)).toEqual([]);
    await teacher.getByRole('button', { name: 'Отправить' }).click();
    await teacher.getByRole('heading', { name: subject, level: 1 }).waitFor();
    expect(await teacher.getByTestId('message').count()).toBe(1);

    // The parent sees it unread, reads and answers.
    const parent = await e2e.newPage();
    await signIn(parent, 'parent');
    await parent.goto('/messages');
    await settled(parent);
    const item = parent.getByTestId('thread-item').filter({ hasText: subject });
    await item.waitFor();
    expect(await item.textContent()).toContain('1');
    await screenshot(parent, 'messages-parent-inbox');
    expect(await axeViolations(parent)).toEqual([]);
    await item.getByRole('link', { name: subject }).click();
    await parent.getByRole('heading', { name: subject, level: 1 }).waitFor();
    await parent.getByText('Прошу обратить внимание на подготовку к контрольной.').waitFor();
    await parent.getByRole('textbox', { name: 'Ответ' }).fill('Спасибо, поговорим с ребёнком.');
    await parent.getByRole('button', { name: 'Ответить' }).click();
    await parent.getByText('Спасибо, поговорим с ребёнком.').waitFor();
    // The thread re-reads after the answer; wait for both messages rather than racing the refetch.
    await expect.poll(() => parent.getByTestId('message').count(), { timeout: 15_000 }).toBe(2);
    await settled(parent);
    await screenshot(parent, 'messages-parent-thread');
    expect(await axeViolations(parent)).toEqual([]);

    // The teacher gets the answer.
    await teacher.goto('/messages');
    await settled(teacher);
    const answered = teacher.getByTestId('thread-item').filter({ hasText: subject });
    await answered.waitFor();
    expect(await answered.textContent()).toContain('Спасибо, поговорим с ребёнком.');
  });

  it('shows the parent the notifications and their settings, with no WCAG A/AA violations', async () => {
    const page = await e2e.newPage();
    await signIn(page, 'parent');
    for (const [path, heading, shot] of [
      ['/notifications', 'Уведомления', 'notifications'],
      ['/notifications/settings', 'Настройки уведомлений', 'notification-settings'],
      ['/news', 'Новости и объявления', 'news-parent'],
    ] as const) {
      await page.goto(path);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await settled(page);
      await screenshot(page, shot);
      expect(await axeViolations(page), path).toEqual([]);
    }
  });

  it('lets the teacher open news, the calendar, the files section and mailings, with no WCAG A/AA violations', async () => {
    const page = await e2e.newPage();
    await signIn(page, 'teacher');
    for (const [path, heading, shot] of [
      ['/news', 'Новости и объявления', 'news-teacher'],
      ['/calendar', 'Календарь событий', 'calendar'],
      ['/files', 'Файлы', 'files'],
      ['/mailings', 'Рассылки родителям', 'mailings'],
    ] as const) {
      await page.goto(path);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await settled(page);
      await screenshot(page, shot);
      expect(await axeViolations(page), path).toEqual([]);
    }
  });
});
