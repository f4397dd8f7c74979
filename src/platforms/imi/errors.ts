import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import type { CustomerCareRejection } from './models.js';
import { ErrorCode, GatewayError } from '../../errors.js';
import { headerValue, retryAfterMsFromHeader } from '../../upstream/retry-after.js';
import { badResponse, errorForStatus } from '../../upstream/status-errors.js';
import type { UpstreamResponse } from '../../upstream/upstream-http.js';
import { wireEnvelope, type WireEnvelope } from './wire.js';
import { IMI } from './name.js';

/**
 * IMI's status-code table (shared/upstreams/imi.md) read into our vocabulary. Each entry is deliberate
 * and covered by test/unit/imi-errors.test.ts; anything IMI adds later falls back to the HTTP status.
 */
export type ImiOperation = 'get' | 'search' | 'create';

export const SUCCESS_CODES: Readonly<Record<ImiOperation, number>> = { get: 4306, search: 4307, create: 4308 };

/**
 * 2003 invalid token, 2004 expired token: IMI refused the call before acting, and a new token cures it.
 * (2002, a mandatory header missing, is not cured by a new token: it means the configured header names
 * are wrong, and renewing would only spend the daily quota and a good token.)
 */
export const AUTH_REFUSED_CODES: ReadonlySet<number> = new Set([2003, 2004]);
export const HEADER_MISSING_CODE = 2002;
export const INTERNAL_ERROR_CODE = 2007;
export const TEAM_NOT_FOUND_CODE = 2010;
export const METHOD_NOT_ALLOWED_CODE = 2099;
/** Our own request was malformed: on reads a gateway bug, on create possibly the caller's input. */
const REQUEST_REFUSED_CODES: ReadonlySet<number> = new Set([3114, 3115]);

const CREATE_REJECTIONS: ReadonlyMap<number, CustomerCareRejection> = new Map<number, CustomerCareRejection>([
  [TEAM_NOT_FOUND_CODE, { reason: 'TEAM_NOT_FOUND' }],
  [3102, { reason: 'USER_ALREADY_EXISTS' }],
  [3111, { reason: 'EMAIL_TAKEN' }],
  [3107, { reason: 'INVALID_ATTRIBUTE', attribute: 'business' }],
  [3110, { reason: 'INVALID_ATTRIBUTE', attribute: 'location' }],
  [3114, { reason: 'BODY_MISSING' }],
  [3115, { reason: 'INVALID_REQUEST' }],
]);

/** What an answer means for the call; failures are thrown as coded errors instead. */
export type ImiReading =
  | { kind: 'success'; response: unknown }
  /** Get only: the user does not exist. */
  | { kind: 'absent' }
  /** The client may renew the token and repeat the call once: IMI did not act on it. */
  | { kind: 'auth-refused'; statusCode: number }
  /** Create only: an expected refusal, returned to the caller as data. */
  | { kind: 'rejected'; rejection: CustomerCareRejection };


export function envelopeOf(response: UpstreamResponse): WireEnvelope | undefined {
  const parsed = wireEnvelope.safeParse(response.json);
  return parsed.success ? parsed.data : undefined;
}

export function readImiAnswer(response: UpstreamResponse, operation: ImiOperation, route: string, now: number): ImiReading {
  const { status } = response;
  if (status === 429) {
    return fail(errorForStatus({ platform: IMI, status, route, retryAfterMs: imiRetryAfterMs(response.headers, now) }));
  }
  if (status >= 500) {
    // An internal error (500) or a proxy timing out (502/504) says nothing about whether IMI created the
    // user; only a 503 (not taking requests) says it did not act.
    if (operation === 'create' && status !== 503) return fail(createOutcomeUnknown(route, `HTTP ${status}`));
    return fail(errorForStatus({ platform: IMI, status, route }));
  }
  const envelope = envelopeOf(response);
  if (envelope === undefined) {
    // A 2xx to a create means IMI accepted it: an unreadable one leaves the result unknown, not failed.
    if (operation === 'create' && status >= 200 && status < 300) return fail(createOutcomeUnknown(route, 'unreadable 2xx'));
    return fail(badResponse(IMI, route, `no IMI envelope (HTTP ${status})`));
  }
  const code = envelope.status_code;
  const facts = { provider: IMI.id, logFields: { route, status, statusCode: code } };

  if (code === SUCCESS_CODES[operation] && status >= 200 && status < 300) {
    // The answer to a lookup of an absent user is unpublished; an empty 4306 is one plausible form.
    if (operation === 'get' && isEmpty(envelope.response)) return { kind: 'absent' };
    return { kind: 'success', response: envelope.response };
  }
  if (AUTH_REFUSED_CODES.has(code)) return { kind: 'auth-refused', statusCode: code };
  if (code === HEADER_MISSING_CODE) return fail(unauthorized(route, code));
  if (code === INTERNAL_ERROR_CODE) {
    if (operation === 'create') return fail(createOutcomeUnknown(route, `status_code ${code}`));
    return fail(new GatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, `${IMI.displayName} reported an internal error.`, facts));
  }
  if (operation === 'create') {
    const rejection = CREATE_REJECTIONS.get(code);
    if (rejection) return { kind: 'rejected', rejection };
  }
  if (code === TEAM_NOT_FOUND_CODE) {
    return fail(
      new GatewayError(
        ErrorCode.UPSTREAM_UNAUTHORIZED,
        `${IMI.displayName} does not know the team id the gateway is configured with (status 2010).`,
        facts,
      ),
    );
  }
  // Absent users: unpublished too. Any 404 that is not "unknown team" is read as "no such user".
  if (operation === 'get' && status === 404) return { kind: 'absent' };
  if (code === METHOD_NOT_ALLOWED_CODE || REQUEST_REFUSED_CODES.has(code)) {
    // The gateway chose the method and built the request: IMI refusing them is our bug, not the caller's.
    return fail(new GatewayError(ErrorCode.INTERNAL_SERVER_ERROR, `${IMI.displayName} refused the gateway's request.`, facts));
  }
  if (status === 200) {
    return fail(badResponse(IMI, route, `status_code ${code} where ${SUCCESS_CODES[operation]} was expected`));
  }
  return fail(errorForStatus({ platform: IMI, status, route, upstreamError: String(code) }));
}

