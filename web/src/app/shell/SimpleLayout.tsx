import { Box, Container, Group } from '@mantine/core';
import { Outlet } from 'react-router';
import { Brand } from './Brand';
import { LanguageSwitch } from './LanguageSwitch';
import { LogoutButton } from './LogoutButton';

/**
 * A plain frame for the sign-in page and the forced account steps: no menu, because nothing else
 * is usable yet. Signed-in users (forced steps) can still sign out.
 */
export function SimpleLayout({ withLogout = false }: { withLogout?: boolean }) {
  return (
    <Box mih="100dvh" bg="gray.0">
      <Box component="header" bg="white" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Group h={60} px="md" justify="space-between" wrap="nowrap">
          <Brand />
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch />
            {withLogout && <LogoutButton />}
          </Group>
        </Group>
      </Box>
      <Container component="main" id="main" tabIndex={-1} size={480} px="md" py="xl" style={{ outline: 'none' }}>
        <Outlet />
      </Container>
    </Box>
  );
}
