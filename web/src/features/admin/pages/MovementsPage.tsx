import { addDays } from '@domain/calendar';
import { Anchor, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import { type MessageKey, useFormat, useT } from '../../../lib/i18n';
import { type ClassMovement, useClasses, useClassMovements } from '../api';
import { usePickedYear, YearPicker } from '../components/YearPicker';
import { adminPaths } from '../paths';

/** Stays that make up the class at the start of the year rather than a movement during it. */
const START_KINDS = new Set(['initial', 'promotion', 'repeat']);
/** Departures dated by their order: the stay ends the day before the date the order names. */
const DATED_NEXT_DAY = new Set(['departure', 'transfer']);

interface MovementEvent {
  key: string;
  date: string;
  studentId: string;
  studentName: string;
  /** `in.arrival`, `in.transfer`, `out.departure`, `out.transfer`, `out.promotion`, `out.graduation`, `out.repeat`. */
  kind: string;
  order: string | null;
}

/** Arrivals, transfers and departures of a class from its students' stays, in date order. */
function movementEvents(stays: ClassMovement[]): MovementEvent[] {
  const events: MovementEvent[] = [];
  for (const s of stays) {
    if (!START_KINDS.has(s.arrivalKind))
      events.push({
        key: `${s.studentId}-${s.fromDate}-in`,
        date: s.fromDate,
        studentId: s.studentId,
        studentName: s.studentName,
        kind: `in.${s.arrivalKind}`,
        order: s.arrivalOrder,
      });
    if (s.toDate && s.departureKind)
      events.push({
        key: `${s.studentId}-${s.fromDate}-out`,
        date: DATED_NEXT_DAY.has(s.departureKind) ? addDays(s.toDate, 1) : s.toDate,
        studentId: s.studentId,
        studentName: s.studentName,
        kind: `out.${s.departureKind}`,
        order: s.departureOrder,
      });
  }
  return events.sort((a, b) => a.date.localeCompare(b.date) || a.studentName.localeCompare(b.studentName, 'ru'));
}

/**
 * Движение учащихся [004], [002 §4.6]: per class, who arrived, left or was transferred, on which date and by which
 * order (приказ), with the class's size at the start of the year and now. A student's own history is on the card.
 * An earlier year's movement stays readable (the lists of a closed year) [002 §4.6].
 */
export function MovementsPage() {
  const t = useT();
  const picked = usePickedYear();
  const classes = useClasses(picked.yearId);
  const [search, setSearch] = useSearchParams();
  const classId = search.get('classId');
  const cls = classes.data?.find((c) => c.id === classId);
  return (
    <>
      <PageHeader title={t('admin.movements.title')} description={t('admin.movements.description')} />
      <Anchor component={Link} to={picked.link(adminPaths.classes)} mb="md" display="inline-block">
        {t('admin.movements.toClasses')}
      </Anchor>
      <YearPicker picked={picked} />
      <QueryState query={classes}>
        {(list) => (
          <Select
            label={t('admin.people.class')}
            placeholder={t('admin.credentials.pickClass')}
            data={list.map((c) => ({ value: c.id, label: c.name }))}
            value={cls ? cls.id : null}
            onChange={(v) => setSearch(picked.withYear(v ? { classId: v } : {}), { replace: true })}
            searchable
            maw={220}
            mb="lg"
          />
        )}
      </QueryState>
      {classId && <ClassMovements key={classId} classId={classId} name={cls?.name} />}
    </>
  );
}

function ClassMovements({ classId, name }: { classId: string; name?: string }) {
  const t = useT();
  const fmt = useFormat();
  const stays = useClassMovements(classId);
  const events = useMemo(() => movementEvents(stays.data ?? []), [stays.data]);
  return (
    <QueryState query={stays}>
      {(list) => {
        const title = t('admin.movements.ofClass', { name: name ?? list[0]?.className ?? '' });
        const atStart = list.filter((s) => START_KINDS.has(s.arrivalKind)).length;
        const arrived = events.filter((e) => e.kind.startsWith('in.')).length;
        const left = events.filter((e) => e.kind.startsWith('out.')).length;
        const now = list.filter((s) => !s.toDate).length;
        return (
          <Card component="section" aria-labelledby="movements-title">
            <Stack>
              <Title order={2} id="movements-title">
                {title}
              </Title>
              <Group gap="lg" data-testid="movement-totals">
                <Text>{t('admin.movements.atStart', { count: atStart })}</Text>
                <Text>{t('admin.movements.arrived', { count: arrived })}</Text>
                <Text>{t('admin.movements.left', { count: left })}</Text>
                <Text fw={700}>{t('admin.movements.now', { count: now })}</Text>
              </Group>
              {events.length === 0 ? (
                <Text>{t('admin.movements.none')}</Text>
              ) : (
                <ScrollBox label={title}>
                  <Table striped withTableBorder data-testid="movements">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th scope="col">{t('admin.person.moveDate')}</Table.Th>
                        <Table.Th scope="col">{t('admin.movements.student')}</Table.Th>
                        <Table.Th scope="col">{t('admin.movements.event')}</Table.Th>
                        <Table.Th scope="col">{t('admin.person.order')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {events.map((e) => (
                        <Table.Tr key={e.key}>
                          <Table.Td>{fmt.date(e.date)}</Table.Td>
                          <Table.Td>
                            <Anchor component={Link} to={adminPaths.person(e.studentId)}>
                              {e.studentName}
                            </Anchor>
                          </Table.Td>
                          <Table.Td>{t(`admin.movements.${e.kind}` as MessageKey)}</Table.Td>
                          <Table.Td>{e.order ?? '—'}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </ScrollBox>
              )}
            </Stack>
          </Card>
        );
      }}
    </QueryState>
  );
}
