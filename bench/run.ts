/**
 * The load benchmark (`npm run bench`): the gateway against a hand-written proxy with no GraphQL (the
 * baseline, bench/baseline.ts) and a plain Apollo Server 5 (bench/apollo-plain.ts), each a child process
 * in front of the three platform simulators (another child, every call answered BENCH_LATENCY_MS late),
 * loaded with autocannon from this process.
 *
 * The gateway runs as two lanes, each its own process: `gateway` (sent the query text) and
 * `gateway (trusted documents)` (GATEWAY_TRUSTED_DOCUMENTS_DIR holding a manifest of the scenarios'
 * operations, sent `documentId` instead, issue 20); each of BENCH_GATEWAY_VARIANTS is one more. Their
 * store (BENCH_STORE, store.ts): by default one PostgreSQL server for the run with a database per lane, as a
 * deployment has, so that their RSS is theirs; else PGlite in each gateway's process.
 *
 * 1. Checks that every process answers each scenario with exactly the baseline's JSON (fails otherwise)
 *    and counts the upstream calls of one operation of each.
 * 2. Per scenario: a warm-up run of each process, then BENCH_ROUNDS measured runs each, alternating
 *    the baseline and the others (whose order rotates each round); medians of req/s, p50/p99, CPU per
 *    request; peak RSS (VmHWM).
 * 3. Scenarios 1 and 3 (BENCH_RATE_SCENARIOS) at a fixed BENCH_RATE requests/s, alternating too: p99 of each.
 * 4. Prints the table with the targets and the lane comparisons, writes bench/results/latest.md
 *    (BENCH_REPORT names another file, for trial runs).
 *
 * `npm run bench -- --profile` instead runs scenario 1 (or the first of BENCH_SCENARIOS) under
 * `node --cpu-prof` in every process and writes bench/results/profile-latest.md plus the
 * .cpuprofile files in bench/results/profiles/. See bench/README.md for the variables.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { request } from 'undici';
import { median, runLoad, type LoadResult } from './load.js';
import { runPaced } from './paced.js';
import {
  cpuMs,
  peakRssMb,
  resetPeakRss,
  rssMb,
  startBaseline,
  startGateway,
  startPlainApollo,
  startSimulators,
  type Measured,
  type GatewayLane,
  type Simulators,
} from './processes.js';
import { renderProfile, summarizeProfile, type Window } from './profile.js';
import {
  envText,
  evaluateTargets,
  renderReport,
  type Comparison,
  type FixedRateResult,
  type ProcessInfo,
  type ProcessSummary,
  type RateSummary,
  type ScenarioResult,
} from './report.js';
import { buildScenarios, type Scenario } from './scenarios.js';
import { LANES, readSettings, type BenchSettings } from './settings.js';
import { totalCalls } from './simulator-protocol.js';
import { openBenchStore, type BenchStore } from './store.js';
import { MANIFEST_FILE, writeManifest, type ManifestFolder } from './trusted-documents.js';

const REPO = join(__dirname, '..', '..');
const RESULTS_DIR = join(REPO, 'bench', 'results');

async function main(): Promise<void> {
  const settings = readSettings();
  const profiling = process.argv.slice(2).includes('--profile');
  say(`machine: ${machine()}`);
  say(`code: ${codeVersion()}`);
  const simulators = await startSimulators(settings);
  try {
    const all = buildScenarios(simulators.info.agentIds);
    const scenarios = all.filter((scenario) => settings.scenarios.includes(scenario.id));
    const startedAt = Date.now();
    // Every scenario's document, whichever are run: the manifest is what a client build would ship.
    const manifest = writeManifest(all);
    try {
      // BENCH_STORE: one PostgreSQL server for the run (a database per gateway lane), or PGlite in each gateway.
      const store = await openBenchStore(settings, simulators.info, say);
      try {
        const setup = { manifest, store, startedAt };
        if (profiling) await profile(settings, simulators, scenarios[0] as Scenario, setup);
        else await benchmark(settings, simulators, scenarios, setup);
      } finally {
        await store.close();
      }
    } finally {
      manifest.remove();
    }
  } finally {
    await simulators.stop();
  }
}

/** What every run shares: the trusted documents' manifest, the gateways' store. */
interface Setup {
  manifest: ManifestFolder;
  store: BenchStore;
  /** When the set-up began (Date.now()), for the run's duration. */
  startedAt: number;
}

