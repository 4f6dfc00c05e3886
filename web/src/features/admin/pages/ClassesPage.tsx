import { Anchor, Button, Card, Group, Modal, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import { type MessageKey, useFormat, useT } from '../../../lib/i18n';
import { type ClassItem, useClassActions, useClasses, useClassStudents } from '../api';
import { TeacherPickForm } from '../components/TeacherPickForm';
import { usePickedYear, YearPicker } from '../components/YearPicker';
import { FormFooter, fieldError, showsFields } from '../form-errors';
import { adminPaths } from '../paths';

const GRADES = Array.from({ length: 11 }, (_, i) => i + 1);

/**
 * The classes of a year (the current one by default) with their class teacher [004 admin]: a class teacher is
 * assigned or removed here; a class opens its list, its subgroups, its teaching load and its movement (движение
 * учащихся); a new class is added, a class is corrected (grade, letter, period scheme) or — while empty — deleted.
 * An earlier, closed year is only read [002 §4.6]: its lists stay, the changing buttons are gone.
 */
export function ClassesPage() {
  const t = useT();
  const picked = usePickedYear();
  const { readOnly } = picked;
  const classes = useClasses(picked.yearId);
  const { setTeacher, update, remove } = useClassActions();
  const [openId, setOpenId] = useState<string | null>(null);
  const [assigning, setAssigning] = useState<ClassItem | null>(null);
  const [editing, setEditing] = useState<ClassItem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <>
      <PageHeader title={t('admin.classes.title')} description={t('admin.classes.description')} />
      <YearPicker picked={picked} />
      <QueryState query={classes}>
        {(list) => (
          <ScrollBox label={t('admin.classes.title')}>
            <Table striped withTableBorder data-testid="classes">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.people.class')}</Table.Th>
                  <Table.Th>{t('admin.classes.teacher')}</Table.Th>
                  <Table.Th>{t('admin.classes.students')}</Table.Th>
                  <Table.Th>{t('admin.credentials.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td fw={700}>{c.name}</Table.Td>
                    <Table.Td>
                      {c.classTeacherId ? (
                        <Anchor component={Link} to={adminPaths.person(c.classTeacherId)}>
                          {c.classTeacherName}
                        </Anchor>
                      ) : (
                        t('admin.classes.noTeacher')
                      )}
                    </Table.Td>
                    <Table.Td>{c.studentCount}</Table.Td>
                    <Table.Td>
                      <Group gap="xs">
                        <Button
                          size="xs"
                          variant="light"
                          aria-expanded={openId === c.id}
                          aria-label={`${t('admin.classes.list')}: ${c.name}`}
                          onClick={() => setOpenId(openId === c.id ? null : c.id)}
                        >
                          {t('admin.classes.list')}
                        </Button>
                        {!readOnly && (
                          <>
                            <Button
                              size="xs"
                              variant="light"
                              aria-label={`${t('admin.classes.assign')}: ${c.name}`}
                              onClick={() => {
                                setTeacher.reset();
                                setNotice(null);
                                setAssigning(c);
                              }}
                            >
                              {t('admin.classes.assign')}
                            </Button>
                            <Button
                              size="xs"
                              variant="light"
                              aria-label={`${t('admin.classes.edit')}: ${c.name}`}
                              onClick={() => {
                                update.reset();
                                setNotice(null);
                                setEditing(c);
                              }}
                            >
                              {t('admin.classes.edit')}
                            </Button>
                            <Button
                              size="xs"
                              variant="subtle"
                              color="red"
                              aria-label={`${t('admin.classes.delete')}: ${c.name}`}
                              loading={remove.isPending && remove.variables === c.id}
                              onClick={() => {
                                if (!window.confirm(t('admin.classes.deleteConfirm', { name: c.name }))) return;
                                setNotice(null);
                                remove.mutate(c.id, {
                                  onSuccess: () => {
                                    if (openId === c.id) setOpenId(null);
                                    setNotice(t('admin.classes.deleted', { name: c.name }));
                                  },
                                });
                              }}
                            >
                              {t('admin.classes.delete')}
                            </Button>
                          </>
                        )}
                        <Button
                          size="xs"
                          variant="subtle"
                          component={Link}
                          to={picked.link(adminPaths.classSubgroups(c.id))}
                          aria-label={`${t('admin.subgroups.title')}: ${c.name}`}
                        >
                          {t('admin.subgroups.title')}
                        </Button>
                        <Button
                          size="xs"
                          variant="subtle"
                          component={Link}
                          to={picked.link(adminPaths.classLoads(c.id))}
                          aria-label={`${t('admin.loads.title')}: ${c.name}`}
                        >
                          {t('admin.loads.title')}
                        </Button>
                        <Button
                          size="xs"
                          variant="subtle"
                          component={Link}
                          to={picked.link(adminPaths.classMovements(c.id))}
                          aria-label={`${t('admin.movements.short')}: ${c.name}`}
                        >
                          {t('admin.movements.short')}
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
      <ErrorAlert error={remove.error} />
      {notice && (
        <Text role="status" c="var(--mantine-color-green-light-color)" mt="xs">
          {notice}
        </Text>
      )}
      {/* A class of the year shown: another year's list closes with its year. */}
      {openId && classes.data?.some((c) => c.id === openId) && (
        <ClassList classId={openId} name={classes.data.find((c) => c.id === openId)?.name ?? ''} />
      )}
      {!readOnly && <AddClass yearId={picked.yearId} />}
      <Modal
        opened={!!editing}
        onClose={() => setEditing(null)}
        title={editing ? t('admin.classes.editTitle', { name: editing.name }) : ''}
      >
        {editing && (
          <EditClass
            key={editing.id}
            cls={editing}
            error={update.error}
            pending={update.isPending}
            onCancel={() => setEditing(null)}
            onSave={(body) =>
              update.mutate(
                { id: editing.id, ...body },
                {
                  onSuccess: (c) => {
                    setEditing(null);
                    setNotice(t('admin.classes.saved', { name: c.name }));
                  },
                },
              )
            }
          />
        )}
      </Modal>
      <Modal
        opened={!!assigning}
        onClose={() => setAssigning(null)}
        title={assigning ? t('admin.classes.assignTitle', { name: assigning.name }) : ''}
      >
        {assigning && (
          <TeacherPickForm
            key={assigning.id}
            hint={t('admin.classes.assignHint')}
            label={t('admin.classes.teacher')}
            noneLabel={t('admin.classes.noTeacherOption')}
            saveLabel={t('admin.classes.assignSave')}
            initial={assigning.classTeacherId ?? null}
            error={setTeacher.error}
            pending={setTeacher.isPending}
            onCancel={() => setAssigning(null)}
            onSave={(teacherId) =>
              setTeacher.mutate(
                { classId: assigning.id, teacherId },
                {
                  onSuccess: (c) => {
                    setAssigning(null);
                    setNotice(
                      c.classTeacherName
                        ? t('admin.classes.assigned', { name: c.name, teacher: c.classTeacherName })
                        : t('admin.classes.unassigned', { name: c.name }),
                    );
                  },
                },
              )
            }
          />
        )}
      </Modal>
    </>
  );
}

type Scheme = ClassItem['periodScheme'];
const SCHEMES: Scheme[] = ['quarter', 'half', 'trimester'];

/** [004 admin] a class corrected: its grade, letter and period scheme (the server refuses a name the year already has). */
function EditClass({
  cls,
  error,
  pending,
  onSave,
  onCancel,
}: {
  cls: ClassItem;
  error: unknown;
  pending: boolean;
  onSave: (body: { grade: number; letter: string; periodScheme: Scheme }) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const [grade, setGrade] = useState(String(cls.grade));
  const [letter, setLetter] = useState(cls.letter);
  const [scheme, setScheme] = useState<Scheme>(cls.periodScheme);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ grade: Number(grade), letter: letter.trim(), periodScheme: scheme });
      }}
    >
      <Stack>
        <Group align="flex-start">
          <NativeSelect
            label={t('admin.classes.grade')}
            value={grade}
            onChange={(e) => setGrade(e.currentTarget.value)}
            data={GRADES.map(String)}
            error={fieldError(error, 'grade')}
          />
          <TextInput
            label={t('admin.classes.letter')}
            required
            maxLength={3}
            value={letter}
            onChange={(e) => setLetter(e.currentTarget.value)}
            error={fieldError(error, 'letter')}
            maw={120}
          />
          <NativeSelect
            label={t('admin.classes.scheme')}
            value={scheme}
            onChange={(e) => setScheme(e.currentTarget.value as Scheme)}
            data={SCHEMES.map((x) => ({ value: x, label: t(`admin.y2.scheme.${x}` as MessageKey) }))}
            error={fieldError(error, 'periodScheme')}
          />
        </Group>
        <FormFooter
          error={error}
          shows={showsFields('grade', 'letter', 'periodScheme')}
          pending={pending}
          submitLabel={t('admin.classes.save')}
          onCancel={onCancel}
        />
      </Stack>
    </form>
  );
}

