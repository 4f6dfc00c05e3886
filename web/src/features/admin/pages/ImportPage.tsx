import { Alert, Badge, Button, Card, FileInput, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import { type MessageKey, useT } from '../../../lib/i18n';
import { fileToBase64, type ImportKind, type ImportRequest, type ImportResult, useImportCommit, useImportPreview } from '../api';

const KINDS: ImportKind[] = ['students', 'parents', 'staff', 'classes'];
const ACTION_COLOR = { create: 'green', update: 'blue', unchanged: 'gray', error: 'red' } as const;

/**
 * Import of lists from CSV/XLSX [002 §4.6]: the file is read in the browser, the server answers what
 * would change and every problem by row, and only «Загрузить» writes — all or nothing.
 */
export function ImportPage() {
  const t = useT();
  const [kind, setKind] = useState<ImportKind>('students');
  const [file, setFile] = useState<File | null>(null);
  const [request, setRequest] = useState<ImportRequest | null>(null);
  const preview = useImportPreview();
  const commit = useImportCommit();

  async function check(f: File | null, k: ImportKind) {
    setFile(f);
    commit.reset();
    preview.reset();
    setRequest(null);
    if (!f) return;
    const req = { kind: k, fileName: f.name, contentBase64: await fileToBase64(f) };
    setRequest(req);
    preview.mutate(req);
  }

  const shown = commit.data ?? preview.data;
  return (
    <>
      <PageHeader title={t('admin.import.title')} description={t('admin.import.description')} />
      <Card mb="lg">
        <Stack>
          <Group align="flex-end">
            <Select
              label={t('admin.import.kind')}
              data={KINDS.map((k) => ({ value: k, label: t(`admin.import.kind.${k}` as MessageKey) }))}
              value={kind}
              allowDeselect={false}
              onChange={(v) => {
                const k = (v ?? 'students') as ImportKind;
                setKind(k);
                void check(file, k);
              }}
            />
            <FileInput
              label={t('admin.import.file')}
              placeholder={t('admin.import.choose')}
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              value={file}
              onChange={(f) => void check(f, kind)}
              clearable
              miw={280}
            />
          </Group>
          <Text size="sm" c="dimmed">
            {t(`admin.import.hint.${kind}` as MessageKey)}
          </Text>
        </Stack>
      </Card>
      {preview.isPending && <Text role="status">{t('admin.import.checking')}</Text>}
      <ErrorAlert error={preview.error} />
      {shown && (
        <ImportReport
          result={shown}
          committed={!!commit.data}
          onCommit={() => request && commit.mutate(request)}
          committing={commit.isPending}
        />
      )}
      <ErrorAlert error={commit.error} />
    </>
  );
}

function ImportReport({
  result,
  committed,
  onCommit,
  committing,
}: {
  result: ImportResult;
  committed: boolean;
  onCommit: () => void;
  committing: boolean;
}) {
  const t = useT();
  const s = result.summary;
  // Every row shows its own problems too, so a long file is read row by row [002 §4.6].
  const problemsByRow = new Map<number, ImportResult['problems']>();
  for (const p of result.problems) if (p.row !== null) problemsByRow.set(p.row, [...(problemsByRow.get(p.row) ?? []), p]);
  return (
    <Stack>
      {committed ? (
        <Alert color="green" role="status" title={t('admin.import.done')}>
          {t('admin.import.summary', { create: s.create, update: s.update, unchanged: s.unchanged, errors: s.errors })}
        </Alert>
      ) : (
        <Card>
          <Stack gap="xs">
            <Title order={2}>{t('admin.import.preview')}</Title>
            <Text>{t('admin.import.summary', { create: s.create, update: s.update, unchanged: s.unchanged, errors: s.errors })}</Text>
            <Text size="sm" data-testid="import-columns">
              {t('admin.importFile.format', {
                format: result.format.toUpperCase(),
                rows: result.totalRows,
                columns: result.columns.recognized.map((c) => c.column).join(', ') || '—',
              })}
              {result.columns.ignored.length > 0 && ` ${t('admin.importFile.ignored', { columns: result.columns.ignored.join(', ') })}`}
            </Text>
            {!result.canCommit && (
              <Text c="red.9" fw={700}>
                {t('admin.import.fixFirst')}
              </Text>
            )}
            <Group>
              <Button onClick={onCommit} disabled={!result.canCommit} loading={committing}>
                {t('admin.import.commit')}
              </Button>
            </Group>
          </Stack>
        </Card>
      )}
      {result.problems.length > 0 && (
        <>
          <Title order={2}>{t('admin.import.problems')}</Title>
          <ScrollBox label={t('admin.import.problems')}>
            <Table striped withTableBorder data-testid="import-problems">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.import.row')}</Table.Th>
                  <Table.Th>{t('admin.import.column')}</Table.Th>
                  <Table.Th>{t('admin.import.severity')}</Table.Th>
                  <Table.Th>{t('admin.import.message')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.problems.map((p) => (
                  <Table.Tr key={`${p.row}-${p.column}-${p.message}`}>
                    <Table.Td>{p.row ?? '—'}</Table.Td>
                    <Table.Td>{p.column ?? '—'}</Table.Td>
                    <Table.Td>
                      <Badge color={p.severity === 'error' ? 'red' : 'yellow'} variant="light">
                        {t(`admin.import.severity.${p.severity}` as MessageKey)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{p.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollBox>
        </>
      )}
      {result.rows.length > 0 && (
        <>
          <Title order={2}>{t('admin.import.rows')}</Title>
          <ScrollBox label={t('admin.import.rows')}>
            <Table striped withTableBorder data-testid="import-rows">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.import.row')}</Table.Th>
                  <Table.Th>{t('admin.import.name')}</Table.Th>
                  <Table.Th>{t('admin.import.action')}</Table.Th>
                  <Table.Th>{t('admin.import.changes')}</Table.Th>
                  <Table.Th>{t('admin.import.problems')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.rows.map((r) => (
                  <Table.Tr key={r.row}>
                    <Table.Td>{r.row}</Table.Td>
                    <Table.Td>{r.name}</Table.Td>
                    <Table.Td>
                      <Badge color={ACTION_COLOR[r.action]} variant="light">
                        {t(`admin.import.action.${r.action}` as MessageKey)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{r.changes.join(', ')}</Table.Td>
                    <Table.Td>
                      {(problemsByRow.get(r.row) ?? []).map((p) => (
                        <Text key={`${p.column}-${p.message}`} size="sm" c={p.severity === 'error' ? 'red.9' : undefined}>
                          {p.column ? `${p.column}: ` : ''}
                          {p.message}
                        </Text>
                      ))}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollBox>
        </>
      )}
    </Stack>
  );
}
