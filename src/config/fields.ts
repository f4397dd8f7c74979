import { z } from 'zod';

/** Field schemas of the gateway's own environment variables (each platform declares its own). */

export { integer } from '../platforms/settings-kit.js';

export const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

type Parsed<T extends Record<string, z.ZodType>> = { [K in keyof T]: z.output<T[K]> };

/** Parses each variable on its own so that one bad value does not hide the problems of the others. */
export function parseVariables<T extends Record<string, z.ZodType>>(env: NodeJS.ProcessEnv, problems: string[], schemas: T): Parsed<T> {
  const values: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    // Empty strings count as unset, as in most shells' `VAR= command`.
    const raw = env[name] === '' ? undefined : env[name];
    const parsed = schema.safeParse(raw);
    if (parsed.success) values[name] = parsed.data;
    // Messages name the variable and the rule, never the value: some variables are secrets.
    else problems.push(...parsed.error.issues.map((issue) => `${name} ${issue.message}`));
  }
  return values as Parsed<T>;
}
