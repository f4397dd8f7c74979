import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger.js';
import type { WorkflowKind, WorkflowRecord, WorkflowStore } from '../store/types.js';
import { fingerprintOf, secretCheckOf, secretsMatch } from './fingerprint.js';
import { WorkflowRun, type PlannedStep } from './runner.js';
import type { WorkflowEnd } from './status.js';

export interface WorkflowServiceOptions {
  store: WorkflowStore;
  logger: Logger;
  /** How often this replica says it is alive (its running workflows are not interrupted). */
  heartbeatMs?: number;
  /** A replica silent this long is taken for dead: its RUNNING workflows are marked INTERRUPTED. */
  staleAfterMs?: number;
  /** How often a request waiting on another request's workflow with the same key looks again. */
  waitPollMs?: number;
  now?: () => Date;
}

export interface WorkflowRequest {
  kind: WorkflowKind;
  idempotencyKey: string;
  /** The input without its secrets (fingerprinted, never stored as such). */
  input: unknown;
  /** Passwords and the like: only a salted scrypt of them is kept, to tell a replay from another request. */
  secrets: readonly string[];
  steps: PlannedStep[];
}

/** What the workflow's body returns: how it ended, and the (secret-free) answer to record for replays. */
export interface WorkflowBodyResult {
  end: WorkflowEnd;
  result: Record<string, unknown>;
}

export type ExecuteOutcome =
  | { kind: 'ran' | 'replayed'; workflow: WorkflowRecord; result: Record<string, unknown> | null }
  /** The key was used with another input. */
  | { kind: 'reused' }
  /** Another request runs the workflow with this key and did not finish within this request's time. */
  | { kind: 'in-progress'; workflow: WorkflowRecord };

/**
 * Runs workflows exactly once per idempotency key and tenant, on whichever replica gets the request: the
 * store's unique key decides who runs it; a replay answers from the record without any platform call.
 * Each replica beats a heartbeat while it lives; at start-up, RUNNING workflows of replicas that stopped
 * beating (a crash, a kill) are marked INTERRUPTED, with the steps that were mid-call UNKNOWN.
 */
export class WorkflowService {
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly store: WorkflowStore;
  private readonly logger: Logger;
  private readonly heartbeatMs: number;
  private readonly staleAfterMs: number;
  private readonly waitPollMs: number;
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | undefined;

  constructor(options: WorkflowServiceOptions) {
    this.store = options.store;
    this.logger = options.logger;
    this.heartbeatMs = options.heartbeatMs ?? 10_000;
    this.staleAfterMs = options.staleAfterMs ?? 60_000;
    this.waitPollMs = options.waitPollMs ?? 200;
    this.now = options.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    await this.beat();
    // Every beat also looks for replicas that stopped beating: a crash is noticed by any replica still
    // running, not only by the next one to start.
    this.timer = setInterval(() => {
      this.beat().catch((error: unknown) => this.logger.error({ err: error }, 'workflow heartbeat failed'));
    }, this.heartbeatMs);
    this.timer.unref();
  }

  private async beat(): Promise<void> {
    await this.store.heartbeat(this.owner, this.now());
    const interrupted = await this.store.markInterrupted(new Date(this.now().getTime() - this.staleAfterMs), this.now());
    if (interrupted > 0) this.logger.warn({ interrupted }, 'workflows of a stopped replica marked INTERRUPTED');
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }

  get(tenant: string, id: string): Promise<WorkflowRecord | null> {
    return this.store.get(tenant, id);
  }

  /** Whether an idempotency key was used in this tenant (a replay needs nothing else resolved first). */
  async isKnown(tenant: string, idempotencyKey: string): Promise<boolean> {
    return (await this.store.getByKey(tenant, idempotencyKey)) !== null;
  }

  /**
   * Starts the workflow unless its key was used: then replays the recorded answer (same input), refuses
   * (another input), or waits for the other request to finish, at most `waitMs`.
   */
  async execute(tenant: string, request: WorkflowRequest, body: (run: WorkflowRun) => Promise<WorkflowBodyResult>, waitMs: number): Promise<ExecuteOutcome> {
    const fingerprint = fingerprintOf({ kind: request.kind, input: request.input });
    const begun = await this.store.begin(
      tenant,
      { kind: request.kind, idempotencyKey: request.idempotencyKey, fingerprint, secretCheck: secretCheckOf(request.secrets), steps: request.steps },
      this.owner,
      this.now(),
    );
    if (begun.kind === 'existing') {
      if (begun.fingerprint !== fingerprint || !secretsMatch(request.secrets, begun.secretCheck)) return { kind: 'reused' };
      return this.replay(tenant, begun.workflow, waitMs);
    }
    const run = new WorkflowRun(this.store, begun.workflow, this.now);
    let outcome: WorkflowBodyResult;
    try {
      outcome = await body(run);
    } catch (error) {
      // A bug or a store failure mid-way: a step may have been sent without its outcome recorded, so the
      // workflow is UNKNOWN, and any step still RUNNING is marked so.
      this.logger.error({ err: error, workflowId: begun.workflow.id }, 'workflow failed unexpectedly');
      await this.markRunningStepsUnknown(tenant, begun.workflow.id).catch((markError: unknown) => this.logger.error({ err: markError }, 'could not mark the workflow'));
      outcome = { end: { status: 'UNKNOWN', personId: null }, result: { personId: null, userErrors: [] } };
    }
    if (outcome.end.personId !== null) await this.store.setPerson(begun.workflow.id, outcome.end.personId);
    await this.store.finish(begun.workflow.id, outcome.end.status, outcome.result, this.now());
    const workflow = await this.store.get(tenant, begun.workflow.id);
    if (!workflow) throw new Error(`workflow ${begun.workflow.id} vanished`);
    this.logger.info({ workflowId: workflow.id, kind: workflow.kind, status: workflow.status }, 'workflow finished');
    return { kind: 'ran', workflow, result: outcome.result };
  }

  private async markRunningStepsUnknown(tenant: string, workflowId: string): Promise<void> {
    const workflow = await this.store.get(tenant, workflowId);
    for (const step of workflow?.steps ?? []) {
      if (step.status !== 'RUNNING') continue;
      await this.store.stepFinished(workflowId, step.seq, { status: 'UNKNOWN', code: 'INTERNAL_SERVER_ERROR', message: 'The gateway failed while this step ran: check the platform.' }, this.now());
    }
  }

  private async replay(tenant: string, existing: WorkflowRecord, waitMs: number): Promise<ExecuteOutcome> {
    const until = Date.now() + Math.max(0, waitMs);
    let workflow: WorkflowRecord | null = existing;
    while (workflow && workflow.status === 'RUNNING' && Date.now() < until) {
      await sleep(Math.min(this.waitPollMs, Math.max(1, until - Date.now())));
      workflow = await this.store.get(tenant, existing.id);
    }
    if (!workflow) throw new Error(`workflow ${existing.id} vanished`);
    if (workflow.status === 'RUNNING') return { kind: 'in-progress', workflow };
    return { kind: 'replayed', workflow, result: workflow.result };
  }
}
