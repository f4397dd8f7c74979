import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A webhook receiver for the simulators' senders, over real HTTP on loopback (127.0.0.1, a free port):
 * it records every request in order and answers each with a chosen status and `{}` as the body.
 */

/** How the receiver answers a request: a status, or `'hang'` (never answers). */
export type Reply = number | 'hang';

/** One request as received. */
export interface ReceivedRequest {
  /** The request target as sent (path and query). */
  path: string;
  headers: IncomingHttpHeaders;
  /** The body's exact bytes. */
  raw: Buffer;
  /** The body as UTF-8 text. */
  text: string;
  /** The body as a JSON object, parsed when read (it throws if the body is not JSON). */
  readonly body: Record<string, unknown>;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port><path>`. */
  url: string;
  /** Every request received so far, in order. */
  deliveries: ReceivedRequest[];
  /** Closes the server and every connection it holds (a hanging one included). */
  close(): Promise<void>;
}

export interface WebhookReceiverOptions {
  /** The path of the receiver's URL (it answers whatever path is asked). */
  path: string;
  /** The n-th request (0-based) is answered `replies[n]`, the last reply repeating; 200 by default. */
  replies?: readonly Reply[];
}

export async function startWebhookReceiver({ path, replies = [200] }: WebhookReceiverOptions): Promise<WebhookReceiver> {
  const deliveries: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const text = raw.toString('utf8');
      deliveries.push({
        path: req.url ?? '',
        headers: req.headers,
        raw,
        text,
        get body() {
          return JSON.parse(text) as Record<string, unknown>;
        },
      });
      const reply = replies[Math.min(deliveries.length - 1, replies.length - 1)] ?? 200;
      if (reply !== 'hang') res.writeHead(reply, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    deliveries,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
