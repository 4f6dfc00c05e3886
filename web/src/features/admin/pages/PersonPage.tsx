import { Anchor, Button, Card, Group, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import { type MessageKey, useFormat, useT } from '../../../lib/i18n';
import { hasRole, isClassTeacher, useCurrentUser } from '../../../lib/session';
import { type PersonCard, useClasses, useMoveStudent, usePerson, usePersonActions } from '../api';
import { AddParent } from '../components/FamilyForms';
import { CardEditor, ParentLinks, RolesEditor, UnlinkChild } from '../components/PersonEditors';
import { FormError, fieldError, showsFields } from '../form-errors';
import { adminPaths } from '../paths';

type MoveKind = 'arrival' | 'departure' | 'transfer';

/**
 * A person's card (a staff read of a student's card is audited by the server), its edits [000 §4.1], roles
 * (the administrator only), parent links and the movement of a student. Every change is audited by the server.
 */
export function PersonPage() {
  const t = useT();
  const fmt = useFormat();
  const me = useCurrentUser();
  const isAdmin = hasRole(me, 'administrator');
  const mayEdit = isAdmin || isClassTeacher(me);
  const { personId = '' } = useParams();
  const person = usePerson(personId);
  const actions = usePersonActions(personId);
  const [editing, setEditing] = useState(false);
  return (
    <QueryState query={person}>
      {(p) => (
        <>
          <PageHeader title={p.name} description={p.roles.map((r) => t(`roles.${r}` as MessageKey)).join(', ')} />
          <Stack>
            {editing ? (
              <CardEditor person={p} update={actions.update} onDone={() => setEditing(false)} />
            ) : (
              <Card>
                {mayEdit && (
                  <Group justify="flex-end" mb="xs">
                    <Button
                      variant="light"
                      size="sm"
                      onClick={() => {
                        actions.update.reset();
                        setEditing(true);
                      }}
                    >
                      {t('admin.card.edit')}
                    </Button>
                  </Group>
                )}
                {actions.update.isSuccess && (
                  <Text role="status" c="var(--mantine-color-green-light-color)" mb="xs">
                    {t('admin.card.saved')}
                  </Text>
                )}
                <SimpleGrid cols={{ base: 1, sm: 2 }} component="dl" spacing="xs" m={0}>
                  {(
                    [
                      ['admin.person.birthDate', p.birthDate ? fmt.date(p.birthDate) : null],
                      ['admin.person.phone', p.phone],
                      ['admin.person.email', p.email],
                      ['admin.person.address', p.address],
                      [
                        'admin.credentials.login',
                        p.account ? `${p.account.login}${p.account.blocked ? ` (${t('admin.credentials.blocked')})` : ''}` : null,
                      ],
                    ] as [MessageKey, string | null][]
                  ).map(([label, value]) => (
                    <div key={label}>
                      <Text component="dt" size="sm" c="dimmed">
                        {t(label)}
                      </Text>
                      <Text component="dd" m={0}>
                        {value ?? '—'}
                      </Text>
                    </div>
                  ))}
                  {Object.entries(p.documents).map(([name, value]) => (
                    <div key={name}>
                      <Text component="dt" size="sm" c="dimmed">
                        {name}
                      </Text>
                      <Text component="dd" m={0}>
                        {value}
                      </Text>
                    </div>
                  ))}
                </SimpleGrid>
              </Card>
            )}
            {isAdmin && <RolesEditor person={p} roles={actions.roles} />}
            {p.roles.includes('student') ? (
              <>
                <ParentLinks
                  person={p}
                  link={actions.link}
                  unlink={actions.unlink}
                  mayEdit={mayEdit}
                  scopeClassId={isAdmin ? undefined : p.stays.find((s) => !s.toDate)?.classId}
                />
                {mayEdit && <NewParent student={p} />}
              </>
            ) : (
              p.parents.length > 0 && (
                <Card>
                  <Title order={2} mb="xs">
                    {t('admin.person.parents')}
                  </Title>
                  {p.parents.map((r) => (
                    <Text key={r.id}>
                      <Anchor component={Link} underline="always" to={adminPaths.person(r.id)}>
                        {r.name}
                      </Anchor>{' '}
                      — {r.relation}
                      {r.phone ? `, ${r.phone}` : ''}
                    </Text>
                  ))}
                </Card>
              )
            )}
            {p.children.length > 0 && (
              <Card>
                <Title order={2} mb="xs">
                  {t('admin.person.children')}
                </Title>
                <Stack gap={4}>
                  {p.children.map((c) => (
                    <Group key={c.id} gap="xs">
                      <Text>
                        <Anchor component={Link} underline="always" to={adminPaths.person(c.id)}>
                          {c.name}
                        </Anchor>
                        {c.className ? `, ${c.className}` : ''} — {c.relation}
                      </Text>
                      {mayEdit && <UnlinkChild childId={c.id} childName={c.name} parentId={p.id} />}
                    </Group>
                  ))}
                </Stack>
              </Card>
            )}
            {p.roles.includes('student') && (
              <Card>
                <Title order={2} mb="xs">
                  {t('admin.person.movement')}
                </Title>
                <ScrollBox label={t('admin.person.movement')}>
                  <Table striped withTableBorder data-testid="stays">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('admin.years.year')}</Table.Th>
                        <Table.Th>{t('admin.people.class')}</Table.Th>
                        <Table.Th>{t('admin.years.dates')}</Table.Th>
                        <Table.Th>{t('admin.person.orders')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {p.stays.map((s) => (
                        <Table.Tr key={`${s.classId}-${s.fromDate}`}>
                          <Table.Td>{s.yearName}</Table.Td>
                          <Table.Td>{s.className}</Table.Td>
                          <Table.Td>
                            {fmt.date(s.fromDate)} — {s.toDate ? fmt.date(s.toDate) : t('admin.person.now')}
                          </Table.Td>
                          <Table.Td>{[s.arrivalOrder, s.departureOrder].filter(Boolean).join(' / ') || '—'}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </ScrollBox>
                {isAdmin ? (
                  <MoveForm studentId={p.id} kinds={['arrival', 'departure', 'transfer']} />
                ) : (
                  mayEdit &&
                  p.stays.some((s) => !s.toDate) && (
                    <>
                      <MoveForm studentId={p.id} kinds={['departure']} />
                      <Text size="sm" c="dimmed" mt="xs">
                        {t('admin.person.moveByAdmin')}
                      </Text>
                    </>
                  )
                )}
              </Card>
            )}
          </Stack>
        </>
      )}
    </QueryState>
  );
}

/** [000 §4.1] a parent not yet in the school, added from the student's card and linked to the student. */
function NewParent({ student }: { student: PersonCard }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  return (
    <Card>
      {open ? (
        <AddParent
          student={student}
          onAdded={(parent) => {
            setOpen(false);
            setAdded(parent.name);
          }}
          onCancel={() => setOpen(false)}
        />
      ) : (
        <Stack gap="xs">
          {added && (
            <Text role="status" c="var(--mantine-color-green-light-color)">
              {t('admin.family.parentAdded', { name: added })}
            </Text>
          )}
          <Group>
            <Button
              variant="light"
              onClick={() => {
                setAdded(null);
                setOpen(true);
              }}
            >
              {t('admin.family.newParentOpen')}
            </Button>
          </Group>
        </Stack>
      )}
    </Card>
  );
}

/**
 * [004 class teacher], [002 §4.6] movement by an order: the administrator records arrivals, departures and
 * transfers; the class teacher a departure from their class (the server checks the class either way).
 */
function MoveForm({ studentId, kinds }: { studentId: string; kinds: MoveKind[] }) {
  const t = useT();
  const classes = useClasses();
  const move = useMoveStudent(studentId);
  const [kind, setKind] = useState<MoveKind>(kinds.includes('transfer') ? 'transfer' : kinds[0]);
  const [date, setDate] = useState('');
  const [order, setOrder] = useState('');
  const [toClassId, setToClassId] = useState('');
  const needsClass = kind !== 'departure';
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        move.mutate({ kind, date, orderNumber: order.trim(), toClassId: needsClass ? toClassId || null : null });
      }}
    >
      <Title order={3} mt="md" mb="xs">
        {t('admin.person.move')}
      </Title>
      {/* Tops aligned: a field's message below it must not lift the field above its neighbours. */}
      <Group align="flex-start">
        <NativeSelect
          label={t('admin.person.moveKind')}
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as MoveKind)}
          data={kinds.map((k) => ({
            value: k,
            label: t(`admin.person.move.${k}` as MessageKey),
          }))}
        />
        <TextInput
          type="date"
          label={t('admin.person.moveDate')}
          required
          value={date}
          onChange={(e) => setDate(e.currentTarget.value)}
          error={fieldError(move.error, 'date')}
          maw={240}
        />
        <TextInput
          label={t('admin.person.order')}
          required
          value={order}
          onChange={(e) => setOrder(e.currentTarget.value)}
          maw={180}
          error={fieldError(move.error, 'orderNumber')}
        />
        {needsClass && (
          <NativeSelect
            label={t('admin.person.toClass')}
            required
            value={toClassId}
            onChange={(e) => setToClassId(e.currentTarget.value)}
            data={[{ value: '', label: '—' }, ...(classes.data ?? []).map((c) => ({ value: c.id, label: c.name }))]}
            error={fieldError(move.error, 'toClassId')}
          />
        )}
        <Stack gap={0}>
          {/* A blank line the height of a field's label keeps the button level with the inputs. */}
          <Text size="sm" fw={500} aria-hidden>
            {'\u00a0'}
          </Text>
          <Button type="submit" loading={move.isPending}>
            {t('admin.person.moveSubmit')}
          </Button>
        </Stack>
      </Group>
      <Stack mt="xs">
        {/* A refusal that names the date, the order or the class stands at that field [002 §4.6]. */}
        <FormError error={move.error} shows={showsFields('date', 'orderNumber', 'toClassId')} />
        {move.isSuccess && (
          <Text role="status" c="var(--mantine-color-green-light-color)">
            {t('admin.person.moved')}
          </Text>
        )}
      </Stack>
    </form>
  );
}
