/**
 * The benchmark's child processes: the simulators, the gateway lanes (built output, production-like),
 * the baseline and the plain Apollo Server, each in its own process so that its CPU time and peak RSS are
 * its own. Linux only: memory and CPU come from /proc/<pid>.
 */
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { request } from 'undici';
import { atExit, temporaryFolder } from './cleanup.js';
import type { Scenario } from './scenarios.js';
import { GATEWAY_BENCH_ENV, LANES, type BenchSettings } from './settings.js';
import type { HostMessage, SimulatorInfo, UpstreamCounts } from './simulator-protocol.js';
import { trustedBody } from './trusted-documents.js';

export interface Measured {
  /** The lane's name in the report: one of settings.ts's LANES or a gateway variant's name. */
  name: string;
  pid: number;
  /** The GraphQL endpoint. */
  url: string;
  /** True for a trusted-documents lane: its requests name the document (`documentId`) instead of sending it. */
  trustedDocuments: boolean;
  /** The POST body this process gets for a scenario (the same operation and variables for every process). */
  body(scenario: Scenario): string;
  /** Sends SIGTERM and waits for the exit (SIGKILL after 15 s); resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** A gateway process: its name, the variables applied last, and whether it serves the bench's trusted documents. */
export interface GatewayLane {
  name: string;
  env: Record<string, string>;
  /** Set for a trusted-documents lane: the folder with the manifest, given as GATEWAY_TRUSTED_DOCUMENTS_DIR. */
  trustedDocumentsDir?: string;
}

const queryBody = (scenario: Scenario) => JSON.stringify(scenario.body);
const documentIdBody = (scenario: Scenario) => JSON.stringify(trustedBody(scenario));

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
const PLAIN_APOLLO_MAIN = join(__dirname, 'apollo-plain.js');
const SIMULATOR_HOST = join(__dirname, 'simulator-host.js');

const children = new Set<ChildProcess>();
// Whatever happens to the runner (a failure, Ctrl-C: cleanup.ts), its children do not outlive it.
atExit(() => {
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

/** One gateway process's store: the variables that name it (GATEWAY_STORE_DIR or DATABASE_URL), and what to delete after it exits. */
export interface LaneStore {
  env: Record<string, string>;
  remove(): void;
}

export interface GatewayOptions {
  /** Node flags, e.g. `--cpu-prof`. */
  nodeFlags?: string[];
  /** Gives the process its store (store.ts: a database of its own on the run's server, or a copy of the embedded store's folder); by default an empty embedded store folder. */
  store?: (laneName: string) => Promise<LaneStore>;
}

/** An embedded store folder of its own (each process locks its store), empty: the gateway creates the database in it. */
export function emptyEmbeddedStore(): LaneStore {
  const folder = temporaryFolder('bench-gateway-store-');
  return { env: { GATEWAY_STORE_DIR: folder.dir }, remove: folder.remove };
}

/**
 * The gateway from dist-bench/src/main.js, as `lane`: the bench's settings, its store's variables and
 * BENCH_GATEWAY_ENV, then the lane's variables (and GATEWAY_TRUSTED_DOCUMENTS_DIR for a trusted-documents
 * lane). Its store is its own (`options.store`), deleted when it stops.
 */
export async function startGateway(
  settings: BenchSettings,
  info: SimulatorInfo,
  lane: GatewayLane = { name: LANES.gateway, env: {} },
  options: GatewayOptions = {},
): Promise<Measured> {
  const store = options.store ? await options.store(lane.name) : emptyEmbeddedStore();
  let child: ChildProcess;
  let origin: string;
  try {
    ({ child, origin } = await spawnGateway(settings, info, lane, options.nodeFlags ?? [], store.env));
  } catch (error) {
    store.remove();
    throw error;
  }
  child.once('exit', () => store.remove());
  try {
    await ready(lane.name, child, origin, 'healthz');
  } catch (error) {
    await stop(child);
    throw error;
  }
  const trusted = lane.trustedDocumentsDir !== undefined;
  return measured(lane.name, child, origin, trusted ? documentIdBody : queryBody, trusted);
}

export interface StoreTemplate {
  dir: string;
  /** Seconds the set-up took. */
  seconds: number;
  remove(): void;
}

/**
 * An embedded store folder as a deployment's volume holds it after the first start: the gateway started
 * once on an empty folder (which creates and migrates the database: for the embedded PGlite, an initdb
 * that leaves hundreds of MB more resident in that process) and stopped. Each gateway lane then starts on
 * a copy (store.ts), like a restarted gateway.
 */
export async function prepareGatewayStore(settings: BenchSettings, info: SimulatorInfo): Promise<StoreTemplate> {
  const started = Date.now();
  const { dir, remove } = temporaryFolder('bench-gateway-store-template-');
  try {
    const name = 'gateway (store set-up)';
    const { child, origin } = await spawnGateway(settings, info, { name, env: {} }, [], { GATEWAY_STORE_DIR: dir });
    try {
      await ready(name, child, origin, 'healthz');
    } finally {
      await stop(child);
    }
  } catch (error) {
    remove();
    throw error;
  }
  return { dir, seconds: (Date.now() - started) / 1000, remove };
}

async function spawnGateway(
  settings: BenchSettings,
  info: SimulatorInfo,
  lane: GatewayLane,
  nodeFlags: string[],
  storeEnv: Record<string, string>,
): Promise<{ child: ChildProcess; origin: string }> {
  const port = await freePort();
  const env = {
    PATH: process.env.PATH ?? '',
    ...GATEWAY_BENCH_ENV,
    ...upstreamEnv(info, settings),
    HOST: '127.0.0.1',
    PORT: String(port),
    ...storeEnv,
    ...settings.gatewayEnvOverrides,
    ...lane.env,
    ...(lane.trustedDocumentsDir !== undefined && { GATEWAY_TRUSTED_DOCUMENTS_DIR: lane.trustedDocumentsDir }),
  };
  const log = openSync(settings.gatewayLog, 'a');
  const child = track(spawn(process.execPath, [...settings.gatewayNodeFlags, ...nodeFlags, GATEWAY_MAIN], { env, stdio: ['ignore', log, 'pipe'] }));
  return { child, origin: `http://127.0.0.1:${port}` };
}

/** Variables of the two reference processes: the platforms and their sockets, where to listen. */
function referenceEnv(settings: BenchSettings, info: SimulatorInfo, port: number): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    ...upstreamEnv(info, settings),
    BENCH_UPSTREAM_CONNECTIONS: String(settings.upstreamConnections),
    HOST: '127.0.0.1',
    PORT: String(port),
  };
}

export async function startBaseline(settings: BenchSettings, info: SimulatorInfo, nodeFlags: string[] = []): Promise<Measured> {
  const port = await freePort();
  const child = track(fork(BASELINE_MAIN, [], { env: referenceEnv(settings, info, port), execArgv: nodeFlags, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] }));
  await ready(LANES.baseline, child, `http://127.0.0.1:${port}`, 'healthz');
  return measured(LANES.baseline, child, `http://127.0.0.1:${port}`, queryBody, false);
}

