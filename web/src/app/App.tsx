import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useMemo } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { features } from '../features';
import { isApiError, onSessionChange } from '../lib/api/client';
import { I18nProvider, useT } from '../lib/i18n';
import { ME_KEY } from '../lib/session';
import { navigation } from './navigation';
import { collectSlots, type Registry, RegistryProvider } from './registry';
import { buildRoutes } from './routes';
import { cssVariablesResolver, makeTheme } from './theme';

function makeQueryClient() {
  const client = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // A 4xx will not get better by asking again; only network trouble is retried.
        retry: (count, error) => !(isApiError(error) && error.status > 0) && count < 2,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
    queryCache: new QueryCache(),
  });
  // The session ended elsewhere or needs a forced step: re-read who we are; the guard reroutes.
  onSessionChange((code) => {
    if (code === 'auth.required') client.setQueryData(ME_KEY, null);
    else void client.invalidateQueries({ queryKey: ME_KEY });
  });
  return client;
}

const router = createBrowserRouter(buildRoutes(features));
const registry: Registry = { slots: collectSlots(features), navigation };

/** Mantine with the theme of the current language (labels of its built-in buttons). */
function ThemedApp({ queryClient }: { queryClient: QueryClient }) {
  const t = useT();
  const closeLabel = t('common.close');
  const theme = useMemo(() => makeTheme(closeLabel), [closeLabel]);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <Notifications position="bottom-right" autoClose={5000} />
      <QueryClientProvider client={queryClient}>
        <RegistryProvider registry={registry}>
          <RouterProvider router={router} />
        </RegistryProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}

export function App() {
  const queryClient = useMemo(makeQueryClient, []);
  return (
    <I18nProvider>
      <ThemedApp queryClient={queryClient} />
    </I18nProvider>
  );
}
