import type { Language, MessageKey, Messages, MessageVars, PluralForms } from './messages';

const pluralRules = new Map<Language, Intl.PluralRules>();

function pluralCategory(lang: Language, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang);
    pluralRules.set(lang, rules);
  }
  return rules.select(count);
}

function fill(template: string, vars: MessageVars | undefined): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/**
 * Resolves a message: plural forms are chosen by `vars.count` with the language's plural rules
 * (Russian has one/few/many: 1 ученик, 2 ученика, 5 учеников).
 */
export function translate(catalogue: Messages, lang: Language, key: MessageKey, vars?: MessageVars): string {
  const entry = catalogue[key] as string | PluralForms | undefined;
  // A key built at run time (e.g. from a server enum) may be missing: show the key, never crash.
  if (entry === undefined) return key;
  if (typeof entry === 'string') return fill(entry, vars);
  const count = Number(vars?.count ?? 0);
  const form = entry[pluralCategory(lang, count)] ?? entry.other;
  return fill(form, vars);
}

/** Dates as a Russian reader expects them: 01.09.2025, and times in 24 hours. */
export function makeFormatters(lang: Language) {
  const locale = lang === 'ru' ? 'ru-RU' : 'en-GB';
  const date = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' });
  const dateTime = new Intl.DateTimeFormat(locale, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  const number = new Intl.NumberFormat(locale);
  // API dates are ISO dates (YYYY-MM-DD) in the school's calendar: parse them as local dates, not UTC.
  const asDate = (value: string) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00`) : new Date(value));
  return {
    date: (value: string) => date.format(asDate(value)),
    dateTime: (value: string) => dateTime.format(asDate(value)),
    number: (value: number) => number.format(value),
  };
}

export type Formatters = ReturnType<typeof makeFormatters>;
