/** The benchmark's results as Markdown: the table, the constant-rate runs, the lane comparisons and the targets. */
import { LANES, type BenchSettings, type StoreMode } from './settings.js';
import type { Scenario } from './scenarios.js';

export interface ProcessSummary {
  /** Medians over the measured runs. */
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPerRequest: number;
  /** Every run's requests/s, in run order, to show the spread. */
  runsPerSecond: number[];
  /** Every run's CPU ms per answer, in run order (round by round, as runsPerSecond). */
  cpuMsPerRequestRuns: number[];
  /** Upstream calls of one operation sent alone (exact), and the average under load (retries would show here). */
  callsPerOperation: number;
  callsPerOperationUnderLoad: number;
  peakRssMb: number;
  /** Summed over the measured runs. */
  failures: number;
  graphqlErrors: number;
}

export interface Named<T> {
  name: string;
  summary: T;
}

export interface ScenarioResult {
  scenario: Scenario;
  /** Every process measured, in the run's order: the baseline first. */
  processes: Named<ProcessSummary>[];
}

export interface RateSummary {
  achievedPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPerRequest: number;
  failures: number;
  graphqlErrors: number;
}

/** One scenario at a constant rate, every process. */
export interface FixedRateResult {
  rate: number;
  scenario: Scenario;
  processes: Named<RateSummary>[];
}

/** A process of the run: its name and what it is, for the report's header. */
export interface ProcessInfo {
  name: string;
  description: string;
}

/** The gateways' store (store.ts), which decides what their RSS includes. */
export interface StoreReport {
  mode: StoreMode;
  /** What it is, for the process list. */
  description: string;
  /** A few words next to a gateway lane's RSS figure: "store: server, outside the process". */
  rssNote: string;
  /** A sentence without its full stop: what the gateway lanes' RSS includes. */
  rssExplanation: string;
  /** PSS of the run's own PostgreSQL server's processes at the end of the run, in MB. */
  serverMemoryMb?: number;
}

/** Two lanes side by side: ratios are subject / reference (what the subject changes). */
export interface Comparison {
  subject: string;
  reference: string;
  /** What differs between the two, as a sentence fragment: "… the reference …". */
  what: string;
}

export type TargetStatus = 'met' | 'not met' | 'not measured';

export interface Target {
  name: string;
  status: TargetStatus;
  detail: string;
}

export interface Report {
  machine: string;
  /** The commit built and measured (and whether src/ had uncommitted changes). */
  code: string;
  settings: BenchSettings;
  processes: ProcessInfo[];
  store: StoreReport;
  comparisons: Comparison[];
  scenarios: ScenarioResult[];
  fixedRates: FixedRateResult[];
  /** Peak RSS of each process over the whole run, by name. */
  peakRssMb: Record<string, number>;
  peakIsPerScenario: boolean;
  /** RSS right after start, before any load, by process name. */
  startRssMb: Record<string, number>;
  loadBefore: number[];
  loadAfter: number[];
  /** Wall-clock seconds of the whole run. */
  elapsedS: number;
}

/** Issue 8's targets for the gateway lane (query text). */
const ISSUE8 = { throughputRatio: 0.7, p99MarginMs: 3, peakRssMb: 200 };
/** Issue 20's targets for the trusted-documents lane, on scenarios 1 and 3. */
const ISSUE20 = { scenarios: [1, 3], cpuRatio: 2, throughputRatio: 0.7, p99MarginMs: 5, peakRssMb: 200 };
/** Below this share of the asked rate, a process did not keep up and its latencies say little. */
const KEPT_UP = 0.95;

const find = <T>(list: Named<T>[], name: string): T | undefined => list.find((entry) => entry.name === name)?.summary;

export function evaluateTargets(report: Report): { issue20: Target[]; issue8: Target[] } {
  return { issue20: issue20Targets(report), issue8: issue8Targets(report) };
}

