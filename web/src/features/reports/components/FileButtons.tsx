import { Button, Group } from '@mantine/core';
import { useT } from '../../../lib/i18n';
import { reportFileUrl } from '../api';

/** The same report as PDF and XLSX: the server draws them from the structure this screen shows. */
export function FileButtons({ path, query }: { path: string; query: Record<string, string | number | undefined> }) {
  const t = useT();
  return (
    <Group gap="xs">
      <Button component="a" href={reportFileUrl(path, query, 'pdf')} download variant="light" size="xs">
        {t('reports.downloadPdf')}
      </Button>
      <Button component="a" href={reportFileUrl(path, query, 'xlsx')} download variant="light" size="xs">
        {t('reports.downloadXlsx')}
      </Button>
    </Group>
  );
}
