import { Alert, Anchor, Badge, Button, Group, Modal, Paper, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { isApiError } from '../../../lib/api/client';
import { useFormat, useT } from '../../../lib/i18n';
import {
  attachmentUrl,
  type MessageFile,
  type Thread,
  useArchiveThread,
  useBlock,
  useMarkThreadRead,
  useReply,
  useReportMessage,
  useThread,
} from '../api';
import { AttachmentPicker } from '../components/AttachmentPicker';
import { messagesPaths } from '../paths';

/** One conversation: its messages with attachments, the answer form, archive, block and report. */
export function ThreadPage() {
  const { id = '' } = useParams();
  const thread = useThread(id);
  return <QueryState query={thread}>{(th) => <ThreadView thread={th} />}</QueryState>;
}

function ThreadView({ thread }: { thread: Thread }) {
  const t = useT();
  const fmt = useFormat();
  const markRead = useMarkThreadRead();
  const archive = useArchiveThread();
  const block = useBlock();
  const [reporting, setReporting] = useState<string | null>(null);
  const others = thread.participants.filter((p) => !p.isMe);
  const hasUnread = thread.messages.some((m) => m.unread);

  // Opening a conversation reads it (once per conversation with something new, not on every render).
  // biome-ignore lint/correctness/useExhaustiveDependencies: markRead changes identity on every render
  useEffect(() => {
    if (hasUnread) markRead.mutate(thread.id);
  }, [thread.id, hasUnread]);

  return (
    <>
      <PageHeader
        title={thread.subject}
        description={t('messages.thread.with', { names: others.map((p) => `${p.name} (${p.roleLabel})`).join(', ') })}
      />
      <Group gap="sm" mb="md">
        <Button component={Link} to={messagesPaths.inbox} variant="default" size="xs">
          {t('messages.thread.back')}
        </Button>
        <Button
          variant="default"
          size="xs"
          loading={archive.isPending}
          onClick={() => archive.mutate({ id: thread.id, archived: !thread.archived })}
        >
          {thread.archived ? t('messages.thread.unarchive') : t('messages.thread.archive')}
        </Button>
        {others.length === 1 && (
          <Button
            variant="subtle"
            color="red"
            size="xs"
            loading={block.isPending}
            onClick={() =>
              block.mutate(
                { personId: others[0].id, blocked: true },
                {
                  onSuccess: () => notifications.show({ color: 'orange', message: t('messages.thread.blocked', { name: others[0].name }) }),
                },
              )
            }
          >
            {t('messages.thread.block')}
          </Button>
        )}
      </Group>
      <Stack gap="sm" component="ol" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('messages.thread.messages')}>
        {thread.messages.map((m) => (
          <Paper
            key={m.id}
            component="li"
            withBorder
            p="sm"
            bg={m.mine ? 'var(--mantine-color-blue-light)' : undefined}
            data-testid="message"
          >
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <Text fw={600} size="sm">
                {m.mine ? t('messages.thread.me') : m.senderName}
                {m.unread && (
                  <Badge ml="xs" size="xs" color="red">
                    {t('messages.thread.new')}
                  </Badge>
                )}
              </Text>
              <Text size="xs" c="dimmed">
                {fmt.dateTime(m.createdAt)}
              </Text>
            </Group>
            <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} mt={4}>
              {m.body}
            </Text>
            {m.files.length > 0 && <Files files={m.files} />}
            {!m.mine && (
              <Group justify="flex-end">
                <Button variant="subtle" size="compact-xs" color="gray" onClick={() => setReporting(m.id)}>
                  {t('messages.thread.report')}
                </Button>
              </Group>
            )}
          </Paper>
        ))}
      </Stack>
      {thread.canReply ? (
        <ReplyForm threadId={thread.id} schoolId={thread.schoolId} />
      ) : (
        <Alert mt="md" color="gray">
          {t('messages.thread.cannotReply')}
        </Alert>
      )}
      <ReportModal messageId={reporting} onClose={() => setReporting(null)} />
    </>
  );
}

function Files({ files }: { files: MessageFile[] }) {
  const t = useT();
  return (
    <Stack gap={2} mt="xs" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('messages.attach.list')}>
      {files.map((f) => (
        <li key={f.id}>
          <Anchor href={attachmentUrl(f.id)} size="sm" download={f.name}>
            📎 {f.name} ({Math.max(1, Math.round(f.size / 1024))} КБ)
          </Anchor>
        </li>
      ))}
    </Stack>
  );
}

function ReplyForm({ threadId, schoolId }: { threadId: string; schoolId: string }) {
  const t = useT();
  const reply = useReply(threadId);
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<MessageFile[]>([]);
  const [checked, setChecked] = useState(false);
  const server = isApiError(reply.error) ? reply.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (!body.trim()) return;
    reply.mutate(
      { body: body.trim(), attachmentIds: files.map((f) => f.id) },
      {
        onSuccess: () => {
          setBody('');
          setFiles([]);
          setChecked(false);
        },
      },
    );
  };
  return (
    <Paper withBorder p="md" mt="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {server && !server.fields.length && <ErrorAlert error={server} />}
          <Textarea
            label={t('messages.thread.answer')}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            autosize
            minRows={3}
            maxLength={20000}
            error={(checked && !body.trim() ? t('messages.compose.needBody') : undefined) ?? server?.fieldMessage('body')}
          />
          <AttachmentPicker files={files} onChange={setFiles} schoolId={schoolId} />
          <Group justify="flex-end">
            <Button type="submit" loading={reply.isPending}>
              {t('messages.thread.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function ReportModal({ messageId, onClose }: { messageId: string | null; onClose: () => void }) {
  const t = useT();
  const report = useReportMessage();
  const [reason, setReason] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!messageId || !reason.trim()) return;
    report.mutate(
      { messageId, reason: reason.trim() },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t('messages.report.sent') });
          setReason('');
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened={!!messageId} onClose={onClose} title={t('messages.report.title')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">{t('messages.report.description')}</Text>
          {report.isError && <ErrorAlert error={report.error} />}
          <Textarea
            label={t('messages.report.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            autosize
            minRows={3}
            required
            maxLength={1000}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red" loading={report.isPending} disabled={!reason.trim()}>
              {t('messages.report.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