function issue20Targets(report: Report): Target[] {
  const lane = LANES.trusted;
  const running = report.processes.some((process) => process.name === lane);
  const targets: Target[] = [];
  const notMeasured = (name: string, why: string) => targets.push({ name, status: 'not measured', detail: why });
  for (const id of ISSUE20.scenarios) {
    const result = report.scenarios.find((candidate) => candidate.scenario.id === id);
    const baseline = result && find(result.processes, LANES.baseline);
    const trusted = result && find(result.processes, lane);
    const cpuName = `Scenario ${id}: ${lane} CPU ms/req ≤ ${ISSUE20.cpuRatio} × the baseline's`;
    const rpsName = `Scenario ${id}: ${lane} req/s ≥ ${ISSUE20.throughputRatio} × the baseline's at ${report.settings.connections} connections`;
    const why = !running ? 'the lane was not run (BENCH_TRUSTED_LANE=off)' : 'scenario not run (BENCH_SCENARIOS)';
    if (!baseline || !trusted) {
      notMeasured(cpuName, why);
      notMeasured(rpsName, why);
    } else {
      const cpu = trusted.cpuMsPerRequest / baseline.cpuMsPerRequest;
      targets.push({
        name: cpuName,
        status: cpu <= ISSUE20.cpuRatio ? 'met' : 'not met',
        detail: `${fmt(trusted.cpuMsPerRequest, 3)} vs ${fmt(baseline.cpuMsPerRequest, 3)} ms (${fmt(cpu, 2)} ×)`,
      });
      const rps = trusted.requestsPerSecond / baseline.requestsPerSecond;
      targets.push({
        name: rpsName,
        status: rps >= ISSUE20.throughputRatio ? 'met' : 'not met',
        detail: `${fmt(trusted.requestsPerSecond, 0)} vs ${fmt(baseline.requestsPerSecond, 0)} req/s (${fmt(rps, 2)} ×)`,
      });
    }
    const rate = report.fixedRates.find((candidate) => candidate.scenario.id === id);
    const rateText = report.settings.fixedRate > 0 ? `a constant ${report.settings.fixedRate} req/s` : 'the constant rate (BENCH_RATE=0: none)';
    const p99Name = `Scenario ${id} at ${rateText}: ${lane} p99 ≤ the baseline's + ${ISSUE20.p99MarginMs} ms`;
    const rateBaseline = rate && find(rate.processes, LANES.baseline);
    const rateTrusted = rate && find(rate.processes, lane);
    if (!rate || !rateBaseline || !rateTrusted) {
      notMeasured(p99Name, !running ? why : `no constant-rate run of scenario ${id} (BENCH_RATE, BENCH_RATE_SCENARIOS, BENCH_SCENARIOS)`);
    } else {
      targets.push(p99Target(p99Name, rate.rate, rateTrusted, rateBaseline, ISSUE20.p99MarginMs));
    }
  }
  const peakName = `${lane} peak RSS ≤ ${ISSUE20.peakRssMb} MB under the benchmark`;
  const peak = report.peakRssMb[lane];
  if (!running || peak === undefined || report.scenarios.length === 0) notMeasured(peakName, 'the lane was not run (BENCH_TRUSTED_LANE=off)');
  else targets.push({ name: peakName, status: peak <= ISSUE20.peakRssMb ? 'met' : 'not met', detail: `${fmt(peak, 1)} MB (${report.store.rssNote})` });
  return targets;
}

