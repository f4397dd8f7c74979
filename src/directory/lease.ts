import type { Logger } from '../logger.js';
import type { LeaseStore } from '../store/types.js';
import type { Clock, Timers } from './clock.js';

/** The lease's name in the store: one directory refresh per tenant, across every replica. */
export const DIRECTORY_LEASE = 'directory-refresh';

/**
 * A tenant's `directory-refresh` lease while this replica refreshes it. The store's lease is what keeps
 * two replicas (sharing one PostgreSQL) from paging the same platforms at once. It is renewed every
 * third of its ttl while the refresh runs, and confirmed (renewed once more) right before each pass is
 * applied: a replica that stalled past its ttl — and may have been overtaken by another, which may even
 * have finished and let go — finds out and applies nothing, so a stale pass never overwrites a newer one.
 */
export class TenantLease {
  private lost = false;
  /** When the lease runs out unless renewed (by this holder's clock, which the store compares with). */
  private expiresAt: number;
  private renewal: unknown;
  private released = false;

  private constructor(
    private readonly leases: LeaseStore,
    private readonly tenant: string,
    private readonly holder: string,
    private readonly ttlMs: number,
    private readonly clock: Clock,
    private readonly timers: Timers,
    private readonly logger: Logger,
    acquiredAt: number,
  ) {
    this.expiresAt = acquiredAt + ttlMs;
  }

  /** The lease, taken; undefined when another holder has it. */
  static async acquire(options: {
    leases: LeaseStore;
    tenant: string;
    holder: string;
    ttlMs: number;
    clock: Clock;
    timers: Timers;
    logger: Logger;
  }): Promise<TenantLease | undefined> {
    const { leases, tenant, holder, ttlMs, clock, timers, logger } = options;
    const at = clock.now();
    if (!(await leases.tryAcquire(tenant, DIRECTORY_LEASE, holder, ttlMs, new Date(at)))) return undefined;
    const lease = new TenantLease(leases, tenant, holder, ttlMs, clock, timers, logger, at);
    lease.scheduleRenewal();
    return lease;
  }

  /**
   * Whether the lease is still this replica's, renewing it for a full ttl; false once lost, and false
   * when the store cannot say (applying then would risk overwriting another replica's newer pass).
   */
  async confirm(): Promise<boolean> {
    if (this.lost || this.released) return false;
    // Lapsed, even if nobody holds it now: another replica may have refreshed (and let go) meanwhile.
    if (this.clock.now() >= this.expiresAt) {
      this.markLost();
      return false;
    }
    return (await this.renew()) === true;
  }

  /** Stops renewing and gives the lease back (a failure is logged: the lease then simply expires). */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.timers.clearTimeout(this.renewal);
    try {
      await this.leases.release(this.tenant, DIRECTORY_LEASE, this.holder);
    } catch (error) {
      this.logger.warn({ err: error, tenant: this.tenant }, 'directory refresh lease not released; it expires on its own');
    }
  }

  private scheduleRenewal(): void {
    this.renewal = this.timers.setTimeout(() => {
      // A store that fails to answer is not proof of loss: keep renewing until the ttl says otherwise.
      void this.renew().then((held) => {
        if (held !== false && !this.released) this.scheduleRenewal();
      });
    }, Math.max(1, Math.floor(this.ttlMs / 3)));
  }

  private markLost(): void {
    if (this.lost) return;
    this.lost = true;
    this.logger.warn({ tenant: this.tenant }, 'directory refresh lease lost (expired, or taken by another replica); this refresh applies nothing more');
  }

  /** True when renewed, false when lost, undefined when the store failed to answer. */
  private async renew(): Promise<boolean | undefined> {
    try {
      const at = this.clock.now();
      // Renewing a lease that has lapsed would look like holding it all along: it counts as lost.
      if (at >= this.expiresAt) {
        this.markLost();
        return false;
      }
      const held = await this.leases.tryAcquire(this.tenant, DIRECTORY_LEASE, this.holder, this.ttlMs, new Date(at));
      if (held) this.expiresAt = at + this.ttlMs;
      else this.markLost();
      return held;
    } catch (error) {
      this.logger.warn({ err: error, tenant: this.tenant }, 'directory refresh lease not renewed');
      return undefined;
    }
  }
}
