import { createHash, randomBytes } from 'node:crypto';

/**
 * API keys are 256-bit random secrets with a recognizable prefix (so secret scanners and people can tell
 * one when they see it). The gateway stores only `sha256:<hex>` of a key.
 *
 * A fast hash is the right tool here, unlike for passwords: slow hashes (scrypt, bcrypt) exist to make
 * guessing low-entropy secrets expensive, and nobody can guess among 2^256 keys however fast the hash.
 * A fast, unsalted hash also lets each request find its key with one Map lookup instead of running a
 * slow hash against every configured key. The lookup's timing can at most reveal bits of a *hash*,
 * which does not help to find a key that produces it.
 */
export const API_KEY_PREFIX = 'cgw_';

const KEY_BYTES = 32;

/** `cgw_` followed by 43 base64url characters (32 random bytes). */
export const API_KEY_PATTERN = /^cgw_[A-Za-z0-9_-]{43}$/;

/** How an auth file spells a key's hash. */
export const KEY_HASH_PATTERN = /^sha256:[0-9a-f]{64}$/;

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(KEY_BYTES).toString('base64url');
}

/** The value an auth file stores for `key`: `sha256:` and the hex SHA-256 of its UTF-8 bytes. */
export function hashApiKey(key: string): string {
  return `sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

/** Whether a value looks like a plain key (someone pasted the secret where its hash belongs). */
export function looksLikeApiKey(value: string): boolean {
  return value.trim().startsWith(API_KEY_PREFIX);
}
