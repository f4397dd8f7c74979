import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { FaultInjector, serveWithFaults, type FaultSpec } from '../faults.js';
import { RequestLog, closeServer, listen, readBody, type RawTarget, type SimResponse } from '../http-kit.js';
import type { WebhookSender } from '../webhook-sender.js';
import { availabilityRoutes } from './availability-routes.js';
import { departmentRoutes } from './departments-routes.js';
import type { LivechatSessions } from './livechat-sessions.js';
import { simulateLivechat, type RocketChatWebhookOptions } from './livechat-webhook.js';
import { RouteTable, type RocketChatVersion } from './route-table.js';
import { livechatUserRoutes } from './routes.js';
import { SERVICE_ACCOUNT_USERNAME, seedRocketChat } from './seed.js';
import { RocketChatState, type RocketChatData, type SimUser } from './state.js';
import { userRoutes } from './users-routes.js';

export type { RocketChatWebhookOptions } from './livechat-webhook.js';

export interface RocketChatSimulatorOptions {
  port?: number;
  host?: string;
  data?: RocketChatData;
  /** Token of the seeded service account; random when omitted, so no credential is hard-coded. */
  serviceToken?: string;
  /** Rocket.Chat's default: 10 calls per 60 s per route, method and client IP, for users without a bypass role. */
  rateLimit?: { limit: number; windowMs: number };
  /** Faults in place from the start (see ../faults.ts). */
  faults?: FaultSpec[];
  /** Answer like a current (8.x, the default) or a 7.x server: the older line's error bodies differ. */
  version?: RocketChatVersion;
  /**
   * The server's `Omnichannel_enable_department_removal` setting (off by default, as on a fresh server):
   * whether `DELETE livechat/department/:_id` removes a department. Overrides the data's own flag; the
   * state's `setDepartmentRemovalEnabled` changes it later.
   */
  departmentRemovalEnabled?: boolean;
  /** Source of the order in which users tied on every sort key come back (Math.random by default). */
  random?: () => number;
  now?: () => number;
  /**
   * Where the Omnichannel webhook events of the simulated Livechat sessions go (livechat-webhook.ts);
   * without it they are dropped and logged `no-receiver`. Sessions are driven through `/__livechat`.
   */
  webhook?: RocketChatWebhookOptions;
}

export interface RocketChatSimulator {
  url: string;
  state: RocketChatState;
  /** Every API request received, for tests that count upstream calls. */
  log: RequestLog;
  /** Per-route faults (../faults.ts); a `status` fault answers with Rocket.Chat's `{ success: false, error }`. */
  faults: FaultInjector;
  /** The seeded service account (roles admin, livechat-manager and bot) the gateway authenticates as. */
  serviceAccount: { userId: string; authToken: string };
  /** A new personal access token for any seeded user (e.g. one without permissions, or without `bot`). */
  issueToken(userId: string): string;
  /** Simulated Livechat sessions (livechat-sessions.ts), also driven through the `/__livechat` admin routes. */
  livechat: LivechatSessions;
  /** The Omnichannel webhook's sender: its delivery log and `idle()`. Closed by `close()`. */
  webhook: WebhookSender;
  close(): Promise<void>;
}

/** Every route the simulator answers; each gets authentication, the rate limiter, faults and the request log. */
const ROUTES = new RouteTable([...livechatUserRoutes, ...departmentRoutes, ...availabilityRoutes, ...userRoutes]);
const NOT_FOUND: SimResponse = { status: 404, body: { success: false, error: 'Not found' } };
const BODY_LIMIT_BYTES = 1024 * 1024;
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
  const now = options.now ?? Date.now;
  const state = new RocketChatState(options.data ?? seedRocketChat(), now);
  if (options.departmentRemovalEnabled !== undefined) state.setDepartmentRemovalEnabled(options.departmentRemovalEnabled);
  const log = new RequestLog();
  const rateLimit = options.rateLimit ?? { limit: 10, windowMs: 60_000 };
  const windows = new Map<string, { used: number; resetAt: number }>();
  const faults = new FaultInjector();
  for (const spec of options.faults ?? []) faults.add(spec);
  const version = options.version ?? '8.x';
  const random = options.random ?? Math.random;
  const shuffleTies = <T>(items: T[]) => shuffle(items, random);

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
    const method = req.method ?? 'GET';
    const match = ROUTES.match(method, target.path);
    if (match.kind === 'none') return NOT_FOUND;
    const caller = state.authenticate(header(req, 'x-user-id'), header(req, 'x-auth-token'));
    if (!caller) return UNAUTHORIZED;
    if (match.kind === 'malformed') return { status: 400, body: { success: false, error: 'Malformed path' } };

    const pattern = match.kind === 'route' ? match.route.pattern : match.pattern;
    const limit = rateLimitHeaders(caller, `${method} ${pattern}|${req.socket.remoteAddress ?? ''}`);
    if (limit.limited) {
      const seconds = Math.ceil((Number(limit.headers['x-ratelimit-reset']) - now()) / 1000);
      return { status: 429, headers: limit.headers, body: rocketChatFailureBody(429, seconds) };
    }
    const answer =
      match.kind === 'method'
        ? NOT_FOUND
        : await match.route.handle({
            state,
            caller,
            params: match.params,
            query: target.query,
            version,
            shuffle: shuffleTies,
            json: () => readJson(req),
            req,
          });
    return { ...answer, headers: { ...limit.headers, ...answer.headers } };
  }

  // Rocket.Chat's limiter says when to come back in X-RateLimit-Reset (epoch ms), never in Retry-After.
  const waitHeaders = (seconds: number) => ({
    'x-ratelimit-limit': String(rateLimit.limit),
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': String(now() + seconds * 1000),
  });
  const api = serveWithFaults({ faults, log, now, failureBody: rocketChatFailureBody, waitHeaders, handle });
  const livechat = simulateLivechat(state, now, options.webhook);
  const server = createServer((req, res) => {
    if (!livechat.serveAdmin(req, res)) api(req, res);
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
    faults,
    livechat: livechat.sessions,
    webhook: livechat.webhook,
    close: () => {
      livechat.webhook.close();
      return closeServer(server);
    },
  };
}

/**
 * Rocket.Chat's `{ success: false, error }` for a status: the rate limiter's text for 429 (its window is
 * a minute unless told), the body parser's for 413, the API's generic texts otherwise.
 */
function rocketChatFailureBody(status: number, retryAfterSeconds?: number): unknown {
  if (status === 401) return UNAUTHORIZED.body;
  if (status === 429) {
    const seconds = retryAfterSeconds ?? 60;
    return {
      success: false,
      error: `Error, too many requests. Please slow down. You must wait ${seconds} seconds before trying this endpoint again. [error-too-many-requests]`,
    };
  }
  const texts: Record<number, string> = {
    400: 'Bad request',
    403: 'User does not have the permissions required for this action [error-unauthorized]',
    404: 'Not found',
    413: 'request entity too large',
  };
  return { success: false, error: texts[status] ?? 'Internal server error' };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The body as JSON, an empty one as `{}`; the server's body parser refuses one that is not JSON. */
async function readJson(req: IncomingMessage): Promise<{ value: unknown } | SimResponse> {
  const raw = await readBody(req, BODY_LIMIT_BYTES);
  try {
    return { value: raw === '' ? {} : JSON.parse(raw) };
  } catch {
    return { status: 400, body: { success: false, error: 'Unexpected token in JSON body' } };
  }
}

/** Fisher–Yates, in place. */
function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}
