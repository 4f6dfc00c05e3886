import { NativeSelect, SegmentedControl, Stack, Text } from '@mantine/core';
import { useId } from 'react';
import type { DiaryPerson } from '../../../app/registry';
import { useT } from '../../../lib/i18n';
import { givenName } from '../child';

const label = (p: DiaryPerson) => (p.className ? `${givenName(p)}, ${p.className}` : givenName(p));

/**
 * A parent's switch between children [DOMAIN §7] (even in different schools): buttons while they fit
 * on a phone, a list beyond three. Nothing to switch for a student or an only child.
 */
export function ChildSwitcher({
  people,
  current,
  onChange,
}: {
  people: DiaryPerson[];
  current: DiaryPerson;
  onChange: (id: string) => void;
}) {
  const t = useT();
  const id = useId();
  if (people.length < 2) return null;
  const data = people.map((p) => ({ value: p.id, label: label(p) }));
  return (
    <Stack gap={4} data-testid="child-switcher">
      <Text id={id} size="sm" c="dimmed">
        {t('diary.child.label')}
      </Text>
      {people.length <= 3 ? (
        <SegmentedControl aria-labelledby={id} fullWidth data={data} value={current.id} onChange={onChange} />
      ) : (
        <NativeSelect aria-labelledby={id} data={data} value={current.id} onChange={(e) => onChange(e.currentTarget.value)} />
      )}
    </Stack>
  );
}
