import { describe, expect, it } from 'vitest';
import { countRu, numberInWordsRu, PAGE_FORMS, pluralRu, SHEET_FORMS } from '../../../src/domain/russian-plural';

describe('[004 class teacher] [002 §4.1] the count of sheets on the binding certificate agrees with the noun', () => {
  it.each([
    [0, 'листов'],
    [1, 'лист'],
    [2, 'листа'],
    [4, 'листа'],
    [5, 'листов'],
    [11, 'листов'],
    [12, 'листов'],
    [14, 'листов'],
    [15, 'листов'],
    [20, 'листов'],
    [21, 'лист'],
    [22, 'листа'],
    [25, 'листов'],
    [101, 'лист'],
    [111, 'листов'],
    [112, 'листов'],
    [122, 'листа'],
    [1001, 'лист'],
    [1011, 'листов'],
  ])('%d %s', (n, form) => {
    expect(pluralRu(n, SHEET_FORMS)).toBe(form);
  });

  it('pages: 1 страница, 3 страницы, 45 страниц', () => {
    expect(countRu(1, PAGE_FORMS)).toBe('1 страница');
    expect(countRu(3, PAGE_FORMS)).toBe('3 страницы');
    expect(countRu(45, PAGE_FORMS)).toBe('45 страниц');
    expect(countRu(211, PAGE_FORMS)).toBe('211 страниц');
  });

  it('a fraction takes the genitive singular and the sign is ignored', () => {
    expect(pluralRu(2.5, SHEET_FORMS)).toBe('листа');
    expect(pluralRu(-21, SHEET_FORMS)).toBe('лист');
    expect(pluralRu(Number.NaN, SHEET_FORMS)).toBe('листов');
  });
});

describe('[004 class teacher] the number of sheets in words («цифрами и прописью»)', () => {
  it.each([
    [0, 'masculine', 'ноль'],
    [1, 'masculine', 'один'],
    [1, 'feminine', 'одна'],
    [2, 'feminine', 'две'],
    [1, 'neuter', 'одно'],
    [10, 'masculine', 'десять'],
    [13, 'masculine', 'тринадцать'],
    [40, 'masculine', 'сорок'],
    [61, 'masculine', 'шестьдесят один'],
    [100, 'masculine', 'сто'],
    [112, 'masculine', 'сто двенадцать'],
    [245, 'masculine', 'двести сорок пять'],
    [999, 'masculine', 'девятьсот девяносто девять'],
    [1000, 'masculine', 'одна тысяча'],
    [2021, 'masculine', 'две тысячи двадцать один'],
    [5000, 'masculine', 'пять тысяч'],
    [11_002, 'feminine', 'одиннадцать тысяч две'],
    [21_000, 'masculine', 'двадцать одна тысяча'],
    [999_999, 'masculine', 'девятьсот девяносто девять тысяч девятьсот девяносто девять'],
  ] as const)('%d (%s) → %s', (n, gender, words) => {
    expect(numberInWordsRu(n, gender)).toBe(words);
  });

  it('refuses what it cannot say', () => {
    expect(() => numberInWordsRu(-1)).toThrow(RangeError);
    expect(() => numberInWordsRu(1.5)).toThrow(RangeError);
    expect(() => numberInWordsRu(1_000_000)).toThrow(RangeError);
  });
});
