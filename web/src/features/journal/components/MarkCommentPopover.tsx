import { Button, FocusTrap, Group, Paper, Portal, Text, Textarea } from '@mantine/core';
import { useClickOutside } from '@mantine/hooks';
import { type KeyboardEvent, useId, useLayoutEffect, useState } from 'react';
import { useT } from '../../../lib/i18n';
import styles from './JournalGrid.module.css';

export interface MarkCommentTarget {
  /** The cell the popover belongs to (it opens under it). */
  anchor: HTMLElement;
  /** «Иванов Пётр, 24.11, ответ на уроке». */
  where: string;
  /** The mark in the cell (empty: a comment needs a mark first). */
  value: string;
  comment: string | null;
}

const MAX = 500;
const WIDTH = 320;

/**
 * A small dialog under a mark cell for the teacher's comment on the mark [004 teacher], [001 §5.4.1]:
 * Enter saves, Shift+Enter starts a new line, Esc closes; focus goes back to the cell.
 */
export function MarkCommentPopover({
  target,
  onSave,
  onClose,
}: {
  target: MarkCommentTarget;
  /** null removes the comment. */
  onSave: (comment: string | null) => void;
  onClose: () => void;
}) {
  const t = useT();
  const titleId = useId();
  const [text, setText] = useState(target.comment ?? '');
  const [place, setPlace] = useState<{ top: number; left: number }>({ top: 0, left: 0 });
  const ref = useClickOutside<HTMLDivElement>(onClose);

  // Under the cell, kept inside the window (a cell at the right edge opens the popover to its left).
  useLayoutEffect(() => {
    const r = target.anchor.getBoundingClientRect();
    const left = Math.max(8, Math.min(r.left, window.innerWidth - WIDTH - 8));
    const below = r.bottom + 4;
    const top = below + 230 > window.innerHeight ? Math.max(8, r.top - 234) : below;
    setPlace({ top, left });
  }, [target.anchor]);

  const save = () => {
    const clean = text.trim();
    if (clean === (target.comment ?? '')) onClose();
    else onSave(clean || null);
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    }
  };

  return (
    <Portal>
      <FocusTrap active>
        <Paper
          ref={ref}
          role="dialog"
          aria-modal="false"
          aria-labelledby={titleId}
          shadow="md"
          withBorder
          p="sm"
          className={styles.commentPopover}
          style={{ top: place.top, left: place.left, width: WIDTH }}
          onKeyDown={onKey}
          data-testid="mark-comment"
        >
          <Text fw={700} size="sm" id={titleId}>
            {t('journal.comment.title')}
          </Text>
          <Text size="xs" c="dimmed" mb={6}>
            {target.value ? t('journal.comment.where', { where: target.where, value: target.value }) : target.where}
          </Text>
          {target.value ? (
            <>
              <Textarea
                data-autofocus
                label={t('journal.comment.label')}
                description={t('journal.comment.hint')}
                value={text}
                maxLength={MAX}
                autosize
                minRows={2}
                maxRows={5}
                size="sm"
                onChange={(e) => setText(e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && !e.shiftKey) {
                    e.preventDefault();
                    save();
                  }
                }}
              />
              <Group gap="xs" mt="xs">
                <Button size="xs" onClick={save}>
                  {t('journal.comment.save')}
                </Button>
                {target.comment && (
                  <Button size="xs" variant="light" color="red" onClick={() => onSave(null)}>
                    {t('journal.comment.remove')}
                  </Button>
                )}
                <Button size="xs" variant="subtle" onClick={onClose}>
                  {t('journal.comment.cancel')}
                </Button>
              </Group>
            </>
          ) : (
            <>
              <Text size="sm">{t('journal.comment.needMark')}</Text>
              <Group gap="xs" mt="xs">
                <Button size="xs" variant="light" onClick={onClose} data-autofocus>
                  {t('journal.comment.close')}
                </Button>
              </Group>
            </>
          )}
        </Paper>
      </FocusTrap>
    </Portal>
  );
}
