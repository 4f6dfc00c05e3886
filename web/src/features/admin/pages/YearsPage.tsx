import { Badge, Button, Card, Group, Modal, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import { type MessageKey, useFormat, useT } from '../../../lib/i18n';
import { type Period, usePeriodActions, useYear, useYears } from '../api';

/**
 * Years, periods and holidays. Closing a period makes its marks read-only; reopening needs a reason,
 * which goes to the audit log [DOMAIN periods].
 */
export function YearsPage() {
  const t = useT();
  const years = useYears();
  const [yearId, setYearId] = useState<string | null>(null);
  useEffect(() => {
    if (!yearId && years.data?.length) setYearId((years.data.find((y) => y.status === 'current') ?? years.data[0]).id);
  }, [years.data, yearId]);
  return (
    <>
      <PageHeader title={t('admin.years.title')} description={t('admin.years.description')} />
      <QueryState query={years}>
        {(list) => (
          <Select
            label={t('admin.years.year')}
            data={list.map((y) => ({ value: y.id, label: `${y.name} — ${t(`admin.years.status.${y.status}` as MessageKey)}` }))}
            value={yearId}
            onChange={setYearId}
            allowDeselect={false}
            maw={320}
            mb="lg"
          />
        )}
      </QueryState>
      {yearId && <YearDetail id={yearId} />}
    </>
  );
}

function YearDetail({ id }: { id: string }) {
  const t = useT();
  const fmt = useFormat();
  const year = useYear(id);
  const { close, reopen } = usePeriodActions();
  const [reopening, setReopening] = useState<Period | null>(null);
  const [reason, setReason] = useState('');
  const day = (iso: string) => fmt.date(iso);
  return (
    <QueryState query={year}>
      {(y) => (
        <Stack>
          <Card>
            <Title order={2} mb="sm">
              {t('admin.years.periods')}
            </Title>
            <ErrorAlert error={close.error} />
            <ScrollBox label={t('admin.years.periods')}>
              <Table striped withTableBorder data-testid="periods">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('admin.years.period')}</Table.Th>
                    <Table.Th>{t('admin.years.dates')}</Table.Th>
                    <Table.Th>{t('admin.years.state')}</Table.Th>
                    <Table.Th>{t('admin.credentials.actions')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {y.periods.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>{p.name}</Table.Td>
                      <Table.Td>
                        {day(p.startsOn)} — {day(p.endsOn)}
                      </Table.Td>
                      <Table.Td>
                        <Badge color={p.closed ? 'gray' : 'green'} variant="light">
                          {t(p.closed ? 'admin.years.closed' : 'admin.years.open')}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        {y.readOnly ? null : p.closed ? (
                          <Button
                            size="xs"
                            variant="light"
                            aria-label={`${t('admin.years.reopen')}: ${p.name}`}
                            onClick={() => setReopening(p)}
                          >
                            {t('admin.years.reopen')}
                          </Button>
                        ) : (
                          <Button
                            size="xs"
                            variant="light"
                            color="red"
                            aria-label={`${t('admin.years.close')}: ${p.name}`}
                            loading={close.isPending && close.variables === p.id}
                            onClick={() => {
                              if (window.confirm(t('admin.years.closeConfirm', { name: p.name }))) close.mutate(p.id);
                            }}
                          >
                            {t('admin.years.close')}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollBox>
          </Card>
          <Card>
            <Title order={2} mb="sm">
              {t('admin.years.holidays')}
            </Title>
            {y.holidays.length === 0 ? (
              <Text>{t('admin.years.noHolidays')}</Text>
            ) : (
              <Table striped withTableBorder>
                <Table.Tbody>
                  {y.holidays.map((h) => (
                    <Table.Tr key={h.id}>
                      <Table.Td>{h.name}</Table.Td>
                      <Table.Td>
                        {day(h.startsOn)}
                        {h.endsOn !== h.startsOn ? ` — ${day(h.endsOn)}` : ''}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Card>
          {y.periodEvents.length > 0 && (
            <Card>
              <Title order={2} mb="sm">
                {t('admin.years.history')}
              </Title>
              <Stack gap={4}>
                {y.periodEvents.map((e) => (
                  <Text key={e.id} size="sm">
                    {fmt.date(e.at.slice(0, 10))} · {y.periods.find((p) => p.id === e.periodId)?.name} ·{' '}
                    {t(e.action === 'close' ? 'admin.years.closedEvent' : 'admin.years.reopenedEvent')}
                    {e.actorName ? ` · ${e.actorName}` : ''}
                    {e.reason ? ` · «${e.reason}»` : ''}
                  </Text>
                ))}
              </Stack>
            </Card>
          )}
          <Modal
            opened={!!reopening}
            onClose={() => setReopening(null)}
            title={t('admin.years.reopenTitle', { name: reopening?.name ?? '' })}
          >
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (!reopening || !reason.trim()) return;
                reopen.mutate(
                  { id: reopening.id, reason: reason.trim() },
                  {
                    onSuccess: () => {
                      setReopening(null);
                      setReason('');
                    },
                  },
                );
              }}
            >
              <Stack>
                <Textarea
                  label={t('admin.years.reason')}
                  required
                  value={reason}
                  onChange={(e) => setReason(e.currentTarget.value)}
                  autosize
                  minRows={2}
                />
                <ErrorAlert error={reopen.error} />
                <Group justify="flex-end">
                  <Button variant="default" onClick={() => setReopening(null)}>
                    {t('common.cancel')}
                  </Button>
                  <Button type="submit" disabled={!reason.trim()} loading={reopen.isPending}>
                    {t('admin.years.reopen')}
                  </Button>
                </Group>
              </Stack>
            </form>
          </Modal>
        </Stack>
      )}
    </QueryState>
  );
}
