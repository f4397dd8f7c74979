import { ALL_PLATFORMS } from '../platforms/index.js';
import type { GatewayConfig } from './types.js';

const SECRET = '[set]';

/**
 * The effective configuration as start-up logs it: every setting, secrets replaced by `[set]`, so an
 * operator sees what the process runs with and nobody reads a credential in the logs.
 */
export function describeConfig(config: GatewayConfig): Record<string, unknown> {
  const platforms = (settingsOf: (id: string) => unknown) =>
    Object.fromEntries(
      ALL_PLATFORMS.map((platform) => {
        const settings = settingsOf(platform.name.id);
        return [platform.name.id, settings === undefined ? undefined : platform.settings.describe(settings)];
      }),
    );
  const { auth } = config;
  return {
    ...config,
    ...platforms((id) => (config as unknown as Record<string, unknown>)[id]),
    // The default tenant is shown above; the others by name, with the platforms they use.
    tenants: Object.fromEntries(
      config.tenants.slice(1).map((tenant) => [tenant.name, platforms((id) => (tenant as unknown as Record<string, unknown>)[id])]),
    ),
    auth:
      auth.mode === 'off'
        ? auth
        : {
            mode: 'on',
            file: auth.file,
            keys: auth.settings.keys.map((key) => `${key.name} (${key.tenant}: ${key.scopes.join(' ')})`),
            jwt: auth.settings.jwt ? { algorithms: auth.settings.jwt.algorithms, issuer: auth.settings.jwt.issuer } : 'off',
          },
    // Only where Redis is: the URL may carry a password.
    redisUrl: config.redisUrl && `${config.redisUrl.protocol}//${config.redisUrl.host}`,
    simulatorFaults: Object.fromEntries(Object.entries(config.simulatorFaults).map(([name, faults]) => [name, faults?.length ?? 0])),
    metrics: { enabled: config.metrics.enabled, token: config.metrics.token === undefined ? undefined : SECRET },
    tracing: {
      ...config.tracing,
      otlpTracesUrl: config.tracing.otlpTracesUrl?.toString(),
      otlpHeaders: Object.fromEntries(Object.keys(config.tracing.otlpHeaders).map((name) => [name, SECRET])),
    },
  };
}
