import { type CSSProperties, type KeyboardEvent, memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useLanguage, useT } from '../../../lib/i18n';
import { type CellInput, type CellKind, isAbsenceKey, nextAbsenceCode, parseCellInput } from '../model/cell-input';
import { type CellView, type Column, lessonSpans, monthGroups, type RowView, shortDate } from '../model/grid-model';
import type { JournalPageData } from '../model/journal-data';
import styles from './JournalGrid.module.css';
import { MarkCommentPopover, type MarkCommentTarget } from './MarkCommentPopover';
import { useWorkLabels } from './work-labels';

export interface GridPosition {
  row: number;
  col: number;
}

interface EditState extends GridPosition {
  text: string;
  error?: string;
}

export interface JournalGridProps {
  page: JournalPageData;
  columns: Column[];
  rows: RowView[];
  readOnly: boolean;
  active: GridPosition;
  /** Incremented to put keyboard focus into the grid at the cursor (after a conflict is resolved). */
  focusRequest?: number;
  onActiveChange: (pos: GridPosition) => void;
  onCommit: (pos: GridPosition, input: CellInput) => void;
  /** Esc on a refused or conflicting cell: back to the server's value. */
  onDismiss: (pos: GridPosition) => void;
  onHistory: (pos: GridPosition) => void;
  onOpenConflict: (pos: GridPosition) => void;
  /** A comment typed for the mark in a cell (null removes it) [004 teacher]. */
  onComment: (pos: GridPosition, comment: string | null) => void;
  label: string;
}

/** Column widths (px): the table is exactly as wide as its columns, so 50 lessons scroll instead of squeezing. */
const WIDTH = { name: 232, attendance: 30, mark: 38, average: 52, count: 50 };

const MONTHS = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];
const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function valueClass(text: string, kind: CellKind): string {
  if (!text) return '';
  if (kind === 'attendance') {
    if (text === 'н') return styles.aAbsent;
    if (text.startsWith('оп')) return styles.aLate;
    return styles.aExcused;
  }
  switch (text[0]) {
    case '5':
      return styles.v5;
    case '4':
      return styles.v4;
    case '3':
      return styles.v3;
    case '2':
    case '1':
      return styles.v2;
    default:
      return styles.vOther;
  }
}

const STATUS_CLASS: Record<string, string> = {
  saving: styles.saving,
  queued: styles.saving,
  saved: styles.saved,
  retrying: styles.retrying,
  conflict: styles.conflict,
  error: styles.error,
};

/** The id of the hidden element that describes a cell's comment (aria-describedby). */
const commentId = (row: number, col: number) => `journal-comment-${row}-${col}`;

