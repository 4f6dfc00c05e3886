import { Anchor, Badge, Button, Card, FileButton, Grid, Group, NavLink, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useMemo, useState } from 'react';
import { ErrorAlert } from '../../../components/ui/ErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { useFormat, useT } from '../../../lib/i18n';
import {
  type Folder,
  MAX_FILE_BYTES,
  schoolFileUrl,
  useCreateFolder,
  useDeleteFile,
  useDeleteFolder,
  useFilesSection,
  useFolder,
  useUpdateFolder,
  useUploadToFolder,
} from '../api';

/** Folders in tree order with their depth (the server sends them flat, parents first). */
function treeOrder(folders: Folder[]): { folder: Folder; depth: number }[] {
  const children = new Map<string | null, Folder[]>();
  for (const f of folders) children.set(f.parentId, [...(children.get(f.parentId) ?? []), f]);
  const visible = new Set(folders.map((f) => f.id));
  const out: { folder: Folder; depth: number }[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const f of children.get(parent) ?? []) {
      out.push({ folder: f, depth });
      walk(f.id, depth + 1);
    }
  };
  // Roots: the year folder, and any folder whose parent the user cannot see.
  for (const f of folders)
    if (f.parentId === null || !visible.has(f.parentId)) {
      out.push({ folder: f, depth: 0 });
      walk(f.id, 1);
    }
  return out;
}

/** [001 §2.3] the «Файлы» section: a folder for every school year, rights per folder (staff only or everyone). */
export function FilesPage() {
  const t = useT();
  const [yearId, setYearId] = useState<string | null>(null);
  const section = useFilesSection(yearId);
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <>
      <PageHeader title={t('files.title')} description={t('files.description')} />
      <QueryState query={section}>
        {(s) => {
          const tree = treeOrder(s.folders);
          const current = selected && s.folders.some((f) => f.id === selected) ? selected : (tree[0]?.folder.id ?? null);
          return (
            <Stack gap="md">
              {s.years.length > 1 && (
                <Select
                  label={t('files.year')}
                  data={s.years.map((y) => ({ value: y.id, label: y.current ? `${y.name} (${t('files.currentYear')})` : y.name }))}
                  value={s.yearId}
                  onChange={(v) => {
                    setYearId(v);
                    setSelected(null);
                  }}
                  w={260}
                  allowDeselect={false}
                />
              )}
              {tree.length === 0 ? (
                <Text>{t('files.noYear')}</Text>
              ) : (
                <Grid>
                  <Grid.Col span={{ base: 12, sm: 4 }}>
                    <nav aria-label={t('files.folders')}>
                      {tree.map(({ folder, depth }) => (
                        <NavLink
                          key={folder.id}
                          label={folder.name}
                          description={folder.staffOnly ? t('files.staffOnly') : undefined}
                          rightSection={<Text size="xs">{folder.fileCount}</Text>}
                          active={folder.id === current}
                          onClick={() => setSelected(folder.id)}
                          style={{ paddingLeft: 12 + depth * 16 }}
                          aria-current={folder.id === current ? 'true' : undefined}
                        />
                      ))}
                    </nav>
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, sm: 8 }}>
                    {current && <FolderView folderId={current} onDeleted={() => setSelected(null)} />}
                  </Grid.Col>
                </Grid>
              )}
            </Stack>
          );
        }}
      </QueryState>
    </>
  );
}

