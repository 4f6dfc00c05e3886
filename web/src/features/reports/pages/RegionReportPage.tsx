import { NativeSelect, Stack, Text } from '@mantine/core';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { useT } from '../../../lib/i18n';
import { type RegionReport, useRegionReport } from '../api';
import { BarChart } from '../components/BarChart';
import { attendanceColumns, controlColumns, rateColumns } from '../components/columns';
import { FiguresTable } from '../components/FiguresTable';
import { FileButtons } from '../components/FileButtons';
import { ReportFilters } from '../components/ReportFilters';
import { useReportSearch } from '../filters';
import { SERIES_COLORS, useFigures } from '../format';

type School = RegionReport['schools'][number];

/** [DOMAIN §1] the methodologist's region view: the same figures per school, no personal data. */
export function RegionReportPage() {
  const t = useT();
  const f = useFigures();
  const s = useReportSearch();
  const periodNumber = s.periodId && s.periodId !== 'year' ? Number(s.periodId) : undefined;
  const query = { from: s.from, to: s.to, periodNumber };
  const report = useRegionReport(query);
  return (
    <Stack gap="md">
      <PageHeader title={t('reports.region.title')} description={t('reports.region.intro')} />
      <ReportFilters classPick={false} />
      <NativeSelect
        label={t('reports.region.finals')}
        value={s.periodId ?? 'year'}
        onChange={(e) => s.set({ period: e.currentTarget.value })}
        data={[
          { value: 'year', label: t('reports.year') },
          ...[1, 2, 3, 4].map((n) => ({ value: String(n), label: t('reports.region.quarter', { n }) })),
        ]}
        w={220}
      />
      <FileButtons path="/api/reports/region" query={query} />
      <QueryState query={report}>
        {(r) => {
          const rows = [
            ...r.schools.map((x) => ({ key: x.schoolId, name: x.schoolName, ...x })),
            { key: 'total', name: t('reports.region.total'), schoolId: '', schoolName: '', ...r.total },
          ];
          type Row = (typeof rows)[number];
          return (
            <Stack gap="md">
              {r.schools.length === 0 && <Text>{t('reports.empty')}</Text>}
              <BarChart
                title={t('reports.region.chart')}
                series={[
                  { name: t('reports.control.topic'), color: SERIES_COLORS[0] },
                  { name: t('reports.rate.quality'), color: SERIES_COLORS[2] },
                  { name: t('reports.region.parentsActive'), color: SERIES_COLORS[1] },
                ]}
                items={rows.map((x) => ({
                  label: x.name,
                  values: [x.control.lessonsWithTopicPct, x.performance.quality, x.activity.parents.activePct],
                }))}
                max={100}
                format={f.pct}
              />
              <FiguresTable<Row>
                caption={t('reports.control.title')}
                rowKey={(x) => x.key}
                rows={rows}
                testId="region-control"
                columns={[
                  { key: 'name', header: t('reports.region.school'), cell: (x) => x.name },
                  ...controlColumns<{ figures: School['control'] } & Row>(t, f).map((c) => ({
                    ...c,
                    cell: (x: Row) => c.cell({ ...x, figures: x.control }),
                  })),
                ]}
              />
              <FiguresTable<Row>
                caption={t('reports.performance.title')}
                rowKey={(x) => x.key}
                rows={rows}
                columns={[
                  { key: 'name', header: t('reports.region.school'), cell: (x) => x.name },
                  ...rateColumns<{ figures: School['performance'] } & Row>(t, f, false).map((c) => ({
                    ...c,
                    cell: (x: Row) => c.cell({ ...x, figures: x.performance }),
                  })),
                ]}
              />
              <FiguresTable<Row>
                caption={t('reports.attendance.title')}
                rowKey={(x) => x.key}
                rows={rows}
                columns={[
                  { key: 'name', header: t('reports.region.school'), cell: (x) => x.name },
                  ...attendanceColumns<{ figures: School['attendance'] } & Row>(t, f).map((c) => ({
                    ...c,
                    cell: (x: Row) => c.cell({ ...x, figures: x.attendance }),
                  })),
                ]}
              />
              <FiguresTable<Row>
                caption={t('reports.activity.title')}
                rowKey={(x) => x.key}
                rows={rows}
                columns={[
                  { key: 'name', header: t('reports.region.school'), cell: (x) => x.name },
                  {
                    key: 'staff',
                    header: t('reports.activity.group.staff'),
                    cell: (x) => f.pct(x.activity.staff.activePct),
                    numeric: true,
                  },
                  {
                    key: 'parents',
                    header: t('reports.activity.group.parents'),
                    cell: (x) => f.pct(x.activity.parents.activePct),
                    numeric: true,
                  },
                  {
                    key: 'parentsDiary',
                    header: t('reports.region.parentsDiary'),
                    cell: (x) => f.pct(x.activity.parents.diaryViewersPct),
                    numeric: true,
                  },
                  {
                    key: 'students',
                    header: t('reports.activity.group.students'),
                    cell: (x) => f.pct(x.activity.students.activePct),
                    numeric: true,
                  },
                  {
                    key: 'studentsDiary',
                    header: t('reports.region.studentsDiary'),
                    cell: (x) => f.pct(x.activity.students.diaryViewersPct),
                    numeric: true,
                  },
                ]}
              />
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}
