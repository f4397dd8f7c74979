import { sql, type Kysely } from 'kysely';

/**
 * Workflow records (onboarding, offboarding) with their steps, and the replicas' heartbeats that tell a
 * running workflow from one whose replica died. Frozen once released (see 0001-directory.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('workflows')
    .addColumn('tenant', 'text', (column) => column.notNull())
    .addColumn('id', 'uuid', (column) => column.primaryKey())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('idempotency_key', 'text', (column) => column.notNull())
    .addColumn('fingerprint', 'text', (column) => column.notNull())
    .addColumn('secret_check', 'text')
    .addColumn('person_id', 'uuid')
    .addColumn('result', 'jsonb')
    .addColumn('owner', 'text', (column) => column.notNull())
    .addColumn('started_at', 'timestamptz', (column) => column.notNull())
    .addColumn('finished_at', 'timestamptz')
    // What makes `begin` atomic: concurrent inserts with one key, all but one do nothing.
    .addUniqueConstraint('workflows_idempotency_key_unique', ['tenant', 'idempotency_key'])
    .execute();
  // markInterrupted looks only at running workflows, a handful among all those ever run.
  await db.schema
    .createIndex('workflows_running_owner')
    .on('workflows')
    .columns(['owner', 'started_at'])
    .where(sql.ref('status'), '=', 'RUNNING')
    .execute();

  await db.schema
    .createTable('workflow_steps')
    .addColumn('workflow_id', 'uuid', (column) => column.notNull().references('workflows.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (column) => column.notNull())
    .addColumn('platform', 'text', (column) => column.notNull())
    .addColumn('action', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('code', 'text')
    .addColumn('message', 'text')
    .addColumn('data', 'jsonb', (column) => column.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addPrimaryKeyConstraint('workflow_steps_pk', ['workflow_id', 'seq'])
    .execute();

  await db.schema
    .createTable('replica_heartbeats')
    .addColumn('owner', 'text', (column) => column.primaryKey())
    .addColumn('beat_at', 'timestamptz', (column) => column.notNull())
    .execute();
}