function issue8Targets(report: Report): Target[] {
  const targets: Target[] = [];
  const first = report.scenarios.find((result) => result.scenario.id === 1);
  const baseline = first && find(first.processes, LANES.baseline);
  const gateway = first && find(first.processes, LANES.gateway);
  if (baseline && gateway) {
    const ratio = gateway.requestsPerSecond / baseline.requestsPerSecond;
    targets.push({
      name: `Scenario 1: gateway throughput ≥ ${ISSUE8.throughputRatio} × baseline at ${report.settings.connections} connections`,
      status: ratio >= ISSUE8.throughputRatio ? 'met' : 'not met',
      detail: `${ratio.toFixed(2)} (${fmt(gateway.requestsPerSecond, 0)} vs ${fmt(baseline.requestsPerSecond, 0)} req/s)`,
    });
  }
  const rate = report.fixedRates.find((candidate) => candidate.scenario.id === 1);
  const rateBaseline = rate && find(rate.processes, LANES.baseline);
  const rateGateway = rate && find(rate.processes, LANES.gateway);
  if (rate && rateBaseline && rateGateway) {
    targets.push(p99Target(`Scenario 1 at ${rate.rate} req/s: gateway p99 ≤ baseline p99 + ${ISSUE8.p99MarginMs} ms`, rate.rate, rateGateway, rateBaseline, ISSUE8.p99MarginMs));
  }
  const second = report.scenarios.find((result) => result.scenario.id === 2);
  const secondGateway = second && find(second.processes, LANES.gateway);
  if (second && secondGateway && second.scenario.maxUpstreamCalls !== undefined) {
    const limit = second.scenario.maxUpstreamCalls;
    const { callsPerOperation: alone, callsPerOperationUnderLoad: loaded } = secondGateway;
    targets.push({
      name: `Scenario 2: upstream calls per operation ≤ ${limit} (the distinct ids), never more`,
      status: alone <= limit && loaded <= limit ? 'met' : 'not met',
      detail: `${fmt(alone, 0)} for one operation alone, ${fmt(loaded, 2)} on average at ${report.settings.connections} concurrent`,
    });
  }
  const peak = report.peakRssMb[LANES.gateway];
  if (report.scenarios.length > 0 && peak !== undefined) {
    targets.push({
      name: `Gateway peak RSS ≤ ${ISSUE8.peakRssMb} MB under the benchmark`,
      status: peak <= ISSUE8.peakRssMb ? 'met' : 'not met',
      detail: `${fmt(peak, 1)} MB (${report.store.rssNote})`,
    });
  }
  return targets;
}

function p99Target(name: string, rate: number, lane: RateSummary, baseline: RateSummary, marginMs: number): Target {
  const margin = lane.p99Ms - baseline.p99Ms;
  const keptUp = lane.achievedPerSecond >= KEPT_UP * rate;
  return {
    name,
    status: keptUp && margin <= marginMs ? 'met' : 'not met',
    detail:
      `${fmt(lane.p99Ms, 2)} vs ${fmt(baseline.p99Ms, 2)} ms (${signed(margin)})` +
      (keptUp ? '' : `; it did not keep up (${fmt(lane.achievedPerSecond, 0)} req/s)`) +
      (lane.failures + lane.graphqlErrors > 0 ? `; ${lane.failures + lane.graphqlErrors} errors` : ''),
  };
}

