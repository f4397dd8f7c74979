import type { Logger } from '../logger.js';
import { SubscriberTooSlowError } from './errors.js';
import type { EventKind, GatewayEvent } from './model.js';
import { SubscriberQueue } from './subscriber-queue.js';
import type { EventHubObserver, EventOfKind, SubscribeOptions, SubscriptionFilter } from './types.js';

interface Subscription {
  readonly accept: ((event: GatewayEvent) => boolean) | undefined;
  readonly queue: SubscriberQueue<GatewayEvent>;
  readonly options: SubscribeOptions;
}

/**
 * This replica's subscriptions, grouped by (tenant, kind) so an event only visits the subscriptions it
 * may reach: a tenant's subscriber cannot see another tenant's events. Delivery is a synchronous push
 * into each subscriber's bounded queue, in the order events arrive.
 */
export class LocalSubscribers {
  readonly #groups = new Map<string, Set<Subscription>>();
  readonly #observer: Required<EventHubObserver>;
  readonly #logger: Logger;

  constructor(observer: Required<EventHubObserver>, logger: Logger) {
    this.#observer = observer;
    this.#logger = logger;
  }

  add<K extends EventKind>(filter: SubscriptionFilter<K>, options: SubscribeOptions): SubscriberQueue<EventOfKind<K>> {
    const group = groupKey(filter.tenant, filter.kind);
    const subscription: Subscription = {
      // Sound: only events of this tenant and kind reach this subscription (see `deliver`).
      accept: filter.accept as ((event: GatewayEvent) => boolean) | undefined,
      queue: new SubscriberQueue<GatewayEvent>(options.bufferSize, () => this.#remove(group, subscription)),
      options,
    };
    let members = this.#groups.get(group);
    if (!members) this.#groups.set(group, (members = new Set()));
    members.add(subscription);
    return subscription.queue as SubscriberQueue<EventOfKind<K>>;
  }

  /** Hands the event to every matching subscriber now; never waits for any of them. */
  deliver(event: GatewayEvent): void {
    const group = groupKey(event.tenant, event.kind);
    const members = this.#groups.get(group);
    let delivered = 0;
    // A copy: an overflow, or a callback ending a subscription, changes the set while we go through it.
    for (const subscription of members ? [...members] : []) {
      if (!this.#accepts(subscription, event)) continue;
      const outcome = subscription.queue.offer(event);
      if (outcome === 'taken') delivered += 1;
      else if (outcome === 'full') this.#cutOff(group, subscription, event.kind);
    }
    this.#observer.delivered(event.kind, delivered);
  }

  count(): number {
    let count = 0;
    for (const members of this.#groups.values()) count += members.size;
    return count;
  }

  /** Ends every subscription normally (shutdown). */
  endAll(): void {
    const groups = [...this.#groups.values()];
    this.#groups.clear();
    for (const members of groups) for (const subscription of members) subscription.queue.end();
  }

  #accepts(subscription: Subscription, event: GatewayEvent): boolean {
    if (!subscription.accept) return true;
    try {
      return subscription.accept(event);
    } catch (error) {
      // A bug in one subscription's filter must not stop delivery to the others.
      this.#logger.error({ err: error, kind: event.kind }, 'Event subscription filter threw; event not delivered to it');
      return false;
    }
  }

  #cutOff(group: string, subscription: Subscription, kind: EventKind): void {
    const error = new SubscriberTooSlowError(subscription.options.bufferSize);
    this.#remove(group, subscription);
    subscription.queue.fail(error);
    this.#observer.overflowed(kind);
    try {
      subscription.options.onOverflow(error);
    } catch (callbackError) {
      this.#logger.error({ err: callbackError, kind }, 'Event subscription onOverflow threw');
    }
  }

  #remove(group: string, subscription: Subscription): void {
    const members = this.#groups.get(group);
    if (!members?.delete(subscription)) return;
    if (members.size === 0) this.#groups.delete(group);
  }
}

/** Unambiguous whatever the tenant id contains. */
function groupKey(tenant: string, kind: EventKind): string {
  return JSON.stringify([tenant, kind]);
}
