import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHandler, type Response as SseResponse } from 'graphql-sse';
import { admit, type AdmissionOptions, type Refusal } from '../../access/admission.js';
import { ErrorCode } from '../../errors.js';
import type { Caller } from '../../access/caller.js';
import type { Logger } from '../../logger.js';
import { requestBodyProblem } from '../graphql-over-http.js';
import { BodyAbortedError, BodyTooLargeError, InvalidUtf8Error, readBody } from '../read-body.js';
import { sendJson } from '../respond.js';
import type { SubscriptionRunner } from '../../subscriptions/subscription-runner.js';

export interface SseOptions extends AdmissionOptions {
  runner: SubscriptionRunner;
  maxBodyBytes: number;
  logger: Logger;
}

/** What graphql-sse's handler is given with each request: who is calling, and where to cut it off. */
interface SseRequestContext {
  caller: Caller;
  disconnect(reason: string): void;
}

/** How long a cut-off subscriber's stream may take to end before its socket is destroyed. */
const CLOSE_GRACE_MS = 1_000;

/** Whether a request asks for an event stream: graphql-sse's "distinct connections" mode. */
export function wantsEventStream(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').split(',').some((type) => type.trim().toLowerCase().startsWith('text/event-stream'));
}

/**
 * GraphQL subscriptions over Server-Sent Events (the graphql-sse protocol, "distinct connections"
 * mode: one stream per subscription) on `/graphql`, for requests that accept `text/event-stream`.
 * Admitted like any HTTP request (the Authorization header, then the rate limit); the body is read with
 * the endpoint's size limit; the subscription runs through the SubscriptionRunner, like WebSocket's.
 * Single-connection mode (PUT reservations kept in one process's memory) is not offered: behind a load
 * balancer its requests would reach replicas that do not know the reservation.
 */
export function serveEventStream(options: SseOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const handler = createHandler<IncomingMessage, SseRequestContext>({
    // Admission happened before the handler: no token means distinct connections mode.
    authenticate: () => undefined,
    async onSubscribe(req, params) {
      const { caller, disconnect } = req.context;
      const opened = await options.runner.open(caller, params, disconnect);
      if (!opened.ok) return jsonResponse(opened.status, { errors: opened.errors });
      return opened.results as unknown as AsyncIterable<never>;
    },
  });

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
    let body = '';
    if (method === 'POST') {
      if (requestBodyProblem(req.headers['content-type']) !== undefined) {
        sendJson(res, 415, refusal('BAD_REQUEST', 'A POST needs "Content-Type: application/json" (UTF-8).'));
        return;
      }
      const read = await readLimited(req, res, options.maxBodyBytes);
      if (read === undefined) return;
      body = read;
    }
    const caller = admission.caller;
    const disconnect = (reason: string) => {
      options.logger.warn({ caller: caller.name, tenant: caller.tenant, reason }, 'subscriber disconnected: too slow');
      res.end();
      setTimeout(() => res.destroy(), CLOSE_GRACE_MS).unref();
    };
    const [streamBody, init] = await handler({
      method,
      url: req.url ?? '/graphql',
      headers: {
        // graphql-sse recognises an event stream only by this exact Accept value.
        get: (key) => (key === 'accept' ? 'text/event-stream' : headerText(req, key)),
      },
      body: () => Promise.resolve(body),
      raw: req,
      context: { caller, disconnect },
    });
    await writeResponse(res, streamBody, init);
  };
}

/** Writes graphql-sse's answer, waiting for each event to be written: a client that does not read backs up into the hub's bounded queue. */
async function writeResponse(res: ServerResponse, body: SseResponse[0], init: SseResponse[1]): Promise<void> {
  res.writeHead(init.status, init.statusText, init.headers as Record<string, string> | undefined);
  if (body === null || typeof body === 'string') {
    res.write(body ?? '');
    return;
  }
  const stop = () => void body.return(undefined);
  res.once('close', stop);
  try {
    for await (const chunk of body) {
      if (!res.writable) break;
      await new Promise<void>((resolve, reject) => res.write(chunk, (error) => (error ? reject(error) : resolve())));
    }
  } catch {
    // The client went away mid-write: nothing is left to tell it.
  } finally {
    res.off('close', stop);
  }
}

async function readLimited(req: IncomingMessage, res: ServerResponse, maxBodyBytes: number): Promise<string | undefined> {
  try {
    if (Number(req.headers['content-length'] ?? 0) > maxBodyBytes) throw new BodyTooLargeError(maxBodyBytes);
    return await readBody(req, maxBodyBytes);
  } catch (error) {
    if (error instanceof BodyAbortedError) {
      res.destroy();
      return undefined;
    }
    if (error instanceof InvalidUtf8Error) {
      sendJson(res, 400, refusal('BAD_USER_INPUT', error.message));
      return undefined;
    }
    if (!(error instanceof BodyTooLargeError)) throw error;
    sendJson(res, 413, refusal('BAD_REQUEST', error.message));
    return undefined;
  }
}

function jsonResponse(status: number, body: unknown): SseResponse {
  return [JSON.stringify(body), { status, statusText: status === 403 ? 'Forbidden' : 'Bad Request', headers: { 'content-type': 'application/json; charset=utf-8' } }];
}

function refusal(code: string, message: string): { errors: Array<{ message: string; extensions: { code: string } }> } {
  return { errors: [{ message, extensions: { code } }] };
}

/** Authentication not wired (a unit test's endpoint): nobody to run a subscription for. */
function unauthenticatedRefusal(): Refusal {
  return { status: 401, headers: {}, error: { message: 'The request is not authenticated.', extensions: { code: ErrorCode.UNAUTHENTICATED } } };
}

function headerText(req: IncomingMessage, key: string): string | undefined {
  const value = req.headers[key.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}
