import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import { BodyTooLargeError, readBody } from '../endpoint/read-body.js';

export { BodyTooLargeError, readBody };

/**
 * Plumbing shared by the platform simulators: JSON answers, bounded body reading, a request log that
 * tests count upstream calls with, and listen/close helpers.
 */
export interface SimResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface LoggedRequest {
  method: string;
  /** Path without the query string, still percent-encoded as received. */
  path: string;
  query: URLSearchParams;
  status: number;
  at: number;
  /** The W3C `traceparent` header the call carried, if any (tests check trace propagation with it). */
  traceparent?: string | undefined;
}

export class RequestLog {
  private readonly entries: LoggedRequest[] = [];

  record(entry: LoggedRequest): void {
    this.entries.push(entry);
  }

  /** Requests recorded so far, optionally only those matching a method and a path prefix. */
  list(filter: { method?: string; pathPrefix?: string } = {}): LoggedRequest[] {
    return this.entries.filter(
      (entry) =>
        (filter.method === undefined || entry.method === filter.method) &&
        (filter.pathPrefix === undefined || entry.path.startsWith(filter.pathPrefix)),
    );
  }

  clear(): void {
    this.entries.length = 0;
  }
}

/** A request target as received, split at the first `?`. */
export interface RawTarget {
  /** Still percent-encoded. */
  path: string;
  query: URLSearchParams;
}

/**
 * The request target as received. Not parsed with `new URL`, which would resolve `%2E%2E` segments:
 * the platforms' routers match the raw path and decode each parameter on their own.
 */
export function rawTarget(url: string): RawTarget {
  const queryAt = url.indexOf('?');
  return queryAt === -1
    ? { path: url, query: new URLSearchParams() }
    : { path: url.slice(0, queryAt), query: new URLSearchParams(url.slice(queryAt + 1)) };
}

export function sendJson(res: ServerResponse, answer: SimResponse): void {
  const payload = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    ...answer.headers,
  });
  res.end(payload);
}

/**
 * An admin route's JSON body as the schema's value (an empty body reads as `{}`), or the 400 saying why
 * not (`{ error }`, with the schema's `problems` by path). A body over `limitBytes` throws BodyTooLargeError.
 */
export async function readJsonInput<T>(req: IncomingMessage, schema: z.ZodType<T>, limitBytes: number): Promise<{ value: T } | SimResponse> {
  const raw = await readBody(req, limitBytes);
  let json: unknown;
  try {
    json = raw.trim() === '' ? {} : JSON.parse(raw);
  } catch {
    return { status: 400, body: { error: 'The body is not JSON.' } };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { value: parsed.data };
  const problems = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  return { status: 400, body: { error: 'Invalid body.', problems } };
}

/** Listens and resolves with the base URL (`http://127.0.0.1:<port>`). */
export async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${shownHost}:${address.port}`;
}

/**
 * Closes the server and every connection it holds, busy ones included: a request held open by a
 * `hang` fault (or a client that never finishes) would otherwise keep `close()` waiting forever.
 */
export async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