/**
 * Every process of the run, started one after the other, in the order the rounds alternate them: the
 * baseline, plain Apollo Server, the gateway, its trusted-documents lane, the variants.
 */
async function startAll(settings: BenchSettings, simulators: Simulators, setup: Setup, flags: (name: string) => string[] = () => []): Promise<Measured[]> {
  const processes: Measured[] = [];
  const gateway = async (lane: GatewayLane) =>
    startGateway(settings, simulators.info, lane, { nodeFlags: flags(lane.name), store: (name) => setup.store.forLane(name) });
  try {
    processes.push(await startBaseline(settings, simulators.info, flags(LANES.baseline)));
    if (settings.plainApollo) processes.push(await startPlainApollo(settings, simulators.info, flags(LANES.plainApollo)));
    processes.push(await gateway({ name: LANES.gateway, env: {} }));
    if (settings.trustedLane) processes.push(await gateway({ name: LANES.trusted, env: {}, trustedDocumentsDir: setup.manifest.dir }));
    for (const variant of settings.gatewayVariants) {
      processes.push(await gateway({ name: variant.name, env: variant.env, ...(variant.trustedDocuments && { trustedDocumentsDir: setup.manifest.dir }) }));
    }
  } catch (error) {
    await Promise.all(processes.map((target) => target.stop()));
    throw error;
  }
  return processes;
}

/** What each process is, for the report's header. */
function describe(settings: BenchSettings, processes: Measured[], { manifest, store }: Setup): ProcessInfo[] {
  const trusted = `GATEWAY_TRUSTED_DOCUMENTS_DIR naming a folder with the manifest ${MANIFEST_FILE} (${manifest.documents} documents: the scenarios' operations), sent \`{"documentId":"sha256:…","operationName":…,"variables":…}\` instead of the query text`;
  return processes.map(({ name }) => {
    const variant = settings.gatewayVariants.find((candidate) => candidate.name === name);
    const description =
      name === LANES.baseline
        ? 'the hand-written proxy (bench/baseline.ts): node:http, one undici Pool per platform, no GraphQL; the physical limit.'
        : name === LANES.plainApollo
          ? 'Apollo Server 5 with its defaults (bench/apollo-plain.ts): startStandaloneServer, graphql-js, a small hand-written SDL of the fields the scenarios select, ' +
            'resolvers making the same upstream calls through the baseline\'s module (one undici Pool per platform; scenario 2\'s repeated ids share a per-request lookup map); no hardening.'
          : name === LANES.gateway
            ? 'the gateway (dist-bench/src/main.js, settings.ts → GATEWAY_BENCH_ENV), sent the query text; ' +
              (store.mode === 'server'
                ? 'its store a database of its own on the run\'s PostgreSQL server (DATABASE_URL), like every gateway lane.'
                : 'its store embedded in its process (PGlite), a copy of its own, like every gateway lane.')
            : name === LANES.trusted
              ? `the same gateway with ${trusted}.`
              : `the gateway with ${envText(variant?.env ?? {})}${variant?.trustedDocuments ? `, and ${trusted}` : ', sent the query text'}.`;
    return { name, description };
  });
}

/** The lanes put side by side in sections of their own (ratios subject / reference). */
function comparisons(settings: BenchSettings): Comparison[] {
  const list: Comparison[] = [];
  if (settings.trustedLane) {
    list.push({
      subject: LANES.trusted,
      reference: LANES.gateway,
      what:
        'The same gateway, build and settings, in two processes; "gateway (trusted documents)" also has GATEWAY_TRUSTED_DOCUMENTS_DIR and is sent ' +
        '`documentId` instead of the query text: what trusted documents (with the fast lane, GATEWAY_FAST_LANE, at its default) change.',
    });
  }
  for (const variant of settings.gatewayVariants) {
    const subject = variant.trustedDocuments && settings.trustedLane ? LANES.trusted : LANES.gateway;
    if (variant.trustedDocuments && !settings.trustedLane) {
      list.push({ subject: variant.name, reference: LANES.gateway, what: `"${variant.name}" is the gateway with ${envText(variant.env)}, sent \`documentId\`; "gateway" is sent the query text.` });
    } else {
      list.push({
        subject,
        reference: variant.name,
        what: `The same gateway, same build and settings, in two processes, both sent ${variant.trustedDocuments ? '`documentId`' : 'the query text'}; "${variant.name}" runs with ${envText(variant.env)}: what "${subject}" has that it has not.`,
      });
    }
  }
  return list;
}

