import { readLocal, writeLocal } from '../storage/local';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from './messages';

const KEY = 'journal.lang';

export function loadLanguage(): Language {
  const saved = readLocal(KEY);
  return saved && (LANGUAGES as readonly string[]).includes(saved) ? (saved as Language) : DEFAULT_LANGUAGE;
}

export function saveLanguage(lang: Language) {
  writeLocal(KEY, lang);
}
