import { useSearchParams } from 'react-router';
import type { Me } from '../../lib/api/client';
import { hasRole } from '../../lib/session';

function isoDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export type ReportSearchKey = 'from' | 'to' | 'class' | 'period' | 'by' | 'teacher' | 'subject' | 'group';

/** The report filters kept in the query string; a range defaults to this month up to today. */
export function useReportSearch() {
  const [search, setSearch] = useSearchParams();
  const today = new Date();
  const filters = {
    from: search.get('from') ?? isoDay(new Date(today.getFullYear(), today.getMonth(), 1)),
    to: search.get('to') ?? isoDay(today),
    classId: search.get('class') ?? undefined,
    periodId: search.get('period') ?? undefined,
    granularity: (search.get('by') === 'month' ? 'month' : 'week') as 'week' | 'month',
    /** the control report narrowed to a teacher or a subject, and how its rows are grouped */
    teacherId: search.get('teacher') ?? undefined,
    subjectId: search.get('subject') ?? undefined,
    group: search.get('group') ?? undefined,
  };
  const set = (next: Partial<Record<ReportSearchKey, string>>) => {
    const merged = new URLSearchParams(search);
    for (const [k, v] of Object.entries(next)) {
      if (v) merged.set(k, v);
      else merged.delete(k);
    }
    setSearch(merged, { replace: true });
  };
  return { ...filters, set };
}

/** The administration reads the whole school [000 §3.5]; others only what the server lets them. */
export const isSchoolWide = (me: Me) => hasRole(me, 'administrator', 'director', 'deputy');
