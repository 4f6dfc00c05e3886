import { Anchor, Card, SimpleGrid, Text } from '@mantine/core';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { useT } from '../../../lib/i18n';
import { hasRole, useCurrentUser } from '../../../lib/session';
import { useClassesForSheet } from '../api';
import { finalsPaths } from '../paths';

/**
 * The classes whose summary sheet the user may open [003 §2.5]: all of the school for the
 * administration, their own class for a class teacher (a subject teacher's classes are not listed).
 */
export function SummarySheetsPage() {
  const t = useT();
  const me = useCurrentUser();
  const classes = useClassesForSheet();
  const schoolWide = hasRole(me, 'administrator', 'director', 'deputy');
  return (
    <>
      <PageHeader title={t('finals.sheet.index.title')} description={t('finals.sheet.index.description')} />
      <QueryState query={classes}>
        {(list) => {
          const mine = [...new Map(list.filter((c) => schoolWide || c.isMine).map((c) => [c.id, c])).values()];
          return mine.length === 0 ? (
            <Text>{t('finals.sheet.index.empty')}</Text>
          ) : (
            <SimpleGrid cols={{ base: 2, xs: 4, md: 6 }} spacing="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {mine.map((c) => (
                <Card key={c.id} component="li" padding="sm">
                  <Anchor component={Link} to={finalsPaths.sheet(c.id)} fw={700} fz="lg">
                    {c.name}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {t('count.students', { count: c.studentCount })}
                  </Text>
                </Card>
              ))}
            </SimpleGrid>
          );
        }}
      </QueryState>
    </>
  );
}
