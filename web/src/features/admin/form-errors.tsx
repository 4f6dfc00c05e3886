import { Button, Group, Text } from '@mantine/core';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { isApiError } from '../../lib/api/client';
import { useT } from '../../lib/i18n';

/**
 * The server's message for one field of a form. Validation answers name fields in `details.fields`;
 * conflicts (409) name one in `details.field` and carry the message itself.
 */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!isApiError(error)) return undefined;
  return error.fieldMessage(field) ?? (error.details.field === field ? error.message : undefined);
}

/** The fields an error names (both forms above). */
function namedFields(error: unknown): string[] {
  if (!isApiError(error)) return [];
  return [...error.fields.map((f) => f.field), ...(typeof error.details.field === 'string' ? [error.details.field] : [])];
}

/**
 * The alert for a failed form: shown unless every field the server named is shown next to its input
 * (`shows` says which fields the form displays), so no message is lost and none is shown twice.
 */
export function FormError({ error, shows }: { error: unknown; shows: (field: string) => boolean }) {
  const named = namedFields(error);
  if (!error || (named.length > 0 && named.every(shows))) return null;
  return <ErrorAlert error={error} />;
}

/**
 * The end of a form: the refusal not shown at a field (see FormError), what the last submit did (`done`, a
 * status line), then the submit button and «Отмена» (when the form can be left).
 */
export function FormFooter({
  error,
  shows,
  done,
  pending,
  submitLabel,
  onCancel,
}: {
  error: unknown;
  shows: (field: string) => boolean;
  done?: string | null;
  pending: boolean;
  submitLabel: string;
  onCancel?: () => void;
}) {
  const t = useT();
  return (
    <>
      <FormError error={error} shows={shows} />
      {done && (
        <Text role="status" c="var(--mantine-color-green-light-color)">
          {done}
        </Text>
      )}
      <Group>
        <Button type="submit" loading={pending}>
          {submitLabel}
        </Button>
        {onCancel && (
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        )}
      </Group>
    </>
  );
}

/** `shows` for a form with a fixed list of fields (and fields under a prefix, like `periods.2.startsOn`). */
export const showsFields =
  (...fields: string[]) =>
  (field: string) =>
    fields.some((f) => field === f || field.startsWith(`${f}.`));
