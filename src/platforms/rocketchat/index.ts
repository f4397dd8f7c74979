import type { Logger } from 'pino';
import {
  UpstreamHttp,
  type ResilienceOptions,
  type UpstreamCallObserver,
  type UpstreamDispatcher,
} from '../../upstream/upstream-http.js';
import { RocketChatClient, type RocketChatCredentials } from './client.js';
import { retryAfterMs, upstreamErrorOf } from './errors.js';
import { ROCKETCHAT } from './name.js';

export { RocketChatClient, type RocketChatCredentials } from './client.js';
export { RocketChatSession } from './session.js';

/** Where and as whom the gateway reaches Rocket.Chat: a real server or the embedded simulator. */
export interface RocketChatConnection {
  /** Base URL; a path (e.g. `/chat`) is kept as the prefix of every API path. */
  url: URL;
  credentials: RocketChatCredentials;
  dispatcher: UpstreamDispatcher;
}

export function createRocketChatClient(
  connection: RocketChatConnection,
  logger: Logger,
  resilience: ResilienceOptions,
  observe?: UpstreamCallObserver,
): RocketChatClient {
  const http = new UpstreamHttp({
    platform: ROCKETCHAT,
    origin: connection.url.origin,
    dispatcher: connection.dispatcher,
    logger,
    resilience,
    observe,
    // Rocket.Chat says when its rate-limit window resets (X-RateLimit-Reset, or "wait N seconds").
    retryAfterMs: (response, now) => retryAfterMs(response.headers, upstreamErrorOf(response), now),
  });
  return new RocketChatClient({ http, basePath: connection.url.pathname, credentials: connection.credentials });
}
