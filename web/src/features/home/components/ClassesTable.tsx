import { Badge, Table, Text } from '@mantine/core';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import type { Schemas } from '../../../lib/api/client';
import { useT } from '../../../lib/i18n';

/** Classes with their class teacher and size; scrolls inside its own box on a phone. */
export function ClassesTable({ classes, caption }: { classes: Schemas['Class'][]; caption: string }) {
  const t = useT();
  return (
    <ScrollBox label={caption}>
      <Table striped highlightOnHover verticalSpacing="xs" miw={320}>
        <Table.Caption style={{ captionSide: 'top', textAlign: 'start' }}>
          <Text component="span" fw={700}>
            {caption}
          </Text>
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('person.class')}</Table.Th>
            <Table.Th scope="col">{t('roles.classTeacher')}</Table.Th>
            <Table.Th scope="col" ta="end">
              {t('home.stats.students')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {classes.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Th scope="row" fw={700}>
                {c.name}
              </Table.Th>
              <Table.Td>
                {c.classTeacherName ?? (
                  <Badge variant="light" color="orange">
                    {t('home.stats.noClassTeacher')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td ta="end">{c.studentCount}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollBox>
  );
}
