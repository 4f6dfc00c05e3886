import { Alert, Anchor, Group, Kbd, Stack, Tabs, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { memo, useCallback, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { QueryState } from '../../../components/ui/QueryState';
import { useT } from '../../../lib/i18n';
import { useJournalPage, useSaveQueue } from '../api';
import { HistoryDrawer, type HistoryTarget } from '../components/HistoryDrawer';
import { type GridPosition, JournalGrid } from '../components/JournalGrid';
import { LessonPanel } from '../components/LessonPanel';
import { LessonsList } from '../components/LessonsList';
import { MobileLesson } from '../components/MobileLesson';
import { PeriodSwitcher } from '../components/PeriodSwitcher';
import { ConflictList, SaveStatusLine } from '../components/SaveState';
import { useWorkLabels } from '../components/work-labels';
import type { CellInput } from '../model/cell-input';
import { buildColumns, buildRows, cellKeyAt, type RowView, shortDate } from '../model/grid-model';
import { type JournalPageData, lessonToStartAt } from '../model/journal-data';
import type { SaveOp } from '../model/save-queue';
import { journalPaths } from '../paths';

/** Today in the browser's calendar (the school's, on a school computer). */
function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const KeyboardHelp = memo(function KeyboardHelp() {
  const t = useT();
  return (
    <Text size="xs" c="dimmed" id="journal-keys">
      <Kbd size="xs">←↑→↓</Kbd> {t('journal.keys.move')} · <Kbd size="xs">5</Kbd> <Kbd size="xs">4+</Kbd> <Kbd size="xs">зч</Kbd>{' '}
      <Kbd size="xs">.</Kbd> {t('journal.keys.mark')} · <Kbd size="xs">н</Kbd>/<Kbd size="xs">y</Kbd> {t('journal.keys.absence')} ·{' '}
      <Kbd size="xs">Enter</Kbd> {t('journal.keys.save')} · <Kbd size="xs">Delete</Kbd> {t('journal.keys.delete')} ·{' '}
      <Kbd size="xs">Esc</Kbd> {t('journal.keys.cancel')} · <Kbd size="xs">Alt+H</Kbd> {t('journal.keys.history')} ·{' '}
      <Kbd size="xs">Shift+F2</Kbd>/<Kbd size="xs">Alt+K</Kbd> {t('journal.keys.comment')}
    </Text>
  );
});

function JournalView({ page, onPeriod }: { page: JournalPageData; onPeriod: (periodId: string) => void }) {
  const t = useT();
  const workLabel = useWorkLabels();
  const queue = useSaveQueue();
  const overlay = useSyncExternalStore(queue.subscribe, queue.getOverlay);
  const isPhone = useMediaQuery('(max-width: 47.99em)') ?? false;
  const columns = useMemo(() => buildColumns(page), [page]);
  const previousRows = useRef<RowView[]>([]);
  const rows = useMemo(() => {
    previousRows.current = buildRows(page, columns, overlay, previousRows.current);
    return previousRows.current;
  }, [page, columns, overlay]);
  const periodClosed = !!page.period?.closed;
  // Writability is per lesson (the server decides it: own page or the substituted lesson, open period, edit window).
  const readOnly = periodClosed || !page.lessons.some((l) => l.canWrite);
  const substitutedDates = page.lessons.filter((l) => l.canWrite).map((l) => shortDate(l.date));

  const startColumn = useCallback(() => {
    const lessonIndex = lessonToStartAt(page, todayIso());
    return Math.max(
      0,
      columns.findIndex((c) => c.lessonIndex === lessonIndex),
    );
  }, [page, columns]);
  const [active, setActive] = useState<GridPosition>(() => ({ row: 0, col: startColumn() }));
  const [focusRequest, setFocusRequest] = useState(0);
  const [history, setHistory] = useState<HistoryTarget | null>(null);
  const [tab, setTab] = useState<string | null>('grid');

  // Another period: start again at its lesson of today (or its last one), already in the render that shows it.
  const periodId = page.period?.id;
  const [shownPeriod, setShownPeriod] = useState(periodId);
  if (shownPeriod !== periodId) {
    setShownPeriod(periodId);
    setActive({ row: 0, col: startColumn() });
  }

  // Columns may shrink (a work deleted): keep the cursor inside the grid.
  const pos = { row: Math.min(active.row, Math.max(0, rows.length - 1)), col: Math.min(active.col, Math.max(0, columns.length - 1)) };
  const column = columns[pos.col];
  const lesson = column?.lesson;

  const opFor = (p: GridPosition, input: CellInput): SaveOp | null => {
    const c = columns[p.col];
    const student = rows[p.row]?.student;
    if (!c || !student) return null;
    const base = { pageId: page.page.id, lessonId: c.lesson.id, studentId: student.id };
    switch (input.kind) {
      case 'mark':
        return c.work ? { type: 'mark', ...base, workId: c.work.id, value: input.value } : null;
      case 'attendance':
        return { type: 'attendance', ...base, code: input.code, minutes: input.minutes };
      case 'clear':
        return c.work ? { type: 'mark.delete', ...base, workId: c.work.id } : { type: 'attendance', ...base, code: null, minutes: null };
      default:
        return null;
    }
  };

  const onCommit = (p: GridPosition, input: CellInput) => {
    const op = opFor(p, input);
    if (op) queue.enqueue(op);
  };

  /** The mark's comment goes through the same queue as the mark: offline-safe, versioned, in order [004 teacher]. */
  const onComment = (p: GridPosition, comment: string | null) => {
    const c = columns[p.col];
    const row = rows[p.row];
    const value = row?.cells[p.col]?.text;
    if (!c?.work || !row || !value) return;
    queue.enqueue({
      type: 'mark',
      pageId: page.page.id,
      lessonId: c.lesson.id,
      workId: c.work.id,
      studentId: row.student.id,
      value,
      comment,
    });
  };

  const keyAt = (p: GridPosition) => {
    const c = columns[p.col];
    const student = rows[p.row]?.student;
    return c && student ? cellKeyAt(c, student.id) : '';
  };

  const onDismiss = (p: GridPosition) => {
    const entry = queue.entryFor(keyAt(p));
    if (entry) queue.discard(entry.id);
  };

  const onHistory = (p: GridPosition) => {
    const c = columns[p.col];
    const student = rows[p.row]?.student;
    if (!c || !student) return;
    const where = `${student.name}, ${shortDate(c.lesson.date)}, ${c.work ? workLabel(c.work).full : t('journal.grid.attendance')}`;
    setHistory(
      c.work
        ? { entity: 'mark', key: `${c.work.id}:${student.id}`, title: where }
        : { entity: 'attendance', key: `${c.lesson.id}:${student.id}`, title: where },
    );
  };

  const onOpenConflict = (p: GridPosition) => {
    const entry = queue.entryFor(keyAt(p));
    if (entry) document.getElementById(`conflict-keep-${entry.id}`)?.focus();
  };

  const onResolved = useCallback(
    (cellKey: string) => {
      for (const row of rows) {
        const col = row.cells.findIndex((c) => c.key === cellKey);
        if (col >= 0) {
          setActive({ row: row.index, col });
          setFocusRequest((n) => n + 1);
          return;
        }
      }
    },
    [rows],
  );

  // Stable per lesson, so the (memoised) panel does not re-render while the cursor moves within the lesson.
  const onLessonHistory = useCallback(
    (entity: 'topic' | 'homework') => {
      if (!lesson) return;
      setHistory({
        entity,
        key: lesson.id,
        title: `${shortDate(lesson.date)}, ${t(entity === 'topic' ? 'journal.lesson.topic' : 'journal.lesson.homework')}`,
      });
    },
    [lesson, t],
  );

  const lessonIndex = column?.lessonIndex ?? 0;
  const selectLesson = (index: number) => {
    const col = columns.findIndex((c) => c.lessonIndex === index);
    if (col >= 0) setActive({ row: pos.row, col });
  };

  const title = [page.page.className, page.page.subgroupName, page.page.subjectName].filter(Boolean).join(' · ');
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" gap="md">
        <div>
          <Anchor component={Link} to={journalPaths.list} size="sm">
            {t('journal.page.back')}
          </Anchor>
          <Title order={1}>{title}</Title>
          <Text c="dimmed" size="sm">
            {t('journal.page.teacher', { name: page.page.teacherName })}
          </Text>
          <Anchor component={Link} to={journalPaths.plan(page.page.id)} size="sm" data-testid="plan-link">
            {t('journal.page.plan')}
          </Anchor>
        </div>
        <PeriodSwitcher page={page} onChange={onPeriod} compact={isPhone} />
      </Group>
      {periodClosed && (
        <Alert color="gray" variant="light" title={t('journal.page.readOnly')} data-testid="read-only">
          {t('journal.page.periodClosed', { name: page.period?.name ?? '' })}
        </Alert>
      )}
      {!periodClosed && page.page.isSubstitute && (
        <Alert color="grape" variant="light" title={t('journal.page.substituteTitle')} data-testid="substitute-note">
          {substitutedDates.length > 0
            ? t('journal.page.substitute', { name: page.page.teacherName, dates: substitutedDates.join(', ') })
            : t('journal.page.substituteNone', { name: page.page.teacherName })}
        </Alert>
      )}
      {!periodClosed && !page.page.canWrite && !page.page.isSubstitute && (
        <Alert color="gray" variant="light" title={t('journal.page.readOnly')} data-testid="read-only">
          {t('journal.page.notMine', { name: page.page.teacherName })}
        </Alert>
      )}
      {!page.page.marksAllowed && (
        <Text size="sm" data-testid="grade1-note">
          {t('journal.page.grade1')}
        </Text>
      )}
      <Group justify="space-between" gap="xs">
        <SaveStatusLine queue={queue} />
      </Group>
      <ConflictList queue={queue} page={page} onResolved={onResolved} />
      {page.lessons.length === 0 ? (
        <Text>{t('journal.page.noLessons')}</Text>
      ) : isPhone ? (
        <MobileLesson
          page={page}
          columns={columns}
          rows={rows}
          readOnly={readOnly || !page.lessons[lessonIndex]?.canWrite}
          lessonIndex={lessonIndex}
          onLessonChange={selectLesson}
          onCommit={onCommit}
          onComment={onComment}
        />
      ) : (
        <Tabs value={tab} onChange={setTab} keepMounted={false}>
          <Tabs.List mb="sm">
            <Tabs.Tab value="grid">{t('journal.page.tabGrid')}</Tabs.Tab>
            <Tabs.Tab value="topics">{t('journal.page.tabTopics')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="grid">
            <Stack gap={6}>
              <JournalGrid
                page={page}
                columns={columns}
                rows={rows}
                readOnly={readOnly}
                active={pos}
                focusRequest={focusRequest}
                onActiveChange={setActive}
                onCommit={onCommit}
                onDismiss={onDismiss}
                onHistory={onHistory}
                onOpenConflict={onOpenConflict}
                onComment={onComment}
                label={t('journal.grid.label', { title, period: page.period?.name ?? '' })}
              />
              <KeyboardHelp />
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="topics">
            <LessonsList page={page} selected={lessonIndex} onSelect={selectLesson} />
          </Tabs.Panel>
        </Tabs>
      )}
      {lesson && <LessonPanel page={page} lesson={lesson} readOnly={readOnly || !lesson.canWrite} onHistory={onLessonHistory} />}
      <HistoryDrawer pageId={page.page.id} target={history} onClose={() => setHistory(null)} />
    </Stack>
  );
}

/** A journal page (class or subgroup × subject) for one period, at /journal/:pageId?period=… */
export function JournalPage() {
  const { pageId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const periodId = search.get('period') ?? undefined;
  const query = useJournalPage(pageId, periodId);
  return (
    <QueryState query={query}>
      {(page) => <JournalView key={pageId} page={page} onPeriod={(id) => setSearch({ period: id }, { replace: true })} />}
    </QueryState>
  );
}
