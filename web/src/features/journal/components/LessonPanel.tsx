import { WORK_TYPES, workTypeName, workTypeWeight } from '@domain/work-types';
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  FileButton,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, memo, useEffect, useRef, useState } from 'react';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { useFormat, useT } from '../../../lib/i18n';
import {
  MAX_FILE_BYTES,
  staleWork,
  useAddWork,
  useAllPresent,
  useAttachFile,
  useDeleteFile,
  useDeleteHomework,
  useDeleteWork,
  usePlan,
  useSaveHomework,
  useSaveTopic,
  useUpdateWork,
} from '../api';
import type { JournalPageData, Lesson, Work } from '../model/journal-data';
import { useWorkLabels } from './work-labels';

interface Props {
  page: JournalPageData;
  lesson: Lesson;
  readOnly: boolean;
  /** Opens the history drawer for the lesson's topic or homework. */
  onHistory: (entity: 'topic' | 'homework') => void;
}

/**
 * A form field over a server value: it follows the server (another tab, a refetch) until the teacher
 * starts typing, and never overwrites what they typed.
 */
function useDraft(server: string): [string, (v: string) => void] {
  const [draft, setDraft] = useState(server);
  const last = useRef(server);
  useEffect(() => {
    setDraft((d) => (d === last.current ? server : d));
    last.current = server;
  }, [server]);
  return [draft, setDraft];
}

