import { Badge, Divider, Group, Stack, Text, Title } from '@mantine/core';
import { Fragment } from 'react';
import type { Me } from '../../lib/api/client';
import { useT } from '../../lib/i18n';
import { allows, isClassTeacher, rolesOf, useCurrentUser } from '../../lib/session';
import { homeSections } from './sections';

function RoleBadges({ me }: { me: Me }) {
  const t = useT();
  const roles = [...rolesOf(me)].map((r) => t(`roles.${r}`));
  if (isClassTeacher(me)) roles.push(t('roles.classTeacher'));
  return (
    <Group gap="xs">
      {roles.map((label) => (
        <Badge key={label} variant="light" size="md">
          {label}
        </Badge>
      ))}
    </Group>
  );
}

/** The start page: one block per role the user holds. */
export function HomePage() {
  const t = useT();
  const me = useCurrentUser();
  const sections = homeSections.filter((s) => allows(s.audience, me));
  return (
    <Stack gap="xl">
      <Stack gap="xs">
        <Title order={1}>{t('home.greeting', { name: me.displayName })}</Title>
        <RoleBadges me={me} />
      </Stack>
      {sections.length === 0 && <Text>{t('home.noRoles')}</Text>}
      {sections.map(({ id, Component }, i) => (
        <Fragment key={id}>
          {i > 0 && <Divider />}
          <Component />
        </Fragment>
      ))}
    </Stack>
  );
}
