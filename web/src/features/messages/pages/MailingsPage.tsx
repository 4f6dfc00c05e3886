import { Badge, Button, Card, Group, Paper, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { isApiError } from '../../../lib/api/client';
import { useFormat, useT } from '../../../lib/i18n';
import { useClasses, useMailings, useSendMailing } from '../api';

/**
 * [004 teacher] e-mail mailings to the parents of a class: written here, sent through the outbox to
 * parents who gave the e-mail consent, with how each mailing fared.
 */
export function MailingsPage() {
  const t = useT();
  const fmt = useFormat();
  const classes = useClasses();
  const [classId, setClassId] = useState<string | null>(null);
  const mailings = useMailings(classId);
  const send = useSendMailing();
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const [checked, setChecked] = useState(false);
  const server = isApiError(send.error) ? send.error : null;
  const options = (classes.data ?? []).map((c) => ({ value: c.id, label: c.name }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (!classId || !subject.trim() || !text.trim()) return;
    send.mutate(
      { classId, subject: subject.trim(), text: text.trim() },
      {
        onSuccess: (r) => {
          notifications.show({ color: 'green', message: t('mailings.sent', { count: r.emailRecipients, parents: r.parents }) });
          setSubject('');
          setText('');
          setChecked(false);
        },
      },
    );
  };

  return (
    <>
      <PageHeader title={t('mailings.title')} description={t('mailings.description')} />
      <Stack gap="lg">
        <Paper withBorder p="md">
          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              {server && !server.fields.length && <ErrorAlert error={server} />}
              <Select
                label={t('messages.compose.class')}
                data={options}
                value={classId}
                onChange={setClassId}
                w={220}
                required
                error={checked && !classId ? t('messages.compose.needClass') : undefined}
              />
              <TextInput
                label={t('messages.compose.subject')}
                value={subject}
                onChange={(e) => setSubject(e.currentTarget.value)}
                maxLength={200}
                required
                error={(checked && !subject.trim() ? t('messages.compose.needSubject') : undefined) ?? server?.fieldMessage('subject')}
              />
              <Textarea
                label={t('mailings.text')}
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
                autosize
                minRows={5}
                maxLength={10000}
                required
                error={(checked && !text.trim() ? t('messages.compose.needBody') : undefined) ?? server?.fieldMessage('text')}
              />
              <Text size="xs" c="dimmed">
                {t('mailings.consentNote')}
              </Text>
              <Group justify="flex-end">
                <Button type="submit" loading={send.isPending}>
                  {t('mailings.send')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
        {classId && (
          <section aria-labelledby="sent-mailings">
            <Title order={2} size="h3" id="sent-mailings" mb="xs">
              {t('mailings.history')}
            </Title>
            <QueryState query={mailings}>
              {(list) =>
                list.length === 0 ? (
                  <Text>{t('mailings.empty')}</Text>
                ) : (
                  <Stack gap="xs">
                    {list.map((m) => (
                      <Card key={m.id} withBorder padding="sm">
                        <Group justify="space-between">
                          <Text fw={600}>{m.subject}</Text>
                          <Text size="xs" c="dimmed">
                            {fmt.dateTime(m.createdAt)}
                            {m.senderName ? ` · ${m.senderName}` : ''}
                          </Text>
                        </Group>
                        <Text size="sm" lineClamp={2}>
                          {m.text}
                        </Text>
                        <Group gap="xs" mt={4}>
                          <Badge color="green" variant="light">
                            {t('mailings.status.sent', { count: m.sent })}
                          </Badge>
                          {(m.pending > 0 || !m.processed) && (
                            <Badge color="blue" variant="light">
                              {t('mailings.status.pending', { count: m.pending })}
                            </Badge>
                          )}
                          {m.failed > 0 && (
                            <Badge color="red" variant="light">
                              {t('mailings.status.failed', { count: m.failed })}
                            </Badge>
                          )}
                        </Group>
                      </Card>
                    ))}
                  </Stack>
                )
              }
            </QueryState>
          </section>
        )}
      </Stack>
    </>
  );
}
