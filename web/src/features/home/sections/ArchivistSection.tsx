import { useT } from '../../../lib/i18n';
import { HomeSection } from '../components/HomeSection';
import { type SectionLink, SectionLinks } from '../components/SectionLinks';

const links: SectionLink[] = [{ to: '/archive', label: 'home.archivist.archive' }];

export function ArchivistSection() {
  const t = useT();
  return (
    <HomeSection title={t('home.archivist.title')} intro={t('home.archivist.intro')} testId="home-archivist">
      <SectionLinks links={links} />
    </HomeSection>
  );
}
