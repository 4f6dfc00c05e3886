import { Table } from '@mantine/core';
import type { ReactNode } from 'react';
import { ScrollBox } from '../../../components/ui/ScrollBox';

export interface Column<R> {
  key: string;
  header: string;
  cell: (row: R) => ReactNode;
  /** numbers align right */
  numeric?: boolean;
}

/** A report's table: the first column names the row (a row header for screen readers). */
export function FiguresTable<R>({
  caption,
  columns,
  rows,
  rowKey,
  testId,
}: {
  caption: string;
  columns: Column<R>[];
  rows: R[];
  rowKey: (row: R) => string;
  testId?: string;
}) {
  return (
    <ScrollBox label={caption}>
      <Table
        withTableBorder
        striped
        verticalSpacing={4}
        horizontalSpacing="xs"
        fz="sm"
        data-testid={testId}
        style={{ whiteSpace: 'nowrap', overflowWrap: 'normal' }}
      >
        <Table.Caption style={{ captionSide: 'top', textAlign: 'start', fontWeight: 600 }}>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th
                key={c.key}
                scope="col"
                ta={c.numeric ? 'right' : 'left'}
                style={{
                  whiteSpace: 'normal',
                  overflowWrap: 'normal',
                  wordBreak: 'normal',
                  verticalAlign: 'bottom',
                  minWidth: c.numeric && c.header.length > 8 ? 76 : undefined,
                }}
              >
                {c.header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={rowKey(r)}>
              {columns.map((c, i) =>
                i === 0 ? (
                  <Table.Th key={c.key} scope="row" fw={500}>
                    {c.cell(r)}
                  </Table.Th>
                ) : (
                  <Table.Td key={c.key} ta={c.numeric ? 'right' : 'left'}>
                    {c.cell(r)}
                  </Table.Td>
                ),
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollBox>
  );
}
