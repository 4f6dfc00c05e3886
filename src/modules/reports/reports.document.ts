import { formatDateRu } from '../../domain/calendar';
import type {
  ActivityReport,
  AttendanceFigures,
  AttendanceReport,
  ClassAnalysis,
  ControlFigures,
  ControlPageReport,
  ControlReport,
  PerformanceReport,
  RateChange,
  RateFigures,
  RegionReport,
  SubjectAnalysis,
} from './reports.schemas';

/**
 * A report as a document: a title and tables of cells. The PDF and the XLSX are both drawn from this,
 * and it is built from the same structure the JSON route sends, so the three hold the same figures
 * [issue 8]. Numbers stay numbers here; each renderer formats them its own way.
 */
export type Cell = string | number | null;

export interface ReportTable {
  title: string;
  columns: string[];
  rows: Cell[][];
}

export interface ReportDocument {
  title: string;
  lines: string[];
  tables: ReportTable[];
  /** ASCII file name without extension */
  fileName: string;
}

const range = (from: string, to: string) => `с ${formatDateRu(from)} по ${formatDateRu(to)}`;

// ───────────── control ─────────────
/**
 * The control figures as file columns, header and cell side by side, in the order of the screen's
 * columns (web/src/features/reports/components/columns.tsx): where the screen shows «3 (27,3 %)» the
 * files hold the count and the % as two numeric cells, so a spreadsheet can sum and chart them.
 */
const CONTROL_FIELDS: [string, (f: ControlFigures) => Cell][] = [
  ['Учеников', (f) => f.students],
  ['Без отметок', (f) => f.studentsNoMarks],
  ['Без отметок, %', (f) => f.studentsNoMarksPct],
  ['С одной отметкой', (f) => f.studentsOneMark],
  ['С одной, %', (f) => f.studentsOneMarkPct],
  ['Уроков', (f) => f.lessons],
  ['С темой, %', (f) => f.lessonsWithTopicPct],
  ['С д/з, %', (f) => f.lessonsWithHomeworkPct],
  ['Посещаемость отмечена, %', (f) => f.attendanceTakenPct],
  ['Отметок', (f) => f.marks],
  ['Поздно', (f) => f.lateMarks],
  ['Поздно, %', (f) => f.lateMarksPct],
  ['Медиана опоздания, дн.', (f) => f.medianDelayDays],
  ['Уроков по нагрузке', (f) => f.lessonsExpected],
  ['Накопляемость', (f) => f.accumulation],
  ['КТП: дано часов', (f) => f.planGiven],
  ['КТП: положено к дате', (f) => f.planHours],
  ['КТП, %', (f) => f.planPct],
];
const CONTROL_COLUMNS = CONTROL_FIELDS.map(([header]) => header);

function controlCells(f: ControlFigures): Cell[] {
  return CONTROL_FIELDS.map(([, cell]) => cell(f));
}

export function controlDocument(r: ControlReport): ReportDocument {
  const where = r.scope.className ? `${r.scope.schoolName}, ${r.scope.className} класс` : r.scope.schoolName;
  return {
    title: 'Контроль ведения электронного журнала',
    lines: [where, ...controlFilterLines(r), `Период ${range(r.from, r.to)}, учебных недель: ${r.studyWeeks}`, PLAN_RULE],
    fileName: `control-${r.from}-${r.to}`,
    tables: [
      { title: 'Итого', columns: ['', ...CONTROL_COLUMNS], rows: [['Всего', ...controlCells(r.total)]] },
      {
        title: 'По учителям',
        columns: ['Учитель', ...CONTROL_COLUMNS],
        rows: r.byTeacher.map((t) => [t.teacherName, ...controlCells(t.figures)]),
      },
      {
        title: 'По классам',
        columns: ['Класс', ...CONTROL_COLUMNS],
        rows: r.byClass.map((c) => [c.className, ...controlCells(c.figures)]),
      },
      {
        title: 'По предметам',
        columns: ['Предмет', ...CONTROL_COLUMNS],
        rows: r.bySubject.map((s) => [s.subjectName, ...controlCells(s.figures)]),
      },
      {
        title: 'По страницам журнала',
        columns: ['Класс', 'Предмет', 'Учитель', ...CONTROL_COLUMNS],
        rows: r.pages.map((p) => [
          p.subgroupName ? `${p.className} (${p.subgroupName})` : p.className,
          p.subjectName,
          p.teacherName,
          ...controlCells(p.figures),
        ]),
      },
    ],
  };
}

