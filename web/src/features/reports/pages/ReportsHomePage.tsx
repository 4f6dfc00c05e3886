import { Anchor, Button, Card, Group, NativeSelect, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { PageHeader } from '../../../components/ui/PageHeader';
import { type MessageKey, useT } from '../../../lib/i18n';
import { hasRole, isClassTeacher, useCurrentUser } from '../../../lib/session';
import { useClasses, useJournalPages, useRegionSchools } from '../api';
import { isSchoolWide } from '../filters';
import { reportsPaths } from '../paths';

function ReportCard({ title, text, to }: { title: MessageKey; text: MessageKey; to: string }) {
  const t = useT();
  return (
    <Card withBorder padding="md">
      <Stack gap={4}>
        <Anchor component={Link} to={to} fw={600}>
          {t(title)}
        </Anchor>
        <Text size="sm" c="dimmed">
          {t(text)}
        </Text>
      </Stack>
    </Card>
  );
}

/** Picks one item of a list and opens its report (a class's analysis, a page's analysis). */
function OpenOne({
  label,
  title,
  options,
  to,
}: {
  label: string;
  title: string;
  options: { value: string; label: string }[];
  to: (id: string) => string;
}) {
  const t = useT();
  const navigate = useNavigate();
  const [value, setValue] = useState('');
  const chosen = value || options[0]?.value || '';
  if (options.length === 0) return null;
  return (
    <Card withBorder padding="md">
      <Stack gap="xs">
        <Title order={2} fz="h5">
          {title}
        </Title>
        <Group align="flex-end" gap="xs">
          <NativeSelect label={label} value={chosen} onChange={(e) => setValue(e.currentTarget.value)} data={options} />
          <Button variant="light" onClick={() => navigate(to(chosen))}>
            {t('reports.open')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** The reports a user may open [DOMAIN §9], by role; the server still decides every request. */
export function ReportsHomePage() {
  const t = useT();
  const me = useCurrentUser();
  const wide = isSchoolWide(me);
  const classTeacher = isClassTeacher(me);
  const teacher = hasRole(me, 'teacher');
  const classes = useClasses();
  const pages = useJournalPages();
  const region = useRegionSchools();
  const classOptions = wide
    ? (classes.data ?? []).map((c) => ({ value: c.id, label: c.name }))
    : me.classTeacherOf.map((c) => ({ value: c.id, label: c.name }));
  const pageOptions = (pages.data ?? [])
    .filter((p) => wide || p.isMine)
    .map((p) => ({
      value: p.id,
      label: `${p.className}${p.subgroupName ? ` (${p.subgroupName})` : ''} · ${p.subjectName}${wide ? ` · ${p.teacherName}` : ''}`,
    }));
  const ownPages = (pages.data ?? []).filter((p) => p.isMine);
  return (
    <Stack gap="lg">
      <PageHeader title={t('reports.title')} description={t('reports.intro')} />
      {(wide || classTeacher) && (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          <ReportCard title="reports.control.title" text="reports.control.card" to={reportsPaths.control} />
          <ReportCard title="reports.performance.title" text="reports.performance.card" to={reportsPaths.performance} />
          <ReportCard title="reports.attendance.title" text="reports.attendance.card" to={reportsPaths.attendance} />
          <ReportCard title="reports.activity.title" text="reports.activity.card" to={reportsPaths.activity} />
        </SimpleGrid>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {(wide || classTeacher) && (
          <OpenOne
            label={t('reports.class')}
            title={t('reports.classAnalysis.card')}
            options={classOptions}
            to={reportsPaths.classAnalysis}
          />
        )}
        {(wide || teacher) && (
          <OpenOne
            label={t('reports.page')}
            title={t('reports.subjectAnalysis.card')}
            options={pageOptions}
            to={reportsPaths.subjectAnalysis}
          />
        )}
      </SimpleGrid>
      {teacher && !wide && ownPages.length > 0 && (
        <Stack gap="xs">
          <Title order={2} fz="h4">
            {t('reports.ownPages')}
          </Title>
          {ownPages.map((p) => (
            <Anchor key={p.id} component={Link} to={reportsPaths.controlPage(p.id)}>
              {p.className}
              {p.subgroupName ? ` (${p.subgroupName})` : ''} · {p.subjectName}
            </Anchor>
          ))}
        </Stack>
      )}
      {(region.data ?? []).length > 0 && <ReportCard title="reports.region.title" text="reports.region.card" to={reportsPaths.region} />}
    </Stack>
  );
}
