import { Navigate, Outlet, useLocation } from 'react-router';
import { useMe } from '../lib/session';
import { paths, type ReturnState } from './paths';
import { ErrorScreen, FullPageLoader } from './status-screens';

/**
 * Lets only signed-in users through. Unless `allowPendingSteps`, a user who must change the issued
 * password or enrol TOTP is sent to that step first (the server refuses them everything else anyway).
 * The page they asked for travels along in router state and is opened when they are done.
 */
export function RequireSession({ allowPendingSteps = false }: { allowPendingSteps?: boolean }) {
  const me = useMe();
  const location = useLocation();
  const state: ReturnState = { from: `${location.pathname}${location.search}${location.hash}` };

  if (me.isPending) return <FullPageLoader />;
  if (me.isError) return <ErrorScreen error={me.error} onRetry={() => me.refetch()} />;
  if (!me.data) return <Navigate to={paths.login} replace state={state} />;
  if (!allowPendingSteps) {
    if (me.data.mustChangePassword) return <Navigate to={paths.changePassword} replace state={state} />;
    if (me.data.totpSetupRequired) return <Navigate to={paths.totpSetup} replace state={state} />;
  }
  return <Outlet />;
}
