import { type QueryClient, queryOptions } from '@tanstack/react-query';
import { api, type GetInit, type GetPath, type GetResult } from './client';

type InitArgs<P extends GetPath> = undefined extends GetInit<P> ? [init?: GetInit<P>] : [init: GetInit<P>];

/** Query keys start with the API path, so a mutation can invalidate everything under one path. */
export function apiKey<P extends GetPath>(path: P, params?: unknown) {
  return params === undefined ? (['api', path] as const) : (['api', path, params] as const);
}

/**
 * TanStack Query options for a typed GET: `useQuery(getQuery('/api/classes'))`,
 * `useQuery(getQuery('/api/classes/{id}/students', { params: { path: { id } } }))`.
 * Errors arrive as ApiError (see client.ts).
 */
export function getQuery<P extends GetPath>(path: P, ...[init]: InitArgs<P>) {
  const params = (init as { params?: unknown } | undefined)?.params;
  // openapi-fetch's per-path init type cannot be re-expressed generically; the public signature keeps it typed.
  const get = api.GET as unknown as (p: string, i?: object) => Promise<{ data?: unknown }>;
  return queryOptions({
    queryKey: apiKey(path, params),
    queryFn: async ({ signal }) => (await get(path, { ...(init ?? {}), signal })).data as GetResult<P>,
  });
}

/** After a change, re-read every query under an API path (and its sub-keys). */
export function invalidatePath(client: QueryClient, path: GetPath) {
  return client.invalidateQueries({ queryKey: ['api', path] });
}