const yesNo = (b: boolean) => (b ? 'да' : 'нет');

/** [002 §2.1] how plan vs fact is counted, printed under the title of each control file. */
const PLAN_RULE =
  'КТП: положено к дате — первые часы плана по порядку тем, по числу уроков страницы по дату окончания; дано — уроки с темой из КТП, не больше часов темы';

/** The teacher and subject the report was narrowed to, named as on the screen's pickers. */
function controlFilterLines(r: ControlReport): string[] {
  const name = (list: { id: string; name: string }[], id: string | null) => (id ? list.find((x) => x.id === id)?.name : undefined);
  const teacher = name(r.choices.teachers, r.filters.teacherId);
  const subject = name(r.choices.subjects, r.filters.subjectId);
  return [...(teacher ? [`Учитель: ${teacher}`] : []), ...(subject ? [`Предмет: ${subject}`] : [])];
}

export function controlPageDocument(r: ControlPageReport): ReportDocument {
  return {
    title: 'Контроль ведения страницы журнала',
    lines: [
      r.schoolName,
      `${r.page.className}, ${r.page.subjectName}, учитель ${r.page.teacherName}`,
      `Период ${range(r.from, r.to)}`,
      PLAN_RULE,
    ],
    fileName: `control-page-${r.from}-${r.to}`,
    tables: [
      { title: 'Показатели', columns: CONTROL_COLUMNS, rows: [controlCells(r.figures)] },
      {
        title: 'Ученики',
        columns: ['Ученик', 'На странице с', 'по', 'Уроков', 'Отметок'],
        rows: r.students.map((s) => [s.name, formatDateRu(s.fromDate), formatDateRu(s.toDate), s.lessons, s.marks]),
      },
      {
        title: 'Уроки',
        columns: ['Дата', '№', 'Тема', 'Тема в срок', 'Д/з', 'Д/з в срок', 'Посещаемость', 'Отметок'],
        rows: r.lessons.map((l) => [
          formatDateRu(l.date),
          l.number,
          l.topic ?? '— нет темы —',
          yesNo(l.topicOnTime),
          yesNo(l.homework),
          yesNo(l.homeworkOnTime),
          yesNo(l.attendanceTaken),
          l.marks,
        ]),
      },
      {
        title: 'Отметки, выставленные позже срока',
        columns: ['Урок', 'Работа', 'Ученик', 'Отметка', 'Срок', 'Выставлена', 'Опоздание, дн.'],
        rows: r.lateMarks.map((m) => [
          formatDateRu(m.lessonDate),
          m.workTypeName,
          m.studentName,
          m.value,
          formatDateRu(m.deadline),
          formatDateRu(m.enteredOn),
          m.delayDays,
        ]),
      },
      {
        title: 'Тематическое планирование',
        columns: ['№', 'Тема', 'Часов', 'Часов с начала плана', 'Положено к дате', 'Дано уроков', 'Засчитано'],
        rows: r.plan.map((p) => [p.position, p.topic, p.hours, p.cumulativeHours, p.dueHours, p.given, p.counted]),
      },
    ],
  };
}

// ───────────── performance ─────────────
const RATE_COLUMNS = ['Аттестовано', '«5»', '«4»', '«3»', '«2»', 'Успеваемость, %', 'Качество, %', 'Средний балл'];
const CHANGE_COLUMNS = [
  'Успеваемость, % (было)',
  'Качество, % (было)',
  'Изменение успеваемости',
  'Изменение качества',
  'Изменение среднего',
];

function rateCells(f: RateFigures): Cell[] {
  return [f.students, f.five, f.four, f.three, f.two, f.performance, f.quality, f.average];
}

function changeCells(previous: RateFigures | null, change: RateChange): Cell[] {
  return [previous?.performance ?? null, previous?.quality ?? null, change.performance, change.quality, change.average];
}

