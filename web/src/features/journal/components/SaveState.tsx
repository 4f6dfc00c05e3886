import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { memo, useEffect, useState, useSyncExternalStore } from 'react';
import { useT } from '../../../lib/i18n';
import { attendanceText } from '../model/cell-input';
import { shortDate } from '../model/grid-model';
import type { JournalPageData } from '../model/journal-data';
import type { PendingSave, SaveOp, SaveQueue } from '../model/save-queue';
import { useWorkLabels } from './work-labels';

/** «Все изменения сохранены» / «Сохраняется…» / «Нет связи…» — one line the teacher can trust. */
export const SaveStatusLine = memo(function SaveStatusLine({ queue }: { queue: SaveQueue }) {
  const t = useT();
  const summary = useSyncExternalStore(queue.subscribe, queue.getSummary);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!summary.offline) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [summary.offline]);
  let text: string;
  // Darker than Mantine's green.9/orange.9, which fall under 4.5:1 on the page's grey.
  let color = '#1e6b30';
  if (summary.offline) {
    const seconds = Math.max(0, Math.ceil(((summary.retryAt ?? now) - now) / 1000));
    text = t('journal.status.offline', { count: summary.waiting, seconds });
    color = '#8a4b00';
  } else if (summary.waiting > 0) {
    text = t('journal.status.saving', { count: summary.waiting });
    color = 'school.8';
  } else if (summary.errors > 0) {
    text = t('journal.status.errors', { count: summary.errors });
    color = 'red.9';
  } else if (summary.conflicts > 0) {
    text = t('journal.status.conflicts', { count: summary.conflicts });
    color = '#8a4b00';
  } else {
    text = t('journal.status.allSaved');
  }
  return (
    <Group gap="xs" wrap="nowrap">
      <Text
        size="sm"
        fw={700}
        c={color}
        role="status"
        data-testid="save-status"
        data-waiting={summary.waiting}
        data-offline={summary.offline || undefined}
      >
        {text}
      </Text>
      {summary.offline && (
        <Button size="compact-xs" variant="light" onClick={() => queue.retryNow()}>
          {t('journal.status.retryNow')}
        </Button>
      )}
    </Group>
  );
});

function opValue(op: SaveOp): string {
  if (op.type === 'mark') return op.value;
  if (op.type === 'attendance') return attendanceText(op.code, op.minutes);
  return '';
}

function currentValue(op: SaveOp, current: unknown): string {
  if (!current || typeof current !== 'object') return '';
  const c = current as { value?: string; code?: string; minutes?: number | null };
  return op.type === 'attendance' ? attendanceText(c.code, c.minutes) : (c.value ?? '');
}

/**
 * Saves the server refused as stale (someone else changed the cell first): both values side by side,
 * and the teacher chooses [issue 4]. Nothing is overwritten without that choice.
 */
export const ConflictList = memo(function ConflictList({
  queue,
  page,
  onResolved,
}: {
  queue: SaveQueue;
  page: JournalPageData;
  onResolved: (cellKey: string) => void;
}) {
  const t = useT();
  const workLabel = useWorkLabels();
  useSyncExternalStore(queue.subscribe, queue.getOverlay);
  const conflicts = queue.conflicts();
  if (conflicts.length === 0) return null;
  const describe = (e: PendingSave) => {
    const student = page.students.find((s) => s.id === e.op.studentId)?.name ?? '';
    const lesson = page.lessons.find((l) => l.id === e.op.lessonId);
    const op = e.op;
    const work = op.type !== 'attendance' ? lesson?.works.find((w) => w.id === op.workId) : undefined;
    const what = e.op.type === 'attendance' ? t('journal.grid.attendance') : work ? workLabel(work).full : '';
    return [student, lesson ? shortDate(lesson.date) : '', what].filter(Boolean).join(', ');
  };
  const empty = t('journal.conflict.emptyValue');
  return (
    <Alert color="orange" variant="light" title={t('journal.conflict.title')} data-testid="conflicts">
      <Stack gap="xs">
        <Text size="sm">{t('journal.conflict.intro')}</Text>
        {conflicts.map((e) => {
          const theirs = currentValue(e.op, e.current) || empty;
          const mine = opValue(e.op) || empty;
          return (
            <Group key={e.id} gap="xs" data-testid="conflict" wrap="wrap">
              <Text size="sm" fw={700}>
                {describe(e)}:
              </Text>
              <Text size="sm">{t('journal.conflict.values', { theirs, mine })}</Text>
              <Button
                id={`conflict-keep-${e.id}`}
                size="compact-sm"
                onClick={() => {
                  queue.keepMine(e.id);
                  onResolved(e.cellKey);
                }}
              >
                {t('journal.conflict.keepMine', { value: mine })}
              </Button>
              <Button
                size="compact-sm"
                variant="light"
                onClick={() => {
                  queue.discard(e.id);
                  onResolved(e.cellKey);
                }}
              >
                {t('journal.conflict.takeTheirs', { value: theirs })}
              </Button>
            </Group>
          );
        })}
      </Stack>
    </Alert>
  );
});
