import { Stack, Text } from '@mantine/core';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { useT } from '../../../lib/i18n';
import { type ActivityReport, useActivityReport } from '../api';
import { BarChart } from '../components/BarChart';
import { activityColumns } from '../components/columns';
import { FiguresTable } from '../components/FiguresTable';
import { FileButtons } from '../components/FileButtons';
import { ReportFilters, useChosenClass } from '../components/ReportFilters';
import { useReportSearch } from '../filters';
import { SERIES_COLORS, useFigures } from '../format';

type Group = ActivityReport['groups'][number];
type Parent = NonNullable<ActivityReport['notLooked']>['parents'][number];

/** [000 §9], [002 §5.1] sign-ins and diary views per week or month; [004] parents who did not look. */
export function ActivityReportPage() {
  const t = useT();
  const f = useFigures();
  const s = useReportSearch();
  const classId = useChosenClass();
  const query = { from: s.from, to: s.to, classId, granularity: s.granularity };
  const report = useActivityReport(query);
  return (
    <Stack gap="md">
      <PageHeader title={t('reports.activity.title')} description={t('reports.activity.intro')} />
      <ReportFilters granularity />
      <FileButtons path="/api/reports/activity" query={query} />
      <QueryState query={report}>
        {(r) => {
          const groupName = (g: Group['group']) => t(`reports.activity.group.${g}`);
          const buckets = r.groups[0]?.buckets ?? [];
          return (
            <Stack gap="md">
              <BarChart
                title={t('reports.activity.chart')}
                series={r.groups.map((g, i) => ({ name: groupName(g.group), color: SERIES_COLORS[i] }))}
                items={buckets.map((b, k) => ({
                  label: `${f.date(b.startsOn)} – ${f.date(b.endsOn)}`,
                  values: r.groups.map((g) => g.buckets[k]?.figures.activePct ?? null),
                }))}
                max={100}
                format={f.pct}
              />
              <FiguresTable<{ key: string; name: string; figures: Group['total'] }>
                caption={t('reports.activity.total')}
                columns={[{ key: 'name', header: t('reports.activity.groupCol'), cell: (x) => x.name }, ...activityColumns(t, f)]}
                rows={r.groups.map((g) => ({ key: g.group, name: groupName(g.group), figures: g.total }))}
                rowKey={(x) => x.key}
                testId="activity-total"
              />
              <FiguresTable<{ key: string; name: string; figures: Group['total'] }>
                caption={t(r.granularity === 'week' ? 'reports.byWeek' : 'reports.byMonth')}
                columns={[{ key: 'name', header: t('reports.period'), cell: (x) => x.name }, ...activityColumns(t, f)]}
                rows={r.groups.flatMap((g) =>
                  g.buckets.map((b) => ({
                    key: `${g.group}:${b.key}`,
                    name: `${groupName(g.group)}, ${f.date(b.startsOn)} – ${f.date(b.endsOn)}`,
                    figures: b.figures,
                  })),
                )}
                rowKey={(x) => x.key}
              />
              {r.notLooked && (
                <Stack gap="xs">
                  {r.notLooked.parents.length === 0 ? (
                    <Text>{t('reports.activity.allLooked', { from: f.date(r.notLooked.startsOn), to: f.date(r.notLooked.endsOn) })}</Text>
                  ) : (
                    <FiguresTable<Parent>
                      caption={t('reports.activity.notLooked', { from: f.date(r.notLooked.startsOn), to: f.date(r.notLooked.endsOn) })}
                      columns={[
                        { key: 'parent', header: t('reports.activity.parent'), cell: (p) => p.parentName },
                        { key: 'child', header: t('reports.activity.child'), cell: (p) => p.studentName },
                        {
                          key: 'account',
                          header: t('reports.activity.hasAccount'),
                          cell: (p) => (p.hasAccount ? t('reports.yes') : t('reports.no')),
                        },
                        {
                          key: 'last',
                          header: t('reports.activity.lastView'),
                          cell: (p) => (p.lastViewOn ? f.date(p.lastViewOn) : t('reports.activity.never')),
                        },
                      ]}
                      rows={r.notLooked.parents}
                      rowKey={(p) => `${p.parentId}:${p.studentId}`}
                      testId="not-looked"
                    />
                  )}
                </Stack>
              )}
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}
