/**
 * Soak test (not part of `npm test`): sustained load on the whole gateway in front of the three
 * simulators while faults switch on and off, one platform at a time. Reports requests, errors by code
 * and latency per phase, and heap memory before and after; the heap must come back to its baseline.
 * It runs every phase twice: once to warm up, then measured (so it takes twice SOAK_SECONDS).
 *
 *   npm run bench:soak                  # 2 × 60 s, 16 concurrent clients
 *   SOAK_SECONDS=20 SOAK_CONCURRENCY=8 npm run bench:soak
 *
 * Writes bench/results/soak-latest.md. Runs on loopback only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/index.js';
import { createUpstreamPool, type UpstreamDispatcher } from '../src/upstream/upstream-http.js';
import { createLogger } from '../src/logger.js';
import { openStore } from '../src/store/index.js';
import type { FaultSpec } from '../src/simulators/faults.js';
import { startImiSimulator } from '../src/simulators/imi/server.js';
import { startJelouSimulator } from '../src/simulators/jelou/server.js';
import { startRocketChatSimulator } from '../src/simulators/rocketchat/server.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 16);

/** One read over all three platforms and a get-or-create: what a busy front end would send. */
const QUERY = `query Mixed { agents(type: AGENT, first: 10) { totalCount nodes { id username } } customerCareUser(id: "5001") { id displayName } }`;
const MUTATION = `mutation Widget($id: ID!) { createWidgetUser(input: { id: $id, names: "Soak" }) { user { id } } }`;

type Platform = 'rocketchat' | 'jelou' | 'imi';
interface Phase {
  name: string;
  platform?: Platform;
  fault?: FaultSpec;
}

/** Faults switch on for a phase and off for the next, so recovery is exercised as often as failure. */
const PHASES: Phase[] = [
  { name: 'healthy' },
  { name: 'Rocket.Chat 503s', platform: 'rocketchat', fault: { effect: { kind: 'status', status: 503 } } },
  { name: 'healthy again' },
  { name: 'IMI hangs', platform: 'imi', fault: { path: '/v3.1/users/', effect: { kind: 'hang' } } },
  { name: 'healthy again' },
  { name: 'Jelou slow (300 ms)', platform: 'jelou', fault: { effect: { kind: 'latency', ms: 300 } } },
  { name: 'Rocket.Chat resets', platform: 'rocketchat', fault: { effect: { kind: 'reset' } } },
  { name: 'IMI malformed bodies', platform: 'imi', fault: { path: '/v3.1/users/', effect: { kind: 'malformed' } } },
  { name: 'healthy at the end' },
];

interface PhaseResult {
  name: string;
  requests: number;
  latencies: number[];
  errors: Map<string, number>;
}

