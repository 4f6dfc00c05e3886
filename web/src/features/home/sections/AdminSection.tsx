import { useT } from '../../../lib/i18n';
import { HomeSection } from '../components/HomeSection';
import { SchoolOverview } from '../components/SchoolOverview';
import { type SectionLink, SectionLinks } from '../components/SectionLinks';

// Where the administration features will live; each card turns into a link when its feature arrives.
const links: SectionLink[] = [
  { to: '/admin/classes', label: 'home.admin.classes' },
  { to: '/admin/people', label: 'home.admin.people' },
  { to: '/admin/credentials', label: 'home.admin.credentials' },
  { to: '/admin/timetable', label: 'home.admin.timetable' },
  { to: '/admin/years', label: 'home.admin.periods' },
  { to: '/admin/import', label: 'home.admin.import' },
];

export function AdminSection() {
  const t = useT();
  return (
    <HomeSection title={t('home.admin.title')} intro={t('home.admin.intro')} testId="home-admin">
      <SchoolOverview />
      <SectionLinks links={links} />
    </HomeSection>
  );
}
