import { NativeSelect, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { useT } from '../../../lib/i18n';
import type { AttendanceReport } from '../api';
import { useAttendanceReport } from '../api';
import { BarChart } from '../components/BarChart';
import { attendanceColumns } from '../components/columns';
import { FiguresTable } from '../components/FiguresTable';
import { FileButtons } from '../components/FileButtons';
import { ReportFilters, useChosenClass } from '../components/ReportFilters';
import { useReportSearch } from '../filters';
import { SERIES_COLORS, useFigures } from '../format';

type Bucket = AttendanceReport['buckets'][number];
type ClassRow = AttendanceReport['byClass'][number];
type SubjectRow = AttendanceReport['bySubject'][number];
type StudentRow = AttendanceReport['students'][number];
type Figures = AttendanceReport['total'];

/** What a cell of the class × week/month table shows. */
const MEASURES = ['missed', 'unexcused', 'excused', 'late', 'missedPerStudent'] as const;
type Measure = (typeof MEASURES)[number];
const MEASURE_LABEL = {
  missed: 'reports.attendance.missed',
  unexcused: 'reports.attendance.unexcused',
  excused: 'reports.attendance.excused',
  late: 'reports.attendance.late',
  missedPerStudent: 'reports.attendance.perStudent',
} as const;

/** [002 §4.5], [000 §4.2] missed lessons per class and week or month, excused vs unexcused, late. */
export function AttendanceReportPage() {
  const t = useT();
  const f = useFigures();
  const s = useReportSearch();
  const classId = useChosenClass();
  const query = { from: s.from, to: s.to, classId, granularity: s.granularity };
  const report = useAttendanceReport(query);
  const [measure, setMeasure] = useState<Measure>('missed');
  const cell = (x: Figures) => f.num(x[measure]);
  return (
    <Stack gap="md">
      <PageHeader title={t('reports.attendance.title')} description={t('reports.attendance.intro')} />
      <ReportFilters granularity />
      <FileButtons path="/api/reports/attendance" query={query} />
      <QueryState query={report}>
        {(r) => (
          <Stack gap="md">
            <Text size="sm">
              {t('reports.attendance.summary', {
                missed: f.num(r.total.missed),
                excused: f.num(r.total.excused),
                unexcused: f.num(r.total.unexcused),
                perStudent: f.num(r.total.missedPerStudent),
                late: f.num(r.total.late),
              })}
            </Text>
            <BarChart
              title={t('reports.attendance.chart')}
              series={[
                { name: t('reports.attendance.excused'), color: SERIES_COLORS[2] },
                { name: t('reports.attendance.unexcused'), color: SERIES_COLORS[1] },
              ]}
              items={r.buckets.map((b) => ({
                label: `${f.date(b.startsOn)} – ${f.date(b.endsOn)}`,
                values: [b.figures.excused, b.figures.unexcused],
              }))}
              format={f.num}
            />
            <FiguresTable<Bucket>
              caption={t(r.granularity === 'week' ? 'reports.byWeek' : 'reports.byMonth')}
              columns={[
                { key: 'name', header: t('reports.period'), cell: (b) => `${f.date(b.startsOn)} – ${f.date(b.endsOn)}` },
                ...attendanceColumns<Bucket>(t, f),
              ]}
              rows={r.buckets}
              rowKey={(b) => b.key}
            />
            {!r.scope.classId && (
              <FiguresTable<ClassRow>
                caption={t('reports.attendance.byClass')}
                columns={[{ key: 'name', header: t('reports.class'), cell: (c) => c.className }, ...attendanceColumns<ClassRow>(t, f)]}
                rows={r.byClass}
                rowKey={(c) => c.classId}
                testId="attendance-classes"
              />
            )}
            {!r.scope.classId && (
              <Stack gap="xs">
                <NativeSelect
                  label={t('reports.attendance.measure')}
                  value={measure}
                  onChange={(e) => setMeasure(e.currentTarget.value as Measure)}
                  data={MEASURES.map((m) => ({ value: m, label: t(MEASURE_LABEL[m]) }))}
                  w={260}
                />
                {/* [002 §4.5] each class per week or month: the same rows as «По классам», split by period */}
                <FiguresTable<ClassRow>
                  caption={t(r.granularity === 'week' ? 'reports.attendance.classByWeek' : 'reports.attendance.classByMonth', {
                    measure: t(MEASURE_LABEL[measure]),
                  })}
                  columns={[
                    { key: 'name', header: t('reports.class'), cell: (c) => c.className },
                    ...r.buckets.map((b) => ({
                      key: b.key,
                      header: `${f.date(b.startsOn)} – ${f.date(b.endsOn)}`,
                      cell: (c: ClassRow) => {
                        const x = c.buckets.find((y) => y.key === b.key);
                        return x ? cell(x.figures) : '—';
                      },
                      numeric: true,
                    })),
                    { key: 'total', header: t('reports.total'), cell: (c) => cell(c.figures), numeric: true },
                  ]}
                  rows={r.byClass}
                  rowKey={(c) => c.classId}
                  testId="attendance-class-periods"
                />
              </Stack>
            )}
            <FiguresTable<SubjectRow>
              caption={t('reports.attendance.bySubject')}
              columns={[
                { key: 'name', header: t('reports.subject'), cell: (x) => x.subjectName },
                ...attendanceColumns<SubjectRow>(t, f, false),
              ]}
              rows={r.bySubject}
              rowKey={(x) => x.subjectId}
            />
            {r.students.length > 0 && (
              <FiguresTable<StudentRow>
                caption={t('reports.attendance.byStudent')}
                columns={[
                  { key: 'name', header: t('reports.student'), cell: (x) => x.name },
                  ...attendanceColumns<StudentRow>(t, f, false),
                ]}
                rows={r.students}
                rowKey={(x) => x.studentId}
                testId="attendance-students"
              />
            )}
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}
