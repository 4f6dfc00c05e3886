import { Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { type MessageKey, useFormat, useT } from '../../../lib/i18n';
import { type Post, useDeletePost, useMarkPostRead, usePost, useReceipts } from '../api';
import { PostEditor } from '../components/PostEditor';
import { newsPaths } from '../paths';

/** One post in full; its author (and the administration) edit it and see who has read it. */
export function PostPage() {
  const { id = '' } = useParams();
  const post = usePost(id);
  return <QueryState query={post}>{(p) => <PostView post={p} />}</QueryState>;
}

function PostView({ post }: { post: Post }) {
  const t = useT();
  const fmt = useFormat();
  const navigate = useNavigate();
  const read = useMarkPostRead();
  const remove = useDeletePost();
  const [editing, setEditing] = useState(false);
  return (
    <>
      <PageHeader
        title={post.title}
        description={`${t(`news.kind.${post.kind}` as MessageKey)} · ${post.audience === 'class' ? post.className : t(`news.audience.${post.audience}` as MessageKey)} · ${post.authorName} · ${fmt.dateTime(post.publishedAt)}`}
      />
      <Stack gap="md">
        <Group gap="sm">
          <Button component={Link} to={newsPaths.list} variant="default" size="xs">
            {t('news.back')}
          </Button>
          {post.canEdit && (
            <>
              <Button size="xs" variant="light" onClick={() => setEditing(true)}>
                {t('news.edit')}
              </Button>
              <Button
                size="xs"
                variant="subtle"
                color="red"
                loading={remove.isPending}
                onClick={() =>
                  remove.mutate(post.id, {
                    onSuccess: () => {
                      notifications.show({ color: 'green', message: t('news.deleted') });
                      navigate(newsPaths.list);
                    },
                  })
                }
              >
                {t('news.delete')}
              </Button>
            </>
          )}
        </Group>
        {remove.isError && <ErrorAlert error={remove.error} />}
        {post.eventDate && (
          <Text fw={600}>
            {t('news.when')}: {fmt.date(post.eventDate)}
            {post.eventEndDate ? ` — ${fmt.date(post.eventEndDate)}` : ''}
            {post.eventTime ? `, ${post.eventTime}` : ''}
            {post.eventPlace ? ` · ${post.eventPlace}` : ''}
          </Text>
        )}
        <Card withBorder>
          <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{post.body}</Text>
        </Card>
        {post.readByMe ? (
          <Badge color="green" variant="light">
            {t('news.read')}
          </Badge>
        ) : (
          <Group>
            <Button variant="light" loading={read.isPending} onClick={() => read.mutate(post.id)}>
              {t('news.confirmRead')}
            </Button>
          </Group>
        )}
        {post.canEdit && <Receipts postId={post.id} />}
      </Stack>
      {editing && <PostEditor opened post={post} onClose={() => setEditing(false)} />}
    </>
  );
}

function Receipts({ postId }: { postId: string }) {
  const t = useT();
  const fmt = useFormat();
  const receipts = useReceipts(postId, true);
  return (
    <section aria-labelledby="receipts">
      <QueryState query={receipts}>
        {(r) => (
          <Stack gap="xs">
            <Title order={2} size="h3" id="receipts">
              {t('news.receipts', { read: r.read, total: r.total })}
            </Title>
            <Table.ScrollContainer minWidth={480}>
              <Table striped withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('news.reader')}</Table.Th>
                    <Table.Th>{t('news.readerRole')}</Table.Th>
                    <Table.Th>{t('news.readAt')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {r.people.map((p) => (
                    <Table.Tr key={p.personId}>
                      <Table.Td>{p.name}</Table.Td>
                      <Table.Td>{p.roleLabel}</Table.Td>
                      <Table.Td>{p.readAt ? fmt.dateTime(p.readAt) : <Text c="dimmed">{t('news.notRead')}</Text>}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        )}
      </QueryState>
    </section>
  );
}
