import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';

/**
 * The real process: `node main.js` (compiled into a temporary folder, so dist/ is left alone) gets a
 * SIGTERM while a slow request is in flight. The request must complete and the process exit 0.
 */
const root = join(__dirname, '..', '..');
let build: string;

beforeAll(() => {
  build = mkdtempSync(join(tmpdir(), 'gateway-build-'));
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', join(build, 'dist')], {
    cwd: root,
    stdio: 'pipe',
  });
  // src/schema.ts reads the SDL next to the compiled code, as in the Docker image.
  cpSync(join(root, 'schema'), join(build, 'schema'), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(build, 'node_modules'), 'dir');
}, 120_000);

afterAll(() => rmSync(build, { recursive: true, force: true }));

function startGateway(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [join(build, 'dist', 'main.js')], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'development', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the gateway did not start:\n${output}`)), 30_000);
    const poll = setInterval(() => {
      const url = /chat gateway ready at (http:\/\/[^"\s]+)/.exec(output)?.[1];
      if (!url) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ child, url, output: () => output });
    }, 20);
    child.once('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`the gateway exited with ${String(code)} before it was ready:\n${output}`));
    });
  });
}

describe('graceful shutdown', () => {
  it('finishes the in-flight request after SIGTERM, then exits 0', async () => {
    const faults = { rocketchat: [{ effect: { kind: 'latency', ms: 1_500 } }] };
    const { child, url, output } = await startGateway({ GATEWAY_SIMULATOR_FAULTS: JSON.stringify(faults) });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    const slow = request(url.replace('localhost', '127.0.0.1'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ agents(type: MANAGER) { totalCount } }' }),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGTERM');

    const answer = await slow;
    expect(answer.statusCode).toBe(200);
    expect(await answer.body.json()).toEqual({ data: { agents: { totalCount: expect.any(Number) } } });
    expect(await exited).toBe(0);
    expect(output()).toContain('shutting down: finishing in-flight requests');
  }, 60_000);
});
