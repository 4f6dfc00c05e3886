import { calendarDateIn } from '../domain/calendar';
import { isDigestDue, localMinutesIn, quietHoursDelay } from '../domain/messaging';
import { deliveryRepository as repo } from '../modules/notifications/delivery.repository';
import { renderDigest } from '../modules/notifications/render';
import type { Deps } from '../server/context';
import { channelsFor, channelsOf } from './fan-out';

/**
 * The daily digest [issue 7]: families who chose it get one e-mail/SMS a day, after their digest hour
 * (school time), with everything that waited since the last one. The delivery key carries the date, so
 * a day's digest is queued once however often the job runs; what arrives after it waits for tomorrow.
 * Returns the number of digests queued.
 */
export async function sendDigests(deps: Deps): Promise<number> {
  const now = deps.now();
  const available = channelsOf(deps.config);
  let queued = 0;
  for (const c of await repo.digestCandidates(deps.db)) {
    const localMinutes = localMinutesIn(now, c.time_zone);
    // Someone who switched the digest off gets what was waiting at once.
    if (c.digest && !isDigestDue(localMinutes, c.digest_hour)) continue;
    const date = calendarDateIn(now, c.time_zone);
    queued += await deps.db.tx(async (tx) => {
      const items = await repo.pendingForDigest(tx, c.school_id, c.person_id);
      if (!items.length) return 0;
      const channels = channelsFor('digest', { ...c, kinds: ['digest'] }, available);
      if (!channels.length) {
        await repo.clearDigestPending(
          tx,
          c.school_id,
          items.map((i) => i.id),
        );
        return 0;
      }
      const d = renderDigest(
        items.map((i) => ({ title: i.title, text: i.body })),
        date,
      );
      const quiet = c.quiet_start === null || c.quiet_end === null ? null : { start: c.quiet_start, end: c.quiet_end };
      const notBefore = new Date(now.getTime() + quietHoursDelay(localMinutes, quiet) * 60_000);
      const inserted = await repo.insertDeliveries(
        tx,
        c.school_id,
        null,
        now,
        channels.map((channel) => ({
          personId: c.person_id,
          channel,
          address: channel === 'email' ? c.email! : c.phone!,
          key: `digest:${c.person_id}:${date}:${channel}`,
          subject: channel === 'email' ? d.subject : null,
          body: channel === 'email' ? d.text : d.sms,
          attachment: null,
          notBefore,
        })),
      );
      if (inserted > 0)
        await repo.clearDigestPending(
          tx,
          c.school_id,
          items.map((i) => i.id),
        );
      return inserted > 0 ? 1 : 0;
    });
  }
  return queued;
}
