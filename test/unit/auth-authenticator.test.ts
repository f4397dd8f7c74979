import { createHmac, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import { generateApiKey, hashApiKey } from '../../src/access/api-keys';
import type { JwtSettings } from '../../src/access/auth-file';
import { createAuthenticator, type AuthResult } from '../../src/access/authenticator';
import { ANONYMOUS_CALLER } from '../../src/access/caller';

const SECRET = 'hs256-shared-secret-at-least-32-characters-long';
const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const trusted = rsa();
const stranger = rsa();
const PUBLIC_PEM = trusted.publicKey.export({ type: 'spki', format: 'pem' }).toString();

const BILLING_KEY = generateApiKey();
const ACME_KEY = generateApiKey();
const keys = [
  { name: 'billing', hash: hashApiKey(BILLING_KEY), scopes: ['read', 'agents:write'] as const, tenant: 'default' },
  { name: 'acme-ops', hash: hashApiKey(ACME_KEY), scopes: ['users:write'] as const, tenant: 'acme' },
].map((key) => ({ ...key, scopes: [...key.scopes] }));

const jwtDefaults: JwtSettings = { algorithms: ['HS256'], secret: SECRET, scopesClaim: 'scope', tenantClaim: 'tenant', clockToleranceSeconds: 30 };

function authenticator(jwt?: Partial<JwtSettings>) {
  return createAuthenticator({ mode: 'on', keys, tenants: ['acme'], jwt: jwt && { ...jwtDefaults, ...jwt } });
}

const now = () => Math.floor(Date.now() / 1000);

/**
 * A token signed as an identity provider would; `exp` one hour ahead and the default tenant unless the
 * claims say otherwise (`tenant: undefined` leaves the claim out).
 */
function sign(claims: JWTPayload, key: Uint8Array | KeyObject = new TextEncoder().encode(SECRET), alg = 'HS256'): Promise<string> {
  return new SignJWT({ sub: 'svc-42', exp: now() + 3600, tenant: 'default', ...claims }).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);
}

const bearer = (token: string) => `Bearer ${token}`;
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function expectRefused(result: AuthResult, reason: 'missing' | 'invalid' | 'expired', token?: string, detail?: RegExp): void {
  expect(result).toMatchObject({ ok: false, reason });
  if (detail !== undefined) expect(result).toMatchObject({ detail: expect.stringMatching(detail) });
  // Reasons and details go to logs: never the token or a piece of it.
  if (token !== undefined) for (const part of token.split('.').filter((piece) => piece.length > 8)) expect(JSON.stringify(result)).not.toContain(part);
}

describe('createAuthenticator with authentication off', () => {
  it('makes every request the anonymous caller, whatever it sends', async () => {
    const off = createAuthenticator({ mode: 'off' });
    expect(off.mode).toBe('off');
    for (const header of [undefined, '', 'Bearer cgw_nope', 'Basic x']) {
      expect(await off.authenticate(header)).toEqual({ ok: true, caller: ANONYMOUS_CALLER });
    }
  });
});

describe('createAuthenticator: the Authorization header', () => {
  const auth = authenticator();

  it('is missing when absent or blank', async () => {
    expectRefused(await auth.authenticate(undefined), 'missing');
    expectRefused(await auth.authenticate(''), 'missing');
    expectRefused(await auth.authenticate('   '), 'missing');
  });

  it('accepts "Bearer" in any case with one or more spaces before exactly one token', async () => {
    for (const header of [`Bearer ${BILLING_KEY}`, `bearer ${BILLING_KEY}`, `BEARER   ${BILLING_KEY}`, `Bearer ${BILLING_KEY} `]) {
      expect(await auth.authenticate(header)).toMatchObject({ ok: true, caller: { name: 'billing' } });
    }
  });

  it('is invalid when it is not one bearer token', async () => {
    for (const header of [
      BILLING_KEY,
      `Basic ${BILLING_KEY}`,
      'Bearer',
      'Bearer ',
      `Bearer ${BILLING_KEY} ${ACME_KEY}`,
      `Bearer ${BILLING_KEY},Bearer x`,
      `Bearer\t${BILLING_KEY}`,
      `Bearer "${BILLING_KEY}"`,
      `Bearer ${BILLING_KEY}\u0000`,
      `Bearer cgw_${'a'.repeat(9000)}`,
    ]) {
      expectRefused(await auth.authenticate(header), 'invalid', BILLING_KEY);
    }
  });
});