/** A create IMI may have carried out although its answer cannot tell: the caller must check before retrying. */
export function createOutcomeUnknown(route: string, why: string): GatewayError {
  return new GatewayError(
    ErrorCode.UPSTREAM_OUTCOME_UNKNOWN,
    `${IMI.displayName} did not confirm the change in a readable way; it may or may not have been applied.`,
    { provider: IMI.id, logFields: { route, problem: why } },
  );
}

/** The error for a refusal of our credentials that renewing the token did not (or cannot) cure. */
export function unauthorized(route: string, statusCode: number): GatewayError {
  const why =
    statusCode === HEADER_MISSING_CODE
      ? 'missed a mandatory header (check IMI_TOKEN_HEADER and IMI_TEAM_HEADER)'
      : 'was not accepted';
  return new GatewayError(ErrorCode.UPSTREAM_UNAUTHORIZED, `${IMI.displayName} rejected the gateway's credentials: the call ${why}.`, {
    provider: IMI.id,
    logFields: { route, statusCode },
  });
}

/**
 * How long IMI asks us to wait after a 429. A standard `Retry-After` says it directly. Otherwise
 * `Rate-Limit-Reset` (when the daily quota is back) counts only once the quota is spent
 * (`Rate-Limit-Remaining: 0`): IMI sends it on every answer, and a 429 with quota left is a short
 * throttle, not a wait until tomorrow. Its unit is undocumented, so its magnitude decides: below 10^9
 * it can only be a delay in seconds (10^9 s is 31 years); from 10^9 an epoch in seconds (now ≈
 * 1.7·10^9); from 10^12 an epoch in milliseconds.
 */
export function imiRetryAfterMs(headers: IncomingHttpHeaders, now: number): number | undefined {
  const retryAfter = retryAfterMsFromHeader(headers, now);
  if (retryAfter !== undefined) return retryAfter;
  if (headerValue(headers, 'rate-limit-remaining')?.trim() !== '0') return undefined;
  const raw = headerValue(headers, 'rate-limit-reset')?.trim();
  const reset = raw !== undefined && /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
  if (Number.isFinite(reset)) {
    if (reset >= 1e12) return Math.max(0, Math.ceil(reset - now));
    if (reset >= 1e9) return Math.max(0, Math.ceil(reset * 1000 - now));
    return Math.ceil(reset * 1000);
  }
  return undefined;
}

/**
 * One debug line per call with IMI's daily quota, a warning when less than a tenth is left, and an
 * error line for 2099 (we used a wrong method: a gateway bug). Never tokens, never bodies.
 */
export function logImiCall(logger: Logger, response: UpstreamResponse, route: string): void {
  const remaining = numericHeader(response.headers, 'rate-limit-remaining');
  const limit = numericHeader(response.headers, 'rate-limit-limit');
  const statusCode = envelopeOf(response)?.status_code;
  const fields = { provider: IMI.id, route, status: response.status, statusCode, rateLimitRemaining: remaining, rateLimitLimit: limit };
  logger.debug(fields, 'imi call');
  if (remaining !== undefined && limit !== undefined && limit > 0 && remaining < limit / 10) {
    logger.warn(fields, 'IMI daily API quota is running low');
  }
  if (statusCode === METHOD_NOT_ALLOWED_CODE) logger.error(fields, 'IMI refused the HTTP method the gateway used');
}

function numericHeader(headers: IncomingHttpHeaders, name: string): number | undefined {
  const value = headerValue(headers, name)?.trim();
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

function fail(error: GatewayError): never {
  throw error;
}
