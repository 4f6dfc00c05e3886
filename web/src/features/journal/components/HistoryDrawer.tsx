import { workTypeName } from '@domain/work-types';
import { Drawer, Stack, Text, Timeline } from '@mantine/core';
import { QueryState } from '../../../components/ui/QueryState';
import { type MessageKey, useFormat, useT } from '../../../lib/i18n';
import { type HistoryEntity, useCellHistory } from '../api';
import { attendanceText } from '../model/cell-input';

export interface HistoryTarget {
  entity: HistoryEntity;
  key: string;
  /** What the drawer is about: «Иванов Пётр, 24.11, ответ на уроке». */
  title: string;
}

/** A history value in words: a mark with its comment, an absence code, a topic, homework. */
function describe(
  entity: HistoryEntity,
  value: Record<string, unknown> | null,
  t: (k: MessageKey, v?: Record<string, string | number>) => string,
): string {
  if (!value) return t('journal.history.empty');
  const str = (k: string) => (typeof value[k] === 'string' ? (value[k] as string) : '');
  switch (entity) {
    case 'mark':
      return [str('value'), str('comment') && `(${str('comment')})`].filter(Boolean).join(' ');
    case 'attendance': {
      const text = attendanceText(str('code'), typeof value.minutes === 'number' ? value.minutes : null);
      return value.correction ? `${text} — ${t('journal.history.correction')}` : text;
    }
    case 'topic':
      return str('topic');
    case 'homework':
      if (str('detached')) return t('journal.history.detached', { name: str('detached') });
      if (str('attached')) return t('journal.history.attached', { name: str('attached') });
      return [str('text'), str('dueDate') && t('journal.history.due', { date: str('dueDate').split('-').reverse().join('.') })]
        .filter(Boolean)
        .join(' — ');
    case 'work':
      return [
        workTypeName(str('workType')),
        str('title') && `«${str('title')}»`,
        typeof value.weight === 'number' ? `×${value.weight}` : '',
      ]
        .filter(Boolean)
        .join(' ');
    case 'plan': {
      const items = Array.isArray(value.items) ? (value.items as { hours?: number }[]) : [];
      return t('journal.history.plan', { count: items.length, hours: items.reduce((s, i) => s + (i.hours ?? 0), 0) });
    }
  }
}

/** Who changed a cell, when, from what to what: the append-only history [DOMAIN §4]. */
export function HistoryDrawer({ pageId, target, onClose }: { pageId: string; target: HistoryTarget | null; onClose: () => void }) {
  const t = useT();
  const fmt = useFormat();
  const history = useCellHistory(pageId, target?.entity ?? 'mark', target?.key ?? '', target !== null);
  return (
    <Drawer
      opened={target !== null}
      onClose={onClose}
      position="right"
      size="md"
      title={t('journal.history.title')}
      closeButtonProps={{ 'aria-label': t('journal.history.close') }}
    >
      {target && (
        <Stack gap="md" data-testid="history-drawer">
          <Text fw={700}>{target.title}</Text>
          <QueryState query={history}>
            {(entries) =>
              entries.length === 0 ? (
                <Text c="dimmed">{t('journal.history.none')}</Text>
              ) : (
                <Timeline active={entries.length} bulletSize={14} lineWidth={2}>
                  {[...entries].reverse().map((h) => (
                    <Timeline.Item key={h.id} title={t(`journal.history.action.${h.action}`)}>
                      <Text size="sm">
                        {h.action === 'create'
                          ? describe(target.entity, h.newValue, t)
                          : `${describe(target.entity, h.oldValue, t)} → ${describe(target.entity, h.newValue, t)}`}
                      </Text>
                      {h.reason && (
                        <Text size="xs" c="dimmed">
                          {h.reason}
                        </Text>
                      )}
                      <Text size="xs" c="dimmed">
                        {fmt.dateTime(h.at)}
                        {h.actorName ? ` · ${h.actorName}` : ''}
                      </Text>
                    </Timeline.Item>
                  ))}
                </Timeline>
              )
            }
          </QueryState>
        </Stack>
      )}
    </Drawer>
  );
}
