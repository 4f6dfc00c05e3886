import { NativeSelect, SegmentedControl, Text, VisuallyHidden } from '@mantine/core';
import { memo, useId } from 'react';
import { useT } from '../../../lib/i18n';
import type { JournalPageData } from '../model/journal-data';

function LockIcon() {
  return (
    <svg width="11" height="12" viewBox="0 0 11 12" aria-hidden="true" focusable="false" style={{ verticalAlign: '-1px' }}>
      <rect x="1" y="5" width="9" height="7" rx="1.5" fill="currentColor" />
      <path d="M3 5V3.5a2.5 2.5 0 0 1 5 0V5" fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

/** Quarters (halves, trimesters) of the year; a closed one is marked and opens read-only. */
export const PeriodSwitcher = memo(function PeriodSwitcher({
  page,
  onChange,
  compact,
}: {
  page: JournalPageData;
  onChange: (periodId: string) => void;
  compact?: boolean;
}) {
  const t = useT();
  const id = useId();
  if (page.periods.length === 0) return null;
  // Four quarters side by side do not fit a phone: a plain list there.
  if (compact) {
    return (
      <NativeSelect
        label={t('journal.page.period')}
        value={page.period?.id ?? ''}
        onChange={(e) => onChange(e.currentTarget.value)}
        data={page.periods.map((p) => ({ value: p.id, label: p.closed ? `${p.name} ${t('journal.page.periodClosedShort')}` : p.name }))}
      />
    );
  }
  return (
    <div>
      <Text id={id} size="sm" fw={700} mb={4}>
        {t('journal.page.period')}
      </Text>
      <SegmentedControl
        aria-labelledby={id}
        size="sm"
        value={page.period?.id ?? ''}
        onChange={onChange}
        data={page.periods.map((p) => ({
          value: p.id,
          label: (
            <span>
              {p.name}
              {p.closed && (
                <>
                  {' '}
                  <LockIcon />
                  <VisuallyHidden>{t('journal.page.periodClosedShort')}</VisuallyHidden>
                </>
              )}
            </span>
          ),
        }))}
      />
    </div>
  );
});
