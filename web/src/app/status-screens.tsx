import { Alert, Button, Center, Container, Loader, Stack, Text, Title } from '@mantine/core';
import { Link, useRouteError } from 'react-router';
import { errorText } from '../components/ui/error-text';
import { useT } from '../lib/i18n';
import { paths } from './paths';

export function FullPageLoader() {
  const t = useT();
  return (
    <Center h="100dvh" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader aria-hidden="true" />
        <Text>{t('app.loading')}</Text>
      </Stack>
    </Center>
  );
}

export function ErrorScreen({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  return (
    <Container size="sm" py="xl">
      <Alert color="red" title={t('errors.title')} role="alert">
        <Stack gap="sm" align="flex-start">
          <Text>{errorText(error, t)}</Text>
          {onRetry && (
            <Button variant="light" onClick={onRetry}>
              {t('errors.retry')}
            </Button>
          )}
        </Stack>
      </Alert>
    </Container>
  );
}

export function NotFoundPage() {
  const t = useT();
  return (
    <Stack gap="md" align="flex-start">
      <Title order={1}>{t('errors.notFoundTitle')}</Title>
      <Text>{t('errors.notFoundText')}</Text>
      <Button component={Link} to={paths.home} variant="light">
        {t('errors.toHome')}
      </Button>
    </Stack>
  );
}

const RELOADED_AT = 'journal.chunkReloadAt';

/**
 * After an upgrade the old page asks for code files that no longer exist. One automatic reload fetches
 * the new version; the time guard stops a reload loop if the file is really missing.
 */
function reloadOnceForNewVersion(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  if (!/dynamically imported module|Importing a module script failed|error loading dynamically imported module/i.test(text)) return false;
  try {
    const last = Number(window.sessionStorage.getItem(RELOADED_AT) ?? 0);
    if (Date.now() - last < 30_000) return false;
    window.sessionStorage.setItem(RELOADED_AT, String(Date.now()));
  } catch {
    return false;
  }
  window.location.reload();
  return true;
}

/** Shown when a page throws while rendering: a plain way out instead of a blank screen. */
export function RouteErrorPage() {
  const t = useT();
  const error = useRouteError();
  if (reloadOnceForNewVersion(error)) return <FullPageLoader />;
  // The console is where a technician looks; the user sees a calm message.
  console.error(error);
  return (
    <Container size="sm" py="xl">
      <Stack gap="md" align="flex-start">
        <Title order={1}>{t('errors.crashTitle')}</Title>
        <Text>{t('errors.crashText')}</Text>
        <Button onClick={() => window.location.reload()}>{t('errors.reload')}</Button>
      </Stack>
    </Container>
  );
}
