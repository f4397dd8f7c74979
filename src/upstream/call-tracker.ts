
/** What the HTTP layer tells a request's tracker about one call it is about to put on the wire. */
export interface UpstreamCallStart {
  /** The platform's id. */
  provider: string;
  method: string;
  /** Low-cardinality route name, e.g. `GET /livechat/users/:type`. */
  route: string;
  /** Origin of the platform, e.g. `https://chat.example.com`. */
  origin: string;
}

/** How one call ended: its HTTP status, or `error` with the transport failure's code. */
export type UpstreamCallEnd = { status: number } | { status: 'error'; errorCode: string };

/** One call in progress, as its request's tracker sees it. */
export interface TrackedUpstreamCall {
  /** Headers to send with the call, e.g. W3C `traceparent` so the platform's traces join the request's. */
  headers: Record<string, string>;
  end(outcome: UpstreamCallEnd): void;
}

/**
 * Per-request hook of the HTTP layer, carried by the request's `Deadline`: each attempt that reaches
 * the wire (retries included) is started and ended here. The telemetry module implements it (a span
 * per call, the request's call count); this layer knows nothing of tracing.
 */
export interface UpstreamCallTracker {
  startCall(call: UpstreamCallStart): TrackedUpstreamCall;
}
