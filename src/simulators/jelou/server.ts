import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { JelouAuthScheme, JelouCredentials } from '../../providers/jelou/index.js';
import { BodyTooLargeError, RequestLog, closeServer, listen, readBody, sendJson, type SimResponse } from '../http-kit.js';
import { cannedFailure, failure, getOrCreateWidgetUser, type JelouCannedFailure } from './routes.js';
import { SEED_BOT_ID, seedJelou } from './seed.js';
import { JelouState, type JelouData } from './state.js';

export type { JelouCannedFailure } from './routes.js';

export interface JelouSimulatorOptions {
  port?: number;
  host?: string;
  /** Credentials of the seeded widget bot; random when omitted, so no credential is hard-coded. */
  credentials?: JelouCredentials;
  /**
   * Authorization forms accepted. Both by default: which one the real `/v1/widget/user` accepts is
   * unverified (current docs: Basic; the seed page: raw `id:secret`).
   */
  acceptedAuthSchemes?: JelouAuthScheme[];
  /** Data to serve instead of the seed (built with the simulator's clock when omitted). */
  data?: JelouData;
  now?: () => number;
}

export interface JelouSimulator {
  url: string;
  /** The seeded active widget bot's API client. */
  credentials: JelouCredentials;
  state: JelouState;
  /** Every request received, for tests that count upstream calls. */
  log: RequestLog;
  /** The next `times` calls to an API route answer with this failure, before authentication. */
  failNext(failure: JelouCannedFailure, times?: number): void;
  /** New random credentials for any seeded bot (e.g. a disabled or deleted one). */
  issueCredentials(botId: string): JelouCredentials;
  close(): Promise<void>;
}

const WIDGET_USER_PATH = /^\/v1\/widget\/user\/?$/;
const MAX_BODY_BYTES = 1024 * 1024;

/** Starts a Jelou simulator on loopback (port 0 by default). */
export async function startJelouSimulator(options: JelouSimulatorOptions = {}): Promise<JelouSimulator> {
  const now = options.now ?? Date.now;
  const state = new JelouState(options.data ?? seedJelou(now()));
  const log = new RequestLog();
  const accepted = options.acceptedAuthSchemes ?? ['basic', 'raw'];
  const failures = failureQueue();

  function issueCredentials(botId: string): JelouCredentials {
    const credentials = { clientId: newId(12), clientSecret: newId(32) };
    state.addClient(credentials.clientId, credentials.clientSecret, botId);
    return credentials;
  }
  const credentials = options.credentials ?? issueCredentials(SEED_BOT_ID);
  if (options.credentials) state.addClient(credentials.clientId, credentials.clientSecret, SEED_BOT_ID);

  async function handle(req: IncomingMessage, path: string): Promise<SimResponse> {
    if (!WIDGET_USER_PATH.test(path)) return failure('not_found');
    if (req.method !== 'POST') return failure('method_not_allowed', { headers: { allow: 'POST' } });
    const canned = failures.take();
    if (canned) return cannedFailure(canned);

    const sent = credentialsOf(header(req, 'authorization'), accepted);
    const bot = sent && state.authenticate(sent.clientId, sent.clientSecret);
    if (!bot) return failure('unauthorized');
    if (bot.state === 'deleted') return failure('bot_not_found');
    if (bot.state === 'disabled') return failure('forbidden_bot');

    const rawBody = await readBody(req, MAX_BODY_BYTES);
    const isJson = /^application\/(?:[\w.+-]+\+)?json\b/i.test(header(req, 'content-type') ?? '');
    return getOrCreateWidgetUser(state, bot, rawBody, isJson, new Date(now()).toISOString());
  }

  const server = createServer((req, res: ServerResponse) => {
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const query = new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1));
    handle(req, path)
      .catch((error: unknown): SimResponse =>
        error instanceof BodyTooLargeError ? failure('payload_too_large') : failure('internal_server_error'),
      )
      .then((answer) => {
        log.record({ method: req.method ?? 'GET', path, query, status: answer.status, at: now() });
        sendJson(res, { ...answer, headers: { 'cache-control': 'no-store', ...answer.headers } });
      })
      .catch(() => res.destroy());
  });

  const baseUrl = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  return {
    url: baseUrl,
    credentials,
    state,
    log,
    failNext: (canned, times = 1) => failures.push(canned, times),
    issueCredentials,
    close: () => closeServer(server),
  };
}

/**
 * Canned failures waiting for the next calls. Kept apart from routing so that per-route faults
 * (latency, resets, malformed bodies) can grow here without touching the handlers.
 */
function failureQueue() {
  const queue: JelouCannedFailure[] = [];
  return {
    push(canned: JelouCannedFailure, times: number): void {
      for (let i = 0; i < times; i += 1) queue.push(canned);
    },
    take(): JelouCannedFailure | undefined {
      return queue.shift();
    },
  };
}

/**
 * The client id and secret of an Authorization header: `Basic base64(id:secret)` or the raw
 * `id:secret`, each only if accepted. The id ends at the first colon; the secret may contain colons.
 */
export function credentialsOf(value: string | undefined, accepted: readonly JelouAuthScheme[]): JelouCredentials | undefined {
  if (value === undefined) return undefined;
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(value.trim());
  let pair: string;
  if (basic) {
    if (!accepted.includes('basic')) return undefined;
    pair = Buffer.from(basic[1] as string, 'base64').toString('utf8');
  } else {
    if (!accepted.includes('raw')) return undefined;
    pair = value.trim();
  }
  const colon = pair.indexOf(':');
  if (colon <= 0 || colon === pair.length - 1) return undefined;
  return { clientId: pair.slice(0, colon), clientSecret: pair.slice(colon + 1) };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function newId(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}
