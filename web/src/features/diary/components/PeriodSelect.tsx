import { NativeSelect } from '@mantine/core';
import { useT } from '../../../lib/i18n';
import type { DiaryMarks } from '../api';

/** The period whose marks are shown; the server opens on the current one. */
export function PeriodSelect({ data, onChange }: { data: DiaryMarks; onChange: (periodId: string) => void }) {
  const t = useT();
  if (data.periods.length < 2 || !data.period) return null;
  return (
    <NativeSelect
      label={t('diary.subjects.period')}
      data={data.periods.map((p) => ({ value: p.id, label: p.name }))}
      value={data.period.id}
      onChange={(e) => onChange(e.currentTarget.value)}
      maw={320}
    />
  );
}
