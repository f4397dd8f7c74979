import type { Logger } from 'pino';
import { Deadline } from '../../deadline.js';
import type { CallScope } from '../../upstream/call-scope.js';
import { ErrorCode, GatewayError } from '../../errors.js';
import { headerValue } from '../../upstream/retry-after.js';
import { joinPath } from '../../upstream/path.js';
import { errorForStatus } from '../../upstream/status-errors.js';
import type { UpstreamHttp } from '../../upstream/upstream-http.js';
import { AUTH_REFUSED_CODES, envelopeOf, imiRetryAfterMs, logImiCall } from './errors.js';
import { IMI } from './name.js';

/** Obtains a fresh access token (a call to `/v3.1/authorize`, or a fake in tests). */
export type MintToken = (scope: CallScope) => Promise<string>;

/**
 * The access token the gateway sends to IMI. Either a static token an operator configured (it cannot be
 * renewed: when IMI refuses it, only the operator can help) or one minted with the API key, cached and
 * renewed when IMI reports it invalid or expired. IMI documents no refresh endpoint and no lifetime, so
 * renewal is reactive. Renewal is single-flight: callers that saw the same stale token share one
 * authorize call, and a caller whose stale token was already replaced gets the new one at once.
 */
export class ImiTokenSource {
  private token: string | undefined;
  private pending: Promise<string> | undefined;

  private constructor(
    private readonly mint: MintToken | undefined,
    token: string | undefined,
    private readonly mintTimeoutMs: number,
  ) {
    this.token = token;
  }

  static fixed(token: string): ImiTokenSource {
    return new ImiTokenSource(undefined, token, 0);
  }

  /** `mintTimeoutMs` bounds one authorize call, whoever waits for it (see `start`). */
  static minted(mint: MintToken, mintTimeoutMs = DEFAULT_MINT_TIMEOUT_MS): ImiTokenSource {
    return new ImiTokenSource(mint, undefined, mintTimeoutMs);
  }

  get canRefresh(): boolean {
    return this.mint !== undefined;
  }

  /** The cached token, or one minted now (shared with any mint already under way). */
  current(scope: CallScope): Promise<string> {
    if (this.token !== undefined) return Promise.resolve(this.token);
    return waitWithin(this.pending ?? this.start(scope), scope.deadline);
  }

  /** A token other than `stale`: the one that already replaced it, or one minted now (once for all askers). */
  refresh(stale: string, scope: CallScope): Promise<string> {
    if (this.mint === undefined) {
      return Promise.reject(
        new GatewayError(
          ErrorCode.UPSTREAM_UNAUTHORIZED,
          `${IMI.displayName} refused the configured access token, which the gateway cannot renew.`,
          { provider: IMI.id },
        ),
      );
    }
    if (this.token !== undefined && this.token !== stale) return Promise.resolve(this.token);
    if (this.pending) return waitWithin(this.pending, scope.deadline);
    // Forget the refused token so that every later caller waits for the new one instead of reusing it.
    this.token = undefined;
    return waitWithin(this.start(scope), scope.deadline);
  }

  /**
   * One mint for everyone waiting. It runs under its own time limit, not the deadline of the request
   * that happened to start it: a request with little time left must not fail the others. Each waiter
   * stops waiting at its own deadline. A failure rejects every waiter and is not cached. The mint's
   * calls are traced and counted as calls of the request that started it.
   */
  private start(startedBy: CallScope): Promise<string> {
    const mint = this.mint as MintToken;
    const pending = mint({ deadline: Deadline.after(this.mintTimeoutMs), tracker: startedBy.tracker }).then(
      (token) => {
        this.token = token;
        this.pending = undefined;
        return token;
      },
      (error: unknown) => {
        this.pending = undefined;
        throw error;
      },
    );
    this.pending = pending;
    return pending;
  }
}

const DEFAULT_MINT_TIMEOUT_MS = 10_000;

/** The shared mint, as seen by one request: it gives up (UPSTREAM_TIMEOUT) when its own deadline passes. */
function waitWithin(pending: Promise<string>, deadline: Deadline): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new GatewayError(
          ErrorCode.UPSTREAM_TIMEOUT,
          `${IMI.displayName} did not issue an access token within the request deadline.`,
          { provider: IMI.id, logFields: { route: ROUTE } },
        ),
      );
    }, deadline.remainingMs());
    pending.then(
      (token) => {
        clearTimeout(timer);
        resolve(token);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export interface ImiAuthorizeOptions {
  http: UpstreamHttp;
  basePath: string;
  /** Request header that carries base64(`APIKey@DomainName`); `key` by default (unverified). */
  apiKeyHeader: string;
  apiKey: string;
  domain: string;
  logger: Logger;
  now?: () => number;
}

/** The response header IMI returns the token in, as documented. */
const TOKEN_RESPONSE_HEADER = 'access_token';
const ROUTE = 'GET /authorize';

/** `GET /v3.1/authorize`: the token comes back in the `access_token` response header. */
export function imiAuthorizer(options: ImiAuthorizeOptions): MintToken {
  const credential = Buffer.from(`${options.apiKey}@${options.domain}`, 'utf8').toString('base64');
  const now = options.now ?? Date.now;
  return async (scope) => {
    const response = await options.http.send(
      {
        method: 'GET',
        path: joinPath(options.basePath, '/v3.1/authorize'),
        route: ROUTE,
        headers: { [options.apiKeyHeader]: credential },
        idempotent: true,
      },
      scope,
    );
    logImiCall(options.logger, response, ROUTE);
    const token = headerValue(response.headers, TOKEN_RESPONSE_HEADER)?.trim();
    if (response.status === 200 && token) return token;
    const statusCode = envelopeOf(response)?.status_code;
    if (response.status === 200) {
      throw new GatewayError(ErrorCode.UPSTREAM_BAD_RESPONSE, `${IMI.displayName} issued no access token.`, {
        provider: IMI.id,
        logFields: { route: ROUTE, statusCode },
      });
    }
    if ((statusCode !== undefined && AUTH_REFUSED_CODES.has(statusCode)) || response.status === 401 || response.status === 403) {
      throw new GatewayError(ErrorCode.UPSTREAM_UNAUTHORIZED, `${IMI.displayName} refused the gateway's API key.`, {
        provider: IMI.id,
        logFields: { route: ROUTE, status: response.status, statusCode },
      });
    }
    const retryAfterMs = response.status === 429 ? imiRetryAfterMs(response.headers, now()) : undefined;
    throw errorForStatus({ platform: IMI, status: response.status, route: ROUTE, retryAfterMs, upstreamError: statusCode?.toString() });
  };
}
