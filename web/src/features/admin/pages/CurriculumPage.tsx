import { Alert, Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import { type MessageKey, useFormat, useT } from '../../../lib/i18n';
import { type Subject, useCurriculum, usePutCurriculum, useSubjects, useYears, type Year } from '../api';
import { FormError, fieldError } from '../form-errors';

const GRADES = Array.from({ length: 11 }, (_, i) => i + 1);
const cellKey = (subjectId: string, grade: number) => `${subjectId}|${grade}`;

/** «1,5» or «1.5» → 1.5; empty → null; anything else → NaN. */
function parseHours(text: string): number | null {
  const s = text.trim().replace(',', '.');
  if (!s) return null;
  return /^\d+(\.\d+)?$/.test(s) ? Number(s) : Number.NaN;
}

/**
 * The curriculum (учебный план) [DOMAIN §2]: hours per week of each subject in each grade, edited as one
 * table and saved whole. An earlier (closed) year is shown read-only.
 */
export function CurriculumPage() {
  const t = useT();
  const years = useYears();
  const [yearId, setYearId] = useState<string | null>(null);
  useEffect(() => {
    if (!yearId && years.data?.length) setYearId((years.data.find((y) => y.status === 'current') ?? years.data[0]).id);
  }, [years.data, yearId]);
  const year = years.data?.find((y) => y.id === yearId);
  return (
    <>
      <PageHeader title={t('admin.curriculum.title')} description={t('admin.curriculum.description')} />
      <QueryState query={years}>
        {(list) => (
          <Select
            label={t('admin.years.year')}
            data={list.map((y) => ({ value: y.id, label: `${y.name} — ${t(`admin.years.status.${y.status}` as MessageKey)}` }))}
            value={yearId}
            onChange={setYearId}
            allowDeselect={false}
            maw={320}
            mb="lg"
          />
        )}
      </QueryState>
      {year && <CurriculumEditor key={year.id} year={year} />}
    </>
  );
}

function CurriculumEditor({ year }: { year: Year }) {
  const t = useT();
  const fmt = useFormat();
  const subjects = useSubjects();
  const curriculum = useCurriculum(year.id);
  const put = usePutCurriculum(year.id);
  const [cells, setCells] = useState<Record<string, string> | null>(null);
  const [sent, setSent] = useState<string[]>([]);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (!curriculum.data) return;
    const next: Record<string, string> = {};
    for (const r of curriculum.data) next[cellKey(r.subjectId, r.grade)] = String(r.hoursPerWeek).replace('.', ',');
    setCells(next);
  }, [curriculum.data]);

  const totals = useMemo(() => {
    const out: Record<number, number> = {};
    for (const [k, v] of Object.entries(cells ?? {})) {
      const h = parseHours(v);
      if (h && !Number.isNaN(h)) out[Number(k.split('|')[1])] = (out[Number(k.split('|')[1])] ?? 0) + h;
    }
    return out;
  }, [cells]);

  /** The server names a row by its place in what was sent (`rows.4.hoursPerWeek`): back to the cell. */
  const serverError = (key: string) => {
    const i = sent.indexOf(key);
    return i < 0 ? undefined : (fieldError(put.error, `rows.${i}.hoursPerWeek`) ?? fieldError(put.error, `rows.${i}`));
  };

  function save() {
    if (!cells) return;
    const errors: Record<string, string> = {};
    const keys: string[] = [];
    const rows: { grade: number; subjectId: string; hoursPerWeek: number }[] = [];
    for (const [k, v] of Object.entries(cells)) {
      const h = parseHours(v);
      if (h === null || h === 0) continue;
      if (Number.isNaN(h)) {
        errors[k] = t('admin.curriculum.notNumber');
        continue;
      }
      const [subjectId, grade] = k.split('|');
      keys.push(k);
      rows.push({ subjectId, grade: Number(grade), hoursPerWeek: h });
    }
    setLocalErrors(errors);
    setSaved(false);
    if (Object.keys(errors).length) return;
    setSent(keys);
    put.mutate(rows, { onSuccess: () => setSaved(true) });
  }

  const readOnly = year.readOnly;
  return (
    <QueryState query={subjects}>
      {(list: Subject[]) => (
        <QueryState query={curriculum}>
          {() =>
            !cells ? null : (
              <Stack>
                {readOnly ? (
                  <Alert color="gray" variant="light">
                    {t('admin.y2.readOnly', { date: year.closedAt ? fmt.date(year.closedAt.slice(0, 10)) : '' })}
                  </Alert>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('admin.curriculum.hint')}
                  </Text>
                )}
                <ScrollBox label={t('admin.curriculum.table')}>
                  <Table withTableBorder withColumnBorders data-testid="curriculum">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th scope="col">{t('admin.subjects.name')}</Table.Th>
                        {GRADES.map((g) => (
                          <Table.Th key={g} scope="col" ta="center">
                            {t('admin.curriculum.grade', { grade: g })}
                          </Table.Th>
                        ))}
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {list.map((s) => (
                        <Table.Tr key={s.id}>
                          <Table.Th scope="row" fw={500} miw={160}>
                            {s.name}
                          </Table.Th>
                          {GRADES.map((g) => {
                            const k = cellKey(s.id, g);
                            const label = t('admin.curriculum.cell', { subject: s.name, grade: g });
                            return (
                              <Table.Td key={g} p={4}>
                                {readOnly ? (
                                  <Text ta="center">{cells[k] ?? ''}</Text>
                                ) : (
                                  <TextInput
                                    size="xs"
                                    w={64}
                                    inputMode="decimal"
                                    aria-label={label}
                                    value={cells[k] ?? ''}
                                    onChange={(e) => {
                                      const v = e.currentTarget.value;
                                      setCells((c) => ({ ...(c ?? {}), [k]: v }));
                                      setSaved(false);
                                    }}
                                    error={localErrors[k] ?? serverError(k)}
                                  />
                                )}
                              </Table.Td>
                            );
                          })}
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                    <Table.Tfoot>
                      <Table.Tr>
                        <Table.Th scope="row">{t('admin.curriculum.total')}</Table.Th>
                        {GRADES.map((g) => (
                          <Table.Td key={g} ta="center" fw={700}>
                            {totals[g] ? fmt.number(totals[g]) : ''}
                          </Table.Td>
                        ))}
                      </Table.Tr>
                    </Table.Tfoot>
                  </Table>
                </ScrollBox>
                {!readOnly && (
                  <>
                    <FormError error={put.error} shows={(f) => /^rows\.\d+(\.hoursPerWeek)?$/.test(f)} />
                    {Object.keys(localErrors).length > 0 && (
                      <Text c="red.9" role="alert">
                        {t('admin.curriculum.fixCells')}
                      </Text>
                    )}
                    {saved && (
                      <Alert color="green" role="status">
                        {t('admin.curriculum.saved')}
                      </Alert>
                    )}
                    <Group>
                      <Button onClick={save} loading={put.isPending}>
                        {t('admin.curriculum.save')}
                      </Button>
                    </Group>
                  </>
                )}
              </Stack>
            )
          }
        </QueryState>
      )}
    </QueryState>
  );
}