describe('createAuthenticator: API keys', () => {
  const auth = authenticator();

  it('finds each key by its hash and gives its name, scopes and tenant', async () => {
    const billing = await auth.authenticate(bearer(BILLING_KEY));
    expect(billing).toEqual({ ok: true, caller: { name: 'billing', kind: 'api-key', scopes: new Set(['read', 'agents:write']), tenant: 'default' } });
    const acme = await auth.authenticate(bearer(ACME_KEY));
    expect(acme).toEqual({ ok: true, caller: { name: 'acme-ops', kind: 'api-key', scopes: new Set(['users:write']), tenant: 'acme' } });
  });

  it('refuses an unknown key, a key one character off, and the stored hash presented as a key', async () => {
    const unknown = generateApiKey();
    expectRefused(await auth.authenticate(bearer(unknown)), 'invalid', unknown);
    const oneOff = `${BILLING_KEY.slice(0, -1)}${BILLING_KEY.endsWith('A') ? 'B' : 'A'}`;
    expectRefused(await auth.authenticate(bearer(oneOff)), 'invalid', oneOff);
    expectRefused(await auth.authenticate(bearer(hashApiKey(BILLING_KEY).slice('sha256:'.length))), 'invalid');
  });

  it('refuses a JWT-shaped token when no JWT settings are configured', async () => {
    const token = await sign({ scope: 'read' });
    expectRefused(await auth.authenticate(bearer(token)), 'invalid', token, /JWTs are not configured/);
  });
});

describe('createAuthenticator: HS256 JWTs', () => {
  const auth = authenticator({ algorithms: ['HS256'], issuer: 'https://login.example.com', audience: 'chat-gateway' });
  const valid = { iss: 'https://login.example.com', aud: 'chat-gateway', scope: 'read users:write' };

  it('accepts a valid token and names the caller after its subject', async () => {
    expect(await auth.authenticate(bearer(await sign(valid)))).toEqual({
      ok: true,
      caller: { name: 'jwt:svc-42', kind: 'jwt', scopes: new Set(['read', 'users:write']), tenant: 'default' },
    });
  });

  it('reports an expired token as expired, and accepts one within the clock tolerance', async () => {
    const expired = await sign({ ...valid, exp: now() - 120 });
    expectRefused(await auth.authenticate(bearer(expired)), 'expired', expired, /^ERR_JWT_EXPIRED$/);
    expect(await auth.authenticate(bearer(await sign({ ...valid, exp: now() - 5 })))).toMatchObject({ ok: true });
  });

  it('refuses tokens without exp or sub, and tokens not valid yet', async () => {
    const cases: Array<[JWTPayload, RegExp]> = [
      [{ exp: undefined }, /missing required "exp" claim/],
      [{ sub: undefined }, /missing required "sub" claim/],
      [{ sub: 'two\nlines' }, /"sub" claim is not a plain name/],
      [{ nbf: now() + 600 }, /"nbf" claim timestamp check failed/],
    ];
    for (const [claims, detail] of cases) {
      const token = await sign({ ...valid, ...claims });
      expectRefused(await auth.authenticate(bearer(token)), 'invalid', token, detail);
    }
  });

  it('refuses a wrong issuer or audience, or none when they are configured', async () => {
    for (const claims of [{ iss: 'https://evil.example.com' }, { aud: 'another-api' }, { iss: undefined }, { aud: undefined }]) {
      const token = await sign({ ...valid, ...claims });
      expectRefused(await auth.authenticate(bearer(token)), 'invalid', token, /^ERR_JWT_CLAIM_VALIDATION_FAILED: (unexpected|missing required) "(iss|aud)" claim/);
    }
  });

  it('refuses a token signed with another secret', async () => {
    const token = await sign(valid, new TextEncoder().encode('another-secret-that-is-long-enough-too!'));
    expectRefused(await auth.authenticate(bearer(token)), 'invalid', token, /^ERR_JWS_SIGNATURE_VERIFICATION_FAILED/);
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const token = await sign({ ...valid, scope: 'read' });
    const [header, , signature] = token.split('.');
    const forged = `${header}.${b64({ sub: 'svc-42', exp: now() + 3600, ...valid, scope: 'read agents:write users:write' })}.${signature}`;
    expectRefused(await auth.authenticate(bearer(forged)), 'invalid', forged, /^ERR_JWS_SIGNATURE_VERIFICATION_FAILED/);
  });

  it('refuses an unsigned token (alg: none), with or without a signature part', async () => {
    const payload = b64({ sub: 'svc-42', exp: now() + 3600, ...valid });
    for (const token of [`${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`, `${b64({ alg: 'none' })}.${payload}.c2ln`]) {
      expectRefused(await auth.authenticate(bearer(token)), 'invalid', token, /^ERR_JOSE_ALG_NOT_ALLOWED/);
    }
  });

  it('refuses an RS256 token when only HS256 is configured, even one signed with a trusted key', async () => {
    const token = await sign(valid, trusted.privateKey, 'RS256');
    expectRefused(await auth.authenticate(bearer(token)), 'invalid', token, /^ERR_JOSE_ALG_NOT_ALLOWED/);
  });

  it('refuses HS384/HS512 tokens made with the right secret: only the listed algorithms count', async () => {
    for (const alg of ['HS384', 'HS512']) {
      const token = await sign(valid, new TextEncoder().encode(SECRET), alg);
      expectRefused(await auth.authenticate(bearer(token)), 'invalid', token, /^ERR_JOSE_ALG_NOT_ALLOWED/);
    }
  });
});

