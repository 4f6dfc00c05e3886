import { Anchor, SegmentedControl, Stack, Text } from '@mantine/core';
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
import { type ReportSearchKey, useReportSearch } from '../filters';
import { SERIES_COLORS, useFigures } from '../format';
import { reportsPaths } from '../paths';

type Grouping = 'teachers' | 'classes' | 'subjects' | 'pages';
const GROUPINGS = ['teachers', 'classes', 'subjects', 'pages'] as const;
interface Row {
  key: string;
  name: string;
  link?: string;
  figures: ControlFigures;
}

/** The report's query string with some filters changed (the others kept): where a row leads. */
function linkWith(s: ReturnType<typeof useReportSearch>, classId: string | undefined, next: Partial<Record<ReportSearchKey, string>>) {
  const q = new URLSearchParams();
  const all: Partial<Record<ReportSearchKey, string | undefined>> = {
    from: s.from,
    to: s.to,
    class: classId,
    teacher: s.teacherId,
    subject: s.subjectId,
    ...next,
  };
  for (const [k, v] of Object.entries(all)) if (v) q.set(k, v);
  return `${reportsPaths.control}?${q.toString()}`;
}

/**
 * The rows of a grouping. A teacher's, class's or subject's row leads to the journal pages behind it
 * (the report narrowed to it, grouped by page) [issue 8 drill-down]; a page's row to its own figures.
 */
function rowsOf(r: ControlReport, g: Grouping, s: ReturnType<typeof useReportSearch>, classId: string | undefined): Row[] {
  switch (g) {
    case 'teachers':
      return r.byTeacher.map((x) => ({
        key: x.teacherId,
        name: x.teacherName,
        link: linkWith(s, classId, { teacher: x.teacherId, group: 'pages' }),
        figures: x.figures,
      }));
    case 'classes':
      return r.byClass.map((x) => ({
        key: x.classId,
        name: x.className,
        link: linkWith(s, classId, { class: x.classId, group: 'pages' }),
        figures: x.figures,
      }));
    case 'subjects':
      return r.bySubject.map((x) => ({
        key: x.subjectId,
        name: x.subjectName,
        link: linkWith(s, classId, { subject: x.subjectId, group: 'pages' }),
        figures: x.figures,
      }));
    case 'pages':
      return r.pages.map((p) => ({
        key: p.pageId,
        name: `${p.className}${p.subgroupName ? ` (${p.subgroupName})` : ''} · ${p.subjectName} · ${p.teacherName}`,
        link: `${reportsPaths.controlPage(p.pageId)}?from=${s.from}&to=${s.to}`,
        figures: p.figures,
      }));
  }
}

/**
 * [000 §3.5], [002 §3.5], [003 §6.3] the deputy's control of journal keeping: by teacher, class,
 * subject or page, narrowed to a teacher and a subject; a group opens its pages, each page the lessons
 * and students behind its figures. The files are asked with the same filters.
 */
export function ControlReportPage() {
  const t = useT();
  const f = useFigures();
  const s = useReportSearch();
  const classId = useChosenClass();
  const grouping: Grouping = GROUPINGS.find((g) => g === s.group) ?? 'teachers';
  const query = { from: s.from, to: s.to, classId, teacherId: s.teacherId, subjectId: s.subjectId };
  const report = useControlReport(query);
  return (
    <Stack gap="md">
      <PageHeader title={t('reports.control.title')} description={t('reports.control.intro')} />
      <ReportFilters people={report.data?.choices} />
      <FileButtons path="/api/reports/control" query={query} />
      <QueryState query={report}>
        {(r) => {
          const rows = rowsOf(r, grouping, s, classId);
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
                onChange={(v) => s.set({ group: v === 'teachers' ? '' : v })}
                data={GROUPINGS.map((g) => ({
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
