import { Card, SimpleGrid, Text } from '@mantine/core';
import { useFormat } from '../../../lib/i18n';

export interface Stat {
  label: string;
  value: number;
}

/** Big numbers for an overview; two per row on a phone, four on a desktop. */
export function StatCards({ stats }: { stats: Stat[] }) {
  const fmt = useFormat();
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" component="dl" m={0}>
      {stats.map((s) => (
        <Card key={s.label} padding="md">
          <Text component="dt" size="sm" c="dimmed">
            {s.label}
          </Text>
          <Text component="dd" m={0} fz={28} fw={700} c="school.9">
            {fmt.number(s.value)}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}
