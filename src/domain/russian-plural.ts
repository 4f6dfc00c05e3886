/**
 * Russian counted nouns and numbers in words, for documents that state a count in full: the binding
 * certificate of the paper journal «Прошито, пронумеровано и скреплено печатью 61 (шестьдесят один) лист.»
 * [004 class teacher], [002 §4.1]. Pure: no I/O.
 */

/** The three forms of a counted noun: for 1 («лист»), for 2–4 («листа»), for 5–20 and 0 («листов»). */
export type PluralForms = readonly [one: string, few: string, many: string];

export const SHEET_FORMS: PluralForms = ['лист', 'листа', 'листов'];
export const PAGE_FORMS: PluralForms = ['страница', 'страницы', 'страниц'];

/**
 * The form of a noun after a number: 1, 21, 101 → one; 2–4, 22–24 → few; 0, 5–20, 25–30, 111–114 → many.
 * A fractional count takes the «few» form (genitive singular: «2,5 листа»); the sign is ignored.
 */
export function pluralRu(count: number, forms: PluralForms): string {
  if (!Number.isFinite(count)) return forms[2];
  const n = Math.abs(count);
  if (!Number.isInteger(n)) return forms[1];
  const lastTwo = n % 100;
  const last = n % 10;
  if (lastTwo >= 11 && lastTwo <= 14) return forms[2];
  if (last === 1) return forms[0];
  if (last >= 2 && last <= 4) return forms[1];
  return forms[2];
}

/** «23 листа», «1 страница», «0 листов». */
export function countRu(count: number, forms: PluralForms): string {
  return `${count} ${pluralRu(count, forms)}`;
}

export type Gender = 'masculine' | 'feminine' | 'neuter';

const ONES: Record<Gender, string[]> = {
  masculine: ['', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'],
  feminine: ['', 'одна', 'две', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'],
  neuter: ['', 'одно', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'],
};
const TEENS = [
  'десять',
  'одиннадцать',
  'двенадцать',
  'тринадцать',
  'четырнадцать',
  'пятнадцать',
  'шестнадцать',
  'семнадцать',
  'восемнадцать',
  'девятнадцать',
];
const TENS = ['', '', 'двадцать', 'тридцать', 'сорок', 'пятьдесят', 'шестьдесят', 'семьдесят', 'восемьдесят', 'девяносто'];
const HUNDREDS = ['', 'сто', 'двести', 'триста', 'четыреста', 'пятьсот', 'шестьсот', 'семьсот', 'восемьсот', 'девятьсот'];
const THOUSAND_FORMS: PluralForms = ['тысяча', 'тысячи', 'тысяч'];

function below1000(n: number, gender: Gender): string[] {
  const words = [HUNDREDS[Math.floor(n / 100)]];
  const rest = n % 100;
  if (rest >= 10 && rest < 20) words.push(TEENS[rest - 10]);
  else words.push(TENS[Math.floor(rest / 10)], ONES[gender][rest % 10]);
  return words.filter(Boolean);
}

/**
 * A whole number 0…999 999 in words, agreeing with the noun's gender: 61 → «шестьдесят один» (лист),
 * 2 → «две» (страницы), 2 021 → «две тысячи двадцать один». Used next to the digits, as the archival
 * certificate writes a count «цифрами и прописью».
 */
export function numberInWordsRu(count: number, gender: Gender = 'masculine'): string {
  if (!Number.isInteger(count) || count < 0 || count > 999_999) throw new RangeError(`numberInWordsRu: ${count} вне 0…999 999`);
  if (count === 0) return 'ноль';
  const thousands = Math.floor(count / 1000);
  const rest = count % 1000;
  const words: string[] = [];
  // «тысяча» is feminine: «одна тысяча», «две тысячи».
  if (thousands > 0) words.push(...below1000(thousands, 'feminine'), pluralRu(thousands, THOUSAND_FORMS));
  words.push(...below1000(rest, gender));
  return words.join(' ');
}
