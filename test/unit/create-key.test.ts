import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_KEY_PATTERN, generateApiKey, hashApiKey } from '../../src/access/api-keys';
import { loadAuthFile } from '../../src/access/auth-file';
import { authenticatorOptions, createAuthenticator } from '../../src/access/authenticator';
import { main, USAGE } from '../../src/cli/create-key';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'create-key-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function cli(...argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) });
  return { code, stdout, stderr };
}

/** The printed key, after checking that stdout holds it alone and stderr does not hold it. */
function printedKey(result: { code: number; stdout: string; stderr: string }): string {
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^cgw_[A-Za-z0-9_-]{43}\n$/);
  const key = result.stdout.trim();
  expect(key).toMatch(API_KEY_PATTERN);
  expect(result.stderr).not.toContain(key);
  expect(result.stderr).toContain('store it now');
  return key;
}

const OTHER_HASH = hashApiKey(generateApiKey());
const EXISTING_YAML = `# Auth file of the staging gateway
keys:
  # the billing app, owned by team payments
  - name: billing
    hash: ${OTHER_HASH}
    scopes: [read]
    tenant: default

tenants:
  acme: # ACME's own Rocket.Chat
    rocketchat: { url: "https://chat.acme.example", userId: svc, authToken: "rc-secret" }
`;