/** The due date a teacher usually means: the page's next lesson, else a week later. */
function defaultDueDate(page: JournalPageData, lesson: Lesson): string {
  const next = page.lessons.find((l) => l.date > lesson.date);
  if (next) return next.date;
  const d = new Date(`${lesson.date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 7);
  return d.toISOString().slice(0, 10);
}

/**
 * [003 §3.2] the lesson's link to an item of the thematic plan: choosing an item takes its topic when the
 * lesson has none (or still has the previous item's), and otherwise keeps the teacher's wording.
 */
function PlanItemSelect({
  pageId,
  lesson,
  topic,
  readOnly,
  onLink,
}: {
  pageId: string;
  lesson: Lesson;
  topic: string;
  readOnly: boolean;
  onLink: (input: { topic: string | null; planItemId: string | null }) => void;
}) {
  const t = useT();
  const plan = usePlan(pageId);
  const items = plan.data?.items ?? [];
  if (items.length === 0) return null;
  const linked = items.find((i) => i.id === lesson.planItemId);
  return (
    <NativeSelect
      label={t('journal.lesson.planItem')}
      size="xs"
      value={lesson.planItemId ?? ''}
      disabled={readOnly}
      onChange={(e) => {
        const id = e.currentTarget.value || null;
        const item = items.find((i) => i.id === id);
        const current = topic.trim();
        const follows = !current || (linked && current === linked.topic);
        onLink({ topic: item && follows ? item.topic : current || null, planItemId: id });
      }}
      data={[
        { value: '', label: t('journal.lesson.planNone') },
        ...items.map((i) => ({
          value: i.id,
          label: t('journal.lesson.planOption', { position: i.position, topic: i.topic, hours: i.hours }),
        })),
      ]}
    />
  );
}

function TopicForm({
  page,
  lesson,
  readOnly,
  onHistory,
}: {
  page: JournalPageData;
  lesson: Lesson;
  readOnly: boolean;
  onHistory: () => void;
}) {
  const t = useT();
  const [topic, setTopic] = useDraft(lesson.topic ?? '');
  const save = useSaveTopic(lesson);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      topic: topic.trim() || null,
      planItemId: lesson.topic === null && topic === lesson.suggestedTopic ? lesson.suggestedPlanItemId : lesson.planItemId,
    });
  };
  const takeFromPlan = () => {
    if (!lesson.suggestedTopic) return;
    setTopic(lesson.suggestedTopic);
    save.mutate({ topic: lesson.suggestedTopic, planItemId: lesson.suggestedPlanItemId });
  };
  const changed = topic.trim() !== (lesson.topic ?? '');
  return (
    <form onSubmit={submit}>
      <Stack gap={6}>
        <TextInput
          label={t('journal.lesson.topic')}
          value={topic}
          onChange={(e) => setTopic(e.currentTarget.value)}
          readOnly={readOnly}
          maxLength={500}
          placeholder={lesson.suggestedTopic ?? undefined}
          description={!lesson.topic && !readOnly ? t('journal.lesson.topicRequired') : undefined}
          size="sm"
        />
        {!readOnly && (
          <Group gap="xs">
            <Button type="submit" size="xs" loading={save.isPending} disabled={!changed}>
              {t('journal.lesson.saveTopic')}
            </Button>
            {lesson.suggestedTopic && !lesson.topic && (
              <Button type="button" size="xs" variant="light" onClick={takeFromPlan} title={lesson.suggestedTopic}>
                {t('journal.lesson.fromPlan')}
              </Button>
            )}
            <Button type="button" size="xs" variant="subtle" onClick={onHistory}>
              {t('journal.history.open')}
            </Button>
            {save.isSuccess && !changed && (
              <Text size="xs" c="#1e6b30" role="status">
                {t('journal.state.saved')}
              </Text>
            )}
          </Group>
        )}
        <PlanItemSelect
          pageId={page.page.id}
          lesson={lesson}
          topic={topic}
          readOnly={readOnly}
          onLink={(input) => {
            if (input.topic !== null) setTopic(input.topic);
            save.mutate(input);
          }}
        />
        {save.isError && <ErrorAlert error={save.error} />}
      </Stack>
    </form>
  );
}

function HomeworkForm({
  page,
  lesson,
  readOnly,
  onHistory,
}: {
  page: JournalPageData;
  lesson: Lesson;
  readOnly: boolean;
  onHistory: () => void;
}) {
  const t = useT();
  const fmt = useFormat();
  const [text, setText] = useDraft(lesson.homework?.text ?? '');
  const [due, setDue] = useDraft(lesson.homework?.dueDate ?? defaultDueDate(page, lesson));
  const [fileError, setFileError] = useState<string | null>(null);
  const save = useSaveHomework(lesson);
  const attach = useAttachFile(lesson);
  const removeHomework = useDeleteHomework(lesson);
  const removeFile = useDeleteFile(lesson);
  const changed = text.trim() !== (lesson.homework?.text ?? '') || due !== (lesson.homework?.dueDate ?? '');
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!text.trim()) return;
    save.mutate({ text: text.trim(), dueDate: due });
  };
  const upload = (file: File | null) => {
    setFileError(null);
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setFileError(t('journal.lesson.fileTooLarge', { name: file.name }));
      return;
    }
    attach.mutate(file);
  };
  const files = lesson.homework?.files ?? [];
  return (
    <form onSubmit={submit}>
      <Stack gap={6}>
        <Textarea
          label={t('journal.lesson.homework')}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit();
          }}
          readOnly={readOnly}
          autosize
          minRows={2}
          maxRows={6}
          maxLength={5000}
          description={readOnly ? undefined : t('journal.lesson.homeworkHint')}
          size="sm"
        />
        <TextInput
          type="date"
          label={t('journal.lesson.dueDate')}
          value={due}
          min={lesson.date}
          onChange={(e) => setDue(e.currentTarget.value)}
          readOnly={readOnly}
          size="sm"
          w={180}
        />
        {!readOnly && (
          <Group gap="xs">
            <Button type="submit" size="xs" loading={save.isPending} disabled={!changed || !text.trim()}>
              {t('journal.lesson.saveHomework')}
            </Button>
            <FileButton onChange={upload} disabled={!lesson.homework}>
              {(props) => (
                <Button
                  {...props}
                  size="xs"
                  variant="light"
                  loading={attach.isPending}
                  title={lesson.homework ? undefined : t('journal.lesson.attachFirst')}
                >
                  {t('journal.lesson.attach')}
                </Button>
              )}
            </FileButton>
            <Button type="button" size="xs" variant="subtle" onClick={onHistory}>
              {t('journal.history.open')}
            </Button>
            {lesson.homework && (
              <Button
                type="button"
                size="xs"
                variant="subtle"
                color="red"
                loading={removeHomework.isPending}
                onClick={() => {
                  if (window.confirm(t('journal.lesson.deleteHomeworkConfirm', { date: fmt.date(lesson.date) }))) removeHomework.mutate();
                }}
              >
                {t('journal.lesson.deleteHomework')}
              </Button>
            )}
            {save.isSuccess && !changed && (
              <Text size="xs" c="#1e6b30" role="status">
                {t('journal.state.saved')}
              </Text>
            )}
          </Group>
        )}
        {save.isError && <ErrorAlert error={save.error} />}
        {attach.isError && <ErrorAlert error={attach.error} />}
        {removeHomework.isError && <ErrorAlert error={removeHomework.error} />}
        {removeFile.isError && <ErrorAlert error={removeFile.error} />}
        {fileError && (
          <Alert color="red" variant="light" role="alert">
            {fileError}
          </Alert>
        )}
        {files.length > 0 && (
          <Stack gap={2} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('journal.lesson.files')}>
            {files.map((f) => (
              <li key={f.id}>
                <Anchor href={`/api/files/${f.id}`} download={f.name} size="sm">
                  {f.name}
                </Anchor>{' '}
                <Text span size="xs" c="dimmed">
                  {t('journal.lesson.fileSize', { size: fmt.number(Math.max(1, Math.round(f.size / 1024))) })}
                </Text>
                {!readOnly && (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    size="sm"
                    ml={4}
                    aria-label={t('journal.lesson.deleteFile', { name: f.name })}
                    title={t('journal.lesson.deleteFile', { name: f.name })}
                    loading={removeFile.isPending && removeFile.variables === f.id}
                    onClick={() => {
                      if (window.confirm(t('journal.lesson.deleteFileConfirm', { name: f.name }))) removeFile.mutate(f.id);
                    }}
                  >
                    ×
                  </ActionIcon>
                )}
              </li>
            ))}
          </Stack>
        )}
      </Stack>
    </form>
  );
}

const workTypeOptions = (t: ReturnType<typeof useT>) =>
  WORK_TYPES.map((code) => ({ value: code, label: `${workTypeName(code)} (${t(`journal.workShort.${code}`)})` }));

/**
 * A change or removal of a work refused because someone else changed it first [issue 4]: what the work is
 * now, in words (its weight as the page counts it), so the teacher can check before trying again.
 */
function WorkConflict({ error, page, action }: { error: unknown; page: JournalPageData; action: 'update' | 'delete' }) {
  const t = useT();
  const label = useWorkLabels();
  const current = staleWork(error);
  if (!current) return <ErrorAlert error={error} />;
  const l = label({
    ...current,
    weight: current.weight ?? workTypeWeight(current.workType, page.settings as Parameters<typeof workTypeWeight>[1]),
  });
  return (
    <Alert color="orange" variant="light" role="alert" data-testid="work-conflict">
      {t(action === 'update' ? 'journal.lesson.workConflict' : 'journal.lesson.workConflictDelete', { name: l.full, weight: l.weight })}
    </Alert>
  );
}

/**
 * One work of the lesson: its type and title, edited in place; deleted while it has no marks [002 §4.4].
 * Both carry the version the teacher saw [issue 4].
 */
function WorkRow({ page, work, marked, readOnly }: { page: JournalPageData; work: Work; marked: boolean; readOnly: boolean }) {
  const t = useT();
  const label = useWorkLabels();
  const l = label(work);
  const [editing, setEditing] = useState(false);
  const [type, setType] = useState(work.workType);
  const [title, setTitle] = useState(work.title ?? '');
  const update = useUpdateWork();
  const remove = useDeleteWork();
  const editRef = useRef<HTMLButtonElement>(null);
  const typeRef = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (editing) typeRef.current?.focus();
  }, [editing]);
  const finish = () => {
    setEditing(false);
    // Back to the button that opened the form, for the keyboard.
    requestAnimationFrame(() => editRef.current?.focus());
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({ work, workType: type, title: title.trim() || null, typeChanged: type !== work.workType }, { onSuccess: finish });
  };
  if (editing) {
    return (
      <li>
        <form onSubmit={submit} aria-label={t('journal.lesson.editWork', { name: l.full })}>
          <Group gap="xs" align="flex-end" wrap="wrap">
            <NativeSelect
              label={t('journal.lesson.workType')}
              size="xs"
              value={type}
              onChange={(e) => setType(e.currentTarget.value)}
              data={workTypeOptions(t)}
              ref={typeRef}
            />
            <TextInput
              label={t('journal.lesson.workTitle')}
              size="xs"
              value={title}
              maxLength={200}
              onChange={(e) => setTitle(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') finish();
              }}
            />
            <Button type="submit" size="xs" loading={update.isPending}>
              {t('journal.lesson.saveWork')}
            </Button>
            <Button type="button" size="xs" variant="subtle" onClick={finish}>
              {t('journal.lesson.cancelEdit')}
            </Button>
          </Group>
          {update.isError && <WorkConflict error={update.error} page={page} action="update" />}
        </form>
      </li>
    );
  }
  return (
    <li data-testid="work-row">
      <Group gap={6} wrap="nowrap">
        <Badge variant="light" size="sm" w={52}>
          {l.short}
        </Badge>
        <Text size="sm" style={{ flex: 1 }}>
          {l.full}, {t('journal.grid.weight')} {l.weight}
        </Text>
        {!readOnly && (
          <ActionIcon
            ref={editRef}
            variant="subtle"
            size="sm"
            aria-label={t('journal.lesson.editWork', { name: l.full })}
            title={t('journal.lesson.editWork', { name: l.full })}
            onClick={() => {
              setType(work.workType);
              setTitle(work.title ?? '');
              setEditing(true);
            }}
          >
            ✎
          </ActionIcon>
        )}
        {!readOnly &&
          (marked ? (
            <Text size="xs" c="dimmed" title={t('journal.lesson.workHasMarks')}>
              {t('journal.lesson.workHasMarksShort')}
            </Text>
          ) : (
            <ActionIcon
              variant="subtle"
              color="red"
              size="sm"
              aria-label={t('journal.lesson.deleteWork', { name: l.full })}
              title={t('journal.lesson.deleteWork', { name: l.full })}
              onClick={() => remove.mutate(work)}
              loading={remove.isPending}
            >
              ×
            </ActionIcon>
          ))}
      </Group>
      {remove.isError && <WorkConflict error={remove.error} page={page} action="delete" />}
    </li>
  );
}

function WorksBlock({ page, lesson, readOnly }: { page: JournalPageData; lesson: Lesson; readOnly: boolean }) {
  const t = useT();
  const [type, setType] = useState<string>('class_answer');
  const add = useAddWork(lesson);
  const marked = new Set(page.marks.filter((m) => m.lessonId === lesson.id).map((m) => m.workId));
  return (
    <Stack gap={6}>
      <Text size="sm" fw={700} id={`works-${lesson.id}`}>
        {t('journal.lesson.works')}
      </Text>
      {lesson.works.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('journal.lesson.noWorks')}
        </Text>
      )}
      <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-labelledby={`works-${lesson.id}`}>
        {lesson.works.map((w) => (
          <WorkRow key={w.id} page={page} work={w} marked={marked.has(w.id)} readOnly={readOnly} />
        ))}
      </Stack>
      {!readOnly && (
        <Group gap="xs" align="flex-end">
          <NativeSelect
            label={t('journal.lesson.workType')}
            size="xs"
            value={type}
            onChange={(e) => setType(e.currentTarget.value)}
            data={workTypeOptions(t)}
          />
          <Button size="xs" variant="light" onClick={() => add.mutate(type)} loading={add.isPending}>
            {t('journal.lesson.addWork')}
          </Button>
        </Group>
      )}
      {add.isError && <ErrorAlert error={add.error} />}
    </Stack>
  );
}

/**
 * The lesson under the grid's cursor: its topic (or the thematic plan's next one), homework with due
 * date and attachments, «Все присутствуют», and its works [003 §3.2], [002 §4.4].
 */
export const LessonPanel = memo(function LessonPanel({ page, lesson, readOnly, onHistory }: Props) {
  const t = useT();
  const fmt = useFormat();
  const allPresent = useAllPresent(lesson);
  const absent = page.attendance.filter((a) => a.lessonId === lesson.id).length;
  return (
    <Card component="section" aria-labelledby="lesson-panel-title" padding="md" data-testid="lesson-panel">
      <Group justify="space-between" mb="sm" gap="xs">
        <Title order={2} size="h3" id="lesson-panel-title">
          {t('journal.lesson.title', { date: fmt.date(lesson.date), number: lesson.number })}
        </Title>
        <Group gap="xs">
          {lesson.substituteName && (
            <Badge variant="light" color="grape">
              {t('journal.lesson.substitute', { name: lesson.substituteName })}
            </Badge>
          )}
          {!lesson.canWrite && (page.page.canWrite || page.page.isSubstitute) && (
            <Badge variant="light" color="gray" data-testid="lesson-read-only">
              {t('journal.lesson.readOnlyLesson')}
            </Badge>
          )}
          {!lesson.topic && (
            <Badge variant="light" color="red">
              {t('journal.lesson.noTopic')}
            </Badge>
          )}
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Stack gap="md">
          <TopicForm key={lesson.id} page={page} lesson={lesson} readOnly={readOnly} onHistory={() => onHistory('topic')} />
          <Stack gap={6}>
            <Text size="sm" fw={700}>
              {t('journal.lesson.attendance')}
            </Text>
            <Text size="sm">
              {lesson.attendanceTaken ? t('journal.lesson.absentCount', { count: absent }) : t('journal.lesson.attendanceNotTaken')}
            </Text>
            {!readOnly && (
              <Group gap="xs">
                <Button size="xs" variant="light" onClick={() => allPresent.mutate()} loading={allPresent.isPending}>
                  {t('journal.lesson.allPresent')}
                </Button>
              </Group>
            )}
            {allPresent.isError && <ErrorAlert error={allPresent.error} />}
          </Stack>
          {page.page.marksAllowed && <WorksBlock page={page} lesson={lesson} readOnly={readOnly} />}
        </Stack>
        <HomeworkForm key={lesson.id} page={page} lesson={lesson} readOnly={readOnly} onHistory={() => onHistory('homework')} />
      </SimpleGrid>
    </Card>
  );
});
