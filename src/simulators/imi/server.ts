import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { ImiHeaderNames } from '../../providers/imi/client.js';
import { BodyTooLargeError, RequestLog, closeServer, listen, readBody, sendJson, type SimResponse } from '../http-kit.js';
import { createUser, envelope, getUser, searchUsers } from './routes.js';
import { DEFAULT_TEAM_ID, seedImi } from './seed.js';
import { ImiState, type ImiData } from './state.js';

export interface ImiSimulatorOptions {
  port?: number;
  host?: string;
  data?: ImiData;
  /** Credentials for `/v3.1/authorize`; random when omitted, so none is hard-coded. */
  apiKey?: string;
  domain?: string;
  /** A pre-issued token (an operator's static `IMI_ACCESS_TOKEN`); it lasts until `expireTokens()`. */
  accessToken?: string;
  /** The team the gateway uses; added to the teams if the seed lacks it. */
  teamId?: string;
  /** Lifetime of minted tokens; IMI does not publish it (unverified), one hour by default. */
  tokenTtlMs?: number;
  /** Calls allowed per UTC day, counted over every request. */
  dailyQuota?: number;
  headerNames?: Partial<ImiHeaderNames>;
  now?: () => number;
}

/** Fault injection: the next matching request(s) are answered (or not) as the fault says. */
export interface ImiFault {
  method?: string;
  pathPrefix?: string;
  /** How many matching requests it affects; 1 by default. */
  times?: number;
  /** `drop`: the request is carried out, then the connection is cut with no answer. `hang`: never answers. */
  effect: 'drop' | 'hang' | SimResponse;
}

export interface ImiSimulator {
  url: string;
  apiKey: string;
  domain: string;
  accessToken: string;
  teamId: string;
  state: ImiState;
  /** Every request received (authorize calls included), for tests that count upstream calls. */
  log: RequestLog;
  /** Expires every token issued so far; later calls with them get 2004. */
  expireTokens(): void;
  injectFault(fault: ImiFault): void;
  close(): Promise<void>;
}

const USER_ROUTE = /^\/v3\.1\/users\/([^/]+)$/;
type Route = { name: 'authorize' | 'users' | 'search'; method: string } | { name: 'user'; method: string; id: string };

