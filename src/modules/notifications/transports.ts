import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Config } from '../../config';

/**
 * The two ways out: e-mail over SMTP (nodemailer) and SMS through an HTTP gateway. Both carry the
 * delivery key — as the e-mail Message-ID and as the gateway's Idempotency-Key and message id — so a
 * retry after a timeout can be recognised and dropped by the receiving side instead of arriving twice.
 */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  deliveryKey: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface OutgoingSms {
  to: string;
  text: string;
  deliveryKey: string;
}

export interface EmailTransport {
  send(m: OutgoingEmail): Promise<void>;
  close(): void;
}

export interface SmsTransport {
  send(m: OutgoingSms): Promise<void>;
}

export interface Transports {
  email?: EmailTransport;
  sms?: SmsTransport;
}

/** A failed attempt; `permanent` means retrying cannot help (a rejected address, a refused number). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
  }
}

export interface TransportOptions {
  /** Connect, greeting and socket timeouts of SMTP, ms. */
  smtpTimeoutMs?: number;
  /** Whole-request timeout of the SMS gateway, ms. */
  smsTimeoutMs?: number;
}

/** A stable Message-ID from the delivery key: the same delivery retried is the same message. */
export function messageIdFor(deliveryKey: string, from: string): string {
  const domain = from.split('@')[1]?.replace(/[^\w.-]/g, '') || 'journal.local';
  return `<${createHash('sha256').update(deliveryKey).digest('hex').slice(0, 32)}@${domain}>`;
}

export function makeEmailTransport(config: Pick<Config, 'SMTP_URL' | 'SMTP_FROM'>, o: TransportOptions = {}): EmailTransport | undefined {
  if (!config.SMTP_URL) return undefined;
  const timeout = o.smtpTimeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({
    url: config.SMTP_URL,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout * 2,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async send(m) {
      try {
        await transport.sendMail({
          from: config.SMTP_FROM,
          to: m.to,
          subject: m.subject,
          text: m.text,
          messageId: messageIdFor(m.deliveryKey, config.SMTP_FROM),
          headers: { 'X-Journal-Delivery-Key': m.deliveryKey },
          attachments: m.attachments,
        });
      } catch (e) {
        const err = e as { responseCode?: number; message?: string; code?: string };
        // 5xx replies (no such mailbox, rejected sender) will not change on a retry; 4xx and network errors may.
        const permanent = typeof err.responseCode === 'number' && err.responseCode >= 500 && err.responseCode < 600;
        throw new DeliveryError(`SMTP: ${err.responseCode ?? err.code ?? ''} ${err.message ?? String(e)}`.trim(), permanent);
      }
    },
    close: () => transport.close(),
  };
}

/**
 * The SMS gateway adapter: POST {to, text, id} as JSON to SMS_GATEWAY_URL with the bearer token and
 * an Idempotency-Key. 2xx = accepted; 4xx other than 408/429 = refused for good; anything else
 * (5xx, timeout, connection refused) is retried with back-off.
 */
export function makeSmsTransport(
  config: Pick<Config, 'SMS_GATEWAY_URL' | 'SMS_GATEWAY_TOKEN'>,
  o: TransportOptions = {},
): SmsTransport | undefined {
  const url = config.SMS_GATEWAY_URL;
  if (!url) return undefined;
  const timeout = o.smsTimeoutMs ?? 15_000;
  return {
    async send(m) {
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': m.deliveryKey,
            ...(config.SMS_GATEWAY_TOKEN ? { authorization: `Bearer ${config.SMS_GATEWAY_TOKEN}` } : {}),
          },
          body: JSON.stringify({ to: m.to, text: m.text, id: m.deliveryKey }),
          signal: AbortSignal.timeout(timeout),
        });
      } catch (e) {
        const name = (e as Error).name;
        throw new DeliveryError(
          name === 'TimeoutError' || name === 'AbortError' ? `SMS: шлюз не ответил за ${timeout} мс` : `SMS: ${(e as Error).message}`,
        );
      }
      const body = await res.text().catch(() => '');
      if (res.ok) return;
      const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
      throw new DeliveryError(`SMS: шлюз ответил ${res.status} ${body.slice(0, 200)}`.trim(), permanent);
    },
  };
}

export function makeTransports(config: Config, o: TransportOptions = {}): Transports {
  return { email: makeEmailTransport(config, o), sms: makeSmsTransport(config, o) };
}
