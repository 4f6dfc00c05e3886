import { Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useT } from '../../../lib/i18n';
import type { DiaryDay } from '../api';
import { useDiaryFormat } from '../format';
import { LessonItem } from './LessonItem';

/** One day of the diary: its lessons in order, a holiday's name, announcements and messages when there are any. */
export function DayCard({ day }: { day: DiaryDay }) {
  const t = useT();
  const f = useDiaryFormat();
  const headingId = `day-${day.date}`;
  return (
    <Card
      component="section"
      aria-labelledby={headingId}
      data-testid="diary-day"
      data-date={day.date}
      data-today={day.isToday || undefined}
      withBorder
      padding="sm"
      style={day.isToday ? { borderColor: 'var(--mantine-color-school-6)', borderWidth: 2 } : undefined}
    >
      <Group gap="xs" justify="space-between" wrap="nowrap">
        <Title order={2} id={headingId} size="h3">
          {f.day(day.date)}
        </Title>
        {day.isToday && (
          <Badge variant="filled" radius="sm" style={{ textTransform: 'none', flexShrink: 0 }}>
            {t('diary.week.todayBadge')}
          </Badge>
        )}
      </Group>
      {day.entries.length > 0 && (
        <Stack gap={2} mt="xs">
          {day.entries.map((e) => (
            <Text key={`${e.kind}-${e.id}`} size="sm">
              <Text span c="dimmed" size="sm">
                {t(e.kind === 'announcement' ? 'diary.entries.announcement' : 'diary.entries.message')}:{' '}
              </Text>
              {e.url ? (
                <Anchor component={Link} to={e.url}>
                  {e.title}
                </Anchor>
              ) : (
                e.title
              )}
            </Text>
          ))}
        </Stack>
      )}
      {day.lessons.length > 0 ? (
        <Stack component="ul" gap={0} p={0} m={0} mt="xs">
          {day.lessons.map((l) => (
            <LessonItem key={l.id} lesson={l} />
          ))}
        </Stack>
      ) : (
        <Text c="dimmed" size="sm" mt="xs">
          {day.holiday ? t('diary.week.holiday', { name: day.holiday }) : t('diary.week.noLessons')}
        </Text>
      )}
    </Card>
  );
}