/** One student's row. Memoised: moving the cursor re-renders the two rows involved, not the grid. */
const GridRow = memo(function GridRow(props: {
  row: RowView;
  columns: Column[];
  columnLabels: string[];
  activeCol: number;
  edit: EditState | null;
  marksAllowed: boolean;
  movementText: string;
  formatAverage: (value: number) => string;
  statusText: Record<string, string>;
  emptyText: string;
  outsideText: string;
  editorLabel: string;
  /** Some lessons of the page are writable and some not: the others are drawn as locked. */
  mixed: boolean;
  lockedText: string;
  commentLabel: (text: string) => string;
  /** Only the row being edited gets the editor's handlers, so the other rows' props stay equal. */
  onEditText?: (text: string) => void;
  onEditorKey?: (e: KeyboardEvent<HTMLInputElement>) => void;
}) {
  const { row, columns, activeCol, edit } = props;
  const { student } = row;
  return (
    <tr className={`${styles.row} ${activeCol >= 0 ? styles.activeRow : ''}`}>
      <th scope="row" className={styles.name} title={student.name}>
        <span className={styles.rowNo}>{row.index + 1}</span>
        {student.name}
        {props.movementText && <span className={styles.movement}>{props.movementText}</span>}
      </th>
      {row.cells.map((cell: CellView, c) => {
        const column = columns[c];
        const isActive = c === activeCol;
        const editing = isActive && edit !== null;
        const status = cell.status ? props.statusText[cell.status] : '';
        const locked = props.mixed && cell.locked && !cell.outside;
        const label = `${student.name}, ${props.columnLabels[c]}: ${cell.outside ? props.outsideText : cell.text || props.emptyText}${status ? `, ${status}` : ''}${locked ? `, ${props.lockedText}` : ''}${cell.message ? `. ${cell.message}` : ''}`;
        const comment = cell.comment && cell.text ? props.commentLabel(cell.comment) : '';
        return (
          <td
            key={column.key}
            // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a cell of the ARIA data grid
            role="gridcell"
            data-r={row.index}
            data-c={c}
            tabIndex={isActive ? 0 : -1}
            aria-label={label}
            aria-disabled={cell.outside || undefined}
            aria-readonly={locked || undefined}
            aria-describedby={comment ? commentId(row.index, c) : undefined}
            title={cell.message ?? ([status, comment].filter(Boolean).join('. ') || undefined)}
            data-state={cell.status}
            data-comment={comment ? cell.comment! : undefined}
            className={`${styles.cell} ${column.kind === 'attendance' ? styles.att : ''} ${column.first ? styles.lessonStart : ''} ${cell.outside ? styles.outside : ''} ${locked ? styles.locked : ''} ${valueClass(cell.text, column.kind)} ${cell.status ? STATUS_CLASS[cell.status] : ''} ${cell.corrected ? styles.corrected : ''} ${comment ? styles.commented : ''} ${isActive ? styles.active : ''}`}
          >
            {editing ? (
              <input
                className={styles.editor}
                value={edit.text}
                aria-label={`${props.editorLabel}: ${student.name}, ${props.columnLabels[c]}`}
                aria-invalid={edit.error ? true : undefined}
                aria-describedby={edit.error ? 'journal-grid-error' : undefined}
                autoComplete="off"
                spellCheck={false}
                maxLength={10}
                onChange={(e) => props.onEditText?.(e.target.value)}
                onKeyDown={props.onEditorKey}
              />
            ) : cell.outside ? (
              ''
            ) : (
              cell.text
            )}
          </td>
        );
      })}
      {props.marksAllowed && (
        <>
          <td className={styles.avgCell}>{row.average === null ? '' : props.formatAverage(row.average)}</td>
          <td className={styles.countCell}>{row.marksCount || ''}</td>
        </>
      )}
    </tr>
  );
});

/** The three header rows (month, lesson date and number, sub-columns); re-rendered only when the lesson changes. */
const GridHead = memo(function GridHead(props: {
  columns: Column[];
  columnLabels: string[];
  activeLesson: number;
  marksAllowed: boolean;
  /** A substitute's view: their own (substituted) lessons are marked. */
  isSubstitute: boolean;
  onSelectLesson: (firstColumn: number) => void;
}) {
  const { columns, columnLabels, activeLesson, marksAllowed, isSubstitute } = props;
  const t = useT();
  const workLabel = useWorkLabels();
  const { lang } = useLanguage();
  const monthNames = lang === 'en' ? MONTHS_EN : MONTHS;
  const months = useMemo(() => monthGroups(columns), [columns]);
  const spans = useMemo(() => lessonSpans(columns), [columns]);
  return (
    <thead>
      <tr className={styles.monthRow}>
        <th scope="col" rowSpan={3} className={styles.corner}>
          {t('journal.grid.student')}
        </th>
        {months.map((m) => (
          <th key={m.month} scope="colgroup" colSpan={m.span} className={`${styles.lessonStart} ${styles.month}`}>
            <span>{monthNames[Number(m.month.slice(5, 7)) - 1]}</span>
          </th>
        ))}
        {marksAllowed && (
          <>
            <th scope="col" rowSpan={3} className={`${styles.endHead} ${styles.avgHead}`} title={t('journal.grid.averageHint')}>
              {t('journal.grid.average')}
            </th>
            <th scope="col" rowSpan={3} className={`${styles.endHead} ${styles.countHead}`} title={t('journal.grid.countHint')}>
              {t('journal.grid.count')}
            </th>
          </>
        )}
      </tr>
      <tr className={styles.lessonRow}>
        {spans.map((s) => {
          const topic = s.lesson.topic ?? t('journal.grid.noTopic');
          const substituted = isSubstitute && s.lesson.canWrite;
          return (
            <th
              key={s.lesson.id}
              scope="colgroup"
              colSpan={s.span}
              className={`${styles.lessonHead} ${s.lessonIndex === activeLesson ? styles.selectedLesson : ''} ${substituted ? styles.mineLesson : ''}`}
              title={`${s.lesson.date.split('-').reverse().join('.')}, ${t('journal.grid.lessonNo', { number: s.lesson.number })}: ${topic}${substituted ? ` (${t('journal.grid.substitutedLesson')})` : ''}`}
              data-writable={s.lesson.canWrite || undefined}
              onClick={() => props.onSelectLesson(s.firstColumn)}
              data-lesson-id={s.lesson.id}
              data-date={s.lesson.date}
              data-selected={s.lessonIndex === activeLesson || undefined}
            >
              <span className={styles.day}>{shortDate(s.lesson.date).slice(0, 2)}</span>
              <span className={`${styles.lessonNo} ${s.lesson.topic ? '' : styles.noTopic}`}>
                {t('journal.grid.lessonNoShort', { number: s.lesson.number })}
                {s.lesson.topic ? '' : ' •'}
              </span>
            </th>
          );
        })}
      </tr>
      <tr className={styles.subRow}>
        {columns.map((c, i) => {
          if (c.kind === 'attendance') {
            return (
              <th
                key={c.key}
                scope="col"
                className={`${styles.subHead} ${styles.lessonStart}`}
                title={columnLabels[i]}
                aria-label={columnLabels[i]}
              >
                {t('journal.grid.attendanceShort')}
              </th>
            );
          }
          const w = workLabel(c.work!);
          return (
            <th
              key={c.key}
              scope="col"
              className={styles.subHead}
              title={`${w.full}, ${t('journal.grid.weight')} ${w.weight}`}
              aria-label={columnLabels[i]}
            >
              {w.short}
              <span className={styles.weight}>×{w.weight}</span>
            </th>
          );
        })}
      </tr>
    </thead>
  );
});

