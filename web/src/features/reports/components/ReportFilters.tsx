import { Group, NativeSelect, TextInput } from '@mantine/core';
import { useT } from '../../../lib/i18n';
import { useCurrentUser } from '../../../lib/session';
import { useClasses } from '../api';
import { isSchoolWide, useReportSearch } from '../filters';

interface Choice {
  id: string;
  name: string;
}

/**
 * Date range, optional week/month and class. The administration may pick «вся школа» or any class;
 * a class teacher picks among their own classes (the server answers 404 for any other). The control
 * report adds a teacher and a subject (`people`: the teachers and subjects of its scope).
 */
export function ReportFilters({
  granularity = false,
  classPick = true,
  range = true,
  people,
}: {
  granularity?: boolean;
  classPick?: boolean;
  range?: boolean;
  people?: { teachers: Choice[]; subjects: Choice[] };
}) {
  const t = useT();
  const me = useCurrentUser();
  const f = useReportSearch();
  const wide = isSchoolWide(me);
  const classes = useClasses();
  const options = wide
    ? [{ value: '', label: t('reports.wholeSchool') }, ...(classes.data ?? []).map((c) => ({ value: c.id, label: c.name }))]
    : me.classTeacherOf.map((c) => ({ value: c.id, label: c.name }));
  const classValue = f.classId ?? (wide ? '' : (me.classTeacherOf[0]?.id ?? ''));
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      {range && (
        <>
          <TextInput
            type="date"
            label={t('reports.from')}
            value={f.from}
            onChange={(e) => e.currentTarget.value && f.set({ from: e.currentTarget.value })}
            w={160}
          />
          <TextInput
            type="date"
            label={t('reports.to')}
            value={f.to}
            onChange={(e) => e.currentTarget.value && f.set({ to: e.currentTarget.value })}
            w={160}
          />
        </>
      )}
      {granularity && (
        <NativeSelect
          label={t('reports.granularity')}
          value={f.granularity}
          onChange={(e) => f.set({ by: e.currentTarget.value })}
          data={[
            { value: 'week', label: t('reports.byWeek') },
            { value: 'month', label: t('reports.byMonth') },
          ]}
        />
      )}
      {classPick && options.length > 0 && (
        <NativeSelect
          label={t('reports.class')}
          value={classValue}
          onChange={(e) => f.set({ class: e.currentTarget.value })}
          data={options}
        />
      )}
      {people && (
        <>
          <NativeSelect
            label={t('reports.teacher')}
            value={f.teacherId ?? ''}
            onChange={(e) => f.set({ teacher: e.currentTarget.value })}
            data={[{ value: '', label: t('reports.allTeachers') }, ...withChosen(people.teachers, f.teacherId)]}
          />
          <NativeSelect
            label={t('reports.subject')}
            value={f.subjectId ?? ''}
            onChange={(e) => f.set({ subject: e.currentTarget.value })}
            data={[{ value: '', label: t('reports.allSubjects') }, ...withChosen(people.subjects, f.subjectId)]}
          />
        </>
      )}
    </Group>
  );
}

/** The options of a picker; a chosen id the list lacks (another class chosen since) stays as «—». */
function withChosen(list: Choice[], chosen: string | undefined) {
  const options = list.map((c) => ({ value: c.id, label: c.name }));
  return chosen && !list.some((c) => c.id === chosen) ? [...options, { value: chosen, label: '—' }] : options;
}

/** The class the report is asked for: the chosen one, else (for a class teacher) their first class. */
export function useChosenClass(): string | undefined {
  const me = useCurrentUser();
  const f = useReportSearch();
  if (f.classId) return f.classId;
  return isSchoolWide(me) ? undefined : me.classTeacherOf[0]?.id;
}
