import { AppShell } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useEffect } from 'react';
import { Outlet, useLocation } from 'react-router';
import { useT } from '../../lib/i18n';
import { AppHeader } from './AppHeader';
import { AppNavbar } from './AppNavbar';

/** The signed-in frame: header, role-based menu (a drawer behind the burger on phones), the page. */
export function AppLayout() {
  const t = useT();
  const [navOpened, nav] = useDisclosure(false);
  const isPhone = useMediaQuery('(max-width: 47.99em)') ?? false;
  const { pathname } = useLocation();
  const closeNav = nav.close;

  // The phone menu closes once a page is chosen in it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the effect is about the page changing, so pathname is its trigger
  useEffect(() => {
    closeNav();
  }, [pathname, closeNav]);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 264, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding={{ base: 'sm', sm: 'lg' }}
    >
      <AppShell.Header>
        <AppHeader navOpened={navOpened} onToggleNav={nav.toggle} />
      </AppShell.Header>
      {/* A closed phone menu is only moved off-screen by Mantine; inert keeps Tab out of it. */}
      <AppShell.Navbar id="app-navbar" aria-label={t('shell.mainNav')} inert={isPhone && !navOpened}>
        <AppNavbar />
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1} style={{ outline: 'none' }} bg="gray.0">
        <div style={{ maxWidth: 1100, margin: '0 auto' }}>
          <Outlet />
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
