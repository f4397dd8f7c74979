import type { Clock } from './clock.js';

/**
 * At most one call per `paceMs` (start to start) within one platform's refresh. The directory pages
 * through a platform the tenant's people use at the same time: pacing spreads the refresh's calls so it
 * never bursts against the platform's rate limits (Rocket.Chat's limiter for accounts without the `bot`
 * role) or crowds out interactive requests in the connection pool.
 */
export class Pacer {
  private lastStart: number | undefined;

  constructor(
    private readonly paceMs: number,
    private readonly clock: Clock,
  ) {}

  /** Waits until the next call may start (never for the first), then marks it started. */
  async turn(signal?: AbortSignal): Promise<void> {
    if (this.lastStart !== undefined && this.paceMs > 0) {
      const wait = this.lastStart + this.paceMs - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait, signal);
    }
    this.lastStart = this.clock.now();
  }
}
