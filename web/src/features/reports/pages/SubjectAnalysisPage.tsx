import { Anchor, Group, Stack, Text } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { useT } from '../../../lib/i18n';
import { type SubjectAnalysis, useSubjectAnalysis } from '../api';
import { BarChart } from '../components/BarChart';
import { controlColumns, rateColumns } from '../components/columns';
import { FiguresTable } from '../components/FiguresTable';
import { FileButtons } from '../components/FileButtons';
import { PeriodSelect } from '../components/PeriodSelect';
import { useReportSearch } from '../filters';
import { SERIES_COLORS, useFigures } from '../format';
import { reportsPaths } from '../paths';

type Student = SubjectAnalysis['students'][number];
type Work = SubjectAnalysis['works'][number];

/** [003 §3.3], [002 §4.4] the teacher's analysis of a subject after a period. */
export function SubjectAnalysisPage() {
  const t = useT();
  const f = useFigures();
  const s = useReportSearch();
  const { pageId = '' } = useParams();
  const report = useSubjectAnalysis(pageId, s.periodId);
  return (
    <Stack gap="md">
      <QueryState query={report}>
        {(r) => (
          <>
            <PageHeader
              title={t('reports.subjectAnalysis.title', { class: r.page.className, subject: r.page.subjectName })}
              description={`${r.page.teacherName} · ${r.period.name} · ${f.date(r.period.startsOn)} – ${f.date(r.period.endsOn)}`}
            />
            <Anchor component={Link} to={reportsPaths.home} size="sm">
              {t('reports.back')}
            </Anchor>
            <Group align="flex-end">
              <PeriodSelect pageId={pageId} />
              <FileButtons path={`/api/reports/subject-analysis/${pageId}`} query={{ periodId: s.periodId }} />
            </Group>
            <FiguresTable<{
              figures: SubjectAnalysis['finals'];
              previous: SubjectAnalysis['previousFinals'];
              change: SubjectAnalysis['change'];
            }>
              caption={t('reports.subjectAnalysis.finals')}
              rowKey={() => 'finals'}
              rows={[{ figures: r.finals, previous: r.previousFinals, change: r.change }]}
              columns={rateColumns(t, f, r.previous !== null)}
            />
            <BarChart
              title={t('reports.subjectAnalysis.chart')}
              series={[{ name: t('reports.rate.students'), color: SERIES_COLORS[0] }]}
              items={(['five', 'four', 'three', 'two'] as const).map((k) => ({ label: t(`reports.rate.${k}`), values: [r.finals[k]] }))}
              format={f.num}
            />
            <FiguresTable<Student>
              caption={t('reports.subjectAnalysis.students')}
              rowKey={(x) => x.studentId}
              rows={r.students}
              testId="subject-students"
              columns={[
                { key: 'name', header: t('reports.student'), cell: (x) => x.name },
                { key: 'marks', header: t('reports.control.marks'), cell: (x) => f.num(x.marks), numeric: true },
                { key: 'average', header: t('reports.rate.average'), cell: (x) => f.num(x.average), numeric: true },
                { key: 'final', header: t('reports.subjectAnalysis.final'), cell: (x) => x.final ?? '—' },
                { key: 'previous', header: t('reports.subjectAnalysis.previousFinal'), cell: (x) => x.previousFinal ?? '—' },
                { key: 'missed', header: t('reports.attendance.missed'), cell: (x) => f.num(x.missed), numeric: true },
                { key: 'excused', header: t('reports.attendance.excused'), cell: (x) => f.num(x.excused), numeric: true },
                { key: 'late', header: t('reports.attendance.late'), cell: (x) => f.num(x.late), numeric: true },
              ]}
            />
            {r.works.length === 0 ? (
              <Text size="sm">{t('reports.subjectAnalysis.noWorks')}</Text>
            ) : (
              <FiguresTable<Work>
                caption={t('reports.subjectAnalysis.works')}
                rowKey={(w) => w.workId}
                rows={r.works}
                columns={[
                  {
                    key: 'name',
                    header: t('reports.subjectAnalysis.work'),
                    cell: (w) => `${f.date(w.date)} · ${w.workTypeName}${w.title ? `: ${w.title}` : ''}`,
                  },
                  ...rateColumns<Work>(t, f, false),
                ]}
              />
            )}
            <FiguresTable<{ figures: SubjectAnalysis['control'] }>
              caption={t('reports.subjectAnalysis.control')}
              rowKey={() => 'control'}
              rows={[{ figures: r.control }]}
              columns={controlColumns(t, f)}
            />
          </>
        )}
      </QueryState>
    </Stack>
  );
}
