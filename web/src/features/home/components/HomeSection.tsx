import { Stack, Text, Title } from '@mantine/core';
import { type ReactNode, useId } from 'react';

/** One role's block on the home page: its own h2 (tests and screen readers find it by that). */
export function HomeSection({ title, intro, children, testId }: { title: string; intro?: string; children: ReactNode; testId?: string }) {
  const id = useId();
  return (
    <Stack component="section" aria-labelledby={id} gap="md" data-testid={testId}>
      <Stack gap={4}>
        <Title order={2} id={id}>
          {title}
        </Title>
        {intro && <Text c="dimmed">{intro}</Text>}
      </Stack>
      {children}
    </Stack>
  );
}
