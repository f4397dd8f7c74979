import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { ImiHeaderNames } from '../../platforms/imi/client.js';
import { FaultInjector, serveWithFaults, type FaultSpec } from '../faults.js';
import { RequestLog, closeServer, listen, readBody, type SimResponse } from '../http-kit.js';
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
  /** Faults in place from the start (see ../faults.ts). */
  faults?: FaultSpec[];
  now?: () => number;
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
  /** Per-route faults (../faults.ts); a `status` fault answers with IMI's envelope. Faulted calls use quota too. */
  faults: FaultInjector;
  close(): Promise<void>;
}

const USER_ROUTE = /^\/v3\.1\/users\/([^/]+)$/;
type Route = { name: 'authorize' | 'users' | 'search'; method: string } | { name: 'user'; method: string; id: string };

/** Starts an IMI (Webex Engage) simulator on loopback (port 0 by default). */
export async function startImiSimulator(options: ImiSimulatorOptions = {}): Promise<ImiSimulator> {
  const now = options.now ?? Date.now;
  const state = new ImiState(options.data ?? seedImi());
  const log = new RequestLog();
  const faults = new FaultInjector();
  for (const spec of options.faults ?? []) faults.add(spec);
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

  /** The quota counts every call (unverified: IMI may not count refused ones); its headers go on every answer. */
  function admit(): { headers: Record<string, string>; answer?: SimResponse } {
    const quota = state.useQuota(now(), dailyQuota);
    const headers = {
      'Rate-Limit-Limit': String(quota.limit),
      'Rate-Limit-Remaining': String(quota.remaining),
      // Unit unpublished (unverified): seconds until the quota resets at midnight UTC.
      'Rate-Limit-Reset': String(quota.resetSeconds),
    };
    return quota.exhausted ? { headers, answer: QUOTA_EXHAUSTED } : { headers };
  }

  const server = createServer(
    serveWithFaults({ faults, log, now, failureBody: imiFailureBody, admit, handle: (req, target) => handle(req, target.path, target.query) }),
  );

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
    faults,
    close: () => closeServer(server),
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

/** The over-quota envelope is unpublished (unverified): HTTP 429 with status_code 429. */
const QUOTA_EXHAUSTED = envelope(429, 429, 'API quota exhausted for today');

/** IMI's envelope for a failure status (fault injection, 413, unexpected errors); codes as the routes use them. */
function imiFailureBody(status: number): unknown {
  const known: Record<number, SimResponse> = {
    400: envelope(400, 3115, 'Request is invalid'),
    401: envelope(401, 2004, 'Access Token expired'),
    404: envelope(404, 404, 'Resource not found'),
    405: envelope(405, 2099, 'Method not allowed'),
    413: envelope(413, 3115, 'Request is invalid'),
    429: QUOTA_EXHAUSTED,
  };
  const generic = status >= 400 && status < 500 ? envelope(status, 3115, 'Request is invalid') : envelope(status, 2007, 'Internal Server Error');
  return (known[status] ?? generic).body;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}

function newToken(): string {
  return randomBytes(24).toString('base64url');
}
