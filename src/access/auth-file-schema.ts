import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { KEY_HASH_PATTERN, looksLikeApiKey } from './api-keys.js';
import { ALL_PLATFORMS, type ByPlatform, type PlatformId } from '../platforms/index.js';
import { text } from '../platforms/settings-kit.js';
import { ALL_SCOPES, type Scope } from './caller.js';

/**
 * The shape of the auth file (GATEWAY_AUTH_FILE), documented in docs/security.md.
 * Objects are strict: an unknown field is a problem, so a typo cannot silently switch something off.
 * Messages name the rule, never the value: the file holds upstream credentials and the JWT secret.
 */

export interface ApiKeyEntry {
  name: string;
  /** `sha256:<64 lower-case hex>` of the key (see api-keys.ts). */
  hash: string;
  scopes: Scope[];
  tenant: string;
  /** The key may run trusted documents only (a front-end's key). */
  trustedDocumentsOnly?: boolean | undefined;
}

/** A tenant uses the platforms it lists; a platform it does not list is not available to its callers. */
export type TenantConnections = { [Id in PlatformId]?: ByPlatform<'entry'>[Id] | undefined };

export type JwtAlgorithm = 'HS256' | 'RS256';

export interface JwtSettings {
  /** The only algorithms accepted; each needs its key (`secret` for HS256, `publicKey` for RS256). */
  algorithms: JwtAlgorithm[];
  secret?: string | undefined;
  /** PEM (SPKI) of an RSA public key of at least 2048 bits. */
  publicKey?: string | undefined;
  issuer?: string | undefined;
  audience?: string | string[] | undefined;
  scopesClaim: string;
  tenantClaim: string;
  /** A claim that, when `true`, limits the token to trusted documents (a front-end's token). */
  trustedDocumentsOnlyClaim?: string | undefined;
  clockToleranceSeconds: number;
}

export interface AuthFile {
  keys: ApiKeyEntry[];
  /** Tenants besides `default` (which the platform env vars define), by name. */
  tenants: ReadonlyMap<string, TenantConnections>;
  jwt?: JwtSettings | undefined;
  /** Manifests of trusted documents teams registered (paths relative to the auth file's folder). */
  trustedDocuments: string[];
}

/** Key and tenant names: they appear in logs and metrics, so they are kept plain. */
export const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const NAME_RULE = 'must be 1–64 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit';

const name = z.string().regex(NAME_PATTERN, NAME_RULE);

const keyHash = z.string().transform((value, context) => {
  const hash = value.trim().toLowerCase();
  if (looksLikeApiKey(value)) {
    context.addIssue({ code: 'custom', message: 'is a plain API key: store its hash (see `npm run key:create`), never the key itself' });
  } else if (!KEY_HASH_PATTERN.test(hash)) {
    context.addIssue({ code: 'custom', message: 'must be "sha256:" followed by 64 hex digits' });
  }
  return hash;
});

const apiKeyEntry = z.strictObject({
  name,
  hash: keyHash,
  scopes: z.array(z.enum(ALL_SCOPES, { error: `must be one of ${ALL_SCOPES.join(', ')}` })).min(1, 'must list at least one scope'),
  tenant: name,
  trustedDocumentsOnly: z.boolean({ error: 'must be true or false' }).optional(),
});

/** Each platform's own entry (src/platforms/<platform>/settings.ts), all optional. */
const tenant = z.strictObject(Object.fromEntries(ALL_PLATFORMS.map((platform) => [platform.name.id, platform.settings.tenantEntry.optional()])));

const pemPublicKey = z.string().superRefine((pem, context) => {
  if (/PRIVATE KEY/.test(pem)) {
    context.addIssue({ code: 'custom', message: 'is a private key: give the public key only (the gateway never needs the private one)' });
    return;
  }
  try {
    const key = createPublicKey(pem);
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (key.asymmetricKeyType !== 'rsa' || bits < 2048) context.addIssue({ code: 'custom', message: 'must be an RSA public key of at least 2048 bits' });
  } catch {
    context.addIssue({ code: 'custom', message: 'must be a PEM public key ("-----BEGIN PUBLIC KEY-----")' });
  }
});

const claimName = z.string().regex(/^[\w:./-]{1,100}$/, 'must be a claim name');

const jwt = z.strictObject({
  algorithms: z.array(z.enum(['HS256', 'RS256'], { error: 'must be HS256 or RS256' })).min(1, 'must list HS256, RS256 or both'),
  secret: z.string({ error: 'must be a string (quote it in YAML)' }).min(32, 'must be at least 32 characters').optional(),
  publicKey: pemPublicKey.optional(),
  issuer: text.optional(),
  audience: z.union([text, z.array(text).min(1)]).optional(),
  scopesClaim: claimName.default('scope'),
  tenantClaim: claimName.default('tenant'),
  trustedDocumentsOnlyClaim: claimName.default('trusted_documents_only'),
  clockToleranceSeconds: z.number().int('must be a whole number').min(0, 'must be at least 0').max(300, 'must be at most 300').default(30),
});

export const authFileSchema = z
  .strictObject({
    keys: z.array(apiKeyEntry).default([]),
    // Tenant names are checked in auth-file-rules.ts: a record's key schema would hide the value's problems.
    tenants: z.record(z.string(), tenant).default({}),
    jwt: jwt.optional(),
    trustedDocuments: z.array(text).default([]),
  })
  .transform((file): AuthFile => ({ ...file, tenants: new Map(Object.entries(file.tenants) as Array<[string, TenantConnections]>) }));
