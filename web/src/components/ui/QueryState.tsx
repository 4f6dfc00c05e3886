import { Button, Group, Loader, Stack, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useT } from '../../lib/i18n';
import { ErrorAlert } from './ErrorAlert';

/** Loading, error (with «Повторить») or the data — the three states every data block has. */
export function QueryState<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  const t = useT();
  if (query.isPending) {
    return (
      <Group gap="xs" role="status">
        <Loader size="sm" aria-hidden="true" />
        <Text>{t('app.loading')}</Text>
      </Group>
    );
  }
  if (query.isError) {
    return (
      <Stack gap="xs" align="flex-start">
        <ErrorAlert error={query.error} />
        <Button variant="light" size="sm" onClick={() => query.refetch()}>
          {t('errors.retry')}
        </Button>
      </Stack>
    );
  }
  return <>{children(query.data)}</>;
}
