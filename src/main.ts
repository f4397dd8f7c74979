import { setFlagsFromString } from 'node:v8';
import { createApp } from './app.js';
import { ConfigError, describeConfig, loadConfig } from './config/index.js';
import { createLogger } from './logger.js';
import { openStore } from './store/index.js';
import { openUpstreams } from './upstreams.js';

/** Process entry: config → store → upstreams (simulators where unconfigured) → app → listen; SIGTERM → drain. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  // V8 reads this factor each time it sets the next old-space limit, so setting it here still applies.
  if (config.heapGrowthPercent > 0) setFlagsFromString(`--heap-growing-percent=${config.heapGrowthPercent}`);
  const logger = createLogger(config.logLevel, undefined, config.logFormat);
  logger.info({ config: describeConfig(config) }, 'effective configuration');
  if (config.auth.mode === 'off') {
    logger.warn(
      config.auth.explicit
        ? 'GATEWAY_AUTH=off: authentication is off, every caller has every scope'
        : 'no GATEWAY_AUTH_FILE: the gateway runs open, every caller has every scope (development only; production refuses to start so)',
    );
  }
  // Migrated before anything listens: a store that cannot be reached or migrated stops the start.
  const store = await openStore({
    databaseUrl: config.store.databaseUrl?.toString(),
    storeDir: config.store.dir,
    maxConnections: config.store.maxConnections,
    logger,
  });
  const upstreams = await openUpstreams(config, logger);
  const app = await createApp(config, { logger, upstreams, store });
  const url = await app.listen(config.port, config.host);
  // The embedded simulators push their webhook events to this gateway's own receivers.
  upstreams.setGatewayOrigin(new URL(url).origin);
  logger.info({ url, environment: config.environment }, `chat gateway ready at ${url}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    app
      .close()
      .then(() => upstreams.close())
      // Last: requests in flight until app.close() resolved may still have written to it.
      .then(() => store.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  // Keys and JWT settings of the auth file, re-read without a restart (it is also watched for changes).
  process.on('SIGHUP', () => {
    const outcome = app.reloadAuth();
    logger.info({ signal: 'SIGHUP', outcome }, 'auth file reload requested');
  });
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`chat gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
