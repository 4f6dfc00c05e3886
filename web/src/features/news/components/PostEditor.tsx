import { Button, Group, Modal, SegmentedControl, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useMemo, useState } from 'react';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { isApiError } from '../../../lib/api/client';
import { type MessageKey, useT } from '../../../lib/i18n';
import { hasRole, useCurrentUser } from '../../../lib/session';
import { type Audience, type Post, type PostInput, type PostKind, useClasses, useSavePost } from '../api';

const STAFF = ['administrator', 'director', 'deputy', 'deputy_ict', 'teacher', 'archivist'] as const;

/** Where the user may publish [001 §2.2]: «Школа» (administration), «Учительская» (staff), a class (its class teacher). */
export function usePublishTargets() {
  const me = useCurrentUser();
  const admin = hasRole(me, 'administrator', 'director', 'deputy');
  const audiences: Audience[] = [];
  if (admin || hasRole(me, 'deputy_ict')) audiences.push('school');
  if (admin || me.classTeacherOf.length > 0) audiences.push('class');
  if (hasRole(me, ...STAFF)) audiences.push('staff');
  return { audiences, admin };
}

/** Writes or edits a news item, an announcement or a calendar event. */
export function PostEditor({
  opened,
  onClose,
  post,
  defaultKind = 'news',
}: {
  opened: boolean;
  onClose: () => void;
  post?: Post;
  defaultKind?: PostKind;
}) {
  const t = useT();
  const me = useCurrentUser();
  const { audiences, admin } = usePublishTargets();
  const classes = useClasses();
  const save = useSavePost();
  const [form, setForm] = useState<PostInput>(() => ({
    kind: post?.kind ?? defaultKind,
    audience: post?.audience ?? audiences[0] ?? 'staff',
    classId: post?.classId ?? me.classTeacherOf[0]?.id ?? null,
    title: post?.title ?? '',
    body: post?.body ?? '',
    eventDate: post?.eventDate ?? null,
    eventEndDate: post?.eventEndDate ?? null,
    eventTime: post?.eventTime ?? null,
    eventPlace: post?.eventPlace ?? null,
  }));
  const classOptions = useMemo(() => {
    const mine = me.classTeacherOf.map((c) => ({ value: c.id, label: c.name }));
    const all = admin ? (classes.data ?? []).map((c) => ({ value: c.id, label: c.name })) : [];
    return [...new Map([...mine, ...all].map((o) => [o.value, o])).values()];
  }, [me, classes.data, admin]);
  const server = isApiError(save.error) ? save.error : null;
  const set = <K extends keyof PostInput>(k: K, v: PostInput[K]) => setForm((f) => ({ ...f, [k]: v }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: PostInput = {
      ...form,
      title: form.title.trim(),
      body: form.body.trim(),
      classId: form.audience === 'class' ? form.classId : null,
      ...(form.kind === 'event' ? {} : { eventDate: null, eventEndDate: null, eventTime: null, eventPlace: null }),
    };
    save.mutate(
      { id: post?.id, body },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t('news.editor.saved') });
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={post ? t('news.editor.editTitle') : t('news.editor.title')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {server && !server.fields.length && <ErrorAlert error={server} />}
          <SegmentedControl
            aria-label={t('news.editor.kind')}
            value={form.kind}
            onChange={(v) => set('kind', v as PostKind)}
            data={(['news', 'announcement', 'event'] as const).map((k) => ({ value: k, label: t(`news.kind.${k}` as MessageKey) }))}
          />
          <Select
            label={t('news.editor.audience')}
            data={audiences.map((a) => ({ value: a, label: t(`news.audience.${a}` as MessageKey) }))}
            value={form.audience}
            onChange={(v) => v && set('audience', v as Audience)}
            allowDeselect={false}
            error={server?.fieldMessage('audience')}
          />
          {form.audience === 'class' && (
            <Select
              label={t('messages.compose.class')}
              data={classOptions}
              value={form.classId ?? null}
              onChange={(v) => set('classId', v)}
              error={server?.fieldMessage('classId')}
            />
          )}
          <TextInput
            label={t('news.editor.titleField')}
            value={form.title}
            onChange={(e) => set('title', e.currentTarget.value)}
            maxLength={200}
            required
            error={server?.fieldMessage('title')}
          />
          <Textarea
            label={t('news.editor.body')}
            value={form.body}
            onChange={(e) => set('body', e.currentTarget.value)}
            autosize
            minRows={5}
            maxLength={20000}
            required
            error={server?.fieldMessage('body')}
          />
          {form.kind === 'event' && (
            <Group grow align="flex-start">
              <TextInput
                type="date"
                label={t('news.editor.eventDate')}
                value={form.eventDate ?? ''}
                onChange={(e) => set('eventDate', e.currentTarget.value || null)}
                required
                error={server?.fieldMessage('eventDate')}
              />
              <TextInput
                type="date"
                label={t('news.editor.eventEndDate')}
                value={form.eventEndDate ?? ''}
                onChange={(e) => set('eventEndDate', e.currentTarget.value || null)}
                error={server?.fieldMessage('eventEndDate')}
              />
              <TextInput
                type="time"
                label={t('news.editor.eventTime')}
                value={form.eventTime ?? ''}
                onChange={(e) => set('eventTime', e.currentTarget.value || null)}
              />
            </Group>
          )}
          {form.kind === 'event' && (
            <TextInput
              label={t('news.editor.eventPlace')}
              value={form.eventPlace ?? ''}
              onChange={(e) => set('eventPlace', e.currentTarget.value || null)}
              maxLength={200}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {post ? t('news.editor.save') : t('news.editor.publish')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
