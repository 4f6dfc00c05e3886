import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import { type MessageKey, useFormat, useT } from '../../../lib/i18n';
import {
  type GradeRange,
  type Holiday,
  type Period,
  useActivateYear,
  useCreateYear,
  useHolidayActions,
  usePeriodActions,
  usePutPeriods,
  useYear,
  useYears,
  type Year,
  type YearDetail as YearDetailData,
} from '../api';
import { type CalendarDraft, DEFAULT_GRADE_SCHEMES, draftsOf, PeriodsEditor, periodSpecs, usualPeriods } from '../components/PeriodsEditor';
import { FormError, FormFooter, fieldError, showsFields } from '../form-errors';
import { adminPaths } from '../paths';
import { followingYear } from '../year-dates';

/** «1–9: четверти; 10–11: полугодия». */
function schemesText(ranges: GradeRange[], t: ReturnType<typeof useT>) {
  return ranges
    .map(
      (r) =>
        `${r.fromGrade === r.toGrade ? r.fromGrade : `${r.fromGrade}–${r.toGrade}`}: ${t(`admin.y2.scheme.${r.scheme}` as MessageKey)}`,
    )
    .join('; ');
}

/**
 * Years, periods and holidays [DOMAIN §2], [002 §4.6]: a new year with its periods per grade range,
 * a draft year made current, periods and holidays changed while the year is open. Closing a period makes its
 * marks read-only; reopening needs a reason, which goes to the audit log. A closed year is read-only.
 */
export function YearsPage() {
  const t = useT();
  const years = useYears();
  const [yearId, setYearId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  useEffect(() => {
    if (!yearId && years.data?.length) setYearId((years.data.find((y) => y.status === 'current') ?? years.data[0]).id);
  }, [years.data, yearId]);
  const current = years.data?.find((y) => y.status === 'current');
  return (
    <>
      <PageHeader title={t('admin.years.title')} description={t('admin.years.description')} />
      <QueryState query={years}>
        {(list) => (
          <Group align="flex-end" mb="lg">
            <Select
              label={t('admin.years.year')}
              data={list.map((y) => ({ value: y.id, label: `${y.name} — ${t(`admin.years.status.${y.status}` as MessageKey)}` }))}
              value={yearId}
              onChange={setYearId}
              allowDeselect={false}
              maw={320}
            />
            {!creating && <Button onClick={() => setCreating(true)}>{t('admin.y2.newYear')}</Button>}
            {current && (
              <Button component={Link} to={adminPaths.yearEnd} variant="light">
                {t('admin.y2.yearEndLink')}
              </Button>
            )}
          </Group>
        )}
      </QueryState>
      {creating && years.data && (
        <NewYearForm
          years={years.data}
          onCancel={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            setYearId(id);
          }}
        />
      )}
      {yearId && <YearDetail key={yearId} id={yearId} />}
    </>
  );
}

