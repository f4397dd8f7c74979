import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The gateway as a real process: `node main.js`, compiled into a temporary folder (dist/ is left alone).
 * For tests of what only a process shows: signals, exit codes, several replicas side by side.
 */
const root = join(__dirname, '..', '..');

/** Compiles the server into a new temporary folder and returns it; remove it with `removeGatewayBuild`. */
export function compileGateway(): string {
  const build = mkdtempSync(join(tmpdir(), 'gateway-build-'));
  try {
    // Not incremental: the build info would land beside the repository's own dist/ (and race between workers).
    const tsc = [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', join(build, 'dist'), '--incremental', 'false'];
    execFileSync(process.execPath, tsc, {
      cwd: root,
      stdio: 'pipe',
    });
  } catch (error) {
    removeGatewayBuild(build);
    // tsc reports type errors on stdout: show them rather than a bare "Command failed".
    const stdout = (error as { stdout?: Buffer }).stdout?.toString() ?? '';
    throw new Error(`the gateway does not compile:\n${stdout}`, { cause: error });
  }
  // src/schema.ts reads the SDL next to the compiled code, as in the Docker image.
  cpSync(join(root, 'schema'), join(build, 'schema'), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(build, 'node_modules'), 'dir');
  return build;
}

export function removeGatewayBuild(build: string | undefined): void {
  if (build !== undefined) rmSync(build, { recursive: true, force: true });
}

export interface GatewayProcess {
  child: ChildProcess;
  /** The GraphQL endpoint, from the process's own "ready" log line. */
  url: string;
  /** Everything the process wrote so far (stdout and stderr). */
  output: () => string;
}

/**
 * Starts `main.js` of a build on 127.0.0.1, port 0, in development mode (embedded simulators), with only
 * PATH and the given variables in its environment; resolves once it logs that it is ready. Its store is
 * embedded and in memory unless `env` says otherwise (GATEWAY_STORE_DIR, DATABASE_URL): processes side by
 * side must not share the default folder, which one process at a time may use.
 */
export function startGatewayProcess(build: string, env: Record<string, string>): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [join(build, 'dist', 'main.js')], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'development', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', GATEWAY_STORE_DIR: 'memory://', GATEWAY_DIRECTORY_INTERVAL_MS: '0', ...env },
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

/** SIGTERM, then the exit code once the process has drained and exited. */
export async function stopGatewayProcess(gateway: GatewayProcess | undefined): Promise<number | null> {
  if (!gateway) return null;
  const { child } = gateway;
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}
