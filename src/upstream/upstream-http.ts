import { Pool, type Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import type { CallScope } from './call-scope.js';
import { ErrorCode, type PlatformName } from '../errors.js';
import { STARVED_BUDGET_MS, UpstreamGuard, type ResilienceOptions } from './resilience.js';
import { UpstreamError } from './upstream-error.js';
import { retryAfterMsFromHeader } from './retry-after.js';
import type { TrackedUpstreamCall, UpstreamCallEnd } from './call-tracker.js';

export type { ResilienceOptions } from './resilience.js';
export type { TrackedUpstreamCall, UpstreamCallEnd, UpstreamCallStart, UpstreamCallTracker } from './call-tracker.js';
export type { CallScope } from './call-scope.js';

/** The undici dispatcher type, re-exported so that layers above this one never import undici. */
export type UpstreamDispatcher = Dispatcher;

export interface UpstreamPoolOptions {
  /** Most sockets kept open to the origin. */
  connections: number;
  connectTimeoutMs: number;
  /** Larger answers are refused as UPSTREAM_BAD_RESPONSE instead of filling memory. */
  maxResponseBytes: number;
}

/** One keep-alive pool per upstream origin; created at start-up and injected into the provider client. */
export function createUpstreamPool(origin: string, options: UpstreamPoolOptions): Dispatcher {
  return new Pool(origin, {
    connections: options.connections,
    connect: { timeout: options.connectTimeoutMs },
    maxResponseSize: options.maxResponseBytes,
    keepAliveTimeout: 10_000,
  });
}

export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path and query string, built with `encodePathSegment` / `toQueryString`. */
  path: string;
  headers: Record<string, string>;
  /** Sent as JSON when present. */
  body?: unknown;
  /** Low-cardinality name for logs, e.g. `GET /livechat/users/:type`. */
  route: string;
  /**
   * Whether repeating the call is harmless. A non-idempotent call that fails after it may have reached
   * the platform is reported as UPSTREAM_OUTCOME_UNKNOWN instead of a plain timeout or outage.
   */
  idempotent: boolean;
}

export interface UpstreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; `undefined` when the body is empty or not JSON (the provider decides what that means). */
  json: unknown;
  /** For 429 and 503: how long the platform asked us to wait, when it said. */
  retryAfterMs?: number | undefined;
}

export interface UpstreamState {
  breaker: 'closed' | 'open' | 'half-open';
  inFlight: number;
  queued: number;
}

/** One call that reached the wire (each retry is one): for metrics, without this layer knowing them. */
export interface UpstreamCallEvent {
  /** The platform's id. */
  provider: string;
  /** The request's low-cardinality route name, as in the logs. */
  route: string;
  /** The answer's HTTP status, or `error` when no complete answer arrived (transport error, timeout, cut-off body). */
  status: number | 'error';
  ms: number;
}

export type UpstreamCallObserver = (event: UpstreamCallEvent) => void;

export interface UpstreamHttpOptions {
  platform: PlatformName;
  /** Origin of the platform, e.g. `https://chat.example.com`. */
  origin: string;
  dispatcher: Dispatcher;
  logger: Logger;
  /** Bulkhead, breaker and retry settings (the configuration's, GATEWAY_RETRY_* and co.). */
  resilience: ResilienceOptions;
  /**
   * The platform's own way of saying how long to wait (e.g. Rocket.Chat's `X-RateLimit-Reset`); the
   * standard `Retry-After` header is read when this is absent or finds nothing.
   */
  retryAfterMs?: (response: Omit<UpstreamResponse, 'retryAfterMs'>, now: number) => number | undefined;
  /** Told of every call made (not of calls the breaker or bulkhead refused before sending). */
  observe?: UpstreamCallObserver | undefined;
}

/**
 * The shared HTTP layer: the only code that talks to undici. It applies the request's deadline to
 * every call, guards the upstream (bulkhead, circuit breaker, retries of calls safe to repeat: see
 * resilience.ts) and turns transport failures into coded errors; status codes and bodies are left to
 * the provider client, which knows what they mean on its platform.
 */
