import { Badge, Group, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { errorText } from '../../../components/ui/error-text';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import { isApiError } from '../../../lib/api/client';
import { useFormat, useT } from '../../../lib/i18n';
import { type FinalsRow, type FinalsView, useSaveFinal } from '../api';
import { HistoryButton } from './HistoryButton';

/**
 * Students × (proposal | decision): what the system proposes (with the average and number of marks,
 * or the period marks behind a year mark) and what the teacher decided, side by side [DOMAIN §6].
 */
export function FinalsTable({ view, pageId }: { view: FinalsView; pageId: string }) {
  const t = useT();
  const isPeriod = view.kind === 'period';
  const basisLabels = view.students[0]?.basis.map((b) => b.label) ?? [];
  const caption = t('finals.table.caption');
  if (view.students.length === 0) return <Text>{t('finals.table.empty')}</Text>;
  return (
    <ScrollBox label={caption}>
      <Table striped verticalSpacing={4} miw={560} data-testid="finals-table" style={{ overflowWrap: 'normal' }}>
        <Table.Caption style={{ captionSide: 'top', textAlign: 'start' }}>
          <Text component="span" fw={700}>
            {caption}
          </Text>
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w={40}>
              {t('finals.col.number')}
            </Table.Th>
            <Table.Th scope="col">{t('finals.col.student')}</Table.Th>
            {isPeriod ? (
              <>
                <Table.Th scope="col" ta="center">
                  {t('finals.col.average')}
                </Table.Th>
                <Table.Th scope="col" ta="center">
                  {t('finals.col.count')}
                </Table.Th>
              </>
            ) : (
              basisLabels.map((label) => (
                <Table.Th scope="col" ta="center" key={label}>
                  {label}
                </Table.Th>
              ))
            )}
            <Table.Th scope="col" ta="center">
              {t('finals.col.proposal')}
            </Table.Th>
            <Table.Th scope="col">{t('finals.col.decision')}</Table.Th>
            <Table.Th scope="col">
              <VisuallyHidden>{t('finals.col.history')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {view.students.map((row, i) => (
            <FinalsTableRow key={row.id} row={row} number={i + 1} view={view} pageId={pageId} />
          ))}
        </Table.Tbody>
      </Table>
    </ScrollBox>
  );
}

function FinalsTableRow({ row, number, view, pageId }: { row: FinalsRow; number: number; view: FinalsView; pageId: string }) {
  const t = useT();
  const fmt = useFormat();
  return (
    <Table.Tr data-student-id={row.id}>
      <Table.Td>{number}</Table.Td>
      <Table.Th scope="row" fw={500}>
        {row.name}
        {(row.arrived || row.left) && (
          <Text component="span" size="xs" c="dimmed" ml={6}>
            {row.arrived ? t('finals.arrived', { date: fmt.date(row.arrived) }) : ''}
            {row.arrived && row.left ? ', ' : ''}
            {row.left ? t('finals.left', { date: fmt.date(row.left) }) : ''}
          </Text>
        )}
      </Table.Th>
      {view.kind === 'period' ? (
        <>
          <Table.Td ta="center">{row.proposal?.average != null ? fmt.number(row.proposal.average) : '—'}</Table.Td>
          <Table.Td ta="center">{row.proposal?.count ?? '—'}</Table.Td>
        </>
      ) : (
        row.basis.map((b) => (
          <Table.Td ta="center" key={b.label}>
            {b.value ?? '—'}
          </Table.Td>
        ))
      )}
      <Table.Td ta="center" data-testid="proposal">
        {row.proposal ? (
          <Text fw={700} span>
            {row.proposal.value}
          </Text>
        ) : (
          <Text c="dimmed" span title={t('finals.noProposalHint')}>
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td data-testid="decision">
        <Group gap={6} wrap="nowrap">
          <DecisionCell row={row} view={view} pageId={pageId} />
          {row.decision?.late && (
            <Badge color="orange" variant="light" size="sm">
              {t('finals.late')}
            </Badge>
          )}
          {row.differs && (
            <Badge color="grape" variant="light" size="sm">
              {t('finals.differs')}
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>{row.decision && <HistoryButton pageId={pageId} row={row} view={view} />}</Table.Td>
    </Table.Tr>
  );
}

/**
 * The teacher's decision, editable where the page may be written: Enter or leaving the field saves
 * with the version read, so a change made meanwhile by someone else is refused, never overwritten.
 */
function DecisionCell({ row, view, pageId }: { row: FinalsRow; view: FinalsView; pageId: string }) {
  const t = useT();
  const save = useSaveFinal();
  const saved = row.decision?.value ?? '';
  const [value, setValue] = useState(saved);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setValue(saved), [saved]);
  if (!view.canWrite) {
    return (
      <Text fw={700} span>
        {saved || '—'}
      </Text>
    );
  }
  const commit = () => {
    const typed = value.trim();
    if (!typed || typed === saved || save.isPending) return;
    save.mutate(
      {
        pageId,
        studentId: row.id,
        kind: view.kind,
        periodId: view.period?.id ?? null,
        value: typed,
        version: row.decision?.version ?? null,
      },
      {
        onSuccess: () => setError(null),
        onError: (e) => {
          if (isApiError(e) && e.code === 'conflict.stale') {
            setValue(saved);
            notifications.show({ color: 'orange', message: t('finals.stale'), closeButtonProps: { 'aria-label': t('finals.close') } });
            return;
          }
          setError(isApiError(e) ? (e.fieldMessage('value') ?? e.message) : errorText(e, t));
        },
      },
    );
  };
  return (
    <TextInput
      size="xs"
      w={error ? 220 : 76}
      value={value}
      placeholder={row.proposal?.value}
      aria-label={t('finals.decisionLabel', { name: row.name })}
      error={error}
      disabled={save.isPending}
      onChange={(e) => setValue(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') setValue(saved);
      }}
    />
  );
}
