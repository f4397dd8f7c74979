import type { WorkflowStatus } from '../store/types.js';
import type { RanStep } from './runner.js';

/** How a workflow's steps ended, for its record and its payload. */
export interface WorkflowEnd {
  status: Exclude<WorkflowStatus, 'RUNNING' | 'INTERRUPTED'>;
  /** The directory's person the workflow is about, when it has one. */
  personId: string | null;
}

/**
 * A workflow's status from its steps: an unknown outcome anywhere makes it UNKNOWN (never compensated
 * blindly); a failure is COMPENSATED when everything it did was undone, else FAILED; otherwise SUCCEEDED
 * (UNSUPPORTED steps included: they say what to do by hand).
 */
export function finalStatus(ran: readonly RanStep[], compensation: 'none' | 'done' | 'partial'): WorkflowEnd['status'] {
  if (ran.some((step) => step.outcome.status === 'UNKNOWN')) return 'UNKNOWN';
  if (!ran.some((step) => step.outcome.status === 'FAILED')) return 'SUCCEEDED';
  return compensation === 'partial' ? 'FAILED' : compensation === 'done' ? 'COMPENSATED' : 'FAILED';
}
