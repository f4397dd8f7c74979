import type { CallScope } from '../../upstream/call-scope.js';
import { LookupLoader, toError } from '../lookup-loader.js';
import type { RocketChatDepartmentsApi } from './departments-api.js';
import type { DepartmentListQuery, DepartmentMemberPage, DepartmentModel, DepartmentPage } from './models.js';

/**
 * Most distinct departments, and most agents' memberships, one operation may look up: the same bound
 * as agent lookups, for the same reason (no unbounded fan-out from aliases or entity references).
 */
export const MAX_DEPARTMENT_LOOKUPS_PER_REQUEST = 200;

/** One list call answers up to this many departments; workspaces rarely have more. */
const LIST_PAGE = 100;
/** `_id` is unique: a page in this order is the same from call to call. */
const BY_ID = '{"_id":1}';
/** Name first, as people read a list; `_id` breaks ties so pages never skip or repeat. */
const BY_NAME = '{"name":1,"_id":1}';

export type AgentDepartmentsChange =
  | { kind: 'changed'; added: string[]; removed: string[] }
  | { kind: 'unknown-departments'; ids: string[] };

/**
 * Rocket.Chat departments as one request sees them. Departments are looked up in batches: one id costs
 * one `GET department/:id`; several asked in the same tick cost one list call (archived included) and a
 * single lookup only for an id the list lacks — measured in the e2e tests: a page of agents in five
 * departments costs one call for all their names, where single lookups would cost five.
 */
export class RocketChatDepartmentsSession {
  private readonly departments: LookupLoader<string, DepartmentModel | null>;
  private readonly memberships: LookupLoader<string, string[]>;

  constructor(
    private readonly api: RocketChatDepartmentsApi,
    private readonly scope: CallScope,
  ) {
    this.departments = new LookupLoader({
      maxKeys: MAX_DEPARTMENT_LOOKUPS_PER_REQUEST,
      noun: 'departments',
      cacheKey: (id) => id,
      fetch: (id) => this.api.get(id, this.scope),
      fetchMany: (ids) => this.fetchMany(ids),
    });
    this.memberships = new LookupLoader({
      maxKeys: MAX_DEPARTMENT_LOOKUPS_PER_REQUEST,
      noun: "agents' departments",
      cacheKey: (id) => id,
      fetch: (agentId) => this.api.ofAgent(agentId, this.scope),
    });
  }

  /** Told the size of every lookup batch (for metrics). */
  observeBatchSizes(observer: (size: number) => void): void {
    this.departments.observeBatchSizes(observer);
    this.memberships.observeBatchSizes(observer);
  }

  /** The department, or null when the platform has none with this id. */
  department(id: string): Promise<DepartmentModel | null> {
    return this.departments.load(id);
  }

  /** Ids of the departments a user is in (none for a user who is not an agent, or unknown). */
  departmentIdsOf(agentId: string): Promise<string[]> {
    return this.memberships.load(agentId);
  }

  async list(query: DepartmentListQuery): Promise<DepartmentPage> {
    const page = await this.api.list(
      {
        text: query.text,
        enabled: query.enabledOnly ? true : undefined,
        count: query.count,
        offset: query.offset,
        sort: BY_NAME,
      },
      this.scope,
    );
    for (const department of page.departments) this.departments.prime(department.id, department);
    return page;
  }

  members(departmentId: string, page: { offset: number; count: number }): Promise<DepartmentMemberPage> {
    return this.api.members(departmentId, page, this.scope);
  }

  /** The ids among these that name no department (looked up together). */
  async unknownIds(ids: readonly string[]): Promise<string[]> {
    const found = await Promise.all(ids.map((id) => this.department(id)));
    return ids.filter((_id, index) => found[index] === null);
  }

  /**
   * Puts the agent in exactly these departments: reads the memberships now held, then adds the missing
   * ones and removes the others, one department call each, in order. Each call is safe to repeat, so
   * after a failure part-way the same request finishes the job. Members stay as they are (an upsert
   * would reset their routing weights).
   */
  async setAgentDepartments(agent: { id: string; username: string }, departmentIds: readonly string[]): Promise<AgentDepartmentsChange> {
    const unknown = await this.unknownIds(departmentIds);
    if (unknown.length > 0) return { kind: 'unknown-departments', ids: unknown };
    const current = new Set(await this.api.ofAgent(agent.id, this.scope));
    const wanted = new Set(departmentIds);
    const added = [...wanted].filter((id) => !current.has(id));
    const removed = [...current].filter((id) => !wanted.has(id));
    this.memberships.clear(agent.id);
    for (const departmentId of added) {
      const result = await this.api.change(departmentId, { upsert: [{ agentId: agent.id, username: agent.username }], remove: [] }, this.scope);
      // Removed between the check and the call.
      if (result.kind === 'unknown-department') return { kind: 'unknown-departments', ids: [departmentId] };
    }
    for (const departmentId of removed) {
      await this.api.change(departmentId, { upsert: [], remove: [{ agentId: agent.id }] }, this.scope);
    }
    return { kind: 'changed', added, removed };
  }

  /** After a write that changed this user's memberships another way (role removed, say). */
  forgetMemberships(agentId: string): void {
    this.memberships.clear(agentId);
  }

  private async fetchMany(ids: readonly string[]): Promise<Array<DepartmentModel | null | Error>> {
    const page = await this.api.list({ showArchived: true, count: LIST_PAGE, offset: 0, sort: BY_ID }, this.scope);
    const byId = new Map(page.departments.map((department) => [department.id, department]));
    // An id the first page lacks (a workspace with more departments, or a business unit) is asked alone.
    return Promise.all(ids.map((id) => byId.get(id) ?? this.api.get(id, this.scope).catch(toError)));
  }
}
