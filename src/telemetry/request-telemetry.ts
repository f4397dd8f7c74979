import {
  defaultTextMapSetter,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type TextMapPropagator,
  type Tracer,
} from '@opentelemetry/api';
import type { TrackedUpstreamCall, UpstreamCallEnd, UpstreamCallStart, UpstreamCallTracker } from '../upstream/call-tracker.js';

export interface RequestSpan {
  tracer: Tracer;
  propagator: TextMapPropagator;
  /** The operation's span… */
  span: Span;
  /** …and the context that makes it the parent of the upstream calls' spans. */
  context: Context;
}

export interface RequestOutcome {
  /** HTTP status of the response (200 unless Apollo or a plugin set another). */
  httpStatus: number;
  /** `extensions.code` of each error sent, in order. */
  errorCodes: string[];
}

const UNTRACED_CALL: TrackedUpstreamCall = { headers: {}, end: () => undefined };

/**
 * What one GraphQL request records about itself: how many upstream calls it made (for its log line),
 * how long it took, and — when tracing is on — its span and a child span per upstream call.
 * Lives in the request's context and rides on its Deadline down to the HTTP layer.
 */
export class RequestTelemetry implements UpstreamCallTracker {
  /** Calls put on the wire for this request, retries included. */
  upstreamCalls = 0;
  private readonly started = performance.now();
  private ended = false;

  constructor(private readonly traced: RequestSpan | undefined) {}

  /** Milliseconds since the request started. */
  elapsedMs(): number {
    return performance.now() - this.started;
  }

  /** The trace id, for the request's log line (so logs and traces can be joined). */
  get traceId(): string | undefined {
    return this.traced?.span.spanContext().traceId;
  }

  startCall(call: UpstreamCallStart): TrackedUpstreamCall {
    this.upstreamCalls += 1;
    if (!this.traced) return UNTRACED_CALL;
    const { tracer, propagator, context } = this.traced;
    const origin = new URL(call.origin);
    const span = tracer.startSpan(
      call.route,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': call.method,
          'url.template': call.route.slice(call.route.indexOf(' ') + 1),
          'server.address': origin.hostname,
          'server.port': Number(origin.port || (origin.protocol === 'https:' ? 443 : 80)),
          'chat_gateway.provider': call.provider,
        },
      },
      context,
    );
    const headers: Record<string, string> = {};
    propagator.inject(trace.setSpan(context, span), headers, defaultTextMapSetter);
    return {
      headers,
      end: (outcome: UpstreamCallEnd) => {
        if (outcome.status === 'error') {
          span.setAttribute('error.type', outcome.errorCode);
          span.setStatus({ code: SpanStatusCode.ERROR });
        } else {
          span.setAttribute('http.response.status_code', outcome.status);
          if (outcome.status >= 400) {
            span.setAttribute('error.type', String(outcome.status));
            span.setStatus({ code: SpanStatusCode.ERROR });
          }
        }
        span.end();
      },
    };
  }

  /** Names the operation's span once the operation is known, e.g. `query AgentsPage`. */
  nameOperation(type: string, name: string | undefined): void {
    if (!this.traced) return;
    const { span } = this.traced;
    span.updateName(name ? `${type} ${name}` : type);
    span.setAttribute('graphql.operation.type', type);
    if (name) span.setAttribute('graphql.operation.name', name);
  }

  /** Ends the operation's span (once). */
  finish(outcome: RequestOutcome): void {
    if (this.ended || !this.traced) return;
    this.ended = true;
    const { span } = this.traced;
    span.setAttribute('http.response.status_code', outcome.httpStatus);
    span.setAttribute('chat_gateway.upstream_calls', this.upstreamCalls);
    if (outcome.errorCodes.length > 0) {
      span.setAttribute('chat_gateway.error_codes', outcome.errorCodes);
      span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.errorCodes.join(',') });
    }
    span.end();
  }
}
