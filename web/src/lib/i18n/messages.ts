import type { ru } from './ru';

/** Forms of a plural message, named as Intl.PluralRules names them; `other` is the fallback. */
export interface PluralForms {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

/** Every key of the Russian catalogue; other languages must translate all of them. */
export type MessageKey = keyof typeof ru;

/** The shape a catalogue must have: plain keys are strings, plural keys are PluralForms. */
export type Messages = {
  [K in MessageKey]: (typeof ru)[K] extends string ? string : PluralForms;
};

export type Language = 'ru' | 'en';
export const LANGUAGES: readonly Language[] = ['ru', 'en'];
export const DEFAULT_LANGUAGE: Language = 'ru';

export type MessageVars = Record<string, string | number>;
