import { Anchor, Badge, Box, Group, Stack, Text } from '@mantine/core';
import { useT } from '../../../lib/i18n';
import type { DiaryLesson } from '../api';
import { useDiaryFormat, workLabel } from '../format';
import { MarkBadge } from './MarkBadge';

/**
 * One lesson of a diary day, laid out for a 360 px phone: number and time, subject, then topic,
 * homework (with files and due date), marks (value, kind of work, weight, comment) and absence,
 * each on its own lines so nothing needs a sideways scroll.
 */
export function LessonItem({ lesson }: { lesson: DiaryLesson }) {
  const t = useT();
  const f = useDiaryFormat();
  const time = lesson.startsAt && lesson.endsAt ? `${lesson.startsAt}–${lesson.endsAt}` : null;
  return (
    <Box
      component="li"
      data-testid="diary-lesson"
      data-lesson-id={lesson.id}
      py="xs"
      style={{ listStyle: 'none', borderTop: '1px solid var(--mantine-color-gray-3)' }}
    >
      <Stack gap={4}>
        <Group gap="xs" wrap="nowrap" align="flex-start" justify="space-between">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text size="sm" c="dimmed">
              {t('diary.lesson.number', { number: lesson.number })}
              {time ? ` · ${time}` : ''}
              {lesson.room ? ` · ${t('diary.lesson.room', { room: lesson.room })}` : ''}
            </Text>
            <Text fw={700}>
              {lesson.subjectName}
              {lesson.subgroupName ? ` (${lesson.subgroupName})` : ''}
            </Text>
          </Stack>
          {lesson.marks.length > 0 && (
            // The lines below say each mark in words; the badges are the at-a-glance copy.
            <Group gap={4} wrap="wrap" justify="flex-end" style={{ flexShrink: 0, maxWidth: '45%' }} aria-hidden="true">
              {lesson.marks.map((m) => (
                <MarkBadge key={m.id} value={m.value} />
              ))}
            </Group>
          )}
        </Group>
        {lesson.topic && (
          <Text size="sm">
            <Text span c="dimmed" size="sm">
              {t('diary.lesson.topic')}:{' '}
            </Text>
            {lesson.topic}
          </Text>
        )}
        {lesson.marks.map((m) => (
          <Text key={m.id} size="sm" data-testid="diary-mark">
            <Text span fw={700}>
              {m.value}
            </Text>{' '}
            — {workLabel(m)}, {t('diary.mark.weight', { weight: f.weight(m.weight) })}
            {m.comment ? ` · ${m.comment}` : ''}
          </Text>
        ))}
        {lesson.attendance && (
          <Group gap={6}>
            <Badge color="orange" variant="light" radius="sm" style={{ textTransform: 'none' }}>
              {lesson.attendance.code}
            </Badge>
            <Text size="sm">
              {lesson.attendance.minutes !== null
                ? t('diary.attendance.late', { minutes: lesson.attendance.minutes })
                : lesson.attendance.name}
            </Text>
          </Group>
        )}
        {lesson.homework && (
          <Box p="xs" bg="school.0" style={{ borderRadius: 'var(--mantine-radius-sm)' }}>
            <Text size="sm" fw={700}>
              {t('diary.lesson.homework')} {t('diary.lesson.due', { date: f.short(lesson.homework.dueDate) })}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {lesson.homework.text}
            </Text>
            {lesson.homework.files.map((file) => (
              <Anchor key={file.id} href={file.url} size="sm" display="block" download>
                {file.name}
              </Anchor>
            ))}
          </Box>
        )}
      </Stack>
    </Box>
  );
}
