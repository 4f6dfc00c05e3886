import { Button, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useT } from '../../../lib/i18n';
import { useTeachers } from '../api';
import { FormError, fieldError, showsFields } from '../form-errors';

/**
 * A dialog's form that picks one teacher of the school or none: the class teacher of a class, the substitute
 * of a lesson. The server's refusal is shown at the field (`teacherId`) or above the buttons.
 */
export function TeacherPickForm({
  hint,
  label,
  noneLabel,
  saveLabel,
  initial,
  exclude,
  error,
  pending,
  onSave,
  onCancel,
}: {
  hint: string;
  label: string;
  /** The option that clears the choice. */
  noneLabel: string;
  saveLabel: string;
  initial: string | null;
  /** A teacher not to offer (the lesson's own teacher cannot substitute themself). */
  exclude?: string;
  error: unknown;
  pending: boolean;
  onSave: (teacherId: string | null) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const teachers = useTeachers();
  const [teacherId, setTeacherId] = useState(initial ?? '');
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSave(teacherId || null);
      }}
    >
      <Stack>
        <Text size="sm">{hint}</Text>
        <NativeSelect
          label={label}
          value={teacherId}
          onChange={(e) => setTeacherId(e.currentTarget.value)}
          data={[
            { value: '', label: noneLabel },
            ...(teachers.data?.items ?? []).filter((p) => p.id !== exclude).map((p) => ({ value: p.id, label: p.name })),
          ]}
          error={fieldError(error, 'teacherId')}
        />
        <FormError error={error} shows={showsFields('teacherId')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={pending}>
            {saveLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
