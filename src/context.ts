import { randomUUID } from 'node:crypto';
import { Deadline } from './deadline.js';
import type { Caller } from './access/caller.js';
import { ErrorCode, GatewayError, providerDisplayName, type Provider } from './errors.js';
import type { Logger } from './logger.js';
import type { RequestTelemetry } from './telemetry/request-telemetry.js';
import { ImiSession, type ImiClient } from './platforms/imi/index.js';
import { JelouSession, type JelouClient } from './platforms/jelou/index.js';
import { RocketChatSession, type RocketChatClient } from './platforms/rocketchat/index.js';

/**
 * One tenant's long-lived provider clients, created once at start-up and shared by that tenant's
 * requests only; a platform the tenant does not use has none.
 */
export interface ProviderClients {
  rocketchat: RocketChatClient | undefined;
  jelou: JelouClient | undefined;
  imi: ImiClient | undefined;
}

/** Everything one GraphQL request carries: created per request, never shared. */
export interface GatewayContext {
  requestId: string;
  /** Who is calling (their scopes and tenant), as the HTTP endpoint authenticated them. */
  caller: Caller;
  logger: Logger;
  deadline: Deadline;
  /** The request's span, timing and upstream call count (see plugins/request-log.ts). */
  telemetry: RequestTelemetry;
  rocketchat: RocketChatSession;
  jelou: JelouSession;
  imi: ImiSession;
}

export interface ContextOptions {
  caller: Caller;
  /** The caller's tenant's clients. */
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
  const { clients, caller } = options;
  const logger = options.logger.child({ requestId, caller: caller.name, tenant: caller.tenant });
  return {
    requestId,
    caller,
    logger,
    deadline,
    telemetry,
    rocketchat: clients.rocketchat ? new RocketChatSession(clients.rocketchat, deadline) : notConfigured('rocketchat', caller.tenant),
    jelou: clients.jelou ? new JelouSession(clients.jelou, deadline) : notConfigured('jelou', caller.tenant),
    imi: clients.imi ? new ImiSession(clients.imi, deadline) : notConfigured('imi', caller.tenant),
  };
}

/**
 * Stands in for the session of a platform the tenant does not use: any use fails with
 * PLATFORM_NOT_CONFIGURED, so resolvers need no tenant checks and a field of that platform fails alone
 * (partial results), like a platform that is down.
 */
function notConfigured<T extends object>(provider: Provider, tenant: string): T {
  return new Proxy({} as T, {
    get() {
      throw new GatewayError(
        ErrorCode.PLATFORM_NOT_CONFIGURED,
        `Tenant "${tenant}" does not use ${providerDisplayName(provider)}; ask the gateway's operators to add it.`,
        { provider },
      );
    },
  });
}
