import type { UserErrorModel } from '../shared/user-errors.js';

/**
 * Our own model of a Livechat agent or manager: what the provider layer maps Rocket.Chat's wire
 * shapes to and what the `Agent` GraphQL type resolves from. The string unions mirror the GraphQL enums.
 */
export type AgentType = 'AGENT' | 'MANAGER';
export type AgentStatus = 'ONLINE' | 'AWAY' | 'BUSY' | 'OFFLINE';
export type LivechatStatus = 'AVAILABLE' | 'NOT_AVAILABLE';

export interface EmailModel {
  address: string;
  verified: boolean;
}

export interface AgentModel {
  id: string;
  username: string | null;
  name: string | null;
  status: AgentStatus | null;
  livechatStatus: LivechatStatus | null;
  emails: EmailModel[];
  maxSimultaneousChats: number | null;
  /** Null when unknown: Rocket.Chat's single-user lookup does not return departments. */
  departmentIds: string[] | null;
}

/** Which agents to list and which page: validated, in the platform's terms of offset and count. */
export interface AgentListQuery {
  type: AgentType;
  offset: number;
  /** 1 to 100: the platform's page cap. */
  count: number;
  text?: string;
  onlyAvailable?: boolean;
  excludeId?: string;
  includeIdle?: boolean;
}

/** One page of agents, as the platform returned it. */
export interface AgentPage {
  agents: AgentModel[];
  /** Position of the first agent in the whole list. */
  offset: number;
  /** Matches across all pages. */
  total: number;
}

/** What `AgentConnection` resolves from: the page plus how many edges the caller asked for. */
export interface AgentPageModel extends AgentPage {
  type: AgentType;
  /** 0 when the caller asked for `first: 0` (count only). */
  requested: number;
}

export interface RegisterAgentPayloadModel {
  type: AgentType;
  agentId: string | null;
  userErrors: UserErrorModel[];
}

export interface RemoveAgentPayloadModel {
  removedAgentId: string | null;
  userErrors: UserErrorModel[];
}
