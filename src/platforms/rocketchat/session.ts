import type { CallScope } from '../../upstream/call-scope.js';
import { LookupLoader } from '../lookup-loader.js';
import type { AgentListQuery, AgentModel, AgentPage, AgentType } from './models.js';
import type { AddUserResult, RemoveUserResult, RocketChatClient } from './client.js';
import { toWireType } from './mapping.js';

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
    this.agents = new LookupLoader({
      maxKeys: MAX_LOOKUPS_PER_REQUEST,
      noun: 'agents',
      cacheKey: keyOf,
      known: (key) => this.fromListedPages(key),
      fetch: (key) => this.client.getUser(toWireType(key.type), key.id, this.scope),
    });
  }

  /** Told the size of every lookup batch the loader dispatches (for metrics); at most one observer. */
  observeBatchSizes(observer: (size: number) => void): void {
    this.agents.observeBatchSizes(observer);
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
    if (result.kind === 'added') this.forget({ type, id: result.id });
    return result;
  }

  async removeAgent(type: AgentType, id: string): Promise<RemoveAgentResult> {
    if (type === 'MANAGER' && id === this.client.serviceAccountId) return { kind: 'protected' };
    const result = await this.client.removeUser(toWireType(type), id, this.scope);
    if (result.kind === 'removed') {
      this.forget({ type, id });
      this.agents.prime({ type, id }, null);
    }
    return result;
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