/** Apollo Server 5 with its defaults (bench/apollo-plain.ts), in production mode like the gateway. */
export async function startPlainApollo(settings: BenchSettings, info: SimulatorInfo, nodeFlags: string[] = []): Promise<Measured> {
  const port = await freePort();
  const env = { ...referenceEnv(settings, info, port), NODE_ENV: 'production' };
  const child = track(fork(PLAIN_APOLLO_MAIN, [], { env, execArgv: nodeFlags, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] }));
  // Apollo's standalone server answers every path with GraphQL: it says when it listens instead.
  await ready(LANES.plainApollo, child, `http://127.0.0.1:${port}`, 'message');
  return measured(LANES.plainApollo, child, `http://127.0.0.1:${port}`, queryBody, false);
}

function measured(name: string, child: ChildProcess, origin: string, body: (scenario: Scenario) => string, trustedDocuments: boolean): Measured {
  return { name, pid: child.pid as number, url: `${origin}/graphql`, trustedDocuments, body, stop: () => stop(child) };
}

/**
 * Waits until the child is ready: `/healthz` answers 200, or (`message`) it sends `{ type: 'ready' }`
 * over IPC. Fails with the child's stderr if it exits first or takes more than 30 s.
 */
async function ready(name: Measured['name'], child: ChildProcess, origin: string, probe: 'healthz' | 'message'): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  let said = false;
  if (probe === 'message') {
    child.on('message', (message: { type?: string }) => {
      if (message.type === 'ready') said = true;
    });
  }
  const until = Date.now() + 30_000;
  for (;;) {
    if (exited !== undefined) throw new Error(`the ${name} exited (${exited}) before it was ready:\n${stderr}`);
    if (Date.now() > until) throw new Error(`the ${name} was not ready within 30 s:\n${stderr}`);
    const healthy =
      probe === 'message'
        ? said
        : await request(`${origin}/healthz`)
            .then(async (answer) => {
              await answer.body.dump();
              return answer.statusCode === 200;
            })
            .catch(() => false);
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
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

export async function freePort(): Promise<number> {
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
