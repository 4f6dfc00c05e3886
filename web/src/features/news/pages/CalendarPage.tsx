import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { useFormat, useT } from '../../../lib/i18n';
import { useCalendar } from '../api';
import { PostCard } from '../components/PostCard';
import { PostEditor, usePublishTargets } from '../components/PostEditor';

const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** [001 §2.2] the events calendar of the school, a class and the staff room, month by month. */
export function CalendarPage() {
  const t = useT();
  const fmt = useFormat();
  const [month, setMonth] = useState(() => {
    const d = new Date();
    return new Date(d.getFullYear(), d.getMonth(), 1);
  });
  const from = iso(month);
  const to = iso(new Date(month.getFullYear(), month.getMonth() + 1, 0));
  const events = useCalendar(from, to);
  const { audiences } = usePublishTargets();
  const [editing, setEditing] = useState(false);
  const title = new Intl.DateTimeFormat('ru-RU', { month: 'long', year: 'numeric' }).format(month);
  const shift = (n: number) => setMonth((m) => new Date(m.getFullYear(), m.getMonth() + n, 1));

  return (
    <>
      <PageHeader title={t('news.calendar.title')} description={t('news.calendar.description')} />
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap">
          <Group gap="sm">
            <Button variant="default" size="xs" onClick={() => shift(-1)}>
              {t('news.calendar.previous')}
            </Button>
            <Title order={2} size="h3" style={{ textTransform: 'capitalize' }} aria-live="polite">
              {title}
            </Title>
            <Button variant="default" size="xs" onClick={() => shift(1)}>
              {t('news.calendar.next')}
            </Button>
          </Group>
          {audiences.length > 0 && <Button onClick={() => setEditing(true)}>{t('news.calendar.add')}</Button>}
        </Group>
        <Text size="sm" c="dimmed">
          {fmt.date(from)} — {fmt.date(to)}
        </Text>
        <QueryState query={events}>
          {(list) =>
            list.length === 0 ? (
              <Text>{t('news.calendar.empty')}</Text>
            ) : (
              <Stack gap="sm" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('news.calendar.title')}>
                {list.map((p) => (
                  <PostCard key={p.id} post={p} />
                ))}
              </Stack>
            )
          }
        </QueryState>
      </Stack>
      {editing && <PostEditor opened defaultKind="event" onClose={() => setEditing(false)} />}
    </>
  );
}
