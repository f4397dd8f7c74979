import { sql, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { StoreDatabase, WorkflowsTable, WorkflowStepsTable } from './database.js';
import { isUuid, newId } from './ids.js';
import type {
  BeginResult,
  DirectoryPlatform,
  NewWorkflow,
  StepStatus,
  WorkflowKind,
  WorkflowRecord,
  WorkflowStatus,
  WorkflowStepRecord,
  WorkflowStore,
} from './types.js';

type Db = Kysely<StoreDatabase> | Transaction<StoreDatabase>;

/** What a step left RUNNING by a replica that died says: the platform call may or may not have happened. */
export const INTERRUPTED_STEP = {
  code: 'INTERRUPTED',
  message: 'The gateway running this step stopped before recording its outcome: check the platform before trying again.',
} as const;

/**
 * Workflow records over PostgreSQL. Each write is its own statement, committed before the method returns:
 * a step recorded RUNNING is on disk before its platform call starts, and its outcome before the next
 * step. Workflow ids are random UUIDs, so the methods that take one need no tenant to stay within it.
 */
export class PostgresWorkflowStore implements WorkflowStore {
  constructor(private readonly db: Kysely<StoreDatabase>) {}

  begin(tenant: string, workflow: NewWorkflow, owner: string, at: Date): Promise<BeginResult> {
    return this.db.transaction().execute(async (tx) => {
      // Concurrent begins with one key: PostgreSQL makes all but the first wait on the unique index, then
      // do nothing; each of those then reads the winner's committed row below.
      const inserted = await tx
        .insertInto('workflows')
        .values({
          tenant,
          id: newId(),
          kind: workflow.kind,
          status: 'RUNNING',
          idempotency_key: workflow.idempotencyKey,
          fingerprint: workflow.fingerprint,
          secret_check: workflow.secretCheck,
          owner,
          started_at: at,
        })
        .onConflict((conflict) => conflict.columns(['tenant', 'idempotency_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) {
        if (workflow.steps.length > 0) {
          await tx
            .insertInto('workflow_steps')
            .values(workflow.steps.map((step, seq) => ({ workflow_id: inserted.id, seq, platform: step.platform, action: step.action, status: 'NOT_RUN', data: '{}' })))
            .execute();
        }
        return { kind: 'started', workflow: await readWorkflow(tx, tenant, inserted.id) };
      }
      const existing = await tx
        .selectFrom('workflows')
        .select(['id', 'fingerprint', 'secret_check'])
        .where('tenant', '=', tenant)
        .where('idempotency_key', '=', workflow.idempotencyKey)
        .executeTakeFirstOrThrow();
      return { kind: 'existing', workflow: await readWorkflow(tx, tenant, existing.id), fingerprint: existing.fingerprint, secretCheck: existing.secret_check };
    });
  }

  async stepStarted(workflowId: string, seq: number, at: Date): Promise<void> {
    await this.updateStep(workflowId, seq, { status: 'RUNNING', started_at: at, finished_at: null });
  }

  async stepFinished(
    workflowId: string,
    seq: number,
    outcome: { status: StepStatus; code?: string | null; message?: string | null; data?: Record<string, unknown> },
    at: Date,
  ): Promise<void> {
    // What the outcome leaves out (undefined) stays as recorded: a compensation keeps the data of the step it undid.
    await this.updateStep(workflowId, seq, {
      status: outcome.status,
      finished_at: at,
      ...(outcome.code !== undefined && { code: outcome.code }),
      ...(outcome.message !== undefined && { message: outcome.message }),
      ...(outcome.data !== undefined && { data: JSON.stringify(outcome.data) }),
    });
  }

  async setPerson(workflowId: string, personId: string): Promise<void> {
    await this.updateWorkflow(workflowId, { person_id: personId });
  }

  async finish(workflowId: string, status: Exclude<WorkflowStatus, 'RUNNING' | 'INTERRUPTED'>, result: Record<string, unknown>, at: Date): Promise<void> {
    // No check of the current status: if another replica took this run for dead, the real outcome still wins.
    await this.updateWorkflow(workflowId, { status, result: JSON.stringify(result), finished_at: at });
  }

  async get(tenant: string, id: string): Promise<WorkflowRecord | null> {
    if (!isUuid(id)) return null;
    const row = await this.db.selectFrom('workflows').select('id').where('tenant', '=', tenant).where('id', '=', id).executeTakeFirst();
    return row ? readWorkflow(this.db, tenant, row.id) : null;
  }

  async getByKey(tenant: string, idempotencyKey: string): Promise<WorkflowRecord | null> {
    const row = await this.db
      .selectFrom('workflows')
      .select('id')
      .where('tenant', '=', tenant)
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    return row ? readWorkflow(this.db, tenant, row.id) : null;
  }

  async heartbeat(owner: string, at: Date): Promise<void> {
    await this.db
      .insertInto('replica_heartbeats')
      .values({ owner, beat_at: at })
      .onConflict((conflict) => conflict.column('owner').doUpdateSet({ beat_at: at }))
      .execute();
  }

  markInterrupted(staleBefore: Date, at: Date): Promise<number> {
    return this.db.transaction().execute(async (tx) => {
      // Stale: started before `staleBefore` by an owner with no heartbeat since (or none at all). A run
      // started after `staleBefore` had a live owner then, even if its first heartbeat is still to come.
      const interrupted = await tx
        .updateTable('workflows as w')
        .set({ status: 'INTERRUPTED', finished_at: at })
        .where('w.status', '=', 'RUNNING')
        .where('w.started_at', '<', staleBefore)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('replica_heartbeats as h').select(sql.lit(1).as('one')).whereRef('h.owner', '=', 'w.owner').where('h.beat_at', '>=', staleBefore))),
        )
        .returning('w.id')
        .execute();
      // Replicas silent since the cut-off and with nothing left running: forgotten (owners are per process
      // start, so the table would otherwise grow with every deploy). One that wakes up beats anew.
      await tx
        .deleteFrom('replica_heartbeats as h')
        .where('h.beat_at', '<', staleBefore)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('workflows as w').select(sql.lit(1).as('one')).whereRef('w.owner', '=', 'h.owner').where('w.status', '=', 'RUNNING'))),
        )
        .execute();
      if (interrupted.length === 0) return 0;
      await tx
        .updateTable('workflow_steps')
        .set({ status: 'UNKNOWN', ...INTERRUPTED_STEP })
        .where('status', '=', 'RUNNING')
        .where(
          'workflow_id',
          'in',
          interrupted.map((row) => row.id),
        )
        .execute();
      return interrupted.length;
    });
  }

  private async updateStep(workflowId: string, seq: number, set: Updateable<WorkflowStepsTable>): Promise<void> {
    const updated = isUuid(workflowId)
      ? await this.db
          .updateTable('workflow_steps')
          .set(set)
          .where('workflow_id', '=', workflowId)
          .where('seq', '=', seq)
          .executeTakeFirst()
      : undefined;
    // Recording nothing would silently lose what a platform call did: a missing step is a bug, said loudly.
    if (!updated || updated.numUpdatedRows === 0n) throw new Error(`workflow ${workflowId} has no step ${seq}`);
  }

  private async updateWorkflow(workflowId: string, set: Updateable<WorkflowsTable>): Promise<void> {
    const updated = isUuid(workflowId) ? await this.db.updateTable('workflows').set(set).where('id', '=', workflowId).executeTakeFirst() : undefined;
    if (!updated || updated.numUpdatedRows === 0n) throw new Error(`no workflow ${workflowId}`);
  }
}

async function readWorkflow(db: Db, tenant: string, id: string): Promise<WorkflowRecord> {
  // One after the other: inside a transaction both go over its one connection anyway.
  const workflow = await db.selectFrom('workflows').selectAll().where('tenant', '=', tenant).where('id', '=', id).executeTakeFirstOrThrow();
  const steps = await db.selectFrom('workflow_steps').selectAll().where('workflow_id', '=', id).orderBy('seq').execute();
  return toWorkflow(workflow, steps);
}

function toWorkflow(row: Selectable<WorkflowsTable>, steps: Array<Selectable<WorkflowStepsTable>>): WorkflowRecord {
  return {
    id: row.id,
    tenant: row.tenant,
    kind: row.kind as WorkflowKind,
    status: row.status as WorkflowStatus,
    idempotencyKey: row.idempotency_key,
    personId: row.person_id,
    result: row.result,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    steps: steps.map(toStep),
  };
}

function toStep(row: Selectable<WorkflowStepsTable>): WorkflowStepRecord {
  return {
    seq: row.seq,
    platform: row.platform as DirectoryPlatform,
    action: row.action,
    status: row.status as StepStatus,
    code: row.code,
    message: row.message,
    data: row.data,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
