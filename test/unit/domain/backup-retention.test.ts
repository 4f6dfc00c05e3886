import { describe, expect, it } from 'vitest';
import { backupsToDelete } from '../../../src/domain/backup-retention';

const policy = { dailyDays: 30, weeklyMonths: 3, monthlyMonths: 12 };
const now = new Date('2026-11-23T03:00:00Z');
const daysAgo = (n: number) => ({ name: `b${n}`, createdAt: new Date(now.getTime() - n * 86_400_000) });

describe('backup retention [000 §5.1]: daily 30 days, weekly 3 months, monthly 1 year', () => {
  const all = Array.from({ length: 500 }, (_, i) => daysAgo(i));
  const deleted = new Set(backupsToDelete(all, policy, now).map((b) => b.name));
  const kept = all.filter((b) => !deleted.has(b.name));

  it('keeps every backup of the last 30 days', () => {
    for (let i = 0; i <= 30; i++) expect(deleted.has(`b${i}`)).toBe(false);
  });

  it('keeps one backup per week between 30 days and 3 months', () => {
    const between = kept.filter((b) => {
      const age = (now.getTime() - b.createdAt.getTime()) / 86_400_000;
      return age > 31 && age < 85;
    });
    expect(between.length).toBeGreaterThanOrEqual(7);
    expect(between.length).toBeLessThanOrEqual(9);
  });

  it('keeps about one per month up to a year and nothing older', () => {
    const old = kept.filter((b) => now.getTime() - b.createdAt.getTime() > 100 * 86_400_000);
    expect(old.length).toBeGreaterThanOrEqual(8);
    expect(old.length).toBeLessThanOrEqual(10);
    expect(kept.some((b) => now.getTime() - b.createdAt.getTime() > 370 * 86_400_000)).toBe(false);
  });

  it('always keeps the newest backup, however old', () => {
    expect(backupsToDelete([daysAgo(900)], policy, now)).toEqual([]);
  });
});
