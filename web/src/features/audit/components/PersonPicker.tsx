import { Select } from '@mantine/core';
import { useState } from 'react';
import { useT } from '../../../lib/i18n';
import { usePeopleSearch } from '../api';

/**
 * A person of the school, found by two or more letters of the name (the list comes from the server, so a
 * school of a thousand people loads nothing up front). A combobox: arrows, Enter and Escape work.
 */
export function PersonPicker({
  label,
  value,
  knownName,
  onChange,
  schoolId,
}: {
  label: string;
  value: string | null;
  /** The name of the chosen person when it came from a link, before any search. */
  knownName?: string | null;
  onChange: (id: string | null, name: string | null) => void;
  schoolId?: string;
}) {
  const t = useT();
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(value && knownName ? { value, label: knownName } : null);
  const found = usePeopleSearch(search, schoolId);
  const options = (found.data?.items ?? []).map((p) => ({
    value: p.id,
    label: p.className ? `${p.name} (${p.className})` : `${p.name} — ${p.roles.map((r) => t(`roles.${r}`)).join(', ')}`,
  }));
  const data = chosen && !options.some((o) => o.value === chosen.value) ? [chosen, ...options] : options;
  return (
    <Select
      label={label}
      placeholder={t('audit.personPlaceholder')}
      searchable
      clearable
      data={data}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      // the server already filtered by name: show what it found
      filter={({ options: all }) => all}
      nothingFoundMessage={search.trim().length < 2 ? t('audit.typeTwoLetters') : found.isFetching ? t('app.loading') : t('audit.nobody')}
      onChange={(id, option) => {
        setChosen(option ?? null);
        onChange(id, option?.label ?? null);
      }}
      miw={260}
    />
  );
}
