import { Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { useT } from '../../../lib/i18n';
import { type PerformanceReport, type RateFigures, usePerformance, useReportPeriods } from '../api';
import { BarChart } from '../components/BarChart';
import { rateColumns } from '../components/columns';
import { type Column, FiguresTable } from '../components/FiguresTable';
import { FileButtons } from '../components/FileButtons';
import { PeriodSelect } from '../components/PeriodSelect';
import { ReportFilters, useChosenClass } from '../components/ReportFilters';
import { useReportSearch } from '../filters';
import { SERIES_COLORS, useFigures } from '../format';

type Grouping = 'classes' | 'subjects' | 'teachers' | 'grades';
interface Row {
  key: string;
  name: string;
  figures: RateFigures;
  previous: RateFigures | null;
  change: PerformanceReport['total']['change'];
}

function rowsOf(
  r: PerformanceReport,
  g: Grouping,
  gradeName: (n: number) => string,
  wasClass: (name: string, previous: string) => string,
): Row[] {
  switch (g) {
    case 'classes':
      // compared with last year's class of the same children: «5А (было 4А)»
      return r.byClass.map((x) => ({
        key: x.classId,
        ...x,
        name: x.previousClassName && x.previousClassName !== x.className ? wasClass(x.className, x.previousClassName) : x.className,
      }));
    case 'subjects':
      return r.bySubject.map((x) => ({ key: x.subjectId, name: x.subjectName, ...x }));
    case 'teachers':
      return r.byTeacher.map((x) => ({ key: x.teacherId, name: x.teacherName, ...x }));
    case 'grades':
      return r.byGrade.map((x) => ({ key: String(x.grade), name: gradeName(x.grade), ...x }));
  }
}

/** [000 §9], [002 §5.3] performance and quality per period or year, compared with the period before. */
export function PerformanceReportPage() {
  const t = useT();
  const f = useFigures();
  const s = useReportSearch();
  const classId = useChosenClass();
  const periods = useReportPeriods({ classId });
  const [grouping, setGrouping] = useState<Grouping>('classes');
  const year = s.periodId === 'year';
  const query = year ? { yearId: periods.data?.yearId ?? undefined, classId } : { periodId: s.periodId, classId };
  // a year report waits for the year (it comes with the periods): asked without it, the server would
  // answer with the current period, shown for a moment as if it were the year (with no current year
  // at all the server says so)
  const ready = !year || periods.isSuccess;
  const report = usePerformance(query, ready);
  return (
    <Stack gap="md">
      <PageHeader title={t('reports.performance.title')} description={t('reports.performance.intro')} />
      <Group gap="sm" align="flex-end">
        <PeriodSelect classId={classId} withYear />
        <ReportFilters range={false} />
      </Group>
      {ready && <FileButtons path="/api/reports/performance" query={query} />}
      <QueryState query={report}>
        {(r) => {
          const rows = rowsOf(
            r,
            grouping,
            (n) => t('reports.performance.grade', { n }),
            (name, previous) => t('reports.performance.wasClass', { class: name, previous }),
          );
          const columns: Column<Row>[] = [
            { key: 'name', header: t(`reports.performance.by.${grouping}`), cell: (row) => row.name },
            ...rateColumns<Row>(t, f, r.previous !== null),
          ];
          return (
            <Stack gap="md">
              <Text size="sm">
                {t('reports.performance.summary', {
                  period: r.basis.name,
                  performance: f.pct(r.total.figures.performance),
                  quality: f.pct(r.total.figures.quality),
                  average: f.num(r.total.figures.average),
                })}
                {r.previous
                  ? ` ${t('reports.performance.compared', {
                      // the dates tell a period of last year (compared class by class through the same children)
                      period: `${r.previous.name}, ${f.date(r.previous.startsOn)} – ${f.date(r.previous.endsOn)}`,
                      change: f.change(r.total.change.quality),
                    })}`
                  : ''}
              </Text>
              <SegmentedControl
                value={grouping}
                onChange={(v) => setGrouping(v as Grouping)}
                data={(['classes', 'subjects', 'teachers', 'grades'] as const).map((g) => ({
                  value: g,
                  label: t(`reports.performance.by.${g}`),
                }))}
                aria-label={t('reports.grouping')}
              />
              {rows.length === 0 ? (
                <Text>{t('reports.performance.noFinals')}</Text>
              ) : (
                <>
                  <BarChart
                    title={t('reports.performance.chart')}
                    series={[
                      { name: t('reports.rate.performance'), color: SERIES_COLORS[0] },
                      { name: t('reports.rate.quality'), color: SERIES_COLORS[2] },
                      ...(r.previous ? [{ name: t('reports.rate.prevQuality'), color: SERIES_COLORS[1] }] : []),
                    ]}
                    items={rows.map((row) => ({
                      label: row.name,
                      values: [row.figures.performance, row.figures.quality, ...(r.previous ? [row.previous?.quality ?? null] : [])],
                    }))}
                    max={100}
                    format={f.pct}
                  />
                  <FiguresTable
                    caption={t('reports.performance.tableCaption', { period: r.basis.name })}
                    columns={columns}
                    rows={[...rows, { key: 'total', name: t('reports.total'), ...r.total }]}
                    rowKey={(row) => row.key}
                    testId="performance-table"
                  />
                </>
              )}
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}
