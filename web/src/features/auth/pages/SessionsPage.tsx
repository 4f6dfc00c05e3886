import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link, useNavigate } from 'react-router';
import { paths } from '../../../app/paths';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { useT } from '../../../lib/i18n';
import { useCurrentUser, useEndSession } from '../../../lib/session';
import { useEndOneSession, useSessions } from '../api';
import { SessionCard } from '../components/SessionCard';

/** «Мои сеансы»: where the user is signed in, with a way to end any of them, and the security settings. */
export function SessionsPage() {
  const t = useT();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const sessions = useSessions();
  const end = useEndOneSession();
  const forgetUser = useEndSession();

  const endSession = (id: string, current: boolean) =>
    end.mutate(id, {
      onSuccess: () => {
        notifications.show({ color: 'green', message: t('auth.sessions.ended') });
        // Ending this very session is signing out.
        if (current) {
          forgetUser();
          navigate(paths.login, { replace: true });
        }
      },
    });

  return (
    <>
      <PageHeader title={t('auth.sessions.title')} description={t('auth.sessions.intro')} />
      <Stack gap="xl">
        <Stack gap="sm">
          <ErrorAlert error={end.error} />
          <QueryState query={sessions}>
            {(list) =>
              list.length === 0 ? (
                <Text>{t('auth.sessions.empty')}</Text>
              ) : (
                <Stack gap="sm" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                  {list.map((s) => (
                    <SessionCard
                      key={s.id}
                      session={s}
                      onEnd={() => endSession(s.id, s.current)}
                      ending={end.isPending && end.variables === s.id}
                    />
                  ))}
                </Stack>
              )
            }
          </QueryState>
        </Stack>
        <Stack gap="xs" component="section" aria-labelledby="security-heading">
          <Title order={2} id="security-heading">
            {t('auth.sessions.security')}
          </Title>
          <Group gap="lg">
            <Anchor component={Link} to={paths.changePassword} state={{ from: paths.sessions }}>
              {t('nav.password')}
            </Anchor>
            {!me.totpEnabled && (
              <Anchor component={Link} to={paths.totpSetup} state={{ from: paths.sessions }}>
                {t('nav.totp')}
              </Anchor>
            )}
          </Group>
        </Stack>
      </Stack>
    </>
  );
}
