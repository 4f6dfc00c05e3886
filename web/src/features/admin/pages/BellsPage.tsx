import { Anchor, Button, Card, Checkbox, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import { useFormat, useT } from '../../../lib/i18n';
import { type Bell, type BellSet, FIRST_BELLS_DATE, useBells, usePutBells } from '../api';
import { FormError, fieldError } from '../form-errors';
import { adminPaths } from '../paths';

/** The highest lesson number the server takes. */
const LAST_NUMBER = 12;

interface Row {
  /** A stable React key: rows are renumbered when one is removed. */
  key: number;
  startsAt: string;
  endsAt: string;
}

/** «08:30» + minutes → «09:15», or '' when it passes midnight. */
function plusMinutes(time: string, minutes: number): string {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m) return '';
  const total = Number(m[1]) * 60 + Number(m[2]) + minutes;
  if (total >= 24 * 60) return '';
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** Only the per-row time fields are shown next to their input; the rest («bells», a repeated number) in the alert. */
const showsTimeField = (field: string) => /^bells\.\d+\.(startsAt|endsAt)$/.test(field) || field === 'validFrom';

/** The select's value of the school's first set (valid from the beginning). */
const FIRST = 'first';

/**
 * The bell schedule (расписание звонков) [004 admin]: lessons numbered in order from the first one (1, or 0 when
 * the school has a «нулевой урок»), each with its start and end. Saved whole; the server refuses a wrong time,
 * an end before the start and overlapping lessons, and names the row.
 */
export function BellsPage() {
  const t = useT();
  const fmt = useFormat();
  // Which set is shown: the one in force today until the administrator picks another.
  const [picked, setPicked] = useState<string | null>(null);
  // What the last save did; shown under the form until the next edit.
  const [notice, setNotice] = useState<string | null>(null);
  const bells = useBells(picked === null ? undefined : picked === FIRST ? FIRST_BELLS_DATE : picked);
  const label = (v: string | null) => (v === null ? t('admin.bells.fromStart') : t('admin.bells.fromDate', { date: fmt.date(v) }));
  return (
    <>
      <PageHeader title={t('admin.bells.title')} description={t('admin.bells.description')} />
      <Group mb="md">
        <Anchor component={Link} to={adminPaths.timetable}>
          {t('admin.bells.toTimetable')}
        </Anchor>
        <Anchor component={Link} to={adminPaths.lessonChanges}>
          {t('admin.changes.title')}
        </Anchor>
      </Group>
      <QueryState query={bells}>
        {(set) => (
          <>
            {set.versions.length > 1 && (
              <Select
                label={t('admin.bells.version')}
                data={set.versions.map((v) => ({ value: v ?? FIRST, label: label(v) }))}
                value={set.validFrom ?? FIRST}
                onChange={(v) => {
                  if (!v) return;
                  setNotice(null);
                  setPicked(v);
                }}
                allowDeselect={false}
                maw={260}
                mb="md"
              />
            )}
            <BellsEditor
              key={set.validFrom ?? FIRST}
              bellSet={set}
              notice={notice}
              onEdit={() => setNotice(null)}
              onSaved={(answer) => {
                setNotice(t('admin.bells.saved', { count: answer.bells.length }));
                setPicked(answer.validFrom ?? FIRST);
              }}
            />
          </>
        )}
      </QueryState>
    </>
  );
}

let nextKey = 1;
const rowsOf = (bells: Bell[]): Row[] => bells.map((b) => ({ key: nextKey++, startsAt: b.startsAt, endsAt: b.endsAt }));

function BellsEditor({
  bellSet,
  notice,
  onEdit,
  onSaved,
}: {
  bellSet: BellSet;
  notice: string | null;
  onEdit: () => void;
  onSaved: (answer: BellSet) => void;
}) {
  const t = useT();
  const put = usePutBells();
  const saved = bellSet.bells;
  const [zero, setZero] = useState(saved[0]?.number === 0);
  const [rows, setRows] = useState<Row[]>(() => rowsOf(saved));
  // Empty = the school's first set (from the beginning); a date = the set from that day.
  const [validFrom, setValidFrom] = useState(bellSet.validFrom ?? '');
  useEffect(() => {
    setRows(rowsOf(saved));
    setZero(saved[0]?.number === 0);
  }, [saved]);
  const first = zero ? 0 : 1;
  const change = (next: Row[]) => {
    setRows(next);
    onEdit();
    put.reset();
  };
  const set = (i: number, patch: Partial<Row>) => change(rows.map((r, k) => (k === i ? { ...r, ...patch } : r)));

  function addLesson() {
    const last = rows[rows.length - 1];
    // The usual rhythm: a 10-minute break, a 45-minute lesson.
    const startsAt = last ? plusMinutes(last.endsAt, 10) : '08:30';
    change([...rows, { key: nextKey++, startsAt, endsAt: startsAt ? plusMinutes(startsAt, 45) : '' }]);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    onEdit();
    const from = validFrom || null;
    put.mutate(
      { validFrom: from, bells: rows.map((r, i) => ({ number: first + i, startsAt: r.startsAt, endsAt: r.endsAt })) },
      {
        onSuccess: (answer) => onSaved(answer),
      },
    );
  }

  return (
    <Card component="section" aria-labelledby="bells-title">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} id="bells-title">
            {t('admin.bells.schedule')}
          </Title>
          <TextInput
            type="date"
            label={t('admin.bells.validFrom')}
            description={t('admin.bells.validFromHint')}
            value={validFrom}
            onChange={(e) => {
              setValidFrom(e.currentTarget.value);
              onEdit();
              put.reset();
            }}
            error={fieldError(put.error, 'validFrom')}
            maw={260}
          />
          <Checkbox
            label={t('admin.bells.zero')}
            description={t('admin.bells.zeroHint')}
            checked={zero}
            onChange={(e) => {
              setZero(e.currentTarget.checked);
              onEdit();
              put.reset();
            }}
          />
          {rows.length === 0 ? (
            <Text>{t('admin.bells.empty')}</Text>
          ) : (
            <ScrollBox label={t('admin.bells.schedule')}>
              <Table withTableBorder data-testid="bells">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('admin.timetable.lesson')}</Table.Th>
                    <Table.Th scope="col">{t('admin.bells.starts')}</Table.Th>
                    <Table.Th scope="col">{t('admin.bells.ends')}</Table.Th>
                    <Table.Th scope="col">{t('admin.credentials.actions')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r, i) => {
                    const n = first + i;
                    return (
                      <Table.Tr key={r.key}>
                        <Table.Th scope="row">{n}</Table.Th>
                        <Table.Td>
                          <TextInput
                            type="time"
                            size="xs"
                            w={130}
                            aria-label={t('admin.bells.startsOf', { n })}
                            value={r.startsAt}
                            onChange={(e) => set(i, { startsAt: e.currentTarget.value })}
                            error={fieldError(put.error, `bells.${i}.startsAt`)}
                          />
                        </Table.Td>
                        <Table.Td>
                          <TextInput
                            type="time"
                            size="xs"
                            w={130}
                            aria-label={t('admin.bells.endsOf', { n })}
                            value={r.endsAt}
                            onChange={(e) => set(i, { endsAt: e.currentTarget.value })}
                            error={fieldError(put.error, `bells.${i}.endsAt`)}
                          />
                        </Table.Td>
                        <Table.Td>
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red"
                            aria-label={t('admin.bells.removeOf', { n })}
                            onClick={() => change(rows.filter((_, k) => k !== i))}
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
          <Text size="sm" c="dimmed">
            {t('admin.bells.renumberHint')}
          </Text>
          <FormError error={put.error} shows={showsTimeField} />
          {notice && (
            <Text role="status" c="var(--mantine-color-green-light-color)">
              {notice}
            </Text>
          )}
          <Group>
            <Button variant="default" onClick={addLesson} disabled={first + rows.length > LAST_NUMBER}>
              {t('admin.bells.add')}
            </Button>
            <Button type="submit" loading={put.isPending}>
              {t('admin.bells.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
