import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type E2E, openMenu, screenshot, settled, signIn, startE2E } from './harness';

/** The school's card and settings screen «Школа» [004 admin], [002 §4.1]. */
let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
}, 180_000);

afterAll(async () => {
  await e2e?.close();
});

describe('[004 admin] the administrator keeps the school card and its rules in the browser', () => {
  it('[002 §4.1] a blank name is named at its field; the director for the printed journal and a weight are saved and audited', async () => {
    const [before] = await e2e.db.query<{ id: string; name: string; director_name: string | null; settings: Record<string, unknown> }>(
      "SELECT s.id, s.name, s.director_name, s.settings FROM schools s JOIN persons p ON p.school_id = s.id JOIN accounts a ON a.id = p.account_id WHERE a.login = 'admin'",
    );
    const page = await e2e.newPage();
    await signIn(page, 'admin');
    try {
      await openMenu(page, 'Школа', 'Школа');
      const name = page.getByLabel('Полное название');
      expect(await name.inputValue()).toBe(before.name);

      // A blank name: refused, the message stands at the field, nothing is written.
      await name.fill('   ');
      await page.getByRole('button', { name: 'Сохранить' }).click();
      await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
      const [still] = await e2e.db.query<{ name: string }>('SELECT name FROM schools WHERE id = $1', [before.id]);
      expect(still.name).toBe(before.name);
      await screenshot(page, 'admin-school-error');
      expect(await axeViolations(page)).toEqual([]);

      // Fixed; the director's name and the weight of a control work changed.
      await name.fill(before.name);
      await page.getByLabel('Директор (фамилия, имя, отчество)').fill('Петрова Анна Сергеевна');
      const weight = page.getByLabel(/^Вес: Контрольная/).first();
      await weight.fill('3,5');
      await page.getByRole('button', { name: 'Сохранить' }).click();
      await page.getByText('Настройки школы сохранены.').waitFor();
      await settled(page);
      const [after] = await e2e.db.query<{ director_name: string; settings: { weights?: Record<string, number> } }>(
        'SELECT director_name, settings FROM schools WHERE id = $1',
        [before.id],
      );
      expect(after.director_name).toBe('Петрова Анна Сергеевна');
      expect(after.settings.weights?.control).toBe(3.5);
      const audit = await e2e.db.query<{ action: string }>(
        "SELECT action FROM audit_log WHERE school_id = $1 AND action = 'school.settings_update' ORDER BY id DESC LIMIT 1",
        [before.id],
      );
      expect(audit).toHaveLength(1);
      await screenshot(page, 'admin-school');
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      // Other journeys use the demo school's rules: they are put back as they were.
      await e2e.db.query('UPDATE schools SET director_name = $2, settings = $3 WHERE id = $1', [
        before.id,
        before.director_name,
        JSON.stringify(before.settings),
      ]);
    }
  }, 180_000);
});
