import { WORK_TYPES, workTypeName } from '@domain/work-types';
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
import { MAX_FILE_BYTES, useAddWork, useAllPresent, useAttachFile, useDeleteWork, useSaveHomework, useSaveTopic } from '../api';
import type { JournalPageData, Lesson } from '../model/journal-data';
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

function TopicForm({ lesson, readOnly, onHistory }: { lesson: Lesson; readOnly: boolean; onHistory: () => void }) {
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
            {save.isSuccess && !changed && (
              <Text size="xs" c="#1e6b30" role="status">
                {t('journal.state.saved')}
              </Text>
            )}
          </Group>
        )}
        {save.isError && <ErrorAlert error={save.error} />}
        {attach.isError && <ErrorAlert error={attach.error} />}
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
              </li>
            ))}
          </Stack>
        )}
      </Stack>
    </form>
  );
}

function WorksBlock({ page, lesson, readOnly }: { page: JournalPageData; lesson: Lesson; readOnly: boolean }) {
  const t = useT();
  const label = useWorkLabels();
  const [type, setType] = useState<string>('class_answer');
  const add = useAddWork(lesson);
  const remove = useDeleteWork();
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
      <Stack gap={2} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-labelledby={`works-${lesson.id}`}>
        {lesson.works.map((w) => {
          const l = label(w);
          return (
            <Group key={w.id} component="li" gap={6} wrap="nowrap">
              <Badge variant="light" size="sm" w={52}>
                {l.short}
              </Badge>
              <Text size="sm" style={{ flex: 1 }}>
                {l.full}, {t('journal.grid.weight')} {l.weight}
              </Text>
              {!readOnly && !marked.has(w.id) && (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size="sm"
                  aria-label={t('journal.lesson.deleteWork', { name: l.full })}
                  onClick={() => remove.mutate(w.id)}
                  loading={remove.isPending}
                >
                  ×
                </ActionIcon>
              )}
            </Group>
          );
        })}
      </Stack>
      {!readOnly && (
        <Group gap="xs" align="flex-end">
          <NativeSelect
            label={t('journal.lesson.workType')}
            size="xs"
            value={type}
            onChange={(e) => setType(e.currentTarget.value)}
            data={WORK_TYPES.map((code) => ({ value: code, label: `${workTypeName(code)} (${t(`journal.workShort.${code}`)})` }))}
          />
          <Button size="xs" variant="light" onClick={() => add.mutate(type)} loading={add.isPending}>
            {t('journal.lesson.addWork')}
          </Button>
        </Group>
      )}
      {add.isError && <ErrorAlert error={add.error} />}
      {remove.isError && <ErrorAlert error={remove.error} />}
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
          {!lesson.topic && (
            <Badge variant="light" color="red">
              {t('journal.lesson.noTopic')}
            </Badge>
          )}
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Stack gap="md">
          <TopicForm key={lesson.id} lesson={lesson} readOnly={readOnly} onHistory={() => onHistory('topic')} />
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
