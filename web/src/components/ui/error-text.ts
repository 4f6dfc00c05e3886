import { isApiError } from '../../lib/api/client';
import type { MessageKey } from '../../lib/i18n';

/** The text to show for a failed call: the server's Russian message, or ours when it was not reached. */
export function errorText(error: unknown, t: (key: MessageKey) => string): string {
  if (isApiError(error)) {
    if (error.code === 'network') return t('errors.network');
    if (error.message) return error.message;
  }
  return t('errors.unknown');
}