async function benchmark(settings: BenchSettings, simulators: Simulators, scenarios: Scenario[], setup: Setup): Promise<void> {
  const { manifest } = setup;
  const loadBefore = loadavg();
  const processes = await startAll(settings, simulators, setup);
  labelWidth = Math.max(...processes.map((target) => target.name.length));
  const startRssMb = Object.fromEntries(processes.map((target) => [target.name, rssMb(target.pid)]));
  try {
    const alone = await checkSameAnswers(scenarios, processes, simulators, manifest);
    const results: ScenarioResult[] = [];
    let peakIsPerScenario = true;
    for (const scenario of scenarios) {
      peakIsPerScenario = processes.map((process) => resetPeakRss(process.pid)).every(Boolean) && peakIsPerScenario;
      if (settings.warmupS > 0) {
        for (const target of processes) await runLoad(target.url, target.body(scenario), { durationS: settings.warmupS, connections: settings.connections });
      }
      const underLoad = new Map<Measured['name'], number>();
      for (const target of processes) underLoad.set(target.name, await callsUnderLoad(target, scenario, simulators, settings.connections));
      const closedLoop = { durationS: settings.durationS, connections: settings.connections };
      const runs = await alternate(processes, settings.rounds, (target, round) =>
        measuredRun(target, simulators, () => runLoad(target.url, target.body(scenario), closedLoop), `${scenario.id}`, round),
      );
      results.push({
        scenario,
        processes: processes.map((target) => ({
          name: target.name,
          summary: summarize(runs.get(target.name) ?? [], {
            alone: alone.get(scenario.id)?.get(target.name) ?? NaN,
            underLoad: underLoad.get(target.name) ?? NaN,
            peakRssMb: peakRssMb(target.pid),
          }),
        })),
      });
    }

    const fixedRates: FixedRateResult[] = [];
    if (settings.fixedRate > 0) {
      for (const scenario of scenarios.filter((candidate) => settings.rateScenarios.includes(candidate.id))) {
        const options = { durationS: settings.durationS, connections: settings.connections, rate: settings.fixedRate };
        const runs = await alternate(processes, settings.rounds, (target, round) =>
          measuredRun(target, simulators, () => runPaced(target.url, target.body(scenario), options), `${scenario.id} @ ${settings.fixedRate}/s`, round),
        );
        fixedRates.push({
          rate: settings.fixedRate,
          scenario,
          processes: processes.map((target) => ({ name: target.name, summary: rateSummary(runs.get(target.name) ?? []) })),
        });
      }
    }

    const peaks = Object.fromEntries(
      processes.map((target) => {
        const perScenario = results.map((result) => result.processes.find((process) => process.name === target.name)?.summary.peakRssMb ?? 0);
        return [target.name, Math.max(...perScenario, peakIsPerScenario ? 0 : peakRssMb(target.pid))];
      }),
    );
    const report = {
      machine: machine(),
      code: codeVersion(),
      settings,
      processes: describe(settings, processes, setup),
      store: setup.store.report(),
      comparisons: comparisons(settings),
      scenarios: results,
      fixedRates,
      peakRssMb: peaks,
      peakIsPerScenario,
      startRssMb,
      loadBefore,
      loadAfter: loadavg(),
      elapsedS: (Date.now() - setup.startedAt) / 1000,
    };
    const markdown = renderReport(report, evaluateTargets(report));
    const file = settings.reportFile ?? join(RESULTS_DIR, 'latest.md');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, markdown);
    process.stdout.write(`\n${markdown}\nWritten to ${relative(process.cwd(), resolve(file))}\n`);
  } finally {
    await Promise.all(processes.map((target) => target.stop()));
  }
}

