import type { ApiKeyEntry, AuthFile, JwtSettings } from './auth-file.js';
import { API_KEY_PREFIX, hashApiKey } from './api-keys.js';
import { ANONYMOUS_CALLER, type Caller } from './caller.js';
import { createJwtVerifier } from './jwt.js';

/**
 * Who is calling, from the `Authorization` header. The HTTP endpoint calls this before Apollo Server and
 * answers 401 UNAUTHENTICATED for any failure; `reason` and `detail` are for the log line only (they
 * never contain the token).
 */
export type AuthResult = { ok: true; caller: Caller } | { ok: false; reason: 'missing' | 'invalid' | 'expired'; detail: string };

export interface Authenticator {
  readonly mode: 'on' | 'off';
  authenticate(authorizationHeader: string | undefined): Promise<AuthResult>;
}

export type AuthenticatorOptions =
  /** Everyone is the anonymous caller (all scopes, default tenant): development, or GATEWAY_AUTH=off. */
  | { mode: 'off' }
  | {
      mode: 'on';
      keys: readonly ApiKeyEntry[];
      /** Tenants a caller may belong to besides `default`. */
      tenants: Iterable<string>;
      jwt?: JwtSettings | undefined;
    };

/** The options for an auth file's keys, tenants and JWT settings. */
export function authenticatorOptions(file: AuthFile): AuthenticatorOptions {
  return { mode: 'on', keys: file.keys, tenants: file.tenants.keys(), jwt: file.jwt };
}

/** RFC 6750: `Bearer` (any case), one or more spaces, one b64token. Anything else is not a bearer token. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
/** Three base64url parts: the compact form of a signed JWT. */
const JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/** Far above any real key or token, well below Node's header limit: no hashing of megabytes. */
const MAX_TOKEN_LENGTH = 8192;

export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  if (options.mode === 'off') return { mode: 'off', authenticate: () => Promise.resolve({ ok: true, caller: ANONYMOUS_CALLER }) };

  const tenants = new Set(options.tenants);
  const callersByHash = new Map<string, Caller>(
    options.keys.map((key) => [key.hash, Object.freeze({ name: key.name, kind: 'api-key', scopes: new Set(key.scopes), tenant: key.tenant, trustedDocumentsOnly: key.trustedDocumentsOnly })]),
  );
  const verifyJwt = options.jwt === undefined ? undefined : createJwtVerifier(options.jwt, tenants);

  return {
    mode: 'on',
    async authenticate(header) {
      if (header === undefined || header.trim() === '') return { ok: false, reason: 'missing', detail: 'no Authorization header' };
      const token = BEARER.exec(header)?.[1];
      if (token === undefined || token.length > MAX_TOKEN_LENGTH) {
        return { ok: false, reason: 'invalid', detail: 'the Authorization header is not "Bearer <token>"' };
      }
      if (token.startsWith(API_KEY_PREFIX)) {
        // One hash and one Map lookup per request (see api-keys.ts for why a fast hash is right here).
        const caller = callersByHash.get(hashApiKey(token));
        return caller ? { ok: true, caller } : { ok: false, reason: 'invalid', detail: 'unknown API key' };
      }
      if (verifyJwt !== undefined && JWS.test(token)) return verifyJwt(token);
      return { ok: false, reason: 'invalid', detail: verifyJwt ? 'neither an API key nor a JWT' : 'not an API key (JWTs are not configured)' };
    },
  };
}
