/**
 * The upstream calls of the benchmark's two reference processes, the hand-written proxy (baseline.ts)
 * and the plain Apollo Server (apollo-plain.ts): one undici `Pool` per platform (as many sockets as the
 * gateway's), the requests the gateway makes for the scenarios, and the few mappings from platform
 * values to the schema's (enum names, display names, cursors, timestamps). Nothing else: no validation
 * of upstream bodies, no retries, breaker, deadline, logs or metrics. Both processes calling through this
 * one module is what makes their upstream traffic the same.
 */
import { Pool } from 'undici';

export type Json = Record<string, unknown>;

export class UpstreamFailure extends Error {}

// ── Rocket.Chat ─────────────────────────────────────────────────────────────────────────────────────

export interface RocketChatUser {
  _id: string;
  username?: string | null;
  name?: string | null;
  status?: string | null;
  statusLivechat?: string | null;
  livechat?: { maxNumberSimultaneousChat?: number | string | null } | null;
  departments?: string[] | null;
}

export interface RocketChatPage {
  users: RocketChatUser[];
  offset: number;
  total: number;
}

const STATUS: Record<string, string> = { online: 'ONLINE', away: 'AWAY', busy: 'BUSY', offline: 'OFFLINE' };
const LIVECHAT_STATUS: Record<string, string> = { available: 'AVAILABLE', 'not-available': 'NOT_AVAILABLE' };

