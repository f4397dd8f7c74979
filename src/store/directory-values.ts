import type { DirectoryPlatform, IdentityInput, IdentityRole } from './types.js';

/** How directory values are normalised before they are stored or compared (the same on every engine). */

/** The platforms in `DirectoryPlatform` order: the order of a person's `platforms` and identities. */
export const DIRECTORY_PLATFORMS = ['rocketchat', 'imi'] as const satisfies readonly DirectoryPlatform[];
/** Fails to compile when a platform is added to `DirectoryPlatform` but not to the list above. */
export const EVERY_DIRECTORY_PLATFORM_LISTED: [Exclude<DirectoryPlatform, (typeof DIRECTORY_PLATFORMS)[number]>] extends [never] ? true : never = true;

export const platformRank = (platform: string): number => {
  const rank = (DIRECTORY_PLATFORMS as readonly string[]).indexOf(platform);
  return rank === -1 ? DIRECTORY_PLATFORMS.length : rank;
};

export const inPlatformOrder = (platforms: Iterable<string>): DirectoryPlatform[] =>
  [...new Set(platforms)].filter((platform): platform is DirectoryPlatform => platformRank(platform) < DIRECTORY_PLATFORMS.length).sort((a, b) => platformRank(a) - platformRank(b));

/** Trimmed and lower-cased; null for none (or only blanks). */
export function normalizeEmail(email: string | null | undefined): string | null {
  const trimmed = email?.trim().toLowerCase();
  return trimmed ? trimmed : null;
}

/**
 * Folded for case-insensitive search, here rather than with SQL's lower(): PostgreSQL folds only ASCII
 * in the C locale, and the two engines need not share a locale. NFC, so a composed "í" matches a
 * decomposed one.
 */
export function foldForSearch(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

/** A display name as stored: trimmed, null for none. */
export function normalizeName(name: string | null | undefined): string | null {
  const trimmed = name?.trim();
  return trimmed ? trimmed : null;
}

export interface NormalizedIdentity {
  userId: string;
  email: string | null;
  displayName: string | null;
  roles: IdentityRole[];
}

/** One entry per user id (the last one seen wins), values normalised. */
export function normalizeIdentities(identities: readonly IdentityInput[]): NormalizedIdentity[] {
  const byUserId = new Map<string, NormalizedIdentity>();
  for (const identity of identities) {
    byUserId.set(identity.userId, {
      userId: identity.userId,
      email: normalizeEmail(identity.email),
      displayName: normalizeName(identity.displayName),
      roles: [...new Set(identity.roles)].sort(),
    });
  }
  return [...byUserId.values()];
}

/** `%text%` for LIKE, with LIKE's own wildcards and its escape character taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
