import { Burger, Group } from '@mantine/core';
import { useT } from '../../lib/i18n';
import { useCurrentUser } from '../../lib/session';
import { Brand } from './Brand';
import { LanguageSwitch } from './LanguageSwitch';
import { LogoutButton } from './LogoutButton';
import { SkipLink } from './SkipLink';
import { UserSummary } from './UserSummary';

export function AppHeader({ navOpened, onToggleNav }: { navOpened: boolean; onToggleNav: () => void }) {
  const t = useT();
  const me = useCurrentUser();
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
      <SkipLink />
      <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
        <Burger
          opened={navOpened}
          onClick={onToggleNav}
          hiddenFrom="sm"
          size="sm"
          aria-label={navOpened ? t('shell.closeMenu') : t('shell.openMenu')}
          aria-expanded={navOpened}
          aria-controls="app-navbar"
        />
        <Brand />
      </Group>
      <Group gap="md" wrap="nowrap">
        <Group visibleFrom="md" wrap="nowrap">
          <UserSummary me={me} align="flex-end" />
        </Group>
        <LanguageSwitch />
        <LogoutButton />
      </Group>
    </Group>
  );
}