export function renderReport(report: Report, targets: { issue20: Target[]; issue8: Target[] }): string {
  const { settings } = report;
  const names = report.processes.map((process) => process.name);
  const lines = [
    `# Benchmark — ${new Date().toISOString()}`,
    '',
    `Machine: ${report.machine}. Code: ${report.code}. Load average ${report.loadBefore.map((n) => n.toFixed(2)).join(' ')} before, ` +
      `${report.loadAfter.map((n) => n.toFixed(2)).join(' ')} after (other work on the machine skews the numbers). ` +
      `The run took ${(report.elapsedS / 60).toFixed(1)} min.`,
    '',
    'Processes, each its own:',
    '',
    ...report.processes.map((process) => `- **${process.name}**: ${process.description}`),
    `- **the gateways' store** (\`${report.store.mode}\`): ${report.store.description}`,
    '',
    `Each scenario: ${settings.warmupS} s warm-up per process, then ${settings.rounds} measured runs of ${settings.durationS} s per process, ` +
      `alternating ${alternation(names)}, at ${settings.connections} connections; medians reported. Every simulated platform call ` +
      `answers ${settings.upstreamLatencyMs} ms late; every process keeps ${settings.upstreamConnections} sockets per platform.` +
      (settings.gatewayNodeFlags.length > 0 ? ` Gateway node flags: \`${settings.gatewayNodeFlags.join(' ')}\`.` : '') +
      (Object.keys(settings.gatewayEnvOverrides).length > 0 ? ` Gateway variables added (every gateway lane): ${Object.keys(settings.gatewayEnvOverrides).join(', ')}.` : ''),
    '',
    `The gateway lanes' store: **${report.store.mode}** (${report.store.rssNote}: see under the table).`,
    '',
    '| scenario | process | req/s | p50 ms | p99 ms | upstream calls/op | CPU ms/req | peak RSS MB | errors | req/s per run | CPU ms/req per run |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { scenario, processes } of report.scenarios) {
    processes.forEach((process, index) => lines.push(row(index === 0 ? `${scenario.id}. ${scenario.name}` : '', process.name, process.summary)));
    const baseline = find(processes, LANES.baseline);
    if (baseline) {
      for (const process of processes) if (process.name !== LANES.baseline) lines.push(ratioRow(`${process.name} / baseline`, process.summary, baseline));
    }
  }
  lines.push(
    '',
    '"upstream calls/op": counted in the simulators\' request logs for one operation sent alone (for ' +
      `${settings.connections * 5} operations at ${settings.connections} concurrent, where that differs, below). ` +
      '"CPU ms/req": the process\'s user + system CPU time over a run divided by its answers — less sensitive to other work on the machine than req/s. ' +
      '"errors": connection errors, non-2xx answers and answers carrying GraphQL errors, over all measured runs. ' +
      (report.peakIsPerScenario
        ? 'Peak RSS is per scenario (VmHWM, reset before each scenario\'s warm-up).'
        : 'Peak RSS is since the process started (the kernel refused to reset VmHWM).') +
      ` RSS right after start, before any load: ${Object.entries(report.startRssMb)
        .map(([name, mb]) => `${name} ${fmt(mb, 1)} MB`)
        .join(', ')}. ${report.store.rssExplanation}` +
      (report.store.serverMemoryMb !== undefined
        ? `; the PostgreSQL server's processes held ${fmt(report.store.serverMemoryMb, 1)} MB (PSS: shared pages counted once) at the end of the run, for all the gateway lanes' databases.`
        : '.'),
    '',
  );
  const loadNotes = report.scenarios
    .flatMap(({ scenario, processes }) => processes.map((process) => [scenario, process.name, process.summary] as const))
    .filter(([, , summary]) => Math.abs(summary.callsPerOperationUnderLoad - summary.callsPerOperation) >= 0.05)
    .map(([scenario, name, summary]) => `- scenario ${scenario.id}, ${name}: ${fmt(summary.callsPerOperationUnderLoad, 2)} upstream calls/op under load`);
  if (loadNotes.length > 0) lines.push('Upstream calls per operation under load, where they differ from one operation alone:', '', ...loadNotes, '');

  for (const { rate, scenario, processes } of report.fixedRates) {
    const baseline = find(processes, LANES.baseline);
    lines.push(
      `## Scenario ${scenario.id} (${scenario.name}) at a constant ${rate} requests/s (medians of ${settings.rounds} runs of ${settings.durationS} s)`,
      '',
      `Open loop, evenly spaced (one request every ${(1000 / rate).toFixed(2)} ms, up to ${settings.connections} sockets), ` +
        'each timed from when it was due (bench/paced.ts; autocannon\'s overallRate sends each second\'s requests in one burst).',
      '',
      '| process | achieved req/s | p50 ms | p99 ms | CPU ms/req | errors |',
      '|---|---|---|---|---|---|',
      ...processes.map((process) => rateRow(process.name, process.summary)),
      ...(baseline
        ? processes.filter((process) => process.name !== LANES.baseline).map((process) => differenceRow(`${process.name} − baseline`, process.summary, baseline))
        : []),
      '',
    );
  }
  for (const comparison of report.comparisons) lines.push(...comparisonSection(report, comparison));
  lines.push(
    `## Targets of issue 20 (trusted documents, "${LANES.trusted}")`,
    '',
    ...targets.issue20.map(targetLine),
    '',
    ...issue20Measures(report),
    '## Targets of issue 8 (the gateway, query text)',
    '',
    ...targets.issue8.map(targetLine),
    '',
  );
  return lines.join('\n');
}

function targetLine(target: Target): string {
  const mark = target.status === 'met' ? '**met**' : target.status === 'not met' ? '**not met**' : '*not measured*';
  return `- ${mark} ${target.name}: ${target.detail}`;
}

