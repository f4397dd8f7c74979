/**
 * The benchmark's baseline: a minimal hand-written proxy with no GraphQL, our physical limit. It
 * accepts the same `POST /graphql` bodies as the gateway, routes on `operationName`, makes the same
 * upstream calls with undici (one keep-alive pool per platform, as large as the gateway's; the calls are
 * platform-calls.ts, shared with the plain Apollo Server of apollo-plain.ts) and answers the same JSON,
 * mapping only the fields each scenario asks for. Nothing else: no validation of upstream bodies, no
 * retries, breaker, deadline, logging or metrics. Run as a child of run.ts:
 *
 *   PORT=… HOST=127.0.0.1 ROCKETCHAT_URL=… ROCKETCHAT_USER_ID=… ROCKETCHAT_AUTH_TOKEN=… JELOU_URL=…
 *   JELOU_CLIENT_ID=… JELOU_CLIENT_SECRET=… IMI_URL=… IMI_ACCESS_TOKEN=… IMI_TEAM_ID=… node baseline.js
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  IMI_PAGE_SIZE,
  careDisplayName,
  chatLimit,
  createPlatformCalls,
  cursor,
  displayName,
  imiTime,
  livechatStatus,
  roleType,
  status,
  text,
  type Json,
  type RocketChatUser,
  widgetUserPayload,
} from './platform-calls.js';

const env = process.env;
const { listAgents, getAgent, createWidgetUser, searchCareUsers, getCareUser } = createPlatformCalls(env);

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
    const users = new Map<string, RocketChatUser | null>(await Promise.all(distinct.map(async (id) => [id, await getAgent('agent', id)] as const)));
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
    return { createWidgetUser: widgetUserPayload(await createWidgetUser(variables.input as { id: string; names: string; legalId?: string })) };
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
        roleType: roleType(careUser),
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

const server = createServer((req, res) => {
  handle(req, res).catch(() => (res.headersSent ? res.destroy() : send(res, 500, { errors: [{ message: 'baseline failed' }] })));
});
server.listen(Number(env.PORT ?? 0), env.HOST ?? '127.0.0.1');
// Forked by the runner: exit with it. A clean exit on SIGTERM lets `--cpu-prof` write its profile.
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
