/**
 * Our own model of a Livechat agent or manager: what the Rocket.Chat client maps the platform's wire
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