function FolderView({ folderId, onDeleted }: { folderId: string; onDeleted: () => void }) {
  const t = useT();
  const fmt = useFormat();
  const folder = useFolder(folderId);
  const upload = useUploadToFolder();
  const removeFile = useDeleteFile();
  const removeFolder = useDeleteFolder();
  const update = useUpdateFolder();
  const [tooBig, setTooBig] = useState<string | null>(null);

  const add = async (files: File[]) => {
    setTooBig(null);
    for (const file of files) {
      if (file.size > MAX_FILE_BYTES) {
        setTooBig(t('messages.attach.tooBig', { name: file.name }));
        continue;
      }
      await upload.mutateAsync({ folderId, file }).catch(() => {});
    }
  };

  return (
    <QueryState query={folder}>
      {({ folder: f, files }) => (
        <Card withBorder component="section" aria-labelledby="folder-title">
          <Stack gap="sm">
            <Group justify="space-between" wrap="wrap">
              <Title order={2} size="h3" id="folder-title">
                {f.name}
              </Title>
              <Badge variant="light" color={f.staffOnly ? 'orange' : 'green'}>
                {f.staffOnly ? t('files.staffOnly') : t('files.everyone')}
              </Badge>
            </Group>
            {(upload.isError || removeFile.isError || removeFolder.isError || update.isError) && (
              <ErrorAlert error={upload.error ?? removeFile.error ?? removeFolder.error ?? update.error} />
            )}
            {tooBig && (
              <Text c="red" size="sm" role="alert">
                {tooBig}
              </Text>
            )}
            {f.canAdd && (
              <Group gap="sm">
                <FileButton onChange={(list) => void add(list)} multiple>
                  {(props) => (
                    <Button {...props} size="xs" loading={upload.isPending}>
                      {t('files.upload')}
                    </Button>
                  )}
                </FileButton>
                {f.canManage && !f.isYearFolder && (
                  <>
                    <Button
                      size="xs"
                      variant="default"
                      loading={update.isPending}
                      onClick={() => update.mutate({ id: f.id, access: f.access === 'staff' ? 'everyone' : 'staff' })}
                    >
                      {f.access === 'staff' ? t('files.openToAll') : t('files.closeToStaff')}
                    </Button>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      loading={removeFolder.isPending}
                      onClick={() => removeFolder.mutate(f.id, { onSuccess: onDeleted })}
                    >
                      {t('files.deleteFolder')}
                    </Button>
                  </>
                )}
              </Group>
            )}
            {files.length === 0 ? (
              <Text c="dimmed">{t('files.emptyFolder')}</Text>
            ) : (
              <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('files.files')}>
                {files.map((file) => (
                  <Group key={file.id} component="li" justify="space-between" wrap="nowrap">
                    <Stack gap={0} style={{ minWidth: 0 }}>
                      <Anchor href={schoolFileUrl(file.id)} download={file.name}>
                        {file.name}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {Math.max(1, Math.round(file.size / 1024))} КБ · {file.uploaderName ?? ''} · {fmt.dateTime(file.createdAt)}
                      </Text>
                    </Stack>
                    {file.canRemove && (
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        onClick={() => removeFile.mutate(file.id)}
                        aria-label={t('files.deleteFile', { name: file.name })}
                      >
                        {t('files.delete')}
                      </Button>
                    )}
                  </Group>
                ))}
              </Stack>
            )}
            {f.canAdd && <NewFolder parentId={f.id} />}
          </Stack>
        </Card>
      )}
    </QueryState>
  );
}

function NewFolder({ parentId }: { parentId: string }) {
  const t = useT();
  const create = useCreateFolder();
  const [name, setName] = useState('');
  const [access, setAccess] = useState<'staff' | 'everyone'>('everyone');
  const options = useMemo(
    () => [
      { value: 'everyone', label: t('files.everyone') },
      { value: 'staff', label: t('files.staffOnly') },
    ],
    [t],
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    create.mutate(
      { parentId, name: name.trim(), access },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t('files.folderCreated') });
          setName('');
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput label={t('files.newFolder')} value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={120} />
        <Select
          label={t('files.access')}
          data={options}
          value={access}
          onChange={(v) => setAccess((v as 'staff' | 'everyone') ?? 'everyone')}
          allowDeselect={false}
          w={200}
        />
        <Button type="submit" variant="light" loading={create.isPending} disabled={!name.trim()}>
          {t('files.create')}
        </Button>
      </Group>
    </form>
  );
}
