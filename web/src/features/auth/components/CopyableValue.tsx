import { Button, Code, CopyButton, Stack, Text } from '@mantine/core';
import { useT } from '../../../lib/i18n';

/**
 * A value the user must carry to another device: shown large enough to type, and copyable.
 * `display` is how it reads (grouped), `value` what is copied; `breakAnywhere` for long URLs.
 */
export function CopyableValue({
  label,
  value,
  display,
  testId,
  breakAnywhere = false,
}: {
  label: string;
  value: string;
  display?: string;
  testId?: string;
  breakAnywhere?: boolean;
}) {
  const t = useT();
  return (
    <Stack gap={6} align="flex-start">
      <Text fw={700}>{label}</Text>
      <Code
        block
        data-testid={testId}
        w="100%"
        style={{
          whiteSpace: 'pre-wrap',
          wordBreak: breakAnywhere ? 'break-all' : 'normal',
          fontSize: breakAnywhere ? '0.875rem' : '1.125rem',
        }}
      >
        {display ?? value}
      </Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Button variant="light" size="xs" onClick={copy} aria-label={`${t('common.copy')}: ${label}`}>
            {copied ? t('common.copied') : t('common.copy')}
          </Button>
        )}
      </CopyButton>
    </Stack>
  );
}
