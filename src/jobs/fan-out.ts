import type { Queryable } from '../db/client';
import {
  deliveryMode,
  localMinutesIn,
  MAX_DELIVERY_ATTEMPTS,
  NOTIFICATION_KINDS,
  type QuietHours,
  quietHoursDelay,
  retryDelaySeconds,
} from '../domain/messaging';
import {
  type AudienceKind,
  type NewDelivery,
  type OutboxRow,
  type RecipientRow,
  deliveryRepository as repo,
} from '../modules/notifications/delivery.repository';
import { renderNotification } from '../modules/notifications/render';
import type { Deps } from '../server/context';

/** Which channels can leave this installation at all (SMTP or the SMS gateway configured). */
export interface ChannelsAvailable {
  email: boolean;
  sms: boolean;
}

export const channelsOf = (config: Deps['config']): ChannelsAvailable => ({ email: !!config.SMTP_URL, sms: !!config.SMS_GATEWAY_URL });

const quietOf = (r: { quiet_start: number | null; quiet_end: number | null }): QuietHours | null =>
  r.quiet_start === null || r.quiet_end === null ? null : { start: r.quiet_start, end: r.quiet_end };

/**
 * The external channels a person receives this kind of event by: the family chose the channel and the
 * kind, gave consent for the channel [003 §5.2], has an address, and the channel is configured.
 * A teacher's mailing is e-mail only and needs only the e-mail consent [004 teacher].
 */
export function channelsFor(kind: string, r: RecipientRow, available: ChannelsAvailable): ('email' | 'sms')[] {
  const chosenKind = kind === 'mailing' || kind === 'report' || r.kinds.includes(kind);
  if (!chosenKind) return [];
  // A letter the family asked for (or the class teacher sent) goes by e-mail when no channel was chosen.
  const emailByDefault = kind === 'mailing' || (kind === 'report' && !r.want_sms);
  const out: ('email' | 'sms')[] = [];
  if (available.email && r.consent_email && r.email && (emailByDefault || r.want_email)) out.push('email');
  if (available.sms && r.consent_sms && r.phone && kind !== 'mailing' && r.want_sms) out.push('sms');
  return out;
}

function audienceOf(ev: OutboxRow): AudienceKind {
  if (ev.person_id) return 'person';
  if (ev.post_id) return 'post';
  if (ev.class_id) return 'classParents';
  return 'student';
}

/** Fans one event out: in-app notifications for everyone it concerns, e-mails and SMS for those who chose them. */
async function fanOut(tx: Queryable, ev: OutboxRow, now: Date, available: ChannelsAvailable) {
  let people = await repo.recipients(tx, ev.school_id, ev.id, audienceOf(ev));
  if (ev.post_author_id) people = people.filter((p) => p.person_id !== ev.post_author_id);
  const text = renderNotification(ev.kind, ev.payload, { studentName: ev.student_name });
  const localMinutes = localMinutesIn(now, ev.time_zone);
  const inApp: { personId: string; digestPending: boolean }[] = [];
  const deliveries: NewDelivery[] = [];
  const knownKind = (NOTIFICATION_KINDS as readonly string[]).includes(ev.kind) || ev.kind === 'mailing' || ev.kind === 'report';
  for (const p of people) {
    const channels = knownKind ? channelsFor(ev.kind, p, available) : [];
    const mode = deliveryMode(ev.kind, p.digest);
    inApp.push({ personId: p.person_id, digestPending: mode === 'digest' && channels.length > 0 });
    if (mode !== 'now') continue;
    const notBefore = new Date(now.getTime() + quietHoursDelay(localMinutes, quietOf(p)) * 60_000);
    for (const channel of channels) {
      deliveries.push({
        personId: p.person_id,
        channel,
        address: channel === 'email' ? p.email! : p.phone!,
        key: `${ev.id}:${p.person_id}:${channel}`,
        subject: channel === 'email' ? text.title : null,
        body: channel === 'email' ? text.text : text.sms,
        attachment: channel === 'email' && ev.payload.report ? { report: ev.payload.report } : null,
        notBefore,
      });
    }
  }
  await repo.insertInApp(
    tx,
    {
      schoolId: ev.school_id,
      eventId: ev.id,
      kind: ev.kind,
      studentId: ev.student_id,
      title: text.title,
      body: text.text,
      link: text.link,
      at: now,
    },
    inApp,
  );
  await repo.insertDeliveries(tx, ev.school_id, ev.id, now, deliveries);
}

/** Events fanned out in one transaction (one commit, one claim and one "processed" statement for all). */
const OUTBOX_BATCH = 25;
/** Events one call handles at most; the worker calls again at once while a call ends full (src/jobs/index.ts). */
export const OUTBOX_ROUND_LIMIT = 500;

/** A batch's first try met a failing event: it is rolled back whole and taken again one savepoint per event. */
class BatchFailed extends Error {}

/**
 * Takes due outbox events in batches, each batch in one transaction with its rows locked (SKIP LOCKED, so
 * several app processes share the work), and fans each out exactly once: the fan-outs and the "processed"
 * marks commit together. A batch is first tried as it is; if an event fails, the whole try is rolled back
 * and the batch is taken again with a savepoint per event, so the failing one is rolled back alone, recorded
 * and retried later with back-off, and never blocks the others. (Savepoints on every event cost two round
 * trips each — as many as a mark save's own — for a failure that almost never happens.)
 * Returns the number of events handled.
 */
export async function processOutbox(deps: Deps, o: { limit?: number } = {}): Promise<number> {
  const available = channelsOf(deps.config);
  const limit = o.limit ?? OUTBOX_ROUND_LIMIT;
  const batch = (now: Date, asked: number, careful: boolean) =>
    deps.db.tx(async (tx) => {
      const events = await repo.claimEvents(tx, now, asked);
      const done: OutboxRow[] = [];
      for (const ev of events) {
        if (!careful) {
          try {
            await fanOut(tx, ev, now, available);
          } catch {
            throw new BatchFailed();
          }
          done.push(ev);
          continue;
        }
        await tx.query('SAVEPOINT fan_out');
        try {
          await fanOut(tx, ev, now, available);
          await tx.query('RELEASE SAVEPOINT fan_out');
          done.push(ev);
        } catch (e) {
          await tx.query('ROLLBACK TO SAVEPOINT fan_out');
          const attempt = ev.attempts + 1;
          const retryAt = new Date(now.getTime() + retryDelaySeconds(attempt) * 1000);
          await repo.markEventFailed(tx, ev.school_id, ev.id, (e as Error).message, retryAt, attempt >= MAX_DELIVERY_ATTEMPTS ? now : null);
        }
      }
      await repo.markEventsProcessed(tx, done, now);
      return events.length;
    });
  let handled = 0;
  while (handled < limit) {
    const now = deps.now();
    const asked = Math.min(OUTBOX_BATCH, limit - handled);
    const claimed = await batch(now, asked, false).catch((e) => {
      if (e instanceof BatchFailed) return batch(now, asked, true);
      throw e;
    });
    handled += claimed;
    if (claimed < asked) break;
  }
  return handled;
}
