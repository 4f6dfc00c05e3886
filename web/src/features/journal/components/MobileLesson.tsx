import { ATTENDANCE_CODES } from '@domain/attendance';
import { Button, Group, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useId, useRef, useState } from 'react';
import { useFormat, useT } from '../../../lib/i18n';
import { type CellInput, parseCellInput } from '../model/cell-input';
import type { CellView, Column, RowView } from '../model/grid-model';
import type { JournalPageData } from '../model/journal-data';
import type { GridPosition } from './JournalGrid';
import styles from './MobileLesson.module.css';
import { useWorkLabels } from './work-labels';

interface Props {
  page: JournalPageData;
  columns: Column[];
  rows: RowView[];
  readOnly: boolean;
  lessonIndex: number;
  onLessonChange: (lessonIndex: number) => void;
  onCommit: (pos: GridPosition, input: CellInput) => void;
  /** A comment typed for the mark in a cell (null removes it) [004 teacher]: the same save as the grid's. */
  onComment: (pos: GridPosition, comment: string | null) => void;
}

const MAX_COMMENT = 500;

/** A speech bubble: the comment button's picture (its name is its aria-label). */
function CommentIcon({ filled }: { filled: boolean }) {
  return (
    <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <path
        d="M3 4.5A1.5 1.5 0 0 1 4.5 3h11A1.5 1.5 0 0 1 17 4.5v8a1.5 1.5 0 0 1-1.5 1.5H8l-4 3v-3h0.5A1.5 1.5 0 0 1 3 12.5z"
        fill={filled ? 'currentColor' : 'none'}
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/**
 * The comment of one mark on a phone [004 teacher], [001 §5.4.1]: a small form under the student's row,
 * opened by the mark's comment button; focus goes back to that button when it closes.
 */
function CommentForm({
  where,
  value,
  comment,
  onSave,
  onClose,
}: {
  where: string;
  value: string;
  comment: string | null;
  onSave: (comment: string | null) => void;
  onClose: () => void;
}) {
  const t = useT();
  const titleId = useId();
  const [text, setText] = useState(comment ?? '');
  const field = useRef<HTMLTextAreaElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    (field.current ?? closeButton.current)?.focus();
  }, []);
  const save = () => {
    const clean = text.trim();
    if (clean === (comment ?? '')) onClose();
    else onSave(clean || null);
  };
  return (
    <form
      className={styles.commentForm}
      aria-labelledby={titleId}
      data-testid="mobile-mark-comment"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <Text fw={700} size="sm" id={titleId}>
        {t('journal.comment.title')}
      </Text>
      <Text size="xs" c="dimmed" mb={6}>
        {value ? t('journal.comment.where', { where, value }) : where}
      </Text>
      {value ? (
        <>
          <Textarea
            ref={field}
            label={t('journal.comment.label')}
            value={text}
            maxLength={MAX_COMMENT}
            autosize
            minRows={2}
            maxRows={5}
            size="md"
            onChange={(e) => setText(e.currentTarget.value)}
          />
          <Group gap="xs" mt="xs">
            <Button type="submit" size="sm">
              {t('journal.comment.save')}
            </Button>
            {comment && (
              <Button type="button" size="sm" variant="light" color="red" onClick={() => onSave(null)}>
                {t('journal.comment.remove')}
              </Button>
            )}
            <Button type="button" size="sm" variant="subtle" onClick={onClose}>
              {t('journal.comment.cancel')}
            </Button>
          </Group>
        </>
      ) : (
        <>
          <Text size="sm">{t('journal.comment.needMark')}</Text>
          <Button ref={closeButton} type="button" size="sm" variant="light" mt="xs" onClick={onClose}>
            {t('journal.comment.close')}
          </Button>
        </>
      )}
    </form>
  );
}