export function chatLimit(limit: number | string | null | undefined): number | null {
  const value = typeof limit === 'number' ? limit : typeof limit === 'string' && /^\s*\d+\s*$/.test(limit) ? Number(limit) : NaN;
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

export const text = (value: string | null | undefined) => (value ? value : null);
export const displayName = (user: RocketChatUser) => text(user.name) ?? text(user.username);
export const status = (user: RocketChatUser) => (user.status && STATUS[user.status]) || null;
export const livechatStatus = (user: RocketChatUser) => (user.statusLivechat && LIVECHAT_STATUS[user.statusLivechat]) || null;
/** The gateway's opaque cursor: base64url of `<TYPE>:<position>`. */
export const cursor = (type: string, position: number) => Buffer.from(`${type}:${position}`).toString('base64url');

// ── Jelou ───────────────────────────────────────────────────────────────────────────────────────────

export interface WidgetUserInput {
  id: string;
  names: string;
  legalId?: string;
}

/** Jelou's get-or-create answer (`data`). */
export interface JelouWidgetUser {
  User: Json;
  Room: Json | null;
  groupRoom: Json | null;
}

/** createWidgetUser's payload, mapped as the gateway maps Jelou's answer (the same JSON in every process). */
export function widgetUserPayload(data: JelouWidgetUser) {
  const created = data.User as Json & { referenceId?: string; id?: string; names?: string; botId?: string; companyId?: unknown; createdAt?: unknown };
  const room = data.Room as (Json & { id: string; name?: string; channel?: string; members?: unknown[] }) | null;
  const groupRoom = data.groupRoom as (Json & { id: string }) | null;
  return {
    user: {
      id: created.referenceId ?? created.id,
      platform: 'JELOU',
      displayName: created.names ?? null,
      names: created.names ?? null,
      botId: created.botId ?? null,
      companyId: created.companyId === undefined || created.companyId === null ? null : String(created.companyId),
      createdAt: typeof created.createdAt === 'string' ? new Date(created.createdAt).toISOString() : null,
    },
    room: room && { id: room.id, name: room.name ?? null, channel: room.channel ?? null, members: room.members ?? [] },
    groupRoom: groupRoom && { id: groupRoom.id },
    userErrors: [],
  };
}

// ── IMI ─────────────────────────────────────────────────────────────────────────────────────────────

export interface ImiUser {
  id: number | string;
  first_name?: string | null;
  last_name?: string | null;
  login_id?: string | null;
  email_id?: string | null;
  status?: string | null;
  accepting_chats?: boolean | null;
  active_chats?: number | null;
  created_at?: string | null;
  logged_in?: boolean | null;
  role_type?: string | null;
}

export const IMI_PAGE_SIZE = 10;
const ROLE_TYPE: Record<string, string> = { 'customer care': 'CUSTOMER_CARE', administrative: 'ADMINISTRATIVE' };

export const careDisplayName = (user: ImiUser) => [user.first_name, user.last_name].filter(Boolean).join(' ') || text(user.login_id);
/** IMI's `YYYY-MM-DD HH:mm:ss` (UTC) as ISO 8601. */
export const imiTime = (value: string | null | undefined) => (value ? new Date(`${value.replace(' ', 'T')}Z`).toISOString() : null);
export const roleType = (user: ImiUser) => (user.role_type && ROLE_TYPE[user.role_type.toLowerCase()]) || null;

// ── The calls ───────────────────────────────────────────────────────────────────────────────────────

export interface PlatformCalls {
  /** A page of Livechat users of one role (`agent` or `manager`), from offset 0. */
  listAgents(type: 'agent' | 'manager', count: number): Promise<RocketChatPage>;
  /** One Livechat user of a role, or null. */
  getAgent(type: 'agent' | 'manager', id: string): Promise<RocketChatUser | null>;
  /** Jelou's get-or-create of a widget user. */
  createWidgetUser(input: WidgetUserInput): Promise<JelouWidgetUser>;
  /** One page of IMI users with this (lower-case) status. */
  searchCareUsers(status: string, page: number): Promise<ImiUser[]>;
  /** One IMI user, or null. */
  getCareUser(id: string): Promise<ImiUser | null>;
}

/**
 * The calls, over one keep-alive pool per platform, from the variables the runner gives both reference
 * processes (the gateway's own names: ROCKETCHAT_URL … IMI_TEAM_ID, and BENCH_UPSTREAM_CONNECTIONS).
 */
export function createPlatformCalls(env: NodeJS.ProcessEnv): PlatformCalls {
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`${name} is required`);
    return value;
  };
  const connections = Number(env.BENCH_UPSTREAM_CONNECTIONS ?? 32);
  const pool = (url: string) => new Pool(new URL(url).origin, { connections, keepAliveTimeout: 10_000 });
  const rocketchat = pool(required('ROCKETCHAT_URL'));
  const jelou = pool(required('JELOU_URL'));
  const imi = pool(required('IMI_URL'));
  const rocketchatHeaders = {
    accept: 'application/json',
    'x-user-id': required('ROCKETCHAT_USER_ID'),
    'x-auth-token': required('ROCKETCHAT_AUTH_TOKEN'),
  };
  const jelouHeaders = {
    accept: 'application/json',
    'content-type': 'application/json',
    authorization: `Basic ${Buffer.from(`${required('JELOU_CLIENT_ID')}:${required('JELOU_CLIENT_SECRET')}`).toString('base64')}`,
  };
  const imiHeaders = { accept: 'application/json', access_token: required('IMI_ACCESS_TOKEN'), teamid: required('IMI_TEAM_ID') };

  /** One upstream call; anything but a 200 fails (neither reference process has partial results). */
  async function call(target: Pool, method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: unknown): Promise<Json> {
    const answer = await target.request({
      method,
      path,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const json = (await answer.body.json()) as Json;
    if (answer.statusCode !== 200) throw new UpstreamFailure(`${method} ${path} answered ${answer.statusCode}`);
    return json;
  }

  return {
    async listAgents(type, count) {
      return (await call(rocketchat, 'GET', `/api/v1/livechat/users/${type}?count=${count}&offset=0`, rocketchatHeaders)) as unknown as RocketChatPage;
    },
    async getAgent(type, id) {
      const body = await call(rocketchat, 'GET', `/api/v1/livechat/users/${type}/${encodeURIComponent(id)}`, rocketchatHeaders);
      return (body.user as RocketChatUser | null) ?? null;
    },
    async createWidgetUser(input) {
      const user = { id: input.id, names: input.names.trim(), ...(input.legalId !== undefined && { legalId: input.legalId }) };
      const body = await call(jelou, 'POST', '/v1/widget/user', jelouHeaders, { user });
      return body.data as JelouWidgetUser;
    },
    async searchCareUsers(status, page) {
      const body = await call(imi, 'POST', `/v3.1/users/search?page=${page}`, imiHeaders, { filters: { status: { eq: status } } });
      // IMI's documented Users List object, `{ users: [...] }`; older deployments answered the bare array (as the gateway reads both).
      const response = body.response as { users?: ImiUser[] | null } | ImiUser[] | null;
      return (Array.isArray(response) ? response : response?.users) ?? [];
    },
    async getCareUser(id) {
      const answer = await imi.request({ method: 'GET', path: `/v3.1/users/${encodeURIComponent(id)}`, headers: imiHeaders });
      const body = (await answer.body.json()) as Json;
      if (answer.statusCode === 404) return null;
      if (answer.statusCode !== 200) throw new UpstreamFailure(`GET /v3.1/users/:id answered ${answer.statusCode}`);
      return body.response as ImiUser;
    },
  };
}
