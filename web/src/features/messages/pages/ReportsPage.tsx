import { Badge, Button, Card, Group, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { useFormat, useT } from '../../../lib/i18n';
import { type MessageReport, useAbuseReports, useResolveReport } from '../api';

/** Complaints about messages for the administration: the text as reported, and the decision taken. */
export function ReportsPage() {
  const t = useT();
  const [status, setStatus] = useState<'open' | 'resolved'>('open');
  const reports = useAbuseReports(status);
  return (
    <>
      <PageHeader title={t('messages.reports.title')} description={t('messages.reports.description')} />
      <SegmentedControl
        mb="md"
        aria-label={t('messages.reports.status')}
        value={status}
        onChange={(v) => setStatus(v as 'open' | 'resolved')}
        data={[
          { value: 'open', label: t('messages.reports.open') },
          { value: 'resolved', label: t('messages.reports.resolved') },
        ]}
      />
      <QueryState query={reports}>
        {(list) =>
          list.length === 0 ? (
            <Text>{t('messages.reports.empty')}</Text>
          ) : (
            <Stack gap="sm">
              {list.map((r) => (
                <ReportCard key={r.id} report={r} />
              ))}
            </Stack>
          )
        }
      </QueryState>
    </>
  );
}

function ReportCard({ report }: { report: MessageReport }) {
  const t = useT();
  const fmt = useFormat();
  const resolve = useResolveReport();
  const [resolution, setResolution] = useState('');
  return (
    <Card withBorder>
      <Group justify="space-between">
        <Text fw={600}>{t('messages.reports.from', { sender: report.senderName, reporter: report.reporterName })}</Text>
        <Text size="xs" c="dimmed">
          {fmt.dateTime(report.createdAt)}
        </Text>
      </Group>
      <Text size="sm" mt={4}>
        {t('messages.reports.reason')}: {report.reason}
      </Text>
      <Text mt="xs" p="xs" style={{ whiteSpace: 'pre-wrap', background: 'var(--mantine-color-gray-light)' }}>
        {report.messageText}
      </Text>
      {report.resolvedAt ? (
        <Badge mt="xs" color="green" variant="light">
          {t('messages.reports.decision')}: {report.resolution}
        </Badge>
      ) : (
        <Stack gap="xs" mt="sm">
          {resolve.isError && <ErrorAlert error={resolve.error} />}
          <Textarea
            label={t('messages.reports.decision')}
            value={resolution}
            onChange={(e) => setResolution(e.currentTarget.value)}
            autosize
            minRows={2}
            maxLength={1000}
          />
          <Group justify="flex-end">
            <Button
              size="xs"
              loading={resolve.isPending}
              disabled={!resolution.trim()}
              onClick={() => resolve.mutate({ id: report.id, resolution: resolution.trim() })}
            >
              {t('messages.reports.resolve')}
            </Button>
          </Group>
        </Stack>
      )}
    </Card>
  );
}
