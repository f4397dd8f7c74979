import type { GatewayEvent } from './model.js';

/** How an event crosses Redis: its JSON. */
export function encodeEvent(event: GatewayEvent): string {
  return JSON.stringify(event);
}

/**
 * The event in a message from the bus, or undefined when it is not one. Only the envelope is checked
 * (what routing and de-duplication read): the payload was built by a gateway replica from the same
 * model, and whatever else shares the channel is filtered out here.
 */
export function decodeEvent(message: string): GatewayEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || !isRecord(value.event)) return undefined;
  const { kind, tenant, dedupeKey } = value;
  if (kind !== 'livechat' && kind !== 'widget') return undefined;
  if (typeof tenant !== 'string' || typeof dedupeKey !== 'string' || typeof value.event.type !== 'string') return undefined;
  return value as unknown as GatewayEvent;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