export function performanceDocument(r: PerformanceReport): ReportDocument {
  const cols = [...RATE_COLUMNS, ...CHANGE_COLUMNS];
  const where = r.scope.className ? `${r.scope.schoolName}, ${r.scope.className} класс` : r.scope.schoolName;
  const row = (name: string, x: { figures: RateFigures; previous: RateFigures | null; change: RateChange }): Cell[] => [
    name,
    ...rateCells(x.figures),
    ...changeCells(x.previous, x.change),
  ];
  return {
    title: 'Успеваемость и качество знаний',
    lines: [
      where,
      `${r.basis.name} (${range(r.basis.startsOn, r.basis.endsOn)})`,
      r.previous
        ? `Сравнение: ${r.previous.name} (${range(r.previous.startsOn, r.previous.endsOn)})${
            r.byClass.some((c) => c.previousClassName && c.previousClassName !== c.className) ? ', классы — те же дети годом раньше' : ''
          }`
        : 'Предыдущего периода нет',
    ],
    fileName: `performance-${r.basis.startsOn}`,
    tables: [
      { title: 'Итого', columns: ['', ...cols], rows: [row('Всего', r.total)] },
      {
        title: 'По классам',
        columns: ['Класс', ...cols],
        rows: r.byClass.map((c) =>
          row(c.previousClassName && c.previousClassName !== c.className ? `${c.className} (было ${c.previousClassName})` : c.className, c),
        ),
      },
      { title: 'По параллелям', columns: ['Параллель', ...cols], rows: r.byGrade.map((g) => row(`${g.grade} классы`, g)) },
      {
        title: 'По предметам (каждая итоговая отметка)',
        columns: ['Предмет', ...cols],
        rows: r.bySubject.map((s) => row(s.subjectName, s)),
      },
      {
        title: 'По учителям (каждая итоговая отметка)',
        columns: ['Учитель', ...cols],
        rows: r.byTeacher.map((t) => row(t.teacherName, t)),
      },
    ],
  };
}

// ───────────── attendance ─────────────
const ATTENDANCE_COLUMNS = [
  'Учеников',
  'Пропущено уроков',
  'По уважительной',
  'Без уважительной',
  'Опозданий',
  'Минут опозданий',
  'Пропусков на ученика',
  'Без уважительной на ученика',
];

function attendanceCells(f: AttendanceFigures): Cell[] {
  return [f.students, f.missed, f.excused, f.unexcused, f.late, f.lateMinutes, f.missedPerStudent, f.unexcusedPerStudent];
}

export function attendanceDocument(r: AttendanceReport): ReportDocument {
  const where = r.scope.className ? `${r.scope.schoolName}, ${r.scope.className} класс` : r.scope.schoolName;
  const tables: ReportTable[] = [
    { title: 'Итого', columns: ['', ...ATTENDANCE_COLUMNS], rows: [['Всего', ...attendanceCells(r.total)]] },
    {
      title: r.granularity === 'week' ? 'По неделям' : 'По месяцам',
      columns: ['Период', ...ATTENDANCE_COLUMNS],
      rows: r.buckets.map((b) => [`${formatDateRu(b.startsOn)} – ${formatDateRu(b.endsOn)}`, ...attendanceCells(b.figures)]),
    },
    {
      title: 'По классам',
      columns: ['Класс', ...ATTENDANCE_COLUMNS],
      rows: r.byClass.map((c) => [c.className, ...attendanceCells(c.figures)]),
    },
  ];
  // [002 §4.5] each class per week or month (the screen's class × period table), one row per pair
  if (!r.scope.classId) {
    const when = new Map(r.buckets.map((b) => [b.key, `${formatDateRu(b.startsOn)} – ${formatDateRu(b.endsOn)}`]));
    tables.push({
      title: r.granularity === 'week' ? 'Классы по неделям' : 'Классы по месяцам',
      columns: ['Класс', 'Период', ...ATTENDANCE_COLUMNS],
      rows: r.byClass.flatMap((c) => c.buckets.map((b) => [c.className, when.get(b.key) ?? b.key, ...attendanceCells(b.figures)])),
    });
  }
  tables.push({
    title: 'По предметам',
    columns: ['Предмет', ...ATTENDANCE_COLUMNS],
    rows: r.bySubject.map((s) => [s.subjectName, ...attendanceCells(s.figures)]),
  });
  if (r.students.length > 0) {
    tables.push({
      title: 'По ученикам',
      columns: ['Ученик', ...ATTENDANCE_COLUMNS.slice(1, 6)],
      rows: r.students.map((s) => [s.name, ...attendanceCells(s.figures).slice(1, 6)]),
    });
  }
  return { title: 'Посещаемость', lines: [where, `Период ${range(r.from, r.to)}`], fileName: `attendance-${r.from}-${r.to}`, tables };
}

