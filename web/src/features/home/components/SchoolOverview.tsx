import { QueryState } from '../../../components/ui/QueryState';
import { useT } from '../../../lib/i18n';
import { useClasses } from '../api';
import { StatCards } from './StatCards';

/** The school at a glance from /api/classes: classes, students, classes still without a class teacher. */
export function SchoolOverview() {
  const t = useT();
  const classes = useClasses();
  return (
    <QueryState query={classes}>
      {(list) => (
        <StatCards
          stats={[
            { label: t('home.stats.classes'), value: list.length },
            { label: t('home.stats.students'), value: list.reduce((sum, c) => sum + c.studentCount, 0) },
            { label: t('home.stats.noClassTeacher'), value: list.filter((c) => !c.classTeacherId).length },
          ]}
        />
      )}
    </QueryState>
  );
}
