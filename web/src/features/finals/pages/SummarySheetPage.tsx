import { Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import { type MessageKey, useFormat, useT } from '../../../lib/i18n';
import { type SummarySheet, summarySheetFileUrl, useSummarySheet } from '../api';
import { finalsPaths } from '../paths';

type Totals = SummarySheet['totals'][string];
type ClassTotals = SummarySheet['classTotals'][string];

const TOTAL_ROWS: [MessageKey, (x: Totals) => number | null][] = [
  ['finals.sheet.count5', (x) => x.counts['5']],
  ['finals.sheet.count4', (x) => x.counts['4']],
  ['finals.sheet.count3', (x) => x.counts['3']],
  ['finals.sheet.count2', (x) => x.counts['2']],
  ['finals.sheet.performance', (x) => x.performance],
  ['finals.sheet.quality', (x) => x.quality],
];

const CLASS_ROWS: [MessageKey, (x: ClassTotals) => number | null][] = [
  ['finals.sheet.assessed', (x) => x.students],
  ['finals.sheet.excellent', (x) => x.excellent],
  ['finals.sheet.good', (x) => x.good],
  ['finals.sheet.withThree', (x) => x.withThree],
  ['finals.sheet.failing', (x) => x.failing],
  ['finals.sheet.performance', (x) => x.performance],
  ['finals.sheet.quality', (x) => x.quality],
];

/**
 * The summary sheet (сводная ведомость) of a class for its year [DOMAIN §6], [002 §7.2]: the same
 * numbers as the PDF and XLSX it offers for download and the archive.
 */
export function SummarySheetPage() {
  const t = useT();
  const { classId = '' } = useParams();
  const sheet = useSummarySheet(classId);
  return (
    <QueryState query={sheet}>
      {(s) => (
        <>
          <PageHeader
            title={t('finals.sheet.title', { class: s.class.name, year: s.year.name })}
            description={`${s.school.name}${s.class.classTeacherName ? ` · ${t('roles.classTeacher')}: ${s.class.classTeacherName}` : ''}`}
          />
          <Stack gap="lg">
            <Group gap="sm">
              <Anchor component={Link} to={finalsPaths.sheets} size="sm">
                {t('finals.sheet.back')}
              </Anchor>
              <Button component="a" href={summarySheetFileUrl(classId, 'pdf')} download variant="light">
                {t('finals.sheet.downloadPdf')}
              </Button>
              <Button component="a" href={summarySheetFileUrl(classId, 'xlsx')} download variant="light">
                {t('finals.sheet.downloadXlsx')}
              </Button>
            </Group>
            {s.subjects.length === 0 ? <Text>{t('finals.sheet.noSubjects')}</Text> : <SheetTable sheet={s} />}
            <ClassTotalsTable sheet={s} />
          </Stack>
        </>
      )}
    </QueryState>
  );
}

function SheetTable({ sheet }: { sheet: SummarySheet }) {
  const t = useT();
  const fmt = useFormat();
  const caption = t('finals.sheet.caption');
  const show = (v: number | null) => (v === null ? '—' : fmt.number(v));
  return (
    <ScrollBox label={caption}>
      {/* Marks and percentages never break inside a cell (the page lets long words wrap anywhere). */}
      <Table
        withTableBorder
        withColumnBorders
        verticalSpacing={2}
        horizontalSpacing={4}
        fz="sm"
        data-testid="summary-sheet"
        style={{ whiteSpace: 'nowrap', overflowWrap: 'normal' }}
      >
        <Table.Caption style={{ captionSide: 'top', textAlign: 'start' }}>
          <Text component="span" fw={700}>
            {caption}
          </Text>
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" rowSpan={2}>
              {t('finals.col.number')}
            </Table.Th>
            <Table.Th scope="col" rowSpan={2} miw={180}>
              {t('finals.sheet.student')}
            </Table.Th>
            {sheet.subjects.map((s) => (
              <Table.Th
                scope="colgroup"
                colSpan={sheet.columns.length}
                key={s.id}
                ta="center"
                style={{ whiteSpace: 'normal', minWidth: 120 }}
              >
                {s.name}
              </Table.Th>
            ))}
          </Table.Tr>
          <Table.Tr>
            {sheet.subjects.map((s) =>
              sheet.columns.map((c) => (
                <Table.Th scope="col" key={`${s.id}:${c.key}`} ta="center" title={c.name} fw={500}>
                  {c.label}
                </Table.Th>
              )),
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sheet.students.map((st) => (
            <Table.Tr key={st.id}>
              <Table.Td>{st.number}</Table.Td>
              <Table.Th scope="row" fw={500}>
                {st.name}
                {st.note && (
                  <Text component="span" size="xs" c="dimmed" ml={6}>
                    {st.note}
                  </Text>
                )}
              </Table.Th>
              {sheet.subjects.map((s) =>
                sheet.columns.map((c) => (
                  <Table.Td key={`${s.id}:${c.key}`} ta="center" fw={c.kind === 'period' ? 400 : 700}>
                    {st.marks[`${s.id}:${c.key}`] ?? ''}
                  </Table.Td>
                )),
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          {TOTAL_ROWS.map(([label, pick]) => (
            <Table.Tr key={label}>
              <Table.Td />
              <Table.Th scope="row">{t(label)}</Table.Th>
              {sheet.subjects.map((s) =>
                sheet.columns.map((c) => (
                  <Table.Td key={`${s.id}:${c.key}`} ta="center">
                    {show(pick(sheet.totals[`${s.id}:${c.key}`]))}
                  </Table.Td>
                )),
              )}
            </Table.Tr>
          ))}
        </Table.Tfoot>
      </Table>
    </ScrollBox>
  );
}

/** The class over all subjects per column: a student counts once [000 §9], [002 §5.3]. */
function ClassTotalsTable({ sheet }: { sheet: SummarySheet }) {
  const t = useT();
  const fmt = useFormat();
  return (
    <Stack gap="xs" component="section" aria-labelledby="class-totals">
      <Title order={2} id="class-totals" fz="h3">
        {t('finals.sheet.classTotals')}
      </Title>
      <ScrollBox label={t('finals.sheet.classTotals')}>
        <Table withTableBorder verticalSpacing={2} miw={420} fz="sm" style={{ whiteSpace: 'nowrap', overflowWrap: 'normal' }}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('finals.sheet.metric')}</Table.Th>
              {sheet.columns.map((c) => (
                <Table.Th scope="col" key={c.key} ta="center">
                  {c.name}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {CLASS_ROWS.map(([label, pick]) => (
              <Table.Tr key={label}>
                <Table.Th scope="row" fw={500}>
                  {t(label)}
                </Table.Th>
                {sheet.columns.map((c) => {
                  const v = pick(sheet.classTotals[c.key]);
                  return (
                    <Table.Td key={c.key} ta="center">
                      {v === null ? '—' : fmt.number(v)}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollBox>
    </Stack>
  );
}
