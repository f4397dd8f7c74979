import type { Logger } from '../logger.js';
import { EventBusUnavailableError } from './errors.js';
import { LocalSubscribers } from './local-subscribers.js';
import { memoryTransport } from './memory-transport.js';
import type { EventKind, GatewayEvent } from './model.js';
import type * as RedisTransport from './redis-transport.js';
import { SubscriberQueue } from './subscriber-queue.js';
import type { EventTransport } from './transport.js';
import type { EventHub, EventHubObserver, EventHubOptions, EventOfKind, SubscribeOptions, SubscriptionFilter } from './types.js';

export { EventBusUnavailableError, SubscriberTooSlowError } from './errors.js';
export type * from './model.js';
export type {
  EventHub,
  EventHubObserver,
  EventHubOptions,
  EventHubState,
  EventOfKind,
  EventsRedisClient,
  EventsRedisClientFactory,
  PublishOutcome,
  SubscribeOptions,
  SubscriptionFilter,
} from './types.js';

export const EVENT_HUB_DEFAULTS = {
  namespace: 'chat-gateway',
  connectTimeoutMs: 2_000,
  publishTimeoutMs: 1_000,
  /** In-memory de-duplication forgets the oldest keys beyond this many. */
  maxDedupeKeys: 100_000,
} as const;

/**
 * The event hub: webhook receivers publish platform events, GraphQL subscriptions read them. In one
 * process without `redisUrl`; through Redis, across every replica, with it.
 */
export function createEventHub(options: EventHubOptions): EventHub {
  requireWholeNumber('dedupeWindowMs', options.dedupeWindowMs, 1);
  const observer = guardedObserver(options.observer, options.logger);
  const subscribers = new LocalSubscribers(observer, options.logger);
  const deliver = (event: GatewayEvent) => subscribers.deliver(event);
  const transport: EventTransport =
    options.redisUrl === undefined
      ? memoryTransport({ dedupeWindowMs: options.dedupeWindowMs, maxDedupeKeys: EVENT_HUB_DEFAULTS.maxDedupeKeys, clock: options.clock, deliver })
      : openRedisTransport(options, options.redisUrl, deliver);
  let closed = false;

  return {
    async publish(event) {
      if (closed) throw new EventBusUnavailableError('The event hub is closed (the gateway is shutting down)');
      const outcome = await transport.publish(event);
      if (outcome === 'published') observer.published(event.kind);
      else observer.duplicate(event.kind);
      return outcome;
    },
    subscribe<K extends EventKind>(filter: SubscriptionFilter<K>, subscribeOptions: SubscribeOptions): AsyncIterableIterator<EventOfKind<K>> {
      requireWholeNumber('bufferSize', subscribeOptions.bufferSize, 0);
      if (!closed) return subscribers.add(filter, subscribeOptions);
      // Subscribing during shutdown: an iteration that is already over.
      const ended = new SubscriberQueue<EventOfKind<K>>(0, () => undefined);
      ended.end();
      return ended;
    },
    subscriberCount: () => subscribers.count(),
    state: () => transport.state(),
    async close() {
      if (closed) return;
      closed = true;
      subscribers.endAll();
      await transport.close();
    },
  };
}

function openRedisTransport(options: EventHubOptions, url: URL, deliver: (event: GatewayEvent) => void): EventTransport {
  const { redisTransport, createClient } = loadRedisTransport();
  return redisTransport({
    url,
    logger: options.logger,
    namespace: options.namespace ?? EVENT_HUB_DEFAULTS.namespace,
    dedupeWindowMs: options.dedupeWindowMs,
    connectTimeoutMs: options.connectTimeoutMs ?? EVENT_HUB_DEFAULTS.connectTimeoutMs,
    publishTimeoutMs: options.publishTimeoutMs ?? EVENT_HUB_DEFAULTS.publishTimeoutMs,
    createClient: options.createRedisClient ?? createClient,
    deliver,
  });
}

/**
 * The Redis client is loaded only when Redis is configured, as the cache does (src/cache/index.ts): a
 * process that never uses it does not carry it.
 */
function loadRedisTransport(): typeof RedisTransport {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load; this is a CommonJS build
  return require('./redis-transport.js') as typeof RedisTransport;
}

/** Every hook present; a throwing hook (metrics) is logged and never disturbs delivery. */
function guardedObserver(observer: EventHubObserver | undefined, logger: Logger): Required<EventHubObserver> {
  const guard =
    <A extends unknown[]>(name: keyof EventHubObserver, hook: ((...args: A) => void) | undefined) =>
    (...args: A) => {
      if (!hook) return;
      try {
        hook.apply(observer, args);
      } catch (error) {
        logger.error({ err: error, hook: name }, 'Event hub observer threw');
      }
    };
  return {
    published: guard('published', observer?.published),
    duplicate: guard('duplicate', observer?.duplicate),
    delivered: guard('delivered', observer?.delivered),
    overflowed: guard('overflowed', observer?.overflowed),
  };
}

function requireWholeNumber(name: string, value: number, minimum: number): void {
  if (!Number.isSafeInteger(value) || value < minimum) throw new RangeError(`${name} must be a whole number ≥ ${minimum}, got ${value}`);
}
