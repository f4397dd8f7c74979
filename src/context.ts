import { randomUUID } from 'node:crypto';
import { Deadline } from './deadline.js';
import type { Logger } from './logger.js';
import type { RequestTelemetry } from './telemetry/request-telemetry.js';
import { ImiSession, type ImiClient } from './providers/imi/index.js';
import { JelouSession, type JelouClient } from './providers/jelou/index.js';
import { RocketChatSession, type RocketChatClient } from './providers/rocketchat/index.js';

/** Long-lived provider clients, created once at start-up and shared by every request. */
export interface ProviderClients {
  rocketchat: RocketChatClient;
  jelou: JelouClient;
  imi: ImiClient;
}

/** Everything one GraphQL request carries: created per request, never shared. */
export interface GatewayContext {
  requestId: string;
  logger: Logger;
  deadline: Deadline;
  /** The request's span, timing and upstream call count (see plugins/request-log.ts). */
  telemetry: RequestTelemetry;
  rocketchat: RocketChatSession;
  jelou: JelouSession;
  imi: ImiSession;
}

export interface ContextOptions {
  clients: ProviderClients;
  logger: Logger;
  requestTimeoutMs: number;
  /** The caller's `x-request-id`, kept when it is a sane token so logs can be joined across services. */
  requestIdHeader: string | undefined;
  /** Starts the request's telemetry once its id is known (the id goes on the span). */
  startTelemetry(requestId: string): RequestTelemetry;
}

const SANE_REQUEST_ID = /^[\w.:-]{1,128}$/;

export function createContext(options: ContextOptions): GatewayContext {
  const requestId =
    options.requestIdHeader !== undefined && SANE_REQUEST_ID.test(options.requestIdHeader)
      ? options.requestIdHeader
      : randomUUID();
  const telemetry = options.startTelemetry(requestId);
  const deadline = Deadline.after(options.requestTimeoutMs, Date.now, telemetry);
  const logger = options.logger.child({ requestId });
  const { clients } = options;
  return {
    requestId,
    logger,
    deadline,
    telemetry,
    rocketchat: new RocketChatSession(clients.rocketchat, deadline),
    jelou: new JelouSession(clients.jelou, deadline),
    imi: new ImiSession(clients.imi, deadline),
  };
}
