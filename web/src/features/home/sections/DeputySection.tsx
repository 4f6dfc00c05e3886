import { useT } from '../../../lib/i18n';
import { HomeSection } from '../components/HomeSection';
import { SchoolOverview } from '../components/SchoolOverview';
import { type SectionLink, SectionLinks } from '../components/SectionLinks';

// [DOMAIN §9] the academic deputy controls how journals are kept and reads performance reports.
const links: SectionLink[] = [
  { to: '/reports/control', label: 'home.deputy.control' },
  { to: '/reports/performance', label: 'home.deputy.performance' },
];

export function DeputySection() {
  const t = useT();
  return (
    <HomeSection title={t('home.deputy.title')} intro={t('home.deputy.intro')} testId="home-deputy">
      <SchoolOverview />
      <SectionLinks links={links} />
    </HomeSection>
  );
}
