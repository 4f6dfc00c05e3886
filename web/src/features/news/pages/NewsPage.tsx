import { Button, Group, SegmentedControl, Stack, Tabs, Text } from '@mantine/core';
import { useState } from 'react';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { type MessageKey, useT } from '../../../lib/i18n';
import { hasRole, useCurrentUser } from '../../../lib/session';
import { type Audience, type PostKind, useNews } from '../api';
import { PostCard } from '../components/PostCard';
import { PostEditor, usePublishTargets } from '../components/PostEditor';

const STAFF = ['administrator', 'director', 'deputy', 'deputy_ict', 'teacher', 'archivist'] as const;

/**
 * [001 §2.2] «Новости», «Объявления» and events in the sections «Школа», a class and «Учительская»
 * (staff only); staff read and write them daily.
 */
export function NewsPage() {
  const t = useT();
  const me = useCurrentUser();
  const staff = hasRole(me, ...STAFF);
  const [section, setSection] = useState<Audience | 'all'>('all');
  const [kind, setKind] = useState<PostKind | 'all'>('all');
  const news = useNews({ audience: section === 'all' ? undefined : section, kind: kind === 'all' ? undefined : kind });
  const { audiences } = usePublishTargets();
  const [editing, setEditing] = useState(false);
  const sections: (Audience | 'all')[] = ['all', 'school', 'class', ...(staff ? (['staff'] as const) : [])];

  return (
    <>
      <PageHeader title={t('news.title')} description={t('news.description')} />
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap">
          <SegmentedControl
            aria-label={t('news.kindFilter')}
            value={kind}
            onChange={(v) => setKind(v as PostKind | 'all')}
            data={(['all', 'news', 'announcement', 'event'] as const).map((k) => ({ value: k, label: t(`news.kinds.${k}` as MessageKey) }))}
          />
          {audiences.length > 0 && <Button onClick={() => setEditing(true)}>{t('news.publish')}</Button>}
        </Group>
        <Tabs value={section} onChange={(v) => setSection((v as Audience | 'all') ?? 'all')}>
          <Tabs.List>
            {sections.map((s) => (
              <Tabs.Tab key={s} value={s}>
                {t(`news.section.${s}` as MessageKey)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        <QueryState query={news}>
          {(list) =>
            list.length === 0 ? (
              <Text>{t('news.empty')}</Text>
            ) : (
              <Stack gap="sm" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('news.listLabel')}>
                {list.map((p) => (
                  <PostCard key={p.id} post={p} />
                ))}
              </Stack>
            )
          }
        </QueryState>
      </Stack>
      {editing && <PostEditor opened onClose={() => setEditing(false)} />}
    </>
  );
}
