import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { DiaryPerson } from '../../../app/registry';
import { useT } from '../../../lib/i18n';

/** A pupil's card: name, class, school — what a parent checks first. */
export function PersonCard({ person, headingLevel = 3 }: { person: DiaryPerson; headingLevel?: 2 | 3 }) {
  const t = useT();
  return (
    <Card data-testid="person-card">
      <Stack gap="sm">
        <Title order={headingLevel}>{person.name}</Title>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" component="dl" m={0}>
          <div>
            <Text component="dt" size="sm" c="dimmed">
              {t('person.class')}
            </Text>
            <Text component="dd" m={0} fw={700}>
              {person.className ?? t('person.noClass')}
            </Text>
          </div>
          <div>
            <Text component="dt" size="sm" c="dimmed">
              {t('person.school')}
            </Text>
            <Text component="dd" m={0}>
              {person.schoolName}
            </Text>
          </div>
        </SimpleGrid>
      </Stack>
    </Card>
  );
}
