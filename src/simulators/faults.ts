import type { IncomingMessage, ServerResponse } from 'node:http';
import { faultSpecSchema, type FaultEffect, type FaultSpec } from '../fault-spec.js';
import { BodyTooLargeError, rawTarget, readBody, sendJson, type RawTarget, type RequestLog, type SimResponse } from './http-kit.js';

/**
 * Per-route fault injection, shared by every platform simulator so that tests (and people) provoke the
 * failures the gateway must survive the same way everywhere. A fault matches a method and a path
 * prefix, affects `times` requests (every one when omitted) and has one effect:
 *
 * - `latency`   answered normally, `ms` later (the platform acts at once; only the answer waits)
 * - `hang`      never answered, never acted on; the socket stays open until the simulator closes
 * - `reset`     the connection is reset (RST) before the request is acted on
 * - `drop`      the request is acted on (state changes happen), then the connection is cut unanswered
 * - `status`    answered with that status instead of acting; the body defaults to the platform's own
 *               failure body for it, `retryAfterSeconds` adds `Retry-After`
 * - `malformed` the request is acted on, then answered 200 `application/json` with a body that is not JSON
 * - `truncated` the request is acted on, then answered 200 with a `content-length` larger than the
 *               bytes sent before the connection is cut
 *
 * Every faulted request is in the simulator's request log exactly once, with the status answered, or
 * 0 where no complete answer was sent (hang, reset, drop, truncated).
 *
 * By hand, on any simulator (`$SIM` is its URL); the admin route is never in the request log:
 *   curl -s "$SIM/__faults"                                   # list, `times` = uses left
 *   curl -si -X POST -H 'content-type: application/json' \
 *     -d '{"method":"POST","path":"/v3.1/users","times":1,"effect":{"kind":"drop"}}' "$SIM/__faults"
 *   curl -si -X POST -H 'content-type: application/json' \
 *     -d '{"effect":{"kind":"status","status":429,"retryAfterSeconds":5}}' "$SIM/__faults"
 *   curl -si -X POST -H 'content-type: application/json' \
 *     -d '{"path":"/api/v1/livechat","effect":{"kind":"latency","ms":2000}}' "$SIM/__faults"
 *   curl -si -X DELETE "$SIM/__faults"                        # clear every fault
 */

export { faultSpecSchema, type FaultEffect, type FaultSpec } from '../fault-spec.js';

export const FAULTS_ADMIN_PATH = '/__faults';

/** Faults waiting for requests, matched in the order they were added. */
export class FaultInjector {
  private readonly faults: Array<{ spec: FaultSpec; left: number | undefined }> = [];

  /** Adds a fault after those already waiting; throws a `ZodError` if it breaks the schema's bounds. */
  add(spec: FaultSpec): void {
    const valid = faultSpecSchema.parse(spec);
    this.faults.push({ spec: valid, left: valid.times });
  }

  clear(): void {
    this.faults.length = 0;
  }

  /** The faults waiting, `times` being the uses left (absent: unlimited). */
  list(): FaultSpec[] {
    return this.faults.map(({ spec, left }) => {
      // Copies, so a caller editing what it was given cannot change the faults waiting.
      const { times: _times, ...rest } = structuredClone(spec);
      return left === undefined ? rest : { ...rest, times: left };
    });
  }

  /** The effect of the first fault matching the request, using it up once; undefined when none matches. */
  take(method: string, path: string): FaultEffect | undefined {
    const upper = method.toUpperCase();
    const index = this.faults.findIndex(
      ({ spec }) => (spec.method === undefined || spec.method === upper) && (spec.path === undefined || path.startsWith(spec.path)),
    );
    const fault = this.faults[index];
    if (!fault) return undefined;
    if (fault.left !== undefined) {
      fault.left -= 1;
      if (fault.left === 0) this.faults.splice(index, 1);
    }
    return fault.spec.effect;
  }
}

export interface FaultListenerOptions {
  faults: FaultInjector;
  log: RequestLog;
  now: () => number;
  /** The platform's failure body for a status: for `status` effects without a body, 413 bodies and unexpected errors (500). */
  failureBody: (status: number, retryAfterSeconds?: number) => unknown;
  /**
   * The headers saying how long to wait, for a `status` effect with `retryAfterSeconds`: a standard
   * `Retry-After` unless the platform signals it its own way (Rocket.Chat's `X-RateLimit-*`).
   */
  waitHeaders?: (retryAfterSeconds: number) => Record<string, string>;
  /**
   * Runs first for every platform request, faulted or not (IMI's daily quota counts every call). Its
   * headers go on every answer; its `answer`, when given, is the normal handling's answer.
   */
  admit?: (req: IncomingMessage) => { headers?: Record<string, string>; answer?: SimResponse };
  /** The simulator's normal handling. */
  handle: (req: IncomingMessage, target: RawTarget) => Promise<SimResponse>;
}

