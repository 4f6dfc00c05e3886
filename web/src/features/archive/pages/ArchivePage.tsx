import { Alert, Button, Card, Group, List, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { type MessageKey, useFormat, useT } from '../../../lib/i18n';
import { type ArchiveCatalogue, archiveZipUrl, journalPdfUrl, useArchiveCatalogue } from '../api';

/**
 * «Архив журналов» [002 §4.7], [003 §6.4]: choose a year (closed years first of all — the archive's main
 * use) and a class, then download the printed journal (the whole year or one period) and the class's
 * year-end archive. Files are made on the server; the browser saves them under their Russian names.
 */
export function ArchivePage() {
  const t = useT();
  const catalogue = useArchiveCatalogue();
  return (
    <>
      <PageHeader title={t('archive.title')} description={t('archive.description')} />
      <QueryState query={catalogue}>
        {(c) => (c.years.length === 0 ? <Text>{t('archive.noYears')}</Text> : <ArchiveChooser catalogue={c} />)}
      </QueryState>
    </>
  );
}

function ArchiveChooser({ catalogue }: { catalogue: ArchiveCatalogue }) {
  const t = useT();
  const fmt = useFormat();
  const years = catalogue.years;
  const severalSchools = new Set(years.map((y) => y.schoolId)).size > 1;
  // The newest closed year is what an archivist most often wants.
  const [yearId, setYearId] = useState(() => (years.find((y) => y.status === 'closed') ?? years[0]).id);
  const year = years.find((y) => y.id === yearId) ?? years[0];
  const [classId, setClassId] = useState(year.classes[0]?.id ?? '');
  const cls = year.classes.find((c) => c.id === classId) ?? year.classes[0];
  const [periodId, setPeriodId] = useState('');
  const periods = cls ? year.periods.filter((p) => p.scheme === cls.periodScheme) : [];
  const period = periods.find((p) => p.id === periodId);

  const chooseYear = (id: string) => {
    setYearId(id);
    setClassId(years.find((y) => y.id === id)?.classes[0]?.id ?? '');
    setPeriodId('');
  };
  const yearLabel = (y: (typeof years)[number]) =>
    `${severalSchools ? `${y.schoolName}: ` : ''}${y.name} (${t(`archive.status.${y.status}` as MessageKey)})`;

  return (
    <Stack gap="lg" maw={720}>
      <Group align="flex-end" wrap="wrap">
        <NativeSelect
          label={t('archive.year')}
          value={year.id}
          onChange={(e) => chooseYear(e.currentTarget.value)}
          data={years.map((y) => ({ value: y.id, label: yearLabel(y) }))}
          data-testid="archive-year"
        />
        {year.classes.length > 0 && cls && (
          <NativeSelect
            label={t('archive.class')}
            value={cls.id}
            onChange={(e) => {
              setClassId(e.currentTarget.value);
              setPeriodId('');
            }}
            data={year.classes.map((c) => ({ value: c.id, label: c.name }))}
            data-testid="archive-class"
          />
        )}
      </Group>

      {!cls ? (
        <Text>{t('archive.noClasses')}</Text>
      ) : (
        <>
          <Text size="sm">
            {t('archive.classInfo', {
              teacher: cls.classTeacherName ?? t('archive.noTeacher'),
              students: t('count.students', { count: cls.studentCount }),
            })}
          </Text>

          {year.status !== 'closed' && (
            <Alert color="yellow" variant="light" title={t('archive.openYear.title')}>
              {t('archive.openYear.text')}
            </Alert>
          )}

          <Card withBorder padding="md" component="section" aria-labelledby="archive-journal">
            <Stack gap="sm">
              <Title order={2} fz="h4" id="archive-journal">
                {t('archive.journal.title')}
              </Title>
              <NativeSelect
                label={t('archive.period')}
                value={periodId}
                onChange={(e) => setPeriodId(e.currentTarget.value)}
                data={[
                  { value: '', label: t('archive.wholeYear', { year: year.name }) },
                  ...periods.map((p) => ({ value: p.id, label: `${p.name} (${fmt.date(p.startsOn)} – ${fmt.date(p.endsOn)})` })),
                ]}
                maw={360}
                data-testid="archive-period"
              />
              <Text size="sm">{t('archive.journal.hint')}</Text>
              <Group>
                <Button component="a" href={journalPdfUrl(cls.id, year.id, period?.id)} download data-testid="archive-pdf">
                  {period ? t('archive.journal.downloadPeriod', { period: period.name }) : t('archive.journal.download')}
                </Button>
              </Group>
            </Stack>
          </Card>

          <Card withBorder padding="md" component="section" aria-labelledby="archive-zip">
            <Stack gap="sm">
              <Title order={2} fz="h4" id="archive-zip">
                {t('archive.zip.title')}
              </Title>
              <Text size="sm">{t('archive.zip.hint')}</Text>
              <List size="sm">
                <List.Item>{t('archive.zip.item.journal')}</List.Item>
                <List.Item>{t('archive.zip.item.sheet')}</List.Item>
                <List.Item>{t('archive.zip.item.tables')}</List.Item>
                <List.Item>{t('archive.zip.item.manifest')}</List.Item>
              </List>
              <Group>
                <Button component="a" href={archiveZipUrl(cls.id, year.id)} download variant="light" data-testid="archive-zip">
                  {t('archive.zip.download', { class: cls.name })}
                </Button>
              </Group>
            </Stack>
          </Card>

          <Text size="xs" c="dimmed">
            {t('archive.wait')}
          </Text>
        </>
      )}
    </Stack>
  );
}
