import { Anchor, Badge, Button, Card, Group, Modal, NativeSelect, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import { useFormat, useT } from '../../../lib/i18n';
import {
  type Bell,
  type ClassItem,
  type ScheduledLesson,
  useBells,
  useClassDayLessons,
  useClasses,
  useClassLoads,
  useLessonChanges,
} from '../api';
import { TeacherPickForm } from '../components/TeacherPickForm';
import { FormError, FormFooter, fieldError, showsFields } from '../form-errors';
import { adminPaths } from '../paths';

function todayIso() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Lesson numbers to choose from: the bell schedule, or 0…12 while the school has none. */
function numberOptions(bells: Bell[]) {
  const list = bells.length ? bells : Array.from({ length: 13 }, (_, n) => ({ number: n, startsAt: '', endsAt: '' }));
  return list.map((b) => ({ value: String(b.number), label: b.startsAt ? `${b.number} (${b.startsAt}–${b.endsAt})` : String(b.number) }));
}

/**
 * One-off changes of the timetable (замены и переносы) [DOMAIN §2], [001 §5.4.2]: the administrator picks a class and
 * a day, sees that day's lessons and moves one to another date or lesson number, records a substitute teacher (who
 * then fills the page for that lesson) or removes the substitution, and adds an extra lesson of a journal page.
 * The server refuses a busy slot, a holiday or a closed period; its Russian message is shown as it is.
 */
export function LessonChangesPage() {
  const t = useT();
  const classes = useClasses();
  const [search, setSearch] = useSearchParams();
  const classId = search.get('classId');
  const date = search.get('date') ?? todayIso();
  // What is typed; the day shown changes only on a whole date (a date field is empty while half typed).
  const [dateText, setDateText] = useState(date);
  const cls = classes.data?.find((c) => c.id === classId);
  const go = (next: { classId?: string | null; date?: string }) => {
    const c = next.classId === undefined ? classId : next.classId;
    const d = next.date ?? date;
    setSearch({ ...(c ? { classId: c } : {}), ...(d ? { date: d } : {}) }, { replace: true });
  };
  return (
    <>
      <PageHeader title={t('admin.changes.title')} description={t('admin.changes.description')} />
      <Group mb="md">
        <Anchor component={Link} to={adminPaths.timetable}>
          {t('admin.bells.toTimetable')}
        </Anchor>
        <Anchor component={Link} to={adminPaths.bells}>
          {t('admin.bells.title')}
        </Anchor>
      </Group>
      <QueryState query={classes}>
        {(list) => (
          <Group align="flex-end" mb="lg">
            <Select
              label={t('admin.people.class')}
              placeholder={t('admin.credentials.pickClass')}
              data={list.map((c) => ({ value: c.id, label: c.name }))}
              value={classId}
              onChange={(v) => go({ classId: v })}
              searchable
              maw={220}
            />
            <TextInput
              type="date"
              label={t('admin.changes.date')}
              value={dateText}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setDateText(v);
                if (/^\d{4}-\d{2}-\d{2}$/.test(v)) go({ date: v });
              }}
            />
          </Group>
        )}
      </QueryState>
      {cls && date && <ClassDay key={`${cls.id}-${date}`} cls={cls} date={date} />}
    </>
  );
}

