import type { ColumnType } from 'kysely';

/**
 * The tables as Kysely sees them (src/store/migrations/ creates them). Row types only: what the rest of
 * the gateway sees is src/store/types.ts, and the repositories translate between the two.
 */

/** A timestamptz column: written as a Date, read back as a Date. */
type Timestamp = ColumnType<Date, Date, Date>;
/** A jsonb column: read back parsed; written as JSON text (pg would turn a JS array into a PostgreSQL array). */
type Json<T> = ColumnType<T, string, string>;

export interface PeopleTable {
  tenant: string;
  id: string;
  /** Trimmed and lower-cased; unique per tenant. */
  email: string;
  display_name: string | null;
  /** `display_name` lower-cased in JS, so search folds case the same way on every engine and locale. */
  display_name_folded: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IdentitiesTable {
  tenant: string;
  platform: string;
  user_id: string;
  person_id: string | null;
  email: string | null;
  display_name: string | null;
  roles: Json<string[]>;
  seen_at: Timestamp;
  /** `directory_writes` at the identity's last write (bigint: read back as a string by pg); set by SQL. */
  written_seq: ColumnType<string, string | undefined, string>;
}

export interface DirectorySyncTable {
  tenant: string;
  platform: string;
  last_started_at: Timestamp | null;
  last_finished_at: Timestamp | null;
  last_error: string | null;
  /** When a run last ended without applying (kept for operators; `directorySync` shows the error). */
  last_failed_at: Timestamp | null;
  running: boolean;
  /** When a started run stops counting as running if it never finishes (its replica crashed); null: until it finishes. */
  running_until: Timestamp | null;
  /** `directory_writes` when the run under way started: identities written since are not that run's to remove. */
  started_seq: string | null;
}

export interface WorkflowsTable {
  tenant: string;
  id: string;
  kind: string;
  status: string;
  idempotency_key: string;
  fingerprint: string;
  secret_check: string | null;
  person_id: string | null;
  result: Json<Record<string, unknown>> | null;
  owner: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface WorkflowStepsTable {
  workflow_id: string;
  seq: number;
  platform: string;
  action: string;
  status: string;
  code: string | null;
  message: string | null;
  data: Json<Record<string, unknown>>;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface ReplicaHeartbeatsTable {
  owner: string;
  beat_at: Timestamp;
}

export interface LeasesTable {
  tenant: string;
  name: string;
  holder: string;
  expires_at: Timestamp;
}

export interface StoreDatabase {
  people: PeopleTable;
  identities: IdentitiesTable;
  directory_sync: DirectorySyncTable;
  workflows: WorkflowsTable;
  workflow_steps: WorkflowStepsTable;
  replica_heartbeats: ReplicaHeartbeatsTable;
  leases: LeasesTable;
}
