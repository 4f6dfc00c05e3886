import { Anchor, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { QueryState } from '../../../components/ui/QueryState';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import type { Schemas } from '../../../lib/api/client';
import { type MessageKey, useFormat, useT } from '../../../lib/i18n';
import { adminPaths } from '../../admin/paths';
import { useClassStudents } from '../api';

type Student = Schemas['ClassStudent'];

const arrivalKey = (kind: string) => `arrival.${kind}` as MessageKey;
const departureKey = (kind: string) => `departure.${kind}` as MessageKey;

/** Kinds the catalogue does not know yet (a newer server) are shown as the server names them. */
function useKindLabel() {
  const t = useT();
  return (key: MessageKey, raw: string) => {
    const text = t(key);
    return text === key ? raw : text;
  };
}

function CurrentStudents({ students, caption }: { students: Student[]; caption: string }) {
  const t = useT();
  const fmt = useFormat();
  const kind = useKindLabel();
  return (
    <ScrollBox label={caption}>
      <Table striped verticalSpacing="xs" miw={320}>
        <Table.Caption style={{ captionSide: 'top', textAlign: 'start' }}>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">№</Table.Th>
            <Table.Th scope="col">{t('home.classTeacher.student')}</Table.Th>
            <Table.Th scope="col">{t('home.classTeacher.from')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {students.map((s, i) => (
            <Table.Tr key={`${s.id}-${s.fromDate}`}>
              <Table.Td>{i + 1}</Table.Td>
              <Table.Th scope="row" fw={400}>
                {/* [000 §4.1] the class teacher keeps the cards of the class: a name opens the card. */}
                <Anchor component={Link} to={adminPaths.person(s.id)}>
                  {s.name}
                </Anchor>
              </Table.Th>
              <Table.Td>
                {fmt.date(s.fromDate)}
                <Text span size="xs" c="dimmed" display="block">
                  {kind(arrivalKey(s.arrivalKind), s.arrivalKind)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollBox>
  );
}

function FormerStudents({ students, caption }: { students: Student[]; caption: string }) {
  const t = useT();
  const fmt = useFormat();
  const kind = useKindLabel();
  return (
    <ScrollBox label={caption}>
      <Table striped verticalSpacing="xs" miw={320}>
        <Table.Caption style={{ captionSide: 'top', textAlign: 'start' }}>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('home.classTeacher.student')}</Table.Th>
            <Table.Th scope="col">{t('home.classTeacher.from')}</Table.Th>
            <Table.Th scope="col">{t('home.classTeacher.to')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {students.map((s) => (
            <Table.Tr key={`${s.id}-${s.fromDate}`}>
              {/* A student who has left is no longer the class teacher's to keep: the card is the administration's. */}
              <Table.Th scope="row" fw={400}>
                {s.name}
              </Table.Th>
              <Table.Td>{fmt.date(s.fromDate)}</Table.Td>
              <Table.Td>
                {s.toDate ? fmt.date(s.toDate) : ''}
                {s.departureKind && (
                  <Text span size="xs" c="dimmed" display="block">
                    {kind(departureKey(s.departureKind), s.departureKind)}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollBox>
  );
}

/** A class the user leads: who studies in it now and who has left, with the dates (движение учащихся). */
export function ClassRoster({ classId, name }: { classId: string; name: string }) {
  const t = useT();
  const students = useClassStudents(classId);
  return (
    <Stack gap="sm" data-class-id={classId}>
      <Title order={3}>{t('home.classTeacher.classHeading', { name })}</Title>
      <QueryState query={students}>
        {(list) => {
          if (list.length === 0) return <Text>{t('home.classTeacher.empty')}</Text>;
          const current = list.filter((s) => s.current);
          const former = list.filter((s) => !s.current);
          return (
            <Stack gap="md">
              <CurrentStudents
                students={current}
                caption={`${t('home.classTeacher.current')}: ${t('count.students', { count: current.length })}`}
              />
              {former.length > 0 && (
                <FormerStudents
                  students={former}
                  caption={`${t('home.classTeacher.left')}: ${t('count.students', { count: former.length })}`}
                />
              )}
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}