interface MeasuredRun {
  result: LoadResult;
  cpuMsPerRequest: number;
}

/** One measured run, with the CPU time the process used for it. */
async function measuredRun(
  target: Measured,
  simulators: Simulators,
  load: () => Promise<LoadResult>,
  label: string,
  round: number,
): Promise<MeasuredRun> {
  await settle(simulators);
  const cpuBefore = cpuMs(target.pid);
  const result = await load();
  const cpu = cpuMs(target.pid) - cpuBefore;
  const requests = Math.max(result.requests, 1);
  say(
    `scenario ${label}, ${target.name.padEnd(labelWidth)} run ${round}: ${result.requestsPerSecond.toFixed(0)} req/s, ` +
      `p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms, ${(cpu / requests).toFixed(3)} CPU ms/req` +
      (result.failures + result.graphqlErrors > 0 ? `, ${result.failures} failed, ${result.graphqlErrors} with GraphQL errors` : ''),
  );
  return { result, cpuMsPerRequest: cpu / requests };
}

/**
 * Upstream calls per operation at full concurrency: a fixed number of operations, every one answered
 * before counting (a timed run would end with operations in flight whose calls are counted but whose
 * answers are not). Retries or lost deduplication under load would show here.
 */
async function callsUnderLoad(target: Measured, scenario: Scenario, simulators: Simulators, connections: number): Promise<number> {
  await settle(simulators);
  const result = await runLoad(target.url, target.body(scenario), { durationS: 60, connections, amount: connections * 5 });
  const calls = totalCalls(await simulators.takeCounts());
  return calls / Math.max(result.requests, 1);
}

/**
 * Waits until no upstream call arrives for 200 ms (at most 10 s): when autocannon stops, the operations
 * in flight are abandoned by the client but still run to completion in the process, calling upstream.
 */
async function settle(simulators: Simulators): Promise<void> {
  const until = Date.now() + 10_000;
  await simulators.takeCounts();
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (totalCalls(await simulators.takeCounts()) === 0) return;
  }
}

/**
 * `rounds` runs of each process, alternating: each round the first process (the baseline), then the
 * others in an order that rotates by one each round (baseline, A, B, C, baseline, B, C, A …), so that
 * no process always runs right after the baseline or always last. With one other: baseline, A, baseline, A …
 */
async function alternate<T>(
  processes: Measured[],
  rounds: number,
  run: (target: Measured, round: number) => Promise<T>,
): Promise<Map<Measured['name'], T[]>> {
  const results = new Map<Measured['name'], T[]>(processes.map((target) => [target.name, []]));
  const [first, ...rest] = processes;
  for (let round = 1; round <= rounds; round += 1) {
    const shift = rest.length === 0 ? 0 : (round - 1) % rest.length;
    const order = [...(first ? [first] : []), ...rest.slice(shift), ...rest.slice(0, shift)];
    for (const target of order) results.get(target.name)?.push(await run(target, round));
  }
  return results;
}

function summarize(runs: MeasuredRun[], measured: { alone: number; underLoad: number; peakRssMb: number }): ProcessSummary {
  return {
    requestsPerSecond: median(runs.map((run) => run.result.requestsPerSecond)),
    p50Ms: median(runs.map((run) => run.result.p50Ms)),
    p99Ms: median(runs.map((run) => run.result.p99Ms)),
    cpuMsPerRequest: median(runs.map((run) => run.cpuMsPerRequest)),
    runsPerSecond: runs.map((run) => run.result.requestsPerSecond),
    cpuMsPerRequestRuns: runs.map((run) => run.cpuMsPerRequest),
    callsPerOperation: measured.alone,
    callsPerOperationUnderLoad: measured.underLoad,
    peakRssMb: measured.peakRssMb,
    failures: runs.reduce((sum, run) => sum + run.result.failures, 0),
    graphqlErrors: runs.reduce((sum, run) => sum + run.result.graphqlErrors, 0),
  };
}

