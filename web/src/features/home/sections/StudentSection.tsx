import { Stack } from '@mantine/core';
import type { DiaryPerson } from '../../../app/registry';
import { useT } from '../../../lib/i18n';
import { useCurrentUser } from '../../../lib/session';
import { DiaryBlock } from '../components/DiaryBlock';
import { HomeSection } from '../components/HomeSection';
import { PersonCard } from '../components/PersonCard';

/** «Мой дневник»: the student's own card and diary (read-only, [DOMAIN §1]). */
export function StudentSection() {
  const t = useT();
  const me = useCurrentUser();
  const self: DiaryPerson = me.student ?? {
    id: me.id,
    schoolId: me.schools[0]?.id ?? '',
    name: me.displayName,
    classId: null,
    className: null,
    schoolName: me.schools[0]?.name ?? '',
  };
  return (
    <HomeSection title={t('home.student.title')} testId="home-student">
      <Stack gap="md">
        <PersonCard person={self} />
        <DiaryBlock person={self} />
      </Stack>
    </HomeSection>
  );
}
