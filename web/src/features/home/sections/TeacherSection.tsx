import { Badge, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { QueryState } from '../../../components/ui/QueryState';
import { useT } from '../../../lib/i18n';
import { useClasses } from '../api';
import { HomeSection } from '../components/HomeSection';

/** «Мои классы»: the classes whose journal pages the teacher keeps (and the one they lead, marked). */
export function TeacherSection() {
  const t = useT();
  const classes = useClasses();
  return (
    <HomeSection title={t('home.teacher.title')} testId="home-teacher">
      <QueryState query={classes}>
        {(list) =>
          list.length === 0 ? (
            <Text>{t('home.teacher.empty')}</Text>
          ) : (
            <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {list.map((c) => (
                <Card key={c.id} component="li" padding="md" data-class-id={c.id}>
                  <Stack gap={4}>
                    <Group justify="space-between" wrap="nowrap" gap="xs">
                      <Text fw={700} fz={22} c="school.9">
                        {c.name}
                      </Text>
                      {c.isMine && (
                        <Badge variant="light" size="sm">
                          {t('home.teacher.mine')}
                        </Badge>
                      )}
                    </Group>
                    <Text size="sm">{t('count.students', { count: c.studentCount })}</Text>
                    {c.classTeacherName && (
                      <Text size="sm" c="dimmed">
                        {t('roles.classTeacher')}: {c.classTeacherName}
                      </Text>
                    )}
                  </Stack>
                </Card>
              ))}
            </SimpleGrid>
          )
        }
      </QueryState>
    </HomeSection>
  );
}
