import { defaultPeriods } from '@domain/calendar';
import { earlierDate, gradeSchemesFromRanges, laterDate, PERIOD_SCHEMES, periodName } from '@domain/school-structure';
import { Button, Fieldset, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import { type MessageKey, useT } from '../../../lib/i18n';
import type { GradeRange, Period, PeriodScheme } from '../api';
import { fieldError } from '../form-errors';

/** A period as the form holds it; `name` empty means the usual name («2 четверть»). */
export interface PeriodDraft {
  scheme: PeriodScheme;
  number: number;
  name: string;
  startsOn: string;
  endsOn: string;
}

export interface CalendarDraft {
  gradeSchemes: GradeRange[];
  periods: PeriodDraft[];
}

const GRADES = Array.from({ length: 11 }, (_, i) => i + 1);
const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** [DOMAIN §2] quarters for grades 1–9 and halves for 10–11 unless the school says otherwise. */
export const DEFAULT_GRADE_SCHEMES: GradeRange[] = [
  { fromGrade: 1, toGrade: 9, scheme: 'quarter' },
  { fromGrade: 10, toGrade: 11, scheme: 'half' },
];

const order = (a: PeriodDraft, b: PeriodDraft) =>
  PERIOD_SCHEMES.indexOf(a.scheme) - PERIOD_SCHEMES.indexOf(b.scheme) || a.number - b.number;

/** The schemes the grade ranges use (grades no range covers keep their default). */
export function schemesInUse(ranges: GradeRange[]): PeriodScheme[] {
  const used = new Set(Object.values(gradeSchemesFromRanges(ranges)));
  return PERIOD_SCHEMES.filter((s) => used.has(s));
}

/**
 * The usual calendar (src/domain/calendar) of the schemes in use, fitted into the year's dates — the same
 * proposal the server makes when a year is opened without periods.
 */
export function usualPeriods(startsOn: string, endsOn: string, ranges: GradeRange[]): PeriodDraft[] {
  if (!ISO.test(startsOn) || !ISO.test(endsOn) || startsOn >= endsOn) return [];
  const startYear = Number(startsOn.slice(0, 4)) - (Number(startsOn.slice(5, 7)) < 7 ? 1 : 0);
  const out: PeriodDraft[] = [];
  for (const scheme of schemesInUse(ranges)) {
    for (const p of defaultPeriods(startYear, scheme)) {
      const s = laterDate(p.startsOn, startsOn);
      const e = earlierDate(p.endsOn, endsOn);
      if (s <= e) out.push({ scheme, number: p.number, name: '', startsOn: s, endsOn: e });
    }
  }
  return out;
}

export function draftsOf(periods: Period[]): PeriodDraft[] {
  return periods
    .map((p) => ({
      scheme: p.scheme,
      number: p.number,
      name: p.name === periodName(p.scheme, p.number) ? '' : p.name,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
    }))
    .sort(order);
}

/** What the API takes; the order is the form's, so a field the server names (`periods.2.endsOn`) is found again. */
export function periodSpecs(drafts: PeriodDraft[]) {
  return drafts.map((p) => ({ scheme: p.scheme, number: p.number, name: p.name.trim() || null, startsOn: p.startsOn, endsOn: p.endsOn }));
}

/** Numbers stay 1…n within a scheme after a removal; a usual name follows its number. */
function renumber(drafts: PeriodDraft[]): PeriodDraft[] {
  const next: PeriodDraft[] = [];
  for (const scheme of PERIOD_SCHEMES) {
    drafts
      .filter((p) => p.scheme === scheme)
      .forEach((p, i) => {
        next.push({ ...p, number: i + 1 });
      });
  }
  return next;
}

/**
 * Grade ranges with their scheme (quarters, halves, trimesters) and the periods with their dates.
 * Server messages appear next to the input they name, under `periodsField` and `schemesField`.
 */
export function PeriodsEditor({
  value,
  onChange,
  year,
  error,
  periodsField = 'periods',
  schemesField = 'gradeSchemes',
}: {
  value: CalendarDraft;
  onChange: (next: CalendarDraft) => void;
  year: { startsOn: string; endsOn: string };
  error: unknown;
  periodsField?: string;
  schemesField?: string;
}) {
  const t = useT();
  const [addScheme, setAddScheme] = useState<PeriodScheme>('quarter');
  const schemeLabel = (s: PeriodScheme) => t(`admin.y2.scheme.${s}` as MessageKey);
  const setRange = (i: number, patch: Partial<GradeRange>) =>
    onChange({ ...value, gradeSchemes: value.gradeSchemes.map((r, k) => (k === i ? { ...r, ...patch } : r)) });
  const setPeriod = (i: number, patch: Partial<PeriodDraft>) =>
    onChange({ ...value, periods: value.periods.map((p, k) => (k === i ? { ...p, ...patch } : p)) });
  const canFill = ISO.test(year.startsOn) && ISO.test(year.endsOn) && year.startsOn < year.endsOn;
  const unused = schemesInUse(value.gradeSchemes).filter((s) => !value.periods.some((p) => p.scheme === s));

  return (
    <Stack gap="md">
      <Fieldset variant="unstyled" legend={<Title order={3}>{t('admin.y2.gradeSchemes')}</Title>}>
        <Text size="sm" c="dimmed" mb="xs">
          {t('admin.y2.gradeSchemesHint')}
        </Text>
        <Stack gap="xs">
          {value.gradeSchemes.map((r, i) => {
            const where = t('admin.y2.range', { n: i + 1 });
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
              <Group key={i} align="flex-end" gap="xs" wrap="wrap">
                <NativeSelect
                  label={`${where}: ${t('admin.y2.fromGrade')}`}
                  value={String(r.fromGrade)}
                  onChange={(e) => setRange(i, { fromGrade: Number(e.currentTarget.value) })}
                  data={GRADES.map(String)}
                  error={fieldError(error, `${schemesField}.${i}.fromGrade`)}
                />
                <NativeSelect
                  label={`${where}: ${t('admin.y2.toGrade')}`}
                  value={String(r.toGrade)}
                  onChange={(e) => setRange(i, { toGrade: Number(e.currentTarget.value) })}
                  data={GRADES.map(String)}
                  error={fieldError(error, `${schemesField}.${i}.toGrade`)}
                />
                <NativeSelect
                  label={`${where}: ${t('admin.y2.scheme')}`}
                  value={r.scheme}
                  onChange={(e) => setRange(i, { scheme: e.currentTarget.value as PeriodScheme })}
                  data={PERIOD_SCHEMES.map((s) => ({ value: s, label: schemeLabel(s) }))}
                />
                <Button
                  variant="subtle"
                  color="red"
                  aria-label={`${t('admin.y2.remove')}: ${where}`}
                  onClick={() => onChange({ ...value, gradeSchemes: value.gradeSchemes.filter((_, k) => k !== i) })}
                >
                  {t('admin.y2.remove')}
                </Button>
              </Group>
            );
          })}
          <Group>
            <Button
              variant="light"
              size="xs"
              onClick={() =>
                onChange({ ...value, gradeSchemes: [...value.gradeSchemes, { fromGrade: 1, toGrade: 11, scheme: 'quarter' }] })
              }
            >
              {t('admin.y2.addRange')}
            </Button>
          </Group>
        </Stack>
      </Fieldset>

      <Fieldset variant="unstyled" legend={<Title order={3}>{t('admin.years.periods')}</Title>}>
        <Group mb="xs" gap="xs">
          <Button
            variant="light"
            size="xs"
            disabled={!canFill}
            onClick={() => onChange({ ...value, periods: usualPeriods(year.startsOn, year.endsOn, value.gradeSchemes) })}
          >
            {t('admin.y2.fillUsual')}
          </Button>
        </Group>
        {value.periods.length === 0 ? (
          <Text size="sm">{t('admin.y2.noPeriods')}</Text>
        ) : (
          <ScrollBox label={t('admin.years.periods')}>
            <Table withTableBorder data-testid="period-editor">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.y2.period')}</Table.Th>
                  <Table.Th>{t('admin.y2.periodName')}</Table.Th>
                  <Table.Th>{t('admin.y2.startsOn')}</Table.Th>
                  <Table.Th>{t('admin.y2.endsOn')}</Table.Th>
                  <Table.Th>{t('admin.credentials.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {value.periods.map((p, i) => {
                  const label = periodName(p.scheme, p.number);
                  const f = `${periodsField}.${i}`;
                  return (
                    <Table.Tr key={`${p.scheme}-${p.number}`}>
                      <Table.Th scope="row" fw={500}>
                        {label}
                      </Table.Th>
                      <Table.Td miw={150}>
                        <TextInput
                          size="xs"
                          aria-label={`${label}: ${t('admin.y2.periodName')}`}
                          placeholder={label}
                          value={p.name}
                          maxLength={60}
                          onChange={(e) => setPeriod(i, { name: e.currentTarget.value })}
                          error={fieldError(error, `${f}.name`)}
                        />
                      </Table.Td>
                      <Table.Td miw={150}>
                        <TextInput
                          size="xs"
                          type="date"
                          aria-label={`${label}: ${t('admin.y2.startsOn')}`}
                          value={p.startsOn}
                          onChange={(e) => setPeriod(i, { startsOn: e.currentTarget.value })}
                          error={fieldError(error, `${f}.startsOn`)}
                        />
                      </Table.Td>
                      <Table.Td miw={150}>
                        <TextInput
                          size="xs"
                          type="date"
                          aria-label={`${label}: ${t('admin.y2.endsOn')}`}
                          value={p.endsOn}
                          onChange={(e) => setPeriod(i, { endsOn: e.currentTarget.value })}
                          error={fieldError(error, `${f}.endsOn`)}
                        />
                      </Table.Td>
                      <Table.Td>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          aria-label={`${t('admin.y2.remove')}: ${label}`}
                          onClick={() => onChange({ ...value, periods: renumber(value.periods.filter((_, k) => k !== i)) })}
                        >
                          {t('admin.y2.remove')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </ScrollBox>
        )}
        {fieldError(error, periodsField) && (
          <Text c="red.9" size="sm" role="alert" mt="xs">
            {fieldError(error, periodsField)}
          </Text>
        )}
        {unused.length > 0 && (
          <Text size="sm" c="var(--mantine-color-orange-light-color)" mt="xs">
            {t('admin.y2.schemeWithoutPeriods', { schemes: unused.map(schemeLabel).join(', ') })}
          </Text>
        )}
        <Group align="flex-end" gap="xs" mt="xs">
          <NativeSelect
            size="xs"
            label={t('admin.y2.addPeriodScheme')}
            value={addScheme}
            onChange={(e) => setAddScheme(e.currentTarget.value as PeriodScheme)}
            data={PERIOD_SCHEMES.map((s) => ({ value: s, label: schemeLabel(s) }))}
          />
          <Button
            size="xs"
            variant="light"
            onClick={() => {
              const number = value.periods.filter((p) => p.scheme === addScheme).length + 1;
              onChange({
                ...value,
                periods: [...value.periods, { scheme: addScheme, number, name: '', startsOn: '', endsOn: '' }].sort(order),
              });
            }}
          >
            {t('admin.y2.addPeriod')}
          </Button>
        </Group>
      </Fieldset>
    </Stack>
  );
}