function NewYearForm({ years, onCancel, onCreated }: { years: Year[]; onCancel: () => void; onCreated: (id: string) => void }) {
  const t = useT();
  const create = useCreateYear();
  const latest = [...years].sort((a, b) => b.startsOn.localeCompare(a.startsOn))[0];
  const [form, setForm] = useState(() => {
    const next = followingYear(latest);
    return {
      ...next,
      calendar: { gradeSchemes: DEFAULT_GRADE_SCHEMES, periods: usualPeriods(next.startsOn, next.endsOn, DEFAULT_GRADE_SCHEMES) },
    };
  });
  const [usualHolidays, setUsualHolidays] = useState(true);
  const hasCurrent = years.some((y) => y.status === 'current');
  const err = create.error;

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate(
      {
        name: form.name.trim(),
        startsOn: form.startsOn,
        endsOn: form.endsOn,
        gradeSchemes: form.calendar.gradeSchemes,
        // No periods: the server proposes the usual ones for the schemes in use.
        periods: form.calendar.periods.length ? periodSpecs(form.calendar.periods) : undefined,
        holidays: usualHolidays ? undefined : [],
      },
      { onSuccess: (y) => onCreated(y.id) },
    );
  }

  return (
    <Card mb="lg" component="section" aria-labelledby="new-year-title">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} id="new-year-title">
            {t('admin.y2.newYear')}
          </Title>
          <Text size="sm" c="dimmed">
            {t(hasCurrent ? 'admin.y2.willBeDraft' : 'admin.y2.willBeCurrent')}
          </Text>
          <Group align="flex-start" wrap="wrap">
            <TextInput
              label={t('admin.y2.name')}
              description={t('admin.y2.nameHint')}
              required
              value={form.name}
              maxLength={40}
              onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
              error={fieldError(err, 'name')}
            />
            <TextInput
              type="date"
              label={t('admin.y2.yearStarts')}
              required
              value={form.startsOn}
              onChange={(e) => setForm({ ...form, startsOn: e.currentTarget.value })}
              error={fieldError(err, 'startsOn')}
            />
            <TextInput
              type="date"
              label={t('admin.y2.yearEnds')}
              required
              value={form.endsOn}
              onChange={(e) => setForm({ ...form, endsOn: e.currentTarget.value })}
              error={fieldError(err, 'endsOn')}
            />
          </Group>
          <PeriodsEditor value={form.calendar} onChange={(calendar) => setForm({ ...form, calendar })} year={form} error={err} />
          <Checkbox
            label={t('admin.y2.usualHolidays')}
            checked={usualHolidays}
            onChange={(e) => setUsualHolidays(e.currentTarget.checked)}
          />
          <FormFooter
            error={err}
            shows={showsFields('name', 'startsOn', 'endsOn', 'periods', 'gradeSchemes')}
            pending={create.isPending}
            submitLabel={t('admin.y2.create')}
            onCancel={onCancel}
          />
        </Stack>
      </form>
    </Card>
  );
}

function YearDetail({ id }: { id: string }) {
  const t = useT();
  const fmt = useFormat();
  const year = useYear(id);
  const activate = useActivateYear();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<{ created: number; removed: number; keptWithData: number } | null>(null);
  return (
    <QueryState query={year}>
      {(y) => (
        <Stack>
          <Card>
            <Title order={2} mb="xs">
              {t('admin.y2.yearTitle', { name: y.name })}
            </Title>
            <Stack gap={4}>
              <Text>
                {fmt.date(y.startsOn)} — {fmt.date(y.endsOn)} ·{' '}
                <Badge color={y.status === 'current' ? 'green' : y.status === 'draft' ? 'blue' : 'gray'} variant="light">
                  {t(`admin.years.status.${y.status}` as MessageKey)}
                </Badge>
              </Text>
              <Text size="sm">
                {t('admin.y2.gradeSchemes')}: {schemesText(y.gradeSchemes, t)}
              </Text>
              {y.readOnly && (
                <Alert color="gray" variant="light" mt="xs" data-testid="year-read-only">
                  {t('admin.y2.readOnly', { date: y.closedAt ? fmt.date(y.closedAt.slice(0, 10)) : '' })}
                </Alert>
              )}
              {y.status === 'draft' && (
                <Group mt="xs">
                  <Button
                    variant="light"
                    loading={activate.isPending}
                    onClick={() => {
                      if (window.confirm(t('admin.y2.activateConfirm', { name: y.name }))) activate.mutate(y.id);
                    }}
                  >
                    {t('admin.y2.activate')}
                  </Button>
                </Group>
              )}
              <ErrorAlert error={activate.error} />
            </Stack>
          </Card>
          {editing ? (
            <PeriodsForm
              year={y}
              onDone={(lessons) => {
                setEditing(false);
                setSaved(lessons);
              }}
              onCancel={() => setEditing(false)}
            />
          ) : (
            <PeriodsCard
              year={y}
              onEdit={() => {
                setSaved(null);
                setEditing(true);
              }}
              saved={saved}
            />
          )}
          <HolidaysCard year={y} />
          {y.periodEvents.length > 0 && (
            <Card>
              <Title order={2} mb="sm">
                {t('admin.years.history')}
              </Title>
              <Stack gap={4}>
                {y.periodEvents.map((e) => (
                  <Text key={e.id} size="sm">
                    {fmt.date(e.at.slice(0, 10))} · {y.periods.find((p) => p.id === e.periodId)?.name} ·{' '}
                    {t(e.action === 'close' ? 'admin.years.closedEvent' : 'admin.years.reopenedEvent')}
                    {e.actorName ? ` · ${e.actorName}` : ''}
                    {e.reason ? ` · «${e.reason}»` : ''}
                  </Text>
                ))}
              </Stack>
            </Card>
          )}
        </Stack>
      )}
    </QueryState>
  );
}

