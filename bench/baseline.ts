/**
 * The benchmark's baseline: a minimal hand-written proxy with no GraphQL, our physical limit. It
 * accepts the same `POST /graphql` bodies as the gateway, routes on `operationName`, makes the same
 * upstream calls with undici (one keep-alive pool per platform, as large as the gateway's) and answers
 * the same JSON, mapping only the fields each scenario asks for. Nothing else: no validation of
 * upstream bodies, no retries, breaker, deadline, logging or metrics. Run as a child of run.ts:
 *
 *   PORT=… HOST=127.0.0.1 ROCKETCHAT_URL=… ROCKETCHAT_USER_ID=… ROCKETCHAT_AUTH_TOKEN=… JELOU_URL=…
 *   JELOU_CLIENT_ID=… JELOU_CLIENT_SECRET=… IMI_URL=… IMI_ACCESS_TOKEN=… IMI_TEAM_ID=… node baseline.js
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Pool } from 'undici';

type Json = Record<string, unknown>;

const env = process.env;
const CONNECTIONS = Number(env.BENCH_UPSTREAM_CONNECTIONS ?? 32);
const pool = (url: string) => new Pool(new URL(url).origin, { connections: CONNECTIONS, keepAliveTimeout: 10_000 });
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

class UpstreamFailure extends Error {}

/** One upstream call; anything but a 200 fails the whole answer (the baseline has no partial results). */
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

// ── Rocket.Chat ─────────────────────────────────────────────────────────────────────────────────────

interface RocketChatUser {
  _id: string;
  username?: string | null;
  name?: string | null;
  status?: string | null;
  statusLivechat?: string | null;
  livechat?: { maxNumberSimultaneousChat?: number | string | null } | null;
  departments?: string[] | null;
}
interface RocketChatPage {
  users: RocketChatUser[];
  offset: number;
  total: number;
}

const STATUS: Record<string, string> = { online: 'ONLINE', away: 'AWAY', busy: 'BUSY', offline: 'OFFLINE' };
const LIVECHAT_STATUS: Record<string, string> = { available: 'AVAILABLE', 'not-available': 'NOT_AVAILABLE' };

async function listAgents(type: 'agent' | 'manager', count: number): Promise<RocketChatPage> {
  return (await call(rocketchat, 'GET', `/api/v1/livechat/users/${type}?count=${count}&offset=0`, rocketchatHeaders)) as unknown as RocketChatPage;
}

async function getAgent(id: string): Promise<RocketChatUser | null> {
  const body = await call(rocketchat, 'GET', `/api/v1/livechat/users/agent/${encodeURIComponent(id)}`, rocketchatHeaders);
  return (body.user as RocketChatUser | null) ?? null;
}

