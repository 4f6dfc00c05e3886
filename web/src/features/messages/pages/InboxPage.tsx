import { Anchor, Badge, Button, Card, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { useFormat, useT } from '../../../lib/i18n';
import { hasRole, useCurrentUser } from '../../../lib/session';
import { useThreads, useUnread } from '../api';
import { messagesPaths } from '../paths';

/** [000 §2.6] the user's conversations: inbox or archive, searchable, unread ones marked. */
export function InboxPage() {
  const t = useT();
  const fmt = useFormat();
  const me = useCurrentUser();
  const [archived, setArchived] = useState(false);
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const threads = useThreads({ q, archived });
  const unread = useUnread();
  const admin = hasRole(me, 'administrator', 'director', 'deputy');

  const search = (e: FormEvent) => {
    e.preventDefault();
    setQ(draft.trim());
  };

  return (
    <>
      <PageHeader
        title={t('messages.inbox.title')}
        description={unread.data?.messages ? t('messages.inbox.unread', { count: unread.data.messages }) : t('messages.inbox.description')}
      />
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap">
          <Group gap="sm">
            <Button component={Link} to={messagesPaths.compose}>
              {t('messages.inbox.write')}
            </Button>
            {admin && (
              <Button component={Link} to={messagesPaths.reports} variant="default">
                {t('messages.reports.title')}
              </Button>
            )}
          </Group>
          <SegmentedControl
            aria-label={t('messages.inbox.folder')}
            value={archived ? 'archive' : 'inbox'}
            onChange={(v) => setArchived(v === 'archive')}
            data={[
              { value: 'inbox', label: t('messages.inbox.inbox') },
              { value: 'archive', label: t('messages.inbox.archive') },
            ]}
          />
        </Group>
        <form onSubmit={search}>
          <Group gap="sm" align="flex-end">
            <TextInput
              label={t('messages.inbox.search')}
              placeholder={t('messages.inbox.searchHint')}
              value={draft}
              onChange={(e) => setDraft(e.currentTarget.value)}
              style={{ flex: 1 }}
            />
            <Button type="submit" variant="light">
              {t('messages.inbox.find')}
            </Button>
          </Group>
        </form>
        <QueryState query={threads}>
          {(list) =>
            list.length === 0 ? (
              <Text>{q ? t('messages.inbox.nothingFound') : t('messages.inbox.empty')}</Text>
            ) : (
              <Stack
                gap="xs"
                component="ul"
                style={{ listStyle: 'none', margin: 0, padding: 0 }}
                aria-label={t('messages.inbox.listLabel')}
              >
                {list.map((th) => (
                  <Card key={th.id} component="li" withBorder padding="sm" data-testid="thread-item">
                    <Group justify="space-between" wrap="nowrap" align="flex-start">
                      <Stack gap={2} style={{ minWidth: 0 }}>
                        <Anchor component={Link} to={messagesPaths.thread(th.id)} fw={th.unread ? 700 : 500}>
                          {th.subject}
                        </Anchor>
                        <Text size="sm" c="dimmed">
                          {th.participants.map((p) => p.name).join(', ')}
                        </Text>
                        {th.lastMessage && (
                          <Text size="sm" lineClamp={1}>
                            {th.lastMessage.senderName}: {th.lastMessage.body}
                          </Text>
                        )}
                      </Stack>
                      <Stack gap={4} align="flex-end">
                        <Text size="xs" c="dimmed">
                          {fmt.dateTime(th.lastMessageAt)}
                        </Text>
                        {th.unread > 0 && (
                          <Badge color="red" aria-label={t('messages.inbox.unreadBadge', { count: th.unread })}>
                            {th.unread}
                          </Badge>
                        )}
                      </Stack>
                    </Group>
                  </Card>
                ))}
              </Stack>
            )
          }
        </QueryState>
      </Stack>
    </>
  );
}
