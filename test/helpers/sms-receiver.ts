import http from 'node:http';

/**
 * An HTTP SMS gateway on 127.0.0.1 for tests. Each request is recorded; its answer follows a script
 * ('ok', an HTTP status, or 'hang' — answer only after `hangMs`, i.e. a timeout for the client).
 * Like a real gateway it accepts a message once per Idempotency-Key: `delivered` is what the phones got.
 */
export type GatewayBehaviour = 'ok' | 'hang' | number;

export interface SmsRequest {
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  body: { to?: string; text?: string; id?: string };
  answered: GatewayBehaviour;
}

export interface SmsReceiver {
  url: string;
  requests: SmsRequest[];
  /** Messages that reached phones: one per idempotency key, whatever the retries. */
  delivered: { to: string; text: string; key: string }[];
  /** Answers for the next requests, in order; after them every request is answered 'ok'. */
  script: GatewayBehaviour[];
  close(): Promise<void>;
}

export async function startSmsReceiver(o: { hangMs?: number } = {}): Promise<SmsReceiver> {
  const requests: SmsRequest[] = [];
  const delivered: SmsReceiver['delivered'] = [];
  const script: GatewayBehaviour[] = [];
  const seen = new Set<string>();
  const open = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: SmsRequest['body'] = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        /* recorded as empty */
      }
      const behaviour = script.shift() ?? 'ok';
      const key = (req.headers['idempotency-key'] as string | undefined) ?? body.id ?? '';
      requests.push({ authorization: req.headers.authorization, idempotencyKey: key, body, answered: behaviour });
      const accept = () => {
        if (!seen.has(key)) {
          seen.add(key);
          delivered.push({ to: body.to ?? '', text: body.text ?? '', key });
        }
      };
      if (behaviour === 'ok') {
        accept();
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"accepted"}');
      } else if (behaviour === 'hang') {
        // The gateway took the message but answers too late: the client gives up, the phone got it.
        accept();
        open.add(res);
        setTimeout(() => {
          open.delete(res);
          if (!res.writableEnded) res.writeHead(200).end('{"status":"accepted"}');
        }, o.hangMs ?? 2000).unref();
      } else {
        res.writeHead(behaviour, { 'content-type': 'application/json' }).end('{"error":"gateway failure"}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/send`,
    requests,
    delivered,
    script,
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of open) r.destroy();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
