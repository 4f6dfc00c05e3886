import { Alert, Badge, Button, Card, Checkbox, Group, SegmentedControl, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import { type MessageKey, useT } from '../../../lib/i18n';
import { hasRole, useCurrentUser } from '../../../lib/session';
import { downloadSlipsPdf, PEOPLE_PAGE_SIZE, type Slip, useAccountActions, useClasses, useIssueCredentials, usePeoplePage } from '../api';
import { Pager, usePage } from '../components/Pager';

type Who = 'students' | 'parents' | 'both' | 'staff';

/**
 * Logins and one-time passwords [002 §3.2]: issued for a class (students, parents) or for the staff,
 * shown once on this screen and printed as cut-out slips; an account is reset, blocked or unblocked here.
 */
export function CredentialsPage() {
  const t = useT();
  const me = useCurrentUser();
  const isAdmin = hasRole(me, 'administrator');
  const classes = useClasses();
  const [classId, setClassId] = useState<string | null>(null);
  const [who, setWho] = useState<Who>('students');
  const [reissue, setReissue] = useState(false);
  const [slips, setSlips] = useState<Slip[]>([]);
  const [skipped, setSkipped] = useState<{ name: string; reason: string }[]>([]);
  const issue = useIssueCredentials();
  const [pdfError, setPdfError] = useState<unknown>(null);
  const [printing, setPrinting] = useState(false);

  function issueNow() {
    // [002 §3.2] the server decides who the staff are: a list on the client would be one page of the school.
    const body = who === 'staff' ? { allStaff: true, reissue } : { classId: classId ?? undefined, who, reissue };
    issue.mutate(body, {
      onSuccess: (res) => {
        setSlips(res.slips);
        setSkipped(res.skipped);
      },
    });
  }

  async function print() {
    setPdfError(null);
    setPrinting(true);
    try {
      await downloadSlipsPdf(slips);
    } catch (e) {
      setPdfError(e);
    } finally {
      setPrinting(false);
    }
  }

  const whoOptions: Who[] = isAdmin ? ['students', 'parents', 'both', 'staff'] : ['students', 'parents', 'both'];
  return (
    <>
      <PageHeader title={t('admin.credentials.title')} description={t('admin.credentials.description')} />
      <Card mb="lg">
        <Stack>
          <Title order={2}>{t('admin.credentials.issue')}</Title>
          <SegmentedControl
            aria-label={t('admin.credentials.who')}
            value={who}
            onChange={(v) => setWho(v as Who)}
            data={whoOptions.map((w) => ({ value: w, label: t(`admin.credentials.who.${w}` as MessageKey) }))}
          />
          {who === 'staff' && <Text size="sm">{t(reissue ? 'admin.credentials.staffHintReissue' : 'admin.credentials.staffHint')}</Text>}
          {who !== 'staff' && (
            <QueryState query={classes}>
              {(list) => (
                <Select
                  label={t('admin.credentials.class')}
                  placeholder={t('admin.credentials.pickClass')}
                  data={list.filter((c) => isAdmin || c.isMine).map((c) => ({ value: c.id, label: c.name }))}
                  value={classId}
                  onChange={setClassId}
                  searchable
                  maw={260}
                />
              )}
            </QueryState>
          )}
          <Checkbox label={t('admin.credentials.reissue')} checked={reissue} onChange={(e) => setReissue(e.currentTarget.checked)} />
          <Group>
            <Button onClick={issueNow} loading={issue.isPending} disabled={who !== 'staff' && !classId}>
              {t('admin.credentials.issueButton')}
            </Button>
          </Group>
          <ErrorAlert error={issue.error} />
        </Stack>
      </Card>
      {(issue.isSuccess || slips.length > 0) && (
        <SlipsBlock slips={slips} skipped={skipped} onPrint={print} printing={printing} pdfError={pdfError} />
      )}
      {/* A class teacher sees the accounts of the chosen class only; the administration, the school's. */}
      {(isAdmin || classId) && (
        <AccountsBlock
          classId={isAdmin ? undefined : (classId ?? undefined)}
          onSlip={(s) => setSlips((prev) => [...prev.filter((p) => p.personId !== s.personId), s])}
        />
      )}
    </>
  );
}

function SlipsBlock({
  slips,
  skipped,
  onPrint,
  printing,
  pdfError,
}: {
  slips: Slip[];
  skipped: { name: string; reason: string }[];
  onPrint: () => void;
  printing: boolean;
  pdfError: unknown;
}) {
  const t = useT();
  return (
    <Card mb="lg">
      <Stack>
        <Title order={2}>{t('admin.credentials.slips')}</Title>
        <Alert color="yellow" variant="light">
          {t('admin.credentials.onceWarning')}
        </Alert>
        {slips.length === 0 ? (
          <Text>{t('admin.credentials.noneIssued')}</Text>
        ) : (
          <>
            <ScrollBox label={t('admin.credentials.slips')}>
              <Table striped withTableBorder data-testid="slips">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('admin.people.name')}</Table.Th>
                    <Table.Th>{t('admin.credentials.role')}</Table.Th>
                    <Table.Th>{t('admin.people.class')}</Table.Th>
                    <Table.Th>{t('admin.credentials.login')}</Table.Th>
                    <Table.Th>{t('admin.credentials.password')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {slips.map((s) => (
                    <Table.Tr key={s.personId}>
                      <Table.Td>{s.name}</Table.Td>
                      <Table.Td>{s.role}</Table.Td>
                      <Table.Td>{s.className ?? '—'}</Table.Td>
                      <Table.Td ff="monospace">{s.login}</Table.Td>
                      <Table.Td ff="monospace">{s.password}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollBox>
            <Group>
              <Button onClick={onPrint} loading={printing}>
                {t('admin.credentials.print')}
              </Button>
            </Group>
          </>
        )}
        <ErrorAlert error={pdfError} />
        {skipped.length > 0 && (
          <Text size="sm">
            {t('admin.credentials.skipped', { count: skipped.length })}: {skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function AccountsBlock({ classId, onSlip }: { classId?: string; onSlip: (s: Slip) => void }) {
  const t = useT();
  const [q, setQ] = useState('');
  // Only accounts (people with a login), a page at a time: a school's accounts do not fit one answer.
  const filter = { classId, withLogin: true, ...(q.trim().length >= 2 ? { q: q.trim() } : {}) };
  const [page, setPage] = usePage(JSON.stringify(filter));
  const people = usePeoplePage(filter, page);
  const { reset, block } = useAccountActions();
  return (
    <Card mb="lg">
      <Stack>
        <Title order={2}>{t('admin.credentials.accounts')}</Title>
        <TextInput label={t('admin.people.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} maw={360} />
        <ErrorAlert error={reset.error ?? block.error} />
        <QueryState query={people}>
          {(res) => (
            <>
              <Text size="sm" role="status">
                {t('admin.credentials.accountsFound', { count: res.total })}
              </Text>
              <ScrollBox label={t('admin.credentials.accounts')}>
                <Table striped withTableBorder data-testid="accounts">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('admin.people.name')}</Table.Th>
                      <Table.Th>{t('admin.people.class')}</Table.Th>
                      <Table.Th>{t('admin.credentials.login')}</Table.Th>
                      <Table.Th>{t('admin.credentials.actions')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {res.items.map((p) => (
                      <Table.Tr key={p.id}>
                        <Table.Td>{p.name}</Table.Td>
                        <Table.Td>{p.className ?? '—'}</Table.Td>
                        <Table.Td>
                          {p.login}{' '}
                          {p.blocked && (
                            <Badge color="red" variant="light">
                              {t('admin.credentials.blocked')}
                            </Badge>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Group gap="xs" wrap="nowrap">
                            <Button
                              size="xs"
                              variant="light"
                              aria-label={`${t('admin.credentials.reset')}: ${p.name}`}
                              onClick={() => reset.mutate(p.id, { onSuccess: onSlip })}
                            >
                              {t('admin.credentials.reset')}
                            </Button>
                            <Button
                              size="xs"
                              variant="light"
                              color={p.blocked ? 'green' : 'red'}
                              aria-label={`${t(p.blocked ? 'admin.credentials.unblock' : 'admin.credentials.block')}: ${p.name}`}
                              onClick={() => block.mutate({ personId: p.id, blocked: !p.blocked })}
                            >
                              {t(p.blocked ? 'admin.credentials.unblock' : 'admin.credentials.block')}
                            </Button>
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollBox>
              <Pager page={page} total={res.total} pageSize={PEOPLE_PAGE_SIZE} onPage={setPage} label={t('admin.credentials.accounts')} />
            </>
          )}
        </QueryState>
      </Stack>
    </Card>
  );
}
