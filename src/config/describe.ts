import { ALL_PLATFORMS, type PlatformId } from '../platforms/index.js';
import { SECRET_SET as SECRET } from '../platforms/settings-kit.js';
import type { GatewayConfig } from './types.js';

/**
 * The effective configuration as start-up logs it: every setting, secrets replaced by `[set]`, so an
 * operator sees what the process runs with and nobody reads a credential in the logs.
 */
export function describeConfig(config: GatewayConfig): Record<string, unknown> {
  // Each platform's settings as its own `describe` shows them (it knows which of its fields are secrets).
  const platforms = (source: Readonly<Record<PlatformId, unknown>>) =>
    Object.fromEntries(
      ALL_PLATFORMS.map((platform) => {
        const settings = source[platform.name.id];
        return [platform.name.id, settings === undefined ? undefined : platform.settings.describe(settings)];
      }),
    );
  const { auth } = config;
  return {
    ...config,
    ...platforms(config),
    // The default tenant is shown above; the others by name, with the platforms they use.
    tenants: Object.fromEntries(
      config.tenants.slice(1).map((tenant) => [tenant.name, platforms(tenant)]),
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
    store: { ...config.store, databaseUrl: config.store.databaseUrl && describeDatabaseUrl(config.store.databaseUrl) },
    tracing: {
      ...config.tracing,
      otlpTracesUrl: config.tracing.otlpTracesUrl?.toString(),
      otlpHeaders: Object.fromEntries(Object.keys(config.tracing.otlpHeaders).map((name) => [name, SECRET])),
    },
  };
}

/**
 * Where the database is, with its password replaced by `[set]`. The query is left out: libpq-style
 * parameters there may carry secrets too (`password=`, `sslpassword=`).
 */
function describeDatabaseUrl(url: URL): string {
  const user = url.username && `${url.username}${url.password ? `:${SECRET}` : ''}@`;
  return `${url.protocol}//${user}${url.host}${url.pathname}`;
}
