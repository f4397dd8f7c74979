import type { CallScope } from '../../upstream/call-scope.js';
import { LookupLoader } from '../lookup-loader.js';
import type { AgentListQuery, AgentModel, AgentPage, AgentType, NewRocketChatUser } from './models.js';
import type { AddUserResult, RemoveUserResult, RocketChatClient } from './client.js';
import { toWireType } from './mapping.js';
import { RocketChatAccountsSession, type CreateUserResult, type SetUserActiveResult } from './accounts-session.js';
import { RocketChatDepartmentsSession, type AgentDepartmentsChange } from './departments-session.js';

interface AgentKey {
  type: AgentType;
  id: string;
}

/**
 * Most distinct users one operation may look up. Rocket.Chat has no batch lookup, so every distinct
 * id is one call; without a cap a single query with thousands of aliases (or `_entities`
 * representations) would fan out into thousands of calls, unthrottled for a `bot` service account.
 */
export const MAX_LOOKUPS_PER_REQUEST = 200;

/** Removing the service account's own manager role would lock the gateway out of Rocket.Chat. */
export type RemoveAgentResult = RemoveUserResult | { kind: 'protected' };

/** `already-held`: the user held the role, so nothing was sent to the platform. */
export type RegisterAgentResult = AddUserResult | { kind: 'already-held'; id: string };

export type SetAgentDepartmentsResult = AgentDepartmentsChange | { kind: 'unknown-user' };

export type SetAvailabilityResult =
  | { kind: 'set' }
  /** The platform kept the old status (it does so, answering 200, while business hours are closed). */
  | { kind: 'business-hours-closed' }
  | { kind: 'unknown-user' }
  | { kind: 'deactivated' };

/**
 * Pages sorted by name alone are not stable: the database has no tie-breaker, so users with equal (or no)
 * names could be skipped or repeated between offset pages. The unique `_id` breaks the ties.
 */
const STABLE_NAME_ORDER = '{"name":1,"_id":1}';

/**
 * Rocket.Chat as seen by one GraphQL request: a DataLoader for reads (so an operation that asks for
 * the same agent through aliases or fragments costs one upstream call) and the client for writes.
 * Created per request by the context and never shared, so one caller's data never reaches another.
 */
export class RocketChatSession {
  /** Livechat departments and agents' memberships. */
  readonly departments: RocketChatDepartmentsSession;
  /** Rocket.Chat user accounts. */
  readonly accounts: RocketChatAccountsSession;
  private readonly client: RocketChatClient;
  private readonly scope: CallScope;
  private readonly agents: LookupLoader<AgentKey, AgentModel | null>;
  /** Pages listed in this request: later lookups of their agents are answered from them. */
  private readonly listedPages: Array<{ type: AgentType; agents: readonly AgentModel[] }> = [];
  /** Keys a write changed after they were listed: the pages no longer speak for them. */
  private readonly unlisted = new Set<string>();

  constructor(client: RocketChatClient, scope: CallScope) {
    this.client = client;
    this.scope = scope;
    this.departments = new RocketChatDepartmentsSession(client.departments, scope);
    this.accounts = new RocketChatAccountsSession(client.accounts, this.departments, client.serviceAccountId, scope);
    this.agents = new LookupLoader({
      maxKeys: MAX_LOOKUPS_PER_REQUEST,
      noun: 'agents',
      cacheKey: keyOf,
      known: (key) => this.fromListedPages(key),
      fetch: (key) => this.client.getUser(toWireType(key.type), key.id, this.scope),
    });
  }

  /** Told the size of every lookup batch the loaders dispatch (for metrics); at most one observer. */
  observeBatchSizes(observer: (size: number) => void): void {
    this.agents.observeBatchSizes(observer);
    this.departments.observeBatchSizes(observer);
    this.accounts.observeBatchSizes(observer);
  }

  /**
   * Ids of the departments the agent is in: from the list that returned it when it came from one, else
   * one membership lookup (batched and deduplicated), so the answer is the same however it was reached.
   */
  departmentIdsOf(agent: AgentModel): Promise<string[]> {
    return agent.departmentIds === null ? this.departments.departmentIdsOf(agent.id) : Promise.resolve(agent.departmentIds);
  }

  /** The user holding the role, or null. */
  agent(type: AgentType, id: string): Promise<AgentModel | null> {
    return this.agents.load({ type, id });
  }

  /**
   * The user with this id as an agent, else as a manager (entity references carry the id alone).
   * Asked in turn, not in parallel: most references are agents, so most cost one lookup.
   */
  async agentWithAnyRole(id: string): Promise<AgentModel | null> {
    return (await this.agent('AGENT', id)) ?? this.agent('MANAGER', id);
  }

