import type { Deadline } from '../deadline.js';
import type { UpstreamCallTracker } from './call-tracker.js';

/**
 * What one GraphQL request gives each upstream call made for it: its deadline (what is left of the
 * request's time budget) and, when the request is traced, the tracker told of each call (spans, counts).
 * Sessions hold it; clients pass it down to `UpstreamHttp.send`.
 */
export interface CallScope {
  readonly deadline: Deadline;
  readonly tracker?: UpstreamCallTracker | undefined;
}
