import { Stack, Text } from '@mantine/core';
import type { Me } from '../../lib/api/client';
import { useT } from '../../lib/i18n';

/** Short names of the user's schools: most people have one; a parent may have children in two. */
export function schoolNames(me: Me): string {
  return [...new Set(me.schools.map((s) => s.shortName || s.name))].join(', ');
}

/** Who is signed in and where; in the header on wide screens, at the top of the menu on phones. */
export function UserSummary({ me, align = 'flex-start' }: { me: Me; align?: 'flex-start' | 'flex-end' }) {
  const t = useT();
  const schools = schoolNames(me);
  return (
    <Stack gap={0} align={align} style={{ minWidth: 0 }}>
      <Text fw={700} size="sm" truncate maw={280} title={t('shell.signedInAs', { name: me.displayName })}>
        {me.displayName}
      </Text>
      {schools && (
        <Text size="xs" c="dimmed" truncate maw={280}>
          {schools}
        </Text>
      )}
    </Stack>
  );
}
