import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashApiKey } from '../../src/access/api-keys';
import { loadAuthFile } from '../../src/access/auth-file';

/**
 * `node dist/cli/create-key.js` as `npm run key:create` runs it: the CLI and the modules it imports,
 * compiled into a temporary folder (dist/ is left alone), then run as a real process.
 */
const root = join(__dirname, '..', '..');
let build: string;

beforeAll(() => {
  build = mkdtempSync(join(tmpdir(), 'create-key-cli-'));
  const options = ['--outDir', join(build, 'dist'), '--rootDir', join(root, 'src'), '--module', 'nodenext', '--moduleResolution', 'nodenext'];
  const strictness = ['--target', 'ES2022', '--strict', '--skipLibCheck', '--esModuleInterop', '--types', 'node'];
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), join(root, 'src', 'cli', 'create-key.ts'), ...options, ...strictness], { cwd: root, stdio: 'pipe' });
  } catch (error) {
    throw new Error(`the CLI does not compile:\n${(error as { stdout?: Buffer }).stdout?.toString() ?? ''}`, { cause: error });
  }
  symlinkSync(join(root, 'node_modules'), join(build, 'node_modules'), 'dir');
});
afterAll(() => rmSync(build, { recursive: true, force: true }));

function runCli(...args: string[]) {
  const result = spawnSync(process.execPath, [join(build, 'dist', 'cli', 'create-key.js'), ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('node dist/cli/create-key.js', () => {
  it('creates the file, prints the key alone on stdout and exits 0', () => {
    const file = join(build, 'auth.yaml');
    const result = runCli('--name', 'billing-frontend', '--scopes', 'read,agents:write', '--file', file);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^cgw_[A-Za-z0-9_-]{43}\n$/);
    const key = result.stdout.trim();
    expect(result.stderr).toContain('store it now');
    expect(result.stderr).not.toContain(key);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadAuthFile(file).keys).toEqual([{ name: 'billing-frontend', hash: hashApiKey(key), scopes: ['read', 'agents:write'], tenant: 'default' }]);
  });

  it('exits 2 on a refusal and leaves the file as it was', () => {
    const file = join(build, 'refusal.yaml');
    expect(runCli('--name', 'app', '--scopes', 'read', '--file', file).code).toBe(0);
    const before = readFileSync(file, 'utf8');
    const duplicate = runCli('--name', 'app', '--scopes', 'read', '--file', file);
    expect(duplicate).toEqual({ code: 2, stdout: '', stderr: expect.stringContaining('a key named "app" already exists') });
    expect(runCli('--name', 'other', '--scopes', 'root', '--file', file)).toMatchObject({ code: 2, stdout: '' });
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('prints usage for --help', () => {
    expect(runCli('--help')).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Usage: npm run key:create -- --name/), stderr: '' });
  });

  it('keeps every key when several key:create runs write the same file at once', async () => {
    const file = join(build, 'concurrent.yaml');
    const runs = Array.from({ length: 8 }, (_, index) =>
      new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, [join(build, 'dist', 'cli', 'create-key.js'), '--name', `app-${index}`, '--scopes', 'read', '--file', file], { env: { PATH: process.env.PATH ?? '' } });
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.once('exit', (code) => resolve({ code, stdout }));
      }),
    );
    const results = await Promise.all(runs);
    expect(results.map((result) => result.code)).toEqual(Array(8).fill(0));
    const keys = loadAuthFile(file).keys;
    expect(keys.map((key) => key.name).sort()).toEqual(Array.from({ length: 8 }, (_, index) => `app-${index}`).sort());
    // Each printed key is the one stored under its name.
    for (const [index, result] of results.entries()) expect(keys.find((key) => key.name === `app-${index}`)?.hash).toBe(hashApiKey(result.stdout.trim()));
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('waits for a running key:create’s lock, and takes over one its dead process left', async () => {
    const file = join(build, 'locked.yaml');
    // A live holder (this test process): the CLI waits until the lock goes away.
    writeFileSync(`${file}.lock`, String(process.pid));
    const waiting = new Promise<number | null>((resolve) => {
      spawn(process.execPath, [join(build, 'dist', 'cli', 'create-key.js'), '--name', 'after-wait', '--scopes', 'read', '--file', file], { env: { PATH: process.env.PATH ?? '' } }).once('exit', resolve);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(existsSync(file)).toBe(false);
    unlinkSync(`${file}.lock`);
    expect(await waiting).toBe(0);
    // A holder that no longer runs (pid far beyond any live one here): its lock is stale.
    writeFileSync(`${file}.lock`, '2147483646');
    expect(runCli('--name', 'after-stale', '--scopes', 'read', '--file', file).code).toBe(0);
    expect(loadAuthFile(file).keys.map((key) => key.name)).toEqual(['after-wait', 'after-stale']);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});
