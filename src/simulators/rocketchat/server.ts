import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { BodyTooLargeError, RequestLog, closeServer, listen, readBody, sendJson, type SimResponse } from '../http-kit.js';
import { addUser, getUser, listUsers, removeUser, routeForbidden } from './routes.js';
import { SERVICE_ACCOUNT_USERNAME, seedRocketChat } from './seed.js';
import { RocketChatState, type RocketChatData, type SimUser } from './state.js';

export interface RocketChatSimulatorOptions {
  port?: number;
  host?: string;
  data?: RocketChatData;
  /** Token of the seeded service account; random when omitted, so no credential is hard-coded. */
  serviceToken?: string;
  /** Rocket.Chat's default: 10 calls per 60 s per route, method and client IP, for users without a bypass role. */
  rateLimit?: { limit: number; windowMs: number };
  now?: () => number;
}

export interface RocketChatSimulator {
  url: string;
  state: RocketChatState;
  /** Every API request received, for tests that count upstream calls. */
  log: RequestLog;
  /** The seeded service account (roles livechat-manager and bot) the gateway authenticates as. */
  serviceAccount: { userId: string; authToken: string };
  /** A new personal access token for any seeded user (e.g. one without permissions, or without `bot`). */
  issueToken(userId: string): string;
  close(): Promise<void>;
}

const USERS_ROUTE = /^\/api\/v1\/livechat\/users\/([^/]+)(?:\/([^/]+))?$/;
const UNAUTHORIZED: SimResponse = {
  status: 401,
  body: {
    success: false,
    error: 'You must be logged in to do this.',
    status: 'error',
    message: 'You must be logged in to do this.',
  },
};

/** Starts a Rocket.Chat simulator on loopback (port 0 by default). */
export async function startRocketChatSimulator(options: RocketChatSimulatorOptions = {}): Promise<RocketChatSimulator> {
  const state = new RocketChatState(options.data ?? seedRocketChat());
  const log = new RequestLog();
  const now = options.now ?? Date.now;
  const rateLimit = options.rateLimit ?? { limit: 10, windowMs: 60_000 };
  const windows = new Map<string, { used: number; resetAt: number }>();

  const service = state.userByUsername(SERVICE_ACCOUNT_USERNAME);
  if (!service) throw new Error(`the seed must contain the service account ${SERVICE_ACCOUNT_USERNAME}`);
  const serviceAccount = { userId: service._id, authToken: options.serviceToken ?? newToken() };
  state.issueToken(serviceAccount.userId, serviceAccount.authToken);

  /** Rocket.Chat's rate limiter: counts per route, method and client IP; bypass roles are not counted. */
  function rateLimitHeaders(caller: SimUser, key: string): { limited: boolean; headers: Record<string, string> } {
    if (state.hasPermission(caller, 'api-bypass-rate-limit')) return { limited: false, headers: {} };
    const at = now();
    let window = windows.get(key);
    if (!window || window.resetAt <= at) {
      window = { used: 0, resetAt: at + rateLimit.windowMs };
      windows.set(key, window);
    }
    window.used += 1;
    const headers = {
      'x-ratelimit-limit': String(rateLimit.limit),
      'x-ratelimit-remaining': String(Math.max(0, rateLimit.limit - window.used)),
      'x-ratelimit-reset': String(window.resetAt),
    };
    return { limited: window.used > rateLimit.limit, headers };
  }

  async function handle(req: IncomingMessage, target: RawTarget): Promise<SimResponse> {
    const match = USERS_ROUTE.exec(target.path);
    const method = req.method ?? 'GET';
    if (!match) return { status: 404, body: { success: false, error: 'Not found' } };
    const caller = state.authenticate(header(req, 'x-user-id'), header(req, 'x-auth-token'));
    if (!caller) return UNAUTHORIZED;

    const [type, id] = [decode(match[1] as string), match[2] === undefined ? undefined : decode(match[2])];
    if (type === undefined || (match[2] !== undefined && id === undefined)) {
      return { status: 400, body: { success: false, error: 'Malformed path' } };
    }
    const route = `${method} /api/v1/livechat/users/:type${id === undefined ? '' : '/:_id'}`;
    const limit = rateLimitHeaders(caller, `${route}|${req.socket.remoteAddress ?? ''}`);
    if (limit.limited) {
      const seconds = Math.ceil((Number(limit.headers['x-ratelimit-reset']) - now()) / 1000);
      return {
        status: 429,
        headers: limit.headers,
        body: {
          success: false,
          error: `Error, too many requests. Please slow down. You must wait ${seconds} seconds before trying this endpoint again. [error-too-many-requests]`,
        },
      };
    }
    const answer = await dispatch(req, method, caller, type, id, target.query);
    return { ...answer, headers: { ...limit.headers, ...answer.headers } };
  }

  async function dispatch(
    req: IncomingMessage,
    method: string,
    caller: SimUser,
    type: string,
    id: string | undefined,
    query: URLSearchParams,
  ): Promise<SimResponse> {
    if (id === undefined && method === 'GET') return listUsers(state, caller, type, query);
    const known = id === undefined ? method === 'POST' : method === 'GET' || method === 'DELETE';
    if (!known) return { status: 404, body: { success: false, error: 'Not found' } };
    if (!state.hasPermission(caller, 'view-livechat-manager')) return routeForbidden();
    if (id === undefined) return addUser(state, type, await readBody(req, 1024 * 1024));
    return method === 'GET' ? getUser(state, type, id) : removeUser(state, type, id);
  }

  const server = createServer((req, res: ServerResponse) => {
    const target = rawTarget(req.url ?? '/');
    handle(req, target)
      .catch((error: unknown): SimResponse =>
        error instanceof BodyTooLargeError
          ? { status: 413, body: { success: false, error: 'request entity too large' } }
          : { status: 500, body: { success: false, error: 'Internal server error' } },
      )
      .then((answer) => {
        log.record({ method: req.method ?? 'GET', path: target.path, query: target.query, status: answer.status, at: now() });
        sendJson(res, { ...answer, headers: { 'cache-control': 'no-store', ...answer.headers } });
      })
      .catch(() => res.destroy());
  });

  const baseUrl = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  return {
    url: baseUrl,
    state,
    log,
    serviceAccount,
    issueToken(userId: string) {
      const token = newToken();
      state.issueToken(userId, token);
      return token;
    },
    close: () => closeServer(server),
  };
}

interface RawTarget {
  path: string;
  query: URLSearchParams;
}

/**
 * The request target as received. Not parsed with `new URL`, which would resolve `%2E%2E` segments:
 * Rocket.Chat's router matches the raw path and decodes each parameter on its own.
 */
function rawTarget(url: string): RawTarget {
  const queryAt = url.indexOf('?');
  return queryAt === -1
    ? { path: url, query: new URLSearchParams() }
    : { path: url.slice(0, queryAt), query: new URLSearchParams(url.slice(queryAt + 1)) };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}
