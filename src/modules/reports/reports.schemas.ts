import { z } from 'zod';

/**
 * Shapes of the reports [DOMAIN §9]: each report is one plain structure, rendered as JSON, PDF and XLSX.
 * Percentages are 0–100 with one decimal, null when there is nothing to divide by.
 */

const int = z.number().int();
const pct = z.number().nullable();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'дата в формате ГГГГ-ММ-ДД');

export const rangeQuery = z.object({ from: isoDate, to: isoDate });
export const granularity = z.enum(['week', 'month']);
export const fileFormat = z.enum(['pdf', 'xlsx']);

const scopeOut = z.object({
  schoolId: z.uuid(),
  schoolName: z.string(),
  classId: z.uuid().nullable(),
  className: z.string().nullable(),
  pageId: z.uuid().nullable(),
});

// ───────────── control of journal keeping ─────────────
export const controlQuery = rangeQuery.extend({
  schoolId: z.uuid().optional(),
  classId: z.uuid().optional(),
  teacherId: z.uuid().optional(),
  subjectId: z.uuid().optional(),
  pageId: z.uuid().optional(),
});

export const controlFigures = z
  .object({
    pages: int,
    students: int.meta({ description: 'ученики на странице (сумма по страницам для групп)' }),
    studentsNoMarks: int,
    studentsNoMarksPct: pct,
    studentsOneMark: int,
    studentsOneMarkPct: pct,
    lessons: int,
    lessonsWithTopic: int,
    lessonsWithTopicPct: pct,
    topicsOnTime: int,
    lessonsWithHomework: int,
    lessonsWithHomeworkPct: pct,
    homeworkOnTime: int,
    attendanceTaken: int,
    attendanceTakenPct: pct,
    attendanceOnTime: int,
    marks: int,
    lateMarks: int,
    lateMarksPct: pct,
    medianDelayDays: z.number().nullable(),
    lessonsExpected: int.nullable(),
    marksPerStudent: z.number().nullable(),
    accumulation: z.number().nullable(),
    planYearHours: int.meta({ description: 'часов в КТП на весь год' }),
    planHours: int.meta({ description: 'часов КТП, положенных к дате окончания (уроки страницы по эту дату по порядку КТП)' }),
    planGiven: int.meta({ description: 'часов КТП, данных по эту дату (уроки с темой из КТП, не больше часов темы)' }),
    planPct: pct,
  })
  .meta({ id: 'ControlFigures' });

const pageRef = z.object({
  pageId: z.uuid(),
  classId: z.uuid(),
  className: z.string(),
  subgroupName: z.string().nullable(),
  subjectId: z.uuid(),
  subjectName: z.string(),
  teacherId: z.uuid(),
  teacherName: z.string(),
  hoursPerWeek: z.number().nullable(),
});

export const controlReport = z
  .object({
    scope: scopeOut,
    from: z.string(),
    to: z.string(),
    studyWeeks: z.number(),
    pages: z.array(pageRef.extend({ figures: controlFigures })),
    byTeacher: z.array(z.object({ teacherId: z.uuid(), teacherName: z.string(), figures: controlFigures })),
    byClass: z.array(z.object({ classId: z.uuid(), className: z.string(), figures: controlFigures })),
    bySubject: z.array(z.object({ subjectId: z.uuid(), subjectName: z.string(), figures: controlFigures })),
    total: controlFigures,
    filters: z.object({ teacherId: z.uuid().nullable(), subjectId: z.uuid().nullable() }),
    choices: z.object({
      teachers: z.array(z.object({ id: z.uuid(), name: z.string() })),
      subjects: z.array(z.object({ id: z.uuid(), name: z.string() })),
    }),
  })
  .meta({ id: 'ControlReport' });

export const controlPageReport = z
  .object({
    page: pageRef,
    schoolName: z.string(),
    from: z.string(),
    to: z.string(),
    figures: controlFigures,
    students: z.array(
      z.object({ studentId: z.uuid(), name: z.string(), fromDate: z.string(), toDate: z.string(), lessons: int, marks: int }),
    ),
    lessons: z.array(
      z.object({
        lessonId: z.uuid(),
        date: z.string(),
        number: int,
        topic: z.string().nullable(),
        topicOnTime: z.boolean(),
        homework: z.boolean(),
        homeworkOnTime: z.boolean(),
        attendanceTaken: z.boolean(),
        attendanceOnTime: z.boolean(),
        planTopic: z.string().nullable(),
        marks: int,
      }),
    ),
    lateMarks: z.array(
      z.object({
        markId: z.uuid(),
        lessonId: z.uuid(),
        lessonDate: z.string(),
        workType: z.string(),
        workTypeName: z.string(),
        studentId: z.uuid(),
        studentName: z.string(),
        value: z.string(),
        deadline: z.string(),
        enteredOn: z.string(),
        delayDays: int,
      }),
    ),
    plan: z.array(
      z.object({
        position: int,
        topic: z.string(),
        hours: int,
        cumulativeHours: int,
        dueHours: int.meta({ description: 'часов темы, положенных к дате окончания' }),
        given: int.meta({ description: 'уроков с этой темой по дату окончания' }),
        counted: int.meta({ description: 'засчитано в выполнение: не больше часов темы' }),
      }),
    ),
  })
  .meta({ id: 'ControlPageReport' });

