import type { RouteObject } from 'react-router';
import { Outlet } from 'react-router';
import type { Feature } from './feature';
import { FocusOnNavigate } from './focus-on-navigate';
import { RequireSession } from './guards';
import { AppLayout } from './shell/AppLayout';
import { SimpleLayout } from './shell/SimpleLayout';
import { FullPageLoader, NotFoundPage, RouteErrorPage } from './status-screens';

/**
 * The route tree from the features' route lists, in three zones:
 * public (sign-in), account steps (signed in, outside the shell) and the shell (signed in, all steps done).
 */
export function buildRoutes(features: readonly Feature[]): RouteObject[] {
  return [
    {
      element: (
        <>
          <FocusOnNavigate />
          <Outlet />
        </>
      ),
      errorElement: <RouteErrorPage />,
      // Shown while the first page's code (a lazy route) loads.
      HydrateFallback: FullPageLoader,
      children: [
        { element: <SimpleLayout />, children: features.flatMap((f) => f.publicRoutes ?? []) },
        {
          element: <RequireSession allowPendingSteps />,
          children: [{ element: <SimpleLayout withLogout />, children: features.flatMap((f) => f.accountRoutes ?? []) }],
        },
        {
          element: <RequireSession />,
          children: [
            {
              element: <AppLayout />,
              // A page that throws keeps the header and menu, so the user can go elsewhere.
              errorElement: <RouteErrorPage />,
              children: [...features.flatMap((f) => f.routes), { path: '*', element: <NotFoundPage /> }],
            },
          ],
        },
      ],
    },
  ];
}
