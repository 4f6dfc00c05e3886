import { Alert, Button, Card, Checkbox, Group, List, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { useT } from '../../../lib/i18n';
import { hasRole, useCurrentUser } from '../../../lib/session';
import { type ClassItem, type Subgroup, useClasses, useClassStudents, useSubgroupActions, useSubgroups } from '../api';
import { usePickedYear, YearPicker } from '../components/YearPicker';
import { FormError, fieldError, showsFields } from '../form-errors';

interface Student {
  id: string;
  name: string;
}

/**
 * Subgroups of a class (языки, информатика, труд) [003 §3.2]: the class teacher — or the administrator —
 * creates, renames and deletes them and decides who is in each; each subgroup teacher keeps their own page.
 * An earlier, closed year's subgroups are shown with their members, read-only [002 §4.6].
 */
export function SubgroupsPage() {
  const t = useT();
  const me = useCurrentUser();
  const isAdmin = hasRole(me, 'administrator');
  const picked = usePickedYear();
  const classes = useClasses(picked.yearId);
  const [search, setSearch] = useSearchParams();
  const mine = useMemo(() => (classes.data ?? []).filter((c) => isAdmin || c.isMine), [classes.data, isAdmin]);
  const classId = search.get('classId');
  const { withYear } = picked;
  // A class teacher of one class goes straight to it.
  useEffect(() => {
    if (!classId && mine.length === 1) setSearch(withYear({ classId: mine[0].id }), { replace: true });
  }, [classId, mine, setSearch, withYear]);
  const cls = mine.find((c) => c.id === classId);
  return (
    <>
      <PageHeader title={t('admin.subgroups.title')} description={t('admin.subgroups.description')} />
      <YearPicker picked={picked} />
      <QueryState query={classes}>
        {() =>
          mine.length === 0 ? (
            <Text>{t('admin.subgroups.noClasses')}</Text>
          ) : (
            <Select
              label={t('admin.people.class')}
              placeholder={t('admin.credentials.pickClass')}
              data={mine.map((c) => ({ value: c.id, label: c.name }))}
              value={cls ? cls.id : null}
              onChange={(v) => setSearch(withYear(v ? { classId: v } : {}), { replace: true })}
              searchable
              maw={220}
              mb="lg"
            />
          )
        }
      </QueryState>
      {cls && (picked.readOnly ? <ClosedSubgroups key={cls.id} cls={cls} /> : <ClassSubgroups key={cls.id} cls={cls} />)}
    </>
  );
}

/** [002 §4.6] a closed year: each subgroup with who was in it, nothing to change. */
function ClosedSubgroups({ cls }: { cls: ClassItem }) {
  const t = useT();
  const subgroups = useSubgroups(cls.id);
  return (
    <QueryState query={subgroups}>
      {(list) =>
        list.length === 0 ? (
          <Text>{t('admin.subgroups.none', { name: cls.name })}</Text>
        ) : (
          <Stack>
            {list.map((sg) => (
              <Card key={sg.id} component="section" aria-labelledby={`subgroup-${sg.id}`} data-testid="subgroup">
                <Title order={2} id={`subgroup-${sg.id}`} mb="xs">
                  {t('admin.subgroups.cardTitle', { name: sg.name, count: sg.members.length })}
                </Title>
                {sg.members.length === 0 ? (
                  <Text size="sm">{t('admin.classes.empty')}</Text>
                ) : (
                  <List>
                    {sg.members.map((m) => (
                      <List.Item key={m.id}>{m.name}</List.Item>
                    ))}
                  </List>
                )}
              </Card>
            ))}
          </Stack>
        )
      }
    </QueryState>
  );
}

function ClassSubgroups({ cls }: { cls: ClassItem }) {
  const t = useT();
  const subgroups = useSubgroups(cls.id);
  const students = useClassStudents(cls.id);
  const { create } = useSubgroupActions();
  const [name, setName] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  // Current students only, once each (a student who came back has two stays).
  const current = useMemo<Student[]>(() => {
    const seen = new Map<string, Student>();
    for (const s of students.data ?? []) if (s.current && !seen.has(s.id)) seen.set(s.id, { id: s.id, name: s.name });
    return [...seen.values()];
  }, [students.data]);

  function submit(e: FormEvent) {
    e.preventDefault();
    setNotice(null);
    create.mutate(
      { classId: cls.id, name: name.trim() },
      {
        onSuccess: (sg) => {
          setName('');
          setNotice(t('admin.subgroups.created', { name: sg.name }));
        },
      },
    );
  }

  return (
    <Stack>
      <QueryState query={subgroups}>
        {(list) =>
          list.length === 0 ? (
            <Text>{t('admin.subgroups.none', { name: cls.name })}</Text>
          ) : (
            <Stack>
              {list.map((sg) => (
                <SubgroupCard
                  key={sg.id}
                  subgroup={sg}
                  students={current}
                  others={list.filter((o) => o.id !== sg.id)}
                  onNotice={setNotice}
                />
              ))}
            </Stack>
          )
        }
      </QueryState>
      {notice && (
        <Text role="status" c="var(--mantine-color-green-light-color)">
          {notice}
        </Text>
      )}
      <Card component="section" aria-labelledby="add-subgroup-title">
        <form onSubmit={submit} noValidate>
          <Title order={2} id="add-subgroup-title" mb="sm">
            {t('admin.subgroups.add', { name: cls.name })}
          </Title>
          <Group align="flex-start">
            <TextInput
              label={t('admin.subgroups.name')}
              description={t('admin.subgroups.nameHint')}
              required
              maxLength={60}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={fieldError(create.error, 'name')}
            />
          </Group>
          <Stack mt="sm" gap="xs">
            <FormError error={create.error} shows={showsFields('name')} />
            <Group>
              <Button type="submit" loading={create.isPending}>
                {t('admin.subgroups.addButton')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}

function SubgroupCard({
  subgroup,
  students,
  others,
  onNotice,
}: {
  subgroup: Subgroup;
  students: Student[];
  others: Subgroup[];
  onNotice: (text: string | null) => void;
}) {
  const t = useT();
  const { rename, members, remove } = useSubgroupActions();
  const [name, setName] = useState(subgroup.name);
  const [chosen, setChosen] = useState<string[]>(subgroup.members.map((m) => m.id));
  useEffect(() => setChosen(subgroup.members.map((m) => m.id)), [subgroup.members]);
  const inOther = (id: string) => others.find((o) => o.members.some((m) => m.id === id))?.name;
  // Former members who left the class are shown too, so saving does not drop them unseen.
  const shown = [...students, ...subgroup.members.filter((m) => !students.some((s) => s.id === m.id))];
  const headingId = `subgroup-${subgroup.id}`;
  return (
    <Card component="section" aria-labelledby={headingId} data-testid="subgroup">
      <Stack>
        <Title order={2} id={headingId}>
          {t('admin.subgroups.cardTitle', { name: subgroup.name, count: subgroup.members.length })}
        </Title>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            onNotice(null);
            rename.mutate(
              { id: subgroup.id, name: name.trim() },
              { onSuccess: (sg) => onNotice(t('admin.subgroups.renamed', { name: sg.name })) },
            );
          }}
        >
          <Group align="flex-end">
            <TextInput
              label={t('admin.subgroups.newName', { name: subgroup.name })}
              maxLength={60}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={fieldError(rename.error, 'name')}
            />
            <Button
              type="submit"
              variant="light"
              aria-label={`${t('admin.subgroups.rename')}: ${subgroup.name}`}
              loading={rename.isPending}
              disabled={!name.trim() || name.trim() === subgroup.name}
            >
              {t('admin.subgroups.rename')}
            </Button>
          </Group>
          <FormError error={rename.error} shows={showsFields('name')} />
        </form>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            onNotice(null);
            members.mutate(
              { id: subgroup.id, studentIds: chosen },
              { onSuccess: (sg) => onNotice(t('admin.subgroups.membersSaved', { name: sg.name, count: sg.members.length })) },
            );
          }}
        >
          <Checkbox.Group label={t('admin.subgroups.members', { name: subgroup.name })} value={chosen} onChange={setChosen}>
            {students.length === 0 && <Text size="sm">{t('admin.classes.empty')}</Text>}
            <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing={6} mt="xs">
              {shown.map((s) => {
                const other = inOther(s.id);
                return (
                  <Checkbox
                    key={s.id}
                    value={s.id}
                    label={other ? `${s.name} (${t('admin.subgroups.inOther', { name: other })})` : s.name}
                  />
                );
              })}
            </SimpleGrid>
          </Checkbox.Group>
          <Group mt="sm">
            <Button type="submit" loading={members.isPending} aria-label={`${t('admin.subgroups.saveMembers')}: ${subgroup.name}`}>
              {t('admin.subgroups.saveMembers')}
            </Button>
            <Button
              variant="light"
              color="red"
              aria-label={`${t('admin.subgroups.delete')}: ${subgroup.name}`}
              loading={remove.isPending}
              onClick={() => {
                if (!window.confirm(t('admin.subgroups.deleteConfirm', { name: subgroup.name }))) return;
                onNotice(null);
                remove.mutate(subgroup.id, { onSuccess: () => onNotice(t('admin.subgroups.deleted', { name: subgroup.name })) });
              }}
            >
              {t('admin.subgroups.delete')}
            </Button>
          </Group>
        </form>
        <ErrorAlert error={members.error ?? remove.error} />
        {subgroup.members.length === 0 && (
          <Alert color="yellow" variant="light">
            {t('admin.subgroups.emptyWarning')}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
