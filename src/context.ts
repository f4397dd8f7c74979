import { randomUUID } from 'node:crypto';
import { Deadline } from './deadline.js';
import type { Caller } from './access/caller.js';
import { ErrorCode, GatewayError, type PlatformName } from './errors.js';
import type { Logger } from './logger.js';
import type { RequestTelemetry } from './telemetry/request-telemetry.js';
import { ALL_PLATFORMS, type ByPlatform, type PlatformId } from './platforms/index.js';
import type { PeopleScope } from './people/people-scope.js';
import type { EventKind, GatewayEvent } from './events/model.js';

/**
 * One tenant's long-lived platform clients, created once at start-up and shared by that tenant's
 * requests only; a platform the tenant does not use has none.
 */
export type PlatformClients = { [Id in PlatformId]: ByPlatform<'client'>[Id] | undefined };

/** Each platform as this request sees it (`context.rocketchat`, …), under the platform's id. */
export type PlatformSessions = ByPlatform<'session'>;

/** Everything one GraphQL request carries: created per request, never shared. */
export type GatewayContext = RequestScope & PlatformSessions;

/** Fails to compile when a platform's id is also the name of one of the request's own fields. */
export const PLATFORM_IDS_ARE_NOT_CONTEXT_FIELDS: [Extract<PlatformId, keyof RequestScope>] extends [never] ? true : never = true;

export interface RequestScope {
  requestId: string;
  /** The caller's tenant's directory and workflows (the gateway's store, bound to the tenant). */
  people: PeopleScope;
  /** Who is calling (their scopes and tenant), as the HTTP endpoint authenticated them. */
  caller: Caller;
  logger: Logger;
  deadline: Deadline;
  /** The request's span, timing and upstream call count (see plugins/request-log.ts). */
  telemetry: RequestTelemetry;
  /** Only while a subscription starts (endpoint/subscriptions/): the caller's tenant's live events. */
  liveEvents?: LiveEvents | undefined;
}

/** A subscription's access to the event hub: its tenant's events of one kind, cut off if it falls behind. */
export interface LiveEvents {
  subscribe(kind: EventKind, accept: (event: GatewayEvent) => boolean): AsyncIterableIterator<GatewayEvent>;
}

export interface ContextOptions {
  caller: Caller;
  /** The caller's tenant's clients. */
  clients: PlatformClients;
  logger: Logger;
  requestTimeoutMs: number;
  /** The caller's `x-request-id`, kept when it is a sane token so logs can be joined across services. */
  requestIdHeader: string | undefined;
  /** Starts the request's telemetry once its id is known (the id goes on the span). */
  startTelemetry(requestId: string): RequestTelemetry;
  /** The caller's tenant's directory and workflows. */
  people: PeopleScope;
  /** Set for the context a subscription starts in. */
  liveEvents?: LiveEvents | undefined;
  /** Told of each platform session the request opens (the tenant's platforms only), e.g. to observe its batches. */
  onSession?: ((platform: PlatformId, session: object) => void) | undefined;
}

const SANE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The caller's `x-request-id` when it is a sane token (kept, so logs join across services), else a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}

export function createContext(options: ContextOptions): GatewayContext {
  const requestId = requestIdFrom(options.requestIdHeader);
  const telemetry = options.startTelemetry(requestId);
  const deadline = Deadline.after(options.requestTimeoutMs);
  // Every upstream call of the request gets what is left of its deadline and is told to its telemetry.
  const scope = { deadline, tracker: telemetry };
  const { clients, caller } = options;
  const logger = options.logger.child({ requestId, caller: caller.name, tenant: caller.tenant });
  const opened: OpenedSessions = { made: {}, make: (platform) => openSession(platform, clients, scope, caller.tenant, options.onSession) };
  const own: RequestScope & { [SESSIONS]: OpenedSessions } = { requestId, caller, logger, deadline, telemetry, people: options.people, liveEvents: options.liveEvents, [SESSIONS]: opened };
  return Object.setPrototypeOf(own, SESSION_GETTERS) as GatewayContext;
}

/** Where a context keeps the sessions it opened. */
const SESSIONS = Symbol('sessions');

interface OpenedSessions {
  made: Partial<Record<PlatformId, unknown>>;
  make(platform: (typeof ALL_PLATFORMS)[number]): unknown;
}

/**
 * Each platform's session (its loaders and caches) is opened when the request first reaches for it
 * (`context.rocketchat`), then kept for the request: most operations use one platform, and opening the
 * others' for nothing showed in the garbage collector's time. The getters live on one shared prototype,
 * so every context has the same shape.
 */
const SESSION_GETTERS: object = Object.defineProperties(
  {},
  Object.fromEntries(
    ALL_PLATFORMS.map((platform) => [
      platform.name.id,
      {
        enumerable: true,
        get(this: { [SESSIONS]: OpenedSessions }) {
          const sessions = this[SESSIONS];
          return (sessions.made[platform.name.id] ??= sessions.make(platform));
        },
      },
    ]),
  ),
);

function openSession(
  platform: (typeof ALL_PLATFORMS)[number],
  clients: PlatformClients,
  scope: { deadline: Deadline; tracker: RequestTelemetry },
  tenant: string,
  onSession: ContextOptions['onSession'],
): unknown {
  const client = clients[platform.name.id];
  if (!client) return notConfigured(platform.name, tenant);
  const session = platform.createSession(client, scope) as object;
  onSession?.(platform.name.id, session);
  return session;
}

/**
 * Stands in for the session of a platform the tenant does not use: any use fails with
 * PLATFORM_NOT_CONFIGURED, so resolvers need no tenant checks and a field of that platform fails alone
 * (partial results), like a platform that is down.
 */
function notConfigured(platform: PlatformName, tenant: string): object {
  return new Proxy(
    {},
    {
      get() {
        throw new GatewayError(
          ErrorCode.PLATFORM_NOT_CONFIGURED,
          `Tenant "${tenant}" does not use ${platform.displayName}; ask the gateway's operators to add it.`,
          { provider: platform.id },
        );
      },
    },
  );
}