  async listAgents(query: AgentListQuery): Promise<AgentPage> {
    const page = await this.client.listUsers(
      toWireType(query.type),
      {
        text: query.text,
        onlyAvailable: query.onlyAvailable,
        excludeId: query.excludeId,
        showIdleAgents: query.includeIdle,
        count: query.count,
        offset: query.offset,
        sort: STABLE_NAME_ORDER,
      },
      this.scope,
    );
    // Later lookups of a listed agent in the same operation are answered from the list. Kept as the page
    // itself and searched only when a lookup comes: priming the loader cost a promise per listed agent.
    this.listedPages.push({ type: query.type, agents: page.users });
    return { agents: page.users, offset: page.offset, total: page.total };
  }

  /**
   * Gives the user the role, unless they hold it already: Rocket.Chat re-runs its "agent added" step on
   * every grant, which would put an off-shift agent back into chat routing. So registering someone who
   * holds the role changes nothing on the platform.
   */
  async registerAgent(type: AgentType, username: string): Promise<RegisterAgentResult> {
    const holder = await this.client.findUserByUsername(toWireType(type), username, this.scope);
    if (holder) {
      this.listedPages.push({ type, agents: [holder] });
      return { kind: 'already-held', id: holder.id };
    }
    const result = await this.client.addUser(toWireType(type), username, this.scope);
    if (result.kind === 'added') this.forgetUser(result.id);
    return result;
  }

  async removeAgent(type: AgentType, id: string): Promise<RemoveAgentResult> {
    if (type === 'MANAGER' && id === this.client.serviceAccountId) return { kind: 'protected' };
    const result = await this.client.removeUser(toWireType(type), id, this.scope);
    if (result.kind === 'removed') {
      // Removing the agent role also drops departments and Livechat status, seen under either role.
      this.forgetUser(id);
      this.agents.prime({ type, id }, null);
    }
    return result;
  }

  /** Puts an agent in exactly these departments (see RocketChatDepartmentsSession.setAgentDepartments). */
  async setAgentDepartments(agentId: string, departmentIds: readonly string[]): Promise<SetAgentDepartmentsResult> {
    const agent = await this.agent('AGENT', agentId);
    if (!agent) return { kind: 'unknown-user' };
    try {
      return await this.departments.setAgentDepartments({ id: agent.id, username: agent.username ?? '' }, departmentIds);
    } finally {
      this.forgetUser(agentId);
    }
  }

  /**
   * Sets whether the agent takes chats, always with an explicit status (without one the platform
   * toggles), and reads the answer: while business hours are closed the platform keeps the old status
   * and still answers 200.
   */
  async setAgentAvailability(agentId: string, available: boolean): Promise<SetAvailabilityResult> {
    const wanted = available ? 'available' : 'not-available';
    const result = await this.client.accounts.setAgentStatus(agentId, wanted, this.scope);
    this.forgetUser(agentId);
    switch (result.kind) {
      case 'answered':
        return result.status === wanted ? { kind: 'set' } : { kind: 'business-hours-closed' };
      case 'not-an-agent':
        return { kind: 'unknown-user' };
      case 'deactivated':
      case 'business-hours-closed':
        return { kind: result.kind };
    }
  }

  /** Creates a Rocket.Chat user (see RocketChatAccountsSession.create). */
  async createUser(user: NewRocketChatUser, departmentIds: readonly string[]): Promise<CreateUserResult> {
    const result = await this.accounts.create(user, departmentIds);
    if (result.kind === 'created') this.forgetUser(result.user.id);
    return result;
  }

  /** Activates or deactivates a user; deactivating an agent also makes them unavailable. */
  async setUserActive(userId: string, active: boolean): Promise<SetUserActiveResult> {
    const result = await this.accounts.setActive(userId, active);
    this.forgetUser(userId);
    return result;
  }

  /** After a write that changed a user: none of this request's answers about them hold any more. */
  forgetUser(id: string): void {
    this.forget({ type: 'AGENT', id });
    this.forget({ type: 'MANAGER', id });
    this.departments.forgetMemberships(id);
    // Its account view (roles, active) changed too, under its id and its username.
    this.accounts.forgetAll();
  }

  private fromListedPages(key: AgentKey): AgentModel | undefined {
    if (this.listedPages.length === 0 || this.unlisted.has(keyOf(key))) return undefined;
    for (const page of this.listedPages) {
      if (page.type !== key.type) continue;
      const agent = page.agents.find((candidate) => candidate.id === key.id);
      if (agent) return agent;
    }
    return undefined;
  }

  /** After a write: neither the loader's answer nor a listed page holds for this key any more. */
  private forget(key: AgentKey): void {
    this.agents.clear(key);
    this.unlisted.add(keyOf(key));
  }
}

function keyOf(key: AgentKey): string {
  return `${key.type}:${key.id}`;
}
