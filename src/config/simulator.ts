import { z } from 'zod';
import { integer, parseVariables } from './fields.js';
import { ConfigError } from './types.js';

/** Settings of the standalone simulator scripts (`npm run simulator:<platform>`). */
export interface SimulatorConfig {
  /** Port of the standalone Rocket.Chat simulator. */
  port: number;
  /** Token of the seeded Rocket.Chat service account; random when unset. */
  serviceToken: string | undefined;
  jelouPort: number;
  imiPort: number;
}

export const simulatorVariables = {
  ROCKETCHAT_SIMULATOR_PORT: integer(0, 65535).default(3100),
  ROCKETCHAT_SIMULATOR_TOKEN: z.string().trim().min(16, 'must be at least 16 characters').optional(),
  JELOU_SIMULATOR_PORT: integer(0, 65535).default(3200),
  IMI_SIMULATOR_PORT: integer(0, 65535).default(3300),
};

export function loadSimulatorConfig(env: NodeJS.ProcessEnv = process.env): SimulatorConfig {
  const problems: string[] = [];
  const vars = parseVariables(env, problems, simulatorVariables);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port: vars.ROCKETCHAT_SIMULATOR_PORT,
    serviceToken: vars.ROCKETCHAT_SIMULATOR_TOKEN,
    jelouPort: vars.JELOU_SIMULATOR_PORT,
    imiPort: vars.IMI_SIMULATOR_PORT,
  };
}