describe('key:create (main)', () => {
  it('creates the folders of a new auth file that do not exist yet, readable by their owner only', () => {
    const file = join(dir, 'auth', 'staging', 'auth.yaml');
    const key = printedKey(cli('--name', 'first', '--scopes', 'read', '--file', file));
    expect(loadAuthFile(file).keys.map((entry) => entry.hash)).toEqual([hashApiKey(key)]);
    expect(statSync(join(dir, 'auth')).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('prints usage for --help and writes nothing', () => {
    const result = cli('--help');
    expect(result).toEqual({ code: 0, stdout: USAGE, stderr: '' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('creates a YAML auth file (mode 0600) whose key the gateway then accepts', async () => {
    const file = join(dir, 'auth.yaml');
    const key = printedKey(cli('--name', 'billing-frontend', '--scopes', 'read, agents:write', '--file', file));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(`hash: ${hashApiKey(key)}`);
    expect(text).toContain('scopes: [ read, agents:write ]');
    expect(text).not.toContain(key);
    const authFile = loadAuthFile(file);
    expect(authFile.keys).toEqual([{ name: 'billing-frontend', hash: hashApiKey(key), scopes: ['read', 'agents:write'], tenant: 'default' }]);
    const result = await createAuthenticator(authenticatorOptions(authFile)).authenticate(`Bearer ${key}`);
    expect(result).toMatchObject({ ok: true, caller: { name: 'billing-frontend', kind: 'api-key', tenant: 'default' } });
    expect(readdirSync(dir)).toEqual(['auth.yaml']);
  });

  it('creates and appends to a JSON auth file', () => {
    const file = join(dir, 'auth.json');
    const first = printedKey(cli('--name', 'one', '--scopes', 'read', '--file', file));
    const second = printedKey(cli('--name', 'two', '--scopes', 'users:write,users:write', '--file', file));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      keys: [
        { name: 'one', hash: hashApiKey(first), scopes: ['read'], tenant: 'default' },
        { name: 'two', hash: hashApiKey(second), scopes: ['users:write'], tenant: 'default' },
      ],
    });
  });

  it('marks a front-end key as limited to trusted documents (--trusted-documents-only), which the gateway then enforces', async () => {
    const file = join(dir, 'auth.yaml');
    const result = cli('--name', 'console', '--scopes', 'read', '--trusted-documents-only', '--file', file);
    const key = printedKey(result);
    expect(result.stderr).toContain('trusted documents only');
    expect(loadAuthFile(file).keys).toEqual([{ name: 'console', hash: hashApiKey(key), scopes: ['read'], tenant: 'default', trustedDocumentsOnly: true }]);
    const outcome = await createAuthenticator(authenticatorOptions(loadAuthFile(file))).authenticate(`Bearer ${key}`);
    expect(outcome).toMatchObject({ ok: true, caller: { name: 'console', trustedDocumentsOnly: true } });
  });

  it('appends to an existing YAML file, keeping its comments, entries, tenants and permissions', () => {
    const file = join(dir, 'auth.yml');
    writeFileSync(file, EXISTING_YAML);
    chmodSync(file, 0o640);
    const key = printedKey(cli('--name', 'acme-ops', '--scopes', 'users:write', '--tenant', 'acme', '--file', file));
    const text = readFileSync(file, 'utf8');
    for (const kept of ['# Auth file of the staging gateway', '# the billing app, owned by team payments', "ACME's own Rocket.Chat", `hash: ${OTHER_HASH}`]) {
      expect(text).toContain(kept);
    }
    expect(statSync(file).mode & 0o777).toBe(0o640);
    const authFile = loadAuthFile(file);
    expect(authFile.keys.map((entry) => [entry.name, entry.tenant])).toEqual([
      ['billing', 'default'],
      ['acme-ops', 'acme'],
    ]);
    expect(authFile.keys[1]?.hash).toBe(hashApiKey(key));
    expect(authFile.tenants.get('acme')?.rocketchat?.authToken).toBe('rc-secret');
  });

  it('adds to a file with only comments, or an empty keys entry', () => {
    const comments = join(dir, 'comments.yaml');
    writeFileSync(comments, '# keys go here\n');
    printedKey(cli('--name', 'app', '--scopes', 'read', '--file', comments));
    expect(readFileSync(comments, 'utf8')).toMatch(/^# keys go here\n/);
    expect(loadAuthFile(comments).keys).toHaveLength(1);
    const empty = join(dir, 'empty.yaml');
    writeFileSync(empty, 'keys:\njwt: { algorithms: [HS256], secret: "0123456789abcdef0123456789abcdef" }\n');
    printedKey(cli('--name', 'app', '--scopes', 'read', '--file', empty));
    expect(loadAuthFile(empty).keys).toHaveLength(1);
  });

  it('updates the target of a symbolic link and keeps the link', () => {
    const target = join(dir, 'real.yaml');
    const link = join(dir, 'auth.yaml');
    writeFileSync(target, EXISTING_YAML);
    symlinkSync(target, link);
    printedKey(cli('--name', 'app', '--scopes', 'read', '--file', link));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(loadAuthFile(target).keys.map((entry) => entry.name)).toEqual(['billing', 'app']);
  });

  describe('refuses with exit code 2, printing no key and leaving the file untouched', () => {
    function expectRefused(result: { code: number; stdout: string; stderr: string }, message: string | RegExp): void {
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/cgw_[A-Za-z0-9_-]{43}/);
    }

    it('a name that is already taken', () => {
      const file = join(dir, 'auth.yaml');
      writeFileSync(file, EXISTING_YAML);
      expectRefused(cli('--name', 'billing', '--scopes', 'read', '--file', file), 'key:create: a key named "billing" already exists: choose another name (or remove the old entry first)\n');
      expect(readFileSync(file, 'utf8')).toBe(EXISTING_YAML);
      const json = join(dir, 'auth.json');
      const before = `${JSON.stringify({ keys: [{ name: 'billing', hash: OTHER_HASH, scopes: ['read'], tenant: 'default' }] })}\n`;
      writeFileSync(json, before);
      expectRefused(cli('--name', 'billing', '--scopes', 'read', '--file', json), /a key named "billing" already exists/);
      expect(readFileSync(json, 'utf8')).toBe(before);
    });

    it('an unknown scope, and no scope at all', () => {
      const file = join(dir, 'auth.yaml');
      expectRefused(cli('--name', 'app', '--scopes', 'read,admin,write', '--file', file), 'key:create: unknown scope "admin", "write": the scopes are read, agents:write, users:write, people:write, events:read, traces:read\n');
      expectRefused(cli('--name', 'app', '--scopes', ' , ', '--file', file), /--scopes must list at least one/);
      expect(existsSync(file)).toBe(false);
    });

    it('a tenant the file does not define', () => {
      const file = join(dir, 'auth.yaml');
      writeFileSync(file, EXISTING_YAML);
      expectRefused(
        cli('--name', 'app', '--scopes', 'read', '--tenant', 'globex', '--file', file),
        /would not be valid with this key, so nothing was written:\n {2}- keys\[1\]\.tenant "globex" is not defined/,
      );
      expect(readFileSync(file, 'utf8')).toBe(EXISTING_YAML);
      expectRefused(cli('--name', 'app', '--scopes', 'read', '--tenant', 'globex', '--file', join(dir, 'new.json')), /keys\[0\]\.tenant "globex" is not defined/);
      expect(readdirSync(dir)).toEqual(['auth.yaml']);
    });

    it('an auth file that is broken, without quoting it', () => {
      const cases = {
        'syntax.yaml': `${EXISTING_YAML}  broken: [rc-secret-2\n`,
        'list.yaml': '- a\n- b\n',
        'keys.yaml': 'keys: { name: x }\n',
        'plain.yaml': `keys:\n  - { name: old, hash: ${generateApiKey()}, scopes: [read], tenant: default }\n`,
        'syntax.json': '{"keys": [}',
        'keys.json': '{"keys": "none"}',
      };
      for (const [name, text] of Object.entries(cases)) {
        const file = join(dir, name);
        writeFileSync(file, text);
        const result = cli('--name', 'app', '--scopes', 'read', '--file', file);
        expectRefused(result, /would not be valid with this key, so nothing was written:\n {2}- /);
        expect(result.stderr).not.toContain('rc-secret');
        expect(readFileSync(file, 'utf8')).toBe(text);
      }
      expect(readdirSync(dir).sort()).toEqual(Object.keys(cases).sort());
    });

    it('missing or malformed arguments', () => {
      const file = join(dir, 'auth.yaml');
      expectRefused(cli('--name', 'app', '--scopes', 'read'), /--name, --scopes and --file are required/);
      expectRefused(cli('--name', 'App Name', '--scopes', 'read', '--file', file), /--name must be 1–64 characters/);
      expectRefused(cli('--name', 'app', '--scopes', 'read', '--tenant', '../x', '--file', file), /--tenant must be 1–64 characters/);
      expectRefused(cli('--name', 'app', '--scopes', 'read', '--file', join(dir, 'auth.txt')), /--file must end in .json, .yaml or .yml/);
      expectRefused(cli('--name', 'app', '--scopes', 'read', '--file', file, '--secret', 'x'), /Unknown option '--secret'/);
      expectRefused(cli('--name', 'app', '--scopes', 'read', '--file', file, 'extra'), /Unexpected argument 'extra'/);
      expect(readdirSync(dir)).toEqual([]);
    });
  });

  it('exits 1 when the file cannot be written (its "folder" is a file), printing no key', () => {
    writeFileSync(join(dir, 'not-a-folder'), '');
    const result = cli('--name', 'app', '--scopes', 'read', '--file', join(dir, 'not-a-folder', 'auth.yaml'));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^key:create: (ENOTDIR|EEXIST): /);
  });
});
