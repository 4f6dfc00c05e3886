import { ATTENDANCE_CODES } from '@domain/attendance';
import { NativeSelect, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
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
export function MobileLesson({ page, columns, rows, readOnly, lessonIndex, onLessonChange, onCommit }: Props) {
  const t = useT();
  const fmt = useFormat();
  const workLabel = useWorkLabels();
  const lesson = page.lessons[lessonIndex];
  if (!lesson) return <Text>{t('journal.page.noLessons')}</Text>;
  const lessonColumns = columns.map((c, i) => ({ c, i })).filter(({ c }) => c.lessonIndex === lessonIndex);
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
        {rows.map((row) => (
          <li key={row.student.id} className={styles.item}>
            <span className={styles.name}>
              <span className={styles.no}>{row.index + 1}.</span>
              {row.student.name}
              {page.page.marksAllowed && row.average !== null && (
                <span className={styles.muted}>
                  {t('journal.mobile.average', { average: fmt.number(row.average), count: row.marksCount })}
                </span>
              )}
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
                return (
                  <MarkInput
                    key={c.key}
                    cell={cell}
                    disabled={disabled}
                    label={`${row.student.name}: ${workLabel(c.work!).full}`}
                    onSave={(input) => onCommit({ row: row.index, col: i }, input)}
                  />
                );
              })}
            </span>
          </li>
        ))}
      </ul>
    </Stack>
  );
}
