/**
 * The load benchmark (`npm run bench`): the gateway against a hand-written proxy with no GraphQL (the
 * baseline, bench/baseline.ts), both as child processes in front of the three platform simulators
 * (another child, every call answered BENCH_LATENCY_MS late), loaded with autocannon from this process.
 *
 * Besides the gateway with its defaults, each of BENCH_GATEWAY_VARIANTS is one more gateway lane in its own
 * process (by default `gateway (graphql-js only)`: GATEWAY_COMPILE_AFTER=0, no compiled execution).
 *
 * 1. Checks that the baseline answers each scenario with exactly each gateway's JSON (fails otherwise)
 *    and counts the upstream calls of one operation of each.
 * 2. Per scenario: a warm-up run of each process, then BENCH_ROUNDS measured runs each, alternating
 *    baseline and the gateway lanes (whose order rotates each round); medians of req/s, p50/p99, CPU per
 *    request; peak RSS (VmHWM).
 * 3. Scenario 1 at a fixed BENCH_RATE requests/s, alternating too: p99 of each.
 * 4. Prints the table with the targets and the gateway/variant ratios, writes bench/results/latest.md.
 *
 * `npm run bench -- --profile` instead runs scenario 1 (or the first of BENCH_SCENARIOS) under
 * `node --cpu-prof` in both processes and writes bench/results/profile-latest.md plus the
 * .cpuprofile files in bench/results/profiles/. See bench/README.md for the variables.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
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
  startSimulators,
  type Measured,
  type Simulators,
} from './processes.js';
import { renderProfile, summarizeProfile, type Window } from './profile.js';
import {
  evaluateTargets,
  renderReport,
  type FixedRateResult,
  type ProcessSummary,
  type RateSummary,
  type ScenarioResult,
} from './report.js';
import { buildScenarios, type Scenario } from './scenarios.js';
import { readSettings, type BenchSettings } from './settings.js';
import { totalCalls } from './simulator-protocol.js';

const RESULTS_DIR = join(__dirname, '..', '..', 'bench', 'results');

async function main(): Promise<void> {
  const settings = readSettings();
  const profiling = process.argv.slice(2).includes('--profile');
  say(`machine: ${machine()}`);
  say(`code: ${codeVersion()}`);
  const simulators = await startSimulators(settings);
  try {
    const scenarios = buildScenarios(simulators.info.agentIds).filter((scenario) => settings.scenarios.includes(scenario.id));
    if (profiling) await profile(settings, simulators, scenarios[0] as Scenario);
    else await benchmark(settings, simulators, scenarios);
  } finally {
    await simulators.stop();
  }
}

async function benchmark(settings: BenchSettings, simulators: Simulators, scenarios: Scenario[]): Promise<void> {
  const loadBefore = loadavg();
  const baseline = await startBaseline(settings, simulators.info);
  const gateway = await startGateway(settings, simulators.info);
  const variants: Measured[] = [];
  for (const variant of settings.gatewayVariants) variants.push(await startGateway(settings, simulators.info, [], variant));
  const processes = [baseline, gateway, ...variants];
  labelWidth = Math.max(...processes.map((target) => target.name.length));
  const startRssMb = Object.fromEntries(processes.map((target) => [target.name, rssMb(target.pid)]));
  try {
    const alone = await checkSameAnswers(scenarios, processes, simulators);
    const results: ScenarioResult[] = [];
    let peakIsPerScenario = true;
    for (const scenario of scenarios) {
      peakIsPerScenario = processes.map((process) => resetPeakRss(process.pid)).every(Boolean) && peakIsPerScenario;
      if (settings.warmupS > 0) {
        for (const target of processes) await runLoad(target.url, scenario, { durationS: settings.warmupS, connections: settings.connections });
      }
      const underLoad = new Map<Measured['name'], number>();
      for (const target of processes) underLoad.set(target.name, await callsUnderLoad(target, scenario, simulators, settings.connections));
      const closedLoop = { durationS: settings.durationS, connections: settings.connections };
      const runs = await alternate(processes, settings.rounds, (target, round) =>
        measuredRun(target, simulators, () => runLoad(target.url, scenario, closedLoop), `${scenario.id}`, round),
      );
      const summary = (target: Measured): ProcessSummary =>
        summarize(runs.get(target.name) ?? [], {
          alone: alone.get(scenario.id)?.get(target.name) ?? NaN,
          underLoad: underLoad.get(target.name) ?? NaN,
          peakRssMb: peakRssMb(target.pid),
        });
      results.push({
        scenario,
        baseline: summary(baseline),
        gateway: summary(gateway),
        variants: variants.map((variant) => ({ name: variant.name, summary: summary(variant) })),
      });
    }

    const first = scenarios.find((scenario) => scenario.id === 1);
    let fixedRate: FixedRateResult | undefined;
    if (first && settings.fixedRate > 0) {
      const options = { durationS: settings.durationS, connections: settings.connections, rate: settings.fixedRate };
      const runs = await alternate(processes, settings.rounds, (target, round) =>
        measuredRun(target, simulators, () => runPaced(target.url, first, options), `1 @ ${settings.fixedRate}/s`, round),
      );
      fixedRate = {
        rate: settings.fixedRate,
        baseline: rateSummary(runs.get('baseline') ?? []),
        gateway: rateSummary(runs.get('gateway') ?? []),
        variants: variants.map((variant) => ({ name: variant.name, summary: rateSummary(runs.get(variant.name) ?? []) })),
      };
    }

    const gatewayPeaks = results.map((result) => result.gateway.peakRssMb);
    const report = {
      machine: machine(),
      code: codeVersion(),
      settings,
      scenarios: results,
      fixedRate,
      gatewayPeakRssMb: Math.max(...gatewayPeaks, peakIsPerScenario ? 0 : peakRssMb(gateway.pid)),
      peakIsPerScenario,
      startRssMb,
      loadBefore,
      loadAfter: loadavg(),
    };
    const targets = evaluateTargets(report);
    const markdown = renderReport(report, targets);
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, 'latest.md'), markdown);
    process.stdout.write(`\n${markdown}\nWritten to bench/results/latest.md\n`);
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
  const result = await runLoad(target.url, scenario, { durationS: 60, connections, amount: connections * 5 });
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
 * others in an order that rotates by one each round (baseline, gateway, variant, baseline, variant,
 * gateway …), so that no gateway lane always runs right after the baseline or always last. With one
 * gateway lane: baseline, gateway, baseline, gateway …
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
 * 200 without GraphQL errors and each gateway lane with the baseline's JSON (same keys in the same
 * order, same values).
 */
