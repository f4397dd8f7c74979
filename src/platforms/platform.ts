import type { IncomingHttpHeaders } from 'node:http';
import type { z } from 'zod';
import type { PlatformEvent } from '../events/model.js';
import type { PlatformName } from '../errors.js';
import type { Logger } from '../logger.js';
import type { FaultSpec } from '../fault-spec.js';
import type { CallScope, ResilienceOptions, UpstreamCallObserver, UpstreamDispatcher, UpstreamState } from '../upstream/upstream-http.js';

/**
 * What one platform is, in one object: its name, its settings (environment variables and auth-file
 * entries, one set of field schemas for both), how to connect (to the real platform, or to its embedded
 * simulator, loaded only then), and how to make its long-lived client and its per-request session.
 * src/platforms/index.ts lists every platform; configuration, the auth file, upstream wiring, the
 * context, readiness and metrics loop over that list. Adding a platform is a folder and one line there.
 *
 * Members that take the platform's own types are methods, so that the list can be walked as
 * `PlatformDefinition<string, unknown, …>` (method parameters are compared bivariantly).
 */
export interface PlatformDefinition<Id extends string, Settings, Entry, Connection, Client extends PlatformClient, Session> {
  /** Its id (`extensions.provider`, metric labels, config and context keys) and the name people know. */
  readonly name: PlatformName & { readonly id: Id };
  readonly settings: PlatformSettings<Settings, Entry>;
  /**
   * A tenant's live connection: a keep-alive pool to the configured platform, or (default tenant,
   * no URL set) a simulator started for it on loopback.
   */
  connect(settings: Settings, tools: ConnectTools): Promise<Connection>;
  /** The tenant's long-lived client: its pool, breaker, bulkhead and any token cache. */
  createClient(connection: Connection, tools: ClientTools): Client;
  /** The platform as one request sees it: per-request loaders over the client. Never shared. */
  createSession(client: Client, scope: CallScope): Session;
  /** When the platform pushes events: how its webhook deliveries are checked and read (endpoint/webhooks.ts). */
  readonly webhook?: PlatformWebhook<Settings>;
}

/** One delivery to `POST /webhooks/<platform>/<tenant>[/<secret>…]`, as its receiver got it. */
export interface WebhookDelivery {
  /** The URL's segments after the tenant (Jelou's path secret), decoded; as many as `pathSecretSegments`. */
  readonly pathSecrets: readonly string[];
  readonly headers: IncomingHttpHeaders;
  /** The body exactly as received: signatures are computed over these bytes. */
  readonly rawBody: Buffer;
}

/** A delivery's events, or why it cannot be used (answered 400 or 422, logged once, never published). */
export type WebhookRead =
  | { ok: true; events: PlatformEvent[] }
  | { ok: false; code: 'UNKNOWN_EVENT_TYPE' | 'INVALID_PAYLOAD'; problem: string };

/** How a platform's webhook deliveries are received: its secrets, and its payloads' meaning. */
export interface PlatformWebhook<Settings> {
  /** How many path segments follow the tenant in the receiver's URL (Jelou: 1, its secret; Rocket.Chat: 0). */
  readonly pathSecretSegments: number;
  /** Whether the tenant takes deliveries at all: without a configured secret every delivery is refused. */
  configured(settings: Settings): boolean;
  /** Whether the delivery carries the tenant's secret (or a valid signature), compared in constant time. */
  authenticate(delivery: WebhookDelivery, settings: Settings): boolean;
  /** The events a parsed JSON body describes; `receivedAt` stands in for a time the payload lacks. */
  read(body: unknown, receivedAt: Date): WebhookRead;
}

/** What every platform client offers the wiring. */
export interface PlatformClient {
  /** The connection's breaker and load, for readiness and metrics. */
  readonly upstreamState: UpstreamState;
}

/** What every session may offer: reporting its lookup batch sizes (metrics). */
export interface BatchObservable {
  observeBatchSizes(observer: (size: number) => void): void;
}

export interface PlatformSettings<Settings, Entry> {
  /** The environment variables the platform reads, each with its schema (values arrive as strings). */
  readonly variables: Readonly<Record<string, z.ZodType>>;
  /** The default tenant's settings: remote when the URL variable is set, else the embedded simulator. */
  fromEnvironment(vars: Readonly<Record<string, unknown>>, check: SettingsCheck): Settings;
  /** The auth file's entry for this platform under `tenants.<name>`. */
  readonly tenantEntry: z.ZodType<Entry, unknown>;
  /** Problems relating several fields of a raw entry (read before the schema, so none hides another). */
  entryProblems(raw: Readonly<Record<string, unknown>>, at: string): string[];
  /** A tenant's settings from its auth-file entry, with the gateway-wide defaults from the variables. */
  fromTenantEntry(entry: Entry, vars: Readonly<Record<string, unknown>>): Settings;
  /** The settings as the start-up log shows them: every secret replaced by `[set]`. */
  describe(settings: Settings): unknown;
  /** Variables of the simulator run on its own (`npm run simulator:<platform>`): its port, say. */
  readonly simulatorVariables: Readonly<Record<string, z.ZodType>>;
}

/** What the configuration tells each platform while it reads the environment. */
export interface SettingsCheck {
  /** Where to list problems: configuration fails once, with all of them. */
  problems: string[];
  /** Whether a platform without a URL may be served by its simulator (not in production unless allowed). */
  allowSimulators: boolean;
  /** Whether the variable has a value at all, valid or not. */
  isSet(variable: string): boolean;
}

export interface ConnectTools {
  /** A keep-alive pool to `origin`, closed with the gateway. */
  pool(origin: string, connections: number): UpstreamDispatcher;
  /** Registers what must be closed on shutdown (a started simulator). */
  onClose(close: () => Promise<void>): void;
  /** Faults the embedded simulator starts with (GATEWAY_SIMULATOR_FAULTS). */
  simulatorFaults: readonly FaultSpec[];
  /** Logs where a started simulator listens, naming the variable that would point at the real platform. */
  announce(variable: string, url: string): void;
  /**
   * The gateway's own origin (`http://127.0.0.1:4000`) once it listens, else undefined: a simulator
   * pushes its webhook events there, to the default tenant's receiver, when nothing else is configured.
   */
  gatewayOrigin(): string | undefined;
}

export interface ClientTools {
  logger: Logger;
  resilience: ResilienceOptions;
  /** Told about every call that reached the wire (metrics). */
  observe?: UpstreamCallObserver | undefined;
}