function ClassDay({ cls, date }: { cls: ClassItem; date: string }) {
  const t = useT();
  const fmt = useFormat();
  const lessons = useClassDayLessons(cls.id, date);
  // The bells in force on the day shown [004 admin].
  const bells = useBells(date);
  const changes = useLessonChanges();
  const [moving, setMoving] = useState<ScheduledLesson | null>(null);
  const [substituting, setSubstituting] = useState<ScheduledLesson | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const bellList = bells.data?.bells ?? [];
  const timeOf = (n: number) => {
    const b = bellList.find((x) => x.number === n);
    return b ? `${b.startsAt}–${b.endsAt}` : '—';
  };
  const what = (l: ScheduledLesson) => t('admin.changes.lessonLabel', { n: l.number, subject: l.subjectName });

  function removeSubstitute(l: ScheduledLesson) {
    setNotice(null);
    changes.substitute.reset();
    changes.substitute.mutate(
      { id: l.id, teacherId: null },
      { onSuccess: () => setNotice(t('admin.changes.substituteRemoved', { lesson: what(l) })) },
    );
  }

  return (
    <Stack>
      <Card component="section" aria-labelledby="day-title">
        <Title order={2} id="day-title" mb="sm">
          {t('admin.changes.dayOf', { name: cls.name, date: fmt.date(date) })}
        </Title>
        <QueryState query={lessons}>
          {(list) =>
            list.length === 0 ? (
              <Text>{t('admin.changes.noLessons')}</Text>
            ) : (
              <ScrollBox label={t('admin.changes.dayOf', { name: cls.name, date: fmt.date(date) })}>
                <Table striped withTableBorder data-testid="day-lessons">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('admin.timetable.lesson')}</Table.Th>
                      <Table.Th scope="col">{t('admin.changes.time')}</Table.Th>
                      <Table.Th scope="col">{t('admin.changes.subject')}</Table.Th>
                      <Table.Th scope="col">{t('admin.changes.teacher')}</Table.Th>
                      <Table.Th scope="col">{t('admin.changes.changes')}</Table.Th>
                      <Table.Th scope="col">{t('admin.credentials.actions')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {[...list]
                      .sort((a, b) => a.number - b.number || a.subjectName.localeCompare(b.subjectName, 'ru'))
                      .map((l) => (
                        <Table.Tr key={l.id}>
                          <Table.Th scope="row">{l.number}</Table.Th>
                          <Table.Td style={{ whiteSpace: 'nowrap' }}>{timeOf(l.number)}</Table.Td>
                          <Table.Td>
                            {l.subjectName}
                            {l.room ? (
                              <Text span size="sm" c="dimmed">
                                {' '}
                                {t('admin.changes.roomShort', { room: l.room })}
                              </Text>
                            ) : null}
                          </Table.Td>
                          <Table.Td>{l.teacherName}</Table.Td>
                          <Table.Td>
                            <Stack gap={2} align="flex-start">
                              {l.substituteName && (
                                <Badge variant="light" color="orange" tt="none">
                                  {t('admin.changes.substitutedBy', { name: l.substituteName })}
                                </Badge>
                              )}
                              {l.origin === 'moved' && l.movedFromDate && (
                                <Text size="sm">
                                  {t('admin.changes.movedFrom', { date: fmt.date(l.movedFromDate), n: l.movedFromNumber ?? '' })}
                                </Text>
                              )}
                              {l.origin === 'extra' && <Text size="sm">{t('admin.changes.extraLesson')}</Text>}
                            </Stack>
                          </Table.Td>
                          <Table.Td>
                            <Group gap="xs" wrap="nowrap">
                              <Button
                                size="xs"
                                variant="light"
                                aria-label={`${t('admin.changes.move')}: ${what(l)}`}
                                onClick={() => {
                                  changes.move.reset();
                                  setNotice(null);
                                  setMoving(l);
                                }}
                              >
                                {t('admin.changes.move')}
                              </Button>
                              <Button
                                size="xs"
                                variant="light"
                                aria-label={`${t('admin.changes.substitute')}: ${what(l)}`}
                                onClick={() => {
                                  changes.substitute.reset();
                                  setNotice(null);
                                  setSubstituting(l);
                                }}
                              >
                                {t('admin.changes.substitute')}
                              </Button>
                              {l.substituteTeacherId && (
                                <Button
                                  size="xs"
                                  variant="subtle"
                                  color="red"
                                  aria-label={`${t('admin.changes.removeSubstitute')}: ${what(l)}`}
                                  loading={changes.substitute.isPending && changes.substitute.variables?.id === l.id}
                                  onClick={() => removeSubstitute(l)}
                                >
                                  {t('admin.changes.removeSubstitute')}
                                </Button>
                              )}
                            </Group>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                  </Table.Tbody>
                </Table>
              </ScrollBox>
            )
          }
        </QueryState>
        <Stack mt="sm" gap="xs">
          {!substituting && <ErrorAlert error={changes.substitute.error} />}
          {notice && (
            <Text role="status" c="var(--mantine-color-green-light-color)">
              {notice}
            </Text>
          )}
        </Stack>
      </Card>
      <ExtraLesson cls={cls} date={date} bells={bellList} />
      <Modal
        opened={!!moving}
        onClose={() => setMoving(null)}
        title={moving ? t('admin.changes.moveTitle', { lesson: what(moving), date: fmt.date(moving.date) }) : ''}
      >
        {moving && (
          <MoveForm
            key={moving.id}
            lesson={moving}
            bells={bellList}
            error={changes.move.error}
            pending={changes.move.isPending}
            onCancel={() => setMoving(null)}
            onSave={(body) =>
              changes.move.mutate(
                { id: moving.id, ...body },
                {
                  onSuccess: (l) => {
                    setMoving(null);
                    setNotice(t('admin.changes.moved', { lesson: what(l), date: fmt.date(l.date), n: l.number }));
                  },
                },
              )
            }
          />
        )}
      </Modal>
      <Modal
        opened={!!substituting}
        onClose={() => setSubstituting(null)}
        title={substituting ? t('admin.changes.substituteTitle', { lesson: what(substituting), date: fmt.date(substituting.date) }) : ''}
      >
        {substituting && (
          <TeacherPickForm
            key={substituting.id}
            hint={t('admin.changes.substituteHint', { name: substituting.teacherName })}
            label={t('admin.changes.substituteTeacher')}
            noneLabel={t('admin.changes.noSubstitute')}
            saveLabel={t('admin.changes.substituteSave')}
            initial={substituting.substituteTeacherId ?? null}
            exclude={substituting.teacherId}
            error={changes.substitute.error}
            pending={changes.substitute.isPending}
            onCancel={() => setSubstituting(null)}
            onSave={(teacherId) =>
              changes.substitute.mutate(
                { id: substituting.id, teacherId },
                {
                  onSuccess: (l) => {
                    setSubstituting(null);
                    setNotice(t('admin.changes.substituted', { lesson: what(l), name: l.substituteName ?? '' }));
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

function MoveForm({
  lesson,
  bells,
  error,
  pending,
  onSave,
  onCancel,
}: {
  lesson: ScheduledLesson;
  bells: Bell[];
  error: unknown;
  pending: boolean;
  onSave: (body: { date: string; number: number; room: string | null }) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const [date, setDate] = useState(lesson.date);
  const [number, setNumber] = useState(String(lesson.number));
  const [room, setRoom] = useState(lesson.room ?? '');
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ date, number: Number(number), room: room.trim() || null });
      }}
    >
      <Stack>
        <Text size="sm">{t('admin.changes.moveHint')}</Text>
        <TextInput
          type="date"
          label={t('admin.changes.newDate')}
          required
          value={date}
          onChange={(e) => setDate(e.currentTarget.value)}
          error={fieldError(error, 'date')}
        />
        <NativeSelect
          label={t('admin.changes.newNumber')}
          value={number}
          onChange={(e) => setNumber(e.currentTarget.value)}
          data={numberOptions(bells)}
          error={fieldError(error, 'number')}
        />
        <TextInput
          label={t('admin.changes.room')}
          maxLength={30}
          value={room}
          onChange={(e) => setRoom(e.currentTarget.value)}
          error={fieldError(error, 'room')}
        />
        <FormError error={error} shows={showsFields('date', 'number', 'room')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={pending}>
            {t('admin.changes.moveSave')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** An extra (ad-hoc) lesson of one of the class's journal pages [DOMAIN §2]. */
function ExtraLesson({ cls, date, bells }: { cls: ClassItem; date: string; bells: Bell[] }) {
  const t = useT();
  const fmt = useFormat();
  const loads = useClassLoads(cls.id);
  const { extra } = useLessonChanges();
  const [pageId, setPageId] = useState('');
  const [day, setDay] = useState(date);
  const [number, setNumber] = useState(String(bells[0]?.number ?? 1));
  const [room, setRoom] = useState('');
  const [added, setAdded] = useState<string | null>(null);
  function submit(e: FormEvent) {
    e.preventDefault();
    setAdded(null);
    extra.mutate(
      { pageId, date: day, number: Number(number), room: room.trim() || null },
      {
        onSuccess: (l) => setAdded(t('admin.changes.extraAdded', { subject: l.subjectName, date: fmt.date(l.date), n: l.number })),
      },
    );
  }
  return (
    <Card component="section" aria-labelledby="extra-title">
      <form onSubmit={submit} noValidate>
        <Title order={2} id="extra-title" mb="xs">
          {t('admin.changes.extraTitle', { name: cls.name })}
        </Title>
        <Text size="sm" mb="sm">
          {t('admin.changes.extraHint')}
        </Text>
        <Group align="flex-start">
          <NativeSelect
            label={t('admin.changes.page')}
            required
            value={pageId}
            onChange={(e) => setPageId(e.currentTarget.value)}
            data={[
              { value: '', label: '—' },
              ...(loads.data ?? []).map((l) => ({
                value: l.id,
                label: `${l.subjectName}${l.subgroupName ? ` (${l.subgroupName})` : ''} — ${l.teacherName}`,
              })),
            ]}
            error={fieldError(extra.error, 'pageId')}
            miw={260}
          />
          <TextInput
            type="date"
            label={t('admin.changes.date')}
            required
            value={day}
            onChange={(e) => setDay(e.currentTarget.value)}
            error={fieldError(extra.error, 'date')}
          />
          <NativeSelect
            label={t('admin.timetable.lesson')}
            value={number}
            onChange={(e) => setNumber(e.currentTarget.value)}
            data={numberOptions(bells)}
            error={fieldError(extra.error, 'number')}
          />
          <TextInput
            label={t('admin.changes.room')}
            maxLength={30}
            value={room}
            onChange={(e) => setRoom(e.currentTarget.value)}
            error={fieldError(extra.error, 'room')}
            maw={140}
          />
        </Group>
        <Stack mt="sm" gap="xs">
          <FormFooter
            error={extra.error}
            shows={showsFields('pageId', 'date', 'number', 'room')}
            done={added}
            pending={extra.isPending}
            submitLabel={t('admin.changes.extraAdd')}
          />
        </Stack>
      </form>
    </Card>
  );
}
