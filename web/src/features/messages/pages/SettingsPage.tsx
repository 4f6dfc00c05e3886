import { Alert, Button, Card, Checkbox, Group, NumberInput, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { isApiError } from '../../../lib/api/client';
import { type MessageKey, useT } from '../../../lib/i18n';
import {
  type Preferences,
  type PreferencesInput,
  useBlock,
  useBlocks,
  useMyConsents,
  usePreferences,
  useRecordConsent,
  useSavePreferences,
} from '../api';

const KINDS: PreferencesInput['kinds'] = ['mark', 'absence', 'homework', 'final_mark', 'message', 'announcement'];

/**
 * What the family receives and how [issue 7]: channels (e-mail, SMS — only with consent [003 §5.2]),
 * kinds of events, a daily digest, quiet hours, the weekly letter; consents; blocked senders.
 */
export function SettingsPage() {
  const t = useT();
  const prefs = usePreferences();
  return (
    <>
      <PageHeader title={t('notifications.settings.title')} description={t('notifications.settings.description')} />
      <Stack gap="lg">
        <QueryState query={prefs}>
          {(list) => (
            <Stack gap="lg">
              {list.map((p) => (
                <PreferencesForm key={p.schoolId} prefs={p} showSchool={list.length > 1} />
              ))}
            </Stack>
          )}
        </QueryState>
        <MyConsents />
        <BlockedSenders />
      </Stack>
    </>
  );
}

function PreferencesForm({ prefs, showSchool }: { prefs: Preferences; showSchool: boolean }) {
  const t = useT();
  const save = useSavePreferences();
  const [form, setForm] = useState<PreferencesInput>({
    email: prefs.email,
    sms: prefs.sms,
    kinds: prefs.kinds as PreferencesInput['kinds'],
    digest: prefs.digest,
    digestHour: prefs.digestHour,
    quietStart: prefs.quietStart,
    quietEnd: prefs.quietEnd,
    weeklyReport: prefs.weeklyReport,
  });
  const quiet = form.quietStart !== null;
  const server = isApiError(save.error) ? save.error : null;
  const set = <K extends keyof PreferencesInput>(k: K, v: PreferencesInput[K]) => setForm((f) => ({ ...f, [k]: v }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      { schoolId: prefs.schoolId, prefs: form },
      { onSuccess: () => notifications.show({ color: 'green', message: t('notifications.settings.saved') }) },
    );
  };
  return (
    <Card withBorder component="section" aria-labelledby={`prefs-${prefs.schoolId}`}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Title order={2} size="h3" id={`prefs-${prefs.schoolId}`}>
            {showSchool ? prefs.schoolName : t('notifications.settings.channels')}
          </Title>
          {server && !server.fields.length && <ErrorAlert error={server} />}
          {prefs.isParent && (!prefs.emailConsent || !prefs.smsConsent) && (
            <Alert color="yellow">{t('notifications.settings.needConsent')}</Alert>
          )}
          <Group gap="xl">
            <Switch
              label={t('notifications.settings.email')}
              description={prefs.hasEmailAddress ? undefined : t('notifications.settings.noEmail')}
              checked={form.email}
              onChange={(e) => set('email', e.currentTarget.checked)}
            />
            <Switch
              label={t('notifications.settings.sms')}
              description={prefs.hasPhone ? undefined : t('notifications.settings.noPhone')}
              checked={form.sms}
              onChange={(e) => set('sms', e.currentTarget.checked)}
            />
          </Group>
          <Checkbox.Group
            label={t('notifications.settings.kinds')}
            value={form.kinds}
            onChange={(v) => set('kinds', v as PreferencesInput['kinds'])}
            error={server?.fieldMessage('kinds')}
          >
            <Group gap="md" mt="xs">
              {KINDS.map((k) => (
                <Checkbox key={k} value={k} label={t(`notifications.kind.${k}` as MessageKey)} />
              ))}
            </Group>
          </Checkbox.Group>
          <Group gap="md" align="flex-end">
            <Switch
              label={t('notifications.settings.digest')}
              checked={form.digest}
              onChange={(e) => set('digest', e.currentTarget.checked)}
            />
            {form.digest && (
              <NumberInput
                label={t('notifications.settings.digestHour')}
                min={0}
                max={23}
                value={form.digestHour}
                onChange={(v) => set('digestHour', typeof v === 'number' ? v : 19)}
                w={160}
              />
            )}
          </Group>
          <Group gap="md" align="flex-end">
            <Switch
              label={t('notifications.settings.quiet')}
              checked={quiet}
              onChange={(e) =>
                setForm((f) => ({
                  ...f,
                  quietStart: e.currentTarget.checked ? '21:00' : null,
                  quietEnd: e.currentTarget.checked ? '08:00' : null,
                }))
              }
            />
            {quiet && (
              <>
                <TextInput
                  type="time"
                  label={t('notifications.settings.quietFrom')}
                  value={form.quietStart ?? ''}
                  onChange={(e) => set('quietStart', e.currentTarget.value)}
                  w={140}
                />
                <TextInput
                  type="time"
                  label={t('notifications.settings.quietTo')}
                  value={form.quietEnd ?? ''}
                  onChange={(e) => set('quietEnd', e.currentTarget.value)}
                  error={server?.fieldMessage('quietEnd')}
                  w={140}
                />
              </>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {t('notifications.settings.finalsNote')}
          </Text>
          {prefs.isParent && (
            <Switch
              label={t('notifications.settings.weekly')}
              description={t('notifications.settings.weeklyHint')}
              checked={form.weeklyReport}
              onChange={(e) => set('weeklyReport', e.currentTarget.checked)}
            />
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              {t('notifications.settings.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** [003 §5.2] a parent's own consents: notifications by e-mail and SMS are given or withdrawn here. */
function MyConsents() {
  const t = useT();
  const consents = useMyConsents();
  const record = useRecordConsent();
  if (!consents.data?.length) return null;
  return (
    <Card withBorder component="section" aria-labelledby="my-consents">
      <Title order={2} size="h3" id="my-consents" mb="sm">
        {t('consent.mine.title')}
      </Title>
      {record.isError && <ErrorAlert error={record.error} />}
      <Stack gap="sm">
        {consents.data.flatMap((parent) =>
          parent.consents.map((c) => (
            <Group key={`${parent.parentId}-${c.purpose}`} justify="space-between" wrap="wrap">
              <Stack gap={0}>
                <Text>{c.purposeName}</Text>
                <Text size="xs" c="dimmed">
                  {t(`consent.status.${c.status}` as MessageKey)}
                  {c.decidedOn ? ` · ${c.decidedOn.split('-').reverse().join('.')}` : ''}
                  {c.document ? ` · ${c.document}` : ''}
                </Text>
              </Stack>
              {c.status === 'given' ? (
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => record.mutate({ parentId: parent.parentId, purpose: c.purpose, status: 'revoked' })}
                >
                  {t('consent.revoke')}
                </Button>
              ) : c.purpose !== 'journal' ? (
                <Button size="xs" onClick={() => record.mutate({ parentId: parent.parentId, purpose: c.purpose, status: 'given' })}>
                  {t('consent.give')}
                </Button>
              ) : (
                <Text size="xs" c="dimmed" maw={260}>
                  {t('consent.journalByPaper')}
                </Text>
              )}
            </Group>
          )),
        )}
      </Stack>
    </Card>
  );
}

function BlockedSenders() {
  const t = useT();
  const blocks = useBlocks();
  const unblock = useBlock();
  if (!blocks.data?.length) return null;
  return (
    <Card withBorder component="section" aria-labelledby="blocked">
      <Title order={2} size="h3" id="blocked" mb="sm">
        {t('messages.blocks.title')}
      </Title>
      <Stack gap="xs">
        {blocks.data.map((b) => (
          <Group key={b.personId} justify="space-between">
            <Text>{b.name}</Text>
            <Button size="xs" variant="default" onClick={() => unblock.mutate({ personId: b.personId, blocked: false })}>
              {t('messages.blocks.unblock')}
            </Button>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}
