/**
 * What the gateway keeps that the platforms cannot tell it: which identities are one person (the
 * directory), how far each directory refresh got, workflow records with their steps, idempotency keys,
 * and leases that let one replica at a time do a tenant's background work. Every row carries its tenant;
 * no method reads or writes across tenants.
 *
 * Implemented over PostgreSQL (src/store/): an embedded PGlite by default, a server with DATABASE_URL.
 */

/** The platforms whose users the directory links. Jelou's widget users are customers, not staff. */
export type DirectoryPlatform = 'rocketchat' | 'imi';

/** A Livechat role a Rocket.Chat identity holds (IMI identities hold none). */
export type IdentityRole = 'AGENT' | 'MANAGER';

/** One account on one platform, as the directory last saw it. */
export interface IdentityInput {
  platform: DirectoryPlatform;
  /** The platform's own id (Rocket.Chat `_id`, IMI numeric id as a string). */
  userId: string;
  /** The address that links identities into people; stored lower-cased and trimmed; null when none. */
  email: string | null;
  displayName: string | null;
  roles: IdentityRole[];
}

export interface IdentityRecord extends IdentityInput {
  /** The person this identity belongs to; null only for an identity without an e-mail address. */
  personId: string | null;
  seenAt: Date;
}

/** One person: every identity with the same e-mail address (compared case-insensitively). */
export interface PersonRecord {
  id: string;
  /** Lower-cased. */
  email: string;
  displayName: string | null;
  /** The platforms the person has an identity on, in `DirectoryPlatform` order. */
  platforms: DirectoryPlatform[];
  createdAt: Date;
  updatedAt: Date;
}

export interface PeopleQuery {
  /** Case-insensitive substring of the e-mail address or the display name. */
  search?: string;
  /** Only people with an identity on this platform. */
  platform?: DirectoryPlatform;
  offset: number;
  limit: number;
}

export interface PeoplePage {
  people: PersonRecord[];
  /** Matches across all pages. */
  total: number;
}

/** Where one platform's refresh of one tenant's directory stands. */
export interface SyncState {
  platform: DirectoryPlatform;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  /** True between a start and its finish (a crashed replica's run counts until its lease expires). */
  running: boolean;
  /** Short, coded, never a secret; null after a successful run. */
  lastError: string | null;
  /** Identities of this platform the directory holds now. */
  identities: number;
}

export interface RefreshResult {
  upserted: number;
  /** Identities not seen by this (complete) refresh, removed. */
  removed: number;
  /** People created for e-mail addresses seen for the first time. */
  peopleCreated: number;
}

export interface DirectoryStore {
  /**
   * Records a complete pass over one platform: upserts every identity seen, removes that platform's
   * identities not seen, links each to the person with its e-mail (creating the person when new), drops
   * people left with no identity, and records the finish. In one transaction.
   */
  applyRefresh(tenant: string, platform: DirectoryPlatform, seen: readonly IdentityInput[], finishedAt: Date): Promise<RefreshResult>;
  /**
   * Records that a refresh of this platform started (for `directorySync`). `runningUntil` (optional: when
   * the run's lease expires) bounds how long a run whose replica crashed still counts as running; without
   * it, such a run counts until the next refresh of the platform ends.
   */
  refreshStarted(tenant: string, platform: DirectoryPlatform, at: Date, runningUntil?: Date): Promise<void>;
  /** Records that a refresh ended without applying (an error, a quota stop); `error` is short and coded. */
  refreshFailed(tenant: string, platform: DirectoryPlatform, at: Date, error: string): Promise<void>;
  /** Upserts one identity now (after onboarding created it), linked by e-mail; returns its person. */
  upsertIdentity(tenant: string, identity: IdentityInput): Promise<PersonRecord | null>;
  /** Removes one identity now (after offboarding); the person goes when no identity is left. */
  removeIdentity(tenant: string, platform: DirectoryPlatform, userId: string): Promise<void>;
  listPeople(tenant: string, query: PeopleQuery): Promise<PeoplePage>;
  personById(tenant: string, id: string): Promise<PersonRecord | null>;
  /** By e-mail address, compared case-insensitively. */
  personByEmail(tenant: string, email: string): Promise<PersonRecord | null>;
  /** Every identity of these people, by person id (one query for a page of people). */
  identitiesOf(tenant: string, personIds: readonly string[]): Promise<Map<string, IdentityRecord[]>>;
  /** One state per `DirectoryPlatform`, in that order (a platform never refreshed: nulls, not running, 0 identities). */
  syncStates(tenant: string): Promise<SyncState[]>;
}

