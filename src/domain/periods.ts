/**
 * Period locks [004 admin]: closing a period makes its marks and attendance read-only; a school may
 * also limit edits to a number of days after the lesson [DOMAIN §3].
 */
import { addDays, calendarDateIn, formatDateRu, type IsoDate, isWithin } from './calendar';
import type { SchoolSettings } from './school-settings';

export type WriteCheck =
  | { ok: true }
  | {
      ok: false;
      code: 'journal.period_closed' | 'journal.edit_window_passed' | 'journal.outside_period';
      message: string;
    };

export interface LockablePeriod {
  name?: string;
  startsOn?: IsoDate;
  endsOn?: IsoDate;
  closedAt: Date | null;
}

/**
 * [004 admin] may a mark, absence, topic or homework of the lesson on `lessonDate` be written now?
 * Refused outside every period, in a closed period, and after the school's edit window
 * (`editWindowDays` after the lesson, counted in the school's calendar; null = no window).
 */
export function isWriteAllowed(input: {
  lessonDate: IsoDate;
  period: LockablePeriod | null;
  now: Date;
  settings: Pick<SchoolSettings, 'editWindowDays'>;
  timeZone?: string;
}): WriteCheck {
  const { lessonDate, period, now, settings } = input;
  const date = formatDateRu(lessonDate);
  const { startsOn, endsOn } = period ?? {};
  if (period === null || (startsOn && endsOn && !isWithin(lessonDate, { startsOn, endsOn }))) {
    return { ok: false, code: 'journal.outside_period', message: `Дата ${date} не входит ни в один учебный период` };
  }
  if (period.closedAt !== null) {
    const which = period.name ? `Период «${period.name}»` : `Период, в который входит ${date},`;
    return {
      ok: false,
      code: 'journal.period_closed',
      message: `${which} закрыт: изменения отметок и посещаемости запрещены`,
    };
  }
  if (settings.editWindowDays !== null) {
    const lastDay = addDays(lessonDate, settings.editWindowDays);
    if (calendarDateIn(now, input.timeZone) > lastDay) {
      return {
        ok: false,
        code: 'journal.edit_window_passed',
        message: `Срок редактирования урока ${date} истёк: изменения допускались до ${formatDateRu(lastDay)} включительно`,
      };
    }
  }
  return { ok: true };
}
