import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import type { DiaryPerson } from '../../app/registry';
import { useCurrentUser } from '../../lib/session';
import { readLocal, writeLocal } from '../../lib/storage/local';

/**
 * Whose diary is shown [DOMAIN §7]: the student themself, or the child a parent chose. The choice lives
 * in the URL (`?child=`, so a link or a reload keeps it) and is remembered per account under the same
 * key as the home page's child tabs, so both open on the same child.
 */
export function useDiaryChild() {
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const people: DiaryPerson[] = me.children.length > 0 ? me.children : me.student ? [me.student] : [];
  const storageKey = `journal.child.${me.id}`;
  const asked = params.get('child') ?? readLocal(storageKey);
  const current = people.find((p) => p.id === asked) ?? people[0] ?? null;

  const choose = useCallback(
    (id: string) => {
      writeLocal(storageKey, id);
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          next.set('child', id);
          return next;
        },
        { replace: true },
      );
    },
    [setParams, storageKey],
  );

  return { people, current, choose, isParent: me.children.length > 0 };
}

/** A search parameter of the page (week, period, year), kept alongside `?child=`. */
export function useSearchValue(name: string): [string | null, (value: string | null) => void] {
  const [params, setParams] = useSearchParams();
  const set = useCallback(
    (value: string | null) =>
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        if (value === null) next.delete(name);
        else next.set(name, value);
        return next;
      }),
    [name, setParams],
  );
  return [params.get(name), set];
}

/** Names come as «Фамилия Имя»; siblings share the surname, so the switch shows the first name. */
export function givenName(person: DiaryPerson): string {
  const [, ...given] = person.name.split(' ');
  return given.join(' ') || person.name;
}
