/**
 * Calendar days as 'YYYY-MM-DD' strings, computed in UTC arithmetic so the browser's own time zone
 * never moves a lesson to another day (the server sends school-calendar dates).
 */
const DAY_MS = 86_400_000;
const ISO = /^\d{4}-\d{2}-\d{2}$/;

export const isIsoDate = (value: string | null | undefined): value is string =>
  !!value && ISO.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

const toMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  return fromMs(toMs(date) + days * DAY_MS);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: string): number {
  const d = new Date(toMs(date)).getUTCDay();
  return d === 0 ? 7 : d;
}

/** Monday of the date's week: the diary goes by weeks, Monday to Sunday. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - weekdayOf(date));
}

/** Today on this device's calendar (the server's answer says the school's today). */
export function localToday(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}
