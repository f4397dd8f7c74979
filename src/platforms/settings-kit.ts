import { z } from 'zod';
import type { SettingsCheck } from './platform.js';

/**
 * Field schemas and rules the platforms' settings share. Each field schema reads both an environment
 * variable (always a string) and the same field in the auth file (YAML or JSON values), so a platform
 * states its connection settings once. Messages name the rule, never the value: many are secrets.
 */

/** A whole number from an environment variable (always a string). */
export const integer = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

/** A TCP port to listen on (0: any free one). */
export const port = integer(0, 65535);

/** An http(s) URL without query or fragment, as text. */
export const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .refine((value) => !/[?#]/.test(value), 'must not carry a query string or fragment');

/** A platform's base URL; a path is kept as the prefix of every API path. */
export const upstreamUrl = httpUrl.transform((value) => new URL(value));

export const text = z.string().trim().min(1, 'must not be empty');

/**
 * Secrets must be strings: YAML would turn an unquoted `0123` into the number 123. Surrounding
 * whitespace is dropped: a `.env` file with CRLF line ends or a secret mounted with a trailing newline
 * would otherwise put a `\r` or `\n` into a header, which the HTTP client refuses on every call.
 */
export const secret = z.string({ error: 'must be a string (quote it in YAML)' }).trim().min(1, 'must not be empty');

/** Sockets kept open to one platform (per tenant). */
export const connectionCount = z.preprocess(
  (value) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value),
  z.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(1024, 'must be at most 1024'),
);

/** The gateway-wide default of `connectionCount`, per platform and tenant. */
export const DEFAULT_CONNECTIONS = 32;

/** An HTTP header name (RFC 9110 token), compared lower-case as Node delivers them. */
export const headerName = z
  .string()
  .trim()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/, 'must be an HTTP header name')
  .transform((name) => name.toLowerCase());

/**
 * A platform is remote when its URL variable is set (then its credentials are required) and simulated
 * otherwise (then stray credentials are an error: they would be silently ignored).
 */
export function isRemote(check: SettingsCheck, urlVariable: string, credentials: Readonly<Record<string, unknown>>): boolean {
  if (check.isSet(urlVariable)) return true;
  const given = Object.keys(credentials).filter((name) => credentials[name] !== undefined);
  if (given.length > 0) check.problems.push(`${given.join(' and ')} need ${urlVariable} (they would be ignored)`);
  if (!check.allowSimulators) {
    check.problems.push(`${urlVariable} is required in production (or set GATEWAY_ALLOW_SIMULATORS=true to serve the simulator)`);
  }
  return false;
}

/** A value the remote platform needs; an invalid one has its own problem listed already. */
export function required<T>(check: SettingsCheck, name: string, value: T | undefined, urlVariable: string): T | undefined {
  if (!check.isSet(name)) check.problems.push(`${name} is required when ${urlVariable} is set`);
  return value;
}

/** What the start-up log shows instead of a secret. */
export const SECRET_SET = '[set]';

/** A remote platform's settings with its URL as text (URL objects log as `{}`). */
export function withUrlText<T extends { url: URL }>(settings: T): Omit<T, 'url'> & { url: string } {
  return { ...settings, url: settings.url.toString() };
}
