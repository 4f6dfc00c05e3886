import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, type E2E, screenshot, settled, signIn, startE2E } from './harness';

/** The diary on a small phone [DOMAIN §7]: a parent of two switches between the children and reads a day. */
let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});

afterAll(async () => {
  await e2e?.close();
});

/** How far the page scrolls sideways (0 = it does not). */
const sidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Goes back week by week until a week has lessons (the demo writes lessons up to today; holidays have none). */
async function weekWithLessons(page: Page) {
  for (let i = 0; i < 6; i++) {
    await settled(page);
    if ((await page.getByTestId('diary-lesson').count()) > 0) return;
    await page.getByRole('button', { name: 'Предыдущая неделя' }).click();
  }
  throw new Error('no week with lessons in the last six');
}

describe('[DOMAIN §7] the diary on a 360 px phone', () => {
  it('the demo parent switches between the two children and reads a day without sideways scrolling', async () => {
    const page = await e2e.newPage({ width: 360, height: 740 });
    await signIn(page, 'parent');
    const me = (await (await page.request.get('/api/me')).json()) as { children: { id: string; name: string }[] };
    expect(me.children).toHaveLength(2);
    const [first, second] = me.children;

    await page.goto(`/diary?child=${first.id}`);
    await page.getByRole('heading', { level: 1, name: `Дневник: ${first.name}` }).waitFor();
    await weekWithLessons(page);
    expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);

    // The switch at the top: the second child's first name.
    const secondLabel = second.name.split(' ').slice(1).join(' ');
    await page.getByTestId('child-switcher').getByText(secondLabel, { exact: false }).click();
    await page.getByRole('heading', { level: 1, name: `Дневник: ${second.name}` }).waitFor();
    expect(new URL(page.url()).searchParams.get('child')).toBe(second.id);
    await weekWithLessons(page);

    // A day with lessons reads within the screen: every lesson fits the 360 px width.
    const day = page
      .getByTestId('diary-day')
      .filter({ has: page.getByTestId('diary-lesson') })
      .first();
    await day.scrollIntoViewIfNeeded();
    for (const lesson of await day.getByTestId('diary-lesson').all()) {
      const box = await lesson.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    }
    expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'diary-week-360');
    expect(await axeViolations(page)).toEqual([]);

    // Reading is recorded for the participation reports [000 §9] — in batches (DIARY_VIEW_BATCH_MS, 1 s), so
    // the record is waited for, not expected at once.
    const views = async () =>
      Number(
        (
          await e2e.db.query<{ n: number }>("SELECT count(*) AS n FROM activity WHERE kind = 'diary_view' AND subject_person_id = $1", [
            second.id,
          ])
        )[0].n,
      );
    await expect.poll(views, { timeout: 15_000 }).toBeGreaterThan(0);
  });

  it('the subject view shows the average with its trend line, and the other diary pages open on a phone', async () => {
    const page = await e2e.newPage({ width: 360, height: 740 });
    await signIn(page, 'student');
    await page.goto('/diary/subjects');
    await page.getByRole('heading', { level: 1, name: 'Отметки по предметам' }).waitFor();
    await settled(page);
    const withMarks = page
      .getByTestId('diary-subject')
      .filter({ has: page.locator('svg[role="img"]') })
      .first();
    await withMarks.getByRole('link').click();
    await page.getByTestId('diary-subject-details').waitFor();
    await settled(page);
    expect(await page.getByTestId('diary-subject-details').locator('svg[role="img"] polyline').count()).toBe(1);
    expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'diary-subject-360');
    expect(await axeViolations(page)).toEqual([]);

    for (const [path, heading] of [
      ['/diary/finals', 'Итоговые отметки'],
      ['/diary/homework', 'Домашние задания'],
      ['/diary/calendar', 'Календарь на телефоне'],
    ] as const) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await settled(page);
      expect(await sidewaysScroll(page), path).toBeLessThanOrEqual(0);
      expect(await axeViolations(page), path).toEqual([]);
    }
  });
});
