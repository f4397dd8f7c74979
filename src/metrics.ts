import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { UpstreamCallObserver, UpstreamState } from './upstream/upstream-http.js';
import type { DirectoryObserver } from './directory/observer.js';

/**
 * The gateway's Prometheus metrics (`GET /metrics`). Each app owns its own registry, never prom-client's
 * global one, so tests and several apps in one process do not collide. Lower layers report through
 * plain callbacks (`UpstreamHttp`'s `observe`, the sessions' batch-size observer) and never import
 * prom-client; the GraphQL side is fed by plugins/metrics.ts. Every label is bounded: operation
 * names, error codes, providers and routes come from fixed or guarded sets.
 */

export const METRIC_PREFIX = 'chat_gateway_';

/** What an operation name must look like to become a label; anything else is `other`. */
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Distinct operation names one process labels; later new names are `other` (callers choose names). */
export const MAX_OPERATION_NAMES = 200;
/** Error codes are SCREAMING_SNAKE_CASE (ours and Apollo's); anything else is `other`. */
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;
const BREAKER_VALUE: Record<UpstreamState['breaker'], number> = { closed: 0, 'half-open': 1, open: 2 };

export type GraphQLOutcome = 'success' | 'error';

/** Which lane served a request for a trusted document (execution/fast-lane.ts, or Apollo Server where the fast lane declines). */
export type TrustedDocumentLane = 'fast' | 'apollo';

