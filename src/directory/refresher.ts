import { Deadline } from '../deadline.js';
import { isGatewayError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ImiQuota } from '../platforms/imi/index.js';
import type { DirectoryPlatform, DirectoryStore, LeaseStore } from '../store/types.js';
import type { CallScope } from '../upstream/call-scope.js';
import { systemClock, systemTimers, type Clock, type Timers } from './clock.js';
import { collectImi, type ImiDirectorySource } from './collect-imi.js';
import { collectRocketChat, type RocketChatDirectorySource } from './collect-rocketchat.js';
import type { CollectContext, Collected } from './collected.js';
import { TenantLease } from './lease.js';
import type { DirectoryObserver, PlatformRefreshReport } from './observer.js';
import { Pacer } from './pacer.js';

/** The platform clients the directory pages through; a platform the tenant does not use is undefined. */
export interface DirectoryClients {
  rocketchat: RocketChatDirectorySource | undefined;
  imi: ImiDirectorySource | undefined;
}

export interface RefresherSettings {
  /** IMI calls left for everything else: the IMI pass stops once `Rate-Limit-Remaining` is at or below it. */
  imiQuotaReserve: number;
  /** Least time between the starts of two calls of one platform's pass. */
  paceMs: Readonly<Record<DirectoryPlatform, number>>;
  /** Deadline of each call (as GATEWAY_REQUEST_TIMEOUT_MS is for a request's). */
  callTimeoutMs: number;
  /** Lifetime of the tenant's lease; renewed every third of it while the refresh runs. */
  leaseTtlMs: number;
  /** Most pages one list is read to. */
  maxPages: number;
  /** Who holds the lease: unique per replica (and per process). */
  holder: string;
}

export interface DirectoryRefresherDeps {
  /** The store's directory and leases (src/store/types.ts). */
  store: { directory: DirectoryStore; leases: LeaseStore };
  logger: Logger;
  observer?: DirectoryObserver | undefined;
  clock?: Clock;
  timers?: Timers;
}

/** A refresh that took the tenant's lease; `done` settles (never rejects) once every platform is through. */
export interface StartedRefresh {
  done: Promise<PlatformRefreshReport[]>;
}

const NEVER_ABORTED = new AbortController().signal;

/**
 * Refreshes one tenant's directory: takes the tenant's lease (so one replica at a time does it), then
 * for each platform the tenant uses — independently and at the same time, so one platform's outage
 * never stops the other — records the start, pages through every user, and applies the complete pass
 * (or records a short coded failure), then gives the lease back.
 */
export class DirectoryRefresher {
  private readonly directory: DirectoryStore;
  private readonly leases: LeaseStore;
  private readonly logger: Logger;
  private readonly observer: DirectoryObserver | undefined;
  private readonly clock: Clock;
  private readonly timers: Timers;

  constructor(
    deps: DirectoryRefresherDeps,
    private readonly settings: RefresherSettings,
  ) {
    this.directory = deps.store.directory;
    this.leases = deps.store.leases;
    this.logger = deps.logger;
    this.observer = deps.observer;
    this.clock = deps.clock ?? systemClock;
    this.timers = deps.timers ?? systemTimers;
  }

  /**
   * Takes the lease and starts the refresh; undefined when another holder (another replica, or another
   * refresher of this process) has the lease. Rejects only when the store cannot be asked.
   */
  async start(tenant: string, clients: DirectoryClients, signal: AbortSignal = NEVER_ABORTED): Promise<StartedRefresh | undefined> {
    const lease = await TenantLease.acquire({
      leases: this.leases,
      tenant,
      holder: this.settings.holder,
      ttlMs: this.settings.leaseTtlMs,
      clock: this.clock,
      timers: this.timers,
      logger: this.logger,
    });
    if (!lease) return undefined;
    return { done: this.run(tenant, clients, lease, signal) };
  }

  /** Start and wait: the reports, or `already-running` when the lease is held elsewhere. */
  async refresh(tenant: string, clients: DirectoryClients, signal?: AbortSignal): Promise<PlatformRefreshReport[] | 'already-running'> {
    const started = await this.start(tenant, clients, signal);
    return started ? started.done : 'already-running';
  }

