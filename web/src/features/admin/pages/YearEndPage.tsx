import { className as classNameOf, nextGrade, periodName } from '@domain/school-structure';
import {
  Alert,
  Anchor,
  Button,
  Card,
  Checkbox,
  Fieldset,
  Group,
  List,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryState } from '../../../components/ui/QueryState';
import { ScrollBox } from '../../../components/ui/ScrollBox';
import { isApiError } from '../../../lib/api/client';
import { getQuery } from '../../../lib/api/query';
import { type MessageKey, useFormat, useT } from '../../../lib/i18n';
import { useClassStudents, useCloseAndPromote, useYear, useYearClasses, useYears, type Year, type YearEndResult } from '../api';
import { type CalendarDraft, PeriodsEditor, periodSpecs, usualPeriods } from '../components/PeriodsEditor';
import { FormError, fieldError } from '../form-errors';
import { adminPaths } from '../paths';
import { followingYear } from '../year-dates';

interface NextYearForm {
  name: string;
  startsOn: string;
  endsOn: string;
  calendar: CalendarDraft;
  usualHolidays: boolean;
  promotionOrder: string;
  graduationOrder: string;
  carryOver: boolean;
  /** When a draft of the next year exists: keep its periods and holidays (the server does when none are sent). */
  draftCalendar: boolean;
}

/** The draft year the transfer will take over: the one named as the next year [002 §4.6]. */
const draftNamed = (years: Year[], name: string) =>
  years.find((y) => y.status === 'draft' && y.name.trim().toLowerCase() === name.trim().toLowerCase());

type Repeaters = Map<string, { name: string; className: string }>;

/** Fields of the first step, as the server names them. */
const STEP1_FIELDS = /^nextYear\.|^promotionOrder$|^graduationOrder$/;

/**
 * Year-end transfer [002 §4.6] as a wizard: the next year and its periods, the students who repeat the grade,
 * then everything that will happen — closing the year and all its periods, classes one grade up (5А → 6А), the
 * last grade graduating, curriculum and load carried over — confirmed once. The server does it all or nothing;
 * the closed year stays readable on the years screen.
 */
export function YearEndPage() {
  const t = useT();
  const years = useYears();
  const [yearId, setYearId] = useState<string | null>(null);
  const [result, setResult] = useState<YearEndResult | null>(null);
  useEffect(() => {
    const current = years.data?.find((y) => y.status === 'current');
    if (!yearId && current) setYearId(current.id);
  }, [years.data, yearId]);
  const year = years.data?.find((y) => y.id === yearId);
  return (
    <>
      <PageHeader title={t('admin.yearEnd.title')} description={t('admin.yearEnd.description')} />
      {result ? (
        <ResultView result={result} />
      ) : (
        <QueryState query={years}>
          {(list) =>
            year && year.status === 'current' ? (
              <Wizard year={year} years={list} onDone={setResult} />
            ) : (
              <Alert color="yellow">
                {t('admin.yearEnd.noCurrent')}{' '}
                <Anchor component={Link} underline="always" to={adminPaths.years}>
                  {t('admin.nav.years')}
                </Anchor>
              </Alert>
            )
          }
        </QueryState>
      )}
    </>
  );
}

