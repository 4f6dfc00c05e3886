import { type KeyboardEvent, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { isApiError } from '../../../lib/api/client';
import { useT } from '../../../lib/i18n';
import { attendanceText, isAbsenceKey, nextAbsenceCode, parseCellInput } from '../../journal/model/cell-input';
import type { ClassWeek, Correction } from '../api';
import styles from './WeekGrid.module.css';

type Lesson = ClassWeek['lessons'][number];
type Entry = ClassWeek['attendance'][number];

interface Props {
  week: ClassWeek;
  readOnly: boolean;
  onCorrect: (c: Correction) => Promise<unknown>;
  onError: (message: string | null) => void;
  label: string;
}

const WEEKDAYS = ['вс', 'пн', 'вт', 'ср', 'чт', 'пт', 'сб'];

function codeClass(code: string): string {
  if (code === 'н') return styles.absent;
  if (code.startsWith('оп')) return styles.late;
  return styles.excused;
}

/**
 * The class teacher's week: students × every lesson of the class, the subject teacher's entry and the
 * correction side by side (struck-through entry, then the corrected code) [000 §4.2], [003 §3.3].
 */
export function WeekGrid({ week, readOnly, onCorrect, onError, label }: Props) {
  const t = useT();
  const [active, setActive] = useState({ row: 0, col: 0 });
  const [edit, setEdit] = useState<string | null>(null);
  const [busy, setBusy] = useState<Record<string, 'saving' | 'error'>>({});
  const tableRef = useRef<HTMLTableElement>(null);
  const hasFocus = useRef(false);
  const entries = useMemo(() => new Map(week.attendance.map((a) => [`${a.lessonId}:${a.studentId}`, a])), [week.attendance]);
  const days = useMemo(() => {
    const list: { date: string; lessons: Lesson[] }[] = [];
    for (const l of week.lessons) {
      const last = list[list.length - 1];
      if (last && last.date === l.date) last.lessons.push(l);
      else list.push({ date: l.date, lessons: [l] });
    }
    return list;
  }, [week.lessons]);
  const rows = week.students.length;
  const cols = week.lessons.length;

  useLayoutEffect(() => {
    if (!hasFocus.current || !tableRef.current) return;
    const cell = tableRef.current.querySelector<HTMLElement>(`td[data-r="${active.row}"][data-c="${active.col}"]`);
    const el = edit !== null ? cell?.querySelector('input') : cell;
    if (el && document.activeElement !== el) {
      el.focus({ preventScroll: true });
      el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
  }, [active, edit]);

  const move = (row: number, col: number) =>
    setActive({ row: Math.max(0, Math.min(rows - 1, row)), col: Math.max(0, Math.min(cols - 1, col)) });

  async function save(text: string) {
    const lesson = week.lessons[active.col];
    const student = week.students[active.row];
    if (!lesson || !student) return;
    const input = parseCellInput(text, 'attendance');
    if (input.kind === 'invalid') {
      onError(input.message);
      return;
    }
    // A correction always names a code: clearing an absence is the subject teacher's entry.
    if (input.kind !== 'attendance') return;
    const key = `${lesson.id}:${student.id}`;
    const current = entries.get(key);
    if (current && current.code === input.code && current.minutes === input.minutes) return;
    onError(null);
    setBusy((b) => ({ ...b, [key]: 'saving' }));
    try {
      await onCorrect({
        lessonId: lesson.id,
        studentId: student.id,
        code: input.code,
        minutes: input.minutes,
        version: current?.version ?? null,
      });
      setBusy(({ [key]: _, ...rest }) => rest);
    } catch (e) {
      setBusy((b) => ({ ...b, [key]: 'error' }));
      onError(isApiError(e) ? e.message : t('errors.unknown'));
    }
  }

  function onEditorKey(e: KeyboardEvent<HTMLInputElement>) {
    e.stopPropagation();
    if (edit === null) return;
    if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      void save(edit);
      setEdit(null);
      if (e.key === 'Enter') move(active.row + 1, active.col);
      else move(active.row, active.col + (e.shiftKey ? -1 : 1));
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setEdit(null);
    } else if (isAbsenceKey(e.key) && edit.trim() !== '') {
      const next = nextAbsenceCode(edit, 'attendance');
      if (next) {
        e.preventDefault();
        setEdit(next);
      }
    }
  }

  function onKey(e: KeyboardEvent<HTMLTableElement>) {
    if (edit !== null) return;
    const go = (r: number, c: number) => {
      e.preventDefault();
      move(r, c);
    };
    switch (e.key) {
      case 'ArrowDown':
        return go(active.row + 1, active.col);
      case 'ArrowUp':
        return go(active.row - 1, active.col);
      case 'ArrowLeft':
        return go(active.row, active.col - 1);
      case 'ArrowRight':
        return go(active.row, active.col + 1);
      case 'Home':
        return go(active.row, 0);
      case 'End':
        return go(active.row, cols - 1);
      case 'Enter':
      case 'F2': {
        e.preventDefault();
        if (readOnly) return;
        const entry = entries.get(`${week.lessons[active.col]?.id}:${week.students[active.row]?.id}`);
        setEdit(attendanceText(entry?.code, entry?.minutes));
        return;
      }
    }
    if (!readOnly && e.key.length === 1 && !e.ctrlKey && !e.altKey && !e.metaKey && e.key !== ' ') {
      e.preventDefault();
      setEdit(isAbsenceKey(e.key) ? 'н' : e.key);
    }
  }

  return (
    <div className={styles.scroller}>
      <table
        ref={tableRef}
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the ARIA grid pattern on a table (WAI-ARIA APG data grid)
        role="grid"
        aria-label={label}
        aria-readonly={readOnly || undefined}
        className={styles.table}
        // As wide as its columns: a week of 35 lessons scrolls rather than squeezes.
        style={{ width: 220 + 48 * cols }}
        onKeyDown={onKey}
        onFocus={() => {
          hasFocus.current = true;
        }}
        onBlur={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) hasFocus.current = false;
        }}
        onMouseDown={(e) => {
          const td = (e.target as HTMLElement).closest<HTMLElement>('td[data-r]');
          if (!td) return;
          hasFocus.current = true;
          setEdit(null);
          setActive({ row: Number(td.dataset.r), col: Number(td.dataset.c) });
        }}
      >
        <colgroup>
          <col style={{ width: 220 }} />
          {week.lessons.map((l) => (
            <col key={l.id} style={{ width: 48 }} />
          ))}
        </colgroup>
        <thead>
          <tr className={styles.dayRow}>
            <th scope="col" rowSpan={2} className={styles.corner}>
              {t('journal.week.student')}
            </th>
            {days.map((d) => (
              <th key={d.date} scope="colgroup" colSpan={d.lessons.length}>
                {WEEKDAYS[new Date(`${d.date}T12:00:00`).getDay()]}, {d.date.slice(8, 10)}.{d.date.slice(5, 7)}
              </th>
            ))}
          </tr>
          <tr className={styles.lessonRow}>
            {week.lessons.map((l, i) => (
              <th
                key={l.id}
                scope="col"
                className={startsDay(i, week.lessons) ? styles.dayStart : undefined}
                title={`${l.number}. ${l.subjectName}${l.subgroupName ? `, ${l.subgroupName}` : ''}`}
              >
                {l.number}
                <br />
                {l.subjectName.slice(0, 5)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {week.students.map((s, r) => (
            <tr key={s.id} className={styles.row}>
              <th scope="row" className={styles.name} title={s.name}>
                {s.name}
              </th>
              {week.lessons.map((l, c) => {
                const key = `${l.id}:${s.id}`;
                const entry: Entry | undefined = entries.get(key);
                const isActive = active.row === r && active.col === c;
                const code = attendanceText(entry?.code, entry?.minutes);
                const teacher = entry?.teacherCode ?? null;
                const changed = !!entry?.corrected && teacher !== entry.code;
                const state = busy[key];
                const spoken = !entry
                  ? t('journal.week.present')
                  : changed
                    ? t('journal.week.correctedLabel', { teacher: teacher ?? t('journal.week.present'), code })
                    : code;
                return (
                  <td
                    key={l.id}
                    // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a cell of the ARIA data grid
                    role="gridcell"
                    data-r={r}
                    data-c={c}
                    data-state={state}
                    tabIndex={isActive ? 0 : -1}
                    aria-label={`${s.name}, ${l.date.slice(8, 10)}.${l.date.slice(5, 7)}, ${l.number} ${l.subjectName}: ${spoken}`}
                    className={`${styles.cell} ${startsDay(c, week.lessons) ? styles.dayStart : ''} ${changed ? styles.corrected : ''} ${state ? styles[state] : ''} ${isActive ? styles.active : ''}`}
                  >
                    {isActive && edit !== null ? (
                      <input
                        className={styles.editor}
                        value={edit}
                        aria-label={`${t('journal.week.editor')}: ${s.name}, ${l.subjectName}`}
                        maxLength={6}
                        onChange={(e) => setEdit(e.currentTarget.value)}
                        onKeyDown={onEditorKey}
                        onBlur={() => setEdit(null)}
                      />
                    ) : (
                      <>
                        {changed && teacher && <span className={styles.teacher}>{teacher}</span>}
                        {entry && <span className={codeClass(entry.code)}>{code}</span>}
                      </>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Whether a lesson opens its day (the day's left border). */
function startsDay(c: number, lessons: readonly Lesson[]): boolean {
  return c === 0 || lessons[c - 1].date !== lessons[c].date;
}
