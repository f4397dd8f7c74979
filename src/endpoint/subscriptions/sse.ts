import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FormattedExecutionResult } from 'graphql';
import { admit, type AdmissionOptions, type Refusal } from '../../access/admission.js';
import { ErrorCode } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { SubscribeRequest, SubscriptionRunner } from '../../subscriptions/subscription-runner.js';
import { prefersEventStream, requestBodyProblem } from '../graphql-over-http.js';
import { BodyAbortedError, BodyTooLargeError, InvalidUtf8Error, readBody } from '../read-body.js';
import { sendJson } from '../respond.js';

export interface SseOptions extends AdmissionOptions {
  runner: SubscriptionRunner;
  maxBodyBytes: number;
  logger: Logger;
  /** Between keep-alive comments on an idle stream (graphql-sse's 12 s by default). */
  keepAliveMs?: number | undefined;
}

/** How long a cut-off subscriber's stream may take to end before its socket is destroyed. */
const CLOSE_GRACE_MS = 1_000;
const KEEP_ALIVE_MS = 12_000;

/**
 * Whether a request asks for an event stream (graphql-sse's "distinct connections" mode): its Accept
 * prefers `text/event-stream` to JSON. Merely allowing it is not enough: urql lists it after the JSON
 * types on every query and mutation (it could read a stream), and means JSON for those.
 */
export function wantsEventStream(req: IncomingMessage): boolean {
  return prefersEventStream(req.headers.accept);
}

/**
 * GraphQL subscriptions over Server-Sent Events on `/graphql`, speaking graphql-sse's protocol in its
 * "distinct connections" mode (one stream per subscription; `event: next` per result, then
 * `event: complete`), which the graphql-sse client uses by default. Written here rather than with
 * graphql-sse's server handler because that handler reads each result as soon as it exists and queues
 * it without bound for a reader that may never come: a stalled client would grow the process's memory
 * instead of filling its own bounded buffer in the event hub (and being cut off). Here the next result is
 * read only once the previous one was written. The single-connection mode (PUT reservations kept in one
 * process's memory) is not offered: behind a load balancer its requests would reach other replicas.
 * Admitted like any HTTP request (the Authorization header, then the rate limit); bodies are read with
 * the endpoint's size limit.
 */
export function serveEventStream(options: SseOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'POST') {
      res.setHeader('allow', 'GET, POST');
      sendJson(res, 405, refusal('BAD_REQUEST', 'Event streams are opened with GET or POST.'));
      return;
    }
    const admission = await admit(req, options);
    if (!admission.admitted || !admission.caller) {
      const { status, headers, error } = admission.admitted ? unauthenticatedRefusal() : admission.refusal;
      for (const [name, value] of Object.entries<string>(headers)) res.setHeader(name, value);
      sendJson(res, status, { errors: [error] });
      return;
    }
    const params = method === 'POST' ? await readParams(req, res, options.maxBodyBytes) : paramsFromUrl(req, res);
    if (params === undefined) return;

    const caller = admission.caller;
    const disconnect = (reason: string) => {
      options.logger.warn({ caller: caller.name, tenant: caller.tenant, reason }, 'subscriber disconnected: too slow');
      // The reason goes first, in the stream's own terms (it reaches the client if its socket ever drains).
      const error = { message: reason, extensions: { code: 'SUBSCRIBER_TOO_SLOW' } };
      if (res.writable) res.end(`event: next\ndata: ${JSON.stringify({ errors: [error] })}\n\nevent: complete\ndata:\n\n`);
      setTimeout(() => res.destroy(), CLOSE_GRACE_MS).unref();
    };
    const opened = await options.runner.open(caller, params, disconnect);
    if (!opened.ok) {
      sendJson(res, opened.status, { errors: opened.errors });
      return;
    }
    if (res.destroyed) {
      // The client left while the subscription started: nobody to stream to.
      await opened.results.return?.();
      return;
    }
    await stream(res, opened.results, options.keepAliveMs ?? KEEP_ALIVE_MS);
  };
}

/** Writes each result as it comes, waiting for the socket to take it; ends with `complete` unless the client left. */
async function stream(res: ServerResponse, results: AsyncIterableIterator<FormattedExecutionResult>, keepAliveMs: number): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'content-encoding': 'none' });
  // Some browsers wait for a first chunk before they report the stream open.
  res.write(':\n\n');
  const keepAlive = setInterval(() => res.writable && res.write(':\n\n'), keepAliveMs);
  const stop = () => void results.return?.();
  res.once('close', stop);
  try {
    for await (const result of results) {
      if (!res.writable) break;
      await write(res, `event: next\ndata: ${JSON.stringify(result)}\n\n`);
    }
    if (res.writable) await write(res, 'event: complete\ndata:\n\n');
  } catch {
    // The client left mid-write, or the subscription was cut off: nothing is left to tell it.
  } finally {
    clearInterval(keepAlive);
    res.off('close', stop);
    await results.return?.();
  }
}

function write(res: ServerResponse, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => res.write(chunk, (error) => (error ? reject(error) : resolve())));
}

/** A POST's JSON body as GraphQL request parameters; undefined once a refusal was sent. */
async function readParams(req: IncomingMessage, res: ServerResponse, maxBodyBytes: number): Promise<SubscribeRequest | undefined> {
  if (requestBodyProblem(req.headers['content-type']) !== undefined) {
    sendJson(res, 415, refusal('BAD_REQUEST', 'A POST needs "Content-Type: application/json" (UTF-8).'));
    return undefined;
  }
  let text: string;
  try {
    if (Number(req.headers['content-length'] ?? 0) > maxBodyBytes) throw new BodyTooLargeError(maxBodyBytes);
    text = await readBody(req, maxBodyBytes);
  } catch (error) {
    if (error instanceof BodyAbortedError) {
      res.destroy();
      return undefined;
    }
    if (error instanceof InvalidUtf8Error) {
      sendJson(res, 400, refusal(ErrorCode.BAD_USER_INPUT, error.message));
      return undefined;
    }
    if (!(error instanceof BodyTooLargeError)) throw error;
    sendJson(res, 413, refusal('BAD_REQUEST', error.message));
    return undefined;
  }
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    body = undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    sendJson(res, 400, refusal('BAD_REQUEST', 'The body must be a JSON object with "query".'));
    return undefined;
  }
  const { query, variables, operationName } = body as Record<string, unknown>;
  return { query, variables, operationName };
}

/** A GET's parameters from its query string (variables as JSON); undefined once a refusal was sent. */
function paramsFromUrl(req: IncomingMessage, res: ServerResponse): SubscribeRequest | undefined {
  const search = new URL(req.url ?? '/', 'http://gateway.invalid').searchParams;
  const variables = search.get('variables');
  try {
    return { query: search.get('query') ?? undefined, variables: variables === null ? undefined : (JSON.parse(variables) as unknown), operationName: search.get('operationName') ?? undefined };
  } catch {
    sendJson(res, 400, refusal('BAD_REQUEST', '"variables" must be JSON.'));
    return undefined;
  }
}

function refusal(code: string, message: string): { errors: Array<{ message: string; extensions: { code: string } }> } {
  return { errors: [{ message, extensions: { code } }] };
}

/** Authentication not wired (a unit test's endpoint): nobody to run a subscription for. */
function unauthenticatedRefusal(): Refusal {
  return { status: 401, headers: {}, error: { message: 'The request is not authenticated.', extensions: { code: ErrorCode.UNAUTHENTICATED } } };
}