function Wizard({ year, years, onDone }: { year: Year; years: Year[]; onDone: (r: YearEndResult) => void }) {
  const t = useT();
  const [step, setStepState] = useState<1 | 2 | 3>(1);
  const heading = useRef<HTMLHeadingElement>(null);
  // Each step is announced: focus goes to its heading once it is drawn.
  const setStep = (n: 1 | 2 | 3) => {
    setStepState(n);
    requestAnimationFrame(() => heading.current?.focus());
  };
  const [form, setForm] = useState<NextYearForm>(() => {
    const proposed = followingYear(year);
    // A draft prepared ahead under the proposed name brings its own dates and grade schemes.
    const draft = draftNamed(years, proposed.name);
    const next = draft ? { name: draft.name, startsOn: draft.startsOn, endsOn: draft.endsOn } : proposed;
    const gradeSchemes = draft ? draft.gradeSchemes : year.gradeSchemes;
    return {
      ...next,
      calendar: { gradeSchemes, periods: usualPeriods(next.startsOn, next.endsOn, gradeSchemes) },
      usualHolidays: true,
      promotionOrder: '',
      graduationOrder: '',
      carryOver: true,
      draftCalendar: true,
    };
  });
  const draft = draftNamed(years, form.name);
  const keepDraftCalendar = !!draft && form.draftCalendar;
  const [repeaters, setRepeaters] = useState<Repeaters>(new Map());
  const promote = useCloseAndPromote(year.id);
  const stepTitle = t(`admin.yearEnd.step${step}` as MessageKey);

  function submit() {
    promote.mutate(
      {
        nextYear: keepDraftCalendar
          ? { name: form.name.trim(), startsOn: form.startsOn, endsOn: form.endsOn }
          : {
              name: form.name.trim(),
              startsOn: form.startsOn,
              endsOn: form.endsOn,
              gradeSchemes: form.calendar.gradeSchemes,
              periods: form.calendar.periods.length ? periodSpecs(form.calendar.periods) : undefined,
              holidays: form.usualHolidays ? undefined : [],
            },
        repeaters: [...repeaters.keys()],
        promotionOrder: form.promotionOrder.trim() || null,
        graduationOrder: form.graduationOrder.trim() || null,
        carryOver: form.carryOver,
      },
      { onSuccess: onDone },
    );
  }

  return (
    <Card component="section" aria-labelledby="year-end-step">
      <Stack>
        <Text size="sm" c="dimmed">
          {t('admin.yearEnd.from', { name: year.name })}
        </Text>
        <Title order={2} id="year-end-step" ref={heading} tabIndex={-1}>
          {t('admin.yearEnd.stepOf', { n: step, total: 3, title: stepTitle })}
        </Title>
        {step === 1 && (
          <StepNextYear
            form={form}
            onChange={setForm}
            taken={years.filter((y) => y.status !== 'draft').map((y) => y.name)}
            draft={draft}
            error={promote.error}
            onNext={() => {
              setStep(2);
            }}
          />
        )}
        {step === 2 && (
          <StepRepeaters year={year} repeaters={repeaters} onChange={setRepeaters} onBack={() => setStep(1)} onNext={() => setStep(3)} />
        )}
        {step === 3 && (
          <StepConfirm
            year={year}
            form={form}
            draft={keepDraftCalendar ? draft : undefined}
            repeaters={repeaters}
            error={promote.error}
            pending={promote.isPending}
            onBack={() => setStep(2)}
            onFix={() => setStep(1)}
            onSubmit={submit}
          />
        )}
      </Stack>
    </Card>
  );
}

