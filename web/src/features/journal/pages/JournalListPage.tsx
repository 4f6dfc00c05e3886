import { Anchor, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { useT } from '../../../lib/i18n';
import { usePages } from '../api';
import type { PageSummary } from '../model/journal-data';
import { journalPaths } from '../paths';

interface ClassGroup {
  classId: string;
  className: string;
  grade: number;
  pages: PageSummary[];
}

/** Pages grouped by class, classes in grade order (5Б before 10А), subjects alphabetically. */
function byClass(pages: PageSummary[]): ClassGroup[] {
  const groups = new Map<string, ClassGroup>();
  for (const p of pages) {
    const g = groups.get(p.classId) ?? { classId: p.classId, className: p.className, grade: p.grade, pages: [] };
    g.pages.push(p);
    groups.set(p.classId, g);
  }
  const list = [...groups.values()].sort((a, b) => a.grade - b.grade || a.className.localeCompare(b.className, 'ru'));
  for (const g of list)
    g.pages.sort(
      (a, b) => a.subjectName.localeCompare(b.subjectName, 'ru') || (a.subgroupName ?? '').localeCompare(b.subgroupName ?? '', 'ru'),
    );
  return list;
}

function PageGroups({ groups, showTeacher }: { groups: ClassGroup[]; showTeacher: boolean }) {
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {groups.map((g) => (
        <Card key={g.classId} component="li" padding="md">
          <Text fw={700} fz={22} c="school.9" mb={4}>
            {g.className}
          </Text>
          <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {g.pages.map((p) => (
              <li key={p.id}>
                <Anchor component={Link} to={journalPaths.page(p.id)} fw={700}>
                  {p.subjectName}
                  {p.subgroupName ? ` (${p.subgroupName})` : ''}
                </Anchor>
                {showTeacher && (
                  <Text size="xs" c="dimmed">
                    {p.teacherName}
                  </Text>
                )}
              </li>
            ))}
          </Stack>
        </Card>
      ))}
    </SimpleGrid>
  );
}

/** «Журнал»: the pages the user keeps, then (class teacher, administration) the ones they read. */
export function JournalListPage() {
  const t = useT();
  const pages = usePages();
  return (
    <>
      <PageHeader title={t('journal.list.title')} description={t('journal.list.intro')} />
      <QueryState query={pages}>
        {(list) => {
          const mine = list.filter((p) => p.isMine);
          // [001 §5.4.2] pages where the teacher substitutes lessons: theirs to fill for those lessons only.
          const substitutions = list.filter((p) => !p.isMine && p.isSubstitution);
          const others = list.filter((p) => !p.isMine && !p.isSubstitution);
          if (list.length === 0) return <Text>{t('journal.list.empty')}</Text>;
          return (
            <Stack gap="xl">
              {mine.length > 0 && (
                <Stack gap="sm">
                  <Title order={2}>{t('journal.list.mine')}</Title>
                  <PageGroups groups={byClass(mine)} showTeacher={false} />
                </Stack>
              )}
              {substitutions.length > 0 && (
                <Stack gap="sm" data-testid="substitution-pages">
                  <Title order={2}>{t('journal.list.substitutions')}</Title>
                  <Text size="sm" c="dimmed">
                    {t('journal.list.substitutionsHint')}
                  </Text>
                  <PageGroups groups={byClass(substitutions)} showTeacher />
                </Stack>
              )}
              {others.length > 0 && (
                <Stack gap="sm">
                  <Title order={2}>{mine.length > 0 || substitutions.length > 0 ? t('journal.list.others') : t('journal.list.all')}</Title>
                  <PageGroups groups={byClass(others)} showTeacher />
                </Stack>
              )}
            </Stack>
          );
        }}
      </QueryState>
    </>
  );
}
