import { Anchor, Card, Group, SimpleGrid, Stack, Text, VisuallyHidden } from '@mantine/core';
import { Link } from 'react-router';
import { QueryState } from '../../../components/ui/QueryState';
import { useT } from '../../../lib/i18n';
import { type DiaryMarks, type DiarySubject, useDiaryMarks } from '../api';
import { useSearchValue } from '../child';
import { DiaryFrame } from '../components/DiaryFrame';
import { MarkBadge } from '../components/MarkBadge';
import { PeriodSelect } from '../components/PeriodSelect';
import { Sparkline } from '../components/Sparkline';
import { useDiaryFormat } from '../format';
import { diaryPaths } from '../paths';

/** [DOMAIN §7] each subject's marks of the period with the average and its trend. */
export function SubjectsPage() {
  const t = useT();
  return <DiaryFrame title={() => t('diary.subjects.title')}>{(p) => <Subjects studentId={p.id} />}</DiaryFrame>;
}

function Subjects({ studentId }: { studentId: string }) {
  const t = useT();
  const [periodId, setPeriod] = useSearchValue('period');
  const marks = useDiaryMarks(studentId, periodId);
  return (
    <QueryState query={marks}>
      {(data) => (
        <Stack gap="md">
          <PeriodSelect data={data} onChange={setPeriod} />
          {data.subjects.length === 0 ? (
            <Text>{t('diary.subjects.empty')}</Text>
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              {data.subjects.map((s) => (
                <SubjectCard key={s.subjectId} subject={s} data={data} studentId={studentId} />
              ))}
            </SimpleGrid>
          )}
        </Stack>
      )}
    </QueryState>
  );
}

function SubjectCard({ subject, data, studentId }: { subject: DiarySubject; data: DiaryMarks; studentId: string }) {
  const t = useT();
  const f = useDiaryFormat();
  const query = new URLSearchParams({ child: studentId, ...(data.period ? { period: data.period.id } : {}) });
  const trend = subject.trend.map((p) => p.average);
  return (
    <Card withBorder padding="sm" data-testid="diary-subject" component="article" aria-label={subject.subjectName}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Anchor component={Link} to={`${diaryPaths.subject(subject.subjectId)}?${query}`} fw={700} style={{ minWidth: 0 }}>
            {subject.subjectName}
          </Anchor>
          {subject.average !== null && (
            <Text fw={700} size="lg" style={{ flexShrink: 0 }}>
              <VisuallyHidden>{t(data.averageMode === 'plain' ? 'diary.average.plain' : 'diary.average.weighted')}: </VisuallyHidden>
              {f.average(subject.average)}
            </Text>
          )}
        </Group>
        {subject.marks.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('diary.subjects.noMarks')}
          </Text>
        ) : (
          <Group gap={4} wrap="wrap">
            {subject.marks.map((m) => (
              <MarkBadge key={m.id} value={m.value} size="md" />
            ))}
          </Group>
        )}
        <Group justify="space-between" align="flex-end" wrap="nowrap">
          <Text size="sm" c="dimmed">
            {t('diary.subjects.count', { count: subject.marks.length })}
            {subject.proposed ? ` · ${t('diary.subjects.proposed')}: ${subject.proposed}` : ''}
            {subject.periodFinal ? ` · ${t('diary.subjects.final')}: ${subject.periodFinal}` : ''}
          </Text>
          {trend.length > 1 && (
            <Sparkline
              values={trend}
              width={96}
              height={28}
              label={t('diary.subject.trendLabel', { first: f.average(trend[0]), last: f.average(trend[trend.length - 1]) })}
            />
          )}
        </Group>
      </Stack>
    </Card>
  );
}
