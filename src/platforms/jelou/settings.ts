import { z } from 'zod';
import type { PlatformSettings } from '../platform.js';
import { connectionCount, DEFAULT_CONNECTIONS, isRemote, port, required, secret, SECRET_SET, text, upstreamUrl, withUrlText } from '../settings-kit.js';
import type { JelouAuthScheme } from './client.js';

/** Where the gateway reaches Jelou for one tenant: the real API, or (default tenant) the simulator. */
export type JelouSettings =
  | { mode: 'remote'; url: URL; clientId: string; clientSecret: string; authScheme: JelouAuthScheme; maxConnections: number }
  | { mode: 'simulator'; authScheme: JelouAuthScheme; maxConnections: number };

/** Each field reads the environment variable and the auth file's `tenants.<name>.jelou` alike. */
const fields = {
  url: upstreamUrl,
  clientId: text,
  clientSecret: secret,
  // Which Authorization form `/v1/widget/user` accepts is unverified upstream: Basic, or the raw pair.
  authScheme: z.enum(['basic', 'raw'], { error: 'must be basic or raw' }),
  maxConnections: connectionCount,
};

const variables = {
  JELOU_URL: fields.url.optional(),
  JELOU_CLIENT_ID: fields.clientId.optional(),
  JELOU_CLIENT_SECRET: fields.clientSecret.optional(),
  JELOU_AUTH_SCHEME: fields.authScheme.default('basic'),
  JELOU_MAX_CONNECTIONS: fields.maxConnections.default(DEFAULT_CONNECTIONS),
};
type Variables = { [K in keyof typeof variables]: z.output<(typeof variables)[K]> };

const tenantEntry = z.strictObject({ ...fields, authScheme: fields.authScheme.optional(), maxConnections: fields.maxConnections.optional() });
/** A tenant's Jelou in the auth file; unset `authScheme`/`maxConnections` take the gateway-wide variables. */
export type JelouEntry = z.output<typeof tenantEntry>;

/** The standalone simulator's port. */
export const jelouSimulatorVariables = { JELOU_SIMULATOR_PORT: port.default(3200) };

export const jelouSettings: PlatformSettings<JelouSettings, JelouEntry> = {
  variables,
  simulatorVariables: jelouSimulatorVariables,
  tenantEntry,
  entryProblems: () => [],
  fromEnvironment(parsed, check) {
    const vars = parsed as Variables;
    const { JELOU_AUTH_SCHEME: authScheme, JELOU_MAX_CONNECTIONS: maxConnections } = vars;
    const credentials = { JELOU_CLIENT_ID: vars.JELOU_CLIENT_ID, JELOU_CLIENT_SECRET: vars.JELOU_CLIENT_SECRET };
    if (!isRemote(check, 'JELOU_URL', credentials)) return { mode: 'simulator', authScheme, maxConnections };
    const clientId = required(check, 'JELOU_CLIENT_ID', vars.JELOU_CLIENT_ID, 'JELOU_URL');
    const clientSecret = required(check, 'JELOU_CLIENT_SECRET', vars.JELOU_CLIENT_SECRET, 'JELOU_URL');
    if (vars.JELOU_URL === undefined || clientId === undefined || clientSecret === undefined) {
      return { mode: 'simulator', authScheme, maxConnections };
    }
    return { mode: 'remote', url: vars.JELOU_URL, clientId, clientSecret, authScheme, maxConnections };
  },
  fromTenantEntry(entry, parsed) {
    const vars = parsed as Variables;
    const { url, clientId, clientSecret } = entry;
    return {
      mode: 'remote',
      url,
      clientId,
      clientSecret,
      authScheme: entry.authScheme ?? vars.JELOU_AUTH_SCHEME,
      maxConnections: entry.maxConnections ?? vars.JELOU_MAX_CONNECTIONS,
    };
  },
  describe: (settings) => (settings.mode === 'remote' ? { ...withUrlText(settings), clientSecret: SECRET_SET } : settings),
};
