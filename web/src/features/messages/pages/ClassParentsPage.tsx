import { Alert, Anchor, Badge, Button, Group, Modal, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { isApiError } from '../../../lib/api/client';
import { type MessageKey, useT } from '../../../lib/i18n';
import { hasRole, useCurrentUser } from '../../../lib/session';
import {
  type ConsentPurpose,
  paperReportsUrl,
  parentReportUrl,
  useClassConsents,
  useClasses,
  useRecordConsent,
  useSendParentReport,
} from '../api';
import { messagesPaths } from '../paths';

type Editing = { parentId: string; parentName: string; purpose: ConsentPurpose } | null;
const PURPOSES: ConsentPurpose[] = ['journal', 'email', 'sms'];
const statusColor = { given: 'green', refused: 'red', revoked: 'orange', none: 'gray' } as const;

/** Monday and Saturday of the current week as YYYY-MM-DD (the default range of letters). */
function thisWeek() {
  const d = new Date();
  const monday = new Date(d.getFullYear(), d.getMonth(), d.getDate() - ((d.getDay() + 6) % 7));
  const saturday = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + 5);
  const iso = (x: Date) => `${x.getFullYear()}-${String(x.getMonth() + 1).padStart(2, '0')}-${String(x.getDate()).padStart(2, '0')}`;
  return { from: iso(monday), to: iso(saturday) };
}

/**
 * The class teacher's work with parents [000 §4.3], [003 §5.2]: consents per parent and purpose, the
 * informational letter of each child (PDF, or sent by e-mail/SMS), and the weekly paper letters for
 * parents without consent [002 §8.3].
 */
export function ClassParentsPage() {
  const t = useT();
  const me = useCurrentUser();
  const classes = useClasses();
  const wide = hasRole(me, 'administrator', 'director', 'deputy');
  const options = useMemo(() => {
    const mine = me.classTeacherOf.map((c) => ({ value: c.id, label: c.name }));
    const all = wide ? (classes.data ?? []).map((c) => ({ value: c.id, label: c.name })) : [];
    return [...new Map([...mine, ...all].map((o) => [o.value, o])).values()];
  }, [me, classes.data, wide]);
  const [classId, setClassId] = useState<string | null>(me.classTeacherOf[0]?.id ?? null);
  const [range, setRange] = useState(thisWeek);
  const consents = useClassConsents(classId);
  const send = useSendParentReport();
  const [editing, setEditing] = useState<Editing>(null);

  return (
    <>
      <PageHeader title={t('consent.class.title')} description={t('consent.class.description')} />
      <Stack gap="md">
        <Group align="flex-end" wrap="wrap">
          <Select label={t('messages.compose.class')} data={options} value={classId} onChange={setClassId} w={200} />
          <TextInput
            type="date"
            label={t('consent.class.from')}
            value={range.from}
            onChange={(e) => setRange((r) => ({ ...r, from: e.currentTarget.value }))}
          />
          <TextInput
            type="date"
            label={t('consent.class.to')}
            value={range.to}
            onChange={(e) => setRange((r) => ({ ...r, to: e.currentTarget.value }))}
          />
          {classId && (
            <Button component={Link} to={`${messagesPaths.compose}?classId=${classId}`} variant="default">
              {t('consent.class.writeAll')}
            </Button>
          )}
        </Group>
        {!classId && <Text>{t('consent.class.noClass')}</Text>}
        {send.isError && <ErrorAlert error={send.error} />}
        {classId && (
          <QueryState query={consents}>
            {(data) => (
              <Stack gap="lg">
                <section aria-labelledby="paper">
                  <Title order={2} size="h3" id="paper" mb="xs">
                    {t('consent.class.paperTitle')}
                  </Title>
                  {data.paperReports.length === 0 ? (
                    <Text>{t('consent.class.noPaper')}</Text>
                  ) : (
                    <Stack gap="xs">
                      <Text size="sm">
                        {t('consent.class.paperList', {
                          names: data.paperReports.map((p) => `${p.parentName} (${p.studentName})`).join('; '),
                        })}
                      </Text>
                      <Group>
                        <Button component="a" href={paperReportsUrl(classId, range.from, range.to)} variant="light">
                          {t('consent.class.printPaper', { count: data.paperReports.length })}
                        </Button>
                      </Group>
                    </Stack>
                  )}
                </section>
                <Table.ScrollContainer minWidth={760}>
                  <Table striped withTableBorder aria-label={t('consent.class.tableLabel')}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('consent.class.student')}</Table.Th>
                        <Table.Th>{t('consent.class.parent')}</Table.Th>
                        {PURPOSES.map((p) => (
                          <Table.Th key={p}>{t(`consent.purpose.${p}` as MessageKey)}</Table.Th>
                        ))}
                        <Table.Th>{t('consent.class.letter')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.students.map((s) =>
                        (s.parents.length ? s.parents : [null]).map((p, i) => (
                          <Table.Tr key={`${s.studentId}-${p?.parentId ?? 'none'}`}>
                            <Table.Td>{i === 0 ? s.studentName : ''}</Table.Td>
                            <Table.Td>{p ? p.parentName : <Text c="dimmed">{t('consent.class.noParents')}</Text>}</Table.Td>
                            {PURPOSES.map((purpose) => (
                              <Table.Td key={purpose}>
                                {p && (
                                  <Button
                                    variant="subtle"
                                    size="compact-sm"
                                    onClick={() => setEditing({ parentId: p.parentId, parentName: p.parentName, purpose })}
                                    aria-label={t('consent.class.change', {
                                      purpose: t(`consent.purpose.${purpose}` as MessageKey),
                                      name: p.parentName,
                                    })}
                                  >
                                    <Badge color={statusColor[p[purpose]]} variant="light">
                                      {t(`consent.status.${p[purpose]}` as MessageKey)}
                                    </Badge>
                                  </Button>
                                )}
                              </Table.Td>
                            ))}
                            <Table.Td>
                              {i === 0 && (
                                <Group gap="xs" wrap="nowrap">
                                  <Anchor href={parentReportUrl(s.studentId, range.from, range.to)} size="sm">
                                    PDF
                                  </Anchor>
                                  <Button
                                    size="compact-xs"
                                    variant="light"
                                    loading={send.isPending && send.variables?.studentId === s.studentId}
                                    onClick={() =>
                                      send.mutate(
                                        { studentId: s.studentId, ...range },
                                        {
                                          onSuccess: (r) =>
                                            notifications.show({ color: 'green', message: t('consent.class.sent', { count: r.parents }) }),
                                        },
                                      )
                                    }
                                  >
                                    {t('consent.class.send')}
                                  </Button>
                                </Group>
                              )}
                            </Table.Td>
                          </Table.Tr>
                        )),
                      )}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Stack>
            )}
          </QueryState>
        )}
      </Stack>
      <ConsentModal editing={editing} onClose={() => setEditing(null)} />
    </>
  );
}

