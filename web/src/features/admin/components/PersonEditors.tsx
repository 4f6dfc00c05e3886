import { Anchor, Button, Card, Checkbox, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import type { Role } from '../../../lib/api/client';
import { type MessageKey, useT } from '../../../lib/i18n';
import { type PersonCard, usePeople, usePersonActions } from '../api';
import { FormError, FormFooter, fieldError, showsFields } from '../form-errors';
import { adminPaths } from '../paths';

type Actions = ReturnType<typeof usePersonActions>;

const ROLES: Role[] = ['administrator', 'director', 'deputy', 'deputy_ict', 'teacher', 'archivist', 'student', 'parent'];
const CARD_FIELDS = ['lastName', 'firstName', 'middleName', 'birthDate', 'gender', 'phone', 'email', 'address', 'externalId', 'documents'];

interface CardForm {
  lastName: string;
  firstName: string;
  middleName: string;
  birthDate: string;
  gender: '' | 'm' | 'f';
  phone: string;
  email: string;
  address: string;
  externalId: string;
  documents: { name: string; value: string }[];
}

const orNull = (s: string) => (s.trim() ? s.trim() : null);

/** [000 §4.1], [003 §3.3] the card's data, corrected by the administrator or the class teacher; the server audits the change. */
export function CardEditor({ person: p, update, onDone }: { person: PersonCard; update: Actions['update']; onDone: () => void }) {
  const t = useT();
  const [form, setForm] = useState<CardForm>(() => ({
    lastName: p.lastName,
    firstName: p.firstName,
    middleName: p.middleName ?? '',
    birthDate: p.birthDate ?? '',
    gender: p.gender ?? '',
    phone: p.phone ?? '',
    email: p.email ?? '',
    address: p.address ?? '',
    externalId: p.externalId ?? '',
    documents: Object.entries(p.documents).map(([name, value]) => ({ name, value })),
  }));
  const err = update.error;
  const set = <K extends keyof CardForm>(k: K, v: CardForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const text = (
    k: 'lastName' | 'firstName' | 'middleName' | 'phone' | 'email' | 'address' | 'externalId',
    label: MessageKey,
    extra = {},
  ) => <TextInput label={t(label)} value={form[k]} onChange={(e) => set(k, e.currentTarget.value)} error={fieldError(err, k)} {...extra} />;

  function submit(e: FormEvent) {
    e.preventDefault();
    const documents: Record<string, string> = {};
    for (const d of form.documents) if (d.name.trim()) documents[d.name.trim()] = d.value.trim();
    update.mutate(
      {
        lastName: form.lastName.trim(),
        firstName: form.firstName.trim(),
        middleName: orNull(form.middleName),
        birthDate: form.birthDate || null,
        gender: form.gender || null,
        phone: orNull(form.phone),
        email: orNull(form.email),
        address: orNull(form.address),
        externalId: orNull(form.externalId),
        documents,
      },
      { onSuccess: onDone },
    );
  }

  return (
    <Card component="section" aria-labelledby="card-edit-title">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} id="card-edit-title">
            {t('admin.card.editTitle')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
            {text('lastName', 'admin.card.lastName', { required: true, maxLength: 60 })}
            {text('firstName', 'admin.card.firstName', { required: true, maxLength: 60 })}
            {text('middleName', 'admin.card.middleName', { maxLength: 60 })}
            <TextInput
              type="date"
              label={t('admin.person.birthDate')}
              value={form.birthDate}
              onChange={(e) => set('birthDate', e.currentTarget.value)}
              error={fieldError(err, 'birthDate')}
            />
            <NativeSelect
              label={t('admin.card.gender')}
              value={form.gender}
              onChange={(e) => set('gender', e.currentTarget.value as CardForm['gender'])}
              data={[
                { value: '', label: t('admin.card.gender.none') },
                { value: 'f', label: t('admin.card.gender.f') },
                { value: 'm', label: t('admin.card.gender.m') },
              ]}
              error={fieldError(err, 'gender')}
            />
            {text('phone', 'admin.person.phone', { type: 'tel', maxLength: 40, autoComplete: 'off' })}
            {text('email', 'admin.person.email', { type: 'email', maxLength: 200, autoComplete: 'off' })}
            {text('address', 'admin.person.address', { maxLength: 300 })}
            {text('externalId', 'admin.card.externalId', { maxLength: 64 })}
          </SimpleGrid>
          <Title order={3}>{t('admin.card.documents')}</Title>
          {form.documents.map((d, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <Group key={i} align="flex-end" gap="xs">
              <TextInput
                label={t('admin.card.documentName', { n: i + 1 })}
                value={d.name}
                maxLength={60}
                onChange={(e) => {
                  const name = e.currentTarget.value;
                  set(
                    'documents',
                    form.documents.map((x, k) => (k === i ? { ...x, name } : x)),
                  );
                }}
              />
              <TextInput
                label={t('admin.card.documentValue', { n: i + 1 })}
                value={d.value}
                maxLength={200}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  set(
                    'documents',
                    form.documents.map((x, k) => (k === i ? { ...x, value } : x)),
                  );
                }}
                error={fieldError(err, `documents.${d.name.trim()}`)}
              />
              <Button
                variant="subtle"
                color="red"
                aria-label={`${t('admin.y2.remove')}: ${d.name || t('admin.card.documentName', { n: i + 1 })}`}
                onClick={() =>
                  set(
                    'documents',
                    form.documents.filter((_, k) => k !== i),
                  )
                }
              >
                {t('admin.y2.remove')}
              </Button>
            </Group>
          ))}
          {fieldError(err, 'documents') && (
            <Text c="red.9" size="sm" role="alert">
              {fieldError(err, 'documents')}
            </Text>
          )}
          <Group>
            <Button variant="light" size="xs" onClick={() => set('documents', [...form.documents, { name: '', value: '' }])}>
              {t('admin.card.addDocument')}
            </Button>
          </Group>
          <FormFooter
            error={err}
            shows={showsFields(...CARD_FIELDS)}
            pending={update.isPending}
            submitLabel={t('admin.card.save')}
            onCancel={onDone}
          />
        </Stack>
      </form>
    </Card>
  );
}

