import { Badge, Button, Group, Select, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import { useFormat, useT } from '../../../lib/i18n';
import { hasRole, useCurrentUser } from '../../../lib/session';
import { type AuditFilter, useAuditPage } from '../api';
import { PersonPicker } from '../components/PersonPicker';
import { AUDIT_KINDS, actionLabel, change, objectKindLabel } from '../labels';

const PAGE = 50;
const FIELDS = ['schoolId', 'action', 'actorPersonId', 'objectId', 'from', 'to'] as const;

/**
 * The audit log of the school, newest first [DOMAIN §1], [DOMAIN §11]: who, when, what, and what it was
 * before. Filters: the kind of action, who did it, whose record it is (a student: their card, marks,
 * absences, final marks), a date range. The filters are in the address, so a search can be linked.
 */
export function AuditPage() {
  const t = useT();
  const f = useFormat();
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const filter = Object.fromEntries(FIELDS.map((k) => [k, params.get(k) ?? undefined]).filter(([, v]) => v)) as AuditFilter;
  const page = Math.max(0, Number(params.get('page') ?? 0) || 0);
  const [draft, setDraft] = useState<AuditFilter>(filter);
  const [names, setNames] = useState<{ actor: string | null; object: string | null }>({ actor: null, object: null });
  const schools = me.schools.filter((s) => s.roles.includes('administrator') || s.roles.includes('director'));
  const schoolId = filter.schoolId ?? (schools.length > 1 ? schools[0].id : undefined);
  const records = useAuditPage({ ...filter, ...(schoolId ? { schoolId } : {}) }, page, PAGE);

  const go = (next: AuditFilter, nextPage = 0) => {
    const p = new URLSearchParams();
    for (const k of FIELDS) if (next[k]) p.set(k, next[k] as string);
    if (nextPage) p.set('page', String(nextPage));
    setParams(p);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go(draft);
  };
  const reset = () => {
    setDraft({});
    setNames({ actor: null, object: null });
    go({});
  };

  return (
    <Stack gap="md">
      <PageHeader title={t('audit.title')} description={t('audit.description')} />
      <form onSubmit={submit} aria-label={t('audit.filters')}>
        <Group align="flex-end" gap="sm" wrap="wrap">
          {schools.length > 1 && hasRole(me, 'administrator', 'director') && (
            <Select
              label={t('audit.school')}
              data={schools.map((s) => ({ value: s.id, label: s.name }))}
              value={draft.schoolId ?? schoolId ?? null}
              onChange={(v) => setDraft({ ...draft, schoolId: v ?? undefined })}
              allowDeselect={false}
            />
          )}
          <Select
            label={t('audit.kind')}
            placeholder={t('audit.anyKind')}
            data={AUDIT_KINDS.map((k) => ({ value: k.value, label: t(k.label) }))}
            value={draft.action ?? null}
            onChange={(v) => setDraft({ ...draft, action: v ?? undefined })}
            searchable
            clearable
            miw={260}
          />
          <PersonPicker
            label={t('audit.actor')}
            value={draft.actorPersonId ?? null}
            knownName={names.actor}
            schoolId={schoolId}
            onChange={(id, name) => {
              setDraft({ ...draft, actorPersonId: id ?? undefined });
              setNames({ ...names, actor: name });
            }}
          />
          <PersonPicker
            label={t('audit.object')}
            value={draft.objectId ?? null}
            knownName={names.object}
            schoolId={schoolId}
            onChange={(id, name) => {
              setDraft({ ...draft, objectId: id ?? undefined });
              setNames({ ...names, object: name });
            }}
          />
          <TextInput
            type="date"
            label={t('audit.from')}
            value={draft.from ?? ''}
            onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value || undefined })}
            w={170}
          />
          <TextInput
            type="date"
            label={t('audit.to')}
            value={draft.to ?? ''}
            onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value || undefined })}
            w={170}
          />
          <Button type="submit">{t('audit.search')}</Button>
          <Button type="button" variant="default" onClick={reset}>
            {t('audit.reset')}
          </Button>
        </Group>
      </form>
      <QueryState query={records}>
        {(rows) => {
          const shown = rows.slice(0, PAGE);
          const hasNext = rows.length > PAGE;
          return (
            <Stack gap="sm">
              <Text role="status" aria-live="polite">
                {shown.length === 0 ? t('audit.empty') : t('audit.shown', { from: page * PAGE + 1, to: page * PAGE + shown.length })}
              </Text>
              {shown.length > 0 && (
                <ScrollBox label={t('audit.table')}>
                  <Table striped withTableBorder data-testid="audit-records">
                    <Table.Caption>{t('audit.caption')}</Table.Caption>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th scope="col">{t('audit.col.when')}</Table.Th>
                        <Table.Th scope="col">{t('audit.col.who')}</Table.Th>
                        <Table.Th scope="col">{t('audit.col.what')}</Table.Th>
                        <Table.Th scope="col">{t('audit.col.object')}</Table.Th>
                        <Table.Th scope="col">{t('audit.col.change')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {shown.map((r) => {
                        const c = change(t, r);
                        return (
                          <Table.Tr key={r.key}>
                            <Table.Td style={{ whiteSpace: 'nowrap' }}>{f.dateTime(r.at)}</Table.Td>
                            <Table.Td>
                              {r.actorName ?? r.actorLogin ?? (r.source === 'auth' ? t('audit.unknownActor') : t('audit.system'))}
                              {r.actorName && r.actorLogin && (
                                <Text size="sm" c="dimmed">
                                  {r.actorLogin}
                                </Text>
                              )}
                            </Table.Td>
                            <Table.Td>
                              {actionLabel(t, r.action)}{' '}
                              {r.source !== 'audit' && (
                                <Badge variant="light" color="gray" size="sm">
                                  {r.source === 'journal' ? t('audit.fromJournal') : t('audit.signIn')}
                                </Badge>
                              )}
                            </Table.Td>
                            <Table.Td>{r.objectName ?? objectKindLabel(t, r.objectKind)}</Table.Td>
                            <Table.Td>
                              {c.before !== null && (
                                <span>
                                  {c.before} <span aria-hidden="true">→</span>
                                  <VisuallyHidden>{t('audit.becomes')}</VisuallyHidden> {c.after}
                                </span>
                              )}
                              {c.note && (
                                <Text size="sm" c="dimmed">
                                  {c.note}
                                </Text>
                              )}
                            </Table.Td>
                          </Table.Tr>
                        );
                      })}
                    </Table.Tbody>
                  </Table>
                </ScrollBox>
              )}
              <Group gap="sm">
                <Button variant="default" disabled={page === 0} onClick={() => go(filter, page - 1)}>
                  {t('audit.previous')}
                </Button>
                <Text>{t('audit.page', { page: page + 1 })}</Text>
                <Button variant="default" disabled={!hasNext} onClick={() => go(filter, page + 1)}>
                  {t('audit.next')}
                </Button>
              </Group>
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}
