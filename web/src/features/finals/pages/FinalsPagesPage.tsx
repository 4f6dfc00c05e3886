import { Anchor, Badge, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import { useT } from '../../../lib/i18n';
import { useJournalPages } from '../api';
import { finalsPaths } from '../paths';

/** The journal pages whose final marks the user keeps (own) or reads (class teacher, administration). */
export function FinalsPagesPage() {
  const t = useT();
  const pages = useJournalPages();
  return (
    <>
      <PageHeader title={t('finals.index.title')} description={t('finals.index.description')} />
      <QueryState query={pages}>
        {(list) =>
          list.length === 0 ? (
            <Text>{t('finals.index.empty')}</Text>
          ) : (
            <ScrollBox label={t('finals.index.caption')}>
              <Table striped highlightOnHover verticalSpacing="xs" miw={480}>
                <Table.Caption style={{ captionSide: 'top', textAlign: 'start' }}>
                  <Text component="span" fw={700}>
                    {t('finals.index.caption')}
                  </Text>
                </Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('finals.col.class')}</Table.Th>
                    <Table.Th scope="col">{t('finals.col.subject')}</Table.Th>
                    <Table.Th scope="col">{t('finals.col.teacher')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((p) => (
                    <Table.Tr key={p.id} data-page-id={p.id}>
                      <Table.Th scope="row">
                        {p.className}
                        {p.subgroupName ? ` (${p.subgroupName})` : ''}
                      </Table.Th>
                      <Table.Td>
                        <Anchor component={Link} to={finalsPaths.page(p.id)}>
                          {p.subjectName}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        {p.teacherName}{' '}
                        {p.isMine && (
                          <Badge variant="light" size="sm">
                            {t('finals.index.mine')}
                          </Badge>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollBox>
          )
        }
      </QueryState>
    </>
  );
}
