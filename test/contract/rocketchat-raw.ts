import type { IncomingHttpHeaders } from 'node:http';
import { Agent, request } from 'undici';
import { apiUrl, type RocketChatTarget } from './rocketchat-target.js';

/**
 * Plain HTTP calls to a Rocket.Chat target, for asserting the platform's own contract (status codes,
 * exact bodies, headers) without the gateway's client in between. Uses its own undici Agent — never
 * the global dispatcher — which `close()` shuts.
 */
export interface Credentials {
  userId: string;
  authToken: string;
}

export interface RawAnswer<TBody = unknown> {
  status: number;
  headers: IncomingHttpHeaders;
  body: TBody;
  /** The body as received, for checks that it does not contain something. */
  text: string;
}

export interface RawCallOptions {
  /** Credentials to send; `null` sends no auth header at all. Defaults to the target's service account. */
  auth?: Credentials | null;
  /** Extra or overriding headers (e.g. only `X-User-Id`). */
  headers?: Record<string, string>;
  /** JSON body. */
  json?: unknown;
}

/** One item of `GET /api/v1/livechat/users/:type`, as documented (every key present, null when missing). */
export interface ListItem {
  _id: string;
  username: string | null;
  name: string | null;
  status: string | null;
  statusLivechat: string | null;
  emails: Array<{ address: string; verified: boolean }> | null;
  livechat: { maxNumberSimultaneousChat?: number | string } | null;
  departments: string[];
}

export interface ListBody {
  users: ListItem[];
  count: number;
  offset: number;
  total: number;
  success: true;
}

export type UserType = 'agent' | 'manager';

export const USERS_PATH = '/api/v1/livechat/users';

/** Every route's 401 for a missing or wrong token. */
export const UNAUTHORIZED_BODY = {
  success: false,
  error: 'You must be logged in to do this.',
  status: 'error',
  message: 'You must be logged in to do this.',
};

/** Every route's own permission refusal (403), before its handler runs. */
export const ROUTE_FORBIDDEN_BODY = {
  success: false,
  error: 'User does not have the permissions required for this action [error-unauthorized]',
};

export class RawRocketChat {
  private readonly agent = new Agent({ keepAliveTimeout: 1_000 });

  constructor(private readonly target: RocketChatTarget) {}

