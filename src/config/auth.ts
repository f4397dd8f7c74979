import { AuthFileError, loadAuthFile } from '../access/auth-file.js';
import type { AuthConfig } from './types.js';

/**
 * Production never runs open by accident: it needs an auth file, or GATEWAY_AUTH=off said out loud.
 * Development without a file runs open (main.ts says so at start-up).
 */
export function authConfig(
  vars: { GATEWAY_AUTH?: 'on' | 'off' | undefined; GATEWAY_AUTH_FILE?: string | undefined },
  production: boolean,
  problems: string[],
): AuthConfig {
  const file = vars.GATEWAY_AUTH_FILE;
  if (vars.GATEWAY_AUTH === 'off') {
    if (file !== undefined) problems.push('GATEWAY_AUTH=off and GATEWAY_AUTH_FILE contradict each other: unset one');
    return { mode: 'off', explicit: true };
  }
  if (file === undefined) {
    if (vars.GATEWAY_AUTH === 'on') problems.push('GATEWAY_AUTH=on needs GATEWAY_AUTH_FILE');
    else if (production) problems.push('GATEWAY_AUTH_FILE is required in production (or set GATEWAY_AUTH=off to run without authentication)');
    return { mode: 'off', explicit: false };
  }
  try {
    return { mode: 'on', file, settings: loadAuthFile(file) };
  } catch (error) {
    if (!(error instanceof AuthFileError)) throw error;
    problems.push(...error.problems.map((problem) => `GATEWAY_AUTH_FILE ${problem}`));
    return { mode: 'off', explicit: false }; // unreachable in use: the problems listed make loadConfig throw
  }
}