/** A mark typed on a phone: saved when the field is left or Enter is pressed. */
function MarkInput({
  cell,
  label,
  disabled,
  onSave,
}: {
  cell: CellView;
  label: string;
  disabled: boolean;
  onSave: (input: CellInput) => void;
}) {
  const [text, setText] = useState(cell.text);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(cell.text), [cell.text]);
  const save = () => {
    if (text.trim() === cell.text) return;
    const input = parseCellInput(text, 'mark');
    if (input.kind === 'invalid') {
      setError(input.message);
      return;
    }
    setError(null);
    onSave(input);
  };
  return (
    <input
      className={`${styles.mark} ${cell.status ? styles[`state-${cell.status}`] : ''}`}
      value={text}
      aria-label={label}
      aria-invalid={error ? true : undefined}
      title={error ?? cell.message ?? undefined}
      disabled={disabled}
      maxLength={6}
      autoComplete="off"
      data-state={cell.status}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={save}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          save();
        }
      }}
    />
  );
}

/** Attendance on a phone: a code list; «оп» asks for the minutes next to it before saving. */
function AttendanceInput(props: {
  cell: CellView;
  label: string;
  minutesLabel: string;
  presentText: string;
  disabled: boolean;
  onSave: (input: CellInput) => void;
}) {
  const { cell } = props;
  const savedCode = cell.text.startsWith('оп') ? 'оп' : cell.text;
  const [code, setCode] = useState(savedCode);
  const [minutes, setMinutes] = useState(cell.text.startsWith('оп') ? cell.text.slice(2) : '');
  useEffect(() => {
    setCode(savedCode);
    setMinutes(cell.text.startsWith('оп') ? cell.text.slice(2) : '');
  }, [savedCode, cell.text]);
  const save = (nextCode: string, nextMinutes: string) => {
    const input = parseCellInput(nextCode === 'оп' ? `оп ${nextMinutes}` : nextCode, 'attendance');
    if (input.kind !== 'invalid') props.onSave(input);
  };
  return (
    <>
      <select
        className={`${styles.att} ${cell.status ? styles[`state-${cell.status}`] : ''}`}
        aria-label={props.label}
        value={code}
        disabled={props.disabled}
        data-state={cell.status}
        onChange={(e) => {
          const next = e.currentTarget.value;
          setCode(next);
          if (next !== 'оп') save(next, '');
        }}
      >
        <option value="">{props.presentText}</option>
        {ATTENDANCE_CODES.map((a) => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
      </select>
      {code === 'оп' && (
        <input
          className={styles.mark}
          type="number"
          inputMode="numeric"
          min={1}
          max={45}
          aria-label={props.minutesLabel}
          value={minutes}
          disabled={props.disabled}
          onChange={(e) => setMinutes(e.currentTarget.value)}
          onBlur={() => minutes && save('оп', minutes)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && minutes) save('оп', minutes);
          }}
        />
      )}
    </>
  );
}

/**
 * One lesson on a phone: the class list with an attendance choice and a mark field per work, for a
 * teacher who marks the roll at the classroom door [issue 4].
 */
