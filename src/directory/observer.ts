import type { ImiQuota } from '../platforms/imi/index.js';
import type { DirectoryPlatform, RefreshResult } from '../store/types.js';

/** What one platform's refresh of one tenant came to: logged, and told to the metrics. */
export interface PlatformRefreshReport {
  tenant: string;
  platform: DirectoryPlatform;
  /**
   * `applied`, or why not: an ErrorCode (`UPSTREAM_UNAVAILABLE`, …), an IncompleteCode
   * (`IMI_QUOTA_RESERVE`, …) or `LEASE_LOST`. Short and coded; never a message or a secret.
   */
  outcome: string;
  /** Paged calls made to the platform (a token mint or a retry inside one call is not counted). */
  calls: number;
  ms: number;
  /** Identities the pass saw, when applied. */
  seen?: number;
  /** The store's account of the applied pass. */
  result?: RefreshResult;
  /** IMI only: `Rate-Limit-Remaining` on the pass's last answer. */
  quotaRemaining?: number;
}

/**
 * How the refresh reports to the metrics without importing prom-client (src/metrics.ts implements it,
 * as it does the upstream call observer). Every label it leads to is bounded: tenants come from the
 * configuration, platforms and outcomes from fixed sets.
 */
export interface DirectoryObserver {
  refreshed(report: PlatformRefreshReport): void;
  /** IMI's daily quota as the latest page of a refresh reported it. */
  imiQuota(tenant: string, quota: ImiQuota): void;
}
