import { Divider, NavLink, ScrollArea, Stack } from '@mantine/core';
import { Link, matchPath, useLocation } from 'react-router';
import { useT } from '../../lib/i18n';
import { useCurrentUser } from '../../lib/session';
import type { NavItem } from '../feature';
import { visibleNavigation } from '../navigation';
import { UserSummary } from './UserSummary';

function NavEntry({ item }: { item: NavItem }) {
  const t = useT();
  const { pathname } = useLocation();
  const active = matchPath({ path: item.to, end: item.end ?? false }, pathname) !== null;
  return (
    <NavLink
      component={Link}
      to={item.to}
      label={t(item.label)}
      active={active}
      aria-current={active ? 'page' : undefined}
      variant="light"
      data-nav-id={item.id}
    />
  );
}

/** The menu: only what the user's roles may use, main sections first, then their account. */
export function AppNavbar() {
  const t = useT();
  const me = useCurrentUser();
  const items = visibleNavigation(me);
  const main = items.filter((i) => (i.group ?? 'main') === 'main');
  const account = items.filter((i) => i.group === 'account');
  return (
    <ScrollArea type="auto" h="100%">
      <Stack gap="xs" p="sm">
        {/* The header has no room for the name on narrow screens; the menu shows it instead. */}
        <Stack hiddenFrom="md" px="sm" pb="xs">
          <UserSummary me={me} />
        </Stack>
        <Stack gap={2} component="ul" aria-label={t('shell.mainNav')} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {main.map((item) => (
            <li key={item.id}>
              <NavEntry item={item} />
            </li>
          ))}
        </Stack>
        {account.length > 0 && (
          <>
            <Divider />
            <Stack gap={2} component="ul" aria-label={t('shell.account')} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {account.map((item) => (
                <li key={item.id}>
                  <NavEntry item={item} />
                </li>
              ))}
            </Stack>
          </>
        )}
      </Stack>
    </ScrollArea>
  );
}
