import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useT } from '../../../lib/i18n';

/**
 * The page of a server-paged list, back on the first page whenever the filter changes (`filterKey`): a
 * search never lands on page 7 of a shorter list.
 */
export function usePage(filterKey: string): [number, (page: number) => void] {
  const [state, setState] = useState({ key: filterKey, page: 1 });
  const page = state.key === filterKey ? state.page : 1;
  return [page, (p: number) => setState({ key: filterKey, page: p })];
}

/** «Показаны 51–100 из 620» with «Назад» / «Дальше»: nothing of a long list is out of reach. Hidden when one page holds all. */
export function Pager({
  page,
  total,
  pageSize,
  onPage,
  label,
}: {
  page: number;
  total: number;
  pageSize: number;
  onPage: (page: number) => void;
  /** what the list is, for the navigation's name */
  label: string;
}) {
  const t = useT();
  if (total <= pageSize && page === 1) return null;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = Math.min(total, (page - 1) * pageSize + 1);
  const to = Math.min(total, page * pageSize);
  return (
    <Group component="nav" aria-label={t('admin.pager.label', { list: label })} gap="sm" my="xs">
      <Button variant="default" size="xs" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('admin.pager.prev')}
      </Button>
      <Text size="sm" data-testid="pager">
        {t('admin.pager.shown', { from, to, total })}
      </Text>
      <Button variant="default" size="xs" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('admin.pager.next')}
      </Button>
    </Group>
  );
}
