import { Anchor, Button, Group, List, Paper, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { returnPath } from '../../../app/paths';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { isApiError } from '../../../lib/api/client';
import { useT } from '../../../lib/i18n';
import { useCurrentUser } from '../../../lib/session';
import { useTotpEnable, useTotpSetup } from '../api';
import { CopyableValue } from '../components/CopyableValue';

/** Base32 secrets are read aloud and typed by hand: groups of four are easier to keep track of. */
export const groupSecret = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

/**
 * Enrolment in two-factor sign-in: a new secret from the server, shown as text (and as the otpauth://
 * link a phone can open), then a first code to prove the app has it. Forced for roles that require it.
 */
export function TotpSetupPage() {
  const t = useT();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const location = useLocation();
  const setup = useTotpSetup();
  const enable = useTotpEnable();
  const [code, setCode] = useState('');
  const [checked, setChecked] = useState(false);
  const forced = me.totpSetupRequired;
  const leave = () => navigate(returnPath(location.state), { replace: true });

  if (me.totpEnabled && !forced) {
    return (
      <>
        <PageHeader title={t('auth.totp.title')} description={t('auth.totp.alreadyEnabled')} />
        <Button variant="light" onClick={leave}>
          {t('common.back')}
        </Button>
      </>
    );
  }

  const codeOk = /^\d{6}$/.test(code);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (!codeOk) return;
    enable.mutate(code, {
      onSuccess: () => {
        notifications.show({ color: 'green', message: t('auth.totp.enabled') });
        leave();
      },
    });
  };
  const serverCodeError = isApiError(enable.error) ? (enable.error.fieldMessage('code') ?? enable.error.message) : undefined;

  return (
    <>
      <PageHeader title={t('auth.totp.title')} description={forced ? t('auth.totp.forced') : t('auth.totp.voluntary')} />
      <Paper withBorder p={{ base: 'md', sm: 'xl' }} shadow="xs">
        <Stack gap="lg">
          <List type="ordered" spacing="xs">
            <List.Item>{t('auth.totp.step1')}</List.Item>
            <List.Item>{t('auth.totp.step2')}</List.Item>
            <List.Item>{t('auth.totp.step3')}</List.Item>
          </List>
          <ErrorAlert error={setup.error} />
          {!setup.data ? (
            <Group>
              <Button onClick={() => setup.mutate()} loading={setup.isPending}>
                {t('auth.totp.start')}
              </Button>
              {!forced && (
                <Button variant="default" onClick={leave}>
                  {t('common.cancel')}
                </Button>
              )}
            </Group>
          ) : (
            <>
              <CopyableValue
                label={t('auth.totp.secret')}
                value={setup.data.secret}
                display={groupSecret(setup.data.secret)}
                testId="totp-secret"
              />
              <CopyableValue label={t('auth.totp.url')} value={setup.data.otpauthUrl} testId="totp-url" breakAnywhere />
              {/* On the phone itself the otpauth:// link opens the authenticator app directly. */}
              <Anchor href={setup.data.otpauthUrl} hiddenFrom="sm">
                {t('auth.totp.openInApp')}
              </Anchor>
              <form onSubmit={submit} noValidate>
                <Stack gap="md">
                  <TextInput
                    label={t('auth.totp.code')}
                    autoComplete="one-time-code"
                    inputMode="numeric"
                    pattern="[0-9]*"
                    maxLength={6}
                    required
                    value={code}
                    onChange={(e) => setCode(e.currentTarget.value.replace(/\s/g, ''))}
                    error={(checked && !codeOk ? t('auth.totp.codeFormat') : undefined) ?? serverCodeError}
                  />
                  <Group justify="flex-end">
                    <Button type="submit" loading={enable.isPending}>
                      {t('auth.totp.submit')}
                    </Button>
                  </Group>
                </Stack>
              </form>
            </>
          )}
        </Stack>
      </Paper>
    </>
  );
}
