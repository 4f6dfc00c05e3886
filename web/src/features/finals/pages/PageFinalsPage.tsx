import { Alert, Anchor, Button, Group, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { isApiError } from '../../../lib/api/client';
import { useFormat, useT } from '../../../lib/i18n';
import { type FinalKind, type FinalsScope, type FinalsView, useConfirmFinals, useFinals } from '../api';
import { FinalsTable } from '../components/FinalsTable';
import { finalsPaths } from '../paths';

const KINDS: readonly FinalKind[] = ['period', 'year', 'exam', 'final'];

/** The scope in the address (?kind=year, ?periodId=…), so a reload or a shared link opens the same view. */
function useScope(): [FinalsScope, (next: FinalsScope) => void] {
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind');
  const scope: FinalsScope = {
    kind: KINDS.includes(kind as FinalKind) ? (kind as FinalKind) : 'period',
    periodId: params.get('periodId') ?? undefined,
  };
  const set = (next: FinalsScope) =>
    setParams(next.kind === 'period' ? (next.periodId ? { periodId: next.periodId } : {}) : { kind: next.kind }, { replace: true });
  return [scope, set];
}

/**
 * The finals screen of one journal page [DOMAIN §6]: per student the system's proposal next to the
 * teacher's decision, «Подтвердить все», a cell to override, the deadline [001 §5.8] and the lock [004].
 */
export function PageFinalsPage() {
  const t = useT();
  const { pageId = '' } = useParams();
  const [scope, setScope] = useScope();
  const finals = useFinals(pageId, scope);
  return (
    <QueryState query={finals}>
      {(view) => (
        <>
          <PageHeader
            title={t('finals.page.title', {
              subject: view.page.subjectName,
              class: view.page.className + (view.page.subgroupName ? ` (${view.page.subgroupName})` : ''),
            })}
            description={t('finals.page.teacher', { name: view.page.teacherName, year: view.page.yearName })}
          />
          <Stack gap="md">
            <Anchor component={Link} to={finalsPaths.pages} size="sm">
              {t('finals.page.back')}
            </Anchor>
            <ScopePicker view={view} onChange={setScope} />
            <ScopeNotices view={view} />
            <ConfirmAll view={view} pageId={pageId} />
            <FinalsTable view={view} pageId={pageId} />
          </Stack>
        </>
      )}
    </QueryState>
  );
}

function ScopePicker({ view, onChange }: { view: FinalsView; onChange: (scope: FinalsScope) => void }) {
  const t = useT();
  const data = [
    ...view.periods.map((p) => ({ value: `period:${p.id}`, label: p.closed ? `${p.name} — ${t('finals.scope.closed')}` : p.name })),
    { value: 'year', label: t('finals.kind.year') },
    { value: 'exam', label: t('finals.kind.exam') },
    { value: 'final', label: t('finals.kind.final') },
  ];
  const value = view.kind === 'period' ? (view.period ? `period:${view.period.id}` : null) : view.kind;
  return (
    <Select
      label={t('finals.scope')}
      data={data}
      value={value}
      allowDeselect={false}
      w={{ base: '100%', xs: 320 }}
      onChange={(v) => {
        if (!v) return;
        onChange(v.startsWith('period:') ? { kind: 'period', periodId: v.slice('period:'.length) } : { kind: v as FinalKind });
      }}
    />
  );
}

/** Why the marks cannot be changed, or the deadline and whether it has passed. */
function ScopeNotices({ view }: { view: FinalsView }) {
  const t = useT();
  const fmt = useFormat();
  return (
    <>
      {view.locked && (
        <Alert color="gray" variant="light" title={t('finals.locked')} data-testid="finals-locked">
          {view.locked.message}
        </Alert>
      )}
      {!view.canWrite && !view.locked && <Text c="dimmed">{t('finals.readOnly')}</Text>}
      {view.deadline && !view.locked && (
        <Text size="sm" c={view.deadline.overdue ? 'orange.9' : undefined}>
          {t(view.deadline.overdue ? 'finals.overdue' : 'finals.deadline', {
            dueBy: fmt.date(view.deadline.dueBy),
            lateAfter: fmt.date(view.deadline.lateAfter),
          })}
        </Text>
      )}
      {view.page.passFail && view.kind === 'period' && <Text size="sm">{t('finals.passFailHint')}</Text>}
    </>
  );
}

/** «Подтвердить все»: every proposal not yet decided becomes the decision, in one request. */
function ConfirmAll({ view, pageId }: { view: FinalsView; pageId: string }) {
  const t = useT();
  const confirm = useConfirmFinals(pageId);
  if (!view.canWrite) return null;
  const pending = view.students.filter((s) => s.proposal && !s.decision);
  const run = () =>
    confirm.mutate(
      { kind: view.kind, periodId: view.period?.id ?? null, items: pending.map((s) => ({ studentId: s.id, version: null })) },
      {
        onSuccess: () =>
          notifications.show({
            color: 'green',
            message: t('finals.confirmed', { count: pending.length }),
            closeButtonProps: { 'aria-label': t('finals.close') },
          }),
      },
    );
  return (
    <Stack gap="xs">
      <Group gap="md">
        <Button onClick={run} loading={confirm.isPending} disabled={pending.length === 0}>
          {t('finals.confirmAll')}
        </Button>
        <Text size="sm" aria-live="polite">
          {pending.length > 0 ? t('finals.toConfirm', { count: pending.length }) : t('finals.allConfirmed')}
        </Text>
      </Group>
      {confirm.error &&
        (isApiError(confirm.error) && confirm.error.code === 'conflict.stale' ? (
          <Alert color="orange" role="alert">
            {t('finals.stale')}
          </Alert>
        ) : (
          <ErrorAlert error={confirm.error} />
        ))}
    </Stack>
  );
}