// ───────────── activity ─────────────
export const GROUP_NAMES: Record<string, string> = { staff: 'Сотрудники', parents: 'Родители', students: 'Ученики' };
const ACTIVITY_COLUMNS = ['Всего', 'С логином', 'Входили', 'Входили, %', 'Смотрели дневник', 'Смотрели, %', 'Активны', 'Активны, %'];

function activityCells(f: ActivityReport['groups'][number]['total']): Cell[] {
  return [f.people, f.withAccount, f.signedIn, f.signedInPct, f.diaryViewers, f.diaryViewersPct, f.active, f.activePct];
}

export function activityDocument(r: ActivityReport): ReportDocument {
  const where = r.scope.className ? `${r.scope.schoolName}, ${r.scope.className} класс` : r.scope.schoolName;
  const tables: ReportTable[] = [
    {
      title: 'За весь период',
      columns: ['Группа', ...ACTIVITY_COLUMNS],
      rows: r.groups.map((g) => [GROUP_NAMES[g.group], ...activityCells(g.total)]),
    },
    {
      title: r.granularity === 'week' ? 'По неделям' : 'По месяцам',
      columns: ['Период', 'Группа', ...ACTIVITY_COLUMNS],
      rows: r.groups.flatMap((g) =>
        g.buckets.map((b) => [
          `${formatDateRu(b.startsOn)} – ${formatDateRu(b.endsOn)}`,
          GROUP_NAMES[g.group],
          ...activityCells(b.figures),
        ]),
      ),
    },
  ];
  if (r.notLooked) {
    tables.push({
      title: `Родители, не открывавшие дневник ${range(r.notLooked.startsOn, r.notLooked.endsOn)}`,
      columns: ['Родитель', 'Ребёнок', 'Есть логин', 'Последний просмотр'],
      rows: r.notLooked.parents.map((p) => [
        p.parentName,
        p.studentName,
        yesNo(p.hasAccount),
        p.lastViewOn ? formatDateRu(p.lastViewOn) : 'никогда',
      ]),
    });
  }
  return {
    title: 'Активность пользователей',
    lines: [where, `Период ${range(r.from, r.to)}`],
    fileName: `activity-${r.from}-${r.to}`,
    tables,
  };
}

// ───────────── analyses ─────────────
export function subjectAnalysisDocument(r: SubjectAnalysis): ReportDocument {
  const cols = [...RATE_COLUMNS, ...CHANGE_COLUMNS];
  return {
    title: 'Анализ успеваемости по предмету',
    lines: [
      r.schoolName,
      `${r.page.className}, ${r.page.subjectName}, учитель ${r.page.teacherName}`,
      `${r.period.name} (${range(r.period.startsOn, r.period.endsOn)})`,
    ],
    fileName: `subject-analysis-${r.period.startsOn}`,
    tables: [
      {
        title: 'Итоговые отметки за период',
        columns: ['', ...cols],
        rows: [['Итого', ...rateCells(r.finals), ...changeCells(r.previousFinals, r.change)]],
      },
      {
        title: 'Ученики',
        columns: ['Ученик', 'Отметок', 'Средний балл', 'Итоговая', 'Было', 'Пропусков', 'По уважительной', 'Опозданий'],
        rows: r.students.map((s) => [s.name, s.marks, s.average, s.final ?? '—', s.previousFinal ?? '—', s.missed, s.excused, s.late]),
      },
      {
        title: 'Письменные работы',
        columns: ['Дата', 'Работа', ...RATE_COLUMNS],
        rows: r.works.map((w) => [
          formatDateRu(w.date),
          w.title ? `${w.workTypeName}: ${w.title}` : w.workTypeName,
          ...rateCells(w.figures),
        ]),
      },
      { title: 'Ведение страницы', columns: CONTROL_COLUMNS, rows: [controlCells(r.control)] },
    ],
  };
}

