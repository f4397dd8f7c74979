import { Counter, Gauge, type Registry } from 'prom-client';
import type { EventHubObserver, EventKind } from './events/index.js';
import { METRIC_PREFIX } from './metrics.js';

/** Webhook outcomes, platforms and event kinds are fixed sets: every label here is bounded. */
export interface EventMetricsOptions {
  /** Subscriptions open on this replica, read on every scrape. */
  subscriptions(): number;
  /** WebSocket connections open on this replica, read on every scrape. */
  webSocketConnections(): number;
}

/**
 * Live events' metrics, on the app's registry (src/metrics.ts): deliveries the webhook receivers took or
 * refused, events published and refused as duplicates, events handed to subscribers, subscribers cut
 * off for being too slow, and what is open right now.
 */
export class EventMetrics {
  private readonly webhookDeliveries: Counter<'platform' | 'outcome'>;
  private readonly published: Counter<'kind' | 'outcome'>;
  private readonly delivered: Counter<'kind'>;
  private readonly cutOff: Counter<'kind'>;

  constructor(registry: Registry, options: EventMetricsOptions) {
    const registers = [registry];
    this.webhookDeliveries = new Counter({
      name: `${METRIC_PREFIX}webhook_deliveries_total`,
      help: 'Webhook deliveries received, by platform and outcome (accepted, duplicate, unauthorized, invalid_payload, …).',
      labelNames: ['platform', 'outcome'],
      registers,
    });
    this.published = new Counter({
      name: `${METRIC_PREFIX}events_published_total`,
      help: 'Events this replica published (outcome published) or dropped as a retry already published (outcome duplicate).',
      labelNames: ['kind', 'outcome'],
      registers,
    });
    this.delivered = new Counter({
      name: `${METRIC_PREFIX}events_delivered_total`,
      help: 'Events handed to subscribers of this replica (one per subscriber).',
      labelNames: ['kind'],
      registers,
    });
    this.cutOff = new Counter({
      name: `${METRIC_PREFIX}subscribers_disconnected_too_slow_total`,
      help: 'Subscribers disconnected because more events waited for them than their buffer holds.',
      labelNames: ['kind'],
      registers,
    });
    new Gauge({
      name: `${METRIC_PREFIX}subscriptions`,
      help: 'Subscriptions open on this replica.',
      registers,
      collect() {
        this.set(options.subscriptions());
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}websocket_connections`,
      help: 'WebSocket connections open on this replica.',
      registers,
      collect() {
        this.set(options.webSocketConnections());
      },
    });
  }

  webhookDelivery(platform: string, outcome: string): void {
    this.webhookDeliveries.inc({ platform, outcome });
  }

  hubObserver(): EventHubObserver {
    return {
      published: (kind: EventKind) => this.published.inc({ kind, outcome: 'published' }),
      duplicate: (kind: EventKind) => this.published.inc({ kind, outcome: 'duplicate' }),
      delivered: (kind: EventKind, count: number) => this.delivered.inc({ kind }, count),
      overflowed: (kind: EventKind) => this.cutOff.inc({ kind }),
    };
  }
}
