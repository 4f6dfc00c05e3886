import type { Queryable } from '../../db/client';
import { enqueueNotification } from '../notifications/outbox';
import type { FinalKind } from './finals.repository';

export interface FinalMarkConfirmed {
  schoolId: string;
  finalMarkId: string;
  /** With the id, a key that makes a retried enqueue harmless: `final_mark:${finalMarkId}:v${version}`. */
  version: number;
  studentId: string;
  pageId: string;
  subjectId: string;
  subjectName: string;
  kind: FinalKind;
  periodId: string | null;
  /** «1 четверть», «Год», «Экзамен», «Итог» — ready for the message text. */
  periodName: string;
  value: string;
  /** The previous value when the mark was changed, null when it was set for the first time. */
  previousValue: string | null;
}

/**
 * [002 §8.4] families learn a confirmed final mark within 24 hours.
 *
 * The one place where confirming a final mark tells the family. It is called inside the write's
 * transaction (`tx`) for every created or changed final mark, so that a message can be queued in an
 * outbox that commits — or rolls back — together with the mark.
 *
 * The diary already shows a confirmed final mark at once, since every row of final_marks is a
 * confirmed one.
 */
export async function notifyFinalMarkConfirmed(tx: Queryable, event: FinalMarkConfirmed): Promise<void> {
  await enqueueNotification(tx, {
    schoolId: event.schoolId,
    studentId: event.studentId,
    kind: 'final_mark',
    payload: { subjectName: event.subjectName, value: event.value, periodName: event.periodName },
    key: `final_mark:${event.finalMarkId}:v${event.version}`,
  });
}
