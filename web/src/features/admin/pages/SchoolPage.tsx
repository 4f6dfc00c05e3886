import { Card, Checkbox, Group, NativeSelect, NumberInput, Radio, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import { api, type Schemas, unwrap } from '../../../lib/api/client';
import { getQuery } from '../../../lib/api/query';
import { useT } from '../../../lib/i18n';
import { hasRole, useCurrentUser } from '../../../lib/session';
import { FormFooter, fieldError } from '../form-errors';

type SchoolCard = Schemas['SchoolCard'];
type Settings = SchoolCard['settings'];
type WorkType = SchoolCard['workTypes'][number]['code'];
type DeadlineRule = SchoolCard['workTypes'][number]['deadline'];
type Change = Schemas['SchoolCardChangeInput'];

/** Time zones of Russia (the school's day, deadlines and locks are counted in its zone). */
const RUSSIAN_ZONES = [
  'Europe/Kaliningrad',
  'Europe/Moscow',
  'Europe/Samara',
  'Asia/Yekaterinburg',
  'Asia/Omsk',
  'Asia/Novosibirsk',
  'Asia/Krasnoyarsk',
  'Asia/Irkutsk',
  'Asia/Yakutsk',
  'Asia/Vladivostok',
  'Asia/Magadan',
  'Asia/Kamchatka',
];
const DEADLINE_RULES: DeadlineRule[] = ['same_day', 'next_lesson', 'two_lessons', 'ten_days'];

function useSchoolCard() {
  return useQuery(getQuery('/api/school'));
}

/** A settings change alters averages and deadlines everywhere: every cached answer is read again. */
function useUpdateSchool() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Change) => unwrap(api.PATCH('/api/school', { body })),
    onSuccess: () => client.invalidateQueries(),
  });
}

/** The fields this form shows next to their input; any other the server names goes to the alert. */
const shows = (field: string) => ['name', 'shortName', 'directorName', 'timeZone'].includes(field) || /^settings\.\w+(\.\w+)?$/.test(field);

/**
 * «Школа» [004 admin], [DOMAIN intro]: the school's card — names, the director (printed on the paper journal's
 * title and certification pages [002 §4.1]), time zone — and the rules that differ between schools: how the
 * average is counted [DOMAIN §4], rounding [DOMAIN §6], deadlines [003 §3.2], the edit window [DOMAIN §3],
 * the second factor, the last grade [002 §4.6]. The administrator changes them; other staff read them.
 */
export function SchoolPage() {
  const t = useT();
  const card = useSchoolCard();
  return (
    <>
      <PageHeader title={t('admin.school.title')} description={t('admin.school.description')} />
      <QueryState query={card}>{(c) => <SchoolForm saved={c} />}</QueryState>
    </>
  );
}

interface FormState {
  name: string;
  shortName: string;
  directorName: string;
  timeZone: string;
  settings: Settings;
  /** Weights as typed: '' keeps the default. */
  weights: Record<WorkType, string | number>;
  deadlines: Record<WorkType, DeadlineRule | ''>;
}

function stateOf(c: SchoolCard): FormState {
  return {
    name: c.name,
    shortName: c.shortName,
    directorName: c.directorName ?? '',
    timeZone: c.timeZone,
    settings: c.settings,
    weights: Object.fromEntries(c.workTypes.map((w) => [w.code, c.settings.weights[w.code] ?? ''])) as FormState['weights'],
    deadlines: Object.fromEntries(c.workTypes.map((w) => [w.code, c.settings.deadlines[w.code] ?? ''])) as FormState['deadlines'],
  };
}

