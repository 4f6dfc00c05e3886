import { notifications } from '@mantine/notifications';
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, isApiError, type Me, setCsrfToken, unwrap } from '../api/client';

export const ME_KEY = ['me'] as const;

/** Who is signed in; `null` when nobody is (the API answered 401). */
export const meQuery = queryOptions({
  queryKey: ME_KEY,
  queryFn: async (): Promise<Me | null> => {
    try {
      return await unwrap(api.GET('/api/me'));
    } catch (e) {
      if (isApiError(e) && e.status === 401) return null;
      throw e;
    }
  },
  staleTime: 5 * 60_000,
  retry: (count, e) => !(isApiError(e) && e.status > 0) && count < 2,
});

export function useMe() {
  return useQuery(meQuery);
}

/** The signed-in user; only for components rendered behind the session guard. */
export function useCurrentUser(): Me {
  const { data } = useQuery(meQuery);
  if (!data) throw new Error('useCurrentUser() outside the session guard');
  return data;
}

/** Starts a signed-in session in the app from the sign-in answer (no extra /api/me round trip). */
export function useStartSession() {
  const client = useQueryClient();
  return useCallback(
    (user: Me, csrfToken: string) => {
      setCsrfToken(csrfToken);
      // Data of a previous user must never show to the next one on a shared school computer.
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      client.setQueryData(ME_KEY, user);
    },
    [client],
  );
}

/** Forgets everything the app knew about the user. */
export function useEndSession() {
  const client = useQueryClient();
  return useCallback(() => {
    setCsrfToken(null);
    client.clear();
    notifications.clean();
    client.setQueryData(ME_KEY, null);
  }, [client]);
}
