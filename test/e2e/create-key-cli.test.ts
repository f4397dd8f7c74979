import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
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
});
