import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { PlatformSettings } from '../platform.js';
import { connectionCount, DEFAULT_CONNECTIONS, isRemote, port, required, secret, SECRET_SET, text, upstreamUrl, withUrlText } from '../settings-kit.js';

/** Where the gateway reaches Rocket.Chat for one tenant: a real server, or (default tenant) the simulator. */
export type RocketChatSettings =
  | { mode: 'remote'; url: URL; userId: string; authToken: string; maxConnections: number; webhookToken?: string | undefined }
  | { mode: 'simulator'; maxConnections: number; webhookToken: string };

/**
 * The Omnichannel webhook's `Livechat_secret_token`, sent back as `X-RocketChat-Livechat-Token`: a plain
 * shared secret (no HMAC), so it must be long enough not to be guessed.
 */
const webhookToken = z.string({ error: 'must be a string (quote it in YAML)' }).trim().min(16, 'must be at least 16 characters');

/** Each field reads the environment variable and the auth file's `tenants.<name>.rocketchat` alike. */
const fields = { url: upstreamUrl, userId: text, authToken: secret, maxConnections: connectionCount, webhookToken };

const variables = {
  ROCKETCHAT_URL: fields.url.optional(),
  ROCKETCHAT_USER_ID: fields.userId.optional(),
  ROCKETCHAT_AUTH_TOKEN: fields.authToken.optional(),
  ROCKETCHAT_MAX_CONNECTIONS: fields.maxConnections.default(DEFAULT_CONNECTIONS),
  ROCKETCHAT_WEBHOOK_TOKEN: fields.webhookToken.optional(),
};
type Variables = { [K in keyof typeof variables]: z.output<(typeof variables)[K]> };

const tenantEntry = z.strictObject({ ...fields, maxConnections: fields.maxConnections.optional(), webhookToken: fields.webhookToken.optional() });
/** A tenant's Rocket.Chat in the auth file; `maxConnections` unset means ROCKETCHAT_MAX_CONNECTIONS. */
export type RocketChatEntry = z.output<typeof tenantEntry>;

/** The standalone simulator's: its port, and the seeded service account's token (random when unset). */
export const rocketChatSimulatorVariables = {
  ROCKETCHAT_SIMULATOR_PORT: port.default(3100),
  ROCKETCHAT_SIMULATOR_TOKEN: z.string().trim().min(16, 'must be at least 16 characters').optional(),
  ROCKETCHAT_SIMULATOR_VERSION: z.enum(['8.x', '7.x'], { error: 'must be 8.x or 7.x' }).default('8.x'),
  // Where the standalone simulator pushes its Omnichannel webhook events (none when unset), and with which token.
  ROCKETCHAT_SIMULATOR_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  ROCKETCHAT_SIMULATOR_WEBHOOK_TOKEN: webhookToken.optional(),
  // The real server retries a failed delivery 5 times, 20 s apart.
  ROCKETCHAT_SIMULATOR_WEBHOOK_RETRY_MS: z.coerce.number().int().min(0).max(600_000).default(20_000),
};

export const rocketChatSettings: PlatformSettings<RocketChatSettings, RocketChatEntry> = {
  variables,
  simulatorVariables: rocketChatSimulatorVariables,
  tenantEntry,
  entryProblems: () => [],
  fromEnvironment(parsed, check) {
    const vars = parsed as Variables;
    const maxConnections = vars.ROCKETCHAT_MAX_CONNECTIONS;
    const credentials = { ROCKETCHAT_USER_ID: vars.ROCKETCHAT_USER_ID, ROCKETCHAT_AUTH_TOKEN: vars.ROCKETCHAT_AUTH_TOKEN };
    // The simulator signs its webhook deliveries with this token; a fresh one per process when unset.
    const simulator = () => ({ mode: 'simulator' as const, maxConnections, webhookToken: vars.ROCKETCHAT_WEBHOOK_TOKEN ?? randomBytes(24).toString('base64url') });
    if (!isRemote(check, 'ROCKETCHAT_URL', credentials)) return simulator();
    const userId = required(check, 'ROCKETCHAT_USER_ID', vars.ROCKETCHAT_USER_ID, 'ROCKETCHAT_URL');
    const authToken = required(check, 'ROCKETCHAT_AUTH_TOKEN', vars.ROCKETCHAT_AUTH_TOKEN, 'ROCKETCHAT_URL');
    if (vars.ROCKETCHAT_URL === undefined || userId === undefined || authToken === undefined) {
      return simulator(); // unreachable in use: the problems listed make loading fail
    }
    return { mode: 'remote', url: vars.ROCKETCHAT_URL, userId, authToken, maxConnections, webhookToken: vars.ROCKETCHAT_WEBHOOK_TOKEN };
  },
  fromTenantEntry(entry, parsed) {
    const vars = parsed as Variables;
    const { url, userId, authToken, webhookToken } = entry;
    return { mode: 'remote', url, userId, authToken, maxConnections: entry.maxConnections ?? vars.ROCKETCHAT_MAX_CONNECTIONS, webhookToken };
  },
  describe: (settings) => {
    const webhook = { webhookToken: settings.webhookToken === undefined ? undefined : SECRET_SET };
    return settings.mode === 'remote' ? { ...withUrlText(settings), authToken: SECRET_SET, ...webhook } : { ...settings, ...webhook };
  },
};
