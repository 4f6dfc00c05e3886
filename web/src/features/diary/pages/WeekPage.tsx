import { Button, Group, Stack, Text } from '@mantine/core';
import { QueryState } from '../../../components/ui/QueryState';
import { useT } from '../../../lib/i18n';
import { useDiaryWeek } from '../api';
import { useSearchValue } from '../child';
import { DayCard } from '../components/DayCard';
import { DiaryFrame } from '../components/DiaryFrame';
import { addDays, isIsoDate, localToday, mondayOf } from '../dates';
import { useDiaryFormat } from '../format';

/** [DOMAIN §7] the week, day by day: previous/next week, today highlighted. */
export function WeekPage() {
  const t = useT();
  return <DiaryFrame title={(p) => t('diary.week.title', { name: p.name })}>{(p) => <Week studentId={p.id} />}</DiaryFrame>;
}

function Week({ studentId }: { studentId: string }) {
  const t = useT();
  const f = useDiaryFormat();
  const [weekParam, setWeek] = useSearchValue('week');
  const monday = mondayOf(isIsoDate(weekParam) ? weekParam : localToday());
  const week = useDiaryWeek(studentId, monday);
  const thisMonday = mondayOf(localToday());
  const go = (date: string) => setWeek(date === thisMonday ? null : date);
  return (
    <Stack gap="sm">
      <Group gap="xs" justify="space-between" wrap="nowrap">
        <Button variant="default" size="sm" px="sm" onClick={() => go(addDays(monday, -7))} aria-label={t('diary.week.prev')}>
          ←
        </Button>
        <Stack gap={0} align="center" style={{ minWidth: 0 }}>
          <Text fw={700} data-testid="diary-week-range">
            {t('diary.week.range', { from: f.short(monday), to: f.short(addDays(monday, 6)) })}
          </Text>
          {monday !== thisMonday && (
            <Button variant="subtle" size="compact-sm" onClick={() => go(thisMonday)}>
              {t('diary.week.today')}
            </Button>
          )}
        </Stack>
        <Button variant="default" size="sm" px="sm" onClick={() => go(addDays(monday, 7))} aria-label={t('diary.week.next')}>
          →
        </Button>
      </Group>
      <QueryState query={week}>
        {(data) => {
          // Weekends show only when something happens on them (a Saturday school day, a message).
          const days = data.days.filter((d) => d.weekday <= 5 || d.lessons.length > 0 || d.entries.length > 0);
          const empty = data.days.every((d) => d.lessons.length === 0);
          return (
            <Stack gap="sm" aria-busy={week.isPlaceholderData || undefined} style={{ opacity: week.isPlaceholderData ? 0.6 : 1 }}>
              {empty && <Text c="dimmed">{t('diary.week.empty')}</Text>}
              {days.map((d) => (
                <DayCard key={d.date} day={d} />
              ))}
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}
