import { NativeSelect, Stack, Table, Text } from '@mantine/core';
import { QueryState } from '../../../components/ui/QueryState';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import { useT } from '../../../lib/i18n';
import { useDiaryFinals } from '../api';
import { useSearchValue } from '../child';
import { DiaryFrame } from '../components/DiaryFrame';
import { MarkBadge } from '../components/MarkBadge';

/** [DOMAIN §6] period, year, exam and final marks of a year; earlier years stay readable [002 §4.6]. */
export function FinalsPage() {
  const t = useT();
  return <DiaryFrame title={() => t('diary.finals.title')}>{(p) => <Finals studentId={p.id} />}</DiaryFrame>;
}

function Finals({ studentId }: { studentId: string }) {
  const t = useT();
  const [yearId, setYear] = useSearchValue('year');
  const finals = useDiaryFinals(studentId, yearId);
  const cell = (value: string | null | undefined) => (value ? <MarkBadge value={value} size="md" /> : <Text c="dimmed">—</Text>);
  return (
    <QueryState query={finals}>
      {(data) => (
        <Stack gap="md">
          {data.years.length > 1 && data.year && (
            <NativeSelect
              label={t('diary.finals.year')}
              data={data.years.map((y) => ({ value: y.id, label: y.current ? t('diary.finals.current', { name: y.name }) : y.name }))}
              value={data.year.id}
              onChange={(e) => setYear(e.currentTarget.value)}
              maw={320}
            />
          )}
          {data.subjects.length === 0 ? (
            <Text>{t('diary.finals.empty')}</Text>
          ) : (
            <ScrollBox label={t('diary.finals.caption')}>
              <Table striped verticalSpacing={4} horizontalSpacing="xs" data-testid="diary-finals">
                <Table.Caption style={{ captionSide: 'top', textAlign: 'start' }}>
                  {t('diary.finals.caption')}
                  {data.year ? `, ${data.year.name}` : ''}
                </Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('diary.finals.subject')}</Table.Th>
                    {data.periods.map((p) => (
                      <Table.Th key={p.id} scope="col">
                        {p.name}
                      </Table.Th>
                    ))}
                    <Table.Th scope="col">{t('diary.finals.kind.year')}</Table.Th>
                    <Table.Th scope="col">{t('diary.finals.kind.exam')}</Table.Th>
                    <Table.Th scope="col">{t('diary.finals.kind.final')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.subjects.map((s) => (
                    <Table.Tr key={s.subjectId}>
                      <Table.Th scope="row">{s.subjectName}</Table.Th>
                      {data.periods.map((p) => (
                        <Table.Td key={p.id}>{cell(s.periods.find((x) => x.periodId === p.id)?.value)}</Table.Td>
                      ))}
                      <Table.Td>{cell(s.year)}</Table.Td>
                      <Table.Td>{cell(s.exam)}</Table.Td>
                      <Table.Td>{cell(s.final)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollBox>
          )}
        </Stack>
      )}
    </QueryState>
  );
}
