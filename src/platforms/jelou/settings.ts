import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { PlatformSettings } from '../platform.js';
import { connectionCount, DEFAULT_CONNECTIONS, isRemote, port, required, secret, SECRET_SET, text, upstreamUrl, withUrlText } from '../settings-kit.js';
import type { JelouAuthScheme } from './client.js';

/** Where the gateway reaches Jelou for one tenant: the real API, or (default tenant) the simulator. */
export type JelouSettings =
  | ({ mode: 'remote'; url: URL; clientId: string; clientSecret: string; authScheme: JelouAuthScheme; maxConnections: number } & JelouWebhookSecrets)
  | ({ mode: 'simulator'; authScheme: JelouAuthScheme; maxConnections: number } & Required<Pick<JelouWebhookSecrets, 'webhookSecret'>> &
      Pick<JelouWebhookSecrets, 'webhookSigningSecret'>);

/**
 * Jelou's widget webhooks carry no credential, so the receiver's URL does: `webhookSecret` is its last
 * path segment. The "external support" integration also signs (`X-Jelou-Signature`, HMAC-SHA256 with
 * `webhookSigningSecret`); when that is set, every delivery must be signed.
 */
export interface JelouWebhookSecrets {
  webhookSecret?: string | undefined;
  webhookSigningSecret?: string | undefined;
}

const urlSecret = z
  .string({ error: 'must be a string (quote it in YAML)' })
  .trim()
  .regex(/^[A-Za-z0-9_-]{24,128}$/, 'must be 24 to 128 letters, digits, "-" or "_" (it is a URL path segment)');
const signingSecret = z.string({ error: 'must be a string (quote it in YAML)' }).trim().min(16, 'must be at least 16 characters');

/** Each field reads the environment variable and the auth file's `tenants.<name>.jelou` alike. */
const fields = {
  url: upstreamUrl,
  clientId: text,
  clientSecret: secret,
  // Which Authorization form `/v1/widget/user` accepts is unverified upstream: Basic, or the raw pair.
  authScheme: z.enum(['basic', 'raw'], { error: 'must be basic or raw' }),
  maxConnections: connectionCount,
  webhookSecret: urlSecret,
  webhookSigningSecret: signingSecret,
};

const variables = {
  JELOU_URL: fields.url.optional(),
  JELOU_CLIENT_ID: fields.clientId.optional(),
  JELOU_CLIENT_SECRET: fields.clientSecret.optional(),
  JELOU_AUTH_SCHEME: fields.authScheme.default('basic'),
  JELOU_MAX_CONNECTIONS: fields.maxConnections.default(DEFAULT_CONNECTIONS),
  JELOU_WEBHOOK_SECRET: fields.webhookSecret.optional(),
  JELOU_WEBHOOK_SIGNING_SECRET: fields.webhookSigningSecret.optional(),
};
type Variables = { [K in keyof typeof variables]: z.output<(typeof variables)[K]> };

const tenantEntry = z.strictObject({
  ...fields,
  authScheme: fields.authScheme.optional(),
  maxConnections: fields.maxConnections.optional(),
  webhookSecret: fields.webhookSecret.optional(),
  webhookSigningSecret: fields.webhookSigningSecret.optional(),
});
/** A tenant's Jelou in the auth file; unset `authScheme`/`maxConnections` take the gateway-wide variables. */
export type JelouEntry = z.output<typeof tenantEntry>;

/** The standalone simulator's port. */
export const jelouSimulatorVariables = {
  JELOU_SIMULATOR_PORT: port.default(3200),
  // Where the standalone simulator pushes `user-new` (none when unset): a receiver URL with its secret.
  JELOU_SIMULATOR_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
};

export const jelouSettings: PlatformSettings<JelouSettings, JelouEntry> = {
  variables,
  simulatorVariables: jelouSimulatorVariables,
  tenantEntry,
  entryProblems: () => [],
  fromEnvironment(parsed, check) {
    const vars = parsed as Variables;
    const { JELOU_AUTH_SCHEME: authScheme, JELOU_MAX_CONNECTIONS: maxConnections } = vars;
    const credentials = { JELOU_CLIENT_ID: vars.JELOU_CLIENT_ID, JELOU_CLIENT_SECRET: vars.JELOU_CLIENT_SECRET };
    const webhook = { webhookSecret: vars.JELOU_WEBHOOK_SECRET, webhookSigningSecret: vars.JELOU_WEBHOOK_SIGNING_SECRET };
    // The simulator posts to the receiver with this secret in its path; a fresh one per process when unset.
    const simulator = () => ({
      mode: 'simulator' as const,
      authScheme,
      maxConnections,
      ...webhook,
      webhookSecret: webhook.webhookSecret ?? randomBytes(24).toString('base64url'),
    });
    if (!isRemote(check, 'JELOU_URL', credentials)) return simulator();
    const clientId = required(check, 'JELOU_CLIENT_ID', vars.JELOU_CLIENT_ID, 'JELOU_URL');
    const clientSecret = required(check, 'JELOU_CLIENT_SECRET', vars.JELOU_CLIENT_SECRET, 'JELOU_URL');
    if (vars.JELOU_URL === undefined || clientId === undefined || clientSecret === undefined) {
      return simulator();
    }
    return { mode: 'remote', url: vars.JELOU_URL, clientId, clientSecret, authScheme, maxConnections, ...webhook };
  },
  fromTenantEntry(entry, parsed) {
    const vars = parsed as Variables;
    const { url, clientId, clientSecret, webhookSecret, webhookSigningSecret } = entry;
    return {
      mode: 'remote',
      url,
      clientId,
      clientSecret,
      webhookSecret,
      webhookSigningSecret,
      authScheme: entry.authScheme ?? vars.JELOU_AUTH_SCHEME,
      maxConnections: entry.maxConnections ?? vars.JELOU_MAX_CONNECTIONS,
    };
  },
  describe: (settings) => {
    const hidden = (value: string | undefined) => (value === undefined ? undefined : SECRET_SET);
    const webhook = { webhookSecret: hidden(settings.webhookSecret), webhookSigningSecret: hidden(settings.webhookSigningSecret) };
    return settings.mode === 'remote' ? { ...withUrlText(settings), clientSecret: SECRET_SET, ...webhook } : { ...settings, ...webhook };
  },
};
