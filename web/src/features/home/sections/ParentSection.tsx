import { Stack, Tabs, Text } from '@mantine/core';
import { useState } from 'react';
import type { DiaryPerson } from '../../../app/registry';
import { useT } from '../../../lib/i18n';
import { useCurrentUser } from '../../../lib/session';
import { readLocal, writeLocal } from '../../../lib/storage/local';
import { DiaryBlock } from '../components/DiaryBlock';
import { HomeSection } from '../components/HomeSection';
import { PersonCard } from '../components/PersonCard';

/** Names come as «Фамилия Имя»; siblings share the surname, so the tab shows the first name and class. */
function tabLabel(child: DiaryPerson) {
  const [, ...given] = child.name.split(' ');
  const first = given.join(' ') || child.name;
  return child.className ? `${first}, ${child.className}` : first;
}

/** The chosen child is remembered per account, so a shared family computer opens the right one. */
function useChosenChild(accountId: string, children: DiaryPerson[]) {
  const key = `journal.child.${accountId}`;
  const [chosen, setChosen] = useState<string | null>(() => readLocal(key));
  const valid = children.some((c) => c.id === chosen) ? chosen : (children[0]?.id ?? null);
  const choose = (id: string | null) => {
    if (!id) return;
    writeLocal(key, id);
    setChosen(id);
  };
  return [valid, choose] as const;
}

/** «Дневник ребёнка»: a switch between the children (when there are several) and the chosen child's diary. */
export function ParentSection() {
  const t = useT();
  const me = useCurrentUser();
  const [childId, choose] = useChosenChild(me.id, me.children);

  if (me.children.length === 0) {
    return (
      <HomeSection title={t('home.parent.title')} testId="home-parent">
        <Text>{t('home.parent.empty')}</Text>
      </HomeSection>
    );
  }

  return (
    <HomeSection title={t('home.parent.title')} testId="home-parent">
      <Tabs value={childId} onChange={choose} variant="pills" keepMounted={false} activateTabWithKeyboard>
        {me.children.length > 1 && (
          <Tabs.List aria-label={t('home.parent.choose')} mb="md">
            {me.children.map((c) => (
              <Tabs.Tab key={c.id} value={c.id} data-child-id={c.id}>
                {tabLabel(c)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        )}
        {me.children.map((c) => (
          <Tabs.Panel key={c.id} value={c.id}>
            <Stack gap="md">
              <PersonCard person={c} />
              <DiaryBlock person={c} />
            </Stack>
          </Tabs.Panel>
        ))}
      </Tabs>
    </HomeSection>
  );
}