export type ControlFigures = z.infer<typeof controlFigures>;
export type ControlReport = z.infer<typeof controlReport>;
export type ControlPageReport = z.infer<typeof controlPageReport>;

// ───────────── performance and quality ─────────────
export const performanceQuery = z.object({
  schoolId: z.uuid().optional(),
  classId: z.uuid().optional(),
  periodId: z.uuid().optional(),
  yearId: z.uuid().optional(),
});

export const rateFigures = z
  .object({
    students: int.meta({ description: 'аттестованные: ученики (класс, параллель, школа) или отметки (предмет, учитель)' }),
    five: int,
    four: int,
    three: int,
    two: int,
    excellent: int,
    good: int,
    withThree: int,
    failing: int,
    performance: pct,
    quality: pct,
    average: z.number().nullable(),
  })
  .meta({ id: 'RateFigures' });

export const rateChange = z.object({ performance: z.number().nullable(), quality: z.number().nullable(), average: z.number().nullable() });

const basis = z.object({ kind: z.enum(['period', 'year']), id: z.uuid(), name: z.string(), startsOn: z.string(), endsOn: z.string() });
const compared = { figures: rateFigures, previous: rateFigures.nullable(), change: rateChange };

export const performanceReport = z
  .object({
    scope: scopeOut,
    basis,
    previous: basis.nullable(),
    total: z.object(compared),
    byClass: z.array(
      z.object({
        classId: z.uuid(),
        className: z.string(),
        previousClassName: z
          .string()
          .nullable()
          .meta({ description: 'класс, с которым сравнивается: тот же или, для прошлого учебного года, те же дети (6А ← 5А)' }),
        ...compared,
      }),
    ),
    bySubject: z.array(z.object({ subjectId: z.uuid(), subjectName: z.string(), ...compared })),
    byTeacher: z.array(z.object({ teacherId: z.uuid(), teacherName: z.string(), ...compared })),
    byGrade: z.array(z.object({ grade: int, ...compared })),
  })
  .meta({ id: 'PerformanceReport' });

export const performanceChoices = z.object({
  yearId: z.uuid().nullable(),
  periods: z.array(z.object({ id: z.uuid(), name: z.string(), scheme: z.string(), number: int, startsOn: z.string(), endsOn: z.string() })),
});

// ───────────── attendance ─────────────
export const attendanceQuery = rangeQuery.extend({
  schoolId: z.uuid().optional(),
  classId: z.uuid().optional(),
  granularity: granularity.optional(),
});

export const attendanceFigures = z
  .object({
    students: int,
    missed: int,
    excused: int,
    unexcused: int,
    late: int,
    lateMinutes: int,
    missedPerStudent: z.number().nullable(),
    unexcusedPerStudent: z.number().nullable(),
  })
  .meta({ id: 'AttendanceFigures' });

export const attendanceReport = z
  .object({
    scope: scopeOut,
    from: z.string(),
    to: z.string(),
    granularity,
    buckets: z.array(z.object({ key: z.string(), startsOn: z.string(), endsOn: z.string(), figures: attendanceFigures })),
    byClass: z.array(
      z.object({
        classId: z.uuid(),
        className: z.string(),
        figures: attendanceFigures,
        buckets: z.array(z.object({ key: z.string(), figures: attendanceFigures })).meta({
          description: 'класс по неделям или месяцам, в том же порядке, что и buckets отчёта',
        }),
      }),
    ),
    bySubject: z.array(z.object({ subjectId: z.uuid(), subjectName: z.string(), figures: attendanceFigures })),
    students: z.array(z.object({ studentId: z.uuid(), name: z.string(), figures: attendanceFigures })),
    total: attendanceFigures,
  })
  .meta({ id: 'AttendanceReport' });

// ───────────── activity ─────────────
export const activityQuery = rangeQuery.extend({
  schoolId: z.uuid().optional(),
  classId: z.uuid().optional(),
  granularity: granularity.optional(),
});

export const activityFigures = z
  .object({
    people: int,
    withAccount: int,
    signedIn: int,
    signedInPct: pct,
    diaryViewers: int,
    diaryViewersPct: pct,
    active: int,
    activePct: pct,
  })
  .meta({ id: 'ActivityFigures' });

export const activityGroup = z.enum(['staff', 'parents', 'students']);

