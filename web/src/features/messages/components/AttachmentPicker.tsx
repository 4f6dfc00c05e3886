import { Button, CloseButton, FileButton, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { useT } from '../../../lib/i18n';
import { MAX_ATTACHMENT_BYTES, type MessageFile, useUploadAttachment } from '../api';

const ACCEPT =
  '.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.rtf,.txt,.csv,.png,.jpg,.jpeg,.gif,.webp,.zip,.7z,.rar,.mp3,.mp4,.ogg,.wav,.webm';

/** Files attached to a message being written: uploaded at once, sent with the message. */
export function AttachmentPicker({
  files,
  onChange,
  schoolId,
}: {
  files: MessageFile[];
  onChange: (files: MessageFile[]) => void;
  schoolId?: string;
}) {
  const t = useT();
  const upload = useUploadAttachment();
  const [tooBig, setTooBig] = useState<string | null>(null);

  const add = async (picked: File[]) => {
    setTooBig(null);
    let next = files;
    for (const file of picked) {
      if (file.size > MAX_ATTACHMENT_BYTES) {
        setTooBig(t('messages.attach.tooBig', { name: file.name }));
        continue;
      }
      try {
        const saved = await upload.mutateAsync({ file, schoolId });
        next = [...next, saved];
        onChange(next);
      } catch {
        /* shown below from upload.error */
      }
    }
  };

  return (
    <Stack gap={4}>
      <Group gap="sm">
        <FileButton onChange={(f) => void add(f)} multiple accept={ACCEPT}>
          {(props) => (
            <Button {...props} variant="default" size="xs" loading={upload.isPending}>
              {t('messages.attach.add')}
            </Button>
          )}
        </FileButton>
        <Text size="xs" c="dimmed">
          {t('messages.attach.hint')}
        </Text>
      </Group>
      {files.length > 0 && (
        <Stack gap={2} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('messages.attach.list')}>
          {files.map((f) => (
            <Group key={f.id} component="li" gap="xs">
              <Text size="sm">
                {f.name} ({Math.max(1, Math.round(f.size / 1024))} КБ)
              </Text>
              <CloseButton
                size="sm"
                aria-label={t('messages.attach.remove', { name: f.name })}
                onClick={() => onChange(files.filter((x) => x.id !== f.id))}
              />
            </Group>
          ))}
        </Stack>
      )}
      {tooBig && (
        <Text size="sm" c="red" role="alert">
          {tooBig}
        </Text>
      )}
      {upload.isError && <ErrorAlert error={upload.error} />}
    </Stack>
  );
}