  private async run(tenant: string, clients: DirectoryClients, lease: TenantLease, signal: AbortSignal): Promise<PlatformRefreshReport[]> {
    const { rocketchat, imi } = clients;
    const { imiQuotaReserve } = this.settings;
    try {
      const passes: Array<Promise<PlatformRefreshReport>> = [];
      if (rocketchat) passes.push(this.refreshPlatform(tenant, 'rocketchat', lease, signal, (context) => collectRocketChat(rocketchat, context)));
      if (imi) {
        const imiPass = (context: CollectContext, quotaSeen: (quota: ImiQuota) => void) =>
          collectImi(imi, context, {
            quotaReserve: imiQuotaReserve,
            onQuota: (quota) => {
              quotaSeen(quota);
              this.observer?.imiQuota(tenant, quota);
            },
          });
        passes.push(this.refreshPlatform(tenant, 'imi', lease, signal, imiPass));
      }
      return await Promise.all(passes);
    } finally {
      await lease.release();
    }
  }

  /** One platform's pass, start to record; never rejects (every failure becomes its report). */
  private async refreshPlatform(
    tenant: string,
    platform: DirectoryPlatform,
    lease: TenantLease,
    signal: AbortSignal,
    collect: (context: CollectContext, quotaSeen: (quota: ImiQuota) => void) => Promise<Collected>,
  ): Promise<PlatformRefreshReport> {
    const startedAt = this.clock.now();
    let calls = 0;
    let quotaRemaining: number | undefined;
    const report = (outcome: string, extra: Pick<PlatformRefreshReport, 'seen' | 'result'> = {}): PlatformRefreshReport =>
      this.finished({
        tenant,
        platform,
        outcome,
        calls,
        ms: this.clock.now() - startedAt,
        ...extra,
        ...(quotaRemaining !== undefined && { quotaRemaining }),
      });
    const context: CollectContext = {
      pacer: new Pacer(this.settings.paceMs[platform], this.clock),
      scope: (): CallScope => {
        calls += 1;
        return { deadline: Deadline.after(this.settings.callTimeoutMs) };
      },
      signal,
      maxPages: this.settings.maxPages,
    };
    try {
      // Should this replica die mid-run, `directorySync` stops calling the run running when its lease would have expired.
      await this.directory.refreshStarted(tenant, platform, new Date(startedAt), new Date(startedAt + this.settings.leaseTtlMs));
      const collected = await collect(context, (quota) => (quotaRemaining = quota.remaining));
      if (collected.kind === 'incomplete') return await this.notApplied(tenant, platform, collected.code, report);
      // Another replica may have taken over while this one stalled: its pass is the one that counts.
      if (!(await lease.confirm())) return report('LEASE_LOST');
      const result = await this.directory.applyRefresh(tenant, platform, collected.identities, new Date(this.clock.now()));
      return report('applied', { seen: collected.identities.length, result });
    } catch (error) {
      return this.notApplied(tenant, platform, this.codeOf(error, tenant, platform), report);
    }
  }

  private async notApplied(
    tenant: string,
    platform: DirectoryPlatform,
    code: string,
    report: (outcome: string) => PlatformRefreshReport,
  ): Promise<PlatformRefreshReport> {
    try {
      await this.directory.refreshFailed(tenant, platform, new Date(this.clock.now()), code);
    } catch (error) {
      this.logger.error({ err: error, tenant, provider: platform, outcome: code }, 'directory refresh failure not recorded');
    }
    return report(code);
  }

  /** The coded reason of a failure. A GatewayError's code (its message is safe, but stays in the log); anything else is a bug or the store. */
  private codeOf(error: unknown, tenant: string, platform: DirectoryPlatform): string {
    if (isGatewayError(error)) {
      this.logger.debug({ tenant, provider: platform, code: error.code, reason: error.message, ...error.logFields }, 'directory refresh call failed');
      return error.code;
    }
    this.logger.error({ err: error, tenant, provider: platform }, 'directory refresh failed unexpectedly');
    return 'INTERNAL_SERVER_ERROR';
  }

  /** One log line per platform refresh, with its counts and duration; and the metrics. */
  private finished(report: PlatformRefreshReport): PlatformRefreshReport {
    const { tenant, platform, outcome, calls, ms, seen, result, quotaRemaining } = report;
    const fields = { tenant, provider: platform, outcome, calls, ms, seen, ...result, imiQuotaRemaining: quotaRemaining };
    if (outcome === 'applied') this.logger.info(fields, 'directory refresh applied');
    else this.logger.warn(fields, 'directory refresh not applied');
    try {
      this.observer?.refreshed(report);
    } catch (error) {
      this.logger.warn({ err: error }, 'directory refresh observer failed');
    }
    return report;
  }
}