function ConsentModal({ editing, onClose }: { editing: Editing; onClose: () => void }) {
  const t = useT();
  const record = useRecordConsent();
  const [status, setStatus] = useState<'given' | 'refused' | 'revoked'>('given');
  const [document, setDocument] = useState('');
  const [decidedOn, setDecidedOn] = useState('');
  const server = isApiError(record.error) ? record.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    record.mutate(
      { parentId: editing.parentId, purpose: editing.purpose, status, document: document.trim() || null, decidedOn: decidedOn || null },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t('consent.saved') });
          setDocument('');
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      opened={!!editing}
      onClose={onClose}
      title={editing ? `${editing.parentName}: ${t(`consent.purpose.${editing.purpose}` as MessageKey)}` : ''}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {server && !server.fields.length && <ErrorAlert error={server} />}
          <Select
            label={t('consent.status')}
            data={(['given', 'refused', 'revoked'] as const).map((s) => ({ value: s, label: t(`consent.status.${s}` as MessageKey) }))}
            value={status}
            onChange={(v) => setStatus((v as typeof status) ?? 'given')}
            allowDeselect={false}
          />
          <TextInput
            label={t('consent.document')}
            description={t('consent.documentHint')}
            value={document}
            onChange={(e) => setDocument(e.currentTarget.value)}
            error={server?.fieldMessage('document')}
            maxLength={300}
          />
          <TextInput
            type="date"
            label={t('consent.decidedOn')}
            value={decidedOn}
            onChange={(e) => setDecidedOn(e.currentTarget.value)}
            error={server?.fieldMessage('decidedOn')}
          />
          <Alert color="gray" variant="light">
            {t('consent.noMailWithout')}
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={record.isPending}>
              {t('consent.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
