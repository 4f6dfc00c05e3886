import { Anchor, Card, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { QueryState } from '../../../components/ui/QueryState';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import { useT } from '../../../lib/i18n';
import { type DiaryMarks, type DiarySubject, useDiaryMarks } from '../api';
import { useSearchValue } from '../child';
import { DiaryFrame } from '../components/DiaryFrame';
import { MarkBadge } from '../components/MarkBadge';
import { PeriodSelect } from '../components/PeriodSelect';
import { Sparkline } from '../components/Sparkline';
import { useDiaryFormat, workLabel } from '../format';
import { diaryPaths } from '../paths';

/**
 * [DOMAIN §7] one subject of the period: every mark with date and kind of work, the average and its
 * trend, the final marks, and «что нужно» — how many «5» lift the period mark to the next one.
 */
export function SubjectPage() {
  const t = useT();
  const { subjectId = '' } = useParams();
  return <DiaryFrame title={() => t('diary.subjects.title')}>{(p) => <SubjectView studentId={p.id} subjectId={subjectId} />}</DiaryFrame>;
}

function SubjectView({ studentId, subjectId }: { studentId: string; subjectId: string }) {
  const t = useT();
  const [periodId, setPeriod] = useSearchValue('period');
  const marks = useDiaryMarks(studentId, periodId);
  const back = `${diaryPaths.subjects}?${new URLSearchParams({ child: studentId, ...(periodId ? { period: periodId } : {}) })}`;
  return (
    <Stack gap="md">
      <Anchor component={Link} to={back}>
        {t('diary.subject.back')}
      </Anchor>
      <QueryState query={marks}>
        {(data) => {
          const subject = data.subjects.find((s) => s.subjectId === subjectId);
          return (
            <Stack gap="md">
              <PeriodSelect data={data} onChange={setPeriod} />
              {subject ? <SubjectDetails subject={subject} data={data} /> : <Text>{t('diary.subject.notFound')}</Text>}
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}

// Short columns must not break inside «01.09» or «1,5» (the page lets long words wrap anywhere).
const NOWRAP = { whiteSpace: 'nowrap', overflowWrap: 'normal' } as const;

function SubjectDetails({ subject, data }: { subject: DiarySubject; data: DiaryMarks }) {
  const t = useT();
  const f = useDiaryFormat();
  const trend = subject.trend.map((p) => p.average);
  const finalKind = {
    period: 'diary.finals.kind.period',
    year: 'diary.finals.kind.year',
    exam: 'diary.finals.kind.exam',
    final: 'diary.finals.kind.final',
  } as const;
  return (
    <Stack gap="md" data-testid="diary-subject-details">
      <Title order={2}>{subject.subjectName}</Title>
      <Card withBorder padding="sm">
        <Group gap="lg" wrap="wrap" align="flex-end">
          <Stack gap={0}>
            <Text size="sm" c="dimmed">
              {t(data.averageMode === 'plain' ? 'diary.average.plain' : 'diary.average.weighted')}
            </Text>
            <Text fw={700} size="xl" data-testid="diary-average">
              {subject.average !== null ? f.average(subject.average) : '—'}
            </Text>
          </Stack>
          {subject.proposed && (
            <Stack gap={0}>
              <Text size="sm" c="dimmed">
                {t('diary.subjects.proposed')}
              </Text>
              <MarkBadge value={subject.proposed} />
            </Stack>
          )}
          {subject.periodFinal && (
            <Stack gap={0}>
              <Text size="sm" c="dimmed">
                {t('diary.subjects.final')}
              </Text>
              <MarkBadge value={subject.periodFinal} />
            </Stack>
          )}
        </Group>
      </Card>

      <Stack gap={4} component="section" aria-label={t('diary.subject.trend')}>
        <Title order={3}>{t('diary.subject.trend')}</Title>
        {trend.length > 0 ? (
          <>
            <Sparkline
              values={trend}
              width={320}
              height={72}
              label={t('diary.subject.trendLabel', { first: f.average(trend[0]), last: f.average(trend[trend.length - 1]) })}
            />
            <Text size="sm" c="dimmed">
              {t('diary.subject.trendLabel', { first: f.average(trend[0]), last: f.average(trend[trend.length - 1]) })}
            </Text>
          </>
        ) : (
          <Text size="sm">{t('diary.subject.trendEmpty')}</Text>
        )}
      </Stack>

      {!subject.passFail && subject.needed.length > 0 && (
        <Stack gap={4} component="section" aria-label={t('diary.subject.needed')}>
          <Title order={3}>{t('diary.subject.needed')}</Title>
          <List size="sm" data-testid="diary-needed">
            {subject.needed.map((n) => (
              <List.Item key={n.target}>
                {n.fives === null
                  ? t('diary.subject.neededFar', { target: n.target })
                  : t('diary.subject.neededItem', { target: n.target, count: n.fives })}
              </List.Item>
            ))}
          </List>
        </Stack>
      )}
      {!subject.passFail && subject.needed.length === 0 && subject.proposed === '5' && (
        <Text size="sm">{t('diary.subject.neededTop')}</Text>
      )}

      <Stack gap={4} component="section" aria-label={t('diary.subject.marks')}>
        <Title order={3}>{t('diary.subject.marks')}</Title>
        {subject.marks.length === 0 ? (
          <Text size="sm">{t('diary.subjects.noMarks')}</Text>
        ) : (
          <ScrollBox label={t('diary.subject.marks')}>
            <Table verticalSpacing={4} horizontalSpacing="xs" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col" style={NOWRAP}>
                    {t('diary.subject.col.date')}
                  </Table.Th>
                  <Table.Th scope="col" style={NOWRAP}>
                    {t('diary.subject.col.mark')}
                  </Table.Th>
                  <Table.Th scope="col">{t('diary.subject.col.work')}</Table.Th>
                  <Table.Th scope="col" style={NOWRAP}>
                    {t('diary.subject.col.weight')}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {subject.marks.map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td style={NOWRAP}>{f.short(m.date)}</Table.Td>
                    <Table.Td style={NOWRAP}>
                      <MarkBadge value={m.value} size="md" />
                    </Table.Td>
                    <Table.Td>
                      {workLabel(m)}
                      {m.comment && (
                        <Text size="xs" c="dimmed">
                          {m.comment}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td style={NOWRAP}>{f.weight(m.weight)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollBox>
        )}
      </Stack>

      {subject.finals.length > 0 && (
        <Stack gap={4} component="section" aria-label={t('diary.subject.finals')}>
          <Title order={3}>{t('diary.subject.finals')}</Title>
          <Group gap="md" wrap="wrap">
            {subject.finals.map((fm) => (
              <Stack key={`${fm.kind}-${fm.periodId ?? ''}`} gap={0}>
                <Text size="sm" c="dimmed">
                  {fm.kind === 'period' ? (fm.periodName ?? t(finalKind.period)) : t(finalKind[fm.kind])}
                </Text>
                <MarkBadge value={fm.value} />
              </Stack>
            ))}
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
