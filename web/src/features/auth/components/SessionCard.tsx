import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useFormat, useT } from '../../../lib/i18n';
import { describeUserAgent } from '../user-agent';

export interface SessionView {
  id: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
}

/** One signed-in device; a stack of lines rather than a table row, so it reads on a phone. */
export function SessionCard({ session, onEnd, ending }: { session: SessionView; onEnd: () => void; ending: boolean }) {
  const t = useT();
  const fmt = useFormat();
  const device = describeUserAgent(session.userAgent) ?? t('auth.sessions.unknownDevice');
  return (
    <Paper withBorder p="md" component="li" data-session-id={session.id} data-current={session.current || undefined}>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Group gap="xs">
            <Text fw={700}>{device}</Text>
            {session.current && (
              <Badge variant="light" color="green">
                {t('auth.sessions.current')}
              </Badge>
            )}
          </Group>
          <Text size="sm">
            {t('auth.sessions.started')}: {fmt.dateTime(session.createdAt)}
          </Text>
          <Text size="sm">
            {t('auth.sessions.lastSeen')}: {fmt.dateTime(session.lastSeenAt)}
          </Text>
          {session.ip && (
            <Text size="sm" c="dimmed">
              {t('auth.sessions.ip')}: {session.ip}
            </Text>
          )}
        </Stack>
        <Button variant="light" color="red" size="sm" onClick={onEnd} loading={ending} aria-label={t('auth.sessions.endLabel', { device })}>
          {t('auth.sessions.end')}
        </Button>
      </Group>
    </Paper>
  );
}
