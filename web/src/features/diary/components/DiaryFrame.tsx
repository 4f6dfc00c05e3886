import { Button, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import type { DiaryPerson } from '../../../app/registry';
import { type MessageKey, useT } from '../../../lib/i18n';
import { useDiaryChild } from '../child';
import { diaryPaths } from '../paths';
import { ChildSwitcher } from './ChildSwitcher';

const SECTIONS: { to: string; label: MessageKey; end?: boolean }[] = [
  { to: diaryPaths.week, label: 'diary.tabs.week', end: true },
  { to: diaryPaths.subjects, label: 'diary.tabs.subjects' },
  { to: diaryPaths.finals, label: 'diary.tabs.finals' },
  { to: diaryPaths.homework, label: 'diary.tabs.homework' },
  { to: diaryPaths.calendar, label: 'diary.tabs.calendar' },
];

/**
 * Every diary page: the child switch at the top (parents), the page's heading, the diary's sections
 * (links that keep the chosen child), then the page itself for the chosen pupil.
 */
export function DiaryFrame({ title, children }: { title: (person: DiaryPerson) => string; children: (person: DiaryPerson) => ReactNode }) {
  const t = useT();
  const { people, current, choose } = useDiaryChild();
  const { pathname } = useLocation();
  if (!current) {
    return (
      <Stack gap="md">
        <Title order={1}>{t('nav.diary')}</Title>
        <Text>{t('diary.noPupil')}</Text>
      </Stack>
    );
  }
  const withChild = (to: string) => `${to}?child=${encodeURIComponent(current.id)}`;
  return (
    <Stack gap="md">
      <ChildSwitcher people={people} current={current} onChange={choose} />
      <Stack gap={2}>
        <Title order={1} style={{ fontSize: 'clamp(1.35rem, 5vw, 1.75rem)' }}>
          {title(current)}
        </Title>
        <Text c="dimmed" size="sm">
          {[current.className, current.schoolName].filter(Boolean).join(' · ')}
        </Text>
      </Stack>
      <Group component="nav" aria-label={t('diary.tabs.label')} gap={6} wrap="wrap">
        {SECTIONS.map((s) => {
          const active = s.end ? pathname === s.to : pathname.startsWith(s.to);
          return (
            <Button
              key={s.to}
              component={Link}
              to={withChild(s.to)}
              size="compact-sm"
              variant={active ? 'filled' : 'light'}
              aria-current={active ? 'page' : undefined}
            >
              {t(s.label)}
            </Button>
          );
        })}
      </Group>
      <div key={current.id}>{children(current)}</div>
    </Stack>
  );
}
