import type { GatewayEvent } from './model.js';
import type { EventHubState, PublishOutcome } from './types.js';

/**
 * How events travel between publishers and this replica's subscribers: in this process, or through
 * Redis to every replica. A transport de-duplicates and carries; it calls `deliver` for each event this
 * replica's subscribers should receive, once, in the order it publishes (or receives) them.
 */
export interface EventTransport {
  publish(event: GatewayEvent): Promise<PublishOutcome>;
  state(): EventHubState;
  close(): Promise<void>;
}

export type Deliver = (event: GatewayEvent) => void;
