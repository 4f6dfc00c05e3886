import { makeTransports, type TransportOptions, type Transports } from '../modules/notifications/transports';
import type { Deps } from '../server/context';
import { sendDueDeliveries } from './deliveries';
import { sendDigests } from './digests';
import { OUTBOX_ROUND_LIMIT, processOutbox } from './fan-out';
import { queueWeeklyLetters } from './weekly-letters';

export { sendDueDeliveries } from './deliveries';
export { sendDigests } from './digests';
export { processOutbox } from './fan-out';
export { queueWeeklyLetters } from './weekly-letters';

export interface JobsOptions extends TransportOptions {
  /** Pause between rounds of the worker, ms. */
  intervalMs?: number;
  /** Transports to use instead of the configured SMTP and SMS gateway (tests). */
  transports?: Transports;
  /** Where errors of a round go (the app's logger); the worker itself never stops on them. */
  onError?: (e: unknown) => void;
}

/**
 * One round of background work: fan the outbox out, queue digests and weekly letters that are due,
 * send what is due. Safe to run in several processes at once (rows are claimed with SKIP LOCKED and
 * keyed so that nothing is queued or sent twice).
 */
export async function runJobsOnce(deps: Deps, transports: Transports, o: { scheduled?: boolean } = { scheduled: true }) {
  const events = await processOutbox(deps);
  const letters = o.scheduled ? await queueWeeklyLetters(deps) : 0;
  const fannedLetters = letters ? await processOutbox(deps) : 0;
  const digests = o.scheduled ? await sendDigests(deps) : 0;
  const sent = await sendDueDeliveries(deps, transports);
  return { events: events + fannedLetters, letters, digests, sent };
}

/** Digests and weekly letters are looked for once a minute; the outbox every round. */
const SCHEDULED_EVERY_MS = 60_000;

/**
 * Starts the notification worker (called from src/server/main.ts): rounds every few seconds until
 * stopped. `stop()` waits for the round in progress, so nothing is left half-recorded; what was claimed
 * but not sent is retried by any process after its lease.
 */
export function startJobs(deps: Deps, o: JobsOptions = {}): { stop(): Promise<void> } {
  const transports = o.transports ?? makeTransports(deps.config, o);
  const interval = o.intervalMs ?? 5000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  let lastScheduled = 0;
  // A round that ended with the outbox's limit reached leaves a backlog (marks entered faster than one
  // round a few seconds can fan out): the next round starts at once instead of after the pause.
  let backlog = false;
  const round = async () => {
    try {
      const scheduled = Date.now() - lastScheduled >= SCHEDULED_EVERY_MS;
      if (scheduled) lastScheduled = Date.now();
      const r = await runJobsOnce(deps, transports, { scheduled });
      backlog = r.events >= OUTBOX_ROUND_LIMIT;
    } catch (e) {
      backlog = false;
      (o.onError ?? ((err) => console.error('Ошибка фоновой рассылки уведомлений:', err)))(e);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(
      () => {
        running = round().finally(schedule);
      },
      backlog ? 0 : interval,
    );
    timer.unref?.();
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      transports.email?.close();
    },
  };
}
