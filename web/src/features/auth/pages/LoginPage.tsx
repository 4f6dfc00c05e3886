import { Alert, Button, Paper, Stack, Text, TextInput } from '@mantine/core';
import { type ChangeEvent, type FormEvent, useEffect, useRef, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { returnPath } from '../../../app/paths';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { PasswordField } from '../../../components/ui/PasswordField';
import { isApiError } from '../../../lib/api/client';
import { useT } from '../../../lib/i18n';
import { useMe } from '../../../lib/session';
import { useSignIn } from '../api';

type Field = 'login' | 'password' | 'totp';

/** Sign-in by login and password; asks for the TOTP code only when the server says the account needs it. */
export function LoginPage() {
  const t = useT();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const signIn = useSignIn();
  const [values, setValues] = useState({ login: '', password: '', totp: '' });
  const [needTotp, setNeedTotp] = useState(false);
  const [missing, setMissing] = useState<Set<Field>>(new Set());
  const totpRef = useRef<HTMLInputElement>(null);

  const serverError = signIn.error;
  const totpAsked = isApiError(serverError) && serverError.code === 'auth.totp_required';

  // The code field appears after the first answer; take the cursor there so the user just types.
  useEffect(() => {
    if (needTotp) totpRef.current?.focus();
  }, [needTotp]);

  if (me.data && !signIn.isPending) return <Navigate to={returnPath(location.state)} replace />;

  const set = (field: Field) => (e: ChangeEvent<HTMLInputElement>) => {
    // Read now: React clears currentTarget once the handler returns, before the updater runs.
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [field]: value }));
    setMissing((m) => (m.has(field) ? new Set([...m].filter((f) => f !== field)) : m));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const empty = new Set<Field>(
      (['login', 'password', ...(needTotp ? ['totp' as const] : [])] as Field[]).filter((f) => !values[f].trim()),
    );
    setMissing(empty);
    if (empty.size) return;
    signIn.mutate(
      { login: values.login.trim(), password: values.password, ...(needTotp ? { totp: values.totp.trim() } : {}) },
      {
        onSuccess: () => navigate(returnPath(location.state), { replace: true }),
        onError: (err) => {
          if (isApiError(err) && (err.code === 'auth.totp_required' || err.code === 'auth.totp_invalid')) setNeedTotp(true);
        },
      },
    );
  };

  const fieldError = (field: Field) =>
    missing.has(field) ? t('auth.login.required') : isApiError(serverError) ? serverError.fieldMessage(field) : undefined;

  return (
    <>
      <PageHeader title={t('auth.login.title')} description={t('auth.login.subtitle')} />
      <Paper withBorder p={{ base: 'md', sm: 'xl' }} shadow="xs">
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            {/* The "enter the code" answer is a prompt, not a failure: the code field's hint says it. */}
            {serverError && !totpAsked && <ErrorAlert error={serverError} />}
            {totpAsked && (
              <Alert color="school" variant="light" role="status">
                {serverError.message}
              </Alert>
            )}
            <TextInput
              label={t('auth.login.login')}
              name="login"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              // The one job of this page is to type a login: start there.
              autoFocus
              required
              value={values.login}
              onChange={set('login')}
              error={fieldError('login')}
            />
            <PasswordField
              label={t('auth.login.password')}
              name="password"
              autoComplete="current-password"
              required
              value={values.password}
              onChange={set('password')}
              error={fieldError('password')}
            />
            {needTotp && (
              <TextInput
                ref={totpRef}
                label={t('auth.login.totp')}
                description={t('auth.login.totpHint')}
                name="totp"
                autoComplete="one-time-code"
                inputMode="numeric"
                pattern="[0-9]*"
                maxLength={6}
                required
                value={values.totp}
                onChange={set('totp')}
                error={fieldError('totp')}
              />
            )}
            <Button type="submit" fullWidth loading={signIn.isPending}>
              {t('auth.login.submit')}
            </Button>
            <Text size="sm" c="dimmed">
              {t('auth.login.forgot')}
            </Text>
          </Stack>
        </form>
      </Paper>
    </>
  );
}
