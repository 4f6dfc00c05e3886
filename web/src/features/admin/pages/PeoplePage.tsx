import { Anchor, Badge, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import type { Role } from '../../../lib/api/client';
import { type MessageKey, useT } from '../../../lib/i18n';
import { usePeople } from '../api';
import { adminPaths } from '../paths';

const ROLES: Role[] = ['student', 'parent', 'teacher', 'administrator', 'director', 'deputy', 'deputy_ict', 'archivist'];

/** Everyone of the school, found by a part of the name and a role; a name opens the card. */
export function PeoplePage() {
  const t = useT();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | null>(null);
  const people = usePeople({ ...(q.trim() ? { q: q.trim() } : {}), ...(role ? { role } : {}) });
  return (
    <>
      <PageHeader title={t('admin.people.title')} description={t('admin.people.description')} />
      <Group align="flex-end" mb="lg">
        <TextInput label={t('admin.people.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} miw={280} />
        <Select
          label={t('admin.people.role')}
          placeholder={t('admin.people.anyRole')}
          data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}` as MessageKey) }))}
          value={role}
          onChange={(v) => setRole(v as Role | null)}
          clearable
        />
      </Group>
      <QueryState query={people}>
        {(res) => (
          <>
            <Text mb="xs" role="status">
              {t('admin.people.found', { count: res.total })}
            </Text>
            <ScrollBox label={t('admin.people.title')}>
              <Table striped withTableBorder data-testid="people">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('admin.people.name')}</Table.Th>
                    <Table.Th>{t('admin.people.role')}</Table.Th>
                    <Table.Th>{t('admin.people.class')}</Table.Th>
                    <Table.Th>{t('admin.credentials.login')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {res.items.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>
                        <Anchor component={Link} to={adminPaths.person(p.id)}>
                          {p.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{p.roles.map((r) => t(`roles.${r}` as MessageKey)).join(', ')}</Table.Td>
                      <Table.Td>{p.className ?? '—'}</Table.Td>
                      <Table.Td>
                        {p.login ?? t('admin.people.noLogin')}{' '}
                        {p.blocked && (
                          <Badge color="red" variant="light">
                            {t('admin.credentials.blocked')}
                          </Badge>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollBox>
          </>
        )}
      </QueryState>
    </>
  );
}
