import { Anchor, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { useT } from '../../../lib/i18n';
import { type ClassAnalysis, useClassAnalysis } from '../api';
import { BarChart } from '../components/BarChart';
import { attendanceColumns, rateColumns } from '../components/columns';
import { FiguresTable } from '../components/FiguresTable';
import { FileButtons } from '../components/FileButtons';
import { PeriodSelect } from '../components/PeriodSelect';
import { useReportSearch } from '../filters';
import { SERIES_COLORS, useFigures } from '../format';
import { reportsPaths } from '../paths';

type Student = ClassAnalysis['students'][number];
type SubjectRow = ClassAnalysis['bySubject'][number];

/** [003 §3.3] the class teacher's analysis after a period: students by group, subjects, the period before. */
export function ClassAnalysisPage() {
  const t = useT();
  const f = useFigures();
  const s = useReportSearch();
  const { classId = '' } = useParams();
  const report = useClassAnalysis(classId, s.periodId);
  return (
    <Stack gap="md">
      <QueryState query={report}>
        {(r) => {
          const list = (title: string, names: string[]) => (
            <Stack gap={4}>
              <Title order={3} fz="h5">
                {title} ({names.length})
              </Title>
              {names.length === 0 ? (
                <Text size="sm">{t('reports.none')}</Text>
              ) : (
                <List size="sm">
                  {names.map((n) => (
                    <List.Item key={n}>{n}</List.Item>
                  ))}
                </List>
              )}
            </Stack>
          );
          return (
            <>
              <PageHeader
                title={t('reports.classAnalysis.title', { class: r.scope.className ?? '' })}
                description={`${r.period.name} · ${f.date(r.period.startsOn)} – ${f.date(r.period.endsOn)}`}
              />
              <Anchor component={Link} to={reportsPaths.home} size="sm">
                {t('reports.back')}
              </Anchor>
              <Group align="flex-end">
                <PeriodSelect classId={classId} />
                <FileButtons path={`/api/reports/class-analysis/${classId}`} query={{ periodId: s.periodId }} />
              </Group>
              <Text size="sm">
                {t('reports.performance.summary', {
                  period: r.period.name,
                  performance: f.pct(r.total.figures.performance),
                  quality: f.pct(r.total.figures.quality),
                  average: f.num(r.total.figures.average),
                })}
                {r.previous
                  ? ` ${t('reports.performance.compared', { period: r.previous.name, change: f.change(r.total.change.quality) })}`
                  : ''}
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 2, md: 3, lg: 5 }}>
                {list(t('reports.classAnalysis.excellent'), r.lists.excellent)}
                {list(t('reports.classAnalysis.good'), r.lists.good)}
                {list(t('reports.classAnalysis.oneThree'), r.lists.oneThree)}
                {list(t('reports.classAnalysis.failing'), r.lists.failing)}
                {list(t('reports.classAnalysis.notAssessed'), r.lists.notAssessed)}
              </SimpleGrid>
              <FiguresTable<Student>
                caption={t('reports.classAnalysis.students')}
                rowKey={(x) => x.studentId}
                rows={r.students}
                testId="class-students"
                columns={[
                  { key: 'name', header: t('reports.student'), cell: (x) => x.name },
                  ...r.subjects.map((sub) => ({
                    key: sub.subjectId,
                    header: sub.subjectName,
                    cell: (x: Student) => x.finals.find((fm) => fm.subjectId === sub.subjectId)?.value ?? '',
                  })),
                  // the counts of «5»…«2» too, as the files have them
                  { key: 'five', header: t('reports.rate.five'), cell: (x) => f.num(x.five), numeric: true },
                  { key: 'four', header: t('reports.rate.four'), cell: (x) => f.num(x.four), numeric: true },
                  { key: 'three', header: t('reports.rate.three'), cell: (x) => f.num(x.three), numeric: true },
                  { key: 'two', header: t('reports.rate.two'), cell: (x) => f.num(x.two), numeric: true },
                  { key: 'average', header: t('reports.rate.average'), cell: (x) => f.num(x.average), numeric: true },
                  { key: 'category', header: t('reports.classAnalysis.category'), cell: (x) => t(`reports.category.${x.category}`) },
                  { key: 'missed', header: t('reports.attendance.missed'), cell: (x) => f.num(x.missed), numeric: true },
                  { key: 'unexcused', header: t('reports.attendance.unexcused'), cell: (x) => f.num(x.unexcused), numeric: true },
                ]}
              />
              <BarChart
                title={t('reports.classAnalysis.chart')}
                series={[
                  { name: t('reports.rate.quality'), color: SERIES_COLORS[0] },
                  ...(r.previous ? [{ name: t('reports.rate.prevQuality'), color: SERIES_COLORS[1] }] : []),
                ]}
                items={r.bySubject.map((x) => ({
                  label: x.subjectName,
                  values: [x.figures.quality, ...(r.previous ? [x.previous?.quality ?? null] : [])],
                }))}
                max={100}
                format={f.pct}
              />
              <FiguresTable<SubjectRow>
                caption={t('reports.classAnalysis.subjects')}
                rowKey={(x) => x.subjectId}
                rows={r.bySubject}
                columns={[
                  { key: 'name', header: t('reports.subject'), cell: (x) => x.subjectName },
                  ...rateColumns<SubjectRow>(t, f, r.previous !== null),
                ]}
              />
              <FiguresTable<{ figures: ClassAnalysis['attendance'] }>
                caption={t('reports.attendance.title')}
                rowKey={() => 'a'}
                rows={[{ figures: r.attendance }]}
                columns={attendanceColumns(t, f)}
              />
            </>
          );
        }}
      </QueryState>
    </Stack>
  );
}