export class UpstreamHttp {
  /** The platform's id, as errors, logs and metrics name it. */
  readonly provider: string;
  private readonly name: string;
  private readonly origin: string;
  private readonly dispatcher: Dispatcher;
  private readonly logger: Logger;
  private readonly guard: UpstreamGuard;
  private readonly platformRetryAfter: UpstreamHttpOptions['retryAfterMs'];
  private readonly observer: UpstreamCallObserver | undefined;

  constructor(options: UpstreamHttpOptions) {
    this.provider = options.platform.id;
    this.name = options.platform.displayName;
    this.origin = options.origin;
    this.dispatcher = options.dispatcher;
    this.logger = options.logger;
    this.guard = new UpstreamGuard(options.platform, options.resilience, options.logger);
    this.platformRetryAfter = options.retryAfterMs;
    this.observer = options.observe;
  }

  /** `closed`, `open` or `half-open`: whether calls currently reach the platform. */
  get breakerState() {
    return this.guard.breakerState;
  }

  /** What readiness probes report: the breaker's state and the calls in flight and waiting. */
  get state(): UpstreamState {
    return { breaker: this.guard.breakerState, ...this.guard.usage };
  }

  async send(request: UpstreamRequest, scope: CallScope): Promise<UpstreamResponse> {
    const { deadline } = scope;
    if (deadline.expired()) throw this.timeoutError(request, 'deadline already spent; call not made', undefined, false, 0);
    return this.guard.run(() => this.exchange(request, scope), { idempotent: request.idempotent, deadline, route: request.route });
  }

  /** One request and its answer, within what is left of the deadline. */
  private async exchange(request: UpstreamRequest, { deadline, tracker }: CallScope): Promise<UpstreamResponse> {
    const budgetMs = deadline.remainingMs();
    if (budgetMs === 0) throw this.timeoutError(request, 'deadline already spent; call not made', undefined, false, 0);
    const { signal } = deadline;
    const started = performance.now();
    const call = tracker?.startCall({ provider: this.provider, method: request.method, route: request.route, origin: this.origin });
    const headers: Record<string, string> = { accept: 'application/json', ...call?.headers, ...request.headers };
    if (request.body !== undefined) headers['content-type'] = 'application/json';

    let answer: Dispatcher.ResponseData;
    try {
      answer = await this.dispatcher.request({
        origin: this.origin,
        method: request.method,
        path: request.path,
        headers,
        body: request.body === undefined ? null : JSON.stringify(request.body),
        signal,
        headersTimeout: budgetMs,
        bodyTimeout: budgetMs,
      });
    } catch (error) {
      this.observe(request, { status: 'error', errorCode: errorCodeOf(error) }, started, call);
      throw this.transportError(request, error, signal, budgetMs);
    }

    let text: string;
    try {
      text = await answer.body.text();
    } catch (error) {
      // Headers arrived, so the platform acted on the call; a body that breaks off is a bad answer.
      this.observe(request, { status: 'error', errorCode: errorCodeOf(error) }, started, call);
      throw this.bodyError(request, error, signal, budgetMs);
    }
    const ms = this.observe(request, { status: answer.statusCode }, started, call);
    // A platform limiting us is what operators need to see first: 429s at warn, the remaining quota always.
    this.logger[answer.statusCode === 429 ? 'warn' : 'debug'](
      { provider: this.provider, route: request.route, status: answer.statusCode, ms, ...rateLimitOf(answer.headers) },
      'upstream call',
    );
    const response = { status: answer.statusCode, headers: answer.headers, json: parseJson(text) };
    return { ...response, retryAfterMs: this.retryAfterOf(response) };
  }

  /**
   * Reports the call's end to the observer (metrics) and to the request's tracker (spans), if any;
   * returns its duration. Neither one's failure ever fails the call.
   */
  private observe(request: UpstreamRequest, outcome: UpstreamCallEnd, started: number, call: TrackedUpstreamCall | undefined): number {
    const ms = performance.now() - started;
    try {
      call?.end(outcome);
      this.observer?.({ provider: this.provider, route: request.route, status: outcome.status, ms });
    } catch (error) {
      this.logger.warn({ err: error, provider: this.provider, route: request.route }, 'upstream call observer failed');
    }
    return Math.round(ms);
  }

