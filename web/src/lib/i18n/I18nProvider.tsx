import { createContext, type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { en } from './en';
import { type Formatters, makeFormatters, translate } from './format';
import type { Language, MessageKey, Messages, MessageVars } from './messages';
import { ru } from './ru';
import { loadLanguage, saveLanguage } from './storage';

const catalogues: Record<Language, Messages> = { ru, en };

export interface I18nValue {
  lang: Language;
  setLang: (lang: Language) => void;
  t: (key: MessageKey, vars?: MessageVars) => string;
  fmt: Formatters;
}

export const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(loadLanguage);

  // Screen readers pick pronunciation from <html lang>; the title is what tabs and bookmarks show.
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = translate(catalogues[lang], lang, 'app.name');
  }, [lang]);

  const setLang = useCallback((next: Language) => {
    saveLanguage(next);
    setLangState(next);
  }, []);

  const value = useMemo<I18nValue>(
    () => ({
      lang,
      setLang,
      t: (key, vars) => translate(catalogues[lang], lang, key, vars),
      fmt: makeFormatters(lang),
    }),
    [lang, setLang],
  );

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
