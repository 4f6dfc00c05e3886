import { Badge, Button, Card, Checkbox, Group, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import { useT } from '../../../lib/i18n';
import { type Subject, useSubjectActions, useSubjects } from '../api';
import { FormError, fieldError, showsFields } from '../form-errors';

interface SubjectForm {
  name: string;
  shortName: string;
  passFail: boolean;
}

const EMPTY: SubjectForm = { name: '', shortName: '', passFail: false };

/** The school's subjects [DOMAIN §2]: added, renamed and (while unused) deleted here; pass/fail subjects take «зч»/«нз» instead of marks. */
export function SubjectsPage() {
  const t = useT();
  const subjects = useSubjects();
  const { create, update, remove } = useSubjectActions();
  const [removed, setRemoved] = useState<string | null>(null);
  const [form, setForm] = useState<SubjectForm>(EMPTY);
  const [editing, setEditing] = useState<Subject | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    setAdded(null);
    create.mutate(
      { name: form.name.trim(), shortName: form.shortName.trim() || undefined, passFail: form.passFail },
      {
        onSuccess: (s) => {
          setForm(EMPTY);
          setAdded(s.name);
        },
      },
    );
  }

  return (
    <>
      <PageHeader title={t('admin.subjects.title')} description={t('admin.subjects.description')} />
      <Card mb="lg" component="section" aria-labelledby="add-subject-title">
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={2} id="add-subject-title">
              {t('admin.subjects.add')}
            </Title>
            <SubjectFields form={form} onChange={setForm} error={create.error} />
            <FormError error={create.error} shows={showsFields('name', 'shortName')} />
            {added && (
              <Text role="status" c="var(--mantine-color-green-light-color)">
                {t('admin.subjects.added', { name: added })}
              </Text>
            )}
            <Group>
              <Button type="submit" loading={create.isPending}>
                {t('admin.subjects.addButton')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
      <Stack gap="xs" mb="xs">
        <ErrorAlert error={remove.error} />
        {removed && (
          <Text role="status" c="var(--mantine-color-green-light-color)">
            {t('admin.subjects.deleted', { name: removed })}
          </Text>
        )}
      </Stack>
      <QueryState query={subjects}>
        {(list) => (
          <ScrollBox label={t('admin.subjects.title')}>
            <Table striped withTableBorder data-testid="subjects">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.subjects.name')}</Table.Th>
                  <Table.Th>{t('admin.subjects.shortName')}</Table.Th>
                  <Table.Th>{t('admin.subjects.scale')}</Table.Th>
                  <Table.Th>{t('admin.credentials.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>{s.name}</Table.Td>
                    <Table.Td>{s.shortName}</Table.Td>
                    <Table.Td>
                      {s.passFail ? (
                        <Badge variant="light" color="grape">
                          {t('admin.subjects.passFail')}
                        </Badge>
                      ) : (
                        t('admin.subjects.marks')
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          size="xs"
                          variant="light"
                          aria-label={`${t('admin.subjects.edit')}: ${s.name}`}
                          onClick={() => {
                            update.reset();
                            setEditing(s);
                          }}
                        >
                          {t('admin.subjects.edit')}
                        </Button>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          aria-label={`${t('admin.subjects.delete')}: ${s.name}`}
                          loading={remove.isPending && remove.variables === s.id}
                          onClick={() => {
                            if (!window.confirm(t('admin.subjects.deleteConfirm', { name: s.name }))) return;
                            setRemoved(null);
                            remove.mutate(s.id, { onSuccess: () => setRemoved(s.name) });
                          }}
                        >
                          {t('admin.subjects.delete')}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollBox>
        )}
      </QueryState>
      <Modal opened={!!editing} onClose={() => setEditing(null)} title={t('admin.subjects.editTitle', { name: editing?.name ?? '' })}>
        {editing && (
          <EditSubject
            key={editing.id}
            subject={editing}
            error={update.error}
            pending={update.isPending}
            onCancel={() => setEditing(null)}
            onSave={(f) =>
              update.mutate(
                { id: editing.id, name: f.name.trim(), shortName: f.shortName.trim(), passFail: f.passFail },
                { onSuccess: () => setEditing(null) },
              )
            }
          />
        )}
      </Modal>
    </>
  );
}

function SubjectFields({ form, onChange, error }: { form: SubjectForm; onChange: (f: SubjectForm) => void; error: unknown }) {
  const t = useT();
  return (
    <Group align="flex-start" wrap="wrap">
      <TextInput
        label={t('admin.subjects.name')}
        required
        maxLength={100}
        value={form.name}
        onChange={(e) => onChange({ ...form, name: e.currentTarget.value })}
        error={fieldError(error, 'name')}
        miw={260}
      />
      <TextInput
        label={t('admin.subjects.shortName')}
        description={t('admin.subjects.shortNameHint')}
        maxLength={20}
        value={form.shortName}
        onChange={(e) => onChange({ ...form, shortName: e.currentTarget.value })}
        error={fieldError(error, 'shortName')}
      />
      <Checkbox
        mt={{ base: 0, sm: 32 }}
        label={t('admin.subjects.passFailLabel')}
        checked={form.passFail}
        onChange={(e) => onChange({ ...form, passFail: e.currentTarget.checked })}
      />
    </Group>
  );
}

function EditSubject({
  subject,
  error,
  pending,
  onSave,
  onCancel,
}: {
  subject: Subject;
  error: unknown;
  pending: boolean;
  onSave: (f: SubjectForm) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const [form, setForm] = useState<SubjectForm>({ name: subject.name, shortName: subject.shortName, passFail: subject.passFail });
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSave(form);
      }}
    >
      <Stack>
        <SubjectFields form={form} onChange={setForm} error={error} />
        <FormError error={error} shows={showsFields('name', 'shortName')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={pending}>
            {t('admin.subjects.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