async function checkSameAnswers(
  scenarios: Scenario[],
  processes: Measured[],
  simulators: Simulators,
): Promise<Map<number, Map<Measured['name'], number>>> {
  const calls = new Map<number, Map<Measured['name'], number>>();
  for (const scenario of scenarios) {
    const answers = new Map<Measured['name'], unknown>();
    const counted = new Map<Measured['name'], number>();
    for (const target of processes) {
      await post(target.url, scenario);
      await settle(simulators);
      const { status, json } = await post(target.url, scenario);
      counted.set(target.name, totalCalls(await simulators.takeCounts()));
      if (status !== 200 || (json as { errors?: unknown }).errors !== undefined) {
        throw new Error(`scenario ${scenario.id}: the ${target.name} answered ${status}: ${JSON.stringify(json).slice(0, 2000)}`);
      }
      answers.set(target.name, json);
    }
    for (const target of processes) {
      if (target.name === 'baseline') continue;
      const difference = firstDifference(answers.get(target.name), answers.get('baseline'), '$');
      if (difference !== undefined) {
        throw new Error(
          `scenario ${scenario.id} (${scenario.name}): the baseline's answer is not the ${target.name}'s, first at ${difference}\n` +
            `${target.name}: ${JSON.stringify(answers.get(target.name)).slice(0, 1500)}\n` +
            `baseline: ${JSON.stringify(answers.get('baseline')).slice(0, 1500)}`,
        );
      }
    }
    say(`scenario ${scenario.id}: same JSON from ${processes.length === 2 ? 'both' : `all ${processes.length}`}; upstream calls for one operation: ${[...counted].map(([name, n]) => `${name} ${n}`).join(', ')}`);
    calls.set(scenario.id, counted);
  }
  return calls;
}

async function post(url: string, scenario: Scenario): Promise<{ status: number; json: unknown }> {
  const answer = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(scenario.body),
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
 * Both processes under `--cpu-prof` with the scenario at full load; the summary covers only the
 * measured run (the profile's clock is the monotonic one `process.hrtime` reads).
 */
async function profile(settings: BenchSettings, simulators: Simulators, scenario: Scenario): Promise<void> {
  const dir = join(RESULTS_DIR, 'profiles');
  mkdirSync(dir, { recursive: true });
  const flags = (name: string) => ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}`];
  const files = { gateway: `gateway-scenario${scenario.id}.cpuprofile`, baseline: `baseline-scenario${scenario.id}.cpuprofile` };
  const gateway = await startGateway(settings, simulators.info, flags(files.gateway));
  const baseline = await startBaseline(settings, simulators.info, flags(files.baseline));
  const windows = new Map<string, Window>();
  const answers = new Map<string, number>();
  try {
    await checkSameAnswers([scenario], [baseline, gateway], simulators);
    for (const target of [gateway, baseline]) {
      if (settings.warmupS > 0) await runLoad(target.url, scenario, { durationS: settings.warmupS, connections: settings.connections });
      const fromUs = Number(process.hrtime.bigint() / 1000n);
      const closedLoop = { durationS: settings.durationS, connections: settings.connections };
      const run = await measuredRun(target, simulators, () => runLoad(target.url, scenario, closedLoop), `${scenario.id} (profiled)`, 1);
      answers.set(target.name, run.result.requests);
      windows.set(target.name, { fromUs, toUs: Number(process.hrtime.bigint() / 1000n) });
    }
  } finally {
    // The profiles are written when the processes exit.
    await Promise.all([gateway.stop(), baseline.stop()]);
  }
  const written = readdirSync(dir);
  const sections = (['gateway', 'baseline'] as const).map((name) => {
    if (!written.includes(files[name])) throw new Error(`no profile was written for the ${name} (${join(dir, files[name])})`);
    const summary = summarizeProfile(join(dir, files[name]), windows.get(name));
    return renderProfile(`${name}, scenario ${scenario.id} (${scenario.name}), ${settings.connections} connections`, summary, answers.get(name));
  });
  const markdown = [
    `# CPU profile — ${new Date().toISOString()}`,
    '',
    `Machine: ${machine()}. ${settings.warmupS} s warm-up, then ${settings.durationS} s profiled at full load; ` +
      `only the profiled run is summarised. Profiles: bench/results/profiles/${files.gateway}, ${files.baseline} ` +
      '(open in Chrome DevTools → Performance, or VS Code).',
    '',
    ...sections,
  ].join('\n');
  writeFileSync(join(RESULTS_DIR, 'profile-latest.md'), markdown);
  process.stdout.write(`\n${markdown}\nWritten to bench/results/profile-latest.md\n`);
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
    const git = (...args: string[]) => execFileSync('git', args, { cwd: join(__dirname, '..', '..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
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
