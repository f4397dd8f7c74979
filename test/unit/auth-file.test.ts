import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateApiKey, hashApiKey } from '../../src/access/api-keys';
import { AuthFileError, authFileFormat, loadAuthFile, parseAuthFile, type AuthFileFormat } from '../../src/access/auth-file';

const HASH_A = hashApiKey('cgw_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
const HASH_B = hashApiKey('cgw_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb');
const { publicKey: PUBLIC_PEM, privateKey: PRIVATE_PEM } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const JWT_SECRET = 'a-shared-secret-of-more-than-32-characters';

const FULL_YAML = `
# API keys of the gateway
keys:
  - name: billing-frontend          # the billing app
    hash: ${HASH_A}
    scopes: [read, agents:write]
    tenant: default
  - name: acme.ops
    hash: "${HASH_B.toUpperCase().replace('SHA256', 'sha256')}"
    scopes: [read, users:write]
    tenant: acme
tenants:
  acme:
    rocketchat: { url: "https://chat.acme.example/base", userId: svc, authToken: rc-token-secret, maxConnections: 16 }
    jelou: { url: "https://api.jelou.ai", clientId: acme-client, clientSecret: jelou-secret, authScheme: raw }
    imi: { url: "https://acme.imi.chat", teamId: 101, accessToken: imi-token-secret }
  beta:
    imi: { url: "https://beta.imi.chat", teamId: "202", apiKey: imi-key-secret, domain: beta.example }
jwt:
  algorithms: [HS256, RS256]
  secret: ${JWT_SECRET}
  publicKey: |
${PUBLIC_PEM.trim()
  .split('\n')
  .map((line) => `    ${line}`)
  .join('\n')}
  issuer: https://login.example.com
  audience: chat-gateway
`;

function problemsOf(text: string, format: AuthFileFormat = 'yaml'): string[] {
  try {
    parseAuthFile(text, format);
  } catch (error) {
    if (error instanceof AuthFileError) return error.problems;
    throw error;
  }
  throw new Error('the file was accepted');
}

const oneKey = `keys:\n  - { name: app, hash: "${HASH_A}", scopes: [read], tenant: default }\n`;

describe('parseAuthFile', () => {
  it('reads keys, tenants and JWT settings from YAML, with defaults for what is left out', () => {
    const file = parseAuthFile(FULL_YAML, 'yaml');
    expect(file.keys).toEqual([
      { name: 'billing-frontend', hash: HASH_A, scopes: ['read', 'agents:write'], tenant: 'default' },
      { name: 'acme.ops', hash: HASH_B, scopes: ['read', 'users:write'], tenant: 'acme' },
    ]);
    expect([...file.tenants.keys()]).toEqual(['acme', 'beta']);
    expect(file.tenants.get('acme')).toEqual({
      rocketchat: { url: new URL('https://chat.acme.example/base'), userId: 'svc', authToken: 'rc-token-secret', maxConnections: 16 },
      jelou: { url: new URL('https://api.jelou.ai'), clientId: 'acme-client', clientSecret: 'jelou-secret', authScheme: 'raw' },
      imi: { url: new URL('https://acme.imi.chat'), teamId: '101', auth: { kind: 'access-token', accessToken: 'imi-token-secret' } },
    });
    expect(file.tenants.get('beta')).toEqual({
      imi: { url: new URL('https://beta.imi.chat'), teamId: '202', auth: { kind: 'api-key', apiKey: 'imi-key-secret', domain: 'beta.example' } },
    });
    expect(file.jwt).toEqual({
      algorithms: ['HS256', 'RS256'],
      secret: JWT_SECRET,
      publicKey: `${PUBLIC_PEM.trim()}\n`,
      issuer: 'https://login.example.com',
      audience: 'chat-gateway',
      scopesClaim: 'scope',
      tenantClaim: 'tenant',
      trustedDocumentsOnlyClaim: 'trusted_documents_only',
      clockToleranceSeconds: 30,
    });
    // No manifests registered: only the typed client's (and GATEWAY_TRUSTED_DOCUMENTS_DIR's) are trusted.
    expect(file.trustedDocuments).toEqual([]);
  });

  it('reads the same file written as JSON', () => {
    const json = JSON.stringify({
      keys: [{ name: 'app', hash: HASH_A, scopes: ['read'], tenant: 'acme' }],
      tenants: { acme: { rocketchat: { url: 'http://rc.internal:3000', userId: 'svc', authToken: 'token' } } },
      jwt: { algorithms: ['RS256'], publicKey: PUBLIC_PEM, scopesClaim: 'permissions', tenantClaim: 'org', clockToleranceSeconds: 0 },
    });
    const file = parseAuthFile(json, 'json');
    expect(file.keys[0]).toEqual({ name: 'app', hash: HASH_A, scopes: ['read'], tenant: 'acme' });
    expect(file.tenants.get('acme')?.rocketchat?.url.href).toBe('http://rc.internal:3000/');
    expect(file.jwt).toMatchObject({ algorithms: ['RS256'], scopesClaim: 'permissions', tenantClaim: 'org', clockToleranceSeconds: 0 });
  });

  it('accepts a file with JWT settings and no keys, and one with keys and no tenants', () => {
    expect(parseAuthFile(`jwt: { algorithms: [HS256], secret: ${JWT_SECRET} }`, 'yaml').keys).toEqual([]);
    expect(parseAuthFile(oneKey, 'yaml').tenants.size).toBe(0);
  });

  it('lists every problem of the file at once, each with its path, and quotes no secret', () => {
    const plainKey = generateApiKey();
    const text = `
keys:
  - name: Billing App
    hash: ${plainKey}
    scopes: [read, admin]
    tenant: nowhere
    extra: 1
  - name: second
    hash: sha256:1234
    scopes: []
    tenant: default
  - name: second
    hash: ${HASH_A}
    scopes: [read]
    tenant: default
  - name: third
    hash: ${HASH_A}
    scopes: [read]
  - just-a-string
tenants:
  default: { rocketchat: { url: "https://x.example", userId: u, authToken: t } }
  Acme: {}
  ok:
    rocketchat: { url: "ftp://rc.example", userId: u, authToken: 12345, maxConnections: 0 }
    jelou: { url: "https://j.example/?token=jelou-url-secret", clientId: c, clientSecret: jelou-secret-value, authScheme: digest }
    imi: { url: "https://i.example", teamId: -3, accessToken: imi-token-value, apiKey: imi-key-value }
    slack: {}
  empty: {}
jwt:
  algorithms: [HS256, none]
  secret: short-secret-value
  publicKey: not a key
  clockToleranceSeconds: 9000
  issuer: ""
unknown: true
`;
    expect(problemsOf(text).sort()).toEqual(
      [
        'keys[0].name must be 1–64 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit',
        'keys[0].hash is a plain API key: store its hash (see `npm run key:create`), never the key itself',
        'keys[0].scopes[1] must be one of read, agents:write, users:write, people:write, events:read, traces:read',
        'keys[0] has unknown field "extra" (a typo?)',
        'keys[0].tenant "nowhere" is not defined: use "default" or a tenant listed under tenants',
        'keys[1].hash must be "sha256:" followed by 64 hex digits',
        'keys[1].scopes must list at least one scope',
        'keys[2].name "second" is already the name of keys[1]',
        'keys[3].hash is the same as keys[2].hash: one secret cannot be two keys',
        'keys[3].tenant is required',
        'keys[4] must be a mapping',
        'tenants.default is defined by the platform environment variables and cannot be redefined here',
        'tenants.Acme must be 1–64 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit (tenant names)',
        'tenants.Acme must configure at least one platform (rocketchat, jelou or imi)',
        'tenants.empty must configure at least one platform (rocketchat, jelou or imi)',
        'tenants.ok.rocketchat.url must be an http(s) URL',
        'tenants.ok.rocketchat.authToken must be a string (quote it in YAML)',
        'tenants.ok.rocketchat.maxConnections must be at least 1',
        'tenants.ok.jelou.url must not carry a query string or fragment',
        'tenants.ok.jelou.authScheme must be basic or raw',
        'tenants.ok.imi.teamId must be a positive whole number',
        'tenants.ok.imi needs either accessToken, or apiKey with domain (not both)',
        'tenants.ok has unknown field "slack" (a typo?)',
        'jwt.algorithms[1] must be HS256 or RS256',
        'jwt.secret must be at least 32 characters',
        'jwt.publicKey must be a PEM public key ("-----BEGIN PUBLIC KEY-----")',
        'jwt.publicKey is only used with RS256, which jwt.algorithms does not list',
        'jwt.clockToleranceSeconds must be at most 300',
        'jwt.issuer must not be empty',
        'the file has unknown field "unknown" (a typo?)',
      ].sort(),
    );
    const all = problemsOf(text).join('\n');
    for (const secret of [plainKey, 'jelou-url-secret', 'jelou-secret-value', 'imi-token-value', 'imi-key-value', 'short-secret-value', '12345']) {
      expect(all).not.toContain(secret);
    }
  });

  it('requires the key each listed JWT algorithm verifies with', () => {
    expect(problemsOf('jwt: { algorithms: [HS256, RS256] }')).toEqual(['jwt.secret is required for HS256', 'jwt.publicKey is required for RS256']);
    expect(problemsOf(`jwt: { algorithms: [RS256], secret: ${JWT_SECRET} }`)).toEqual([
      'jwt.secret is only used with HS256, which jwt.algorithms does not list',
      'jwt.publicKey is required for RS256',
    ]);
  });

  it('refuses a private key, or an RSA key that is too short, as the JWT public key', () => {
    const indent = (pem: string) => pem.trim().split('\n').map((line) => `    ${line}`).join('\n');
    expect(problemsOf(`jwt:\n  algorithms: [RS256]\n  publicKey: |\n${indent(PRIVATE_PEM)}\n`)).toEqual([
      'jwt.publicKey is a private key: give the public key only (the gateway never needs the private one)',
    ]);
    const short = generateKeyPairSync('rsa', { modulusLength: 1024, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } }).publicKey;
    expect(problemsOf(`jwt:\n  algorithms: [RS256]\n  publicKey: |\n${indent(short)}\n`)).toEqual(['jwt.publicKey must be an RSA public key of at least 2048 bits']);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } }).publicKey;
    expect(problemsOf(`jwt:\n  algorithms: [RS256]\n  publicKey: |\n${indent(ec)}\n`)).toEqual(['jwt.publicKey must be an RSA public key of at least 2048 bits']);
  });

  it('refuses tenant names that would reach an object prototype, in JSON and YAML', () => {
    const tenants = '{ "__proto__": { "jelou": { "url": "https://j.example", "clientId": "c", "clientSecret": "s" } } }';
    const rule = 'tenants.__proto__ must be 1–64 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit (tenant names)';
    expect(problemsOf(`{ "keys": [{ "name": "app", "hash": "${HASH_A}", "scopes": ["read"], "tenant": "default" }], "tenants": ${tenants} }`, 'json')).toContain(rule);
    expect(problemsOf(`${oneKey}tenants: ${tenants}\n`)).toContain(rule);
  });

  it('refuses a file no caller could authenticate with, and an empty file', () => {
    expect(problemsOf('keys: []')).toEqual(['keys must list at least one API key (or configure jwt): otherwise no caller can authenticate']);
    expect(problemsOf('# nothing yet\n')).toEqual(['the file is empty: it must list keys (see docs/security.md)']);
    expect(problemsOf('- a\n- b\n')).toEqual(['the file must be a mapping']);
  });

  it('reports YAML syntax errors by line and column without quoting the line', () => {
    const problems = problemsOf(`${oneKey}tenants:\n  acme: { rocketchat: { authToken: yaml-secret: x } }\n`);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/^is not valid YAML \([A-Z_]+ at line 4, column \d+\)$/);
    expect(problems.join('\n')).not.toContain('yaml-secret');
    expect(problemsOf(`${oneKey}${oneKey}`)).toContainEqual(expect.stringMatching(/^is not valid YAML \(DUPLICATE_KEY at line 3, column 1\)$/));
  });

  it('reports JSON syntax errors by position without quoting the text', () => {
    const problems = problemsOf('{\n  "keys": [],\n  "tenants": { "acme": "json-secret" x }\n}', 'json');
    expect(problems).toEqual([expect.stringMatching(/^is not valid JSON \(line 3, column \d+\)$/)]);
  });
});

