import { Button, Card, Group, Modal, NativeSelect, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import { useFormat, useT } from '../../../lib/i18n';
import {
  type ClassItem,
  type Load,
  useClasses,
  useClassLoads,
  useCurriculum,
  useLoadActions,
  useSubgroups,
  useSubjects,
  useTeachers,
} from '../api';
import { usePickedYear, YearPicker } from '../components/YearPicker';
import { FormError, FormFooter, fieldError, showsFields } from '../form-errors';

/** «2,5» → 2.5; empty → null (no hours given); anything else → NaN. */
function parseHours(text: string): number | null {
  const s = text.trim().replace(',', '.');
  if (!s) return null;
  return /^\d+(\.\d+)?$/.test(s) ? Number(s) : Number.NaN;
}

/**
 * Teaching load (нагрузка) [003 §2.6]: each row is a journal page — teacher × class or subgroup × subject.
 * A page is handed over to another teacher with its records; it is deleted only while empty (the server
 * answers why not otherwise). An earlier, closed year's load is shown read-only [002 §4.6].
 */
export function LoadsPage() {
  const t = useT();
  const picked = usePickedYear();
  const classes = useClasses(picked.yearId);
  const [search, setSearch] = useSearchParams();
  const classId = search.get('classId');
  const cls = classes.data?.find((c) => c.id === classId);
  return (
    <>
      <PageHeader title={t('admin.loads.title')} description={t('admin.loads.description')} />
      <YearPicker picked={picked} />
      <QueryState query={classes}>
        {(list) => (
          <Select
            label={t('admin.people.class')}
            placeholder={t('admin.credentials.pickClass')}
            data={list.map((c) => ({ value: c.id, label: c.name }))}
            value={classId}
            onChange={(v) => setSearch(picked.withYear(v ? { classId: v } : {}), { replace: true })}
            searchable
            maw={220}
            mb="lg"
          />
        )}
      </QueryState>
      {cls && <ClassLoads key={cls.id} cls={cls} readOnly={picked.readOnly} />}
    </>
  );
}

function ClassLoads({ cls, readOnly }: { cls: ClassItem; readOnly: boolean }) {
  const t = useT();
  const fmt = useFormat();
  // The class's own year: the API reads the current one otherwise.
  const loads = useClassLoads(cls.id, cls.yearId);
  const { update, remove } = useLoadActions();
  const [transfer, setTransfer] = useState<Load | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <Stack>
      <Card>
        <Title order={2} mb="sm">
          {t('admin.loads.ofClass', { name: cls.name })}
        </Title>
        <QueryState query={loads}>
          {(list) =>
            list.length === 0 ? (
              <Text>{t('admin.loads.empty')}</Text>
            ) : (
              <ScrollBox label={t('admin.loads.ofClass', { name: cls.name })}>
                <Table striped withTableBorder data-testid="loads">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('admin.loads.subject')}</Table.Th>
                      <Table.Th>{t('admin.loads.group')}</Table.Th>
                      <Table.Th>{t('admin.loads.teacher')}</Table.Th>
                      <Table.Th>{t('admin.loads.hours')}</Table.Th>
                      {!readOnly && <Table.Th>{t('admin.credentials.actions')}</Table.Th>}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {list.map((l) => {
                      const label = `${l.subjectName}${l.subgroupName ? ` (${l.subgroupName})` : ''}`;
                      return (
                        <Table.Tr key={l.id}>
                          <Table.Td>{l.subjectName}</Table.Td>
                          <Table.Td>{l.subgroupName ?? t('admin.loads.wholeClass')}</Table.Td>
                          <Table.Td>{l.teacherName}</Table.Td>
                          <Table.Td>{l.hoursPerWeek === null ? '—' : fmt.number(l.hoursPerWeek)}</Table.Td>
                          {!readOnly && (
                            <Table.Td>
                              <Group gap="xs" wrap="nowrap">
                                <Button
                                  size="xs"
                                  variant="light"
                                  aria-label={`${t('admin.loads.transfer')}: ${label}`}
                                  onClick={() => {
                                    update.reset();
                                    setTransfer(l);
                                  }}
                                >
                                  {t('admin.loads.transfer')}
                                </Button>
                                <Button
                                  size="xs"
                                  variant="light"
                                  color="red"
                                  aria-label={`${t('admin.y2.delete')}: ${label}`}
                                  loading={remove.isPending && remove.variables === l.id}
                                  onClick={() => {
                                    if (!window.confirm(t('admin.loads.deleteConfirm', { name: label }))) return;
                                    setNotice(null);
                                    remove.mutate(l.id, { onSuccess: () => setNotice(t('admin.loads.deleted', { name: label })) });
                                  }}
                                >
                                  {t('admin.y2.delete')}
                                </Button>
                              </Group>
                            </Table.Td>
                          )}
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </ScrollBox>
            )
          }
        </QueryState>
        <Stack mt="xs" gap="xs">
          <ErrorAlert error={remove.error} />
          {notice && (
            <Text role="status" c="var(--mantine-color-green-light-color)">
              {notice}
            </Text>
          )}
        </Stack>
      </Card>
      {!readOnly && <AddLoad cls={cls} />}
      <Modal
        opened={!!transfer}
        onClose={() => setTransfer(null)}
        title={
          transfer
            ? t('admin.loads.transferTitle', {
                name: `${transfer.subjectName}${transfer.subgroupName ? ` (${transfer.subgroupName})` : ''}`,
              })
            : ''
        }
      >
        {transfer && (
          <TransferForm
            key={transfer.id}
            load={transfer}
            error={update.error}
            pending={update.isPending}
            onCancel={() => setTransfer(null)}
            onSave={(body) =>
              update.mutate(
                { id: transfer.id, ...body },
                {
                  onSuccess: (l) => {
                    setTransfer(null);
                    setNotice(t('admin.loads.transferred', { name: l.subjectName, teacher: l.teacherName }));
                  },
                },
              )
            }
          />
        )}
      </Modal>
    </Stack>
  );
}

function TeacherSelect({ value, onChange, error, label }: { value: string; onChange: (v: string) => void; error?: string; label: string }) {
  const t = useT();
  const teachers = useTeachers();
  return (
    <NativeSelect
      label={label}
      required
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      data={[
        { value: '', label: t('admin.loads.pickTeacher') },
        ...(teachers.data?.items ?? []).map((p) => ({ value: p.id, label: p.name })),
      ]}
      error={error}
    />
  );
}

function TransferForm({
  load,
  error,
  pending,
  onSave,
  onCancel,
}: {
  load: Load;
  error: unknown;
  pending: boolean;
  onSave: (body: { teacherId: string; hoursPerWeek: number | null }) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const [teacherId, setTeacherId] = useState(load.teacherId);
  const [hours, setHours] = useState(load.hoursPerWeek === null ? '' : String(load.hoursPerWeek).replace('.', ','));
  const [localError, setLocalError] = useState<string | undefined>();
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const h = parseHours(hours);
        if (Number.isNaN(h)) return setLocalError(t('admin.curriculum.notNumber'));
        setLocalError(undefined);
        onSave({ teacherId, hoursPerWeek: h });
      }}
    >
      <Stack>
        <Text size="sm">{t('admin.loads.transferHint', { teacher: load.teacherName })}</Text>
        <TeacherSelect
          label={t('admin.loads.newTeacher')}
          value={teacherId}
          onChange={setTeacherId}
          error={fieldError(error, 'teacherId')}
        />
        <TextInput
          label={t('admin.loads.hours')}
          inputMode="decimal"
          value={hours}
          onChange={(e) => setHours(e.currentTarget.value)}
          error={localError ?? fieldError(error, 'hoursPerWeek')}
          maw={160}
        />
        <FormError error={error} shows={showsFields('teacherId', 'hoursPerWeek')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={pending}>
            {t('admin.loads.transferSave')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function AddLoad({ cls }: { cls: ClassItem }) {
  const t = useT();
  const subjects = useSubjects();
  const subgroups = useSubgroups(cls.id);
  const curriculum = useCurriculum(cls.yearId);
  const { create } = useLoadActions();
  const [form, setForm] = useState({ subjectId: '', subgroupId: '', teacherId: '', hours: '' });
  const [local, setLocal] = useState<Record<string, string>>({});
  const [added, setAdded] = useState<string | null>(null);
  const planned = curriculum.data?.find((r) => r.grade === cls.grade && r.subjectId === form.subjectId)?.hoursPerWeek;

  function submit(e: FormEvent) {
    e.preventDefault();
    setAdded(null);
    const h = parseHours(form.hours);
    const missing: Record<string, string> = {};
    if (!form.subjectId) missing.subjectId = t('admin.loads.needSubject');
    if (!form.teacherId) missing.teacherId = t('admin.loads.needTeacher');
    if (Number.isNaN(h)) missing.hoursPerWeek = t('admin.curriculum.notNumber');
    setLocal(missing);
    if (Object.keys(missing).length) return;
    create.mutate(
      {
        classId: cls.id,
        subjectId: form.subjectId,
        subgroupId: form.subgroupId || null,
        teacherId: form.teacherId,
        hoursPerWeek: h ?? planned ?? null,
      },
      {
        onSuccess: (l) => {
          setForm({ subjectId: '', subgroupId: '', teacherId: '', hours: '' });
          setAdded(t('admin.loads.added', { name: l.subjectName, teacher: l.teacherName }));
        },
      },
    );
  }

  return (
    <Card component="section" aria-labelledby="add-load-title">
      <form onSubmit={submit} noValidate>
        <Title order={2} id="add-load-title" mb="sm">
          {t('admin.loads.add')}
        </Title>
        <Group align="flex-start" wrap="wrap">
          <NativeSelect
            label={t('admin.loads.subject')}
            required
            value={form.subjectId}
            onChange={(e) => setForm({ ...form, subjectId: e.currentTarget.value })}
            data={[
              { value: '', label: t('admin.loads.pickSubject') },
              ...(subjects.data ?? []).map((s) => ({ value: s.id, label: s.name })),
            ]}
            error={local.subjectId ?? fieldError(create.error, 'subjectId')}
          />
          <NativeSelect
            label={t('admin.loads.group')}
            value={form.subgroupId}
            onChange={(e) => setForm({ ...form, subgroupId: e.currentTarget.value })}
            data={[
              { value: '', label: t('admin.loads.wholeClass') },
              ...(subgroups.data ?? []).map((s) => ({ value: s.id, label: s.name })),
            ]}
            error={fieldError(create.error, 'subgroupId')}
          />
          <TeacherSelect
            label={t('admin.loads.teacher')}
            value={form.teacherId}
            onChange={(teacherId) => setForm({ ...form, teacherId })}
            error={local.teacherId ?? fieldError(create.error, 'teacherId')}
          />
          <TextInput
            label={t('admin.loads.hours')}
            description={planned ? t('admin.loads.planned', { hours: String(planned).replace('.', ',') }) : undefined}
            inputMode="decimal"
            value={form.hours}
            onChange={(e) => setForm({ ...form, hours: e.currentTarget.value })}
            error={local.hoursPerWeek ?? fieldError(create.error, 'hoursPerWeek')}
            maw={180}
          />
        </Group>
        <Stack mt="sm" gap="xs">
          <FormFooter
            error={create.error}
            shows={showsFields('subjectId', 'subgroupId', 'teacherId', 'hoursPerWeek')}
            done={added}
            pending={create.isPending}
            submitLabel={t('admin.loads.addButton')}
          />
        </Stack>
      </form>
    </Card>
  );
}