describe('createAuthenticator: RS256 JWTs', () => {
  it('accepts a token signed by the configured public key’s private key', async () => {
    const auth = authenticator({ algorithms: ['RS256'], secret: undefined, publicKey: PUBLIC_PEM });
    expect(await auth.authenticate(bearer(await sign({ scope: ['read'] }, trusted.privateKey, 'RS256')))).toMatchObject({
      ok: true,
      caller: { name: 'jwt:svc-42', kind: 'jwt', scopes: new Set(['read']) },
    });
  });

  it('refuses a token signed by another key, an expired one, and an HS256 one', async () => {
    const auth = authenticator({ algorithms: ['RS256'], secret: undefined, publicKey: PUBLIC_PEM });
    const other = await sign({ scope: 'read' }, stranger.privateKey, 'RS256');
    expectRefused(await auth.authenticate(bearer(other)), 'invalid', other, /^ERR_JWS_SIGNATURE_VERIFICATION_FAILED/);
    const expired = await sign({ scope: 'read', exp: now() - 3600 }, trusted.privateKey, 'RS256');
    expectRefused(await auth.authenticate(bearer(expired)), 'expired', expired);
    const hs = await sign({ scope: 'read' });
    expectRefused(await auth.authenticate(bearer(hs)), 'invalid', hs, /^ERR_JOSE_ALG_NOT_ALLOWED/);
  });

  it('is not fooled by an HS256 token whose HMAC key is the public key (algorithm confusion)', async () => {
    const forge = (pem: string) => {
      const signingInput = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'attacker', exp: now() + 3600, scope: 'read agents:write users:write' })}`;
      return `${signingInput}.${createHmac('sha256', pem).update(signingInput).digest('base64url')}`;
    };
    const rsOnly = authenticator({ algorithms: ['RS256'], secret: undefined, publicKey: PUBLIC_PEM });
    const both = authenticator({ algorithms: ['HS256', 'RS256'], publicKey: PUBLIC_PEM });
    const token = forge(PUBLIC_PEM);
    expectRefused(await rsOnly.authenticate(bearer(token)), 'invalid', token, /^ERR_JOSE_ALG_NOT_ALLOWED/);
    expectRefused(await both.authenticate(bearer(token)), 'invalid', token, /^ERR_JWS_SIGNATURE_VERIFICATION_FAILED/);
    // With both algorithms configured, each keeps its own key: both kinds of honest token pass.
    expect(await both.authenticate(bearer(await sign({}, trusted.privateKey, 'RS256')))).toMatchObject({ ok: true });
    expect(await both.authenticate(bearer(await sign({})))).toMatchObject({ ok: true });
  });
});

describe('createAuthenticator: JWT claims to scopes and tenant', () => {
  const resultOf = async (claims: JWTPayload, settings: Partial<JwtSettings> = {}) => authenticator(settings).authenticate(bearer(await sign(claims)));
  const callerOf = async (claims: JWTPayload, settings?: Partial<JwtSettings>) => {
    const result = await resultOf(claims, settings);
    if (!result.ok) throw new Error(`refused: ${result.detail}`);
    return result.caller;
  };

  it('reads scopes from a space-separated string or a list, ignoring scopes it does not know', async () => {
    expect((await callerOf({ scope: 'read  admin users:write openid' })).scopes).toEqual(new Set(['read', 'users:write']));
    expect((await callerOf({ scope: ['agents:write', 'READ', 'profile'] })).scopes).toEqual(new Set(['agents:write']));
    expect((await callerOf({})).scopes).toEqual(new Set());
  });

  it('refuses a scope claim that is neither a string nor a list of strings', async () => {
    for (const scope of [42, { read: true }, ['read', 7]]) {
      expect(await resultOf({ scope })).toEqual({ ok: false, reason: 'invalid', detail: 'the "scope" claim is neither a string nor a list of strings' });
    }
  });

  it('puts the caller in the tenant its claim names', async () => {
    expect((await callerOf({ tenant: 'default' })).tenant).toBe('default');
    expect((await callerOf({ tenant: 'acme' })).tenant).toBe('acme');
  });

  it('requires the tenant claim when tenants are configured, and defaults without them', async () => {
    expect(await resultOf({ scope: 'read', tenant: undefined })).toEqual({
      ok: false,
      reason: 'invalid',
      detail: 'the "tenant" claim is required when tenants are configured',
    });
    const single = createAuthenticator({ mode: 'on', keys, tenants: [], jwt: jwtDefaults });
    expect(await single.authenticate(bearer(await sign({ scope: 'read', tenant: undefined })))).toMatchObject({ ok: true, caller: { tenant: 'default' } });
  });

  it('refuses a tenant that is not configured', async () => {
    for (const tenant of ['globex', 'ACME', '__proto__', 'constructor', 7, ['acme']]) {
      expect(await resultOf({ tenant })).toEqual({ ok: false, reason: 'invalid', detail: 'the "tenant" claim names no configured tenant' });
    }
  });

  it('reads other claim names when configured', async () => {
    const caller = await callerOf({ permissions: ['read'], org: 'acme', scope: 'users:write', tenant: 'nowhere' }, { scopesClaim: 'permissions', tenantClaim: 'org' });
    expect(caller).toMatchObject({ scopes: new Set(['read']), tenant: 'acme' });
  });
});
