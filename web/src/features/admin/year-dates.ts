import { addDays, isIsoDate } from '@domain/calendar';

/** The same calendar day a year later (29 February becomes 28 February). */
function plusYear(date: string): string {
  const next = `${Number(date.slice(0, 4)) + 1}${date.slice(4)}`;
  return isIsoDate(next) ? next : addDays(`${next.slice(0, 8)}28`, 0);
}

/**
 * The year after `last` as a proposal: «2025/2026» (01.09.2025–31.08.2026) → «2026/2027»
 * (01.09.2026–31.08.2027). The administrator changes whatever differs.
 */
export function followingYear(last: { name: string; startsOn: string; endsOn: string } | undefined) {
  if (!last) {
    const y = new Date().getFullYear();
    return { name: `${y}/${y + 1}`, startsOn: `${y}-09-01`, endsOn: `${y + 1}-08-31` };
  }
  let startsOn = plusYear(last.startsOn);
  if (startsOn <= last.endsOn) startsOn = addDays(last.endsOn, 1);
  const endsOn = plusYear(last.endsOn) > startsOn ? plusYear(last.endsOn) : addDays(plusYear(startsOn), -1);
  const m = /^(\d{4})\s*\/\s*(\d{4})$/.exec(last.name.trim());
  const name = m ? `${Number(m[1]) + 1}/${Number(m[2]) + 1}` : `${startsOn.slice(0, 4)}/${Number(startsOn.slice(0, 4)) + 1}`;
  return { name, startsOn, endsOn };
}
