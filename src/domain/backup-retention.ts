/**
 * Which backups to keep [000 §5.1], [002 §4.2]: every backup of the last N days, the newest of each ISO
 * week for W months, the newest of each month for M months; everything else may be removed.
 * Pure: takes the backups' dates, returns the ones to delete.
 */
export interface RetentionPolicy {
  dailyDays: number;
  weeklyMonths: number;
  monthlyMonths: number;
}

export interface BackupRef {
  name: string;
  createdAt: Date;
}

const DAY = 86_400_000;

function isoWeekKey(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return `${t.getUTCFullYear()}-W${Math.ceil(((t.getTime() - yearStart) / DAY + 1) / 7)}`;
}

const monthKey = (d: Date) => `${d.getUTCFullYear()}-${d.getUTCMonth() + 1}`;

function monthsAgo(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/** The backups to delete under the policy, as of `now`. The newest backup is always kept. */
export function backupsToDelete(backups: readonly BackupRef[], policy: RetentionPolicy, now: Date): BackupRef[] {
  const sorted = [...backups].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const keep = new Set<string>();
  if (sorted[0]) keep.add(sorted[0].name);
  const dailyFrom = now.getTime() - policy.dailyDays * DAY;
  const weeklyFrom = monthsAgo(now, policy.weeklyMonths).getTime();
  const monthlyFrom = monthsAgo(now, policy.monthlyMonths).getTime();
  const weeks = new Set<string>();
  const months = new Set<string>();
  for (const b of sorted) {
    const t = b.createdAt.getTime();
    if (t >= dailyFrom) keep.add(b.name);
    const w = isoWeekKey(b.createdAt);
    if (t >= weeklyFrom && !weeks.has(w)) {
      weeks.add(w);
      keep.add(b.name);
    }
    const m = monthKey(b.createdAt);
    if (t >= monthlyFrom && !months.has(m)) {
      months.add(m);
      keep.add(b.name);
    }
  }
  return sorted.filter((b) => !keep.has(b.name));
}
