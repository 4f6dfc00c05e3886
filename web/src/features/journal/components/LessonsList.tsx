import { Table, Text } from '@mantine/core';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import { useFormat, useT } from '../../../lib/i18n';
import type { JournalPageData } from '../model/journal-data';

/**
 * The right-hand page of the paper journal: each lesson's date, number, topic and homework. A click
 * (or Enter) on a row opens the lesson in the panel.
 */
export function LessonsList({
  page,
  selected,
  onSelect,
}: {
  page: JournalPageData;
  selected: number;
  onSelect: (lessonIndex: number) => void;
}) {
  const t = useT();
  const fmt = useFormat();
  return (
    <ScrollBox label={t('journal.topics.label')}>
      <Table striped highlightOnHover withTableBorder verticalSpacing={6} fz="sm" data-testid="lessons-list">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={110}>{t('journal.topics.date')}</Table.Th>
            <Table.Th w={60}>{t('journal.topics.number')}</Table.Th>
            <Table.Th>{t('journal.topics.topic')}</Table.Th>
            <Table.Th>{t('journal.topics.homework')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {page.lessons.map((l, i) => (
            <Table.Tr key={l.id} bg={i === selected ? 'school.0' : undefined}>
              <Table.Td>
                <Text
                  component="button"
                  type="button"
                  size="sm"
                  fw={700}
                  c="school.8"
                  td="underline"
                  style={{ background: 'none', border: 0, padding: 0, cursor: 'pointer' }}
                  onClick={() => onSelect(i)}
                >
                  {fmt.date(l.date)}
                </Text>
              </Table.Td>
              <Table.Td>{l.number}</Table.Td>
              <Table.Td>
                {l.topic ?? (
                  <Text span size="sm" c="red.9">
                    {t('journal.grid.noTopic')}
                  </Text>
                )}
                {l.substituteName && (
                  <Text size="xs" c="dimmed">
                    {t('journal.lesson.substitute', { name: l.substituteName })}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {l.homework ? (
                  <>
                    {l.homework.text}
                    <Text size="xs" c="dimmed">
                      {t('journal.topics.due', { date: fmt.date(l.homework.dueDate) })}
                      {l.homework.files.length > 0 ? ` · ${t('journal.topics.files', { count: l.homework.files.length })}` : ''}
                    </Text>
                  </>
                ) : (
                  ''
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollBox>
  );
}
