import type { Logger } from 'pino';
import {
  UpstreamHttp,
  type ResilienceOptions,
  type UpstreamCallObserver,
  type UpstreamDispatcher,
} from '../../upstream/upstream-http.js';
import { JelouClient, type JelouAuthScheme, type JelouCredentials } from './client.js';

export {
  JelouClient,
  type GetOrCreateWidgetUserResult,
  type JelouAuthScheme,
  type JelouCredentials,
} from './client.js';
import { JELOU } from './name.js';
export { JelouSession } from './session.js';

/** Where and as whom the gateway reaches Jelou: the real API or the embedded simulator. */
export interface JelouConnection {
  /** Base URL; a path (e.g. `/jelou`) is kept as the prefix of every API path. */
  url: URL;
  credentials: JelouCredentials;
  /** Which Authorization form to send; `basic` per the current docs. */
  authScheme: JelouAuthScheme;
  dispatcher: UpstreamDispatcher;
}

export function createJelouClient(
  connection: JelouConnection,
  logger: Logger,
  resilience: ResilienceOptions,
  observe?: UpstreamCallObserver,
): JelouClient {
  const http = new UpstreamHttp({
    platform: JELOU,
    origin: connection.url.origin,
    dispatcher: connection.dispatcher,
    logger,
    resilience,
    observe,
  });
  return new JelouClient({
    http,
    basePath: connection.url.pathname,
    credentials: connection.credentials,
    authScheme: connection.authScheme,
  });
}
