import { Button, Group, Paper, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type ChangeEvent, type FormEvent, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { returnPath } from '../../../app/paths';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { PasswordField } from '../../../components/ui/PasswordField';
import { isApiError } from '../../../lib/api/client';
import { useT } from '../../../lib/i18n';
import { useCurrentUser } from '../../../lib/session';
import { useChangePassword } from '../api';

// The server's rule (passwords.ts MIN_PASSWORD_LENGTH); checked here too so the common mistake needs no round trip.
const MIN_LENGTH = 8;

/** Own password change; forced after sign-in with a password the administrator issued. */
export function ChangePasswordPage() {
  const t = useT();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const location = useLocation();
  const change = useChangePassword();
  const [form, setForm] = useState({ current: '', next: '', repeat: '' });
  const [checked, setChecked] = useState(false);
  const forced = me.mustChangePassword;

  const localErrors = {
    current: form.current ? undefined : t('auth.login.required'),
    next: form.next.length >= MIN_LENGTH ? undefined : t('auth.password.tooShort'),
    repeat: form.repeat === form.next ? undefined : t('auth.password.mismatch'),
  };
  const server = isApiError(change.error) ? change.error : null;
  const shown = (field: keyof typeof localErrors, serverField: string) =>
    (checked ? localErrors[field] : undefined) ?? server?.fieldMessage(serverField);

  const leave = () => navigate(returnPath(location.state), { replace: true });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (Object.values(localErrors).some(Boolean)) return;
    change.mutate(
      { currentPassword: form.current, newPassword: form.next },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t('auth.password.done') });
          leave();
        },
      },
    );
  };

  const input = (field: keyof typeof form) => ({
    value: form[field],
    onChange: (e: ChangeEvent<HTMLInputElement>) => {
      const value = e.currentTarget.value;
      setForm((f) => ({ ...f, [field]: value }));
    },
  });

  return (
    <>
      <PageHeader title={t('auth.password.title')} description={forced ? t('auth.password.forced') : t('auth.password.voluntary')} />
      <Paper withBorder p={{ base: 'md', sm: 'xl' }} shadow="xs">
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            {server && !server.fields.length && <ErrorAlert error={server} />}
            <PasswordField
              label={t('auth.password.current')}
              autoComplete="current-password"
              autoFocus
              required
              error={shown('current', 'currentPassword')}
              {...input('current')}
            />
            <PasswordField
              label={t('auth.password.new')}
              description={t('auth.password.hint')}
              autoComplete="new-password"
              required
              error={shown('next', 'newPassword')}
              {...input('next')}
            />
            <PasswordField
              label={t('auth.password.repeat')}
              autoComplete="new-password"
              required
              error={shown('repeat', 'repeat')}
              {...input('repeat')}
            />
            <Group justify="flex-end" gap="sm">
              {!forced && (
                <Button variant="default" onClick={leave}>
                  {t('common.cancel')}
                </Button>
              )}
              <Button type="submit" loading={change.isPending}>
                {t('auth.password.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </>
  );
}
