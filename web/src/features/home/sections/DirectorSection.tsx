import { QueryState } from '../../../components/ui/QueryState';
import { useT } from '../../../lib/i18n';
import { useClasses } from '../api';
import { ClassesTable } from '../components/ClassesTable';
import { HomeSection } from '../components/HomeSection';
import { SchoolOverview } from '../components/SchoolOverview';
import { type SectionLink, SectionLinks } from '../components/SectionLinks';

const links: SectionLink[] = [{ to: '/reports', label: 'home.school.reports' }];

/** The director reads everything and changes nothing: an overview and the list of classes. */
export function DirectorSection() {
  const t = useT();
  const classes = useClasses();
  return (
    <HomeSection title={t('home.director.title')} intro={t('home.director.intro')} testId="home-director">
      <SchoolOverview />
      <QueryState query={classes}>
        {(list) => list.length > 0 && <ClassesTable classes={list} caption={t('home.school.classes')} />}
      </QueryState>
      <SectionLinks links={links} />
    </HomeSection>
  );
}
