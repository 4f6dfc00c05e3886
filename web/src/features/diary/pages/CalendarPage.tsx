import { Alert, Anchor, Button, Card, Code, CopyButton, Group, Stack, Text, Title } from '@mantine/core';
import type { DiaryPerson } from '../../../app/registry';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { QueryState } from '../../../components/ui/QueryState';
import { useT } from '../../../lib/i18n';
import { useCalendarFeeds, useCreateCalendarFeed, useRevokeCalendarFeed } from '../api';
import { DiaryFrame } from '../components/DiaryFrame';
import { useDiaryFormat } from '../format';

/** A private iCal link per child (timetable and homework) for the phone's calendar; revocable. */
export function CalendarPage() {
  const t = useT();
  return <DiaryFrame title={() => t('diary.calendar.title')}>{(p) => <Calendar person={p} />}</DiaryFrame>;
}

function Calendar({ person }: { person: DiaryPerson }) {
  const t = useT();
  const f = useDiaryFormat();
  const feeds = useCalendarFeeds();
  const create = useCreateCalendarFeed();
  const revoke = useRevokeCalendarFeed();
  const created = create.data?.studentId === person.id ? create.data : null;
  return (
    <Stack gap="md">
      <Text>{t('diary.calendar.intro')}</Text>
      <Button onClick={() => create.mutate(person.id)} loading={create.isPending} style={{ alignSelf: 'flex-start', maxWidth: '100%' }}>
        <Text span inherit truncate>
          {t('diary.calendar.create', { name: person.name })}
        </Text>
      </Button>
      <ErrorAlert error={create.error ?? revoke.error} />
      {created && (
        <Alert color="green" variant="light" title={t('diary.calendar.created')} data-testid="calendar-created">
          <Stack gap="xs">
            <Text size="sm" fw={700}>
              {t('diary.calendar.link')}
            </Text>
            <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
              {created.url}
            </Code>
            <Group gap="sm">
              <CopyButton value={created.url}>
                {({ copied, copy }) => (
                  <Button variant="light" size="sm" onClick={copy}>
                    {copied ? t('common.copied') : t('common.copy')}
                  </Button>
                )}
              </CopyButton>
              <Anchor href={created.url.replace(/^https?:/, 'webcal:')} size="sm">
                {t('diary.calendar.subscribe')}
              </Anchor>
            </Group>
          </Stack>
        </Alert>
      )}
      <Stack gap="xs" component="section" aria-labelledby="calendar-feeds">
        <Title order={2} size="h3" id="calendar-feeds">
          {t('diary.calendar.list')}
        </Title>
        <QueryState query={feeds}>
          {(list) =>
            list.length === 0 ? (
              <Text size="sm">{t('diary.calendar.empty')}</Text>
            ) : (
              list.map((feed) => (
                <Card key={feed.id} withBorder padding="sm" data-testid="calendar-feed">
                  <Group justify="space-between" wrap="wrap" gap="xs">
                    <Stack gap={0} style={{ minWidth: 0 }}>
                      <Text fw={700}>{feed.studentName}</Text>
                      <Text size="sm" c="dimmed">
                        {t('diary.calendar.createdAt', { date: f.instant(feed.createdAt) })} ·{' '}
                        {feed.lastUsedAt
                          ? t('diary.calendar.lastUsed', { date: f.instant(feed.lastUsedAt) })
                          : t('diary.calendar.neverUsed')}
                      </Text>
                    </Stack>
                    <Button
                      variant="light"
                      color="red"
                      size="sm"
                      onClick={() => revoke.mutate(feed.id)}
                      loading={revoke.isPending && revoke.variables === feed.id}
                      aria-label={t('diary.calendar.revokeLabel', { name: feed.studentName })}
                    >
                      {t('diary.calendar.revoke')}
                    </Button>
                  </Group>
                </Card>
              ))
            )
          }
        </QueryState>
      </Stack>
    </Stack>
  );
}