export const activityReport = z
  .object({
    scope: scopeOut,
    from: z.string(),
    to: z.string(),
    granularity,
    groups: z.array(
      z.object({
        group: activityGroup,
        total: activityFigures,
        buckets: z.array(z.object({ key: z.string(), startsOn: z.string(), endsOn: z.string(), figures: activityFigures })),
      }),
    ),
    notLooked: z
      .object({
        startsOn: z.string(),
        endsOn: z.string(),
        parents: z.array(
          z.object({
            parentId: z.uuid(),
            parentName: z.string(),
            hasAccount: z.boolean(),
            studentId: z.uuid(),
            studentName: z.string(),
            lastViewOn: z.string().nullable(),
          }),
        ),
      })
      .nullable(),
  })
  .meta({ id: 'ActivityReport' });

// ───────────── analyses after a period ─────────────
export const periodQuery = z.object({ periodId: z.uuid().optional() });

export const studentCategory = z.enum(['excellent', 'good', 'withThree', 'failing', 'passed', 'notAssessed']);

export const subjectAnalysis = z
  .object({
    page: pageRef,
    schoolName: z.string(),
    period: basis,
    previous: basis.nullable(),
    students: z.array(
      z.object({
        studentId: z.uuid(),
        name: z.string(),
        fromDate: z.string(),
        toDate: z.string(),
        marks: int,
        average: z.number().nullable(),
        final: z.string().nullable(),
        previousFinal: z.string().nullable(),
        missed: int,
        excused: int,
        late: int,
      }),
    ),
    finals: rateFigures,
    previousFinals: rateFigures.nullable(),
    change: rateChange,
    works: z.array(
      z.object({
        workId: z.uuid(),
        date: z.string(),
        workType: z.string(),
        workTypeName: z.string(),
        title: z.string().nullable(),
        figures: rateFigures,
      }),
    ),
    control: controlFigures,
  })
  .meta({ id: 'SubjectAnalysis' });

export const classAnalysis = z
  .object({
    scope: scopeOut,
    period: basis,
    previous: basis.nullable(),
    subjects: z.array(z.object({ subjectId: z.uuid(), subjectName: z.string() })),
    students: z.array(
      z.object({
        studentId: z.uuid(),
        name: z.string(),
        finals: z.array(z.object({ subjectId: z.uuid(), value: z.string() })),
        five: int,
        four: int,
        three: int,
        two: int,
        average: z.number().nullable(),
        category: studentCategory,
        oneThree: z.boolean(),
        missed: int,
        excused: int,
        unexcused: int,
      }),
    ),
    bySubject: z.array(z.object({ subjectId: z.uuid(), subjectName: z.string(), ...compared })),
    total: z.object(compared),
    lists: z.object({
      excellent: z.array(z.string()),
      good: z.array(z.string()),
      oneThree: z.array(z.string()),
      failing: z.array(z.string()),
      notAssessed: z.array(z.string()),
    }),
    attendance: attendanceFigures,
  })
  .meta({ id: 'ClassAnalysis' });

// ───────────── region ─────────────
export const regionQuery = rangeQuery.extend({
  scheme: z.enum(['quarter', 'half', 'trimester']).optional(),
  periodNumber: z.coerce.number().int().optional(),
});

const regionFigures = {
  control: controlFigures,
  performance: rateFigures,
  attendance: attendanceFigures,
  activity: z.object({ staff: activityFigures, parents: activityFigures, students: activityFigures }),
};

export const regionReport = z
  .object({
    from: z.string(),
    to: z.string(),
    scheme: z.string(),
    periodNumber: int.nullable(),
    schools: z.array(z.object({ schoolId: z.uuid(), schoolName: z.string(), ...regionFigures })),
    total: z.object(regionFigures),
  })
  .meta({ id: 'RegionReport' });

export const regionSchools = z.array(z.object({ id: z.uuid(), name: z.string(), shortName: z.string() }));

export type ControlQuery = z.infer<typeof controlQuery>;
export type PerformanceQuery = z.infer<typeof performanceQuery>;
export type AttendanceQuery = z.infer<typeof attendanceQuery>;
export type ActivityQuery = z.infer<typeof activityQuery>;
export type RegionQuery = z.infer<typeof regionQuery>;
export type RateFigures = z.infer<typeof rateFigures>;
export type RateChange = z.infer<typeof rateChange>;
export type PerformanceReport = z.infer<typeof performanceReport>;
export type AttendanceFigures = z.infer<typeof attendanceFigures>;
export type AttendanceReport = z.infer<typeof attendanceReport>;
export type ActivityFigures = z.infer<typeof activityFigures>;
export type ActivityReport = z.infer<typeof activityReport>;
export type StudentCategory = z.infer<typeof studentCategory>;
export type SubjectAnalysis = z.infer<typeof subjectAnalysis>;
export type ClassAnalysis = z.infer<typeof classAnalysis>;
export type RegionReport = z.infer<typeof regionReport>;
export type RegionSchoolFigures = RegionReport['schools'][number];
