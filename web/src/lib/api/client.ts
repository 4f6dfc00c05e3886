import createClient, { type ClientPathsWithMethod, type MaybeOptionalInit, type MethodResponse, type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Me = Schemas['Me'];
export type Role = Me['schools'][number]['roles'][number];

/** A field the server rejected, with its Russian message (error.details.fields). */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * Every failed call throws this. `message` is the server's Russian text, safe to show as is;
 * status 0 with code `network` means the server was not reached.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The server's message for one field (to show under that input), if it named it. */
  fieldMessage(field: string): string | undefined {
    return this.fields.find((f) => f.field === field)?.message;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken: string | null = null;

/** The CSRF token of the session, from the sign-in answer; cleared on sign-out. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** After a page reload the token is gone from memory: the session cookie lets us ask for it again. */
async function ensureCsrfToken(refresh = false): Promise<string | null> {
  if (csrfToken && !refresh) return csrfToken;
  try {
    const res = await fetch('/api/auth/csrf', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (!res.ok) return null;
    csrfToken = ((await res.json()) as { csrfToken: string }).csrfToken;
  } catch {
    return null;
  }
  return csrfToken;
}

/** Codes that change what the user may do right now: the app re-reads /api/me and the guard reroutes. */
const SESSION_CODES = new Set(['auth.required', 'auth.password_change_required', 'auth.totp_setup_required']);
let sessionListener: ((code: string) => void) | null = null;

/** The app registers one listener: a session that ended or needs a forced step must leave the page. */
export function onSessionChange(listener: (code: string) => void) {
  sessionListener = listener;
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.clone().json();
  } catch {
    body = undefined;
  }
  const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  const details = (err?.details && typeof err.details === 'object' ? err.details : {}) as Record<string, unknown>;
  const fields = Array.isArray(details.fields) ? (details.fields as FieldError[]) : [];
  return new ApiError(
    response.status,
    typeof err?.code === 'string' ? err.code : 'http',
    typeof err?.message === 'string' ? err.message : response.statusText,
    fields,
    details,
  );
}

// Unsafe requests are kept (by request id) so one can be replayed once when the CSRF token went stale
// (another tab signed in again and the session, with its token, changed).
const replayable = new Map<string, Request>();

const middleware: Middleware = {
  async onRequest({ request, id, schemaPath }) {
    if (!UNSAFE.has(request.method) || schemaPath === '/api/auth/login') return request;
    const token = await ensureCsrfToken();
    if (token) request.headers.set('X-CSRF-Token', token);
    replayable.set(id, request.clone());
    return request;
  },
  async onResponse({ response, id, schemaPath }) {
    const original = replayable.get(id);
    replayable.delete(id);
    if (response.ok) return response;
    let error = await toApiError(response);
    if (error.code === 'auth.csrf' && original) {
      const token = await ensureCsrfToken(true);
      if (token) {
        original.headers.set('X-CSRF-Token', token);
        const retried = await fetch(original);
        if (retried.ok) return retried;
        error = await toApiError(retried);
      }
    }
    // The sign-in form handles its own 401s; /api/me answers "not signed in" to the guard directly.
    if (SESSION_CODES.has(error.code) && schemaPath !== '/api/auth/login' && schemaPath !== '/api/me') {
      sessionListener?.(error.code);
    }
    throw error;
  },
  onError({ error }) {
    if (error instanceof ApiError) return error;
    return new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
  },
};

/** The typed API client: paths and bodies come from the server's OpenAPI document. */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(middleware);

type Api = typeof api;
export type GetPath = ClientPathsWithMethod<Api, 'get'>;
export type GetInit<P extends GetPath> = MaybeOptionalInit<paths[P], 'get'>;
export type GetResult<P extends GetPath> = MethodResponse<Api, 'get', P>;

/**
 * The data of a call. Errors never reach here — the middleware threw them as ApiError — so a missing
 * body only means an empty answer.
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown }>): Promise<T> {
  const { data } = await call;
  return data as T;
}
