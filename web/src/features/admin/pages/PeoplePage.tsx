import {
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  NativeSelect,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import type { Role } from '../../../lib/api/client';
import { type MessageKey, useT } from '../../../lib/i18n';
import { hasRole, useCurrentUser } from '../../../lib/session';
import { PEOPLE_PAGE_SIZE, useClasses, useCreatePerson, usePeoplePage } from '../api';
import { AddToClass, EnrollmentFields } from '../components/FamilyForms';
import { Pager, usePage } from '../components/Pager';
import { FormFooter, fieldError, showsFields } from '../form-errors';
import { adminPaths } from '../paths';

const ROLES: Role[] = ['student', 'parent', 'teacher', 'administrator', 'director', 'deputy', 'deputy_ict', 'archivist'];
/** What a class teacher's list holds: the class's students and their parents. */
const FAMILY_ROLES: Role[] = ['student', 'parent'];

/**
 * Everyone of the school, found by a part of the name and a role, a page at a time; a name opens the card. A
 * person is also added by hand (a new teacher, a student who arrives mid-year): the server refuses the same
 * person twice. [000 §4.1] [004 class teacher] A class teacher keeps the cards of their class: they see its
 * students and their parents (the server answers the class only) and add a student or a parent to it.
 */
export function PeoplePage() {
  const t = useT();
  const me = useCurrentUser();
  const isAdmin = hasRole(me, 'administrator');
  const myClasses = me.classTeacherOf;
  const [chosenClass, setChosenClass] = useState<string | null>(null);
  const classId = isAdmin ? undefined : (myClasses.find((c) => c.id === chosenClass) ?? myClasses[0])?.id;
  const className = myClasses.find((c) => c.id === classId)?.name ?? '';
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | null>(null);
  const [search, setSearch] = useSearchParams();
  const adding = search.get('new') === '1';
  const filter = { ...(q.trim() ? { q: q.trim() } : {}), ...(role ? { role } : {}), ...(classId ? { classId } : {}) };
  const [page, setPage] = usePage(JSON.stringify(filter));
  const people = usePeoplePage(filter, page, isAdmin || !!classId);
  const roles = isAdmin ? ROLES : FAMILY_ROLES;
  if (!isAdmin && !classId)
    return (
      <>
        <PageHeader title={t('admin.people.title')} />
        <Text>{t('admin.people.noClass')}</Text>
      </>
    );
  return (
    <>
      <PageHeader
        title={t('admin.people.title')}
        description={isAdmin ? t('admin.people.description') : t('admin.people.classDescription', { name: className })}
      />
      <Group mb="md" align="flex-end">
        {!isAdmin && myClasses.length > 1 && (
          <NativeSelect
            label={t('admin.people.class')}
            value={classId}
            onChange={(e) => setChosenClass(e.currentTarget.value)}
            data={myClasses.map((c) => ({ value: c.id, label: c.name }))}
          />
        )}
        <Button
          variant={adding ? 'default' : 'filled'}
          aria-expanded={adding}
          aria-controls="add-person"
          onClick={() => setSearch(adding ? {} : { new: '1' }, { replace: true })}
        >
          {isAdmin ? t('admin.addPerson.open') : t('admin.family.open')}
        </Button>
      </Group>
      {adding &&
        (isAdmin ? (
          <AddPerson onCancel={() => setSearch({}, { replace: true })} />
        ) : (
          classId && <AddToClass key={classId} classId={classId} className={className} onCancel={() => setSearch({}, { replace: true })} />
        ))}
      <Group align="flex-end" mb="lg">
        <TextInput label={t('admin.people.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} miw={280} />
        <Select
          label={t('admin.people.role')}
          placeholder={t('admin.people.anyRole')}
          data={roles.map((r) => ({ value: r, label: t(`roles.${r}` as MessageKey) }))}
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
            <Pager page={page} total={res.total} pageSize={PEOPLE_PAGE_SIZE} onPage={setPage} label={t('admin.people.title')} />
          </>
        )}
      </QueryState>
    </>
  );
}

/** The fields the form shows next to their inputs (the server names them so). */
const PERSON_FIELDS = showsFields('lastName', 'firstName', 'middleName', 'birthDate', 'roles', 'classId', 'enrollFrom', 'arrivalOrder');

/** A person entered by hand [004 admin]; a student is enrolled in a class by an order (приказ) when one is given. */
function AddPerson({ onCancel }: { onCancel: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const classes = useClasses();
  const create = useCreatePerson();
  const [lastName, setLastName] = useState('');
  const [firstName, setFirstName] = useState('');
  const [middleName, setMiddleName] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [classId, setClassId] = useState('');
  const [enrollFrom, setEnrollFrom] = useState('');
  const [arrivalOrder, setArrivalOrder] = useState('');
  const student = roles.includes('student');
  const err = (field: string) => fieldError(create.error, field);

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate(
      {
        lastName,
        firstName,
        middleName: middleName.trim() || null,
        birthDate: birthDate || null,
        roles: roles as Role[],
        ...(student && classId
          ? { classId, ...(enrollFrom ? { enrollFrom } : {}), ...(arrivalOrder.trim() ? { arrivalOrder: arrivalOrder.trim() } : {}) }
          : {}),
      },
      { onSuccess: (card) => navigate(adminPaths.person(card.id)) },
    );
  }

  return (
    <Card id="add-person" component="section" aria-labelledby="add-person-title" mb="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} id="add-person-title">
            {t('admin.addPerson.title')}
          </Title>
          <Text size="sm">{t('admin.addPerson.hint')}</Text>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
            <TextInput
              label={t('admin.addPerson.lastName')}
              required
              maxLength={60}
              value={lastName}
              onChange={(e) => setLastName(e.currentTarget.value)}
              error={err('lastName')}
            />
            <TextInput
              label={t('admin.addPerson.firstName')}
              required
              maxLength={60}
              value={firstName}
              onChange={(e) => setFirstName(e.currentTarget.value)}
              error={err('firstName')}
            />
            <TextInput
              label={t('admin.addPerson.middleName')}
              maxLength={60}
              value={middleName}
              onChange={(e) => setMiddleName(e.currentTarget.value)}
              error={err('middleName')}
            />
            <TextInput
              type="date"
              label={t('admin.person.birthDate')}
              value={birthDate}
              onChange={(e) => setBirthDate(e.currentTarget.value)}
              error={err('birthDate')}
            />
          </SimpleGrid>
          <Checkbox.Group label={t('admin.card.rolesLabel')} required value={roles} onChange={setRoles} error={err('roles')}>
            <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing={6} mt="xs">
              {ROLES.map((r) => (
                <Checkbox key={r} value={r} label={t(`roles.${r}` as MessageKey)} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          {student && (
            <Group align="flex-start">
              <NativeSelect
                label={t('admin.people.class')}
                value={classId}
                onChange={(e) => setClassId(e.currentTarget.value)}
                data={[
                  { value: '', label: t('admin.addPerson.noClass') },
                  ...(classes.data ?? []).map((c) => ({ value: c.id, label: c.name })),
                ]}
                error={err('classId')}
              />
              {classId && (
                <EnrollmentFields from={enrollFrom} order={arrivalOrder} onFrom={setEnrollFrom} onOrder={setArrivalOrder} err={err} />
              )}
            </Group>
          )}
          <FormFooter
            error={create.error}
            shows={PERSON_FIELDS}
            pending={create.isPending}
            submitLabel={t('admin.addPerson.submit')}
            onCancel={onCancel}
          />
        </Stack>
      </form>
    </Card>
  );
}