  async call<TBody = unknown>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, options: RawCallOptions = {}): Promise<RawAnswer<TBody>> {
    const auth = options.auth === undefined ? this.target.serviceAccount : options.auth;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (auth !== null) {
      headers['x-user-id'] = auth.userId;
      headers['x-auth-token'] = auth.authToken;
    }
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    Object.assign(headers, options.headers);
    const answer = await request(apiUrl(this.target, path), {
      dispatcher: this.agent,
      method,
      headers,
      body: options.json === undefined ? null : JSON.stringify(options.json),
    });
    const text = await answer.body.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: answer.statusCode, headers: answer.headers, body: body as TBody, text };
  }

  /** `GET /api/v1/livechat/users/:type?query`; fails the test unless it answers 200. */
  async list(type: UserType, query: Record<string, string> = {}, auth?: Credentials): Promise<ListBody> {
    const answer = await this.call<ListBody>('GET', `${USERS_PATH}/${type}${queryString(query)}`, auth ? { auth } : {});
    if (answer.status !== 200) throw new Error(`list ${type} answered ${answer.status}: ${answer.text}`);
    return answer.body;
  }

  /** Every user holding the role, paging 100 at a time in username order. */
  async listAll(type: UserType, query: Record<string, string> = {}): Promise<ListItem[]> {
    const users: ListItem[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await this.list(type, { ...query, sort: '{"username":1}', count: '100', offset: String(offset) });
      users.push(...page.users);
      if (page.users.length === 0 || users.length >= page.total) return users;
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

export function queryString(query: Record<string, string>): string {
  const text = new URLSearchParams(query).toString();
  return text === '' ? '' : `?${text}`;
}

/** Rocket.Chat's `text` filter, computed locally: case-insensitive substring of username, name or an e-mail address. */
export function matchesText(user: ListItem, text: string): boolean {
  const needle = text.toLowerCase();
  const haystack = [user.username, user.name, ...(user.emails ?? []).map((email) => email.address)];
  return haystack.some((value) => typeof value === 'string' && value.toLowerCase().includes(needle));
}

export function idsOf(users: ReadonlyArray<{ _id: string }>): string[] {
  return users.map((user) => user._id);
}

export function sortedIds(users: ReadonlyArray<{ _id: string }>): string[] {
  return idsOf(users).sort();
}

/** An id that no Rocket.Chat user has: Random.id() never produces `0`, `1`, `O` or `l`. */
export function unknownUserId(): string {
  return `contract0${Math.random().toString(36).slice(2, 10)}`;
}

/** A username no user has. */
export function unknownUsername(): string {
  return `contract.nobody.${Math.random().toString(36).slice(2, 10)}`;
}

/** Write tests must never strip a role someone really holds: the named user must hold neither role. */
export async function assertHoldsNoLivechatRole(api: RawRocketChat, username: string): Promise<void> {
  for (const type of ['agent', 'manager'] as const) {
    const holders = await api.listAll(type, { text: username });
    if (holders.some((user) => user.username === username)) {
      throw new Error(`${username} already holds the ${type} role; the write tests need a user without Livechat roles`);
    }
  }
}

// --- Departments, users and availability (shared/upstreams/rocketchat.md, "Beyond the four endpoints") ---

export const DEPARTMENT_PATH = '/api/v1/livechat/department';
export const AGENT_STATUS_PATH = '/api/v1/livechat/agent.status';
export const USERS_CREATE_PATH = '/api/v1/users.create';
export const USERS_INFO_PATH = '/api/v1/users.info';
export const USERS_SET_ACTIVE_PATH = '/api/v1/users.setActiveStatus';

export const departmentPath = (id: string): string => `${DEPARTMENT_PATH}/${encodeURIComponent(id)}`;
export const departmentAgentsPath = (id: string): string => `${departmentPath(id)}/agents`;
export const agentDepartmentsPath = (agentId: string): string => `/api/v1/livechat/agents/${encodeURIComponent(agentId)}/departments`;

/** A department as the list and the lookup answer it: optional fields are omitted, not null. */
export interface DepartmentItem {
  _id: string;
  name: string;
  enabled: boolean;
  description?: string;
  email?: string;
  showOnRegistration: boolean;
  showOnOfflineForm: boolean;
  numAgents: number;
  archived?: boolean;
  _updatedAt: string;
}

export interface DepartmentListBody {
  departments: DepartmentItem[];
  count: number;
  offset: number;
  total: number;
  success: true;
}

/** A LivechatDepartmentAgents row, as the department's agents and `includeAgents=true` answer it. */
export interface MembershipRow {
  _id: string;
  agentId: string;
  departmentId: string;
  departmentEnabled: boolean;
  username: string;
  count: number;
  order: number;
  _updatedAt: string;
}

export interface DepartmentAgentsBody {
  agents: MembershipRow[];
  count: number;
  offset: number;
  total: number;
  success: true;
}

/** One of an agent's memberships, as `GET livechat/agents/:agentId/departments` answers it. */
export interface AgentDepartmentRow {
  _id: string;
  agentId: string;
  departmentId: string;
  departmentName: string;
  username: string;
  count: number;
  order: number;
  departmentEnabled: boolean;
}

/** `GET /api/v1/livechat/department?query`; fails the test unless it answers 200. */
export async function listDepartments(api: RawRocketChat, query: Record<string, string> = {}, auth?: Credentials): Promise<DepartmentListBody> {
  const answer = await api.call<DepartmentListBody>('GET', `${DEPARTMENT_PATH}${queryString(query)}`, auth ? { auth } : {});
  if (answer.status !== 200) throw new Error(`list departments answered ${answer.status}: ${answer.text}`);
  return answer.body;
}

/** Every department the query matches, 100 at a time in name-then-id order. */
export async function listAllDepartments(api: RawRocketChat, query: Record<string, string> = {}): Promise<DepartmentItem[]> {
  const departments: DepartmentItem[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await listDepartments(api, { ...query, sort: '{"name":1,"_id":1}', count: '100', offset: String(offset) });
    departments.push(...page.departments);
    if (page.departments.length === 0 || departments.length >= page.total) return departments;
  }
}

/** A department id no department has. */
export function unknownDepartmentId(): string {
  return `contract0dept${Math.random().toString(36).slice(2, 10)}`;
}
