import type { MessageKey } from '../../../lib/i18n';
import type { ActivityFigures, AttendanceFigures, ControlFigures, RateFigures } from '../api';
import type { useFigures } from '../format';
import type { Column } from './FiguresTable';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;
type F = ReturnType<typeof useFigures>;

/**
 * The control figures as table columns, after the row's name column. The files hold the same figures
 * in the same order (CONTROL_FIELDS in src/modules/reports/reports.document.ts), a count and its % as
 * two cells where a screen cell shows «3 (27,3 %)».
 */
export function controlColumns<R extends { figures: ControlFigures }>(t: T, f: F): Column<R>[] {
  const n = (key: string, label: MessageKey, pick: (x: ControlFigures) => string): Column<R> => ({
    key,
    header: t(label),
    cell: (r) => pick(r.figures),
    numeric: true,
  });
  return [
    n('students', 'reports.control.students', (x) => f.num(x.students)),
    n('noMarks', 'reports.control.noMarks', (x) => `${f.num(x.studentsNoMarks)} (${f.pct(x.studentsNoMarksPct)})`),
    n('oneMark', 'reports.control.oneMark', (x) => `${f.num(x.studentsOneMark)} (${f.pct(x.studentsOneMarkPct)})`),
    n('lessons', 'reports.control.lessons', (x) => f.num(x.lessons)),
    n('topic', 'reports.control.topic', (x) => f.pct(x.lessonsWithTopicPct)),
    n('homework', 'reports.control.homework', (x) => f.pct(x.lessonsWithHomeworkPct)),
    n('roll', 'reports.control.roll', (x) => f.pct(x.attendanceTakenPct)),
    n('marks', 'reports.control.marks', (x) => f.num(x.marks)),
    n('late', 'reports.control.late', (x) => `${f.num(x.lateMarks)} (${f.pct(x.lateMarksPct)})`),
    n('median', 'reports.control.median', (x) => f.num(x.medianDelayDays)),
    n('expected', 'reports.control.expected', (x) => f.num(x.lessonsExpected)),
    n('accumulation', 'reports.control.accumulation', (x) => f.num(x.accumulation)),
    // [002 §2.1] plan hours given of those due by the end of the range (the files: three cells)
    n('plan', 'reports.control.plan', (x) => `${f.num(x.planGiven)} / ${f.num(x.planHours)} (${f.pct(x.planPct)})`),
  ];
}

/** Performance columns, with the period before and the change when there is one. */
export function rateColumns<
  R extends {
    figures: RateFigures;
    previous?: RateFigures | null;
    change?: { performance: number | null; quality: number | null; average: number | null };
  },
>(t: T, f: F, compare: boolean): Column<R>[] {
  const n = (key: string, label: MessageKey, pick: (r: R) => string): Column<R> => ({ key, header: t(label), cell: pick, numeric: true });
  const cols = [
    n('students', 'reports.rate.students', (r) => f.num(r.figures.students)),
    n('five', 'reports.rate.five', (r) => f.num(r.figures.five)),
    n('four', 'reports.rate.four', (r) => f.num(r.figures.four)),
    n('three', 'reports.rate.three', (r) => f.num(r.figures.three)),
    n('two', 'reports.rate.two', (r) => f.num(r.figures.two)),
    n('performance', 'reports.rate.performance', (r) => f.pct(r.figures.performance)),
    n('quality', 'reports.rate.quality', (r) => f.pct(r.figures.quality)),
    n('average', 'reports.rate.average', (r) => f.num(r.figures.average)),
  ];
  if (!compare) return cols;
  return [
    ...cols,
    n('prevPerformance', 'reports.rate.prevPerformance', (r) => f.pct(r.previous?.performance)),
    n('prevQuality', 'reports.rate.prevQuality', (r) => f.pct(r.previous?.quality)),
    n('dPerformance', 'reports.rate.changePerformance', (r) => f.change(r.change?.performance)),
    n('dQuality', 'reports.rate.changeQuality', (r) => f.change(r.change?.quality)),
    n('dAverage', 'reports.rate.changeAverage', (r) => f.change(r.change?.average)),
  ];
}

export function attendanceColumns<R extends { figures: AttendanceFigures }>(t: T, f: F, perStudent = true): Column<R>[] {
  const n = (key: string, label: MessageKey, pick: (x: AttendanceFigures) => string): Column<R> => ({
    key,
    header: t(label),
    cell: (r) => pick(r.figures),
    numeric: true,
  });
  const cols = [
    n('missed', 'reports.attendance.missed', (x) => f.num(x.missed)),
    n('excused', 'reports.attendance.excused', (x) => f.num(x.excused)),
    n('unexcused', 'reports.attendance.unexcused', (x) => f.num(x.unexcused)),
    n('late', 'reports.attendance.late', (x) => f.num(x.late)),
    n('lateMinutes', 'reports.attendance.lateMinutes', (x) => f.num(x.lateMinutes)),
  ];
  if (!perStudent) return cols;
  return [
    n('students', 'reports.attendance.students', (x) => f.num(x.students)),
    ...cols,
    n('perStudent', 'reports.attendance.perStudent', (x) => f.num(x.missedPerStudent)),
    n('unexcusedPerStudent', 'reports.attendance.unexcusedPerStudent', (x) => f.num(x.unexcusedPerStudent)),
  ];
}

export function activityColumns<R extends { figures: ActivityFigures }>(t: T, f: F): Column<R>[] {
  const n = (key: string, label: MessageKey, pick: (x: ActivityFigures) => string): Column<R> => ({
    key,
    header: t(label),
    cell: (r) => pick(r.figures),
    numeric: true,
  });
  return [
    n('people', 'reports.activity.people', (x) => f.num(x.people)),
    n('withAccount', 'reports.activity.withAccount', (x) => f.num(x.withAccount)),
    n('signedIn', 'reports.activity.signedIn', (x) => `${f.num(x.signedIn)} (${f.pct(x.signedInPct)})`),
    n('viewers', 'reports.activity.viewers', (x) => `${f.num(x.diaryViewers)} (${f.pct(x.diaryViewersPct)})`),
    n('active', 'reports.activity.active', (x) => `${f.num(x.active)} (${f.pct(x.activePct)})`),
  ];
}