const MALFORMED_BODY = '{"answer": <not json>';
const retryAfterHeader = (seconds: number) => ({ 'retry-after': String(seconds) });
const ADMIN_BODY_LIMIT = 64 * 1024;

/** A simulator's request listener: the admin route, then faults applied around its normal handling. */
export function serveWithFaults(options: FaultListenerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { faults, log, now, failureBody } = options;
  return (req, res) => {
    const target = rawTarget(req.url ?? '/');
    if (target.path === FAULTS_ADMIN_PATH) {
      serveAdmin(req, faults)
        .then((answer) => {
          const headers = { 'cache-control': 'no-store', ...answer.headers };
          // A 204 has neither body nor content-length.
          if (answer.status === 204) res.writeHead(204, headers).end();
          else sendJson(res, { ...answer, headers });
        })
        .catch(() => res.destroy());
      return;
    }
    const method = req.method ?? 'GET';
    const traceparent = typeof req.headers.traceparent === 'string' ? req.headers.traceparent : undefined;
    const record = (status: number) => log.record({ method, path: target.path, query: target.query, status, at: now(), traceparent });
    const admitted = options.admit?.(req) ?? {};
    const common = { 'cache-control': 'no-store', ...admitted.headers };
    const send = (answer: SimResponse) => sendJson(res, { ...answer, headers: { ...common, ...answer.headers } });
    const effect = faults.take(method, target.path);

    // The effects that stop before the platform acts.
    if (effect?.kind === 'hang') return record(0);
    if (effect?.kind === 'reset') {
      record(0);
      req.socket.resetAndDestroy();
      return;
    }
    if (effect?.kind === 'status') {
      const { status, retryAfterSeconds, body } = effect;
      record(status);
      send({
        status,
        body: body === undefined ? failureBody(status, retryAfterSeconds) : body,
        headers: retryAfterSeconds === undefined ? {} : (options.waitHeaders ?? retryAfterHeader)(retryAfterSeconds),
      });
      return;
    }

    const acting = admitted.answer ? Promise.resolve(admitted.answer) : options.handle(req, target);
    acting
      .catch((error: unknown): SimResponse => {
        const status = error instanceof BodyTooLargeError ? 413 : 500;
        return { status, body: failureBody(status) };
      })
      .then((answer) => {
        switch (effect?.kind) {
          case undefined:
            record(answer.status);
            return send(answer);
          case 'latency': {
            // Logged now, not when sent, so a client that gives up during the delay still finds it counted.
            record(answer.status);
            if (req.socket.destroyed) return;
            // Cleared when the connection goes (client gave up, simulator closed), so no timer outlives it.
            const timer = setTimeout(() => send(answer), effect.ms);
            res.once('close', () => clearTimeout(timer));
            return;
          }
          case 'drop':
            record(0);
            res.destroy();
            return;
          case 'malformed':
            record(200);
            res.writeHead(200, { ...common, ...answer.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(MALFORMED_BODY) });
            res.end(MALFORMED_BODY);
            return;
          case 'truncated': {
            record(0);
            const whole = Buffer.from(JSON.stringify(answer.body) ?? 'null');
            res.writeHead(200, { ...common, ...answer.headers, 'content-type': 'application/json', 'content-length': whole.length });
            // Half the promised bytes, flushed, then the cut: the client sees the headers and a short body.
            res.write(whole.subarray(0, Math.floor(whole.length / 2)), () => res.destroy());
            return;
          }
        }
      })
      .catch(() => res.destroy());
  };
}

/** `GET` lists, `POST` adds one fault (201, or 400 with the problems), `DELETE` clears (204). */
async function serveAdmin(req: IncomingMessage, faults: FaultInjector): Promise<SimResponse> {
  switch (req.method) {
    case 'GET':
      return { status: 200, body: faults.list() };
    case 'DELETE':
      faults.clear();
      return { status: 204, body: null };
    case 'POST': {
      let raw: string;
      try {
        raw = await readBody(req, ADMIN_BODY_LIMIT);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return { status: 413, body: { error: `The fault is larger than ${ADMIN_BODY_LIMIT} bytes.` } };
        throw error;
      }
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        return { status: 400, body: { error: 'The body is not JSON.' } };
      }
      const parsed = faultSpecSchema.safeParse(json);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
        return { status: 400, body: { error: 'Invalid fault.', problems } };
      }
      faults.add(parsed.data);
      return { status: 201, body: parsed.data };
    }
    default:
      return { status: 405, body: { error: 'Use GET, POST or DELETE.' }, headers: { allow: 'GET, POST, DELETE' } };
  }
}
