import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { DirectoryPlatform, DirectoryStore, LeaseStore } from '../store/types.js';
import { systemClock, systemTimers, type Clock, type Timers } from './clock.js';
import type { DirectoryObserver } from './observer.js';
import { DirectoryRefresher, type DirectoryClients } from './refresher.js';

export interface DirectorySchedulerDeps {
  /** Each tenant's long-lived platform clients (src/platform-clients.ts `createTenantClients`). */
  tenants: ReadonlyMap<string, DirectoryClients>;
  store: { directory: DirectoryStore; leases: LeaseStore };
  logger: Logger;
  /** The metrics (`GatewayMetrics.directoryObserver()`); none when metrics are off. */
  metrics?: DirectoryObserver | undefined;
}

export interface DirectorySchedulerOptions {
  /** Time between a tenant's background refreshes; 0 turns them off (`syncNow` still works). 15 minutes by default. */
  intervalMs?: number;
  /** Delay before each tenant's first background refresh, so start-up is not slowed; 5 s by default. */
  firstRunDelayMs?: number;
  /** IMI calls the refresh leaves in the daily quota; 1000 by default. */
  imiQuotaReserve?: number;
  /** Least time between two calls of one platform's pass. */
  paceMs?: Partial<Record<DirectoryPlatform, number>>;
  /** Deadline of each platform call; 10 s by default (as GATEWAY_REQUEST_TIMEOUT_MS). */
  callTimeoutMs?: number;
  /** Lifetime of a tenant's lease, renewed every third of it while its refresh runs; 5 minutes by default. */
  leaseTtlMs?: number;
  /** Most pages read per list in one pass; 5000 by default (500,000 Rocket.Chat users, 50,000 IMI users). */
  maxPages?: number;
  /** How long `close()` waits for running refreshes to stop; 5 s by default. */
  closeTimeoutMs?: number;
  /** This replica's name on the lease; unique by default. */
  holder?: string;
  clock?: Clock;
  timers?: Timers;
  /** Spreads tenants' refreshes over up to a tenth of the interval (at most a minute); Math.random by default. */
  random?: () => number;
}

export type SyncStart = 'started' | 'already-running';

export const DIRECTORY_DEFAULTS = {
  intervalMs: 15 * 60_000,
  firstRunDelayMs: 5_000,
  imiQuotaReserve: 1_000,
  paceMs: { rocketchat: 250, imi: 250 },
  callTimeoutMs: 10_000,
  leaseTtlMs: 5 * 60_000,
  maxPages: 5_000,
  closeTimeoutMs: 5_000,
} as const;

const MAX_JITTER_MS = 60_000;

/**
 * Keeps every tenant's directory filled: a refresh per tenant every `intervalMs` (with jitter, so tenants
 * and replicas do not all page at once), one on demand through `syncNow` (the `syncDirectory` mutation).
 * One refresh per tenant runs at a time in this process, and the store's lease makes it one across
 * replicas. Timers are unref'd: the scheduler never keeps the process alive. Close it before the store.
 */
export class DirectoryScheduler {
  private readonly tenants: ReadonlyMap<string, DirectoryClients>;
  private readonly logger: Logger;
  private readonly refresher: DirectoryRefresher;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly intervalMs: number;
  private readonly firstRunDelayMs: number;
  private readonly closeTimeoutMs: number;
  /** Per tenant: the run of this process, from asking for the lease until its refresh is done. */
  private readonly runs = new Map<string, Promise<void>>();
  /** Tenants whose refresh holds the lease and runs in this process. */
  private readonly refreshing = new Set<string>();
  private readonly scheduled = new Map<string, unknown>();
  private readonly shutdown = new AbortController();
  private started = false;

  constructor(deps: DirectorySchedulerDeps, options: DirectorySchedulerOptions = {}) {
    this.tenants = deps.tenants;
    this.logger = deps.logger;
    this.timers = options.timers ?? systemTimers;
    this.random = options.random ?? Math.random;
    this.intervalMs = options.intervalMs ?? DIRECTORY_DEFAULTS.intervalMs;
    this.firstRunDelayMs = options.firstRunDelayMs ?? DIRECTORY_DEFAULTS.firstRunDelayMs;
    this.closeTimeoutMs = options.closeTimeoutMs ?? DIRECTORY_DEFAULTS.closeTimeoutMs;
    this.refresher = new DirectoryRefresher(
      { store: deps.store, logger: deps.logger, observer: deps.metrics, clock: options.clock ?? systemClock, timers: this.timers },
      {
        imiQuotaReserve: options.imiQuotaReserve ?? DIRECTORY_DEFAULTS.imiQuotaReserve,
        paceMs: { ...DIRECTORY_DEFAULTS.paceMs, ...options.paceMs },
        callTimeoutMs: options.callTimeoutMs ?? DIRECTORY_DEFAULTS.callTimeoutMs,
        leaseTtlMs: options.leaseTtlMs ?? DIRECTORY_DEFAULTS.leaseTtlMs,
        maxPages: options.maxPages ?? DIRECTORY_DEFAULTS.maxPages,
        holder: options.holder ?? `directory-${randomUUID()}`,
      },
    );
  }