function chatLimit(limit: number | string | null | undefined): number | null {
  const value = typeof limit === 'number' ? limit : typeof limit === 'string' && /^\s*\d+\s*$/.test(limit) ? Number(limit) : NaN;
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

const text = (value: string | null | undefined) => (value ? value : null);
const displayName = (user: RocketChatUser) => text(user.name) ?? text(user.username);
const status = (user: RocketChatUser) => (user.status && STATUS[user.status]) || null;
const livechatStatus = (user: RocketChatUser) => (user.statusLivechat && LIVECHAT_STATUS[user.statusLivechat]) || null;
const cursor = (type: string, position: number) => Buffer.from(`${type}:${position}`).toString('base64url');

// ── IMI ─────────────────────────────────────────────────────────────────────────────────────────────

interface ImiUser {
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

const IMI_PAGE_SIZE = 10;
const ROLE_TYPE: Record<string, string> = { 'customer care': 'CUSTOMER_CARE', administrative: 'ADMINISTRATIVE' };

async function searchCareUsers(status: string, page: number): Promise<ImiUser[]> {
  const body = await call(imi, 'POST', `/v3.1/users/search?page=${page}`, imiHeaders, { filters: { status: { eq: status } } });
  // IMI's documented Users List object, `{ users: [...] }`; older deployments answered the bare array (as the gateway reads both).
  const response = body.response as { users?: ImiUser[] | null } | ImiUser[] | null;
  return (Array.isArray(response) ? response : response?.users) ?? [];
}

async function getCareUser(id: string): Promise<ImiUser | null> {
  const answer = await imi.request({ method: 'GET', path: `/v3.1/users/${encodeURIComponent(id)}`, headers: imiHeaders });
  const body = (await answer.body.json()) as Json;
  if (answer.statusCode === 404) return null;
  if (answer.statusCode !== 200) throw new UpstreamFailure(`GET /v3.1/users/:id answered ${answer.statusCode}`);
  return body.response as ImiUser;
}

const careDisplayName = (user: ImiUser) => [user.first_name, user.last_name].filter(Boolean).join(' ') || text(user.login_id);
/** IMI's `YYYY-MM-DD HH:mm:ss` (UTC) as ISO 8601. */
const imiTime = (value: string | null | undefined) => (value ? new Date(`${value.replace(' ', 'T')}Z`).toISOString() : null);

// ── Operations ──────────────────────────────────────────────────────────────────────────────────────

const operations: Record<string, (variables: Json) => Promise<Json>> = {
  async AgentsPage(variables) {
    const first = Number(variables.first ?? 50);
    const page = await listAgents('agent', Math.max(first, 1));
    const nodes = first === 0 ? [] : page.users;
    return {
      agents: {
        totalCount: page.total,
        pageInfo: {
          hasNextPage: page.offset + nodes.length < page.total,
          endCursor: nodes.length > 0 ? cursor('AGENT', page.offset + nodes.length - 1) : null,
        },
        nodes: nodes.map((user) => ({
          id: user._id,
          platform: 'ROCKETCHAT',
          displayName: displayName(user),
          username: text(user.username),
          name: text(user.name),
          status: status(user),
          livechatStatus: livechatStatus(user),
          maxSimultaneousChats: chatLimit(user.livechat?.maxNumberSimultaneousChat),
          departmentIds: user.departments ?? null,
        })),
      },
    };
  },

  async AgentLookups(variables) {
    const ids: string[] = [];
    for (let i = 0; typeof variables[`id${i}`] === 'string'; i += 1) ids.push(variables[`id${i}`] as string);
    // Each distinct id once, in parallel (Rocket.Chat has no batch lookup).
    const distinct = [...new Set(ids)];
    const users = new Map(await Promise.all(distinct.map(async (id) => [id, await getAgent(id)] as const)));
    const data: Json = {};
    ids.forEach((id, i) => {
      const user = users.get(id);
      data[`a${i}`] = user
        ? { id: user._id, username: text(user.username), name: text(user.name), status: status(user), livechatStatus: livechatStatus(user) }
        : null;
    });
    return data;
  },

  async CreateWidgetUser(variables) {
    const input = variables.input as { id: string; names: string; legalId?: string };
    const user = { id: input.id, names: input.names.trim(), ...(input.legalId !== undefined && { legalId: input.legalId }) };
    const body = await call(jelou, 'POST', '/v1/widget/user', jelouHeaders, { user });
    const data = body.data as { User: Json; Room: Json | null; groupRoom: Json | null };
    const created = data.User;
    return {
      createWidgetUser: {
        user: {
          id: created.referenceId ?? created.id,
          platform: 'JELOU',
          displayName: created.names ?? null,
          names: created.names ?? null,
          botId: created.botId ?? null,
          companyId: created.companyId === undefined || created.companyId === null ? null : String(created.companyId),
          createdAt: typeof created.createdAt === 'string' ? new Date(created.createdAt).toISOString() : null,
        },
        room: data.Room && { id: data.Room.id, name: data.Room.name ?? null, channel: data.Room.channel ?? null, members: data.Room.members ?? [] },
        groupRoom: data.groupRoom && { id: data.groupRoom.id },
        userErrors: [],
      },
    };
  },

  async MixedRead(variables) {
    const careStatus = String(variables.careStatus).toLowerCase();
    const careUsersWithNext = async () => {
      const users = await searchCareUsers(careStatus, 1);
      // IMI reports no totals: a full page needs a look at the next one.
      const hasNextPage = users.length < IMI_PAGE_SIZE ? false : (await searchCareUsers(careStatus, 2)).length > 0;
      return { users, hasNextPage };
    };
    const [agents, managers, care, careUser] = await Promise.all([
      listAgents('agent', Number(variables.agentsFirst)),
      listAgents('manager', Number(variables.managersFirst)),
      careUsersWithNext(),
      getCareUser(String(variables.careUserId)),
    ]);
    return {
      agents: {
        totalCount: agents.total,
        nodes: agents.users.map((user) => ({ id: user._id, displayName: displayName(user), status: status(user), livechatStatus: livechatStatus(user) })),
      },
      managers: { nodes: managers.users.map((user) => ({ id: user._id, displayName: displayName(user) })) },
      customerCareUsers: {
        users: care.users.map((user) => ({
          id: String(user.id),
          displayName: careDisplayName(user),
          status: user.status ? user.status.toUpperCase() : null,
          acceptingChats: user.accepting_chats ?? null,
          activeChats: user.active_chats ?? null,
          createdAt: imiTime(user.created_at),
        })),
        hasNextPage: care.hasNextPage,
      },
      customerCareUser: careUser && {
        id: String(careUser.id),
        displayName: careDisplayName(careUser),
        email: text(careUser.email_id),
        loggedIn: careUser.logged_in ?? null,
        roleType: (careUser.role_type && ROLE_TYPE[careUser.role_type.toLowerCase()]) || null,
      },
    };
  },
};

// ── HTTP ────────────────────────────────────────────────────────────────────────────────────────────

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.url === '/healthz') return send(res, 200, { status: 'ok' });
  if (req.method !== 'POST' || req.url !== '/graphql') return send(res, 404, { errors: [{ message: 'POST /graphql only' }] });
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { operationName?: string; variables?: Json };
  const operation = operations[request.operationName ?? ''];
  if (!operation) return send(res, 400, { errors: [{ message: `unknown operation ${request.operationName}` }] });
  try {
    send(res, 200, { data: await operation(request.variables ?? {}) });
  } catch (error) {
    send(res, 502, { errors: [{ message: error instanceof Error ? error.message : String(error) }] });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

function required(name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const server = createServer((req, res) => {
  handle(req, res).catch(() => (res.headersSent ? res.destroy() : send(res, 500, { errors: [{ message: 'baseline failed' }] })));
});
server.listen(Number(env.PORT ?? 0), env.HOST ?? '127.0.0.1');
// Forked by the runner: exit with it. A clean exit on SIGTERM lets `--cpu-prof` write its profile.
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