/**
 * The journal page as a spreadsheet a teacher drives with the keyboard alone: arrows move, typing a
 * mark or an absence code and Enter saves, Delete clears, Esc cancels, Alt+H shows the cell's history.
 * One cell is in the Tab order (roving tabindex); the grid is one stop of the page.
 */
export function JournalGrid(props: JournalGridProps) {
  const t = useT();
  const workLabel = useWorkLabels();
  const { page, columns, rows, active, readOnly, onActiveChange } = props;
  const [edit, setEdit] = useState<EditState | null>(null);
  const [commentAt, setCommentAt] = useState<(GridPosition & { target: MarkCommentTarget }) | null>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const hasFocus = useRef(false);
  const { lang } = useLanguage();
  // «4,25» in Russian: the average as the paper journal writes it.
  const formatAverage = useMemo(() => {
    const f = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    return (value: number) => f.format(value);
  }, [lang]);

  const columnLabels = useMemo(
    () =>
      columns.map((c) => {
        const lesson = t('journal.grid.lessonLabel', { date: shortDate(c.lesson.date), number: c.lesson.number });
        return c.kind === 'attendance' ? `${lesson}, ${t('journal.grid.attendance')}` : `${lesson}, ${workLabel(c.work!).full}`;
      }),
    [columns, t, workLabel],
  );
  const statusText = useMemo(
    () => ({
      queued: t('journal.state.saving'),
      saving: t('journal.state.saving'),
      saved: t('journal.state.saved'),
      retrying: t('journal.state.retrying'),
      conflict: t('journal.state.conflict'),
      error: t('journal.state.error'),
    }),
    [t],
  );
  const activeLesson = columns[active.col]?.lessonIndex ?? -1;
  const tableWidth =
    WIDTH.name +
    columns.reduce((sum, c) => sum + (c.kind === 'attendance' ? WIDTH.attendance : WIDTH.mark), 0) +
    (page.page.marksAllowed ? WIDTH.average + WIDTH.count : 0);

  // Editing ends when the cursor is moved from outside (a click on a date, a period switch).
  useEffect(() => {
    setEdit((e) => (e && (e.row !== active.row || e.col !== active.col) ? null : e));
  }, [active.row, active.col]);

  // Keyboard focus follows the cursor, but only while the grid has it: loading the page never steals focus.
  useLayoutEffect(() => {
    if (!hasFocus.current || !tableRef.current) return;
    const el = edit
      ? tableRef.current.querySelector<HTMLInputElement>(`td[data-r="${active.row}"][data-c="${active.col}"] input`)
      : tableRef.current.querySelector<HTMLElement>(`td[data-r="${active.row}"][data-c="${active.col}"]`);
    if (el && document.activeElement !== el) {
      el.focus({ preventScroll: true });
      el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      // Typing goes on after what is there («4» then «+»), not before it.
      if (el instanceof HTMLInputElement) el.setSelectionRange(el.value.length, el.value.length);
    }
  }, [active.row, active.col, edit]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new request moves focus, not every cursor move
  useLayoutEffect(() => {
    if (!props.focusRequest || !tableRef.current) return;
    hasFocus.current = true;
    tableRef.current.querySelector<HTMLElement>(`td[data-r="${active.row}"][data-c="${active.col}"]`)?.focus();
  }, [props.focusRequest]);

  // Opening the page: the lesson to work on is in view.
  const scrolledFor = useRef<string | null>(null);
  useLayoutEffect(() => {
    if (scrolledFor.current === page.period?.id || !tableRef.current) return;
    scrolledFor.current = page.period?.id ?? null;
    tableRef.current
      .querySelector<HTMLElement>(`td[data-r="0"][data-c="${active.col}"]`)
      ?.scrollIntoView({ block: 'nearest', inline: 'center' });
  }, [page.period?.id, active.col]);

  const move = useCallback(
    (row: number, col: number) => {
      const r = Math.max(0, Math.min(rows.length - 1, row));
      const c = Math.max(0, Math.min(columns.length - 1, col));
      onActiveChange({ row: r, col: c });
    },
    [rows.length, columns.length, onActiveChange],
  );

  const cellAt = (pos: GridPosition) => rows[pos.row]?.cells[pos.col];
  // Per lesson: a substitute writes only the lessons they replace [001 §5.4.2]; closed periods and the edit window lock too.
  const editable = (pos: GridPosition) => !readOnly && !!cellAt(pos) && !cellAt(pos)!.outside && !cellAt(pos)!.locked;
  const mixed = useMemo(() => columns.some((c) => c.lesson.canWrite) && columns.some((c) => !c.lesson.canWrite), [columns]);

  /** Shift+F2 (or Alt+K): the comment of the mark under the cursor, in a small dialog under the cell. */
  function openComment(pos: GridPosition) {
    const column = columns[pos.col];
    const cell = cellAt(pos);
    const student = rows[pos.row]?.student;
    const td = tableRef.current?.querySelector<HTMLElement>(`td[data-r="${pos.row}"][data-c="${pos.col}"]`);
    if (column?.kind !== 'mark' || !cell || !student || !td || !editable(pos)) return;
    setEdit(null);
    setCommentAt({
      ...pos,
      target: { anchor: td, where: `${student.name}, ${columnLabels[pos.col]}`, value: cell.text, comment: cell.comment ?? null },
    });
  }

  const focusBack = useRef(false);
  function closeComment() {
    focusBack.current = true;
    hasFocus.current = true;
    setCommentAt(null);
  }

  // Once the dialog is gone from the DOM (committed, so its field no longer holds focus), the keyboard is
  // back on the cell; a later re-render (the saved comment arriving) finds the cell already focused.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the dialog closes, not on cursor moves
  useLayoutEffect(() => {
    if (commentAt || !focusBack.current) return;
    focusBack.current = false;
    tableRef.current?.querySelector<HTMLElement>(`td[data-r="${active.row}"][data-c="${active.col}"]`)?.focus({ preventScroll: true });
  }, [commentAt]);

  function startEdit(text: string) {
    if (!editable(active)) return;
    setEdit({ row: active.row, col: active.col, text });
  }

  /** Saves what is typed (if it changed) and reports whether the editor may close. */
  function commit(): boolean {
    if (!edit) return true;
    const column = columns[edit.col];
    const cell = rows[edit.row]?.cells[edit.col];
    if (!column || !cell) return true;
    if (edit.text.trim() === cell.text && cell.status !== 'error') return true;
    const input = parseCellInput(edit.text, column.kind);
    if (input.kind === 'invalid') {
      setEdit({ ...edit, error: input.message });
      return false;
    }
    if (input.kind === 'clear' && cell.text === '') return true;
    props.onCommit({ row: edit.row, col: edit.col }, input);
    return true;
  }

  const onEditText = (text: string) => setEdit((e) => (e ? { ...e, text, error: undefined } : e));

  function onEditorKey(e: KeyboardEvent<HTMLInputElement>) {
    e.stopPropagation();
    if (!edit) return;
    const kind = columns[edit.col]?.kind ?? 'mark';
    const moveAfter = (dr: number, dc: number) => {
      e.preventDefault();
      if (!commit()) return;
      setEdit(null);
      move(edit.row + dr, edit.col + dc);
    };
    if (e.key === 'Enter') moveAfter(e.shiftKey ? -1 : 1, 0);
    else if (e.key === 'Tab') moveAfter(0, e.shiftKey ? -1 : 1);
    else if (e.key === 'ArrowDown') moveAfter(1, 0);
    else if (e.key === 'ArrowUp') moveAfter(-1, 0);
    else if (e.key === 'Escape') {
      e.preventDefault();
      setEdit(null);
    } else if (isAbsenceKey(e.key) && !e.ctrlKey && !e.altKey) {
      // «н» pressed again on an absence code cycles н → б → у → оп → осв.
      const next = edit.text.trim() === '' ? null : nextAbsenceCode(edit.text, kind);
      if (next) {
        e.preventDefault();
        setEdit({ ...edit, text: next, error: undefined });
      }
    }
  }

  function onGridKey(e: KeyboardEvent<HTMLTableElement>) {
    if (edit) return;
    const { row, col } = active;
    const cell = cellAt(active);
    const jump = (r: number, c: number) => {
      e.preventDefault();
      move(r, c);
    };
    if (e.altKey && (e.code === 'KeyH' || e.key === 'h' || e.key === 'р')) {
      e.preventDefault();
      props.onHistory(active);
      return;
    }
    if ((e.shiftKey && e.key === 'F10') || e.key === 'ContextMenu') {
      e.preventDefault();
      props.onHistory(active);
      return;
    }
    if ((e.shiftKey && e.key === 'F2') || (e.altKey && (e.code === 'KeyK' || e.key === 'k' || e.key === 'л'))) {
      e.preventDefault();
      openComment(active);
      return;
    }
    switch (e.key) {
      case 'ArrowDown':
        return jump(row + 1, col);
      case 'ArrowUp':
        return jump(row - 1, col);
      case 'ArrowLeft':
        return jump(row, col - 1);
      case 'ArrowRight':
        return jump(row, col + 1);
      case 'Home':
        return jump(e.ctrlKey ? 0 : row, 0);
      case 'End':
        return jump(e.ctrlKey ? rows.length - 1 : row, columns.length - 1);
      case 'PageDown':
        return jump(row + 10, col);
      case 'PageUp':
        return jump(row - 10, col);
      case 'Enter':
      case 'F2':
        e.preventDefault();
        if (cell?.status === 'conflict') props.onOpenConflict(active);
        else startEdit(cell?.text ?? '');
        return;
      case 'Delete':
      case 'Backspace':
        e.preventDefault();
        if (editable(active) && cell?.text) props.onCommit(active, { kind: 'clear' });
        return;
      case 'Escape':
        if (cell?.status === 'error' || cell?.status === 'conflict') {
          e.preventDefault();
          props.onDismiss(active);
        }
        return;
    }
    if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey && e.key !== ' ') {
      e.preventDefault();
      startEdit(isAbsenceKey(e.key) ? 'н' : e.key);
    }
  }

  function onCellPointer(e: React.MouseEvent<HTMLTableElement>) {
    const td = (e.target as HTMLElement).closest<HTMLElement>('td[data-r]');
    if (!td) return;
    hasFocus.current = true;
    const pos = { row: Number(td.dataset.r), col: Number(td.dataset.c) };
    if (pos.row !== active.row || pos.col !== active.col) {
      if (edit && !commit()) return;
      setEdit(null);
      onActiveChange(pos);
    }
  }

  function onDoubleClick(e: React.MouseEvent<HTMLTableElement>) {
    const td = (e.target as HTMLElement).closest<HTMLElement>('td[data-r]');
    if (!td || edit) return;
    startEdit(cellAt(active)?.text ?? '');
  }

  function onContextMenu(e: React.MouseEvent<HTMLTableElement>) {
    const td = (e.target as HTMLElement).closest<HTMLElement>('td[data-r]');
    if (!td) return;
    e.preventDefault();
    const pos = { row: Number(td.dataset.r), col: Number(td.dataset.c) };
    onActiveChange(pos);
    props.onHistory(pos);
  }

  // Stable, so the memoised header does not re-render on every cursor move.
  const activeRow = useRef(active.row);
  activeRow.current = active.row;
  const selectLesson = useCallback(
    (firstColumn: number) => {
      hasFocus.current = true;
      setEdit(null);
      onActiveChange({ row: activeRow.current, col: firstColumn });
    },
    [onActiveChange],
  );

  const commentLabel = useCallback((text: string) => t('journal.grid.comment', { text }), [t]);
  const activeCell = cellAt(active);
  const activeComment = activeCell?.comment && activeCell.text ? activeCell.comment : null;

  const movement = (s: RowView['student']) =>
    [
      s.arrived ? t('journal.grid.arrived', { date: shortDate(s.arrived) }) : '',
      s.left ? t('journal.grid.left', { date: shortDate(s.left) }) : '',
    ]
      .filter(Boolean)
      .join(', ');

  return (
    <>
      <div id="journal-grid-error" role="alert" className={edit?.error ? styles.editError : styles.hint}>
        {edit?.error}
      </div>
      <div
        className={styles.scroller}
        data-testid="journal-grid-scroller"
        style={{ '--name-w': `${WIDTH.name}px`, '--avg-w': `${WIDTH.average}px`, '--count-w': `${WIDTH.count}px` } as CSSProperties}
      >
        <table
          ref={tableRef}
          // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the ARIA grid pattern on a table (WAI-ARIA APG data grid)
          role="grid"
          aria-label={props.label}
          aria-readonly={readOnly || undefined}
          className={styles.table}
          style={{ width: tableWidth }}
          onKeyDown={onGridKey}
          onMouseDown={onCellPointer}
          onDoubleClick={onDoubleClick}
          onContextMenu={onContextMenu}
          onFocus={() => {
            hasFocus.current = true;
          }}
          onBlur={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget as Node | null)) {
              hasFocus.current = false;
              // Leaving the grid with a typed value saves it, as a spreadsheet does.
              if (edit && commit()) setEdit(null);
            }
          }}
        >
          <colgroup>
            <col style={{ width: 'var(--name-w)' }} />
            {columns.map((c) => (
              <col key={c.key} style={{ width: c.kind === 'attendance' ? WIDTH.attendance : WIDTH.mark }} />
            ))}
            {page.page.marksAllowed && (
              <>
                <col style={{ width: 'var(--avg-w)' }} />
                <col style={{ width: 'var(--count-w)' }} />
              </>
            )}
          </colgroup>
          <GridHead
            columns={columns}
            columnLabels={columnLabels}
            activeLesson={activeLesson}
            marksAllowed={page.page.marksAllowed}
            isSubstitute={page.page.isSubstitute}
            onSelectLesson={selectLesson}
          />
          <tbody>
            {rows.map((row) => (
              <GridRow
                key={row.student.id}
                row={row}
                columns={columns}
                columnLabels={columnLabels}
                activeCol={row.index === active.row ? active.col : -1}
                edit={edit && edit.row === row.index ? edit : null}
                marksAllowed={page.page.marksAllowed}
                movementText={movement(row.student)}
                formatAverage={formatAverage}
                statusText={statusText}
                emptyText={t('journal.grid.empty')}
                outsideText={t('journal.grid.outside')}
                editorLabel={t('journal.grid.editor')}
                mixed={mixed}
                lockedText={t('journal.grid.locked')}
                commentLabel={commentLabel}
                onEditText={edit?.row === row.index ? onEditText : undefined}
                onEditorKey={edit?.row === row.index ? onEditorKey : undefined}
              />
            ))}
          </tbody>
        </table>
      </div>
      {/* The comment of the cell under the cursor, for sighted keyboard users; screen readers get it as the cell's description. */}
      <div className={styles.commentLine} data-testid="cell-comment">
        {activeComment ? commentLabel(activeComment) : ''}
      </div>
      <div hidden>
        {rows.flatMap((row) =>
          row.cells.map((cell, c) =>
            cell.comment && cell.text ? (
              <span key={cell.key} id={commentId(row.index, c)}>
                {commentLabel(cell.comment)}
              </span>
            ) : null,
          ),
        )}
      </div>
      {commentAt && (
        <MarkCommentPopover
          target={commentAt.target}
          onClose={closeComment}
          onSave={(comment) => {
            props.onComment(commentAt, comment);
            closeComment();
          }}
        />
      )}
    </>
  );
}
