import { Badge, Card, Group, SimpleGrid, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useIsAvailable } from '../../../app/registry';
import type { MessageKey } from '../../../lib/i18n';
import { useT } from '../../../lib/i18n';

export interface SectionLink {
  to: string;
  label: MessageKey;
}

/**
 * Doors to a role's working sections. A section that no feature provides yet (or the user may not
 * open) stays a plain card marked «скоро», so the overview shows what is coming without dead links.
 */
export function SectionLinks({ links }: { links: SectionLink[] }) {
  const t = useT();
  const isAvailable = useIsAvailable();
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {links.map((link) =>
        isAvailable(link.to) ? (
          <Card key={link.to} component="li" padding="md">
            <Text component={Link} to={link.to} fw={700} c="school.8" td="underline">
              {t(link.label)}
            </Text>
          </Card>
        ) : (
          <Card key={link.to} component="li" padding="md" bg="gray.0" title={t('home.soonHint')}>
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text fw={700}>{t(link.label)}</Text>
              <Badge variant="light" color="gray">
                {t('home.soon')}
              </Badge>
            </Group>
          </Card>
        ),
      )}
    </SimpleGrid>
  );
}
