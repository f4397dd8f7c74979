import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The gateway as a real process: `node main.js`, compiled into a temporary folder (dist/ is left alone).
 * For tests of what only a process shows: signals, exit codes, several replicas side by side.
 */
const root = join(__dirname, '..', '..');

/**
 * The server compiled into a temporary folder (dist/ is left alone), shared by every test file that asks
 * for the same sources: the folder is named after a hash of src/, schema/ and the build settings, so the
 * suite compiles once (tsc takes 10–20 s of CPU) however many files start gateway processes, and a
 * changed source makes a new one. Workers racing for it compile side by side; the first rename wins.
 */
export function compileGateway(): string {
  const build = join(tmpdir(), `gateway-build-${sourcesHash()}`);
  if (existsSync(join(build, 'complete'))) return build;
  const partial = mkdtempSync(join(tmpdir(), 'gateway-build-partial-'));
  try {
    // Not incremental: the build info would land beside the repository's own dist/ (and race between workers).
    const tsc = [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', join(partial, 'dist'), '--incremental', 'false'];
    execFileSync(process.execPath, tsc, { cwd: root, stdio: 'pipe' });
    // src/schema.ts reads the SDL next to the compiled code, as in the Docker image.
    cpSync(join(root, 'schema'), join(partial, 'schema'), { recursive: true });
    // And the typed client's manifest of trusted documents, as the Docker image holds it.
    cpSync(join(root, 'client', 'src', '__generated__', 'persisted-documents.json'), join(partial, 'client', 'src', '__generated__', 'persisted-documents.json'));
    symlinkSync(join(root, 'node_modules'), join(partial, 'node_modules'), 'dir');
    writeFileSync(join(partial, 'complete'), '');
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    // tsc reports type errors on stdout: show them rather than a bare "Command failed".
    const stdout = (error as { stdout?: Buffer }).stdout?.toString() ?? '';
    throw new Error(`the gateway does not compile:\n${stdout}`, { cause: error });
  }
  try {
    renameSync(partial, build);
  } catch {
    // Another worker's build of the same sources got there first: use it.
    rmSync(partial, { recursive: true, force: true });
  }
  return build;
}

/** Builds are shared between test files and runs (see compileGateway): nothing to remove per file. */
export function removeGatewayBuild(_build: string | undefined): void {}

function sourcesHash(): string {
  const hash = createHash('sha256');
  const add = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) add(full);
      else hash.update(full).update(readFileSync(full));
    }
  };
  add(join(root, 'src'));
  add(join(root, 'schema'));
  for (const file of ['tsconfig.build.json', 'tsconfig.json', 'package-lock.json']) hash.update(readFileSync(join(root, file)));
  return hash.digest('hex').slice(0, 16);
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
