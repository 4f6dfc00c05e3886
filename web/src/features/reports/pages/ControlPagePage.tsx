import { Anchor, Badge, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { useT } from '../../../lib/i18n';
import { type ControlPageReport, useControlPage } from '../api';
import { controlColumns } from '../components/columns';
import { FiguresTable } from '../components/FiguresTable';
import { FileButtons } from '../components/FileButtons';
import { ReportFilters } from '../components/ReportFilters';
import { useReportSearch } from '../filters';
import { useFigures } from '../format';
import { reportsPaths } from '../paths';

type Student = ControlPageReport['students'][number];
type Lesson = ControlPageReport['lessons'][number];
type LateMark = ControlPageReport['lateMarks'][number];
type PlanItem = ControlPageReport['plan'][number];
type FiguresRow = { key: string; name: string; figures: ControlPageReport['figures'] };

/**
 * One page's control figures — the same row as on the report and in its PDF — and the students,
 * lessons, late marks and thematic plan behind each of them.
 */
export function ControlPagePage() {
  const t = useT();
  const f = useFigures();
  const s = useReportSearch();
  const { pageId = '' } = useParams();
  const report = useControlPage(pageId, { from: s.from, to: s.to });
  return (
    <Stack gap="md">
      <QueryState query={report}>
        {(r) => {
          const noMarks = r.students.filter((x) => x.marks === 0);
          const oneMark = r.students.filter((x) => x.marks === 1);
          const noTopic = r.lessons.filter((l) => !l.topic);
          const noHomework = r.lessons.filter((l) => !l.homework);
          const noRoll = r.lessons.filter((l) => !l.attendanceTaken);
          const studentList = (title: string, list: Student[]) => (
            <Stack gap={4}>
              <Title order={3} fz="h5">
                {title} ({list.length})
              </Title>
              {list.length === 0 ? (
                <Text size="sm">{t('reports.none')}</Text>
              ) : (
                <List size="sm">
                  {list.map((x) => (
                    <List.Item key={x.studentId}>
                      {x.name} — {t('reports.controlPage.onPage', { from: f.date(x.fromDate), to: f.date(x.toDate), lessons: x.lessons })}
                    </List.Item>
                  ))}
                </List>
              )}
            </Stack>
          );
          const lessonList = (title: string, list: Lesson[]) => (
            <Stack gap={4}>
              <Title order={3} fz="h5">
                {title} ({list.length})
              </Title>
              {list.length === 0 ? (
                <Text size="sm">{t('reports.none')}</Text>
              ) : (
                <List size="sm">
                  {list.map((l) => (
                    <List.Item key={l.lessonId}>
                      {f.date(l.date)}, {t('reports.controlPage.lessonNo', { n: l.number })}
                      {l.topic ? ` — ${l.topic}` : ''}
                    </List.Item>
                  ))}
                </List>
              )}
            </Stack>
          );
          return (
            <>
              <PageHeader
                title={t('reports.controlPage.title', { class: r.page.className, subject: r.page.subjectName })}
                description={`${r.page.teacherName} · ${f.date(r.from)} – ${f.date(r.to)}`}
              />
              <Anchor component={Link} to={`${reportsPaths.control}?from=${s.from}&to=${s.to}`} size="sm">
                {t('reports.back')}
              </Anchor>
              <ReportFilters classPick={false} />
              <FileButtons path={`/api/reports/control/pages/${pageId}`} query={{ from: s.from, to: s.to }} />
              <FiguresTable<FiguresRow>
                caption={t('reports.controlPage.figures')}
                rowKey={(x) => x.key}
                rows={[
                  {
                    key: 'page',
                    name: r.page.subgroupName ? `${r.page.className} (${r.page.subgroupName})` : r.page.className,
                    figures: r.figures,
                  },
                ]}
                columns={[{ key: 'name', header: t('reports.class'), cell: (x) => x.name }, ...controlColumns<FiguresRow>(t, f)]}
                testId="control-page-figures"
              />
              <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
                {studentList(t('reports.controlPage.noMarks'), noMarks)}
                {studentList(t('reports.controlPage.oneMark'), oneMark)}
                {lessonList(t('reports.controlPage.noTopic'), noTopic)}
                {lessonList(t('reports.controlPage.noHomework'), noHomework)}
                {lessonList(t('reports.controlPage.noRoll'), noRoll)}
              </SimpleGrid>
              <FiguresTable<LateMark>
                caption={t('reports.controlPage.lateMarks', { count: r.lateMarks.length, median: f.num(r.figures.medianDelayDays) })}
                rowKey={(m) => m.markId}
                rows={r.lateMarks}
                columns={[
                  { key: 'student', header: t('reports.controlPage.student'), cell: (m) => m.studentName },
                  { key: 'lesson', header: t('reports.controlPage.lesson'), cell: (m) => f.date(m.lessonDate) },
                  { key: 'work', header: t('reports.controlPage.work'), cell: (m) => m.workTypeName },
                  { key: 'value', header: t('reports.controlPage.value'), cell: (m) => m.value },
                  { key: 'deadline', header: t('reports.controlPage.deadline'), cell: (m) => f.date(m.deadline) },
                  { key: 'entered', header: t('reports.controlPage.entered'), cell: (m) => f.date(m.enteredOn) },
                  { key: 'delay', header: t('reports.controlPage.delay'), cell: (m) => f.num(m.delayDays), numeric: true },
                ]}
              />
              <FiguresTable<Lesson>
                caption={t('reports.controlPage.lessons')}
                rowKey={(l) => l.lessonId}
                rows={r.lessons}
                columns={[
                  { key: 'date', header: t('reports.controlPage.lesson'), cell: (l) => `${f.date(l.date)}, ${l.number}` },
                  {
                    key: 'topic',
                    header: t('reports.controlPage.topic'),
                    cell: (l) =>
                      l.topic ?? (
                        <Badge color="red" variant="light">
                          {t('reports.controlPage.missing')}
                        </Badge>
                      ),
                  },
                  {
                    key: 'topicOnTime',
                    header: t('reports.controlPage.topicOnTime'),
                    cell: (l) => (l.topicOnTime ? t('reports.yes') : t('reports.no')),
                  },
                  {
                    key: 'homework',
                    header: t('reports.controlPage.homework'),
                    cell: (l) => (l.homework ? t('reports.yes') : t('reports.no')),
                  },
                  {
                    key: 'homeworkOnTime',
                    header: t('reports.controlPage.homeworkOnTime'),
                    cell: (l) => (l.homeworkOnTime ? t('reports.yes') : t('reports.no')),
                  },
                  {
                    key: 'roll',
                    header: t('reports.controlPage.roll'),
                    cell: (l) => (l.attendanceTaken ? t('reports.yes') : t('reports.no')),
                  },
                  { key: 'plan', header: t('reports.controlPage.plan'), cell: (l) => l.planTopic ?? '—' },
                  { key: 'marks', header: t('reports.control.marks'), cell: (l) => f.num(l.marks), numeric: true },
                ]}
              />
              <FiguresTable<Student>
                caption={t('reports.controlPage.students')}
                rowKey={(x) => x.studentId}
                rows={r.students}
                testId="control-page-students"
                columns={[
                  { key: 'name', header: t('reports.student'), cell: (x) => x.name },
                  { key: 'from', header: t('reports.controlPage.onPageFrom'), cell: (x) => f.date(x.fromDate) },
                  { key: 'to', header: t('reports.controlPage.onPageTo'), cell: (x) => f.date(x.toDate) },
                  { key: 'lessons', header: t('reports.control.lessons'), cell: (x) => f.num(x.lessons), numeric: true },
                  { key: 'marks', header: t('reports.control.marks'), cell: (x) => f.num(x.marks), numeric: true },
                ]}
              />
              <Text size="sm">
                {t('reports.controlPage.planSummary', {
                  given: r.figures.planGiven,
                  hours: r.figures.planHours,
                  year: r.figures.planYearHours,
                  pct: f.pct(r.figures.planPct),
                })}
              </Text>
              <FiguresTable<PlanItem>
                caption={t('reports.controlPage.planTable')}
                rowKey={(p) => String(p.position)}
                rows={r.plan}
                testId="control-page-plan"
                columns={[
                  { key: 'topic', header: t('reports.controlPage.topic'), cell: (p) => `${p.position}. ${p.topic}` },
                  { key: 'hours', header: t('reports.controlPage.planHours'), cell: (p) => f.num(p.hours), numeric: true },
                  {
                    key: 'cumulative',
                    header: t('reports.controlPage.planCumulative'),
                    cell: (p) => f.num(p.cumulativeHours),
                    numeric: true,
                  },
                  { key: 'due', header: t('reports.controlPage.planDue'), cell: (p) => f.num(p.dueHours), numeric: true },
                  { key: 'given', header: t('reports.controlPage.planGiven'), cell: (p) => f.num(p.given), numeric: true },
                  { key: 'counted', header: t('reports.controlPage.planCounted'), cell: (p) => f.num(p.counted), numeric: true },
                ]}
              />
            </>
          );
        }}
      </QueryState>
    </Stack>
  );
}
