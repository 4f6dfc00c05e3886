import { Anchor, Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { useFormat, useT } from '../../../lib/i18n';
import { useMarkNotificationsRead, useNotifications } from '../api';
import { messagesPaths } from '../paths';

/** The user's notifications (new marks, absences, messages, announcements…), newest first. */
export function NotificationsPage() {
  const t = useT();
  const fmt = useFormat();
  const list = useNotifications();
  const markRead = useMarkNotificationsRead();
  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        description={list.data?.unread ? t('notifications.unread', { count: list.data.unread }) : t('notifications.description')}
      />
      <Group gap="sm" mb="md">
        <Button variant="light" disabled={!list.data?.unread} loading={markRead.isPending} onClick={() => markRead.mutate(undefined)}>
          {t('notifications.markAll')}
        </Button>
        <Button component={Link} to={messagesPaths.settings} variant="default">
          {t('notifications.settings')}
        </Button>
      </Group>
      <QueryState query={list}>
        {({ items }) =>
          items.length === 0 ? (
            <Text>{t('notifications.empty')}</Text>
          ) : (
            <Stack gap="xs" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('notifications.title')}>
              {items.map((n) => (
                <Card key={n.id} component="li" withBorder padding="sm">
                  <Group justify="space-between" align="flex-start" wrap="nowrap">
                    <Stack gap={2} style={{ minWidth: 0 }}>
                      <Group gap="xs">
                        {!n.read && (
                          <Badge size="xs" color="red">
                            {t('notifications.new')}
                          </Badge>
                        )}
                        {n.link ? (
                          <Anchor component={Link} to={n.link} fw={n.read ? 500 : 700} onClick={() => !n.read && markRead.mutate([n.id])}>
                            {n.title}
                          </Anchor>
                        ) : (
                          <Text fw={n.read ? 500 : 700}>{n.title}</Text>
                        )}
                      </Group>
                      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} lineClamp={4}>
                        {n.body}
                      </Text>
                    </Stack>
                    <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                      {fmt.dateTime(n.createdAt)}
                    </Text>
                  </Group>
                </Card>
              ))}
            </Stack>
          )
        }
      </QueryState>
    </>
  );
}
