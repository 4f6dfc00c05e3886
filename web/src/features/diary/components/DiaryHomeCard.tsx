import { Anchor, Card, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { SlotProps } from '../../../app/registry';
import { QueryState } from '../../../components/ui/QueryState';
import { useT } from '../../../lib/i18n';
import { useDiaryWeek } from '../api';
import { localToday, mondayOf } from '../dates';
import { useDiaryFormat } from '../format';
import { diaryPaths } from '../paths';
import { LessonItem } from './LessonItem';

/**
 * The home page's «Дневник» block (slot `diary.person`): today's lessons, or the next school day's this
 * week, and the way into the whole diary. It reads the same week the diary opens on (one cached call).
 */
export function DiaryHomeCard({ person }: SlotProps['diary.person']) {
  const t = useT();
  const f = useDiaryFormat();
  const week = useDiaryWeek(person.id, mondayOf(localToday()));
  return (
    <Card withBorder padding="sm" data-testid="diary-home">
      <QueryState query={week}>
        {(data) => {
          const day = data.days.find((d) => d.date >= data.today && d.lessons.length > 0);
          return (
            <Stack gap="xs">
              {day ? (
                <>
                  <Text fw={700}>{t('diary.home.day', { date: f.day(day.date) })}</Text>
                  <Stack component="ul" gap={0} p={0} m={0}>
                    {day.lessons.map((l) => (
                      <LessonItem key={l.id} lesson={l} />
                    ))}
                  </Stack>
                </>
              ) : (
                <Text>{t('diary.home.noLessons')}</Text>
              )}
              <Anchor component={Link} to={`${diaryPaths.week}?child=${encodeURIComponent(person.id)}`} fw={700}>
                {t('diary.home.open')}
              </Anchor>
            </Stack>
          );
        }}
      </QueryState>
    </Card>
  );
}
