import { calendarDateIn } from '../domain/calendar';
import { MAX_DELIVERY_ATTEMPTS, retryDelaySeconds } from '../domain/messaging';
import { type DeliveryRow, deliveryRepository as repo } from '../modules/notifications/delivery.repository';
import { renderParentLetters } from '../modules/notifications/letter-pdf';
import { buildParentReports } from '../modules/notifications/parent-report';
import { DeliveryError, type Transports } from '../modules/notifications/transports';
import type { Deps } from '../server/context';

/** How long a claimed delivery is reserved for its worker; longer than any transport timeout. */
export const DELIVERY_LEASE_MS = 5 * 60_000;

async function attachmentsOf(deps: Deps, d: DeliveryRow) {
  const report = d.attachment?.report;
  if (!report) return undefined;
  const reports = await buildParentReports(deps.db, d.school_id, [report.studentId], report.from, report.to);
  const r = reports.get(report.studentId);
  if (!r) return undefined;
  const pdf = await renderParentLetters([r], calendarDateIn(deps.now()));
  return [{ filename: `informacionnoe-pismo-${report.from}.pdf`, content: pdf, contentType: 'application/pdf' }];
}

async function sendOne(deps: Deps, transports: Transports, d: DeliveryRow) {
  try {
    if (d.channel === 'email') {
      if (!transports.email) throw new DeliveryError('Электронная почта не настроена (SMTP_URL)');
      await transports.email.send({
        to: d.address,
        subject: d.subject ?? 'Электронный дневник',
        text: d.body,
        deliveryKey: d.delivery_key,
        attachments: await attachmentsOf(deps, d),
      });
    } else {
      if (!transports.sms) throw new DeliveryError('SMS-шлюз не настроен (SMS_GATEWAY_URL)');
      await transports.sms.send({ to: d.address, text: d.body, deliveryKey: d.delivery_key });
    }
    await repo.markSent(deps.db, d, deps.now());
  } catch (e) {
    const now = deps.now();
    const permanent = e instanceof DeliveryError && e.permanent;
    const giveUp = permanent || d.attempts >= MAX_DELIVERY_ATTEMPTS;
    const retryAt = new Date(now.getTime() + retryDelaySeconds(d.attempts) * 1000);
    await repo.markAttemptFailed(deps.db, d, (e as Error).message ?? String(e), retryAt, giveUp ? now : null);
  }
}

/**
 * Sends the e-mails and SMS that are due. Rows are claimed in a short transaction (SKIP LOCKED, an
 * attempt counted, a lease set) and sent outside it, so a slow gateway holds no database lock; the
 * result is recorded after. A failure is retried with exponential back-off [retryDelaySeconds]; a
 * delivery is sent with its one delivery key however often it is tried. Returns how many were tried.
 */
export async function sendDueDeliveries(deps: Deps, transports: Transports, o: { limit?: number; leaseMs?: number } = {}): Promise<number> {
  const now = deps.now();
  const claimed = await deps.db.tx(async (tx) => {
    await repo.cancelWithoutConsent(tx, now);
    return repo.claimDeliveries(tx, now, new Date(now.getTime() + (o.leaseMs ?? DELIVERY_LEASE_MS)), o.limit ?? 20);
  });
  await Promise.all(claimed.map((d) => sendOne(deps, transports, d)));
  return claimed.length;
}
