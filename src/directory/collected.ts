import type { CallScope } from '../upstream/call-scope.js';
import type { IdentityInput } from '../store/types.js';
import type { Pacer } from './pacer.js';

/**
 * Why a pass over a platform stopped before it saw everyone. Such a pass is never applied: applying it
 * would remove every identity it did not reach. Recorded with `refreshFailed` as the run's error.
 */
export type IncompleteCode =
  /** IMI's `Rate-Limit-Remaining` reached the configured reserve (GATEWAY_DIRECTORY_IMI_RESERVE). */
  | 'IMI_QUOTA_RESERVE'
  /** Fewer users matched on a later page than on the first: offset paging may have skipped someone. */
  | 'DIRECTORY_SOURCE_CHANGED'
  /** More pages than the refresh reads in one pass (a platform ignoring the page parameter, say). */
  | 'DIRECTORY_TOO_LARGE'
  /** The gateway is shutting down. */
  | 'REFRESH_INTERRUPTED';

/** What one pass over one platform found. */
export type Collected = { kind: 'complete'; identities: IdentityInput[] } | { kind: 'incomplete'; code: IncompleteCode };

/** What a collector needs besides its client: the pace, a deadline per call, a way to be stopped. */
export interface CollectContext {
  pacer: Pacer;
  /** A new scope for each call, asked once per page: every page gets its own deadline (GATEWAY_REQUEST_TIMEOUT_MS). */
  scope(): CallScope;
  /** Aborted at shutdown: the collector stops before its next page. */
  signal: AbortSignal;
  /** Most pages one pass reads (per list) before giving up with DIRECTORY_TOO_LARGE. */
  maxPages: number;
}

/** The address that links identities: trimmed and lower-cased (as the store keeps it); null when empty. */
export function linkingEmail(address: string | null | undefined): string | null {
  const normalised = address?.trim().toLowerCase();
  return normalised ? normalised : null;
}
