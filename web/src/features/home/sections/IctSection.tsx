import { useT } from '../../../lib/i18n';
import { HomeSection } from '../components/HomeSection';
import { type SectionLink, SectionLinks } from '../components/SectionLinks';

// [DOMAIN §1] the ICT deputy keeps the system running: backups, restore, archives, usage.
const links: SectionLink[] = [
  { to: '/ict/backups', label: 'home.ict.backups' },
  { to: '/ict/activity', label: 'home.ict.activity' },
  { to: '/archive', label: 'home.archivist.archive' },
];

export function IctSection() {
  const t = useT();
  return (
    <HomeSection title={t('home.ict.title')} intro={t('home.ict.intro')} testId="home-ict">
      <SectionLinks links={links} />
    </HomeSection>
  );
}