function StepNextYear({
  form,
  onChange,
  taken,
  draft,
  error,
  onNext,
}: {
  form: NextYearForm;
  onChange: (f: NextYearForm) => void;
  /** Names of the school's current and closed years: a new year may not repeat one (a draft's name it may). */
  taken: string[];
  /** The draft of that name, which the transfer makes the new year. */
  draft: Year | undefined;
  error: unknown;
  onNext: () => void;
}) {
  const t = useT();
  const [missing, setMissing] = useState<Record<string, string>>({});
  const set = <K extends keyof NextYearForm>(k: K, v: NextYearForm[K]) => onChange({ ...form, [k]: v });
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const m: Record<string, string> = {};
        if (!form.name.trim()) m.name = t('admin.yearEnd.required');
        else if (taken.includes(form.name.trim())) m.name = t('admin.yearEnd.nameTaken', { name: form.name.trim() });
        if (!form.startsOn) m.startsOn = t('admin.yearEnd.required');
        if (!form.endsOn) m.endsOn = t('admin.yearEnd.required');
        setMissing(m);
        if (!Object.keys(m).length) onNext();
      }}
    >
      <Stack>
        <Group align="flex-start" wrap="wrap">
          <TextInput
            label={t('admin.y2.name')}
            required
            maxLength={40}
            value={form.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            error={missing.name ?? fieldError(error, 'nextYear.name')}
          />
          <TextInput
            type="date"
            label={t('admin.y2.yearStarts')}
            required
            value={form.startsOn}
            onChange={(e) => set('startsOn', e.currentTarget.value)}
            error={missing.startsOn ?? fieldError(error, 'nextYear.startsOn')}
          />
          <TextInput
            type="date"
            label={t('admin.y2.yearEnds')}
            required
            value={form.endsOn}
            onChange={(e) => set('endsOn', e.currentTarget.value)}
            error={missing.endsOn ?? fieldError(error, 'nextYear.endsOn')}
          />
        </Group>
        {draft && (
          <Alert color="blue" variant="light" title={t('admin.yearEnd.draftTitle', { name: draft.name })}>
            <Stack gap="xs">
              <Text size="sm">{t('admin.yearEnd.draftHint')}</Text>
              <Checkbox
                label={t('admin.yearEnd.draftCalendar')}
                checked={form.draftCalendar}
                onChange={(e) => set('draftCalendar', e.currentTarget.checked)}
              />
            </Stack>
          </Alert>
        )}
        {draft && form.draftCalendar ? (
          // The draft's calendar is not on this form: a problem with it is told here in words.
          <FormError error={error} shows={(f) => !/^nextYear\.(periods|holidays|gradeSchemes)/.test(f)} />
        ) : (
          <>
            <PeriodsEditor
              value={form.calendar}
              onChange={(calendar) => set('calendar', calendar)}
              year={form}
              error={error}
              periodsField="nextYear.periods"
              schemesField="nextYear.gradeSchemes"
            />
            <Checkbox
              label={t('admin.y2.usualHolidays')}
              checked={form.usualHolidays}
              onChange={(e) => set('usualHolidays', e.currentTarget.checked)}
            />
          </>
        )}
        <Group align="flex-start" wrap="wrap">
          <TextInput
            label={t('admin.yearEnd.promotionOrder')}
            maxLength={60}
            value={form.promotionOrder}
            onChange={(e) => set('promotionOrder', e.currentTarget.value)}
            error={fieldError(error, 'promotionOrder')}
          />
          <TextInput
            label={t('admin.yearEnd.graduationOrder')}
            maxLength={60}
            value={form.graduationOrder}
            onChange={(e) => set('graduationOrder', e.currentTarget.value)}
            error={fieldError(error, 'graduationOrder')}
          />
        </Group>
        <Checkbox
          label={t('admin.yearEnd.carryOver')}
          description={t('admin.yearEnd.carryOverHint')}
          checked={form.carryOver}
          onChange={(e) => set('carryOver', e.currentTarget.checked)}
        />
        <Group>
          <Button type="submit">{t('admin.yearEnd.next')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

function StepRepeaters({
  year,
  repeaters,
  onChange,
  onBack,
  onNext,
}: {
  year: Year;
  repeaters: Repeaters;
  onChange: (r: Repeaters) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const t = useT();
  const classes = useYearClasses(year.id);
  const [classId, setClassId] = useState<string | null>(null);
  const cls = classes.data?.find((c) => c.id === classId);
  const toggle = (id: string, who: { name: string; className: string } | null) => {
    const next = new Map(repeaters);
    if (who) next.set(id, who);
    else next.delete(id);
    onChange(next);
  };
  return (
    <Stack>
      <Text>{t('admin.yearEnd.repeatersHint')}</Text>
      <QueryState query={classes}>
        {(list) => (
          <Select
            label={t('admin.people.class')}
            placeholder={t('admin.credentials.pickClass')}
            data={list.map((c) => ({ value: c.id, label: c.name }))}
            value={classId}
            onChange={setClassId}
            searchable
            maw={220}
          />
        )}
      </QueryState>
      {cls && <ClassRepeaters classId={cls.id} className={cls.name} repeaters={repeaters} onToggle={toggle} />}
      <Title order={3}>{t('admin.yearEnd.chosen', { count: repeaters.size })}</Title>
      {repeaters.size === 0 ? (
        <Text size="sm">{t('admin.yearEnd.noRepeaters')}</Text>
      ) : (
        <Stack gap={4} data-testid="repeaters">
          {[...repeaters.entries()].map(([id, r]) => (
            <Group key={id} gap="xs">
              <Text>
                {r.name}, {r.className}
              </Text>
              <Button
                size="xs"
                variant="subtle"
                color="red"
                aria-label={`${t('admin.y2.remove')}: ${r.name}`}
                onClick={() => toggle(id, null)}
              >
                {t('admin.y2.remove')}
              </Button>
            </Group>
          ))}
        </Stack>
      )}
      <Group>
        <Button variant="default" onClick={onBack}>
          {t('admin.yearEnd.back')}
        </Button>
        <Button onClick={onNext}>{t('admin.yearEnd.next')}</Button>
      </Group>
    </Stack>
  );
}

function ClassRepeaters({
  classId,
  className,
  repeaters,
  onToggle,
}: {
  classId: string;
  className: string;
  repeaters: Repeaters;
  onToggle: (id: string, who: { name: string; className: string } | null) => void;
}) {
  const t = useT();
  const students = useClassStudents(classId);
  return (
    <QueryState query={students}>
      {(list) => {
        const current = [...new Map(list.filter((s) => s.current).map((s) => [s.id, s])).values()];
        return current.length === 0 ? (
          <Text>{t('admin.classes.empty')}</Text>
        ) : (
          <Fieldset
            variant="unstyled"
            legend={
              <Text component="span" fw={500}>
                {t('admin.yearEnd.repeatersOf', { name: className })}
              </Text>
            }
          >
            <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing={6} mt="xs">
              {current.map((s) => (
                <Checkbox
                  key={s.id}
                  label={s.name}
                  checked={repeaters.has(s.id)}
                  onChange={(e) => onToggle(s.id, e.currentTarget.checked ? { name: s.name, className } : null)}
                />
              ))}
            </SimpleGrid>
          </Fieldset>
        );
      }}
    </QueryState>
  );
}

function StepConfirm({
  year,
  form,
  draft,
  repeaters,
  error,
  pending,
  onBack,
  onFix,
  onSubmit,
}: {
  year: Year;
  form: NextYearForm;
  /** The draft whose periods and holidays the new year keeps. */
  draft: Year | undefined;
  repeaters: Repeaters;
  error: unknown;
  pending: boolean;
  onBack: () => void;
  onFix: () => void;
  onSubmit: () => void;
}) {
  const t = useT();
  const fmt = useFormat();
  const detail = useYear(year.id);
  const classes = useYearClasses(year.id);
  // [002 §4.6] the school's last grade graduates (11, or 9 in a basic school: «Школа» → last grade).
  const school = useQuery(getQuery('/api/school'));
  const lastGrade = school.data?.settings.lastGrade ?? 11;
  const [sure, setSure] = useState(false);
  const openPeriods = detail.data?.periods.filter((p) => !p.closed).length ?? 0;
  const repeatersByClass = useMemo(() => {
    const m = new Map<string, number>();
    for (const r of repeaters.values()) m.set(r.className, (m.get(r.className) ?? 0) + 1);
    return m;
  }, [repeaters]);
  const plan = (classes.data ?? []).map((c) => {
    const g = nextGrade(c.grade, lastGrade);
    const staying = repeatersByClass.get(c.name) ?? 0;
    return { id: c.id, from: c.name, to: g === 'graduate' ? null : classNameOf(g, c.letter), moving: c.studentCount - staying, staying };
  });
  const graduating = plan.filter((p) => p.to === null).reduce((n, p) => n + p.moving, 0);
  const promoted = plan.filter((p) => p.to !== null).reduce((n, p) => n + p.moving, 0);
  const step1Error =
    isApiError(error) && [...error.fields.map((f) => f.field), String(error.details.field ?? '')].some((f) => STEP1_FIELDS.test(f));
  const periodsText = draft
    ? [t('admin.yearEnd.draftPeriods', { name: draft.name })]
    : form.calendar.periods.length
      ? form.calendar.periods.map(
          (p) =>
            `${p.name.trim() || periodName(p.scheme, p.number)}: ${p.startsOn ? fmt.date(p.startsOn) : '?'} — ${p.endsOn ? fmt.date(p.endsOn) : '?'}`,
        )
      : [t('admin.yearEnd.usualPeriods')];
  return (
    <Stack>
      <Alert color="orange" variant="light" title={t('admin.yearEnd.warningTitle')}>
        {t('admin.yearEnd.warning', { name: year.name })}
      </Alert>
      <Title order={3}>{t('admin.yearEnd.willHappen')}</Title>
      <List spacing={4} data-testid="year-end-summary">
        <List.Item>{t('admin.yearEnd.willClose', { name: year.name, periods: openPeriods })}</List.Item>
        <List.Item>
          {t('admin.yearEnd.willOpen', { name: form.name.trim(), from: fmt.date(form.startsOn), to: fmt.date(form.endsOn) })}
        </List.Item>
        <List.Item>{t('admin.yearEnd.willPromote', { count: promoted })}</List.Item>
        <List.Item>{t('admin.yearEnd.willGraduate', { count: graduating })}</List.Item>
        <List.Item>
          {t('admin.yearEnd.willRepeat', { count: repeaters.size })}
          {repeaters.size > 0 && `: ${[...repeaters.values()].map((r) => `${r.name} (${r.className})`).join(', ')}`}
        </List.Item>
        <List.Item>{t(form.carryOver ? 'admin.yearEnd.willCarry' : 'admin.yearEnd.willNotCarry')}</List.Item>
        {draft ? (
          <List.Item>{t('admin.yearEnd.draftHolidays', { name: draft.name })}</List.Item>
        ) : (
          <List.Item>{t(form.usualHolidays ? 'admin.yearEnd.usualHolidays' : 'admin.yearEnd.noHolidays')}</List.Item>
        )}
        {form.promotionOrder.trim() && <List.Item>{t('admin.yearEnd.promotionOrderIs', { order: form.promotionOrder.trim() })}</List.Item>}
        {form.graduationOrder.trim() && (
          <List.Item>{t('admin.yearEnd.graduationOrderIs', { order: form.graduationOrder.trim() })}</List.Item>
        )}
      </List>
      <Title order={3}>{t('admin.yearEnd.newPeriods')}</Title>
      <List spacing={2} size="sm">
        {periodsText.map((line) => (
          <List.Item key={line}>{line}</List.Item>
        ))}
      </List>
      <Title order={3}>{t('admin.yearEnd.classes')}</Title>
      <QueryState query={classes}>
        {() => (
          <ScrollBox label={t('admin.yearEnd.classes')}>
            <Table striped withTableBorder data-testid="year-end-plan">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.yearEnd.fromClass')}</Table.Th>
                  <Table.Th>{t('admin.yearEnd.toClass')}</Table.Th>
                  <Table.Th>{t('admin.yearEnd.moving')}</Table.Th>
                  <Table.Th>{t('admin.yearEnd.staying')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {plan.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>{p.from}</Table.Td>
                    <Table.Td>{p.to ?? t('admin.yearEnd.graduation')}</Table.Td>
                    <Table.Td>{p.moving}</Table.Td>
                    <Table.Td>{p.staying || ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollBox>
        )}
      </QueryState>
      <Checkbox label={t('admin.yearEnd.sure', { name: year.name })} checked={sure} onChange={(e) => setSure(e.currentTarget.checked)} />
      <FormError error={error} shows={() => false} />
      {step1Error && (
        <Group>
          <Button variant="light" onClick={onFix}>
            {t('admin.yearEnd.fix')}
          </Button>
        </Group>
      )}
      <Group>
        <Button variant="default" onClick={onBack}>
          {t('admin.yearEnd.back')}
        </Button>
        <Button color="red" disabled={!sure} loading={pending} onClick={onSubmit}>
          {t('admin.yearEnd.submit')}
        </Button>
      </Group>
    </Stack>
  );
}

function ResultView({ result: r }: { result: YearEndResult }) {
  const t = useT();
  return (
    <Stack>
      <Alert color="green" role="status" title={t('admin.yearEnd.done', { closed: r.closedYear.name, opened: r.newYear.name })}>
        <List spacing={2} size="sm">
          {r.fromDraft && <List.Item>{t('admin.yearEnd.resultFromDraft', { name: r.newYear.name })}</List.Item>}
          <List.Item>{t('admin.yearEnd.resultPromoted', { count: r.promoted })}</List.Item>
          <List.Item>{t('admin.yearEnd.resultGraduated', { count: r.graduated })}</List.Item>
          <List.Item>{t('admin.yearEnd.resultRepeated', { count: r.repeated })}</List.Item>
          <List.Item>{t('admin.yearEnd.resultPeriods', { count: r.closedPeriods })}</List.Item>
          <List.Item>
            {t('admin.yearEnd.resultCarried', { curriculum: r.curriculumRows, loads: r.loads, subgroups: r.subgroups })}
          </List.Item>
        </List>
      </Alert>
      <Card>
        <Title order={2} mb="sm">
          {t('admin.yearEnd.classes')}
        </Title>
        <ScrollBox label={t('admin.yearEnd.classes')}>
          <Table striped withTableBorder data-testid="year-end-result">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.yearEnd.fromClass')}</Table.Th>
                <Table.Th>{t('admin.yearEnd.toClass')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.classes.map((c) => (
                <Table.Tr key={c.fromClassId}>
                  <Table.Td>{c.fromName}</Table.Td>
                  <Table.Td>{c.toName ?? t('admin.yearEnd.graduation')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollBox>
      </Card>
      <Text>
        {t('admin.yearEnd.closedReadable', { name: r.closedYear.name })}{' '}
        <Anchor component={Link} underline="always" to={adminPaths.years}>
          {t('admin.nav.years')}
        </Anchor>
      </Text>
    </Stack>
  );
}
