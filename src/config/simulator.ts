import type { z } from 'zod';
import { parseVariables } from './fields.js';
import { ConfigError } from './types.js';

/**
 * The variables of one simulator run on its own (`npm run simulator:<platform>`), each platform's
 * simulator declaring its own (src/platforms/<platform>/settings.ts); every problem listed at once.
 */
export function loadSimulatorVariables<T extends Record<string, z.ZodType>>(schemas: T, env: NodeJS.ProcessEnv = process.env): { [K in keyof T]: z.output<T[K]> } {
  const problems: string[] = [];
  const vars = parseVariables(env, problems, schemas);
  if (problems.length > 0) throw new ConfigError(problems);
  return vars;
}