describe('loadAuthFile', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'auth-file-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function loadProblems(path: string): string[] {
    try {
      loadAuthFile(path);
    } catch (error) {
      if (error instanceof AuthFileError) return error.problems;
      throw error;
    }
    return [];
  }

  it('chooses JSON or YAML by the extension', () => {
    expect(authFileFormat('/etc/gateway/auth.json')).toBe('json');
    expect(authFileFormat('auth.YAML')).toBe('yaml');
    expect(authFileFormat('auth.yml')).toBe('yaml');
    expect(authFileFormat('auth.toml')).toBeUndefined();
    writeFileSync(join(dir, 'auth.yml'), oneKey);
    writeFileSync(join(dir, 'auth.json'), JSON.stringify({ keys: [{ name: 'app', hash: HASH_A, scopes: ['read'], tenant: 'default' }] }));
    expect(loadAuthFile(join(dir, 'auth.yml')).keys).toEqual(loadAuthFile(join(dir, 'auth.json')).keys);
  });

  it('reports a missing file, a wrong extension and the problems inside', () => {
    expect(loadProblems(join(dir, 'missing.yaml'))).toEqual(['cannot be read (ENOENT)']);
    writeFileSync(join(dir, 'auth.txt'), oneKey);
    expect(loadProblems(join(dir, 'auth.txt'))).toEqual(['the file name must end in .json, .yaml or .yml']);
    writeFileSync(join(dir, 'auth.yaml'), 'keys: []');
    expect(loadProblems(join(dir, 'auth.yaml'))).toHaveLength(1);
  });
});
