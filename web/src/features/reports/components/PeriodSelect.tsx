import { NativeSelect } from '@mantine/core';
import { useT } from '../../../lib/i18n';
import { useReportPeriods } from '../api';
import { useReportSearch } from '../filters';

/** The period of a period report (the current one when none is chosen). */
export function PeriodSelect({ classId, pageId, withYear = false }: { classId?: string; pageId?: string; withYear?: boolean }) {
  const t = useT();
  const f = useReportSearch();
  const periods = useReportPeriods({ classId, pageId });
  const data = [
    { value: '', label: t('reports.currentPeriod') },
    ...(periods.data?.periods ?? []).map((p) => ({ value: p.id, label: p.name })),
    ...(withYear ? [{ value: 'year', label: t('reports.year') }] : []),
  ];
  return (
    <NativeSelect
      label={t('reports.period')}
      value={f.periodId ?? ''}
      onChange={(e) => f.set({ period: e.currentTarget.value })}
      data={data}
    />
  );
}
