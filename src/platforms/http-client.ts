import type { UpstreamHttp, UpstreamState } from '../upstream/upstream-http.js';

export interface PlatformHttpClientOptions {
  http: UpstreamHttp;
  /** Path prefix when the platform is served below the root of its origin; usually ''. */
  basePath: string;
  now?: () => number;
}

/** What every platform client holds: its connection, its path prefix, a clock; and its state for probes. */
export abstract class PlatformHttpClient {
  protected readonly http: UpstreamHttp;
  protected readonly basePath: string;
  protected readonly now: () => number;

  /** The platform connection's state (breaker, calls in flight), for readiness probes. */
  get upstreamState(): UpstreamState {
    return this.http.state;
  }

  protected constructor(options: PlatformHttpClientOptions) {
    this.http = options.http;
    this.basePath = options.basePath;
    this.now = options.now ?? Date.now;
  }
}