function SchoolForm({ saved }: { saved: SchoolCard }) {
  const t = useT();
  const me = useCurrentUser();
  const canEdit = hasRole(me, 'administrator');
  const update = useUpdateSchool();
  const [f, setF] = useState<FormState>(() => stateOf(saved));
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => setF(stateOf(saved)), [saved]);

  const touch = () => {
    setDone(null);
    update.reset();
  };
  const set = (patch: Partial<FormState>) => {
    setF((x) => ({ ...x, ...patch }));
    touch();
  };
  const setting = <K extends keyof Settings>(key: K, value: Settings[K]) => {
    setF((x) => ({ ...x, settings: { ...x.settings, [key]: value } }));
    touch();
  };
  const err = (field: string) => fieldError(update.error, field);

  function submit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    const weights: Settings['weights'] = {};
    const deadlines: Settings['deadlines'] = {};
    for (const w of saved.workTypes) {
      const weight = f.weights[w.code];
      if (weight !== '' && Number(weight) !== w.weight) weights[w.code] = Number(weight);
      const rule = f.deadlines[w.code];
      if (rule && rule !== w.deadline) deadlines[w.code] = rule;
    }
    // Only what the administrator changed is sent: the rest keeps following the defaults.
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    const settings: Change['settings'] = {};
    for (const key of Object.keys(f.settings) as (keyof Settings)[])
      if (key !== 'weights' && key !== 'deadlines' && !same(f.settings[key], saved.settings[key]))
        Object.assign(settings, { [key]: f.settings[key] });
    if (!same(weights, saved.settings.weights)) settings.weights = weights;
    if (!same(deadlines, saved.settings.deadlines)) settings.deadlines = deadlines;
    update.mutate(
      {
        schoolId: saved.id,
        name: f.name,
        shortName: f.shortName,
        directorName: f.directorName.trim() || null,
        timeZone: f.timeZone,
        settings,
      },
      { onSuccess: () => setDone(t('admin.school.saved')) },
    );
  }

  const zones = RUSSIAN_ZONES.includes(f.timeZone) ? RUSSIAN_ZONES : [f.timeZone, ...RUSSIAN_ZONES];
  const d = saved.defaults;
  const defaultNote = (value: string) => t('admin.school.defaultIs', { value });

  return (
    <form onSubmit={submit} noValidate aria-label={t('admin.school.title')}>
      <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Stack>
          {!canEdit && <Text c="dimmed">{t('admin.school.readOnly')}</Text>}
          <Card component="section" aria-labelledby="school-card-title">
            <Stack>
              <Title order={2} id="school-card-title">
                {t('admin.school.card')}
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t('admin.school.name')}
                  value={f.name}
                  onChange={(e) => set({ name: e.currentTarget.value })}
                  error={err('name')}
                  required
                />
                <TextInput
                  label={t('admin.school.shortName')}
                  value={f.shortName}
                  onChange={(e) => set({ shortName: e.currentTarget.value })}
                  error={err('shortName')}
                  required
                />
                <TextInput
                  label={t('admin.school.director')}
                  description={t('admin.school.directorHint')}
                  placeholder={t('admin.school.directorPlaceholder')}
                  value={f.directorName}
                  onChange={(e) => set({ directorName: e.currentTarget.value })}
                  error={err('directorName')}
                />
                <NativeSelect
                  label={t('admin.school.timeZone')}
                  description={t('admin.school.timeZoneHint')}
                  data={zones}
                  value={f.timeZone}
                  onChange={(e) => set({ timeZone: e.currentTarget.value })}
                  error={err('timeZone')}
                />
              </SimpleGrid>
            </Stack>
          </Card>

          <Card component="section" aria-labelledby="school-marks-title">
            <Stack>
              <Title order={2} id="school-marks-title">
                {t('admin.school.marks')}
              </Title>
              <Radio.Group
                label={t('admin.school.averageMode')}
                description={defaultNote(t(`admin.school.averageMode.${d.averageMode}`))}
                value={f.settings.averageMode}
                onChange={(v) => setting('averageMode', v as Settings['averageMode'])}
                error={err('settings.averageMode')}
              >
                <Group mt="xs">
                  <Radio value="weighted" label={t('admin.school.averageMode.weighted')} />
                  <Radio value="plain" label={t('admin.school.averageMode.plain')} />
                </Group>
              </Radio.Group>
              <Radio.Group
                label={t('admin.school.plusMinus')}
                description={defaultNote(t(`admin.school.plusMinus.${d.plusMinusMode}`))}
                value={f.settings.plusMinusMode}
                onChange={(v) => setting('plusMinusMode', v as Settings['plusMinusMode'])}
                error={err('settings.plusMinusMode')}
              >
                <Group mt="xs">
                  <Radio value="base" label={t('admin.school.plusMinus.base')} />
                  <Radio value="quarter" label={t('admin.school.plusMinus.quarter')} />
                </Group>
              </Radio.Group>
              <Radio.Group
                label={t('admin.school.rounding')}
                description={defaultNote(String(d.roundingBorder).replace('.', ','))}
                value={String(f.settings.roundingBorder)}
                onChange={(v) => setting('roundingBorder', Number(v) as Settings['roundingBorder'])}
                error={err('settings.roundingBorder')}
              >
                <Group mt="xs">
                  <Radio value="0.5" label={t('admin.school.rounding.50')} />
                  <Radio value="0.6" label={t('admin.school.rounding.60')} />
                </Group>
              </Radio.Group>
              <Checkbox
                label={t('admin.school.allowOne')}
                checked={f.settings.allowOne}
                onChange={(e) => setting('allowOne', e.currentTarget.checked)}
                error={err('settings.allowOne')}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <NumberInput
                  label={t('admin.school.minMarks')}
                  description={defaultNote(String(d.minMarksForPeriod))}
                  min={1}
                  max={50}
                  allowDecimal={false}
                  value={f.settings.minMarksForPeriod}
                  onChange={(v) => setting('minMarksForPeriod', Number(v))}
                  error={err('settings.minMarksForPeriod')}
                />
                <NativeSelect
                  label={t('admin.school.lastGrade')}
                  description={defaultNote(String(d.lastGrade))}
                  data={[
                    { value: '11', label: t('admin.school.lastGrade.11') },
                    { value: '9', label: t('admin.school.lastGrade.9') },
                    { value: '4', label: t('admin.school.lastGrade.4') },
                  ]}
                  value={String(f.settings.lastGrade)}
                  onChange={(e) => setting('lastGrade', Number(e.currentTarget.value) as Settings['lastGrade'])}
                  error={err('settings.lastGrade')}
                />
              </SimpleGrid>
            </Stack>
          </Card>

          <Card component="section" aria-labelledby="school-deadlines-title">
            <Stack>
              <Title order={2} id="school-deadlines-title">
                {t('admin.school.deadlines')}
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <NumberInput
                  label={t('admin.school.finalLate')}
                  description={defaultNote(String(d.finalMarkLateAfterDays))}
                  min={0}
                  max={60}
                  allowDecimal={false}
                  value={f.settings.finalMarkLateAfterDays}
                  onChange={(v) => setting('finalMarkLateAfterDays', Number(v))}
                  error={err('settings.finalMarkLateAfterDays')}
                />
                <Stack gap={4}>
                  <Checkbox
                    label={t('admin.school.editWindowNone')}
                    checked={f.settings.editWindowDays === null}
                    onChange={(e) => setting('editWindowDays', e.currentTarget.checked ? null : 7)}
                  />
                  {f.settings.editWindowDays !== null && (
                    <NumberInput
                      label={t('admin.school.editWindow')}
                      min={0}
                      max={366}
                      allowDecimal={false}
                      value={f.settings.editWindowDays}
                      onChange={(v) => setting('editWindowDays', Number(v))}
                      error={err('settings.editWindowDays')}
                    />
                  )}
                  {f.settings.editWindowDays === null && err('settings.editWindowDays') && (
                    <Text c="red" size="sm">
                      {err('settings.editWindowDays')}
                    </Text>
                  )}
                </Stack>
              </SimpleGrid>
              <Text size="sm" c="dimmed">
                {t('admin.school.workTypesHint')}
              </Text>
              <ScrollBox label={t('admin.school.workTypes')}>
                <Table withTableBorder data-testid="school-work-types">
                  <Table.Caption>{t('admin.school.workTypes')}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('admin.school.workType')}</Table.Th>
                      <Table.Th scope="col">{t('admin.school.weight')}</Table.Th>
                      <Table.Th scope="col">{t('admin.school.deadline')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {saved.workTypes.map((w) => (
                      <Table.Tr key={w.code}>
                        <Table.Th scope="row">{w.name}</Table.Th>
                        <Table.Td>
                          <NumberInput
                            size="xs"
                            w={120}
                            aria-label={t('admin.school.weightOf', { name: w.name })}
                            placeholder={String(w.weight).replace('.', ',')}
                            min={0.1}
                            max={10}
                            step={0.5}
                            decimalScale={1}
                            decimalSeparator=","
                            value={f.weights[w.code]}
                            onChange={(v) => set({ weights: { ...f.weights, [w.code]: v } })}
                            error={err(`settings.weights.${w.code}`)}
                          />
                        </Table.Td>
                        <Table.Td>
                          <NativeSelect
                            size="xs"
                            aria-label={t('admin.school.deadlineOf', { name: w.name })}
                            data={[
                              { value: '', label: t('admin.school.deadlineDefault', { rule: t(`admin.school.rule.${w.deadline}`) }) },
                              ...DEADLINE_RULES.map((r) => ({ value: r, label: t(`admin.school.rule.${r}`) })),
                            ]}
                            value={f.deadlines[w.code]}
                            onChange={(e) => set({ deadlines: { ...f.deadlines, [w.code]: e.currentTarget.value as DeadlineRule | '' } })}
                            error={err(`settings.deadlines.${w.code}`)}
                          />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollBox>
            </Stack>
          </Card>

          <Card component="section" aria-labelledby="school-security-title">
            <Stack>
              <Title order={2} id="school-security-title">
                {t('admin.school.security')}
              </Title>
              <Checkbox
                label={t('admin.school.adminTotp')}
                description={t('admin.school.adminTotpHint')}
                checked={f.settings.adminTotpRequired}
                onChange={(e) => setting('adminTotpRequired', e.currentTarget.checked)}
                error={err('settings.adminTotpRequired')}
              />
              <Checkbox
                label={t('admin.school.staffTotp')}
                description={t('admin.school.staffTotpHint')}
                checked={f.settings.totpRequiredForStaff}
                onChange={(e) => setting('totpRequiredForStaff', e.currentTarget.checked)}
                error={err('settings.totpRequiredForStaff')}
              />
            </Stack>
          </Card>

          {canEdit && (
            <FormFooter error={update.error} shows={shows} done={done} pending={update.isPending} submitLabel={t('admin.school.save')} />
          )}
        </Stack>
      </fieldset>
    </form>
  );
}
