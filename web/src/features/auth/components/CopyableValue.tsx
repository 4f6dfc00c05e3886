import { Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { useT } from '../../../lib/i18n';

/**
 * A value the user must carry to another device: shown large enough to type, and copyable.
 * `display` is how it reads (grouped), `value` what is copied.
 */
export function CopyableValue({ label, value, display, testId }: { label: string; value: string; display?: string; testId?: string }) {
  const t = useT();
  return (
    <Stack gap={4}>
      <Text fw={700}>{label}</Text>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <Code block data-testid={testId} style={{ flex: 1, minWidth: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: '1rem' }}>
          {display ?? value}
        </Code>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Button variant="light" size="sm" onClick={copy} aria-label={`${t('common.copy')}: ${label}`}>
              {copied ? t('common.copied') : t('common.copy')}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}