  /** Arms each tenant's background refresh (nothing when `intervalMs` is 0). Tenants without Rocket.Chat or IMI have none. */
  start(): void {
    if (this.started || this.shutdown.signal.aborted || this.intervalMs === 0) return;
    this.started = true;
    for (const [tenant, clients] of this.tenants) {
      if (clients.rocketchat || clients.imi) this.schedule(tenant, this.firstRunDelayMs, this.firstRunDelayMs);
    }
  }

  /**
   * Starts a refresh of the tenant now: `started` once this process holds the tenant's lease (the
   * refresh then runs on in the background), `already-running` when a refresh of it runs here or on
   * another replica. Rejects for a tenant the gateway does not have, after `close()`, or when the store
   * cannot be asked.
   */
  syncNow(tenant: string): Promise<SyncStart> {
    if (this.shutdown.signal.aborted) return Promise.reject(new Error('the directory scheduler is closed'));
    if (!this.tenants.has(tenant)) return Promise.reject(new Error(`no platform clients for tenant ${tenant}`));
    return this.launch(tenant);
  }

  /** Whether a refresh of the tenant runs in this process (the store's sync states tell about every replica). */
  isRunning(tenant: string): boolean {
    return this.refreshing.has(tenant);
  }

  /** Stops the timers, asks running refreshes to stop (they apply nothing more) and waits for them, at most `closeTimeoutMs`. */
  async close(): Promise<void> {
    this.shutdown.abort();
    for (const handle of this.scheduled.values()) this.timers.clearTimeout(handle);
    this.scheduled.clear();
    if (this.runs.size === 0) return;
    let timer: unknown;
    const timeUp = new Promise<'timeout'>((resolve) => (timer = this.timers.setTimeout(() => resolve('timeout'), this.closeTimeoutMs)));
    const outcome = await Promise.race([Promise.allSettled([...this.runs.values()]), timeUp]);
    this.timers.clearTimeout(timer);
    if (outcome === 'timeout') this.logger.warn({ tenants: [...this.runs.keys()] }, 'directory refreshes still running at shutdown');
  }

  /** `maxJitterMs` caps the spread: the first run comes within seconds of start-up, later ones are spread wider. */
  private schedule(tenant: string, delayMs: number, maxJitterMs = MAX_JITTER_MS): void {
    const jitter = Math.floor(this.random() * Math.min(this.intervalMs / 10, maxJitterMs));
    const handle = this.timers.setTimeout(() => {
      this.scheduled.delete(tenant);
      if (this.shutdown.signal.aborted) return;
      // Next run first, at a fixed cadence: a refresh still going then is simply not started twice.
      this.schedule(tenant, this.intervalMs);
      this.launch(tenant).then(
        (start) => {
          if (start === 'already-running') this.logger.debug({ tenant }, 'directory refresh skipped: one is already running');
        },
        (error: unknown) => this.logger.error({ err: error, tenant }, 'directory refresh could not start'),
      );
    }, delayMs + jitter);
    this.scheduled.set(tenant, handle);
  }

  /** One run of the tenant's refresh unless this process already has one; answers once the lease is settled. */
  private launch(tenant: string): Promise<SyncStart> {
    if (this.runs.has(tenant)) return Promise.resolve('already-running');
    const clients = this.tenants.get(tenant) as DirectoryClients;
    let answered!: (start: Promise<SyncStart>) => void;
    const answer = new Promise<SyncStart>((resolve) => (answered = resolve));
    const run = (async () => {
      let started;
      try {
        started = await this.refresher.start(tenant, clients, this.shutdown.signal);
      } catch (error) {
        answered(Promise.reject(error instanceof Error ? error : new Error(String(error))));
        return;
      }
      if (!started) {
        answered(Promise.resolve('already-running'));
        return;
      }
      this.refreshing.add(tenant);
      answered(Promise.resolve('started'));
      try {
        await started.done;
      } finally {
        this.refreshing.delete(tenant);
      }
    })()
      .catch((error: unknown) => this.logger.error({ err: error, tenant }, 'directory refresh failed unexpectedly'))
      .finally(() => this.runs.delete(tenant));
    this.runs.set(tenant, run);
    return answer;
  }
}
