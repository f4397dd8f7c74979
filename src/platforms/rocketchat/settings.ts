import { z } from 'zod';
import type { PlatformSettings } from '../platform.js';
import { connectionCount, DEFAULT_CONNECTIONS, isRemote, port, required, secret, SECRET_SET, text, upstreamUrl, withUrlText } from '../settings-kit.js';

/** Where the gateway reaches Rocket.Chat for one tenant: a real server, or (default tenant) the simulator. */
export type RocketChatSettings =
  | { mode: 'remote'; url: URL; userId: string; authToken: string; maxConnections: number }
  | { mode: 'simulator'; maxConnections: number };

/** Each field reads the environment variable and the auth file's `tenants.<name>.rocketchat` alike. */
const fields = { url: upstreamUrl, userId: text, authToken: secret, maxConnections: connectionCount };

const variables = {
  ROCKETCHAT_URL: fields.url.optional(),
  ROCKETCHAT_USER_ID: fields.userId.optional(),
  ROCKETCHAT_AUTH_TOKEN: fields.authToken.optional(),
  ROCKETCHAT_MAX_CONNECTIONS: fields.maxConnections.default(DEFAULT_CONNECTIONS),
};
type Variables = { [K in keyof typeof variables]: z.output<(typeof variables)[K]> };

const tenantEntry = z.strictObject({ ...fields, maxConnections: fields.maxConnections.optional() });
/** A tenant's Rocket.Chat in the auth file; `maxConnections` unset means ROCKETCHAT_MAX_CONNECTIONS. */
export type RocketChatEntry = z.output<typeof tenantEntry>;

/** The standalone simulator's: its port, and the seeded service account's token (random when unset). */
export const rocketChatSimulatorVariables = {
  ROCKETCHAT_SIMULATOR_PORT: port.default(3100),
  ROCKETCHAT_SIMULATOR_TOKEN: z.string().trim().min(16, 'must be at least 16 characters').optional(),
  ROCKETCHAT_SIMULATOR_VERSION: z.enum(['8.x', '7.x'], { error: 'must be 8.x or 7.x' }).default('8.x'),
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
    if (!isRemote(check, 'ROCKETCHAT_URL', credentials)) return { mode: 'simulator', maxConnections };
    const userId = required(check, 'ROCKETCHAT_USER_ID', vars.ROCKETCHAT_USER_ID, 'ROCKETCHAT_URL');
    const authToken = required(check, 'ROCKETCHAT_AUTH_TOKEN', vars.ROCKETCHAT_AUTH_TOKEN, 'ROCKETCHAT_URL');
    if (vars.ROCKETCHAT_URL === undefined || userId === undefined || authToken === undefined) {
      return { mode: 'simulator', maxConnections }; // unreachable in use: the problems listed make loading fail
    }
    return { mode: 'remote', url: vars.ROCKETCHAT_URL, userId, authToken, maxConnections };
  },
  fromTenantEntry(entry, parsed) {
    const vars = parsed as Variables;
    const { url, userId, authToken } = entry;
    return { mode: 'remote', url, userId, authToken, maxConnections: entry.maxConnections ?? vars.ROCKETCHAT_MAX_CONNECTIONS };
  },
  describe: (settings) => (settings.mode === 'remote' ? { ...withUrlText(settings), authToken: SECRET_SET } : settings),
};
