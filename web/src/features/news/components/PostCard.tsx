import { Anchor, Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { type MessageKey, useFormat, useT } from '../../../lib/i18n';
import { type Post, useMarkPostRead } from '../api';
import { newsPaths } from '../paths';

const KIND_COLOR = { news: 'blue', announcement: 'orange', event: 'grape' } as const;

/** A post in a list: kind, audience, title, the beginning of the text, «Прочитано» for announcements. */
export function PostCard({ post }: { post: Post }) {
  const t = useT();
  const fmt = useFormat();
  const read = useMarkPostRead();
  return (
    <Card withBorder padding="sm" component="li" data-testid="post">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Group gap="xs">
            <Badge color={KIND_COLOR[post.kind]} variant="light">
              {t(`news.kind.${post.kind}` as MessageKey)}
            </Badge>
            <Badge color="gray" variant="outline">
              {post.audience === 'class' ? post.className : t(`news.audience.${post.audience}` as MessageKey)}
            </Badge>
            {post.eventDate && (
              <Text size="sm" fw={600}>
                {fmt.date(post.eventDate)}
                {post.eventEndDate ? ` — ${fmt.date(post.eventEndDate)}` : ''}
                {post.eventTime ? `, ${post.eventTime}` : ''}
              </Text>
            )}
          </Group>
          <Anchor component={Link} to={newsPaths.post(post.id)} fw={700}>
            {post.title}
          </Anchor>
          <Text size="sm" lineClamp={3} style={{ whiteSpace: 'pre-wrap' }}>
            {post.body}
          </Text>
          <Text size="xs" c="dimmed">
            {post.authorName} · {fmt.dateTime(post.publishedAt)}
          </Text>
        </Stack>
        {post.kind === 'announcement' &&
          (post.readByMe ? (
            <Badge color="green" variant="light">
              {t('news.read')}
            </Badge>
          ) : (
            <Button size="compact-sm" variant="light" loading={read.isPending} onClick={() => read.mutate(post.id)}>
              {t('news.confirmRead')}
            </Button>
          ))}
      </Group>
    </Card>
  );
}
