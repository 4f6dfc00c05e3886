import { Button, Modal, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { QueryState } from '../../../components/ui/QueryState';
import { useFormat, useT } from '../../../lib/i18n';
import { type FinalsRow, type FinalsView, useFinalHistory } from '../api';

/** Every change of one final mark: who, when, was, became, and the proposal at the time [DOMAIN §4]. */
export function HistoryButton({ pageId, row, view }: { pageId: string; row: FinalsRow; view: FinalsView }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="subtle" size="compact-xs" onClick={() => setOpen(true)} aria-label={t('finals.history.open', { name: row.name })}>
        {t('finals.col.history')}
      </Button>
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        title={t('finals.history.title', { name: row.name })}
        size="lg"
        closeButtonProps={{ 'aria-label': t('finals.close') }}
      >
        {open && <HistoryList pageId={pageId} row={row} view={view} />}
      </Modal>
    </>
  );
}

function HistoryList({ pageId, row, view }: { pageId: string; row: FinalsRow; view: FinalsView }) {
  const t = useT();
  const fmt = useFormat();
  const history = useFinalHistory(pageId, row.id, { kind: view.kind, periodId: view.period?.id }, true);
  const markOf = (v: Record<string, unknown> | null) => (v && typeof v.value === 'string' ? v.value : '—');
  return (
    <QueryState query={history}>
      {(list) =>
        list.length === 0 ? (
          <Text>{t('finals.history.empty')}</Text>
        ) : (
          <Stack gap="xs">
            <Table verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('finals.history.when')}</Table.Th>
                  <Table.Th scope="col">{t('finals.history.who')}</Table.Th>
                  <Table.Th scope="col">{t('finals.history.was')}</Table.Th>
                  <Table.Th scope="col">{t('finals.history.became')}</Table.Th>
                  <Table.Th scope="col">{t('finals.col.proposal')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((h) => (
                  <Table.Tr key={h.id}>
                    <Table.Td>{fmt.dateTime(h.at)}</Table.Td>
                    <Table.Td>{h.actorName ?? '—'}</Table.Td>
                    <Table.Td>{markOf(h.oldValue)}</Table.Td>
                    <Table.Td>
                      {markOf(h.newValue)}
                      {h.reason ? ` — ${h.reason}` : ''}
                    </Table.Td>
                    <Table.Td>{typeof h.newValue?.proposedValue === 'string' ? h.newValue.proposedValue : '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        )
      }
    </QueryState>
  );
}
