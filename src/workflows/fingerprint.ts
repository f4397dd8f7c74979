import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * What an idempotency key remembers of the request it was first used with, to refuse the same key with
 * another request: a SHA-256 of the input without its secrets, and a salted scrypt of the secrets
 * (passwords are never stored, not even as a plain hash that a leaked table would give up to a
 * dictionary in seconds).
 */

/** SHA-256 of the canonical JSON (object keys sorted) of a secret-free input. */
export function fingerprintOf(input: unknown): string {
  return createHash('sha256').update(canonicalJson(input)).digest('hex');
}

const SCRYPT_KEY_LENGTH = 32;

/** `scrypt$<salt>$<hash>` of the secrets in order; null when there are none. */
export function secretCheckOf(secrets: readonly string[]): string | null {
  if (secrets.length === 0) return null;
  const salt = randomBytes(16).toString('base64url');
  return `scrypt$${salt}$${scryptOf(secrets, salt).toString('base64url')}`;
}

/** Whether these secrets are the ones a check was made of (constant time). */
export function secretsMatch(secrets: readonly string[], check: string | null): boolean {
  if (check === null) return secrets.length === 0;
  const [scheme, salt, hash] = check.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined || secrets.length === 0) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = scryptOf(secrets, salt);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function scryptOf(secrets: readonly string[], salt: string): Buffer {
  // Length-prefixed, so ["ab", "c"] and ["a", "bc"] differ.
  const material = secrets.map((secret) => `${Buffer.byteLength(secret)}:${secret}`).join('');
  return scryptSync(material, salt, SCRYPT_KEY_LENGTH);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
