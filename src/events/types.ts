import type { RedisClientOptions, RedisClientType } from '@redis/client';
import type { Logger } from '../logger.js';
import type { SubscriberTooSlowError } from './errors.js';
import type { EventKind, GatewayEvent } from './model.js';

/** The events of one kind, narrowed: `EventOfKind<'livechat'>` carries a LivechatEventModel. */
export type EventOfKind<K extends EventKind> = Extract<GatewayEvent, { kind: K }>;

/** Which events a subscription receives: one tenant's, of one kind, and only those `accept` keeps. */
export interface SubscriptionFilter<K extends EventKind = EventKind> {
  tenant: string;
  kind: K;
  /** Runs for each event of the tenant and kind, synchronously while it is published: keep it cheap. */
  accept?: (event: EventOfKind<K>) => boolean;
}

export interface SubscribeOptions {
  /** How many events may wait unread; one more and the subscriber is cut off. */
  bufferSize: number;
  /**
   * Called once, synchronously, the moment the subscriber is cut off — also while its consumer is stuck
   * (say, in a socket write), so the transport can close the connection at once.
   */
  onOverflow: (error: SubscriberTooSlowError) => void;
}

export type PublishOutcome = 'published' | 'duplicate';

/** For readiness: in memory (one process), or through Redis and whether both its connections answer. */
export type EventHubState = { mode: 'memory' } | { mode: 'redis'; connected: boolean };

/** Hooks for metrics. Each is optional, called synchronously, and must not throw (a throw is logged). */
export interface EventHubObserver {
  /** This replica accepted an event for publishing. */
  published?(kind: EventKind): void;
  /** This replica refused an event already published within the de-duplication window. */
  duplicate?(kind: EventKind): void;
  /** An event reached this replica and was handed to `count` of its subscribers (possibly 0). */
  delivered?(kind: EventKind, count: number): void;
  /** A subscriber of this replica was cut off for being too slow. */
  overflowed?(kind: EventKind): void;
}

/** A plain client: no Redis modules, functions or scripts. */
type Plain = Record<string, never>;
export type EventsRedisClient = RedisClientType<Plain, Plain, Plain>;
export type EventsRedisClientFactory = (options: RedisClientOptions<Plain, Plain, Plain>) => EventsRedisClient;

export interface EventHubOptions {
  /**
   * Redis shared by every replica (`redis://` or `rediss://`; may carry a password, never logged).
   * Unset: events stay in this process.
   */
  redisUrl?: URL;
  logger: Logger;
  /** How long a (tenant, dedupeKey) pair is remembered: a second publish within it is a duplicate. */
  dedupeWindowMs: number;
  /** Prefix of the Redis keys and channel, so a shared Redis is safe. Default `chat-gateway`. */
  namespace?: string;
  /** Limit for opening a connection to Redis. Default 2000 ms. */
  connectTimeoutMs?: number;
  /** Limit for one publish through Redis; beyond it `publish` rejects. Default 1000 ms. */
  publishTimeoutMs?: number;
  observer?: EventHubObserver;
  /** For tests: how the Redis clients are created. Default `createClient` of `@redis/client`. */
  createRedisClient?: EventsRedisClientFactory;
  /** For tests: the clock of the in-memory de-duplication window. Default `performance`. */
  clock?: { now(): number };
}

export interface EventHub {
  /**
   * De-duplicates by (tenant, dedupeKey) within the window, then hands the event to every subscriber
   * of every replica. Rejects with EventBusUnavailableError when Redis cannot take it (answer 503: the
   * platform retries, and the retry is not taken for a duplicate).
   */
  publish(event: GatewayEvent): Promise<PublishOutcome>;
  /**
   * The tenant's events of one kind, in the order each replica published them, from now on (no replay).
   * `return()` unsubscribes at once; after an overflow `next()` rejects with SubscriberTooSlowError.
   */
  subscribe<K extends EventKind>(filter: SubscriptionFilter<K>, options: SubscribeOptions): AsyncIterableIterator<EventOfKind<K>>;
  /** Subscriptions of this replica that are still open. */
  subscriberCount(): number;
  state(): EventHubState;
  /** Ends every subscription (`{ done: true }`), refuses further publishes, disconnects from Redis. */
  close(): Promise<void>;
}