export function MobileLesson({ page, columns, rows, readOnly, lessonIndex, onLessonChange, onCommit, onComment }: Props) {
  const t = useT();
  const fmt = useFormat();
  const workLabel = useWorkLabels();
  /** The cell whose comment form is open (one at a time). */
  const [commentAt, setCommentAt] = useState<GridPosition | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const focusBack = useRef<string | null>(null);
  // Focus returns to the comment button once the form has left the page (not before: it would be lost with it).
  useEffect(() => {
    if (commentAt || !focusBack.current) return;
    buttons.current.get(focusBack.current)?.focus();
    focusBack.current = null;
  }, [commentAt]);
  const lesson = page.lessons[lessonIndex];
  if (!lesson) return <Text>{t('journal.page.noLessons')}</Text>;
  const lessonColumns = columns.map((c, i) => ({ c, i })).filter(({ c }) => c.lessonIndex === lessonIndex);
  const closeComment = () => {
    if (commentAt) focusBack.current = `${commentAt.row}:${commentAt.col}`;
    setCommentAt(null);
  };
  return (
    <Stack gap="sm">
      <NativeSelect
        label={t('journal.mobile.lesson')}
        value={String(lessonIndex)}
        onChange={(e) => onLessonChange(Number(e.currentTarget.value))}
        data={page.lessons.map((l, i) => ({
          value: String(i),
          label: `${fmt.date(l.date)}, ${t('journal.grid.lessonNo', { number: l.number })}${l.topic ? ` — ${l.topic}` : ''}`,
        }))}
      />
      <ul className={styles.list} aria-label={t('journal.mobile.students')}>
        {rows.map((row) => {
          const open = commentAt?.row === row.index ? commentAt : null;
          const openColumn = open ? columns[open.col] : undefined;
          const openCell = open ? row.cells[open.col] : undefined;
          return (
            <li key={row.student.id} className={styles.item}>
              <span className={styles.name}>
                <span className={styles.no}>{row.index + 1}.</span>
                {row.student.name}
                {page.page.marksAllowed && row.average !== null && (
                  <span className={styles.muted}>
                    {t('journal.mobile.average', { average: fmt.number(row.average), count: row.marksCount })}
                  </span>
                )}
                {lessonColumns.map(({ c, i }) => {
                  const cell = row.cells[i];
                  if (c.kind !== 'mark' || !cell.text || !cell.comment) return null;
                  return (
                    <span key={c.key} className={styles.comment} data-testid="mobile-comment">
                      {t('journal.mobile.comment', { work: workLabel(c.work!).full, value: cell.text, text: cell.comment })}
                    </span>
                  );
                })}
              </span>
              <span className={styles.inputs}>
                {lessonColumns.map(({ c, i }) => {
                  const cell = row.cells[i];
                  const disabled = readOnly || cell.outside;
                  if (c.kind === 'attendance') {
                    return (
                      <AttendanceInput
                        key={c.key}
                        cell={cell}
                        disabled={disabled}
                        label={`${row.student.name}: ${t('journal.grid.attendance')}`}
                        minutesLabel={`${row.student.name}: ${t('journal.mobile.lateMinutes')}`}
                        presentText={t('journal.mobile.present')}
                        onSave={(input) => onCommit({ row: row.index, col: i }, input)}
                      />
                    );
                  }
                  const where = `${row.student.name}: ${workLabel(c.work!).full}`;
                  const hasComment = !!(cell.text && cell.comment);
                  return (
                    <span key={c.key} className={styles.markGroup}>
                      <MarkInput
                        cell={cell}
                        disabled={disabled}
                        label={where}
                        onSave={(input) => onCommit({ row: row.index, col: i }, input)}
                      />
                      {!disabled && (
                        <button
                          type="button"
                          ref={(el) => {
                            if (el) buttons.current.set(`${row.index}:${i}`, el);
                            else buttons.current.delete(`${row.index}:${i}`);
                          }}
                          className={`${styles.commentButton} ${hasComment ? styles.commented : ''}`}
                          aria-label={t('journal.mobile.commentButton', { where })}
                          aria-expanded={open?.col === i}
                          data-has-comment={hasComment ? true : undefined}
                          onClick={() => (open?.col === i ? closeComment() : setCommentAt({ row: row.index, col: i }))}
                        >
                          <CommentIcon filled={hasComment} />
                        </button>
                      )}
                    </span>
                  );
                })}
              </span>
              {open && openColumn?.work && openCell && (
                <CommentForm
                  key={`${open.row}:${open.col}`}
                  where={`${row.student.name}, ${workLabel(openColumn.work).full}`}
                  value={openCell.text}
                  comment={openCell.comment ?? null}
                  onClose={closeComment}
                  onSave={(comment) => {
                    onComment(open, comment);
                    closeComment();
                  }}
                />
              )}
            </li>
          );
        })}
      </ul>
    </Stack>
  );
}
