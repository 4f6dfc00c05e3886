import { Anchor, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { useT } from '../../../lib/i18n';
import { type ControlFigures, type ControlReport, useControlReport } from '../api';
import { BarChart } from '../components/BarChart';
import { controlColumns } from '../components/columns';
import { type Column, FiguresTable } from '../components/FiguresTable';
import { FileButtons } from '../components/FileButtons';
import { ReportFilters, useChosenClass } from '../components/ReportFilters';
import { useReportSearch } from '../filters';
import { SERIES_COLORS, useFigures } from '../format';
import { reportsPaths } from '../paths';

type Grouping = 'teachers' | 'classes' | 'subjects' | 'pages';
interface Row {
  key: string;
  name: string;
  link?: string;
  figures: ControlFigures;
}

function rowsOf(r: ControlReport, g: Grouping, from: string, to: string): Row[] {
  const q = `?from=${from}&to=${to}`;
  switch (g) {
    case 'teachers':
      return r.byTeacher.map((x) => ({ key: x.teacherId, name: x.teacherName, figures: x.figures }));
    case 'classes':
      return r.byClass.map((x) => ({ key: x.classId, name: x.className, figures: x.figures }));
    case 'subjects':
      return r.bySubject.map((x) => ({ key: x.subjectId, name: x.subjectName, figures: x.figures }));
    case 'pages':
      return r.pages.map((p) => ({
        key: p.pageId,
        name: `${p.className}${p.subgroupName ? ` (${p.subgroupName})` : ''} · ${p.subjectName} · ${p.teacherName}`,
        link: `${reportsPaths.controlPage(p.pageId)}${q}`,
        figures: p.figures,
      }));
  }
}

/**
 * [000 §3.5], [002 §3.5], [003 §6.3] the deputy's control of journal keeping: by teacher, class,
 * subject or page; each page opens the lessons and students behind its figures.
 */
export function ControlReportPage() {
  const t = useT();
  const f = useFigures();
  const s = useReportSearch();
  const classId = useChosenClass();
  const [grouping, setGrouping] = useState<Grouping>('teachers');
  const report = useControlReport({ from: s.from, to: s.to, classId });
  return (
    <Stack gap="md">
      <PageHeader title={t('reports.control.title')} description={t('reports.control.intro')} />
      <ReportFilters />
      <FileButtons path="/api/reports/control" query={{ from: s.from, to: s.to, classId }} />
      <QueryState query={report}>
        {(r) => {
          const rows = rowsOf(r, grouping, s.from, s.to);
          const columns: Column<Row>[] = [
            {
              key: 'name',
              header: t(`reports.control.by.${grouping}`),
              cell: (row) =>
                row.link ? (
                  <Anchor component={Link} to={row.link}>
                    {row.name}
                  </Anchor>
                ) : (
                  row.name
                ),
            },
            ...controlColumns<Row>(t, f),
          ];
          return (
            <Stack gap="md">
              <Text size="sm">
                {t('reports.control.summary', {
                  weeks: f.num(r.studyWeeks),
                  topic: f.pct(r.total.lessonsWithTopicPct),
                  homework: f.pct(r.total.lessonsWithHomeworkPct),
                  late: f.pct(r.total.lateMarksPct),
                  noMarks: f.pct(r.total.studentsNoMarksPct),
                })}
              </Text>
              <SegmentedControl
                value={grouping}
                onChange={(v) => setGrouping(v as Grouping)}
                data={(['teachers', 'classes', 'subjects', 'pages'] as const).map((g) => ({
                  value: g,
                  label: t(`reports.control.by.${g}`),
                }))}
                aria-label={t('reports.grouping')}
              />
              {rows.length === 0 ? (
                <Text>{t('reports.empty')}</Text>
              ) : (
                <>
                  <BarChart
                    title={t('reports.control.chart')}
                    series={[
                      { name: t('reports.control.topic'), color: SERIES_COLORS[0] },
                      { name: t('reports.control.homework'), color: SERIES_COLORS[2] },
                      { name: t('reports.control.latePct'), color: SERIES_COLORS[1] },
                    ]}
                    items={rows.map((row) => ({
                      label: row.name,
                      values: [row.figures.lessonsWithTopicPct, row.figures.lessonsWithHomeworkPct, row.figures.lateMarksPct],
                    }))}
                    max={100}
                    format={f.pct}
                  />
                  <FiguresTable
                    caption={t('reports.control.tableCaption')}
                    columns={columns}
                    rows={[...rows, { key: 'total', name: t('reports.total'), figures: r.total }]}
                    rowKey={(row) => row.key}
                    testId="control-table"
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