async function main(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc (npm run bench:soak does)');
  const simulators = {
    rocketchat: await startRocketChatSimulator({ rateLimit: { limit: 1_000_000, windowMs: 60_000 } }),
    jelou: await startJelouSimulator(),
    imi: await startImiSimulator({ dailyQuota: 10_000_000 }),
  };
  const pools: UpstreamDispatcher[] = [];
  const pool = (url: string) => {
    const dispatcher = createUpstreamPool(url, { connections: 32, connectTimeoutMs: 2_000, maxResponseBytes: 1024 * 1024 });
    pools.push(dispatcher);
    return dispatcher;
  };
  const config = { ...loadConfig({ NODE_ENV: 'test', GATEWAY_REQUEST_TIMEOUT_MS: '2000', GATEWAY_BREAKER_HALF_OPEN_AFTER_MS: '1000' }) };
  const logger = createLogger('silent');
  // The queries under load do not touch the store: an in-memory one keeps the run self-contained.
  const store = await openStore({ storeDir: 'memory://', maxConnections: 1, logger });
  const app = await createApp(config, {
    logger,
    store,
    upstreams: {
      tenants: new Map([
        [
          'default',
          {
            rocketchat: { url: new URL(simulators.rocketchat.url), credentials: simulators.rocketchat.serviceAccount, dispatcher: pool(simulators.rocketchat.url) },
            jelou: { url: new URL(simulators.jelou.url), credentials: simulators.jelou.credentials, authScheme: 'basic', dispatcher: pool(simulators.jelou.url) },
            imi: {
              url: new URL(simulators.imi.url),
              teamId: simulators.imi.teamId,
              auth: { kind: 'api-key', apiKey: simulators.imi.apiKey, domain: simulators.imi.domain },
              headerNames: { token: 'access_token', team: 'teamid', apiKey: 'key' },
              dispatcher: pool(simulators.imi.url),
            },
          },
        ],
      ]),
    },
  });
  const url = await app.listen(0, '127.0.0.1');
  const client = new Agent({ connections: CONCURRENCY });

  let serial = 0;
  async function once(result: PhaseResult): Promise<void> {
    serial += 1;
    const body = serial % 4 === 0 ? { query: MUTATION, variables: { id: `soak-${serial % 500}` } } : { query: QUERY };
    const started = performance.now();
    const answer = await request(url, { dispatcher: client, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const parsed = (await answer.body.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    result.latencies.push(performance.now() - started);
    result.requests += 1;
    for (const error of parsed.errors ?? []) {
      const code = error.extensions?.code ?? `HTTP ${answer.statusCode}`;
      result.errors.set(code, (result.errors.get(code) ?? 0) + 1);
    }
  }

  async function load(result: PhaseResult, ms: number): Promise<void> {
    const until = performance.now() + ms;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < until) await once(result);
      }),
    );
  }

  const newResult = (name: string): PhaseResult => ({ name, requests: 0, latencies: [], errors: new Map() });
  // The simulators share this process: their request logs grow with every call and are not the
  // gateway's memory, so they are emptied before each measurement.
  const settle = () => {
    for (const simulator of Object.values(simulators)) simulator.log.clear();
    gc();
  };
  const phaseMs = (SECONDS * 1000) / PHASES.length;
  /** One pass through every phase, with its faults switched on and then off. */
  async function cycle(ms: number, report: boolean): Promise<PhaseResult[]> {
    const results: PhaseResult[] = [];
    for (const phase of PHASES) {
      for (const simulator of Object.values(simulators)) simulator.faults.clear();
      if (phase.platform && phase.fault) simulators[phase.platform].faults.add(phase.fault);
      const result = newResult(phase.name);
      await load(result, ms);
      results.push(result);
      if (report) process.stdout.write(`${phase.name}: ${result.requests} requests, p99 ${percentile(result.latencies, 99).toFixed(1)} ms\n`);
    }
    return results;
  }

  // A first, unreported pass of the same length warms what is built once (JIT, pools, caches, the
  // simulators' state); the baseline is taken after it, so what the measured pass adds is a leak.
  await cycle(phaseMs, false);
  for (const simulator of Object.values(simulators)) simulator.faults.clear();
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  settle();
  const baseline = process.memoryUsage();

  const results = await cycle(phaseMs, true);
  for (const simulator of Object.values(simulators)) simulator.faults.clear();

  // Let in-flight work, sockets and timers settle before measuring what stayed behind.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  settle();
  const after = process.memoryUsage();

  await client.close();
  await app.close();
  await store.close();
  await Promise.all(pools.map((dispatcher) => dispatcher.close()));
  await Promise.all(Object.values(simulators).map((simulator) => simulator.close()));

  const report = render(results, baseline, after);
  const dir = join(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'soak-latest.md'), report);
  process.stdout.write(`\n${report}`);
  const grewMb = (after.heapUsed - baseline.heapUsed) / 2 ** 20;
  if (grewMb > HEAP_TOLERANCE_MB) process.exitCode = 1;
}

/** Heap growth after the soak (post-GC) that still counts as "back to baseline". */
const HEAP_TOLERANCE_MB = 10;

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function render(results: PhaseResult[], baseline: NodeJS.MemoryUsage, after: NodeJS.MemoryUsage): string {
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  const rows = results.map((result) => {
    const errors = [...result.errors].map(([code, count]) => `${code} ${count}`).join(', ') || '—';
    return `| ${result.name} | ${result.requests} | ${percentile(result.latencies, 50).toFixed(1)} | ${percentile(result.latencies, 99).toFixed(1)} | ${errors} |`;
  });
  const grew = (after.heapUsed - baseline.heapUsed) / 2 ** 20;
  return [
    `# Soak test — ${new Date().toISOString()}`,
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${mb(totalmem())} MiB, Node ${process.version}. ` +
      `${SECONDS} s, ${CONCURRENCY} concurrent clients, deadline 2 s, breaker probe after 1 s.`,
    '',
    '| phase | requests | p50 ms | p99 ms | errors by code |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `Heap after GC: ${mb(baseline.heapUsed)} MiB before, ${mb(after.heapUsed)} MiB after (${grew >= 0 ? '+' : ''}${grew.toFixed(1)} MiB; ` +
      `tolerance ${HEAP_TOLERANCE_MB} MiB) — ${grew <= HEAP_TOLERANCE_MB ? 'back to baseline' : 'DID NOT RETURN TO BASELINE'}. ` +
      `RSS ${mb(baseline.rss)} → ${mb(after.rss)} MiB.`,
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