/** A new class in the shown year: a draft year gets its classes before it starts [002 §4.6]. */
function AddClass({ yearId }: { yearId: string | null }) {
  const t = useT();
  const { create } = useClassActions();
  const [grade, setGrade] = useState('5');
  const [letter, setLetter] = useState('');
  const [added, setAdded] = useState<string | null>(null);
  function submit(e: FormEvent) {
    e.preventDefault();
    setAdded(null);
    create.mutate(
      { grade: Number(grade), letter: letter.trim(), ...(yearId ? { yearId } : {}) },
      {
        onSuccess: (c) => {
          setLetter('');
          setAdded(t('admin.classes.added', { name: c.name }));
        },
      },
    );
  }
  return (
    <Card mt="lg" component="section" aria-labelledby="add-class-title">
      <form onSubmit={submit} noValidate>
        <Title order={2} id="add-class-title" mb="sm">
          {t('admin.classes.add')}
        </Title>
        <Group align="flex-start">
          <NativeSelect
            label={t('admin.classes.grade')}
            value={grade}
            onChange={(e) => setGrade(e.currentTarget.value)}
            data={GRADES.map(String)}
            error={fieldError(create.error, 'grade')}
          />
          <TextInput
            label={t('admin.classes.letter')}
            required
            maxLength={3}
            value={letter}
            onChange={(e) => setLetter(e.currentTarget.value)}
            error={fieldError(create.error, 'letter')}
            maw={120}
          />
        </Group>
        <Stack mt="sm" gap="xs">
          <FormFooter
            error={create.error}
            shows={showsFields('grade', 'letter')}
            done={added}
            pending={create.isPending}
            submitLabel={t('admin.classes.addButton')}
          />
        </Stack>
      </form>
    </Card>
  );
}

function ClassList({ classId, name }: { classId: string; name: string }) {
  const t = useT();
  const fmt = useFormat();
  const students = useClassStudents(classId);
  return (
    <Card mt="lg">
      <Stack>
        <Title order={2}>{t('admin.classes.listOf', { name })}</Title>
        <QueryState query={students}>
          {(list) =>
            list.length === 0 ? (
              <Text>{t('admin.classes.empty')}</Text>
            ) : (
              <Table striped withTableBorder>
                <Table.Tbody>
                  {list.map((s, i) => (
                    <Table.Tr key={`${s.id}-${s.fromDate}`}>
                      <Table.Td>{i + 1}</Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={adminPaths.person(s.id)}>
                          {s.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        {fmt.date(s.fromDate)}
                        {s.toDate ? ` — ${fmt.date(s.toDate)}` : ''}
                      </Table.Td>
                      {/* How the stay ended: in a closed year everyone went up, graduated or stayed, not «left». */}
                      <Table.Td>
                        {s.current
                          ? ''
                          : s.departureKind
                            ? t(`admin.movements.out.${s.departureKind}` as MessageKey)
                            : t('admin.classes.left')}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )
          }
        </QueryState>
      </Stack>
    </Card>
  );
}
