/**
 * Paths the shell itself must know (the guard sends people there). The auth feature owns the pages;
 * every other path belongs to its feature alone.
 */
export const paths = {
  home: '/',
  login: '/login',
  changePassword: '/account/password',
  totpSetup: '/account/totp',
  sessions: '/account/sessions',
} as const;

/** Router state that carries the page a user asked for through sign-in and forced steps. */
export interface ReturnState {
  from?: string;
}

/** Where to go after sign-in or a forced step: the page asked for, never back to sign-in itself. */
export function returnPath(state: unknown): string {
  const from = (state as ReturnState | null)?.from;
  if (!from?.startsWith('/') || from.startsWith('//') || from.startsWith(paths.login)) return paths.home;
  return from;
}