/** Roles are rights: only the administrator changes them; the server refuses to drop one still in use. */
export function RolesEditor({ person: p, roles }: { person: PersonCard; roles: Actions['roles'] }) {
  const t = useT();
  const [chosen, setChosen] = useState<string[]>(p.roles);
  const [saved, setSaved] = useState(false);
  return (
    <Card component="section" aria-labelledby="roles-title">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          roles.mutate(chosen as Role[], {
            onSuccess: (card) => {
              setChosen(card.roles);
              setSaved(true);
            },
          });
        }}
      >
        <Stack>
          <Title order={2} id="roles-title">
            {t('admin.card.roles')}
          </Title>
          <Checkbox.Group
            label={t('admin.card.rolesLabel')}
            value={chosen}
            onChange={(v) => {
              setChosen(v);
              setSaved(false);
            }}
            error={fieldError(roles.error, 'roles')}
          >
            <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing={6} mt="xs">
              {ROLES.map((r) => (
                <Checkbox key={r} value={r} label={t(`roles.${r}` as MessageKey)} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          <FormError error={roles.error} shows={showsFields('roles')} />
          {saved && (
            <Text role="status" c="var(--mantine-color-green-light-color)">
              {t('admin.card.rolesSaved')}
            </Text>
          )}
          <Group>
            <Button type="submit" loading={roles.isPending}>
              {t('admin.card.saveRoles')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** [000 §4.1] a student's parents (legal representatives): linked to a parent of the school, or unlinked. */
export function ParentLinks({
  person: p,
  link,
  unlink,
  mayEdit,
  scopeClassId,
}: {
  person: PersonCard;
  link: Actions['link'];
  unlink: Actions['unlink'];
  mayEdit: boolean;
  /** A class teacher finds the parents of their class only (the administration, the school's). */
  scopeClassId?: string;
}) {
  const t = useT();
  const [q, setQ] = useState('');
  const [parentId, setParentId] = useState('');
  const [relation, setRelation] = useState('');
  const found = usePeople({ role: 'parent', q: q.trim(), classId: scopeClassId }, mayEdit && q.trim().length >= 2);
  const options = (found.data?.items ?? []).filter((x) => !p.parents.some((r) => r.id === x.id));
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <Card component="section" aria-labelledby="parents-title">
      <Stack>
        <Title order={2} id="parents-title">
          {t('admin.person.parents')}
        </Title>
        {p.parents.length === 0 ? (
          <Text>{t('admin.card.noParents')}</Text>
        ) : (
          <Stack gap={4} data-testid="parents">
            {p.parents.map((r) => (
              <Group key={r.id} gap="xs">
                <Text>
                  <Anchor component={Link} underline="always" to={adminPaths.person(r.id)}>
                    {r.name}
                  </Anchor>{' '}
                  — {r.relation}
                  {r.phone ? `, ${r.phone}` : ''}
                </Text>
                {mayEdit && (
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    aria-label={`${t('admin.card.unlink')}: ${r.name}`}
                    loading={unlink.isPending && unlink.variables === r.id}
                    onClick={() => {
                      if (!window.confirm(t('admin.card.unlinkConfirm', { parent: r.name, child: p.name }))) return;
                      setNotice(null);
                      unlink.mutate(r.id, { onSuccess: () => setNotice(t('admin.card.unlinked', { name: r.name })) });
                    }}
                  >
                    {t('admin.card.unlink')}
                  </Button>
                )}
              </Group>
            ))}
          </Stack>
        )}
        <ErrorAlert error={unlink.error} />
        {notice && (
          <Text role="status" c="var(--mantine-color-green-light-color)">
            {notice}
          </Text>
        )}
        {mayEdit && (
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              setNotice(null);
              link.mutate(
                { parentId, relation: relation.trim() || undefined },
                {
                  onSuccess: () => {
                    const name = options.find((o) => o.id === parentId)?.name ?? '';
                    setParentId('');
                    setQ('');
                    setRelation('');
                    setNotice(t('admin.card.linked', { name }));
                  },
                },
              );
            }}
          >
            <Title order={3} mb="xs">
              {t('admin.card.linkTitle')}
            </Title>
            <Group align="flex-start" wrap="wrap">
              <TextInput
                label={t('admin.card.findParent')}
                description={t('admin.card.findParentHint')}
                value={q}
                onChange={(e) => {
                  setQ(e.currentTarget.value);
                  setParentId('');
                }}
                miw={240}
              />
              <NativeSelect
                label={t('admin.card.parent')}
                value={parentId}
                onChange={(e) => setParentId(e.currentTarget.value)}
                data={[
                  {
                    value: '',
                    label:
                      q.trim().length < 2
                        ? t('admin.card.typeToFind')
                        : options.length
                          ? t('admin.card.pickParent')
                          : t('admin.card.nobodyFound'),
                  },
                  ...options.map((o) => ({ value: o.id, label: o.name })),
                ]}
                error={fieldError(link.error, 'parentId')}
                miw={240}
              />
              <TextInput
                label={t('admin.card.relation')}
                placeholder={t('admin.card.relationHint')}
                maxLength={30}
                value={relation}
                onChange={(e) => setRelation(e.currentTarget.value)}
                error={fieldError(link.error, 'relation')}
              />
            </Group>
            <Stack mt="sm" gap="xs">
              <FormError error={link.error} shows={showsFields('parentId', 'relation')} />
              <Group>
                <Button type="submit" disabled={!parentId} loading={link.isPending}>
                  {t('admin.card.link')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Card>
  );
}

/** On a parent's card: the link to one child removed (the same link as on the child's card). */
export function UnlinkChild({ childId, childName, parentId }: { childId: string; childName: string; parentId: string }) {
  const t = useT();
  const { unlink } = usePersonActions(childId);
  return (
    <>
      <Button
        size="xs"
        variant="subtle"
        color="red"
        aria-label={`${t('admin.card.unlink')}: ${childName}`}
        loading={unlink.isPending}
        onClick={() => {
          if (window.confirm(t('admin.card.unlinkChildConfirm', { child: childName }))) unlink.mutate(parentId);
        }}
      >
        {t('admin.card.unlink')}
      </Button>
      <ErrorAlert error={unlink.error} />
    </>
  );
}
