import { Alert, Button, Group, List, NativeSelect, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import { isApiError } from '../../../lib/api/client';
import { type MessageKey, useT } from '../../../lib/i18n';
import { type TimetableEntry, useClasses, useClassLoads, useSaveTimetable, useTimetable } from '../api';
import { adminPaths } from '../paths';

const WEEKDAYS = [1, 2, 3, 4, 5, 6];
const DEFAULT_LESSONS = [1, 2, 3, 4, 5, 6, 7];

interface Cell {
  pageId: string;
  room: string;
}
type Grid = Record<string, Cell[]>;
const key = (weekday: number, lesson: number) => `${weekday}-${lesson}`;

function todayIso() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function gridOf(entries: TimetableEntry[]): Grid {
  const grid: Grid = {};
  for (const e of entries) {
    const k = key(e.weekday, e.lessonNumber);
    grid[k] = [...(grid[k] ?? []), { pageId: e.pageId, room: e.room ?? '' }];
  }
  return grid;
}

/**
 * The class's week timetable: a cell is a journal page (subject, teacher) and a room. Saved as a whole
 * from a date; the server re-creates future empty lessons and refuses a teacher twice in one hour (409).
 * The bell schedule and the one-off changes (moves, substitutions, extra lessons) have their own screens.
 */
export function TimetablePage() {
  const t = useT();
  const classes = useClasses();
  const [classId, setClassId] = useState<string | null>(null);
  const [validFrom, setValidFrom] = useState(todayIso());
  return (
    <>
      <PageHeader title={t('admin.timetable.title')} description={t('admin.timetable.description')} />
      <Group mb="md">
        <Button component={Link} to={adminPaths.bells} variant="light">
          {t('admin.bells.title')}
        </Button>
        <Button component={Link} to={adminPaths.lessonChanges} variant="light">
          {t('admin.changes.title')}
        </Button>
      </Group>
      <QueryState query={classes}>
        {(list) => (
          <Group align="flex-end" mb="lg">
            <Select
              label={t('admin.people.class')}
              placeholder={t('admin.credentials.pickClass')}
              data={list.map((c) => ({ value: c.id, label: c.name }))}
              value={classId}
              onChange={setClassId}
              searchable
              maw={220}
            />
            <TextInput
              type="date"
              label={t('admin.timetable.validFrom')}
              value={validFrom}
              onChange={(e) => setValidFrom(e.currentTarget.value)}
            />
          </Group>
        )}
      </QueryState>
      {classId && validFrom && <WeekEditor key={`${classId}-${validFrom}`} classId={classId} validFrom={validFrom} />}
    </>
  );
}

function WeekEditor({ classId, validFrom }: { classId: string; validFrom: string }) {
  const t = useT();
  const timetable = useTimetable(classId, validFrom);
  const loads = useClassLoads(classId);
  const save = useSaveTimetable();
  const [grid, setGrid] = useState<Grid | null>(null);

  useEffect(() => {
    if (timetable.data) setGrid(gridOf(timetable.data.entries));
  }, [timetable.data]);

  const options = useMemo(
    () => [
      { value: '', label: '—' },
      ...(loads.data ?? []).map((l) => ({
        value: l.id,
        label: `${l.subjectName}${l.subgroupName ? ` (${l.subgroupName})` : ''} — ${l.teacherName}`,
      })),
    ],
    [loads.data],
  );
  const lessons = timetable.data?.bells.length ? timetable.data.bells.map((b) => b.number) : DEFAULT_LESSONS;

  function setCell(k: string, patch: Partial<Cell>) {
    setGrid((g) => {
      const next = { ...(g ?? {}) };
      const cells = [...(next[k] ?? [])];
      const first = { ...(cells[0] ?? { pageId: '', room: '' }), ...patch };
      cells[0] = first;
      next[k] = cells.filter((c) => c.pageId);
      return next;
    });
    save.reset();
  }

  function submit() {
    if (!grid) return;
    const entries = Object.entries(grid).flatMap(([k, cells]) => {
      const [weekday, lessonNumber] = k.split('-').map(Number);
      return cells.filter((c) => c.pageId).map((c) => ({ pageId: c.pageId, weekday, lessonNumber, room: c.room.trim() || null }));
    });
    save.mutate({ classId, validFrom, entries });
  }

  const conflicts =
    isApiError(save.error) && Array.isArray(save.error.details.conflicts) ? (save.error.details.conflicts as { message: string }[]) : [];
  return (
    <QueryState query={timetable}>
      {() =>
        !grid ? null : (
          <Stack>
            {loads.data && loads.data.length === 0 && <Alert color="yellow">{t('admin.timetable.noLoads')}</Alert>}
            <ScrollBox label={t('admin.timetable.grid')}>
              <Table withTableBorder withColumnBorders data-testid="timetable-grid">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('admin.timetable.lesson')}</Table.Th>
                    {WEEKDAYS.map((d) => (
                      <Table.Th key={d} scope="col">
                        {t(`admin.weekday.${d}` as MessageKey)}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {lessons.map((n) => (
                    <Table.Tr key={n}>
                      <Table.Th scope="row">{n}</Table.Th>
                      {WEEKDAYS.map((d) => {
                        const k = key(d, n);
                        const cells = grid[k] ?? [];
                        const where = t('admin.timetable.cell', { day: t(`admin.weekday.${d}` as MessageKey), n });
                        return (
                          <Table.Td key={k} miw={170}>
                            <Stack gap={4}>
                              <NativeSelect
                                size="xs"
                                aria-label={`${where}: ${t('admin.timetable.subject')}`}
                                data={options}
                                value={cells[0]?.pageId ?? ''}
                                onChange={(e) => setCell(k, { pageId: e.currentTarget.value })}
                              />
                              {cells[0] && (
                                <TextInput
                                  size="xs"
                                  aria-label={`${where}: ${t('admin.timetable.room')}`}
                                  placeholder={t('admin.timetable.room')}
                                  value={cells[0].room}
                                  onChange={(e) => setCell(k, { room: e.currentTarget.value })}
                                />
                              )}
                              {cells.slice(1).map((c) => (
                                <Text key={c.pageId} size="xs">
                                  + {options.find((o) => o.value === c.pageId)?.label ?? ''}
                                </Text>
                              ))}
                            </Stack>
                          </Table.Td>
                        );
                      })}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollBox>
            <Group>
              <Button onClick={submit} loading={save.isPending}>
                {t('admin.timetable.save')}
              </Button>
            </Group>
            <ErrorAlert error={save.error} />
            {conflicts.length > 1 && (
              <List size="sm" aria-label={t('admin.timetable.conflicts')}>
                {conflicts.map((c) => (
                  <List.Item key={c.message}>{c.message}</List.Item>
                ))}
              </List>
            )}
            {save.data && (
              <Alert color="green" role="status">
                {t('admin.timetable.saved', {
                  created: save.data.lessons.created,
                  removed: save.data.lessons.removed,
                  kept: save.data.lessons.keptWithData,
                })}
              </Alert>
            )}
          </Stack>
        )
      }
    </QueryState>
  );
}
