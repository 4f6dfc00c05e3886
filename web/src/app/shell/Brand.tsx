import { Group, Text, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import { useT } from '../../lib/i18n';
import { paths } from '../paths';

/** The app's name with its mark; a link home. The short name keeps a 360-px header on one line. */
export function Brand() {
  const t = useT();
  return (
    <UnstyledButton component={Link} to={paths.home} aria-label={t('app.name')} style={{ minWidth: 0 }}>
      <Group gap={8} wrap="nowrap">
        <img src="/favicon.svg" alt="" width={28} height={28} />
        <Text fw={700} size="lg" c="school.9" visibleFrom="sm" truncate>
          {t('app.name')}
        </Text>
        <Text fw={700} size="lg" c="school.9" hiddenFrom="sm">
          {t('app.shortName')}
        </Text>
      </Group>
    </UnstyledButton>
  );
}
