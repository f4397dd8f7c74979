import DataLoader from 'dataloader';
import type { DirectoryPlatform, GatewayStore, IdentityInput, IdentityRecord, PeoplePage, PeopleQuery, PersonRecord, SyncState, WorkflowRecord } from '../store/types.js';
import type { ExecuteOutcome, WorkflowBodyResult, WorkflowRequest, WorkflowService } from '../workflows/service.js';
import type { WorkflowRun } from '../workflows/runner.js';

/** What the directory's background refresh offers a request (src/directory/scheduler.ts). */
export interface DirectorySyncControl {
  syncNow(tenant: string): Promise<'started' | 'already-running'>;
  isRunning(tenant: string): boolean;
}

/**
 * The directory and the workflows as one request sees them: bound to the caller's tenant (no method takes
 * a tenant, so a request cannot reach another tenant's people), with the identities of the people it
 * shows read in one query per tick (DataLoader, per request, never shared).
 */
export class PeopleScope {
  private readonly identities: DataLoader<string, IdentityRecord[]>;

  constructor(
    readonly tenant: string,
    private readonly store: GatewayStore,
    private readonly workflows: WorkflowService,
    private readonly sync: DirectorySyncControl | undefined,
  ) {
    this.identities = new DataLoader(async (personIds) => {
      const found = await this.store.directory.identitiesOf(this.tenant, personIds);
      return personIds.map((id) => found.get(id) ?? []);
    });
  }

  list(query: PeopleQuery): Promise<PeoplePage> {
    return this.store.directory.listPeople(this.tenant, query);
  }

  byId(id: string): Promise<PersonRecord | null> {
    return this.store.directory.personById(this.tenant, id);
  }

  byEmail(email: string): Promise<PersonRecord | null> {
    return this.store.directory.personByEmail(this.tenant, email);
  }

  identitiesOf(personId: string): Promise<IdentityRecord[]> {
    return this.identities.load(personId);
  }

  async identityOn(personId: string, platform: DirectoryPlatform): Promise<IdentityRecord | undefined> {
    return (await this.identitiesOf(personId)).find((identity) => identity.platform === platform);
  }

  syncStates(): Promise<SyncState[]> {
    return this.store.directory.syncStates(this.tenant);
  }

  /** Null when the tenant's directory has no background refresh (none configured). */
  syncNow(): Promise<'started' | 'already-running'> | null {
    return this.sync ? this.sync.syncNow(this.tenant) : null;
  }

  /** Records an identity a workflow created or changed; returns the person it belongs to. */
  async recordIdentity(identity: IdentityInput): Promise<string | null> {
    const person = await this.store.directory.upsertIdentity(this.tenant, identity);
    if (person) this.identities.clear(person.id);
    return person?.id ?? null;
  }

  /** Whether this idempotency key started a workflow already (then the request is a replay or a reuse). */
  isKnownKey(idempotencyKey: string): Promise<boolean> {
    return this.workflows.isKnown(this.tenant, idempotencyKey);
  }

  workflow(id: string): Promise<WorkflowRecord | null> {
    return this.workflows.get(this.tenant, id);
  }

  execute(request: WorkflowRequest, body: (run: WorkflowRun) => Promise<WorkflowBodyResult>, waitMs: number): Promise<ExecuteOutcome> {
    return this.workflows.execute(this.tenant, request, body, waitMs);
  }
}
