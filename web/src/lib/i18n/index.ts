import { useContext } from 'react';
import { I18nContext, type I18nValue } from './I18nProvider';

export { I18nProvider } from './I18nProvider';
export type { Language, MessageKey } from './messages';
export { LANGUAGES } from './messages';

function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useT() must be used inside <I18nProvider>');
  return value;
}

/** The translate function of the current language: t('auth.login.title'), t('count.students', {count}). */
export function useT() {
  return useI18n().t;
}

/** The current language and its switch (the header's language control). */
export function useLanguage() {
  const { lang, setLang } = useI18n();
  return { lang, setLang };
}

/** Date and number formatters of the current language. */
export function useFormat() {
  return useI18n().fmt;
}
