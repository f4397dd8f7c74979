import type { IncomingHttpHeaders } from 'node:http';
import { defaultTextMapGetter, ROOT_CONTEXT, SpanKind, trace, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';
import type * as OtlpHttp from '@opentelemetry/exporter-trace-otlp-http';
import { RequestTelemetry } from './request-telemetry.js';

/** Where and how spans are exported (the configuration's OTEL_* variables). */
export interface TracingSettings {
  /** Full OTLP/HTTP traces URL; undefined turns tracing off (no spans, no network calls). */
  otlpTracesUrl: URL | undefined;
  /** Sent with every export, e.g. an API key of the tracing backend. Never logged. */
  otlpHeaders: Record<string, string>;
  serviceName: string;
  /** Share of new traces kept (0–1); a caller's sampled `traceparent` is always followed. */
  sampleRatio: number;
}

export interface TracingOptions {
  serviceName: string;
  /** Where finished spans go; without one, no span is made at all (requests are still counted and logged). */
  exporter: SpanExporter | undefined;
  /** Export in batches (OTLP over the network) or each span as it ends (tests read them at once). */
  batch: boolean;
  /** Share of traces sampled when the caller did not decide (a caller's sampled `traceparent` is followed). */
  sampleRatio: number;
}

/**
 * OpenTelemetry tracing for the whole app, built from injected options: a span per GraphQL operation
 * (a child of the caller's W3C `traceparent` when it sends one) and a span per upstream call, whose
 * `traceparent` goes to the platform. Nothing is registered globally — no global tracer provider, context
 * manager or propagator — so two apps in one process (tests) never share spans, and without an exporter
 * the gateway makes no spans and no network calls.
 */
export class Tracing {
  private readonly propagator = new W3CTraceContextPropagator();

  private constructor(
    private readonly provider: TracerProvider | undefined,
    private readonly tracer: Tracer | undefined,
  ) {}

  static create(options: TracingOptions): Tracing {
    if (!options.exporter) return new Tracing(undefined, undefined);
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': options.serviceName }),
      sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.sampleRatio) }),
      spanProcessors: [options.batch ? new BatchSpanProcessor({ exporter: options.exporter }) : new SimpleSpanProcessor({ exporter: options.exporter })],
    });
    return new Tracing(provider, provider.getTracer('chat-gateway'));
  }

  /**
   * The configured exporter: OTLP over HTTP when an endpoint is set, else none. URL and headers come from
   * the configuration; the exporter itself still honours the standard variables it alone knows (TLS certificates,
   * timeout, compression, `OTEL_BSP_*`), as every OpenTelemetry SDK does — docs/operating.md lists them.
   */
  static fromConfig(config: TracingSettings): Tracing {
    const exporter = config.otlpTracesUrl
      ? new (loadOtlpExporter().OTLPTraceExporter)({ url: config.otlpTracesUrl.href, headers: config.otlpHeaders })
      : undefined;
    return Tracing.create({ serviceName: config.serviceName, exporter, batch: true, sampleRatio: config.sampleRatio });
  }

  get enabled(): boolean {
    return this.tracer !== undefined;
  }

  /** Telemetry of one GraphQL request: its span (when tracing is on), its upstream calls, its timing. */
  startRequest(headers: IncomingHttpHeaders, requestId: string): RequestTelemetry {
    if (!this.tracer) return new RequestTelemetry(undefined);
    const parent = this.propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
    const span = this.tracer.startSpan(
      'graphql',
      { kind: SpanKind.SERVER, attributes: { 'chat_gateway.request_id': requestId } },
      parent,
    );
    return new RequestTelemetry({ tracer: this.tracer, propagator: this.propagator, span, context: trace.setSpan(parent, span) });
  }

  /** Sends the spans still buffered and stops exporting (at shutdown). */
  async shutdown(): Promise<void> {
    await this.provider?.shutdown();
  }
}

/** Loaded only when an endpoint is configured: the exporter and its transports add about 15 MB to every process otherwise. */
function loadOtlpExporter(): typeof OtlpHttp {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load; this is a CommonJS build
  return require('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpHttp;
}
