import { ActionIcon, Alert, Anchor, Button, FileButton, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { memo, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { QueryState } from '../../../components/ui/QueryState';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import type { Schemas } from '../../../lib/api/client';
import { isApiError } from '../../../lib/api/client';
import { useFormat, useT } from '../../../lib/i18n';
import { type PlanRowInput, refetchPlan, useJournalPage, usePlan, useReadPlanFile, useSavePlan } from '../api';
import { journalPaths } from '../paths';

type Plan = Schemas['ThematicPlan'];

/** A row of the editor: `key` is the row's own (a new row has no id yet); hours as typed. */
interface DraftRow {
  key: string;
  id: string | null;
  topic: string;
  hours: string;
  lessonKind: string;
}

/** Kinds of lessons the regulations name [003 §3.2], [004 teacher]; any other text is allowed. */
const LESSON_KINDS = [
  'урок изучения нового материала',
  'комбинированный урок',
  'урок закрепления',
  'урок повторения и обобщения',
  'контрольная работа',
  'лабораторная работа',
  'практическая работа',
  'самостоятельная работа',
  'экскурсия',
  'урок-проект',
];

let seq = 0;
const newKey = () => `row-${++seq}`;

const fromPlan = (plan: Plan): DraftRow[] =>
  plan.items.map((i) => ({ key: i.id, id: i.id, topic: i.topic, hours: String(i.hours), lessonKind: i.lessonKind ?? '' }));

const sameRows = (a: DraftRow[], b: DraftRow[]) =>
  a.length === b.length &&
  a.every((r, n) => r.id === b[n].id && r.topic === b[n].topic && r.hours === b[n].hours && r.lessonKind === b[n].lessonKind);

const HOURS = /^\d{1,2}$/;

interface PlanRowProps {
  row: DraftRow;
  index: number;
  canEdit: boolean;
  /** Lessons given by the item; null for a new row. */
  given: number | null;
  /** What is typed in the № cell, not yet applied. */
  number: string | undefined;
  invalid: boolean;
  listId: string;
  onChange: (key: string, patch: Partial<DraftRow>) => void;
  onTypeNumber: (key: string, value: string) => void;
  onApplyNumber: (key: string, index: number) => void;
  onNextTopic: (index: number) => void;
  onRemove: (index: number) => void;
}

/** One row of the plan; memoised: typing re-renders only its own row. */
const PlanRow = memo(function PlanRow(props: PlanRowProps) {
  const t = useT();
  const { row: r, index: n } = props;
  const given = props.given === null ? t('journal.plan.newRow') : props.given;
  if (!props.canEdit) {
    return (
      <Table.Tr data-testid="plan-row">
        <Table.Td>{n + 1}</Table.Td>
        <Table.Td>{r.topic}</Table.Td>
        <Table.Td>{r.hours}</Table.Td>
        <Table.Td>{r.lessonKind}</Table.Td>
        <Table.Td>{given}</Table.Td>
      </Table.Tr>
    );
  }
  return (
    <Table.Tr data-testid="plan-row">
      <Table.Td>
        <TextInput
          size="xs"
          value={props.number ?? String(n + 1)}
          maxLength={3}
          aria-label={t('journal.plan.numberOf', { n: n + 1 })}
          inputMode="numeric"
          data-row={n}
          data-field="number"
          onChange={(e) => props.onTypeNumber(r.key, e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              props.onApplyNumber(r.key, n);
            }
          }}
          onBlur={() => props.onApplyNumber(r.key, n)}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          size="xs"
          value={r.topic}
          maxLength={500}
          aria-label={t('journal.plan.topicOf', { n: n + 1 })}
          aria-invalid={props.invalid || undefined}
          data-row={n}
          data-field="topic"
          onChange={(e) => props.onChange(r.key, { topic: e.currentTarget.value })}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              props.onNextTopic(n);
            }
          }}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          size="xs"
          value={r.hours}
          inputMode="numeric"
          maxLength={2}
          aria-label={t('journal.plan.hoursOf', { n: n + 1 })}
          data-row={n}
          data-field="hours"
          onChange={(e) => props.onChange(r.key, { hours: e.currentTarget.value })}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          size="xs"
          value={r.lessonKind}
          maxLength={100}
          list={props.listId}
          aria-label={t('journal.plan.kindOf', { n: n + 1 })}
          data-row={n}
          data-field="kind"
          onChange={(e) => props.onChange(r.key, { lessonKind: e.currentTarget.value })}
        />
      </Table.Td>
      <Table.Td>{given}</Table.Td>
      <Table.Td>
        <ActionIcon
          variant="subtle"
          color="red"
          size="sm"
          aria-label={t('journal.plan.remove', { n: n + 1 })}
          title={t('journal.plan.remove', { n: n + 1 })}
          onClick={() => props.onRemove(n)}
        >
          ×
        </ActionIcon>
      </Table.Td>
    </Table.Tr>
  );
});

