import { Anchor, Card, Stack, Text, Title } from '@mantine/core';
import { QueryState } from '../../../components/ui/QueryState';
import { useT } from '../../../lib/i18n';
import { type DiaryHomework, useDiaryHomework } from '../api';
import { DiaryFrame } from '../components/DiaryFrame';
import { localToday } from '../dates';
import { useDiaryFormat } from '../format';

/** [DOMAIN §7] homework of the next two weeks, grouped by the day it is due. */
export function HomeworkPage() {
  const t = useT();
  return <DiaryFrame title={() => t('diary.homework.title')}>{(p) => <Homework studentId={p.id} />}</DiaryFrame>;
}

function byDueDate(items: DiaryHomework['items']) {
  const days = new Map<string, DiaryHomework['items']>();
  for (const item of items) days.set(item.dueDate, [...(days.get(item.dueDate) ?? []), item]);
  return [...days.entries()];
}

function Homework({ studentId }: { studentId: string }) {
  const t = useT();
  const f = useDiaryFormat();
  const homework = useDiaryHomework(studentId, localToday());
  return (
    <Stack gap="sm">
      <Text c="dimmed">{t('diary.homework.intro')}</Text>
      <QueryState query={homework}>
        {(data) =>
          data.items.length === 0 ? (
            <Text>{t('diary.homework.empty')}</Text>
          ) : (
            byDueDate(data.items).map(([due, items]) => (
              <Card key={due} withBorder padding="sm" component="section" aria-labelledby={`due-${due}`} data-testid="diary-homework-day">
                <Title order={2} size="h3" id={`due-${due}`}>
                  {f.day(due)}
                </Title>
                <Stack gap="xs" mt="xs">
                  {items.map((h) => (
                    <Stack key={h.lessonId} gap={2}>
                      <Text fw={700}>{h.subjectName}</Text>
                      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                        {h.text}
                      </Text>
                      {h.files.map((file) => (
                        <Anchor key={file.id} href={file.url} size="sm" download>
                          {file.name}
                        </Anchor>
                      ))}
                      <Text size="xs" c="dimmed">
                        {t('diary.homework.given', { date: f.short(h.givenOn) })}
                      </Text>
                    </Stack>
                  ))}
                </Stack>
              </Card>
            ))
          )
        }
      </QueryState>
    </Stack>
  );
}
