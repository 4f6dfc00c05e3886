import { useLanguage } from '../../lib/i18n';

/**
 * How the diary writes its dates and averages: «понедельник, 1 сентября», «3,67». API dates are
 * school-calendar days: they are formatted as UTC dates so that no browser time zone shifts them.
 */
export function useDiaryFormat() {
  const { lang } = useLanguage();
  const locale = lang === 'ru' ? 'ru-RU' : 'en-GB';
  const day = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
  const short = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', timeZone: 'UTC' });
  const full = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
  const local = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' });
  const average = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const weight = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const at = (date: string) => new Date(`${date}T00:00:00Z`);
  const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return {
    /** «Понедельник, 1 сентября» */
    day: (date: string) => capital(day.format(at(date))),
    /** «01.09» */
    short: (date: string) => short.format(at(date)),
    /** «01.09.2025» */
    date: (date: string) => full.format(at(date)),
    /** a timestamp (ISO) in the reader's own time */
    instant: (iso: string) => local.format(new Date(iso)),
    average: (value: number) => average.format(value),
    weight: (value: number) => weight.format(value),
  };
}

/** «Контрольная работа «Дроби»», but no «Самостоятельная работа «Самостоятельная работа»». */
export function workLabel(m: { workTypeName: string; workTitle: string | null }): string {
  const title = m.workTitle?.trim();
  if (!title) return m.workTypeName;
  return title.toLowerCase().startsWith(m.workTypeName.toLowerCase()) ? title : `${m.workTypeName} «${title}»`;
}
