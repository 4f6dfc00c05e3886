import { Alert, Select } from '@mantine/core';
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { QueryState } from '../../../components/ui/QueryState';
import { type MessageKey, useT } from '../../../lib/i18n';
import { useYears, type Year } from '../api';

export interface PickedYear {
  /** The `?yearId=` of the address; null = the current year (what the API reads by default). */
  yearId: string | null;
  /** The shown year once the years are loaded (the current one when none is asked for). */
  year: Year | undefined;
  /** [002 §4.6] a closed year: everything is shown, nothing may be changed. */
  readOnly: boolean;
  years: ReturnType<typeof useYears>;
  /** Another year: the class picked on the page belonged to the old one, so it is dropped. */
  setYear: (id: string) => void;
  /** The page's address parameters with the year kept (a class picked within the shown year). */
  withYear: (params: Record<string, string>) => Record<string, string>;
  /** A link to another page of the same year: `?yearId=` added unless it is the current year. */
  link: (path: string) => string;
}

/**
 * The year a class page shows, kept in the address as `?yearId=` so a link or a reload keeps it; the current
 * year by default. Earlier years stay readable [002 §4.6] — last year's class lists, loads and movement.
 */
export function usePickedYear(): PickedYear {
  const years = useYears();
  const [search, setSearch] = useSearchParams();
  const yearId = search.get('yearId');
  const year = years.data?.find((y) => (yearId ? y.id === yearId : y.status === 'current'));
  // Stable while the year stays: a page's effect may depend on it.
  const withYear = useCallback((params: Record<string, string>) => (yearId ? { ...params, yearId } : params), [yearId]);
  return {
    yearId,
    year,
    readOnly: !!year?.readOnly,
    years,
    setYear: (id) => {
      const current = years.data?.find((y) => y.status === 'current');
      setSearch(id === current?.id ? {} : { yearId: id }, { replace: true });
    },
    withYear,
    link: (path) => (yearId ? `${path}${path.includes('?') ? '&' : '?'}yearId=${encodeURIComponent(yearId)}` : path),
  };
}

/** The year select of a class page and, for a closed year, the notice that it is read-only [002 §4.6]. */
export function YearPicker({ picked }: { picked: PickedYear }) {
  const t = useT();
  return (
    <>
      <QueryState query={picked.years}>
        {(list) => (
          <Select
            label={t('admin.years.year')}
            data={list.map((y) => ({ value: y.id, label: `${y.name} — ${t(`admin.years.status.${y.status}` as MessageKey)}` }))}
            value={picked.year?.id ?? null}
            onChange={(v) => v && picked.setYear(v)}
            allowDeselect={false}
            maw={320}
            mb="sm"
          />
        )}
      </QueryState>
      {picked.readOnly && picked.year && (
        <Alert color="gray" variant="light" mb="lg" data-testid="year-read-only">
          {t('admin.yearPicker.closed', { name: picked.year.name })}
        </Alert>
      )}
    </>
  );
}
