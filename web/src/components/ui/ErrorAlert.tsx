import { Alert } from '@mantine/core';
import { useT } from '../../lib/i18n';
import { errorText } from './error-text';

/** A failed call's message, announced to screen readers as soon as it appears. */
export function ErrorAlert({ error }: { error: unknown }) {
  const t = useT();
  if (!error) return null;
  return (
    <Alert color="red" variant="light" role="alert" title={t('errors.title')}>
      {errorText(error, t)}
    </Alert>
  );
}
