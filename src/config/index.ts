import { ALL_PLATFORMS } from '../platforms/index.js';
import { gatewayVariables, platformVariables } from './variables.js';

/**
 * The gateway's configuration: read once, from the environment (and the auth file it names), validated
 * with every problem listed. Split by concern: variables.ts (the gateway's own variables), the platforms'
 * settings (src/platforms/<platform>/settings.ts), auth.ts, load.ts, describe.ts (the start-up log line).
 */
export { loadConfig } from './load.js';
export { describeConfig } from './describe.js';
export { loadSimulatorVariables } from './simulator.js';
export { QUERY_LIMIT_DEFAULTS, RESILIENCE_DEFAULTS } from './variables.js';
export * from './types.js';

/** Every environment variable the gateway reads (docs/configuration.md and .env.example document each one). */
export const CONFIG_VARIABLES: readonly string[] = [
  ...Object.keys(gatewayVariables),
  ...Object.keys(platformVariables),
  ...ALL_PLATFORMS.flatMap((platform) => Object.keys(platform.settings.simulatorVariables)),
];