const CATEGORY_NAMES: Record<string, string> = {
  excellent: 'отличник',
  good: 'хорошист',
  withThree: 'с «3»',
  failing: 'неуспевающий',
  passed: 'зачёт',
  notAssessed: 'не аттестован',
};

export function classAnalysisDocument(r: ClassAnalysis): ReportDocument {
  const cols = [...RATE_COLUMNS, ...CHANGE_COLUMNS];
  const list = (title: string, names: string[]) => `${title}: ${names.length > 0 ? names.join(', ') : 'нет'}`;
  return {
    title: 'Анализ успеваемости класса',
    lines: [
      `${r.scope.schoolName}, ${r.scope.className} класс`,
      `${r.period.name} (${range(r.period.startsOn, r.period.endsOn)})`,
      list('Отличники', r.lists.excellent),
      list('Хорошисты', r.lists.good),
      list('С одной «3»', r.lists.oneThree),
      list('Неуспевающие', r.lists.failing),
      list('Не аттестованы', r.lists.notAssessed),
    ],
    fileName: `class-analysis-${r.period.startsOn}`,
    tables: [
      {
        title: 'Класс',
        columns: ['', ...cols],
        rows: [['Итого', ...rateCells(r.total.figures), ...changeCells(r.total.previous, r.total.change)]],
      },
      {
        title: 'Итоговые отметки учеников',
        columns: [
          'Ученик',
          ...r.subjects.map((s) => s.subjectName),
          '«5»',
          '«4»',
          '«3»',
          '«2»',
          'Средний',
          'Группа',
          'Пропусков',
          'Без уважительной',
        ],
        rows: r.students.map((s) => [
          s.name,
          ...r.subjects.map((sub) => s.finals.find((f) => f.subjectId === sub.subjectId)?.value ?? ''),
          s.five,
          s.four,
          s.three,
          s.two,
          s.average,
          CATEGORY_NAMES[s.category],
          s.missed,
          s.unexcused,
        ]),
      },
      {
        title: 'По предметам',
        columns: ['Предмет', ...cols],
        rows: r.bySubject.map((s) => [s.subjectName, ...rateCells(s.figures), ...changeCells(s.previous, s.change)]),
      },
      { title: 'Посещаемость', columns: ATTENDANCE_COLUMNS, rows: [attendanceCells(r.attendance)] },
    ],
  };
}

// ───────────── region ─────────────
export function regionDocument(r: RegionReport): ReportDocument {
  const rows = <T>(pick: (x: RegionReport['total']) => T, cells: (v: T) => Cell[]) => [
    ...r.schools.map((s) => [s.schoolName, ...cells(pick(s))]),
    ['Итого по региону', ...cells(pick(r.total))],
  ];
  const activity = (a: RegionReport['total']['activity']): Cell[] => [
    a.staff.activePct,
    a.parents.activePct,
    a.parents.diaryViewersPct,
    a.students.activePct,
    a.students.diaryViewersPct,
  ];
  return {
    title: 'Сводные показатели по школам',
    lines: [
      `Период ${range(r.from, r.to)}`,
      r.periodNumber === null ? 'Успеваемость: годовые отметки' : `Успеваемость: период № ${r.periodNumber}`,
    ],
    fileName: `region-${r.from}-${r.to}`,
    tables: [
      { title: 'Ведение журнала', columns: ['Школа', ...CONTROL_COLUMNS], rows: rows((x) => x.control, controlCells) },
      { title: 'Успеваемость и качество', columns: ['Школа', ...RATE_COLUMNS], rows: rows((x) => x.performance, rateCells) },
      { title: 'Посещаемость', columns: ['Школа', ...ATTENDANCE_COLUMNS], rows: rows((x) => x.attendance, attendanceCells) },
      {
        title: 'Активность, %',
        columns: ['Школа', 'Сотрудники', 'Родители', 'Родители: дневник', 'Ученики', 'Ученики: дневник'],
        rows: rows((x) => x.activity, activity),
      },
    ],
  };
}
