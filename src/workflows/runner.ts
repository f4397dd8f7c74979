import { ErrorCode, GatewayError } from '../errors.js';
import type { DirectoryPlatform, StepStatus, WorkflowRecord, WorkflowStore } from '../store/types.js';

/** How one step ended, as the step itself says (a thrown error is turned into one by `WorkflowRun.step`). */
export interface StepOutcome {
  status: Exclude<StepStatus, 'RUNNING' | 'NOT_RUN' | 'COMPENSATED'>;
  code?: string | null;
  message?: string | null;
  /** What compensation needs (the id of a user the step created, the roles it granted …). Never a secret. */
  data?: Record<string, unknown>;
}

export interface PlannedStep {
  platform: DirectoryPlatform;
  action: string;
}

/** The outcome of a step that ran, with its position, for compensation. */
export interface RanStep extends PlannedStep {
  seq: number;
  outcome: StepOutcome;
}

/**
 * Runs a workflow's steps one at a time, recording each durably before its platform call (RUNNING) and
 * after it (its outcome), so a crash between the two leaves a record that says the call may have happened.
 * A step that throws is recorded, never lost: an unknown outcome as UNKNOWN, any other error as FAILED
 * with its code (an unexpected error's message is not shown: it could hold anything).
 */
export class WorkflowRun {
  readonly ran: RanStep[] = [];

  constructor(
    private readonly store: WorkflowStore,
    readonly workflow: WorkflowRecord,
    private readonly now: () => Date,
  ) {}

  async step(seq: number, body: () => Promise<StepOutcome>): Promise<StepOutcome> {
    const planned = this.workflow.steps[seq];
    if (!planned) throw new Error(`workflow ${this.workflow.id} has no step ${seq}`);
    await this.store.stepStarted(this.workflow.id, seq, this.now());
    const outcome = await body().catch(outcomeOfError);
    await this.store.stepFinished(this.workflow.id, seq, { code: null, message: null, ...outcome }, this.now());
    this.ran.push({ platform: planned.platform, action: planned.action, seq, outcome });
    return outcome;
  }

  /** Records, before the platform call, that a step is being undone: a crash then leaves that said. */
  async undoing(step: RanStep): Promise<void> {
    await this.store.stepFinished(this.workflow.id, step.seq, { status: step.outcome.status, code: 'COMPENSATING', message: 'Being undone after a later step failed.' }, this.now());
  }

  /**
   * Records that a step this workflow did was undone (or why it could not be). A step that failed part-way
   * stays FAILED (it did fail), with a message saying its partial changes were undone.
   */
  async compensated(step: RanStep, result: { ok: true } | { ok: false; code: string; message: string }): Promise<void> {
    const failed = step.outcome.status === 'FAILED';
    const outcome = !result.ok
      ? { status: step.outcome.status, code: result.code, message: `Could not be undone: ${result.message}` }
      : failed
        ? { status: 'FAILED' as const, code: step.outcome.code ?? null, message: `${step.outcome.message ?? 'Failed'} (what it changed before failing was undone)` }
        : { status: 'COMPENSATED' as const, code: null, message: 'Undone after a later step failed.' };
    await this.store.stepFinished(this.workflow.id, step.seq, { ...outcome, data: step.outcome.data ?? {} }, this.now());
  }
}

export function outcomeOfError(error: unknown): StepOutcome {
  if (error instanceof GatewayError) {
    if (error.code === ErrorCode.UPSTREAM_OUTCOME_UNKNOWN) {
      return { status: 'UNKNOWN', code: error.code, message: `${error.message} Check the platform before trying again.` };
    }
    return { status: 'FAILED', code: error.code, message: error.message };
  }
  return { status: 'FAILED', code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'The step failed with an internal error (logged).' };
}