function PeriodsCard({
  year: y,
  onEdit,
  saved,
}: {
  year: YearDetailData;
  onEdit: () => void;
  saved: { created: number; removed: number; keptWithData: number } | null;
}) {
  const t = useT();
  const fmt = useFormat();
  const { close, reopen } = usePeriodActions();
  const [reopening, setReopening] = useState<Period | null>(null);
  const [reason, setReason] = useState('');
  const day = (iso: string) => fmt.date(iso);
  return (
    <Card>
      <Group justify="space-between" mb="sm">
        <Title order={2}>{t('admin.years.periods')}</Title>
        {!y.readOnly && (
          <Button variant="light" size="sm" onClick={onEdit}>
            {t('admin.y2.editPeriods')}
          </Button>
        )}
      </Group>
      {saved && (
        <Alert color="green" role="status" mb="sm">
          {t('admin.y2.periodsSaved', { created: saved.created, removed: saved.removed, kept: saved.keptWithData })}
        </Alert>
      )}
      <ErrorAlert error={close.error} />
      <ScrollBox label={t('admin.years.periods')}>
        <Table striped withTableBorder data-testid="periods">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.years.period')}</Table.Th>
              <Table.Th>{t('admin.y2.scheme')}</Table.Th>
              <Table.Th>{t('admin.years.dates')}</Table.Th>
              <Table.Th>{t('admin.years.state')}</Table.Th>
              <Table.Th>{t('admin.credentials.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {y.periods.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{p.name}</Table.Td>
                <Table.Td>{t(`admin.y2.scheme.${p.scheme}` as MessageKey)}</Table.Td>
                <Table.Td>
                  {day(p.startsOn)} — {day(p.endsOn)}
                </Table.Td>
                <Table.Td>
                  <Badge color={p.closed ? 'gray' : 'green'} variant="light">
                    {t(p.closed ? 'admin.years.closed' : 'admin.years.open')}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {y.readOnly ? null : p.closed ? (
                    <Button size="xs" variant="light" aria-label={`${t('admin.years.reopen')}: ${p.name}`} onClick={() => setReopening(p)}>
                      {t('admin.years.reopen')}
                    </Button>
                  ) : (
                    <Button
                      size="xs"
                      variant="light"
                      color="red"
                      aria-label={`${t('admin.years.close')}: ${p.name}`}
                      loading={close.isPending && close.variables === p.id}
                      onClick={() => {
                        if (window.confirm(t('admin.years.closeConfirm', { name: p.name }))) close.mutate(p.id);
                      }}
                    >
                      {t('admin.years.close')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollBox>
      <Modal opened={!!reopening} onClose={() => setReopening(null)} title={t('admin.years.reopenTitle', { name: reopening?.name ?? '' })}>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!reopening) return;
            // An empty reason goes to the server too: its refusal names the field [004 admin].
            reopen.mutate(
              { id: reopening.id, reason: reason.trim() },
              {
                onSuccess: () => {
                  setReopening(null);
                  setReason('');
                },
              },
            );
          }}
        >
          <Stack>
            <Textarea
              label={t('admin.years.reason')}
              required
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              autosize
              minRows={2}
              error={fieldError(reopen.error, 'reason')}
            />
            <FormError error={reopen.error} shows={showsFields('reason')} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setReopening(null)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={reopen.isPending}>
                {t('admin.years.reopen')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}

/** The whole set of periods, sent at once; a closed period cannot change (the server answers 423). */
function PeriodsForm({
  year,
  onDone,
  onCancel,
}: {
  year: YearDetailData;
  onDone: (lessons: { created: number; removed: number; keptWithData: number }) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const put = usePutPeriods(year.id);
  const [calendar, setCalendar] = useState<CalendarDraft>(() => ({ gradeSchemes: year.gradeSchemes, periods: draftsOf(year.periods) }));
  return (
    <Card component="section" aria-labelledby="edit-periods-title">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          put.mutate(
            { gradeSchemes: calendar.gradeSchemes, periods: periodSpecs(calendar.periods) },
            { onSuccess: (res) => onDone(res.lessons) },
          );
        }}
      >
        <Stack>
          <Title order={2} id="edit-periods-title">
            {t('admin.y2.editPeriods')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('admin.y2.editPeriodsHint')}
          </Text>
          <PeriodsEditor value={calendar} onChange={setCalendar} year={year} error={put.error} />
          <FormFooter
            error={put.error}
            shows={showsFields('periods', 'gradeSchemes')}
            pending={put.isPending}
            submitLabel={t('admin.y2.savePeriods')}
            onCancel={onCancel}
          />
        </Stack>
      </form>
    </Card>
  );
}

function HolidaysCard({ year: y }: { year: YearDetailData }) {
  const t = useT();
  const fmt = useFormat();
  const { add, remove } = useHolidayActions(y.id);
  const empty = { name: '', kind: 'holiday' as Holiday['kind'], startsOn: '', endsOn: '', fromGrade: '', toGrade: '' };
  const [form, setForm] = useState(empty);
  const [notice, setNotice] = useState<string | null>(null);
  const day = (iso: string) => fmt.date(iso);
  // [DOMAIN §2] a holiday of some grades only (first-graders' February holidays); empty = the whole school
  const gradeChoices = [
    { value: '', label: t('admin.y2.holidayGradesNone') },
    ...Array.from({ length: 11 }, (_, i) => ({ value: String(i + 1), label: String(i + 1) })),
  ];
  const gradesText = (h: Holiday) =>
    h.fromGrade === null || h.toGrade === null
      ? t('admin.y2.holidayGradesAll')
      : h.fromGrade === h.toGrade
        ? t('admin.y2.holidayGradesOne', { grade: h.fromGrade })
        : t('admin.y2.holidayGradesRange', { from: h.fromGrade, to: h.toGrade });

  function submit(e: FormEvent) {
    e.preventDefault();
    setNotice(null);
    const endsOn = form.endsOn || form.startsOn;
    // one grade given alone means that grade only («с 1» = 1-е классы)
    const fromGrade = form.fromGrade || form.toGrade;
    const toGrade = form.toGrade || form.fromGrade;
    add.mutate(
      {
        name: form.name.trim(),
        kind: form.kind,
        startsOn: form.startsOn,
        endsOn,
        fromGrade: fromGrade ? Number(fromGrade) : null,
        toGrade: toGrade ? Number(toGrade) : null,
      },
      {
        onSuccess: (res) => {
          setForm(empty);
          setNotice(t('admin.y2.holidayAdded', { name: res.holiday.name, removed: res.removedLessons }));
        },
      },
    );
  }

  return (
    <Card>
      <Title order={2} mb="sm">
        {t('admin.years.holidays')}
      </Title>
      {y.holidays.length === 0 ? (
        <Text>{t('admin.years.noHolidays')}</Text>
      ) : (
        <ScrollBox label={t('admin.years.holidays')}>
          <Table striped withTableBorder data-testid="holidays">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.y2.holidayName')}</Table.Th>
                <Table.Th>{t('admin.y2.holidayKind')}</Table.Th>
                <Table.Th>{t('admin.years.dates')}</Table.Th>
                <Table.Th>{t('admin.y2.holidayGrades')}</Table.Th>
                {!y.readOnly && <Table.Th>{t('admin.credentials.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {y.holidays.map((h) => (
                <Table.Tr key={h.id}>
                  <Table.Td>{h.name}</Table.Td>
                  <Table.Td>{t(`admin.y2.kind.${h.kind}` as MessageKey)}</Table.Td>
                  <Table.Td>
                    {day(h.startsOn)}
                    {h.endsOn !== h.startsOn ? ` — ${day(h.endsOn)}` : ''}
                  </Table.Td>
                  <Table.Td>{gradesText(h)}</Table.Td>
                  {!y.readOnly && (
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        aria-label={`${t('admin.y2.delete')}: ${h.name}`}
                        loading={remove.isPending && remove.variables === h.id}
                        onClick={() => {
                          if (window.confirm(t('admin.y2.deleteHolidayConfirm', { name: h.name }))) {
                            setNotice(null);
                            remove.mutate(h.id, {
                              onSuccess: (res) => setNotice(t('admin.y2.holidayDeleted', { name: h.name, created: res.createdLessons })),
                            });
                          }
                        }}
                      >
                        {t('admin.y2.delete')}
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollBox>
      )}
      <ErrorAlert error={remove.error} />
      {notice && (
        <Text role="status" c="var(--mantine-color-green-light-color)" mt="xs">
          {notice}
        </Text>
      )}
      {!y.readOnly && (
        <form onSubmit={submit} noValidate aria-labelledby="add-holiday-title">
          <Title order={3} mt="md" mb="xs" id="add-holiday-title">
            {t('admin.y2.addHoliday')}
          </Title>
          <Group align="flex-start" wrap="wrap">
            <TextInput
              label={t('admin.y2.holidayName')}
              required
              value={form.name}
              maxLength={120}
              onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
              error={fieldError(add.error, 'name')}
            />
            <NativeSelect
              label={t('admin.y2.holidayKind')}
              value={form.kind}
              onChange={(e) => setForm({ ...form, kind: e.currentTarget.value as Holiday['kind'] })}
              data={(['holiday', 'day_off'] as const).map((k) => ({ value: k, label: t(`admin.y2.kind.${k}` as MessageKey) }))}
            />
            <TextInput
              type="date"
              label={t('admin.y2.holidayFrom')}
              required
              value={form.startsOn}
              onChange={(e) => setForm({ ...form, startsOn: e.currentTarget.value })}
              error={fieldError(add.error, 'startsOn')}
            />
            <TextInput
              type="date"
              label={t('admin.y2.holidayTo')}
              description={t('admin.y2.holidayToHint')}
              value={form.endsOn}
              onChange={(e) => setForm({ ...form, endsOn: e.currentTarget.value })}
              error={fieldError(add.error, 'endsOn')}
            />
            <NativeSelect
              label={t('admin.y2.holidayGradesFrom')}
              description={t('admin.y2.holidayGradesHint')}
              value={form.fromGrade}
              onChange={(e) => setForm({ ...form, fromGrade: e.currentTarget.value })}
              data={gradeChoices}
              error={fieldError(add.error, 'fromGrade')}
              data-testid="holiday-from-grade"
            />
            <NativeSelect
              label={t('admin.y2.holidayGradesTo')}
              aria-label={t('admin.y2.holidayGradesToLabel')}
              value={form.toGrade}
              onChange={(e) => setForm({ ...form, toGrade: e.currentTarget.value })}
              data={gradeChoices}
              error={fieldError(add.error, 'toGrade')}
              data-testid="holiday-to-grade"
            />
          </Group>
          <Stack mt="xs" gap="xs">
            <FormError error={add.error} shows={showsFields('name', 'startsOn', 'endsOn', 'fromGrade', 'toGrade')} />
            <Group>
              <Button type="submit" loading={add.isPending}>
                {t('admin.y2.addHolidayButton')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Card>
  );
}
