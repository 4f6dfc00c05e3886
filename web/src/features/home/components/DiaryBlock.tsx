import { Card, Stack, Text, Title } from '@mantine/core';
import { type DiaryPerson, useSlot } from '../../../app/registry';
import { useT } from '../../../lib/i18n';

/**
 * The «Дневник» block of a pupil. The diary feature fills it through the `diary.person` slot;
 * until one does, it says what will appear here.
 */
export function DiaryBlock({ person }: { person: DiaryPerson }) {
  const t = useT();
  const contributions = useSlot('diary.person');
  return (
    <Stack gap="sm" component="section" aria-label={t('diary.title')}>
      <Title order={3}>{t('diary.title')}</Title>
      {contributions.length > 0 ? (
        contributions.map((Diary, i) => <Diary key={Diary.displayName ?? i} person={person} />)
      ) : (
        <Card bg="gray.0">
          <Text>{t('diary.placeholder')}</Text>
        </Card>
      )}
    </Stack>
  );
}