function rateSummary(runs: MeasuredRun[]): RateSummary {
  return {
    achievedPerSecond: median(runs.map((run) => run.result.requestsPerSecond)),
    p50Ms: median(runs.map((run) => run.result.p50Ms)),
    p99Ms: median(runs.map((run) => run.result.p99Ms)),
    cpuMsPerRequest: median(runs.map((run) => run.cpuMsPerRequest)),
    failures: runs.reduce((sum, run) => sum + run.result.failures, 0),
    graphqlErrors: runs.reduce((sum, run) => sum + run.result.graphqlErrors, 0),
  };
}

/**
 * Sends each scenario once to each process (a first call warms up and creates what get-or-create
 * creates), then again, counting that second operation's upstream calls. Fails unless all answer
 * 200 without GraphQL errors and each process other than the baseline with the baseline's JSON (same
 * keys in the same order, same values).
 */
async function checkSameAnswers(
  scenarios: Scenario[],
  processes: Measured[],
  simulators: Simulators,
  manifest: ManifestFolder,
): Promise<Map<number, Map<Measured['name'], number>>> {
  const calls = new Map<number, Map<Measured['name'], number>>();
  for (const scenario of scenarios) {
    const answers = new Map<Measured['name'], unknown>();
    const counted = new Map<Measured['name'], number>();
    for (const target of processes) {
      await post(target, scenario);
      await settle(simulators);
      const { status, json } = await post(target, scenario);
      counted.set(target.name, totalCalls(await simulators.takeCounts()));
      if (status !== 200 || (json as { errors?: unknown }).errors !== undefined) {
        throw new Error(
          `scenario ${scenario.id}: the ${target.name} answered ${status}: ${JSON.stringify(json).slice(0, 2000)}` +
            (target.trustedDocuments ? `\n${trustedLaneHint(target, scenario, manifest)}` : ''),
        );
      }
      answers.set(target.name, json);
    }
    for (const target of processes) {
      if (target.name === LANES.baseline) continue;
      const difference = firstDifference(answers.get(target.name), answers.get(LANES.baseline), '$');
      if (difference !== undefined) {
        throw new Error(
          `scenario ${scenario.id} (${scenario.name}): the baseline's answer is not the ${target.name}'s, first at ${difference}\n` +
            `${target.name}: ${JSON.stringify(answers.get(target.name)).slice(0, 1500)}\n` +
            `baseline: ${JSON.stringify(answers.get(LANES.baseline)).slice(0, 1500)}`,
        );
      }
    }
    say(
      `scenario ${scenario.id}: same JSON from ${processes.length === 2 ? 'both' : `all ${processes.length}`}; upstream calls for one operation: ` +
        `${[...counted].map(([name, n]) => `${name} ${n}`).join(', ')}`,
    );
    calls.set(scenario.id, counted);
  }
  return calls;
}

/** Why a trusted-documents lane may refuse its requests, and how to run without it. */
function trustedLaneHint(target: Measured, scenario: Scenario, manifest: ManifestFolder): string {
  const without =
    target.name === LANES.trusted
      ? 'BENCH_TRUSTED_LANE=off npm run bench'
      : `BENCH_GATEWAY_VARIANTS without "${target.name}" (or without its BENCH_TRUSTED_DOCUMENTS)`;
  return (
    `The ${target.name} was sent ${target.body(scenario).slice(0, 300)} (no query text). It needs a gateway that loads ` +
    `GATEWAY_TRUSTED_DOCUMENTS_DIR (here ${manifest.dir}, with ${MANIFEST_FILE}: { "<sha256 hex>": "<document>" }) and ` +
    `executes the body's "documentId" (issue 20). If this build does not do that yet, leave the lane out: ${without}.`
  );
}

async function post(target: Measured, scenario: Scenario): Promise<{ status: number; json: unknown }> {
  const answer = await request(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: target.body(scenario),
  });
  const text = await answer.body.text();
  try {
    return { status: answer.statusCode, json: JSON.parse(text) };
  } catch {
    return { status: answer.statusCode, json: text };
  }
}

