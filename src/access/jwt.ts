import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { JwtSettings } from './auth-file.js';
import { DEFAULT_TENANT, isScope, type Caller, type Scope } from './caller.js';

export type TokenResult = { ok: true; caller: Caller } | { ok: false; reason: 'invalid' | 'expired'; detail: string };

/**
 * Verifies JWTs signed with keys from the auth file; nothing is fetched (no JWKS URL). Only the
 * configured algorithms are accepted, and each algorithm has its own key: the HS256 secret can never
 * verify an RS256 token nor the RSA public key an HS256 one (the classic algorithm-confusion attack),
 * and unsigned tokens (`alg: none`) are refused by jose whatever the settings. `exp` and `sub` are
 * required; `iss` and `aud` are checked when configured.
 */
export function createJwtVerifier(settings: JwtSettings, tenants: ReadonlySet<string>): (token: string) => Promise<TokenResult> {
  const keys = new Map<string, KeyObject>();
  if (settings.algorithms.includes('HS256') && settings.secret !== undefined) keys.set('HS256', createSecretKey(Buffer.from(settings.secret, 'utf8')));
  if (settings.algorithms.includes('RS256') && settings.publicKey !== undefined) keys.set('RS256', createPublicKey(settings.publicKey));
  const keyFor: JWTVerifyGetKey = (header) => {
    const key = keys.get(header.alg);
    if (key === undefined) throw new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
    return key;
  };
  const options = {
    algorithms: [...keys.keys()],
    requiredClaims: ['exp', 'sub'],
    clockTolerance: settings.clockToleranceSeconds,
    ...(settings.issuer !== undefined && { issuer: settings.issuer }),
    ...(settings.audience !== undefined && { audience: settings.audience }),
  };

  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keyFor, options));
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { ok: false, reason: 'expired', detail: error.code };
      // jose's codes and messages name the failed check ("unexpected \"aud\" claim value"), never the token.
      if (error instanceof errors.JOSEError) return { ok: false, reason: 'invalid', detail: `${error.code}: ${error.message}` };
      throw error;
    }
    return callerFromClaims(payload, settings, tenants);
  };
}

const SUBJECT = /^[^\p{Cc}\s]{1,200}$/u;

function callerFromClaims(payload: JWTPayload, settings: JwtSettings, tenants: ReadonlySet<string>): TokenResult {
  const { sub } = payload;
  if (typeof sub !== 'string' || !SUBJECT.test(sub)) return { ok: false, reason: 'invalid', detail: 'the "sub" claim is not a plain name' };
  const scopes = scopesFrom(payload[settings.scopesClaim]);
  if (scopes === undefined) return { ok: false, reason: 'invalid', detail: `the "${settings.scopesClaim}" claim is neither a string nor a list of strings` };
  // With tenants configured, a token must say whose it is: an identity provider shared by several
  // tenants would otherwise hand every token without the claim the default tenant's platforms.
  if (payload[settings.tenantClaim] === undefined && tenants.size > 0) {
    return { ok: false, reason: 'invalid', detail: `the "${settings.tenantClaim}" claim is required when tenants are configured` };
  }
  const tenant = payload[settings.tenantClaim] ?? DEFAULT_TENANT;
  if (typeof tenant !== 'string' || (tenant !== DEFAULT_TENANT && !tenants.has(tenant))) {
    return { ok: false, reason: 'invalid', detail: `the "${settings.tenantClaim}" claim names no configured tenant` };
  }
  const restrictionClaim = settings.trustedDocumentsOnlyClaim ?? 'trusted_documents_only';
  const restricted = payload[restrictionClaim];
  if (restricted !== undefined && typeof restricted !== 'boolean') {
    return { ok: false, reason: 'invalid', detail: `the "${restrictionClaim}" claim is not true or false` };
  }
  return { ok: true, caller: Object.freeze({ name: `jwt:${sub}`, kind: 'jwt', scopes, tenant, ...(restricted === true && { trustedDocumentsOnly: true }) }) };
}

/** A space-separated string (RFC 8693 `scope`) or a list; scopes this gateway does not know are ignored. */
function scopesFrom(claim: unknown): ReadonlySet<Scope> | undefined {
  if (claim === undefined) return new Set();
  const values = typeof claim === 'string' ? claim.split(' ') : claim;
  if (!Array.isArray(values) || !values.every((value): value is string => typeof value === 'string')) return undefined;
  return new Set(values.filter(isScope));
}
