import type { Logger } from 'pino';
import {
  UpstreamHttp,
  type ResilienceOptions,
  type UpstreamCallObserver,
  type UpstreamDispatcher,
} from '../../upstream/upstream-http.js';
import { ImiClient, type ImiHeaderNames } from './client.js';
import { ImiTokenSource, imiAuthorizer } from './token.js';
import { imiRetryAfterMs } from './errors.js';
import { IMI } from './name.js';

export { DEFAULT_IMI_HEADER_NAMES, ImiClient, type CreateUserResult, type ImiHeaderNames, type ImiSearchPage } from './client.js';
export { imiQuotaOf, type ImiQuota } from './quota.js';
export { ImiSession, MAX_LOOKUPS_PER_REQUEST } from './session.js';
export { ImiTokenSource, type MintToken } from './token.js';
export { toSearchBody } from './search-body.js';

/**
 * How the gateway authenticates: a static token an operator obtained (`IMI_ACCESS_TOKEN`; it cannot be
 * renewed), or the API key and domain, with which the gateway mints and renews tokens itself.
 */
export type ImiAuth = { kind: 'access-token'; accessToken: string } | { kind: 'api-key'; apiKey: string; domain: string };

/** Where and as whom the gateway reaches IMI: a tenant host or the embedded simulator. */
export interface ImiConnection {
  /** Tenant base URL (`https://<tenant>.imi.chat`); a path is kept as the prefix of every API path. */
  url: URL;
  /** The team the gateway acts in. */
  teamId: string;
  auth: ImiAuth;
  headerNames: ImiHeaderNames;
  dispatcher: UpstreamDispatcher;
}

export function createImiClient(
  connection: ImiConnection,
  logger: Logger,
  resilience: ResilienceOptions,
  observe?: UpstreamCallObserver,
): ImiClient {
  const http = new UpstreamHttp({
    platform: IMI,
    origin: connection.url.origin,
    dispatcher: connection.dispatcher,
    logger,
    resilience,
    observe,
    // IMI's Rate-Limit-Reset (its daily quota) before the standard Retry-After.
    retryAfterMs: (response, now) => imiRetryAfterMs(response.headers, now),
  });
  const basePath = connection.url.pathname;
  const { auth } = connection;
  const tokens =
    auth.kind === 'access-token'
      ? ImiTokenSource.fixed(auth.accessToken)
      : ImiTokenSource.minted(
          imiAuthorizer({
            http,
            basePath,
            apiKeyHeader: connection.headerNames.apiKey,
            apiKey: auth.apiKey,
            domain: auth.domain,
            logger,
          }),
        );
  return new ImiClient({ http, basePath, teamId: connection.teamId, tokens, headerNames: connection.headerNames, logger });
}
