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

/** A Livechat department as the platform has it. */
export interface DepartmentModel {
  id: string;
  name: string | null;
  enabled: boolean;
  description: string | null;
  email: string | null;
  showOnRegistration: boolean;
  showOnOfflineForm: boolean;
  /** Archived departments are left out of lists but still found by id. */
  archived: boolean;
}

/** Which departments to list and which page, in the platform's terms. */
export interface DepartmentListQuery {
  offset: number;
  /** 1 to 100. */
  count: number;
  /** Case-insensitive match on the name. */
  text?: string;
  /** Only enabled departments (the platform cannot list only disabled ones). */
  enabledOnly?: boolean;
}

export interface DepartmentPage {
  departments: DepartmentModel[];
  offset: number;
  total: number;
}

/** One agent's membership of a department: the id, and the routing order the platform keeps. */
export interface DepartmentMemberModel {
  agentId: string;
  username: string | null;
  order: number;
}

export interface DepartmentMemberPage {
  members: DepartmentMemberModel[];
  offset: number;
  total: number;
}

/** A Rocket.Chat user account, whatever Livechat roles it holds. */
export interface RocketChatUserModel {
  id: string;
  username: string | null;
  name: string | null;
  emails: EmailModel[];
  active: boolean;
  /** The Livechat roles held, in AGENT, MANAGER order. */
  livechatRoles: AgentType[];
}

/** What a new Rocket.Chat user is created with. The password is passed through, never kept or logged. */
export interface NewRocketChatUser {
  username: string;
  name: string;
  email: string;
  password: string;
  livechatRoles: AgentType[];
}
