import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on 127.0.0.1 for tests: what the journal sends arrives over the protocol and is
 * decoded here (headers, text part, attachments), so tests check what a parent would receive.
 */
export interface ReceivedEmail {
  from: string;
  to: string[];
  messageId: string;
  deliveryKey: string;
  subject: string;
  text: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
  raw: string;
}

export interface SmtpReceiver {
  port: number;
  url: string;
  messages: ReceivedEmail[];
  /** Waits until at least n messages arrived (or fails after timeoutMs). */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedEmail[]>;
  close(): Promise<void>;
}

export interface SmtpReceiverOptions {
  /** Listen on this port (0 = any free one). */
  port?: number;
  /** Recipients refused with 550 (no such mailbox). */
  rejectRecipients?: string[];
}

export async function startSmtpReceiver(o: SmtpReceiverOptions = {}): Promise<SmtpReceiver> {
  const messages: ReceivedEmail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (o.rejectRecipients?.includes(address.address)) {
        const err = Object.assign(new Error('Нет такого ящика'), { responseCode: 550 });
        cb(err);
        return;
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        messages.push({
          ...parseMessage(raw),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async waitFor(n, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (messages.length < n) {
        if (Date.now() > until) throw new Error(`ожидалось писем: ${n}, пришло: ${messages.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return messages;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ───────────── a small MIME reader, enough for what nodemailer writes ─────────────

function splitHeaders(part: string): { headers: Map<string, string>; body: string } {
  const at = part.search(/\r?\n\r?\n/);
  const head = at < 0 ? part : part.slice(0, at);
  const body = at < 0 ? '' : part.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return { headers, body };
}

function decodeWords(s: string): string {
  return s.replace(/=\?([\w-]+)\?([BbQq])\?([^?]*)\?=\s*/g, (_m, _cs, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

function decodeBody(body: string, encoding: string | undefined): Buffer {
  const e = (encoding ?? '7bit').toLowerCase();
  if (e === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (e === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1');
  }
  return Buffer.from(body, 'utf8');
}

function param(header: string | undefined, name: string): string | undefined {
  const m = header?.match(new RegExp(`${name}\\*?=("([^"]*)"|[^;\\s]+)`, 'i'));
  if (!m) return undefined;
  const v = m[2] ?? m[1];
  return v.startsWith("UTF-8''") || v.startsWith("utf-8''") ? decodeURIComponent(v.slice(7)) : decodeWords(v);
}

function parseMessage(raw: string): Omit<ReceivedEmail, 'from' | 'to' | 'raw'> {
  const { headers, body } = splitHeaders(raw);
  const out = {
    messageId: headers.get('message-id') ?? '',
    deliveryKey: headers.get('x-journal-delivery-key') ?? '',
    subject: decodeWords(headers.get('subject') ?? ''),
    text: '',
    attachments: [] as ReceivedEmail['attachments'],
  };
  const walk = (h: Map<string, string>, b: string) => {
    const type = h.get('content-type') ?? 'text/plain';
    const boundary = param(type, 'boundary');
    if (/^multipart\//i.test(type) && boundary) {
      for (const part of b.split(`--${boundary}`).slice(1)) {
        if (part.startsWith('--')) break;
        const p = splitHeaders(part.replace(/^\r?\n/, ''));
        walk(p.headers, p.body);
      }
      return;
    }
    const content = decodeBody(b, h.get('content-transfer-encoding'));
    const disposition = h.get('content-disposition');
    if (/attachment/i.test(disposition ?? '') || (!/^text\/plain/i.test(type) && param(type, 'name'))) {
      out.attachments.push({
        filename: param(disposition, 'filename') ?? param(type, 'name') ?? '',
        contentType: type.split(';')[0],
        content,
      });
    } else if (/^text\/plain/i.test(type) && !out.text) {
      out.text = content.toString('utf8');
    }
  };
  walk(headers, body);
  return out;
}
