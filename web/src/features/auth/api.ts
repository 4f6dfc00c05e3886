import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../lib/api/client';
import { getQuery, invalidatePath } from '../../lib/api/query';
import { ME_KEY, useStartSession } from '../../lib/session';

export interface Credentials {
  login: string;
  password: string;
  totp?: string;
}

/** Signs in; a 401 `auth.totp_required` tells the form to ask for the code and send again. */
export function useSignIn() {
  const startSession = useStartSession();
  return useMutation({
    mutationFn: (body: Credentials) => unwrap(api.POST('/api/auth/login', { body })),
    onSuccess: (res) => startSession(res.user, res.csrfToken),
  });
}

/** A finished forced step changes what the server allows: re-read the user before moving on. */
function useRefreshMe() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ME_KEY });
}

export function useChangePassword() {
  const refreshMe = useRefreshMe();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => unwrap(api.POST('/api/auth/password', { body })),
    onSuccess: refreshMe,
  });
}

export function useTotpSetup() {
  return useMutation({ mutationFn: () => unwrap(api.POST('/api/auth/totp/setup')) });
}

export function useTotpEnable() {
  const refreshMe = useRefreshMe();
  return useMutation({
    mutationFn: (code: string) => unwrap(api.POST('/api/auth/totp/enable', { body: { code } })),
    onSuccess: refreshMe,
  });
}

export function useSessions() {
  return useQuery(getQuery('/api/auth/sessions'));
}

export function useEndOneSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/auth/sessions/{id}', { params: { path: { id } } })),
    onSuccess: () => invalidatePath(client, '/api/auth/sessions'),
  });
}