/**
 * The thematic plan (КТП) of a journal page [002 §4.4]: topics in order with hours and the kind of lesson,
 * plan vs fact (lessons given per item), edited in a table or read from a CSV/XLSX file, saved whole with
 * the version read (another tab's save is not overwritten). Keyboard: Tab walks the cells; the number cell
 * moves a row; Enter in the last topic adds a row.
 */
function PlanEditor({ pageId, plan, title }: { pageId: string; plan: Plan; title: string }) {
  const t = useT();
  const fmt = useFormat();
  const qc = useQueryClient();
  const save = useSavePlan(pageId);
  const readFile = useReadPlanFile(pageId);
  const [rows, setRows] = useState<DraftRow[]>(() => fromPlan(plan));
  const [base, setBase] = useState<Plan>(plan);
  const [problems, setProblems] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  /** What is typed in a row's № cell before it is applied (Enter or leaving the cell). */
  const [numbers, setNumbers] = useState<Record<string, string>>({});
  const tableRef = useRef<HTMLTableElement>(null);
  const listId = useId();
  const server = useMemo(() => fromPlan(base), [base]);
  const dirty = !sameRows(rows, server);

  // A newer plan from the server (another tab, a refetch) replaces the editor's rows only while nothing is typed.
  useEffect(() => {
    if (plan.version === base.version && plan === base) return;
    if (!dirty) {
      setBase(plan);
      setRows(fromPlan(plan));
    }
  }, [plan, base, dirty]);

  const given = useMemo(() => new Map(base.items.map((i) => [i.id, i.given])), [base]);
  const removedWithLessons = base.items.filter((i) => i.given > 0 && !rows.some((r) => r.id === i.id));
  const conflict = save.isError && isApiError(save.error) && save.error.code === 'conflict.stale';

  // Stable handlers (functional updates), so typing in one row re-renders that row, not all 150 of a year's plan.
  const rowCount = useRef(rows.length);
  rowCount.current = rows.length;
  const change = useCallback(
    (key: string, patch: Partial<DraftRow>) => setRows((list) => list.map((r) => (r.key === key ? { ...r, ...patch } : r))),
    [],
  );
  const focusCell = useCallback(
    (row: number, field: string) =>
      requestAnimationFrame(() => tableRef.current?.querySelector<HTMLInputElement>(`[data-row="${row}"][data-field="${field}"]`)?.focus()),
    [],
  );

  const addRow = useCallback(() => {
    focusCell(rowCount.current, 'topic');
    setRows((list) => [...list, { key: newKey(), id: null, topic: '', hours: '1', lessonKind: '' }]);
  }, [focusCell]);

  const removeRow = useCallback(
    (index: number) => {
      setRows((list) => list.filter((_, n) => n !== index));
      focusCell(Math.max(0, index - 1), 'topic');
    },
    [focusCell],
  );

  /** The № cell: a number typed there moves the row to that place (Enter or leaving the cell). */
  const numbersRef = useRef(numbers);
  numbersRef.current = numbers;
  const applyNumber = useCallback(
    (key: string, index: number) => {
      const typed = numbersRef.current[key];
      if (typed === undefined) return;
      setNumbers(({ [key]: _, ...rest }) => rest);
      const target = Number(typed) - 1;
      if (!Number.isInteger(target) || target === index || target < 0 || target >= rowCount.current) return;
      setRows((list) => {
        const next = [...list];
        const [row] = next.splice(index, 1);
        next.splice(target, 0, row);
        return next;
      });
      focusCell(target, 'number');
    },
    [focusCell],
  );
  const typeNumber = useCallback((key: string, value: string) => setNumbers((m) => ({ ...m, [key]: value })), []);
  const nextTopic = useCallback(
    (index: number) => {
      if (index === rowCount.current - 1) addRow();
      else focusCell(index + 1, 'topic');
    },
    [addRow, focusCell],
  );

  const validate = (): string[] => {
    const out: string[] = [];
    rows.forEach((r, n) => {
      if (!r.topic.trim()) out.push(t('journal.plan.invalidTopic', { n: n + 1 }));
      const h = Number(r.hours);
      if (!HOURS.test(r.hours.trim()) || h < 1 || h > 20) out.push(t('journal.plan.invalidHours', { n: n + 1 }));
    });
    return out;
  };

  const submit = () => {
    setNotice(null);
    const found = validate();
    setProblems(found);
    if (found.length) return;
    const items: PlanRowInput[] = rows.map((r) => ({
      id: r.id,
      topic: r.topic.trim(),
      hours: Number(r.hours),
      lessonKind: r.lessonKind.trim() || null,
    }));
    save.mutate(
      { version: base.version, items },
      {
        onSuccess: (saved) => {
          setBase(saved);
          setRows(fromPlan(saved));
          setNotice(t('journal.plan.saved'));
        },
      },
    );
  };

  const reload = async () => {
    save.reset();
    await refetchPlan(qc);
    const fresh = qc.getQueryData<Plan>(['api', '/api/pages/{id}/plan', { path: { id: pageId } }]);
    if (fresh) {
      setBase(fresh);
      setRows(fromPlan(fresh));
    }
  };

  const importFile = (file: File | null) => {
    if (!file) return;
    setNotice(null);
    setProblems([]);
    readFile.mutate(file, {
      onSuccess: (read) => {
        // Rows whose topic is already in the plan keep its item (and the lessons linked to it).
        const free = new Map<string, string[]>();
        for (const i of base.items) {
          const k = i.topic.trim().toLowerCase();
          free.set(k, [...(free.get(k) ?? []), i.id]);
        }
        setRows(
          read.items.map((i) => {
            const ids = free.get(i.topic.trim().toLowerCase());
            const id = ids?.shift() ?? null;
            return { key: id ?? newKey(), id, topic: i.topic, hours: String(i.hours), lessonKind: i.lessonKind ?? '' };
          }),
        );
        setNotice(t('journal.plan.imported', { name: read.fileName, count: read.items.length, hours: read.plannedHours }));
      },
    });
  };

  const plannedNow = rows.reduce((s, r) => s + (HOURS.test(r.hours.trim()) ? Number(r.hours) : 0), 0);

  return (
    <Stack gap="md">
      <div>
        <Anchor component={Link} to={journalPaths.page(pageId)} size="sm">
          {t('journal.plan.back')}
        </Anchor>
        <Title order={1}>{t('journal.plan.title')}</Title>
        <Text c="dimmed">{title}</Text>
      </div>
      <Text size="sm">{t('journal.plan.intro')}</Text>
      <Text fw={700} data-testid="plan-summary">
        {t('journal.plan.summary', { planned: fmt.number(base.plannedHours), given: fmt.number(base.givenHours) })}
      </Text>
      {!plan.canEdit && (
        <Alert color="gray" variant="light" data-testid="plan-read-only">
          {t('journal.plan.readOnly')}
        </Alert>
      )}
      {plan.canEdit && (
        <Group gap="xs">
          <FileButton onChange={importFile} accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet">
            {(props) => (
              <Button {...props} variant="light" size="sm" loading={readFile.isPending}>
                {t('journal.plan.import')}
              </Button>
            )}
          </FileButton>
          <Text size="xs" c="dimmed" maw={560}>
            {t('journal.plan.importHint')}
          </Text>
        </Group>
      )}
      {readFile.isError && <ErrorAlert error={readFile.error} />}
      {notice && (
        <Text size="sm" c="#1e6b30" role="status" data-testid="plan-notice">
          {notice}
        </Text>
      )}
      {problems.length > 0 && (
        <Alert color="red" variant="light" role="alert" title={t('journal.plan.problems')}>
          <Stack gap={2} component="ul" style={{ margin: 0, paddingLeft: 18 }}>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </Stack>
        </Alert>
      )}
      {conflict ? (
        <Alert color="orange" variant="light" role="alert" title={t('journal.conflict.title')}>
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{t('journal.plan.conflict')}</Text>
            <Button size="xs" variant="light" onClick={() => void reload()}>
              {t('journal.plan.reload')}
            </Button>
          </Stack>
        </Alert>
      ) : (
        save.isError && <ErrorAlert error={save.error} />
      )}
      {rows.length === 0 ? (
        <Text>{t('journal.plan.empty')}</Text>
      ) : (
        <ScrollBox label={t('journal.plan.title')}>
          <Table ref={tableRef} withTableBorder striped verticalSpacing={4} fz="sm" data-testid="plan-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={64}>{t('journal.plan.number')}</Table.Th>
                <Table.Th>{t('journal.plan.topic')}</Table.Th>
                <Table.Th w={84}>{t('journal.plan.hours')}</Table.Th>
                <Table.Th w={230}>{t('journal.plan.kind')}</Table.Th>
                <Table.Th w={70}>{t('journal.plan.given')}</Table.Th>
                {plan.canEdit && <Table.Th w={48}>{t('journal.plan.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r, n) => (
                <PlanRow
                  key={r.key}
                  row={r}
                  index={n}
                  canEdit={plan.canEdit}
                  given={r.id ? (given.get(r.id) ?? 0) : null}
                  number={numbers[r.key]}
                  invalid={problems.length > 0 && !r.topic.trim()}
                  listId={listId}
                  onChange={change}
                  onTypeNumber={typeNumber}
                  onApplyNumber={applyNumber}
                  onNextTopic={nextTopic}
                  onRemove={removeRow}
                />
              ))}
            </Table.Tbody>
          </Table>
        </ScrollBox>
      )}
      <datalist id={listId}>
        {LESSON_KINDS.map((k) => (
          <option key={k} value={k} />
        ))}
      </datalist>
      {plan.canEdit && (
        <Stack gap="xs">
          {removedWithLessons.length > 0 && (
            <Text size="sm" c="#8a4b00">
              {t('journal.plan.unlinkWarning')}
            </Text>
          )}
          <Group gap="xs">
            <Button variant="light" size="sm" onClick={addRow}>
              {t('journal.plan.add')}
            </Button>
            <Button size="sm" onClick={submit} loading={save.isPending} disabled={!dirty}>
              {t('journal.plan.save')}
            </Button>
            <Button
              variant="subtle"
              size="sm"
              disabled={!dirty}
              onClick={() => {
                setRows(server);
                setProblems([]);
                setNotice(null);
              }}
            >
              {t('journal.plan.reset')}
            </Button>
            <Text size="sm" c="dimmed" aria-live="polite">
              {dirty ? t('journal.plan.unsaved', { hours: fmt.number(plannedNow) }) : ''}
            </Text>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}

/** /journal/:pageId/plan — the page's КТП: plan vs fact, editing, import. */
export function PlanEditorPage() {
  const { pageId = '' } = useParams();
  const plan = usePlan(pageId);
  const page = useJournalPage(pageId);
  const header = page.data?.page;
  const title = header ? [header.className, header.subgroupName, header.subjectName].filter(Boolean).join(' · ') : '';
  return <QueryState query={plan}>{(p) => <PlanEditor pageId={pageId} plan={p} title={title} />}</QueryState>;
}