export type WorkflowKind = 'ONBOARD' | 'OFFBOARD';
export type WorkflowStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'COMPENSATED' | 'UNKNOWN' | 'INTERRUPTED';
export type StepStatus = 'RUNNING' | 'DONE' | 'SKIPPED' | 'FAILED' | 'COMPENSATED' | 'UNKNOWN' | 'UNSUPPORTED' | 'NOT_RUN';

export interface WorkflowStepRecord {
  /** 0-based position in the workflow. */
  seq: number;
  platform: DirectoryPlatform;
  /** A stable name, e.g. `CREATE_USER`, `GRANT_AGENT_ROLE`, `SET_DEPARTMENTS`, `CREATE_IMI_USER`. */
  action: string;
  status: StepStatus;
  /** A stable code when the step did not simply succeed (an ErrorCode or userError code). */
  code: string | null;
  message: string | null;
  /** What compensation needs to know (e.g. the id of a user the step created). Never a secret. */
  data: Record<string, unknown>;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface WorkflowRecord {
  id: string;
  tenant: string;
  kind: WorkflowKind;
  status: WorkflowStatus;
  idempotencyKey: string;
  /** The person the workflow is about, once known. */
  personId: string | null;
  /** What the caller got back (the payload's data), replayed for the same key. Never a secret. */
  result: Record<string, unknown> | null;
  startedAt: Date;
  finishedAt: Date | null;
  steps: WorkflowStepRecord[];
}

export interface NewWorkflow {
  kind: WorkflowKind;
  idempotencyKey: string;
  /** SHA-256 of the input without its secrets: the same key with another input is refused. */
  fingerprint: string;
  /** A salted scrypt of the input's secrets (passwords), so a replay with another password is refused too; null when none. */
  secretCheck: string | null;
  /** The steps planned, all NOT_RUN. */
  steps: Array<Pick<WorkflowStepRecord, 'platform' | 'action'>>;
}

export type BeginResult =
  | { kind: 'started'; workflow: WorkflowRecord }
  /** A workflow with this key exists (finished or running): the caller replays or waits, never reruns. */
  | { kind: 'existing'; workflow: WorkflowRecord; fingerprint: string; secretCheck: string | null };

export interface WorkflowStore {
  /**
   * Creates the workflow unless one with this (tenant, key) exists — atomically, so concurrent calls with
   * one key start it once. `owner` names the replica running it (for interrupted-run detection).
   */
  begin(tenant: string, workflow: NewWorkflow, owner: string, at: Date): Promise<BeginResult>;
  /** Marks a step RUNNING, durably, before its platform call. */
  stepStarted(workflowId: string, seq: number, at: Date): Promise<void>;
  /** Records a step's outcome, durably, after its platform call. */
  stepFinished(
    workflowId: string,
    seq: number,
    outcome: { status: StepStatus; code?: string | null; message?: string | null; data?: Record<string, unknown> },
    at: Date,
  ): Promise<void>;
  setPerson(workflowId: string, personId: string): Promise<void>;
  finish(workflowId: string, status: Exclude<WorkflowStatus, 'RUNNING' | 'INTERRUPTED'>, result: Record<string, unknown>, at: Date): Promise<void>;
  get(tenant: string, id: string): Promise<WorkflowRecord | null>;
  /** The workflow an idempotency key started, if any. */
  getByKey(tenant: string, idempotencyKey: string): Promise<WorkflowRecord | null>;
  /** The replica is alive and still running its workflows. */
  heartbeat(owner: string, at: Date): Promise<void>;
  /**
   * Workflows still RUNNING whose owner has not beaten since `staleBefore` (a crashed replica): marked
   * INTERRUPTED, their RUNNING steps UNKNOWN (the call may or may not have happened). Returns how many.
   */
  markInterrupted(staleBefore: Date, at: Date): Promise<number>;
}

export interface LeaseStore {
  /** Takes the named lease for `ttlMs` unless another holder has it unexpired; true when taken (or renewed by the same holder). */
  tryAcquire(tenant: string, name: string, holder: string, ttlMs: number, at: Date): Promise<boolean>;
  release(tenant: string, name: string, holder: string): Promise<void>;
}

/** The store as the rest of the gateway sees it: opened at start-up, closed at shutdown. */
export interface GatewayStore {
  directory: DirectoryStore;
  workflows: WorkflowStore;
  leases: LeaseStore;
  /** `embedded` (PGlite, in this process) or `server` (DATABASE_URL). */
  engine: 'embedded' | 'server';
  /** A cheap round trip, for readiness. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
