import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useT } from '../../lib/i18n';

/** Mantine's password input with the show/hide button named in the user's language (it says English otherwise). */
export function PasswordField(props: PasswordInputProps) {
  const t = useT();
  return <PasswordInput visibilityToggleButtonProps={{ 'aria-label': t('auth.showPassword') }} {...props} />;
}
