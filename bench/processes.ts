/**
 * The benchmark's child processes: the simulators, the gateway (built output, production-like) and the
 * baseline, each in its own process so that its CPU time and peak RSS are its own. Linux only: memory
 * and CPU come from /proc/<pid>.
 */
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { request } from 'undici';
import { GATEWAY_BENCH_ENV, type BenchSettings, type GatewayVariant } from './settings.js';
import type { HostMessage, SimulatorInfo, UpstreamCounts } from './simulator-protocol.js';

export interface Measured {
  /** The lane's name in the report: `baseline`, `gateway`, or a gateway variant's name (settings.ts). */
  name: string;
  pid: number;
  /** The GraphQL endpoint. */
  url: string;
  /** Sends SIGTERM and waits for the exit (SIGKILL after 15 s); resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface Simulators {
  info: SimulatorInfo;
  pid: number;
  /** Upstream requests received since the previous call. */
  takeCounts(): Promise<UpstreamCounts>;
  stop(): Promise<number | null>;
}

/** Compiled files, relative to this one (dist-bench/bench/). */
const GATEWAY_MAIN = join(__dirname, '..', 'src', 'main.js');
const BASELINE_MAIN = join(__dirname, 'baseline.js');
const SIMULATOR_HOST = join(__dirname, 'simulator-host.js');

const children = new Set<ChildProcess>();
// Whatever happens to the runner, its children do not outlive it.
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export async function startSimulators(settings: BenchSettings): Promise<Simulators> {
  const child = track(
    fork(SIMULATOR_HOST, [], {
      env: { PATH: process.env.PATH, BENCH_LATENCY_MS: String(settings.upstreamLatencyMs) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  let early: ((code: number | null) => void) | undefined;
  const info = await new Promise<SimulatorInfo>((resolve, reject) => {
    early = (code) => reject(new Error(`the simulator host exited (${code}) before it was ready`));
    child.once('exit', early);
    child.once('message', (message: HostMessage) => (message.type === 'ready' ? resolve(message.info) : reject(new Error('unexpected message'))));
  });
  if (early) child.off('exit', early);
  return {
    info,
    pid: child.pid as number,
    takeCounts: () =>
      new Promise((resolve) => {
        child.once('message', (message: HostMessage) => {
          if (message.type === 'counts') resolve(message.counts);
        });
        child.send({ type: 'counts' });
      }),
    stop: () => stop(child),
  };
}

/** Variables naming the simulators as the platforms, under the gateway's own names (src/config.ts). */
function upstreamEnv(info: SimulatorInfo, settings: BenchSettings): Record<string, string> {
  const connections = String(settings.upstreamConnections);
  return {
    ROCKETCHAT_URL: info.rocketchat.url,
    ROCKETCHAT_USER_ID: info.rocketchat.userId,
    ROCKETCHAT_AUTH_TOKEN: info.rocketchat.authToken,
    ROCKETCHAT_MAX_CONNECTIONS: connections,
    JELOU_URL: info.jelou.url,
    JELOU_CLIENT_ID: info.jelou.clientId,
    JELOU_CLIENT_SECRET: info.jelou.clientSecret,
    JELOU_MAX_CONNECTIONS: connections,
    IMI_URL: info.imi.url,
    IMI_ACCESS_TOKEN: info.imi.accessToken,
    IMI_TEAM_ID: info.imi.teamId,
    IMI_MAX_CONNECTIONS: connections,
  };
}

/**
 * The gateway from dist-bench/src/main.js; `nodeFlags` e.g. `--cpu-prof`. Without `variant`, the lane
 * named `gateway` (the bench's settings and BENCH_GATEWAY_ENV); with one, that lane, its variables last.
 */
export async function startGateway(
  settings: BenchSettings,
  info: SimulatorInfo,
  nodeFlags: string[] = [],
  variant?: GatewayVariant,
): Promise<Measured> {
  const port = await freePort();
  const env = {
    PATH: process.env.PATH ?? '',
    ...GATEWAY_BENCH_ENV,
    ...upstreamEnv(info, settings),
    HOST: '127.0.0.1',
    PORT: String(port),
    ...settings.gatewayEnvOverrides,
    ...variant?.env,
  };
  const log = openSync(settings.gatewayLog, 'a');
  const child = track(spawn(process.execPath, [...settings.gatewayNodeFlags, ...nodeFlags, GATEWAY_MAIN], { env, stdio: ['ignore', log, 'pipe'] }));
  return ready(variant?.name ?? 'gateway', child, `http://127.0.0.1:${port}`);
}

export async function startBaseline(settings: BenchSettings, info: SimulatorInfo, nodeFlags: string[] = []): Promise<Measured> {
  const port = await freePort();
  const env = {
    PATH: process.env.PATH ?? '',
    ...upstreamEnv(info, settings),
    BENCH_UPSTREAM_CONNECTIONS: String(settings.upstreamConnections),
    HOST: '127.0.0.1',
    PORT: String(port),
  };
  const child = track(fork(BASELINE_MAIN, [], { env, execArgv: nodeFlags, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] }));
  return ready('baseline', child, `http://127.0.0.1:${port}`);
}

/** Waits until `/healthz` answers 200; fails with the child's stderr if it exits first. */
async function ready(name: Measured['name'], child: ChildProcess, origin: string): Promise<Measured> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  const until = Date.now() + 30_000;
  for (;;) {
    if (exited !== undefined) throw new Error(`the ${name} exited (${exited}) before it was ready:\n${stderr}`);
    if (Date.now() > until) throw new Error(`the ${name} was not ready within 30 s:\n${stderr}`);
    const healthy = await request(`${origin}/healthz`)
      .then(async (answer) => {
        await answer.body.dump();
        return answer.statusCode === 200;
      })
      .catch(() => false);
    if (healthy) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { name, pid: child.pid as number, url: `${origin}/graphql`, stop: () => stop(child) };
}

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

// ── /proc ───────────────────────────────────────────────────────────────────────────────────────────

/** Peak resident set size (VmHWM) in MB (10⁶ bytes) since start or since the last `resetPeakRss`. */
export function peakRssMb(pid: number): number {
  return statusKb(pid, 'VmHWM') / 1000;
}

/** A /proc/<pid>/status memory field in kB (as 10³ bytes: the kernel's "kB" are KiB, converted). */
function statusKb(pid: number, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? (Number(match[1]) * 1024) / 1000 : NaN;
}

/** Resident set size now (VmRSS) in MB. */
export function rssMb(pid: number): number {
  return statusKb(pid, 'VmRSS') / 1000;
}

/** Starts a new peak-RSS window (Linux ≥ 4.0); false where the kernel refuses, the peak then being since start. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

let ticksPerSecond: number | undefined;

/** CPU time (user + system) the process has used so far, in ms. */
export function cpuMs(pid: number): number {
  ticksPerSecond ??= clockTicks();
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at state; utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}
