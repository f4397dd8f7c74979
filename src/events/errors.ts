/**
 * The hub's two failures. They are not GatewayErrors (src/errors.ts): neither reaches a GraphQL
 * response as such — a webhook receiver turns the first into HTTP 503, a subscription transport turns
 * the second into a closed connection — but both carry a stable `code` to match on.
 */

/** Redis did not take the event: the receiver answers 503 so that the platform delivers it again. */
export class EventBusUnavailableError extends Error {
  readonly code = 'EVENT_BUS_UNAVAILABLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventBusUnavailableError';
  }
}

/** A subscriber left more events unread than its buffer holds, and was cut off. */
export class SubscriberTooSlowError extends Error {
  readonly code = 'SUBSCRIBER_TOO_SLOW';
  readonly bufferSize: number;

  constructor(bufferSize: number) {
    super(`The subscriber fell behind: more than ${bufferSize} events waited unread, so the subscription was ended`);
    this.name = 'SubscriberTooSlowError';
    this.bufferSize = bufferSize;
  }
}
