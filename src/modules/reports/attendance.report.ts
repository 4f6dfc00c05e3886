import type { Queryable } from '../../db/client';
import { ATTENDANCE_CODES, countsAsMissed, isExcused } from '../../domain/attendance';
import { type Granularity, reportBuckets, round2 } from '../../domain/report-formulas';
import { type AttendanceCountRow, type AttendanceFilter, attendanceRepository as repo } from './attendance.repository';
import { reportsRepository } from './reports.repository';
import type { AttendanceFigures, AttendanceReport } from './reports.schemas';
import type { ReportScope } from './reports.scope';

/** [002 §4.5] missed = «н», «б», «у»; excused among them = «б», «у»; late = «оп» — from the domain rules. */
export const MISSED_CODES = ATTENDANCE_CODES.filter(countsAsMissed);
export const EXCUSED_MISSED_CODES = ATTENDANCE_CODES.filter((c) => countsAsMissed(c) && isExcused(c));
export const LATE_CODE = 'оп';

export interface AttendanceCounts {
  missed: number;
  excused: number;
  late: number;
  lateMinutes: number;
}

const zero = (): AttendanceCounts => ({ missed: 0, excused: 0, late: 0, lateMinutes: 0 });

export function addAttendance(into: AttendanceCounts, r: Pick<AttendanceCountRow, 'missed' | 'excused' | 'late' | 'late_minutes'>) {
  into.missed += r.missed;
  into.excused += r.excused;
  into.late += r.late;
  into.lateMinutes += r.late_minutes;
  return into;
}

/** [002 §4.5] the figures: missed, excused vs unexcused, late; per student over the students of the scope. */
export function attendanceFigures(c: AttendanceCounts, students: number): AttendanceFigures {
  return {
    students,
    missed: c.missed,
    excused: c.excused,
    unexcused: c.missed - c.excused,
    late: c.late,
    lateMinutes: c.lateMinutes,
    missedPerStudent: students > 0 ? round2(c.missed / students) : null,
    unexcusedPerStudent: students > 0 ? round2((c.missed - c.excused) / students) : null,
  };
}

export function attendanceFilter(
  schoolIds: string[],
  range: { from: string; to: string },
  classId: string | null,
  granularity: Granularity,
): AttendanceFilter {
  return {
    schoolIds,
    from: range.from,
    to: range.to,
    classId,
    granularity,
    missedCodes: [...MISSED_CODES],
    excusedCodes: [...EXCUSED_MISSED_CODES],
    lateCode: LATE_CODE,
  };
}

/**
 * [002 §4.5], [000 §4.2] attendance per class per week or month: missed lessons per student, excused vs
 * unexcused, late; by subject; for a class also per student (the class teacher's weekly report).
 */
export async function computeAttendance(
  db: Queryable,
  scope: ReportScope,
  range: { from: string; to: string },
  granularity: Granularity,
): Promise<AttendanceReport> {
  const school = await reportsRepository.school(db, scope.schoolId);
  const f = attendanceFilter([scope.schoolId], range, scope.classId, granularity);
  const [rows, rosters, schoolStudents, subjects, students] = await Promise.all([
    repo.counts(db, f),
    repo.classRosters(db, f.schoolIds, range.from, range.to, scope.classId),
    repo.schoolStudents(db, f.schoolIds, range.from, range.to),
    repo.subjectNames(db, f.schoolIds),
    scope.classId ? repo.classStudents(db, scope.schoolId, scope.classId, range.from, range.to) : Promise.resolve([]),
  ]);
  const population = scope.classId ? (rosters[0]?.students ?? 0) : (schoolStudents[0]?.students ?? 0);
  const byClass = new Map(
    rosters.map((r) => [
      r.class_id,
      { name: r.class_name, students: r.students, counts: zero(), buckets: new Map<string, AttendanceCounts>() },
    ]),
  );
  const byBucket = new Map<string, AttendanceCounts>();
  const bySubject = new Map<string, AttendanceCounts>();
  const byStudent = new Map<string, AttendanceCounts>();
  const total = zero();
  for (const r of rows) {
    if (r.g === 7) {
      const c = byClass.get(r.class_id);
      if (c) addAttendance(c.counts, r);
      addAttendance(total, r);
    } else if (r.g === 3 && r.bucket) {
      // class × week/month: the school's buckets and each class's are the same rows added up
      byBucket.set(r.bucket, addAttendance(byBucket.get(r.bucket) ?? zero(), r));
      const c = byClass.get(r.class_id);
      if (c) c.buckets.set(r.bucket, addAttendance(c.buckets.get(r.bucket) ?? zero(), r));
    } else if (r.g === 6 && r.subject_id) bySubject.set(r.subject_id, addAttendance(bySubject.get(r.subject_id) ?? zero(), r));
    else if (r.g === 5 && r.student_id) byStudent.set(r.student_id, addAttendance(byStudent.get(r.student_id) ?? zero(), r));
  }
  const subjectName = new Map(subjects.map((s) => [s.id, s.name]));
  const cls = scope.classId ? await reportsRepository.className(db, scope.schoolId, scope.classId) : undefined;
  const buckets = reportBuckets({ startsOn: range.from, endsOn: range.to }, granularity);
  return {
    scope: { schoolId: school.id, schoolName: school.name, classId: scope.classId, className: cls?.name ?? null, pageId: null },
    from: range.from,
    to: range.to,
    granularity,
    buckets: buckets.map((b) => ({
      key: b.key,
      startsOn: b.startsOn,
      endsOn: b.endsOn,
      figures: attendanceFigures(byBucket.get(b.key) ?? zero(), population),
    })),
    // [002 §4.5] per class per week or month; per student over the class's roster of the whole range
    byClass: [...byClass.entries()].map(([classId, c]) => ({
      classId,
      className: c.name,
      figures: attendanceFigures(c.counts, c.students),
      buckets: buckets.map((b) => ({ key: b.key, figures: attendanceFigures(c.buckets.get(b.key) ?? zero(), c.students) })),
    })),
    bySubject: [...bySubject.entries()]
      .map(([subjectId, c]) => ({ subjectId, subjectName: subjectName.get(subjectId) ?? '', figures: attendanceFigures(c, population) }))
      .sort((a, b) => a.subjectName.localeCompare(b.subjectName, 'ru')),
    students: students.map((s) => ({ studentId: s.id, name: s.name, figures: attendanceFigures(byStudent.get(s.id) ?? zero(), 1) })),
    total: attendanceFigures(total, population),
  };
}
