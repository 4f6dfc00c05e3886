import { Button, Group, MultiSelect, Paper, SegmentedControl, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { isApiError } from '../../../lib/api/client';
import { useT } from '../../../lib/i18n';
import { hasRole, isClassTeacher, useCurrentUser } from '../../../lib/session';
import { type MessageFile, type Recipient, useClasses, useRecipients, useStartThread, useWriteToClassParents } from '../api';
import { AttachmentPicker } from '../components/AttachmentPicker';
import { messagesPaths } from '../paths';

const labelOf = (r: Recipient) => [r.name, r.roleLabel, r.description].filter(Boolean).join(' — ');

/**
 * Writing a message: to people the rules allow [000 §2.6] (the server offers only those), or — for a
 * class teacher and the administration — to all parents of a class at once, each family privately.
 */
export function ComposePage() {
  const t = useT();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const canWriteClass = isClassTeacher(me) || hasRole(me, 'administrator', 'director', 'deputy');
  const [mode, setMode] = useState<'people' | 'class'>(params.get('classId') ? 'class' : 'people');
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const recipients = useRecipients(debounced);
  const [chosen, setChosen] = useState<Map<string, string>>(new Map());
  const preset = params.get('to');
  const [classId, setClassId] = useState<string | null>(params.get('classId'));
  const classes = useClasses();
  const [subject, setSubject] = useState(params.get('subject') ?? '');
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<MessageFile[]>([]);
  const [checked, setChecked] = useState(false);
  const start = useStartThread();
  const toClass = useWriteToClassParents();
  const sending = start.isPending || toClass.isPending;
  const error = mode === 'people' ? start.error : toClass.error;

  // A link «Написать» from elsewhere may name the recipient: choose them once their label is known.
  const fetched = recipients.data ?? [];
  useEffect(() => {
    const found = preset ? recipients.data?.find((r) => r.id === preset) : undefined;
    if (found) setChosen((c) => (c.has(found.id) ? c : new Map(c).set(found.id, labelOf(found))));
  }, [preset, recipients.data]);

  const data = useMemo(() => {
    const map = new Map(chosen);
    for (const r of fetched) map.set(r.id, labelOf(r));
    return [...map].map(([value, label]) => ({ value, label }));
  }, [chosen, fetched]);

  const classOptions = useMemo(() => {
    const mine = me.classTeacherOf.map((c) => ({ value: c.id, label: c.name }));
    if (!hasRole(me, 'administrator', 'director', 'deputy')) return mine;
    const all = (classes.data ?? []).map((c) => ({ value: c.id, label: c.name }));
    return [...new Map([...mine, ...all].map((o) => [o.value, o])).values()];
  }, [me, classes.data]);

  const problems = {
    recipients: mode === 'people' && chosen.size === 0 ? t('messages.compose.needRecipient') : undefined,
    classId: mode === 'class' && !classId ? t('messages.compose.needClass') : undefined,
    subject: subject.trim() ? undefined : t('messages.compose.needSubject'),
    body: body.trim() ? undefined : t('messages.compose.needBody'),
  };
  const server = isApiError(error) ? error : null;
  const fieldError = (local: keyof typeof problems, serverField: string) =>
    (checked ? problems[local] : undefined) ?? server?.fieldMessage(serverField);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (Object.values(problems).some(Boolean)) return;
    const payload = { subject: subject.trim(), body: body.trim(), attachmentIds: files.map((f) => f.id) };
    const done = (r: { threadIds: string[] }) => {
      notifications.show({ color: 'green', message: t('messages.compose.sent', { count: r.threadIds.length }) });
      navigate(r.threadIds.length === 1 ? messagesPaths.thread(r.threadIds[0]) : messagesPaths.inbox);
    };
    if (mode === 'people') start.mutate({ ...payload, recipientIds: [...chosen.keys()] }, { onSuccess: done });
    else toClass.mutate({ ...payload, classId: classId! }, { onSuccess: done });
  };

  return (
    <>
      <PageHeader title={t('messages.compose.title')} description={t('messages.compose.description')} />
      <Paper withBorder p={{ base: 'md', sm: 'xl' }}>
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            {server && !server.fields.length && <ErrorAlert error={server} />}
            {canWriteClass && (
              <SegmentedControl
                aria-label={t('messages.compose.to')}
                value={mode}
                onChange={(v) => setMode(v as 'people' | 'class')}
                data={[
                  { value: 'people', label: t('messages.compose.toPeople') },
                  { value: 'class', label: t('messages.compose.toClassParents') },
                ]}
              />
            )}
            {mode === 'people' ? (
              <MultiSelect
                label={t('messages.compose.recipients')}
                description={t('messages.compose.recipientsHint')}
                placeholder={t('messages.compose.recipientsPlaceholder')}
                searchable
                searchValue={search}
                onSearchChange={setSearch}
                filter={({ options }) => options}
                data={data}
                value={[...chosen.keys()]}
                onChange={(ids) => setChosen(new Map(ids.map((id) => [id, data.find((d) => d.value === id)?.label ?? id])))}
                nothingFoundMessage={recipients.isFetching ? t('app.loading') : t('messages.compose.nobody')}
                error={fieldError('recipients', 'recipientIds')}
                required
                data-testid="recipients"
              />
            ) : (
              <Select
                label={t('messages.compose.class')}
                description={t('messages.compose.classHint')}
                data={classOptions}
                value={classId}
                onChange={setClassId}
                error={fieldError('classId', 'classId')}
                required
              />
            )}
            <TextInput
              label={t('messages.compose.subject')}
              value={subject}
              onChange={(e) => setSubject(e.currentTarget.value)}
              maxLength={200}
              error={fieldError('subject', 'subject')}
              required
            />
            <Textarea
              label={t('messages.compose.body')}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
              autosize
              minRows={6}
              maxLength={20000}
              error={fieldError('body', 'body')}
              required
            />
            <AttachmentPicker files={files} onChange={setFiles} />
            {server?.fieldMessage('attachmentIds') && (
              <Text c="red" size="sm" role="alert">
                {server.fieldMessage('attachmentIds')}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => navigate(messagesPaths.inbox)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={sending}>
                {t('messages.compose.send')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </>
  );
}