/** Starts an IMI (Webex Engage) simulator on loopback (port 0 by default). */
export async function startImiSimulator(options: ImiSimulatorOptions = {}): Promise<ImiSimulator> {
  const now = options.now ?? Date.now;
  const state = new ImiState(options.data ?? seedImi());
  const log = new RequestLog();
  const faults: Array<ImiFault & { left: number }> = [];
  const apiKey = options.apiKey ?? randomBytes(16).toString('hex');
  const domain = options.domain ?? `tenant-${randomBytes(4).toString('hex')}`;
  const accessToken = options.accessToken ?? newToken();
  const teamId = options.teamId ?? DEFAULT_TEAM_ID;
  const tokenTtlMs = options.tokenTtlMs ?? 3_600_000;
  const dailyQuota = options.dailyQuota ?? 10_000;
  const names = { token: 'access_token', team: 'teamid', apiKey: 'key', ...options.headerNames };
  if (/^\d+$/.test(teamId) && !state.hasTeam(Number(teamId))) state.teams.push({ id: Number(teamId), name: 'Gateway' });
  state.issueToken(accessToken, Number.POSITIVE_INFINITY);

  async function handle(req: IncomingMessage, path: string, query: URLSearchParams): Promise<SimResponse> {
    const route = routeOf(path, req.method ?? 'GET');
    if (!route) return envelope(404, 404, 'Resource not found'); // unverified: IMI documents no answer for unknown paths
    const allowed = route.name === 'authorize' || route.name === 'user' ? 'GET' : 'POST';
    if (route.method !== allowed) return envelope(405, 2099, 'Method not allowed');
    if (route.name === 'authorize') return authorize(req);

    const token = header(req, names.token);
    const team = header(req, names.team);
    if (!token || !team) return envelope(400, 2002, 'Invalid header param - could not find mandatory header parameters');
    const status = state.tokenStatus(token, now());
    if (status === 'unknown') return envelope(400, 2003, 'Invalid Access Token');
    if (status === 'expired') return envelope(401, 2004, 'Access Token expired');
    if (!/^\d{1,15}$/.test(team) || !state.hasTeam(Number(team))) {
      return envelope(404, 2010, 'Could not find details of team based on the teamid passed in the header');
    }
    if (route.name === 'user') return getUser(state, route.id);
    const body = await readBody(req, 1024 * 1024);
    return route.name === 'search' ? searchUsers(state, query, body) : createUser(state, body, now());
  }

  /**
   * `GET /v3.1/authorize`: base64(`APIKey@DomainName`) in the key header. The success envelope and
   * the failure answers are unpublished (unverified): 200 `{status_code: 2000}` with the token in the
   * `access_token` response header; a missing header is 2002, a wrong key 2003, both HTTP 400.
   * Minting does not revoke earlier tokens; each expires after its own lifetime.
   */
  function authorize(req: IncomingMessage): SimResponse {
    const credential = header(req, names.apiKey);
    if (!credential) return envelope(400, 2002, 'Invalid header param - could not find mandatory header parameters');
    if (Buffer.from(credential, 'base64').toString('utf8') !== `${apiKey}@${domain}`) {
      return envelope(400, 2003, 'Invalid API key');
    }
    const token = newToken();
    state.issueToken(token, now() + tokenTtlMs);
    return { ...envelope(200, 2000, 'Access token generated'), headers: { access_token: token } };
  }

  function takeFault(method: string, path: string): ImiFault | undefined {
    const index = faults.findIndex(
      (fault) => (fault.method === undefined || fault.method === method) && (fault.pathPrefix === undefined || path.startsWith(fault.pathPrefix)),
    );
    const fault = faults[index];
    if (!fault) return undefined;
    fault.left -= 1;
    if (fault.left <= 0) faults.splice(index, 1);
    return fault;
  }

  const server = createServer((req, res: ServerResponse) => {
    const { path, query } = rawTarget(req.url ?? '/');
    const method = req.method ?? 'GET';
    const record = (status: number) => log.record({ method, path, query, status, at: now() });
    // The quota counts every call (unverified: IMI may not count refused ones); its headers go on every answer.
    const quota = state.useQuota(now(), dailyQuota);
    const quotaHeaders = {
      'Rate-Limit-Limit': String(quota.limit),
      'Rate-Limit-Remaining': String(quota.remaining),
      // Unit unpublished (unverified): seconds until the quota resets at midnight UTC.
      'Rate-Limit-Reset': String(quota.resetSeconds),
      'cache-control': 'no-store',
    };
    const fault = takeFault(method, path);
    if (fault?.effect === 'hang') return record(0);
    const answering: Promise<SimResponse> =
      typeof fault?.effect === 'object'
        ? Promise.resolve(fault.effect)
        : quota.exhausted
          ? // The over-quota envelope is unpublished (unverified): HTTP 429 with status_code 429.
            Promise.resolve(envelope(429, 429, 'API quota exhausted for today'))
          : handle(req, path, query);
    answering
      .catch((error: unknown): SimResponse =>
        error instanceof BodyTooLargeError ? envelope(413, 3115, 'Request is invalid') : envelope(500, 2007, 'Internal Server Error'),
      )
      .then((answer) => {
        if (fault?.effect === 'drop') {
          record(0);
          res.destroy();
          return;
        }
        record(answer.status);
        sendJson(res, { ...answer, headers: { ...quotaHeaders, ...answer.headers } });
      })
      .catch(() => res.destroy());
  });

  const url = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  return {
    url,
    apiKey,
    domain,
    accessToken,
    teamId,
    state,
    log,
    expireTokens: () => state.expireTokens(now()),
    injectFault: (fault) => void faults.push({ ...fault, left: fault.times ?? 1 }),
    close: async () => {
      // Hanging requests would keep the server open forever.
      server.closeAllConnections();
      await closeServer(server);
    },
  };
}

function routeOf(path: string, method: string): Route | undefined {
  if (path === '/v3.1/authorize') return { name: 'authorize', method };
  if (path === '/v3.1/users') return { name: 'users', method };
  if (path === '/v3.1/users/search') return { name: 'search', method };
  const match = USER_ROUTE.exec(path);
  if (!match) return undefined;
  let id: string;
  try {
    id = decodeURIComponent(match[1] as string);
  } catch {
    id = '';
  }
  return { name: 'user', method, id };
}

/** The request target as received: not normalised by `new URL`, so `%2E%2E` stays one segment. */
function rawTarget(url: string): { path: string; query: URLSearchParams } {
  const queryAt = url.indexOf('?');
  return queryAt === -1
    ? { path: url, query: new URLSearchParams() }
    : { path: url.slice(0, queryAt), query: new URLSearchParams(url.slice(queryAt + 1)) };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}

function newToken(): string {
  return randomBytes(24).toString('base64url');
}
