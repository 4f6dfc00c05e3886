import { calendarDateIn, formatDateRu, weekdayOf } from '../domain/calendar';
import { localMinutesIn, weeklyLetterWeek } from '../domain/messaging';
import { deliveryRepository as repo } from '../modules/notifications/delivery.repository';
import { enqueueEvent } from '../modules/notifications/outbox';
import { buildParentReports, parentReportSms, parentReportText } from '../modules/notifications/parent-report';
import type { Deps } from '../server/context';

/**
 * [000 §4.3], [002 §8.3] the informational letter goes out every week to parents who asked for it: on
 * Saturday afternoon (school time) for Monday–Saturday, by e-mail with the PDF and/or a short SMS as the
 * family chose. Each letter is an outbox event keyed by parent, child and week, so it is queued once.
 * Returns the number of letters queued.
 */
export async function queueWeeklyLetters(deps: Deps): Promise<number> {
  const now = deps.now();
  let queued = 0;
  for (const school of await repo.schools(deps.db)) {
    const today = calendarDateIn(now, school.time_zone);
    const week = weeklyLetterWeek(today, weekdayOf(today), localMinutesIn(now, school.time_zone));
    if (!week) continue;
    const due = (await repo.weeklyLetterCandidates(deps.db, school.id, week.from)).filter((c) => !c.already);
    if (!due.length) continue;
    const reports = await buildParentReports(deps.db, school.id, [...new Set(due.map((c) => c.student_id))], week.from, week.to);
    await deps.db.tx(async (tx) => {
      for (const c of due) {
        const r = reports.get(c.student_id);
        if (!r) continue;
        const id = await enqueueEvent(tx, {
          schoolId: school.id,
          kind: 'report',
          audience: { personId: c.parent_id, studentId: c.student_id },
          key: `weekly:${c.parent_id}:${c.student_id}:${week.from}`,
          at: now,
          payload: {
            title: `Информационное письмо: ${r.student.name}, ${formatDateRu(week.from)} — ${formatDateRu(week.to)}`,
            text: parentReportText(r),
            sms: parentReportSms(r),
            report: { studentId: c.student_id, from: week.from, to: week.to },
            link: '/diary',
          },
        });
        if (id) queued++;
      }
    });
  }
  return queued;
}
