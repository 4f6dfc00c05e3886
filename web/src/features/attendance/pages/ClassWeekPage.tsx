import { Alert, Button, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { useFormat, useT } from '../../../lib/i18n';
import { useCurrentUser } from '../../../lib/session';
import { useClassWeek, useCorrectAttendance } from '../api';
import { WeekGrid } from '../components/WeekGrid';

function isoToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function shiftWeek(date: string, weeks: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + weeks * 7);
  return d.toISOString().slice(0, 10);
}

/**
 * «Посещаемость класса»: the class teacher reviews the week's absences of every subject and corrects
 * them (e.g. «н» → «б» when a medical certificate arrives); the subject teacher's entry stays visible.
 */
export function ClassWeekPage() {
  const t = useT();
  const fmt = useFormat();
  const me = useCurrentUser();
  const [search, setSearch] = useSearchParams();
  const classes = me.classTeacherOf;
  const classId = search.get('class') ?? classes[0]?.id ?? '';
  const date = search.get('date') ?? isoToday();
  const week = useClassWeek(classId, date);
  const correct = useCorrectAttendance(classId, date);
  const [error, setError] = useState<string | null>(null);
  const go = (next: { class?: string; date?: string }) =>
    setSearch({ class: next.class ?? classId, date: next.date ?? date }, { replace: true });
  const className = classes.find((c) => c.id === classId)?.name ?? '';

  if (classes.length === 0) {
    return (
      <>
        <PageHeader title={t('journal.week.title')} />
        <Text>{t('journal.week.noClass')}</Text>
      </>
    );
  }
  return (
    <Stack gap="md">
      <PageHeader title={t('journal.week.titleClass', { name: className })} description={t('journal.week.intro')} />
      <Group gap="sm" align="flex-end">
        {classes.length > 1 && (
          <NativeSelect
            label={t('journal.week.class')}
            value={classId}
            onChange={(e) => go({ class: e.currentTarget.value })}
            data={classes.map((c) => ({ value: c.id, label: c.name }))}
          />
        )}
        <Button variant="light" onClick={() => go({ date: shiftWeek(date, -1) })}>
          {t('journal.week.previous')}
        </Button>
        <TextInput
          type="date"
          label={t('journal.week.date')}
          value={date}
          onChange={(e) => e.currentTarget.value && go({ date: e.currentTarget.value })}
          w={170}
        />
        <Button variant="light" onClick={() => go({ date: shiftWeek(date, 1) })}>
          {t('journal.week.next')}
        </Button>
      </Group>
      {error && (
        <Alert
          color="red"
          variant="light"
          role="alert"
          withCloseButton
          onClose={() => setError(null)}
          closeButtonLabel={t('journal.week.closeError')}
        >
          {error}
        </Alert>
      )}
      <QueryState query={week}>
        {(data) => (
          <Stack gap={6}>
            <Text fw={700}>{t('journal.week.range', { from: fmt.date(data.weekStart), to: fmt.date(data.weekEnd) })}</Text>
            {data.lessons.length === 0 ? (
              <Text>{t('journal.week.noLessons')}</Text>
            ) : (
              <WeekGrid
                week={data}
                readOnly={false}
                onCorrect={(c) => correct.mutateAsync(c)}
                onError={setError}
                label={t('journal.week.gridLabel', { name: className, from: fmt.date(data.weekStart), to: fmt.date(data.weekEnd) })}
              />
            )}
            <Text size="xs" c="dimmed">
              {t('journal.week.keys')}
            </Text>
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}
