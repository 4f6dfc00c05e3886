import { useFormat } from '../../lib/i18n';

/** Figures as the reports show them: «85,7 %», a dash where there is none, a sign on changes. */
export function useFigures() {
  const fmt = useFormat();
  const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : fmt.number(v));
  return {
    num,
    pct: (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${fmt.number(v)}\u00a0%`),
    change: (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v > 0 ? '+' : ''}${fmt.number(v)}`),
    date: (v: string) => fmt.date(v),
  };
}

/** Colours of chart series: the theme's primary and two contrasting ones. */
export const SERIES_COLORS = ['var(--mantine-primary-color-filled)', 'var(--mantine-color-orange-7)', 'var(--mantine-color-teal-7)'];