  /**
   * The platform's own rate-limit headers speak of its rate limit, so they count for a 429 only; a
   * 503 may carry a standard `Retry-After`.
   */
  private retryAfterOf(response: Omit<UpstreamResponse, 'retryAfterMs'>): number | undefined {
    const now = Date.now();
    if (response.status === 429) return this.platformRetryAfter?.(response, now) ?? retryAfterMsFromHeader(response.headers, now);
    if (response.status === 503) return retryAfterMsFromHeader(response.headers, now);
    return undefined;
  }

  private transportError(request: UpstreamRequest, error: unknown, signal: AbortSignal, budgetMs: number): UpstreamError {
    const { name } = this;
    const code = errorCodeOf(error);
    // Failures before a connection existed mean the call never reached the platform: no unknown outcome.
    const mayHaveArrived = !NEVER_SENT_CODES.has(code);
    if (signal.aborted || TIMEOUT_CODES.has(code)) return this.timeoutError(request, code, error, mayHaveArrived, budgetMs);
    if (mayHaveArrived && !request.idempotent) return this.outcomeUnknown(request, code, error);
    return new UpstreamError(ErrorCode.UPSTREAM_UNAVAILABLE, `${name} could not be reached.`, {
      provider: this.provider,
      cause: error,
      logFields: { route: request.route, transportError: code },
      transient: true,
    });
  }

  private bodyError(request: UpstreamRequest, error: unknown, signal: AbortSignal, budgetMs: number): UpstreamError {
    const code = errorCodeOf(error);
    if (signal.aborted || TIMEOUT_CODES.has(code)) return this.timeoutError(request, code, error, true, budgetMs);
    // The platform acted on a non-idempotent call but its answer broke off: what it did is unknown.
    if (!request.idempotent) return this.outcomeUnknown(request, code, error);
    // A read whose answer broke off is worth another try; an oversized one is not (it would be again).
    return new UpstreamError(ErrorCode.UPSTREAM_BAD_RESPONSE, `${this.name} sent an incomplete or oversized answer.`, {
      provider: this.provider,
      cause: error,
      logFields: { route: request.route, transportError: code },
      transient: code !== 'UND_ERR_RES_EXCEEDED_MAX_SIZE',
    });
  }

  /**
   * A timeout of a non-idempotent call that may have reached the platform is an unknown outcome. One
   * that had less than STARVED_BUDGET_MS to begin with is the caller's lack of time, not the platform's.
   */
  private timeoutError(request: UpstreamRequest, reason: string, cause: unknown, mayHaveArrived: boolean, budgetMs: number): UpstreamError {
    if (mayHaveArrived && !request.idempotent) return this.outcomeUnknown(request, reason, cause);
    return new UpstreamError(ErrorCode.UPSTREAM_TIMEOUT, `${this.name} did not answer within the request deadline.`, {
      provider: this.provider,
      cause,
      logFields: { route: request.route, transportError: reason },
      starved: budgetMs < STARVED_BUDGET_MS,
    });
  }

  private outcomeUnknown(request: UpstreamRequest, reason: string, cause: unknown): UpstreamError {
    return new UpstreamError(
      ErrorCode.UPSTREAM_OUTCOME_UNKNOWN,
      `${this.name} did not confirm the change; it may or may not have been applied.`,
      { provider: this.provider, cause, logFields: { route: request.route, transportError: reason } },
    );
  }
}

const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'TimeoutError',
  'AbortError',
]);

function errorCodeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { code, name } = error as { code?: unknown; name?: unknown };
    if (typeof code === 'string') return code;
    if (typeof name === 'string') return name;
  }
  return 'unknown';
}

/** Rocket.Chat's `X-RateLimit-*` or IMI's `Rate-Limit-*` headers, when the platform sent them. */
function rateLimitOf(headers: IncomingHttpHeaders): { rateLimit?: { limit?: string; remaining?: string; reset?: string } } {
  const read = (name: string) => {
    const value = headers[`x-ratelimit-${name}`] ?? headers[`rate-limit-${name}`];
    return Array.isArray(value) ? value[0] : value;
  };
  const [limit, remaining, reset] = [read('limit'), read('remaining'), read('reset')];
  if (limit === undefined && remaining === undefined) return {};
  return { rateLimit: { ...(limit && { limit }), ...(remaining && { remaining }), ...(reset && { reset }) } };
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
