import { Anchor, Button, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import { useFormat, useT } from '../../../lib/i18n';
import { useClasses, useClassStudents } from '../api';
import { adminPaths } from '../paths';

/** The classes of the current year with their class teacher; a class opens its list with arrivals and departures. */
export function ClassesPage() {
  const t = useT();
  const classes = useClasses();
  const [openId, setOpenId] = useState<string | null>(null);
  return (
    <>
      <PageHeader title={t('admin.classes.title')} description={t('admin.classes.description')} />
      <QueryState query={classes}>
        {(list) => (
          <ScrollBox label={t('admin.classes.title')}>
            <Table striped withTableBorder data-testid="classes">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.people.class')}</Table.Th>
                  <Table.Th>{t('admin.classes.teacher')}</Table.Th>
                  <Table.Th>{t('admin.classes.students')}</Table.Th>
                  <Table.Th>{t('admin.credentials.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td fw={700}>{c.name}</Table.Td>
                    <Table.Td>
                      {c.classTeacherId ? (
                        <Anchor component={Link} to={adminPaths.person(c.classTeacherId)}>
                          {c.classTeacherName}
                        </Anchor>
                      ) : (
                        t('admin.classes.noTeacher')
                      )}
                    </Table.Td>
                    <Table.Td>{c.studentCount}</Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="light"
                        aria-expanded={openId === c.id}
                        aria-label={`${t('admin.classes.list')}: ${c.name}`}
                        onClick={() => setOpenId(openId === c.id ? null : c.id)}
                      >
                        {t('admin.classes.list')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollBox>
        )}
      </QueryState>
      {openId && <ClassList classId={openId} name={classes.data?.find((c) => c.id === openId)?.name ?? ''} />}
    </>
  );
}

function ClassList({ classId, name }: { classId: string; name: string }) {
  const t = useT();
  const fmt = useFormat();
  const students = useClassStudents(classId);
  return (
    <Card mt="lg">
      <Stack>
        <Title order={2}>{t('admin.classes.listOf', { name })}</Title>
        <QueryState query={students}>
          {(list) =>
            list.length === 0 ? (
              <Text>{t('admin.classes.empty')}</Text>
            ) : (
              <Table striped withTableBorder>
                <Table.Tbody>
                  {list.map((s, i) => (
                    <Table.Tr key={`${s.id}-${s.fromDate}`}>
                      <Table.Td>{i + 1}</Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={adminPaths.person(s.id)}>
                          {s.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        {fmt.date(s.fromDate)}
                        {s.toDate ? ` — ${fmt.date(s.toDate)}` : ''}
                      </Table.Td>
                      <Table.Td>{s.current ? '' : t('admin.classes.left')}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )
          }
        </QueryState>
      </Stack>
    </Card>
  );
}
