import type { z } from 'zod';
import { ConfigError, loadSimulatorVariables } from '../config/index.js';

/**
 * Runs one simulator on its own, for people who want to poke at it with curl: reads its variables,
 * starts it, prints the lines `describe` returns (URL, throw-away credentials, curl examples), and
 * closes it on SIGTERM/SIGINT. Printing credentials is the point here: they belong to the simulator,
 * not to a real platform.
 */
export function runStandalone<V extends Record<string, z.ZodType>, T extends { close(): Promise<void> }>(
  variables: V,
  start: (vars: { [K in keyof V]: z.output<V[K]> }) => Promise<T>,
  describe: (simulator: T) => string[],
): void {
  const run = async () => {
    const simulator = await start(loadSimulatorVariables(variables));
    process.stdout.write([...describe(simulator), ''].join('\n'));
    const stop = () => void simulator.close().then(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  };
  run().catch((error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
