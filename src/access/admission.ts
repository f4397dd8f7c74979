import type { IncomingHttpHeaders } from 'node:http';
import type { AuthResult } from './authenticator.js';
import type { Caller } from './caller.js';
import { canonicalAddress, clientAddress, type ForwardingHeaders, type TrustedProxies } from './client-address.js';
import { ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import { retryAfterSeconds, type RateLimiter } from './rate-limit.js';

/**
 * Whether a GraphQL request may go in, decided from its head alone (before the body is read and long
 * before any GraphQL work): who is calling (401 otherwise), then whether that caller has budget left
 * (429 otherwise). Authentication comes first so that a wrong key is a 401, never a 429, and so that
 * callers are limited by who they are rather than by where they connect from. Failed authentications
 * are the exception: they count against their client's address, and an address that used up that budget
 * gets 429 before its credentials are even checked (a JWT signature check is the costly part). Behind
 * trusted proxies that address is the one they forward for (client-address.ts), not the proxy's.
 */

/**
 * What admission reads of a request: its credentials and where it comes from (the peer, and whom it
 * forwards for if it is a trusted proxy). An IncomingMessage is one; a WebSocket's `connection_init`
 * makes one from its connection params and upgrade request.
 */
export interface AdmissionRequest {
  readonly headers: Pick<IncomingHttpHeaders, 'authorization'> & ForwardingHeaders;
  readonly socket: { readonly remoteAddress?: string | undefined };
}

export interface AdmissionOptions {
  /** Who is calling; without it every request is admitted with no caller (authentication not wired). */
  authenticate?: ((req: AdmissionRequest) => Promise<AuthResult>) | undefined;
  /** Per-caller budget; without it there is no rate limit. */
  rateLimiter?: RateLimiter | undefined;
  /** Per-address budget of failed authentications; without it they are not limited. */
  authFailureLimiter?: RateLimiter | undefined;
  /**
   * Proxies (`address/prefix`) whose `Forwarded` / `X-Forwarded-For` name the client whose address the
   * per-address budgets use; without them (or from anyone else) those headers are ignored.
   */
  trustedProxies?: TrustedProxies | undefined;
  logger: Logger;
}

export interface Refusal {
  status: 401 | 429;
  headers: Record<string, string>;
  error: { message: string; extensions: { code: ErrorCode; retryAfterMs?: number } };
}

export type Admission = { admitted: true; caller: Caller | undefined } | { admitted: false; refusal: Refusal };

export const AUTH_REALM = 'chat-gateway';

const UNAUTHENTICATED_MESSAGES: Record<Extract<AuthResult, { ok: false }>['reason'], string> = {
  missing: 'Authentication required: send "Authorization: Bearer <API key or token>".',
  invalid: 'The credentials sent are not valid.',
  expired: 'The token sent has expired.',
};

export async function admit(req: AdmissionRequest, options: AdmissionOptions): Promise<Admission> {
  let caller: Caller | undefined;
  const address = clientAddress(req, options.trustedProxies);
  if (options.authenticate) {
    // Keyed like an anonymous caller: before authentication, the address is all there is.
    const failureKey = `auth-failures:${keyOf(undefined, address)}`;
    const blocked = options.authFailureLimiter && (await options.authFailureLimiter.peek(failureKey));
    if (blocked && !blocked.allowed) {
      options.logger.info({ rateLimitKey: failureKey, retryAfterMs: blocked.retryAfterMs }, 'request refused: too many failed authentications');
      return { admitted: false, refusal: rateLimited(blocked.retryAfterMs, 'Too many failed authentications from this address. Retry after the time in Retry-After.') };
    }
    const result = await options.authenticate(req);
    if (!result.ok) {
      await options.authFailureLimiter?.take(failureKey);
      // `detail` is written for logs (it never holds the token); the client gets the reason's message only.
      options.logger[result.reason === 'missing' ? 'debug' : 'info'](
        { reason: result.reason, detail: result.detail, clientAddress: address, ...viaProxy(req, address) },
        'request refused: not authenticated',
      );
      return { admitted: false, refusal: unauthenticated(result.reason) };
    }
    caller = result.caller;
  }
  if (options.rateLimiter) {
    const key = keyOf(caller, address);
    const decision = await options.rateLimiter.take(key);
    if (!decision.allowed) {
      options.logger.info({ rateLimitKey: key, retryAfterMs: decision.retryAfterMs }, 'request refused: rate limit');
      return { admitted: false, refusal: rateLimited(decision.retryAfterMs, 'Too many requests: this caller’s rate limit is used up. Retry after the time in Retry-After.') };
    }
  }
  return { admitted: true, caller };
}

/**
 * Known callers by name (one budget per API key or token subject, wherever they connect from);
 * anonymous ones (authentication off) by their client's address, the only thing that tells them apart.
 * Behind a proxy that is not trusted every anonymous caller shares the proxy's address, hence one budget.
 */
export function rateLimitKey(req: AdmissionRequest, caller: Caller | undefined, options: Pick<AdmissionOptions, 'trustedProxies'>): string {
  return keyOf(caller, clientAddress(req, options.trustedProxies));
}

function keyOf(caller: Caller | undefined, address: string | undefined): string {
  if (caller !== undefined && caller.kind !== 'anonymous') return `${caller.kind}:${caller.name}`;
  return `address:${address ?? 'unknown'}`;
}

/** The proxy a request came through, for logs, when the client's address is not the peer's. */
function viaProxy(req: AdmissionRequest, address: string | undefined): { proxyAddress?: string } {
  const peer = req.socket.remoteAddress;
  return peer !== undefined && address !== (canonicalAddress(peer) ?? peer) ? { proxyAddress: peer } : {};
}

function unauthenticated(reason: Extract<AuthResult, { ok: false }>['reason']): Refusal {
  // RFC 6750 §3: no error code when credentials are missing, `invalid_token` when they are wrong or stale.
  const challenge = reason === 'missing' ? `Bearer realm="${AUTH_REALM}"` : `Bearer realm="${AUTH_REALM}", error="invalid_token"`;
  return {
    status: 401,
    headers: { 'www-authenticate': challenge },
    error: { message: UNAUTHENTICATED_MESSAGES[reason], extensions: { code: ErrorCode.UNAUTHENTICATED } },
  };
}

function rateLimited(retryAfterMs: number, message: string): Refusal {
  return {
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds(retryAfterMs)) },
    error: {
      message,
      extensions: { code: ErrorCode.RATE_LIMITED, retryAfterMs },
    },
  };
}