/** Why the HTTP endpoint refused a request before any GraphQL work, as counted by `requests_refused_total`. */
export const REFUSAL_REASONS = ['csrf', 'trusted_documents_only', 'unknown_document'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export interface GatewayMetricsOptions {
  /** Each tenant's upstreams' breaker and load, read on every scrape (the clients' `upstreamState`). */
  upstreamStates(): ReadonlyArray<{ tenant: string; provider: string; state: UpstreamState }>;
  /** The platforms' ids: the only values of the `provider` label besides `none` (src/platforms/index.ts). */
  platformIds: readonly string[];
  /** Process metrics (CPU, memory, event loop, GC); on by default. */
  processMetrics?: boolean;
}

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();
  private readonly platformIds: ReadonlySet<string>;
  private readonly graphqlRequests: Counter<'operation' | 'outcome'>;
  private readonly graphqlDuration: Histogram<'operation' | 'outcome'>;
  private readonly graphqlErrors: Counter<'code' | 'provider'>;
  private readonly upstreamCalls: Counter<'tenant' | 'provider' | 'route' | 'status'>;
  private readonly upstreamDuration: Histogram<'tenant' | 'provider' | 'route'>;
  private readonly batchSizes: Histogram<'provider'>;
  private readonly directoryRefreshes: Counter<'tenant' | 'provider' | 'outcome'>;
  private readonly directoryRefreshDuration: Histogram<'tenant' | 'provider'>;
  private readonly directoryIdentities: Gauge<'tenant' | 'provider'>;
  private readonly imiQuotaRemaining: Gauge<'tenant'>;
  private readonly requestsRefused: Counter<'reason'>;
  private readonly trustedDocumentRequests: Counter<'lane'>;

  constructor(options: GatewayMetricsOptions) {
    this.platformIds = new Set(options.platformIds);
    const registers = [this.registry];
    this.graphqlRequests = new Counter({
      name: `${METRIC_PREFIX}graphql_requests_total`,
      help: 'GraphQL requests by operation name and outcome (error: the answer carried at least one error).',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    this.graphqlDuration = new Histogram({
      name: `${METRIC_PREFIX}graphql_request_duration_seconds`,
      help: 'Time from receiving a GraphQL request to sending its answer.',
      labelNames: ['operation', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.graphqlErrors = new Counter({
      name: `${METRIC_PREFIX}graphql_errors_total`,
      help: 'GraphQL errors sent to clients, by extensions.code and extensions.provider (none when no platform was involved).',
      labelNames: ['code', 'provider'],
      registers,
    });
    this.upstreamCalls = new Counter({
      name: `${METRIC_PREFIX}upstream_calls_total`,
      help: 'Calls sent to a platform (each retry counts), by tenant, route and HTTP status (error: no complete answer).',
      labelNames: ['tenant', 'provider', 'route', 'status'],
      registers,
    });
    this.upstreamDuration = new Histogram({
      name: `${METRIC_PREFIX}upstream_call_duration_seconds`,
      help: 'Duration of one call to a platform, answer body included.',
      labelNames: ['tenant', 'provider', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.batchSizes = new Histogram({
      name: `${METRIC_PREFIX}dataloader_batch_size`,
      help: 'Keys per DataLoader batch of lookups (each distinct key is one platform call).',
      labelNames: ['provider'],
      buckets: [1, 2, 5, 10, 25, 50, 100, 200],
      registers,
    });
    this.directoryRefreshes = new Counter({
      name: `${METRIC_PREFIX}directory_refreshes_total`,
      help: 'Directory refreshes of one platform for one tenant, by outcome: applied, or the code of why not (e.g. UPSTREAM_UNAVAILABLE, IMI_QUOTA_RESERVE).',
      labelNames: ['tenant', 'provider', 'outcome'],
      registers,
    });
    this.directoryRefreshDuration = new Histogram({
      name: `${METRIC_PREFIX}directory_refresh_duration_seconds`,
      help: 'Duration of one platform refresh of one tenant directory, pacing included.',
      labelNames: ['tenant', 'provider'],
      buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
      registers,
    });
    this.directoryIdentities = new Gauge({
      name: `${METRIC_PREFIX}directory_identities`,
      help: 'Identities of the platform the last applied refresh saw, per tenant.',
      labelNames: ['tenant', 'provider'],
      registers,
    });
    this.imiQuotaRemaining = new Gauge({
      name: `${METRIC_PREFIX}imi_quota_remaining`,
      help: "IMI's daily API quota left (Rate-Limit-Remaining), as the latest directory refresh page reported it.",
      labelNames: ['tenant'],
      registers,
    });
    this.requestsRefused = new Counter({
      name: `${METRIC_PREFIX}requests_refused_total`,
      help: 'Requests the HTTP endpoint refused before any GraphQL work, by reason (csrf: a GET a browser could have sent cross-site without a preflight).',
      labelNames: ['reason'],
      registers,
    });
    // Every reason is exported from the start (at 0), so that a rate or an alert sees the first refusal.
    for (const reason of REFUSAL_REASONS) this.requestsRefused.inc({ reason }, 0);
    this.trustedDocumentRequests = new Counter({
      name: `${METRIC_PREFIX}trusted_document_requests_total`,
      help: 'Requests for a trusted document, by the lane that served it (fast: the fast lane; apollo: Apollo Server, where the fast lane declined).',
      labelNames: ['lane'],
      registers,
    });
    for (const lane of ['fast', 'apollo'] as const) this.trustedDocumentRequests.inc({ lane }, 0);
    // Gauges read the upstreams' state when scraped, so they are never stale and cost nothing between scrapes.
    const upstreamGauge = (name: string, help: string, read: (state: UpstreamState) => number) =>
      new Gauge({
        name: `${METRIC_PREFIX}${name}`,
        help,
        labelNames: ['tenant', 'provider'],
        registers,
        collect() {
          for (const { tenant, provider, state } of options.upstreamStates()) this.set({ tenant, provider }, read(state));
        },
      });
    upstreamGauge('upstream_breaker_state', 'Circuit breaker per platform: 0 closed, 1 half-open, 2 open.', (state) => BREAKER_VALUE[state.breaker]);
    upstreamGauge('upstream_in_flight', 'Calls in flight to the platform (bulkhead slots taken).', (state) => state.inFlight);
    upstreamGauge('upstream_queued', 'Calls waiting for a bulkhead slot.', (state) => state.queued);
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: METRIC_PREFIX });
  }

  /** The Prometheus text format's content type. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** The scrape's body. */
  body(): Promise<string> {
    return this.registry.metrics();
  }

  /** The label for an operation name: `anonymous`, the name itself, or `other` (malformed, or too many names). */
  operationLabel(name: string | null | undefined): string {
    if (name === null || name === undefined || name === '') return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_NAMES || name === 'anonymous' || name === 'other') return 'other';
    this.operationNames.add(name);
    return name;
  }

  /** One GraphQL request answered; `errors` are the formatted errors sent to the client. */
  graphqlRequest(
    operationName: string | null | undefined,
    seconds: number,
    errors: ReadonlyArray<{ extensions?: Record<string, unknown> | undefined }>,
  ): void {
    const labels = { operation: this.operationLabel(operationName), outcome: (errors.length > 0 ? 'error' : 'success') satisfies GraphQLOutcome };
    this.graphqlRequests.inc(labels);
    this.graphqlDuration.observe(labels, seconds);
    for (const error of errors) {
      const { code, provider } = error.extensions ?? {};
      this.graphqlErrors.inc({
        code: typeof code === 'string' && ERROR_CODE.test(code) ? code : 'other',
        provider: typeof provider === 'string' && this.platformIds.has(provider) ? provider : 'none',
      });
    }
  }

  /**
   * `UpstreamHttp`'s observer for one tenant's clients: one call that reached the wire. Routes are the
   * clients' fixed names and tenants come from the configuration, so label sets stay bounded.
   */
  upstreamCallObserver(tenant: string): UpstreamCallObserver {
    return (event) => {
      this.upstreamCalls.inc({ tenant, provider: event.provider, route: event.route, status: String(event.status) });
      this.upstreamDuration.observe({ tenant, provider: event.provider, route: event.route }, event.ms / 1000);
    };
  }

  /** The directory refresh's observer (src/directory/): refreshes by outcome, their duration, identities, IMI's quota. */
  directoryObserver(): DirectoryObserver {
    return {
      refreshed: (report) => {
        const labels = { tenant: report.tenant, provider: report.platform };
        const outcome = report.outcome === 'applied' || ERROR_CODE.test(report.outcome) ? report.outcome : 'other';
        this.directoryRefreshes.inc({ ...labels, outcome });
        this.directoryRefreshDuration.observe(labels, report.ms / 1000);
        if (report.seen !== undefined) this.directoryIdentities.set(labels, report.seen);
      },
      imiQuota: (tenant, quota) => this.imiQuotaRemaining.set({ tenant }, quota.remaining),
    };
  }

  /** One request for a trusted document, by the lane that served it. */
  trustedDocumentRequest(lane: TrustedDocumentLane): void {
    this.trustedDocumentRequests.inc({ lane });
  }

  /** One request refused at the HTTP endpoint (see `REFUSAL_REASONS`). */
  requestRefused(reason: RefusalReason): void {
    this.requestsRefused.inc({ reason });
  }

  /** The sessions' batch observer for one platform. */
  batchSize(provider: string): (size: number) => void {
    return (size) => this.batchSizes.observe({ provider }, size);
  }
}
