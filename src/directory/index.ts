/**
 * The directory's background refresh (issue 17, "The directory fills itself"): collectors page through
 * Rocket.Chat's agents and managers and IMI's users, the refresher applies complete passes to the store
 * under the tenant's lease, the scheduler runs it per tenant on an interval and on demand.
 */
export { DirectoryScheduler, DIRECTORY_DEFAULTS, type DirectorySchedulerDeps, type DirectorySchedulerOptions, type SyncStart } from './scheduler.js';
export { DirectoryRefresher, type DirectoryClients, type RefresherSettings, type StartedRefresh } from './refresher.js';
export type { DirectoryObserver, PlatformRefreshReport } from './observer.js';
export { DIRECTORY_LEASE } from './lease.js';
export type { Clock, Timers } from './clock.js';
