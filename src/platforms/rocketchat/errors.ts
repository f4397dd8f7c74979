import type { IncomingHttpHeaders } from 'node:http';
import type { GatewayError } from '../../errors.js';
import { headerValue, retryAfterMsFromHeader } from '../../upstream/retry-after.js';
import { errorForStatus } from '../../upstream/status-errors.js';
import type { UpstreamResponse } from '../../upstream/upstream-http.js';
import { errorResponse } from './wire.js';
import { ROCKETCHAT } from './name.js';

/** Rocket.Chat's `error` for an unknown username (POST) or user id (DELETE), answered with HTTP 400. */
export const INVALID_USER_ERROR = 'error-invalid-user';

/** The `error` string of a Rocket.Chat failure body, if it has one. */
export function upstreamErrorOf(response: UpstreamResponse): string | undefined {
  const parsed = errorResponse.safeParse(response.json);
  return parsed.success ? parsed.data.error : undefined;
}

/**
 * The reason identifiers a failure body gives, from `error` and `errorType`, without the brackets 7.x
 * servers put around some (`[error-invalid-user]`), and the identifier a message ends with: match a
 * reason on these, not on `error` alone.
 */
export function upstreamReasonsOf(response: UpstreamResponse): string[] {
  const parsed = errorResponse.safeParse(response.json);
  if (!parsed.success) return [];
  const reasons = [parsed.data.error, parsed.data.errorType].filter((reason): reason is string => reason !== undefined && reason !== '');
  // A message may end with its identifier in brackets: `x is already in use :( [error-field-unavailable]`.
  return reasons.flatMap((reason) => {
    const code = /(?:^|\s)\[([\w.-]+)\]$/.exec(reason)?.[1];
    if (code === undefined) return [reason];
    return reason === `[${code}]` ? [code] : [reason, code];
  });
}

/** A failed Rocket.Chat call as a coded error. */
export function rocketChatError(response: UpstreamResponse, route: string, now: number): GatewayError {
  const upstreamError = upstreamErrorOf(response);
  return errorForStatus({
    platform: ROCKETCHAT,
    status: response.status,
    route,
    retryAfterMs: response.status === 429 ? retryAfterMs(response.headers, upstreamError, now) : undefined,
    // Only the short error identifier is logged: `error-invalid-sort`, not the body.
    upstreamError: upstreamError?.slice(0, 120),
  });
}

/**
 * How long Rocket.Chat asks us to wait after a 429: its `X-RateLimit-Reset` header is an epoch in
 * milliseconds; a standard `Retry-After` or the "wait N seconds" of the error text are fallbacks.
 */
export function retryAfterMs(
  headers: IncomingHttpHeaders,
  upstreamError: string | undefined,
  now: number,
): number | undefined {
  const reset = Number(headerValue(headers, 'x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) return Math.max(0, Math.ceil(reset - now));
  const fromHeader = retryAfterMsFromHeader(headers, now);
  if (fromHeader !== undefined) return fromHeader;
  const seconds = /wait (\d+) seconds/.exec(upstreamError ?? '')?.[1];
  return seconds === undefined ? undefined : Number(seconds) * 1000;
}
