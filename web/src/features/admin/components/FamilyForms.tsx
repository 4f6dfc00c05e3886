import { Card, Checkbox, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { useT } from '../../../lib/i18n';
import { type PersonCard, useClassStudents, useCreatePerson } from '../api';
import { FormFooter, fieldError, showsFields } from '../form-errors';
import { adminPaths } from '../paths';

const orNull = (s: string) => (s.trim() ? s.trim() : null);

/** Name fields of a new person, shared by the forms below. */
function NameFields({
  value,
  onChange,
  error,
}: {
  value: { lastName: string; firstName: string; middleName: string };
  onChange: (v: { lastName: string; firstName: string; middleName: string }) => void;
  error: unknown;
}) {
  const t = useT();
  return (
    <>
      <TextInput
        label={t('admin.addPerson.lastName')}
        required
        maxLength={60}
        value={value.lastName}
        onChange={(e) => onChange({ ...value, lastName: e.currentTarget.value })}
        error={fieldError(error, 'lastName')}
      />
      <TextInput
        label={t('admin.addPerson.firstName')}
        required
        maxLength={60}
        value={value.firstName}
        onChange={(e) => onChange({ ...value, firstName: e.currentTarget.value })}
        error={fieldError(error, 'firstName')}
      />
      <TextInput
        label={t('admin.addPerson.middleName')}
        maxLength={60}
        value={value.middleName}
        onChange={(e) => onChange({ ...value, middleName: e.currentTarget.value })}
        error={fieldError(error, 'middleName')}
      />
    </>
  );
}

const NEW_PERSON_FIELDS = showsFields(
  'lastName',
  'firstName',
  'middleName',
  'birthDate',
  'phone',
  'email',
  'enrollFrom',
  'arrivalOrder',
  'childIds',
  'relation',
);

/**
 * [000 §4.1] [004 class teacher] the class teacher adds to their own class: a student (enrolled from a date, by an
 * order when there is one) or a parent (legal representative) of students of the class. The server refuses
 * anything else (staff, another class) and the same person twice.
 */
/** A new parent's phone, e-mail and who they are to the child («мать», «опекун»): asked by both add-parent forms. */
/** [002 §4.6] a new student's enrolment: from which date, by which order (приказ); both may stay empty. */
export function EnrollmentFields({
  from,
  order,
  onFrom,
  onOrder,
  err,
}: {
  from: string;
  order: string;
  onFrom: (v: string) => void;
  onOrder: (v: string) => void;
  err: (field: string) => string | undefined;
}) {
  const t = useT();
  return (
    <>
      <TextInput
        type="date"
        label={t('admin.addPerson.enrollFrom')}
        description={t('admin.addPerson.enrollFromHint')}
        value={from}
        onChange={(e) => onFrom(e.currentTarget.value)}
        error={err('enrollFrom')}
      />
      <TextInput
        label={t('admin.addPerson.arrivalOrder')}
        maxLength={60}
        value={order}
        onChange={(e) => onOrder(e.currentTarget.value)}
        error={err('arrivalOrder')}
      />
    </>
  );
}

function ParentContactFields({
  value,
  onPhone,
  onEmail,
  onRelation,
  err,
}: {
  value: { phone: string; email: string; relation: string };
  onPhone: (v: string) => void;
  onEmail: (v: string) => void;
  onRelation: (v: string) => void;
  err: (field: string) => string | undefined;
}) {
  const t = useT();
  return (
    <>
      <TextInput
        type="tel"
        label={t('admin.person.phone')}
        maxLength={40}
        autoComplete="off"
        value={value.phone}
        onChange={(e) => onPhone(e.currentTarget.value)}
        error={err('phone')}
      />
      <TextInput
        type="email"
        label={t('admin.person.email')}
        maxLength={200}
        autoComplete="off"
        value={value.email}
        onChange={(e) => onEmail(e.currentTarget.value)}
        error={err('email')}
      />
      <TextInput
        label={t('admin.card.relation')}
        placeholder={t('admin.card.relationHint')}
        maxLength={30}
        value={value.relation}
        onChange={(e) => onRelation(e.currentTarget.value)}
        error={err('relation')}
      />
    </>
  );
}

export function AddToClass({ classId, className, onCancel }: { classId: string; className: string; onCancel: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const create = useCreatePerson();
  const students = useClassStudents(classId);
  const [kind, setKind] = useState<'student' | 'parent'>('student');
  const [name, setName] = useState({ lastName: '', firstName: '', middleName: '' });
  const [birthDate, setBirthDate] = useState('');
  const [enrollFrom, setEnrollFrom] = useState('');
  const [arrivalOrder, setArrivalOrder] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [childIds, setChildIds] = useState<string[]>([]);
  const [relation, setRelation] = useState('');
  const err = (field: string) => fieldError(create.error, field);
  const current = (students.data ?? []).filter((s) => s.current);

  function submit(e: FormEvent) {
    e.preventDefault();
    const common = {
      lastName: name.lastName,
      firstName: name.firstName,
      middleName: orNull(name.middleName),
      birthDate: birthDate || null,
    };
    create.mutate(
      kind === 'student'
        ? {
            ...common,
            roles: ['student'],
            classId,
            ...(enrollFrom ? { enrollFrom } : {}),
            ...(arrivalOrder.trim() ? { arrivalOrder: arrivalOrder.trim() } : {}),
          }
        : { ...common, roles: ['parent'], phone: orNull(phone), email: orNull(email), childIds, relation: relation.trim() || undefined },
      { onSuccess: (card) => navigate(adminPaths.person(card.id)) },
    );
  }

  return (
    <Card id="add-person" component="section" aria-labelledby="add-to-class-title" mb="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} id="add-to-class-title">
            {t('admin.family.addTitle', { name: className })}
          </Title>
          <SegmentedControl
            aria-label={t('admin.family.kind')}
            value={kind}
            onChange={(v) => setKind(v as 'student' | 'parent')}
            data={[
              { value: 'student', label: t('admin.family.kind.student') },
              { value: 'parent', label: t('admin.family.kind.parent') },
            ]}
            maw={360}
          />
          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
            <NameFields value={name} onChange={setName} error={create.error} />
            <TextInput
              type="date"
              label={t('admin.person.birthDate')}
              value={birthDate}
              onChange={(e) => setBirthDate(e.currentTarget.value)}
              error={err('birthDate')}
            />
          </SimpleGrid>
          {kind === 'student' ? (
            <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
              <EnrollmentFields from={enrollFrom} order={arrivalOrder} onFrom={setEnrollFrom} onOrder={setArrivalOrder} err={err} />
            </SimpleGrid>
          ) : (
            <>
              <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
                <ParentContactFields
                  value={{ phone, email, relation }}
                  onPhone={setPhone}
                  onEmail={setEmail}
                  onRelation={setRelation}
                  err={err}
                />
              </SimpleGrid>
              <Checkbox.Group label={t('admin.family.children')} required value={childIds} onChange={setChildIds} error={err('childIds')}>
                {current.length === 0 ? (
                  <Text size="sm">{t('admin.family.noStudents')}</Text>
                ) : (
                  <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing={6} mt="xs">
                    {current.map((s) => (
                      <Checkbox key={s.id} value={s.id} label={s.name} />
                    ))}
                  </SimpleGrid>
                )}
              </Checkbox.Group>
            </>
          )}
          <FormFooter
            error={create.error}
            shows={NEW_PERSON_FIELDS}
            pending={create.isPending}
            submitLabel={t('admin.addPerson.submit')}
            onCancel={onCancel}
          />
        </Stack>
      </form>
    </Card>
  );
}

/**
 * [000 §4.1] a parent who is not in the school yet, added from the student's card and linked to the student at
 * once (the class teacher of the student or the administrator).
 */
export function AddParent({
  student,
  onAdded,
  onCancel,
}: {
  student: PersonCard;
  onAdded: (parent: PersonCard) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const create = useCreatePerson();
  const [name, setName] = useState({ lastName: '', firstName: '', middleName: '' });
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [relation, setRelation] = useState('');
  const err = (field: string) => fieldError(create.error, field);
  return (
    <form
      noValidate
      aria-labelledby="add-parent-title"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(
          {
            roles: ['parent'],
            lastName: name.lastName,
            firstName: name.firstName,
            middleName: orNull(name.middleName),
            phone: orNull(phone),
            email: orNull(email),
            childIds: [student.id],
            relation: relation.trim() || undefined,
          },
          { onSuccess: onAdded },
        );
      }}
    >
      <Stack gap="sm">
        <Title order={3} id="add-parent-title">
          {t('admin.family.newParentTitle')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          <NameFields value={name} onChange={setName} error={create.error} />
          <ParentContactFields
            value={{ phone, email, relation }}
            onPhone={setPhone}
            onEmail={setEmail}
            onRelation={setRelation}
            err={err}
          />
        </SimpleGrid>
        <FormFooter
          error={create.error}
          shows={NEW_PERSON_FIELDS}
          pending={create.isPending}
          submitLabel={t('admin.family.addParentSubmit')}
          onCancel={onCancel}
        />
      </Stack>
    </form>
  );
}
