import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { JelouAuthScheme, JelouCredentials } from '../../platforms/jelou/index.js';
import { FaultInjector, serveWithFaults, type FaultSpec } from '../faults.js';
import { RequestLog, closeServer, listen, readBody, type SimResponse } from '../http-kit.js';
import type { WebhookSender } from '../webhook-sender.js';
import { failure, getOrCreateWidgetUser, jelouFailureBodyForStatus } from './routes.js';
import { SEED_BOT_ID, seedJelou } from './seed.js';
import { JelouState, type JelouData } from './state.js';
import { jelouWebhookSender, sendUserNew, serveWidgetAdmin, type JelouWebhookOptions } from './widget-webhook.js';

export { jelouFailureBody } from './routes.js';
export type { JelouWebhookOptions } from './widget-webhook.js';

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
  /** Faults in place from the start (see ../faults.ts). */
  faults?: FaultSpec[];
  now?: () => number;
  /**
   * Where the widget webhooks go (widget-webhook.ts): `user-new` when a user is created, the others
   * through `POST /__widget/events`. Without it they are dropped and logged `no-receiver`.
   */
  webhook?: JelouWebhookOptions;
}

export interface JelouSimulator {
  url: string;
  /** The seeded active widget bot's API client. */
  credentials: JelouCredentials;
  state: JelouState;
  /** Every request received, for tests that count upstream calls. */
  log: RequestLog;
  /**
   * Per-route faults (../faults.ts), applied before authentication. A `status` fault answers with
   * Jelou's envelope for that status; `jelouFailureBody` builds the others (HTTP 200 + `status: 0`, 422).
   */
  faults: FaultInjector;
  /** New random credentials for any seeded bot (e.g. a disabled or deleted one). */
  issueCredentials(botId: string): JelouCredentials;
  /** The widget webhooks' sender: its delivery log and `idle()`. Closed by `close()`. */
  webhook: WebhookSender;
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
  const faults = new FaultInjector();
  for (const spec of options.faults ?? []) faults.add(spec);
  const webhook = jelouWebhookSender(options.webhook, now);

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
    const sent = credentialsOf(header(req, 'authorization'), accepted);
    const bot = sent && state.authenticate(sent.clientId, sent.clientSecret);
    if (!bot) return failure('unauthorized');
    if (bot.state === 'deleted') return failure('bot_not_found');
    if (bot.state === 'disabled') return failure('forbidden_bot');

    const rawBody = await readBody(req, MAX_BODY_BYTES);
    const isJson = /^application\/(?:[\w.+-]+\+)?json\b/i.test(header(req, 'content-type') ?? '');
    return getOrCreateWidgetUser(state, bot, rawBody, isJson, new Date(now()).toISOString(), (user) => sendUserNew(webhook, user));
  }

  const api = serveWithFaults({
    faults,
    log,
    now,
    failureBody: jelouFailureBodyForStatus,
    handle: (req, target) => handle(req, target.path),
  });
  const server = createServer((req, res) => {
    if (!serveWidgetAdmin(req, res, state, webhook, now)) api(req, res);
  });

  const baseUrl = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  return {
    url: baseUrl,
    credentials,
    state,
    log,
    faults,
    issueCredentials,
    webhook,
    close: () => {
      webhook.close();
      return closeServer(server);
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