/**
 * Issue 20's measures for every process (not only the lane the targets are for): where plain Apollo
 * Server and the gateway's query-text lane stand against the same bars.
 */
function issue20Measures(report: Report): string[] {
  const rows: string[] = [];
  for (const id of ISSUE20.scenarios) {
    const result = report.scenarios.find((candidate) => candidate.scenario.id === id);
    const baseline = result && find(result.processes, LANES.baseline);
    if (!result || !baseline) continue;
    const rate = report.fixedRates.find((candidate) => candidate.scenario.id === id);
    const rateBaseline = rate && find(rate.processes, LANES.baseline);
    for (const process of result.processes) {
      if (process.name === LANES.baseline) continue;
      const paced = rate && find(rate.processes, process.name);
      rows.push(
        `| ${id} | ${process.name} | ${ratio(process.summary.cpuMsPerRequest, baseline.cpuMsPerRequest)} × | ` +
          `${ratio(process.summary.requestsPerSecond, baseline.requestsPerSecond)} × | ` +
          `${paced && rateBaseline ? signed(paced.p99Ms - rateBaseline.p99Ms) : '—'} | ${fmt(report.peakRssMb[process.name] ?? NaN, 1)} |`,
      );
    }
  }
  if (rows.length === 0) return [];
  return [
    `The same measures for every process (bars: CPU ≤ ${ISSUE20.cpuRatio} ×, req/s ≥ ${ISSUE20.throughputRatio} ×, p99 ≤ +${ISSUE20.p99MarginMs} ms, ` +
      `peak RSS ≤ ${ISSUE20.peakRssMb} MB over the run; the gateway lanes' RSS: ${report.store.rssNote}):`,
    '',
    '| scenario | process | CPU ms/req / baseline | req/s / baseline | p99 − baseline at the constant rate | peak RSS MB |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ];
}

function row(label: string, name: string, summary: ProcessSummary): string {
  return (
    `| ${label} | ${name} | ${fmt(summary.requestsPerSecond, 0)} | ${fmt(summary.p50Ms, 2)} | ${fmt(summary.p99Ms, 2)} | ` +
    `${fmt(summary.callsPerOperation, 0)} | ${fmt(summary.cpuMsPerRequest, 3)} | ${fmt(summary.peakRssMb, 1)} | ` +
    `${summary.failures + summary.graphqlErrors} | ${summary.runsPerSecond.map((n) => fmt(n, 0)).join(', ')} | ` +
    `${summary.cpuMsPerRequestRuns.map((n) => fmt(n, 3)).join(', ')} |`
  );
}

function ratioRow(label: string, over: ProcessSummary, under: ProcessSummary): string {
  return (
    `| | **${label}** | **${ratio(over.requestsPerSecond, under.requestsPerSecond)}** | ` +
    `${ratio(over.p50Ms, under.p50Ms)} | ${ratio(over.p99Ms, under.p99Ms)} | ` +
    `${ratio(over.callsPerOperation, under.callsPerOperation)} | ${ratio(over.cpuMsPerRequest, under.cpuMsPerRequest)} | ` +
    `${ratio(over.peakRssMb, under.peakRssMb)} | | | |`
  );
}

function rateRow(name: string, summary: RateSummary): string {
  return (
    `| ${name} | ${fmt(summary.achievedPerSecond, 0)} | ${fmt(summary.p50Ms, 2)} | ${fmt(summary.p99Ms, 2)} | ` +
    `${fmt(summary.cpuMsPerRequest, 3)} | ${summary.failures + summary.graphqlErrors} |`
  );
}

function differenceRow(label: string, a: RateSummary, b: RateSummary): string {
  return `| **${label}** | | ${signed(a.p50Ms - b.p50Ms)} | **${signed(a.p99Ms - b.p99Ms)}** | ${ratio(a.cpuMsPerRequest, b.cpuMsPerRequest)} × | |`;
}

/**
 * Two lanes side by side, scenario by scenario: medians, their ratio (subject / reference), and the ratio
 * of each round's two runs (they ran in the same round, minutes apart at most, so the spread of these
 * ratios is the run-to-run noise of the comparison itself).
 */
function comparisonSection(report: Report, { subject, reference, what }: Comparison): string[] {
  const lines = [
    `## ${subject} vs ${reference}`,
    '',
    `${what} Ratios are ${subject} / ${reference}: below 1 for CPU and p99, above 1 for req/s, favour "${subject}". ` +
      '"per round": the ratio of the two runs of each round, in round order; their range is the noise of this comparison.',
    '',
    `| scenario | CPU ms/req ${subject} | CPU ms/req ${reference} | **CPU ratio** | CPU saved | CPU ratio per round | req/s ${subject} | req/s ${reference} | **req/s ratio** | req/s ratio per round | p99 ms ${subject} | p99 ms ${reference} | peak RSS MB ${subject} | peak RSS MB ${reference} |`,
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { scenario, processes } of report.scenarios) {
    const a = find(processes, subject);
    const b = find(processes, reference);
    if (!a || !b) continue;
    lines.push(
      `| ${scenario.id}. ${scenario.name} | ${fmt(a.cpuMsPerRequest, 3)} | ${fmt(b.cpuMsPerRequest, 3)} | ` +
        `**${ratio(a.cpuMsPerRequest, b.cpuMsPerRequest)}** | ${percent(1 - a.cpuMsPerRequest / b.cpuMsPerRequest)} | ` +
        `${perRound(a.cpuMsPerRequestRuns, b.cpuMsPerRequestRuns)} | ` +
        `${fmt(a.requestsPerSecond, 0)} | ${fmt(b.requestsPerSecond, 0)} | ` +
        `**${ratio(a.requestsPerSecond, b.requestsPerSecond)}** | ${perRound(a.runsPerSecond, b.runsPerSecond)} | ` +
        `${fmt(a.p99Ms, 2)} | ${fmt(b.p99Ms, 2)} | ${fmt(a.peakRssMb, 1)} | ${fmt(b.peakRssMb, 1)} |`,
    );
  }
  const rateLines = report.fixedRates.flatMap(({ rate, scenario, processes }) => {
    const a = find(processes, subject);
    const b = find(processes, reference);
    if (!a || !b) return [];
    return [
      `At a constant ${rate} requests/s (scenario ${scenario.id}): CPU ms/req ${fmt(a.cpuMsPerRequest, 3)} vs ${fmt(b.cpuMsPerRequest, 3)} ` +
        `(ratio ${ratio(a.cpuMsPerRequest, b.cpuMsPerRequest)}), p99 ${fmt(a.p99Ms, 2)} vs ${fmt(b.p99Ms, 2)} ms.`,
    ];
  });
  if (rateLines.length > 0) lines.push('', ...rateLines);
  lines.push(
    '',
    `Start RSS: ${subject} ${fmt(report.startRssMb[subject] ?? NaN, 1)} MB, ${reference} ${fmt(report.startRssMb[reference] ?? NaN, 1)} MB (${report.store.rssNote}).`,
    '',
  );
  return lines;
}

function perRound(a: number[], b: number[]): string {
  return a.map((value, index) => ratio(value, b[index] ?? NaN)).join(', ');
}

function percent(value: number): string {
  return Number.isFinite(value) ? `${value >= 0 ? '' : '−'}${Math.abs(value * 100).toFixed(1)} %` : '—';
}

/** Which processes the rounds alternate. */
function alternation(names: string[]): string {
  const [first, ...rest] = names;
  if (rest.length <= 1) return names.join(' and ');
  return `${first} then ${rest.map((name) => `"${name}"`).join(', ')} (the others' order rotating each round)`;
}

export function envText(env: Record<string, string>): string {
  const entries = Object.entries(env);
  return entries.length === 0 ? 'no other variables' : entries.map(([key, value]) => `\`${key}=${value}\``).join(', ');
}

function fmt(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

function ratio(over: number, under: number): string {
  return under > 0 && Number.isFinite(over) ? `${(over / under).toFixed(2)}` : '—';
}

function signed(value: number): string {
  return Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${value.toFixed(2)} ms` : '—';
}
