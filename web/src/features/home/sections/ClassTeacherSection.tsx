import { Stack } from '@mantine/core';
import { useT } from '../../../lib/i18n';
import { useCurrentUser } from '../../../lib/session';
import { ClassRoster } from '../components/ClassRoster';
import { HomeSection } from '../components/HomeSection';

/** «Мой класс»: the class teacher's own class(es) with their students. */
export function ClassTeacherSection() {
  const t = useT();
  const me = useCurrentUser();
  return (
    <HomeSection title={t('home.classTeacher.title')} testId="home-class-teacher">
      <Stack gap="xl">
        {me.classTeacherOf.map((c) => (
          <ClassRoster key={c.id} classId={c.id} name={c.name} />
        ))}
      </Stack>
    </HomeSection>
  );
}