/** Where two JSON values first differ (keys compared in order, as the answer's text has them), or undefined. */
function firstDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return Object.is(a, b) ? undefined : `${path} (${JSON.stringify(a)} vs ${JSON.stringify(b)})`;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return `${path} (array vs object)`;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.join('\u0000') !== keysB.join('\u0000')) return `${path} (keys ${keysA.join(',')} vs ${keysB.join(',')})`;
  for (const key of keysA) {
    const found = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Every process of the run under `--cpu-prof` with the scenario at full load, one after the other; the
 * summary covers only each one's measured run (the profile's clock is the monotonic one
 * `process.hrtime` reads).
 */
async function profile(settings: BenchSettings, simulators: Simulators, scenario: Scenario, setup: Setup): Promise<void> {
  const { manifest } = setup;
  const dir = join(RESULTS_DIR, 'profiles');
  mkdirSync(dir, { recursive: true });
  const fileOf = (name: string) => `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}-scenario${scenario.id}.cpuprofile`;
  const flags = (name: string) => ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${fileOf(name)}`];
  const processes = await startAll(settings, simulators, setup, flags);
  labelWidth = Math.max(...processes.map((target) => target.name.length));
  const windows = new Map<string, Window>();
  const answers = new Map<string, number>();
  try {
    await checkSameAnswers([scenario], processes, simulators, manifest);
    for (const target of processes) {
      if (settings.warmupS > 0) await runLoad(target.url, target.body(scenario), { durationS: settings.warmupS, connections: settings.connections });
      const fromUs = Number(process.hrtime.bigint() / 1000n);
      const closedLoop = { durationS: settings.durationS, connections: settings.connections };
      const run = await measuredRun(target, simulators, () => runLoad(target.url, target.body(scenario), closedLoop), `${scenario.id} (profiled)`, 1);
      answers.set(target.name, run.result.requests);
      windows.set(target.name, { fromUs, toUs: Number(process.hrtime.bigint() / 1000n) });
    }
  } finally {
    // The profiles are written when the processes exit.
    await Promise.all(processes.map((target) => target.stop()));
  }
  const written = readdirSync(dir);
  const sections = processes.map(({ name }) => {
    const file = fileOf(name);
    if (!written.includes(file)) throw new Error(`no profile was written for the ${name} (${join(dir, file)})`);
    const summary = summarizeProfile(join(dir, file), windows.get(name));
    return renderProfile(`${name}, scenario ${scenario.id} (${scenario.name}), ${settings.connections} connections`, summary, answers.get(name));
  });
  const markdown = [
    `# CPU profile — ${new Date().toISOString()}`,
    '',
    `Machine: ${machine()}. Code: ${codeVersion()}. The gateways' store: ${setup.store.mode} (${setup.store.report().rssNote}). ` +
      `${settings.warmupS} s warm-up, then ${settings.durationS} s profiled at full load, one process after ` +
      `the other; only the profiled run is summarised. Profiles: ${processes.map(({ name }) => `bench/results/profiles/${fileOf(name)}`).join(', ')} ` +
      '(open in Chrome DevTools → Performance, or VS Code).',
    '',
    ...sections,
  ].join('\n');
  const file = settings.reportFile ?? join(RESULTS_DIR, 'profile-latest.md');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, markdown);
  process.stdout.write(`\n${markdown}\nWritten to ${relative(process.cwd(), resolve(file))}\n`);
}

function machine(): string {
  const cores = cpus();
  return (
    `${cores.length} × ${cores[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
    `Linux ${release()}, Node ${process.version}`
  );
}

/**
 * The commit the measured code was built from, and whether src/ had changes not committed then (the
 * build is of the working tree at `npm run bench`): runs of different code compare only within a run.
 */
function codeVersion(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const changed = git('status', '--porcelain', '--', 'src').split('\n').filter(Boolean).length;
    return `commit ${git('rev-parse', '--short', 'HEAD')}${changed > 0 ? ` + ${changed} uncommitted change${changed === 1 ? '' : 's'} in src/` : ''}`;
  } catch {
    return 'unknown (no git)';
  }
}

/** Width of the process names in the progress lines. */
let labelWidth = 8;

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
