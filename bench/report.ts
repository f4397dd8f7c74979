/** The benchmark's results as Markdown: the table, the fixed-rate comparison and the targets. */
import type { BenchSettings } from './settings.js';
import type { Scenario } from './scenarios.js';

export interface ProcessSummary {
  /** Medians over the measured runs. */
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPerRequest: number;
  /** Every run's requests/s, in run order, to show the spread. */
  runsPerSecond: number[];
  /** Upstream calls of one operation sent alone (exact), and the average under load (retries would show here). */
  callsPerOperation: number;
  callsPerOperationUnderLoad: number;
  peakRssMb: number;
  /** Summed over the measured runs. */
  failures: number;
  graphqlErrors: number;
}

export interface ScenarioResult {
  scenario: Scenario;
  baseline: ProcessSummary;
  gateway: ProcessSummary;
}

export interface RateSummary {
  achievedPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
  graphqlErrors: number;
}

export interface FixedRateResult {
  rate: number;
  baseline: RateSummary;
  gateway: RateSummary;
}

export interface Target {
  name: string;
  passed: boolean;
  detail: string;
}

export interface Report {
  machine: string;
  settings: BenchSettings;
  scenarios: ScenarioResult[];
  fixedRate: FixedRateResult | undefined;
  /** Peak RSS of the gateway over the whole run. */
  gatewayPeakRssMb: number;
  peakIsPerScenario: boolean;
  /** RSS right after start, before any load. */
  startRssMb: { baseline: number; gateway: number };
  loadBefore: number[];
  loadAfter: number[];
}

const TARGET_THROUGHPUT_RATIO = 0.7;
const TARGET_P99_MARGIN_MS = 3;
const TARGET_PEAK_RSS_MB = 200;
/** Below this share of the asked rate, a process did not keep up and its latencies say little. */
const KEPT_UP = 0.95;

export function evaluateTargets(report: Report): Target[] {
  const targets: Target[] = [];
  const first = report.scenarios.find((result) => result.scenario.id === 1);
  if (first) {
    const ratio = first.gateway.requestsPerSecond / first.baseline.requestsPerSecond;
    targets.push({
      name: `Scenario 1: gateway throughput ≥ ${TARGET_THROUGHPUT_RATIO} × baseline at ${report.settings.connections} connections`,
      passed: ratio >= TARGET_THROUGHPUT_RATIO,
      detail: `${ratio.toFixed(2)} (${fmt(first.gateway.requestsPerSecond, 0)} vs ${fmt(first.baseline.requestsPerSecond, 0)} req/s)`,
    });
  }
  const rate = report.fixedRate;
  if (rate) {
    const margin = rate.gateway.p99Ms - rate.baseline.p99Ms;
    const keptUp = rate.gateway.achievedPerSecond >= KEPT_UP * rate.rate;
    targets.push({
      name: `Scenario 1 at ${rate.rate} req/s: gateway p99 ≤ baseline p99 + ${TARGET_P99_MARGIN_MS} ms`,
      passed: keptUp && margin <= TARGET_P99_MARGIN_MS,
      detail:
        `${fmt(rate.gateway.p99Ms, 2)} vs ${fmt(rate.baseline.p99Ms, 2)} ms (${margin >= 0 ? '+' : ''}${fmt(margin, 2)} ms)` +
        (keptUp ? '' : `; the gateway did not keep up (${fmt(rate.gateway.achievedPerSecond, 0)} req/s)`),
    });
  }
  const second = report.scenarios.find((result) => result.scenario.id === 2);
  if (second && second.scenario.maxUpstreamCalls !== undefined) {
    const limit = second.scenario.maxUpstreamCalls;
    const { callsPerOperation: alone, callsPerOperationUnderLoad: loaded } = second.gateway;
    targets.push({
      name: `Scenario 2: upstream calls per operation ≤ ${limit} (the distinct ids), never more`,
      passed: alone <= limit && loaded <= limit,
      detail: `${fmt(alone, 0)} for one operation alone, ${fmt(loaded, 2)} on average at ${report.settings.connections} concurrent`,
    });
  }
  if (report.scenarios.length > 0) {
    targets.push({
      name: `Gateway peak RSS ≤ ${TARGET_PEAK_RSS_MB} MB under the benchmark`,
      passed: report.gatewayPeakRssMb <= TARGET_PEAK_RSS_MB,
      detail: `${fmt(report.gatewayPeakRssMb, 1)} MB`,
    });
  }
  return targets;
}

export function renderReport(report: Report, targets: Target[]): string {
  const { settings } = report;
  const lines = [
    `# Benchmark — ${new Date().toISOString()}`,
    '',
    `Machine: ${report.machine}. Load average ${report.loadBefore.map((n) => n.toFixed(2)).join(' ')} before, ` +
      `${report.loadAfter.map((n) => n.toFixed(2)).join(' ')} after (other work on the machine skews the numbers).`,
    '',
    `Each scenario: ${settings.warmupS} s warm-up per process, then ${settings.rounds} measured runs of ${settings.durationS} s per process, ` +
      `alternating baseline and gateway, at ${settings.connections} connections; medians reported. Every simulated platform call ` +
      `answers ${settings.upstreamLatencyMs} ms late; both processes keep ${settings.upstreamConnections} sockets per platform.` +
      (settings.gatewayNodeFlags.length > 0 ? ` Gateway node flags: \`${settings.gatewayNodeFlags.join(' ')}\`.` : '') +
      (Object.keys(settings.gatewayEnvOverrides).length > 0 ? ` Gateway variables added: ${Object.keys(settings.gatewayEnvOverrides).join(', ')}.` : ''),
    '',
    '| scenario | process | req/s | p50 ms | p99 ms | upstream calls/op | CPU ms/req | peak RSS MB | errors | req/s per run |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { scenario, baseline, gateway } of report.scenarios) {
    lines.push(row(`${scenario.id}. ${scenario.name}`, 'baseline', baseline));
    lines.push(row('', 'gateway', gateway));
    lines.push(
      `| | **gateway / baseline** | **${ratio(gateway.requestsPerSecond, baseline.requestsPerSecond)}** | ` +
        `${ratio(gateway.p50Ms, baseline.p50Ms)} | ${ratio(gateway.p99Ms, baseline.p99Ms)} | ` +
        `${ratio(gateway.callsPerOperation, baseline.callsPerOperation)} | ${ratio(gateway.cpuMsPerRequest, baseline.cpuMsPerRequest)} | ` +
        `${ratio(gateway.peakRssMb, baseline.peakRssMb)} | | |`,
    );
  }
  lines.push(
    '',
    '"upstream calls/op": counted in the simulators\' request logs for one operation sent alone (for ' +
      `${report.settings.connections * 5} operations at ${report.settings.connections} concurrent, where that differs, below). ` +
      '"CPU ms/req": the process\'s user + system CPU time over a run divided by its answers — less sensitive to other work on the machine than req/s. ' +
      `"errors": connection errors, non-2xx answers and answers carrying GraphQL errors, over all measured runs. ` +
      (report.peakIsPerScenario
        ? 'Peak RSS is per scenario (VmHWM, reset before each scenario\'s warm-up).'
        : 'Peak RSS is since the process started (the kernel refused to reset VmHWM).') +
      ` RSS right after start, before any load: baseline ${fmt(report.startRssMb.baseline, 1)} MB, gateway ${fmt(report.startRssMb.gateway, 1)} MB.`,
    '',
  );
  const loadNotes = report.scenarios
    .flatMap(({ scenario, baseline, gateway }) => [
      [scenario, 'baseline', baseline] as const,
      [scenario, 'gateway', gateway] as const,
    ])
    .filter(([, , summary]) => Math.abs(summary.callsPerOperationUnderLoad - summary.callsPerOperation) >= 0.05)
    .map(([scenario, name, summary]) => `- scenario ${scenario.id}, ${name}: ${fmt(summary.callsPerOperationUnderLoad, 2)} upstream calls/op under load`);
  if (loadNotes.length > 0) lines.push('Upstream calls per operation under load, where they differ from one operation alone:', '', ...loadNotes, '');

  if (report.fixedRate) {
    const { rate, baseline, gateway } = report.fixedRate;
    lines.push(
      `## Scenario 1 at a constant ${rate} requests/s (medians of ${settings.rounds} runs of ${settings.durationS} s)`,
      '',
      `Open loop, evenly spaced (one request every ${(1000 / rate).toFixed(2)} ms, up to ${settings.connections} sockets), ` +
        'each timed from when it was due (bench/paced.ts; autocannon\'s overallRate sends each second\'s requests in one burst).',
      '',
      '| process | achieved req/s | p50 ms | p99 ms | errors |',
      '|---|---|---|---|---|',
      rateRow('baseline', baseline),
      rateRow('gateway', gateway),
      `| **gateway − baseline** | | ${signed(gateway.p50Ms - baseline.p50Ms)} | **${signed(gateway.p99Ms - baseline.p99Ms)}** | |`,
      '',
    );
  }
  lines.push('## Targets', '', ...targets.map((target) => `- ${target.passed ? '**PASS**' : '**FAIL**'} ${target.name}: ${target.detail}`), '');
  return lines.join('\n');
}

function row(label: string, name: string, summary: ProcessSummary): string {
  return (
    `| ${label} | ${name} | ${fmt(summary.requestsPerSecond, 0)} | ${fmt(summary.p50Ms, 2)} | ${fmt(summary.p99Ms, 2)} | ` +
    `${fmt(summary.callsPerOperation, 0)} | ${fmt(summary.cpuMsPerRequest, 3)} | ${fmt(summary.peakRssMb, 1)} | ` +
    `${summary.failures + summary.graphqlErrors} | ${summary.runsPerSecond.map((n) => fmt(n, 0)).join(', ')} |`
  );
}

function rateRow(name: string, summary: RateSummary): string {
  return (
    `| ${name} | ${fmt(summary.achievedPerSecond, 0)} | ${fmt(summary.p50Ms, 2)} | ${fmt(summary.p99Ms, 2)} | ` +
    `${summary.failures + summary.graphqlErrors} |`
  );
}

function fmt(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

function ratio(gateway: number, baseline: number): string {
  return baseline > 0 && Number.isFinite(gateway) ? `${(gateway / baseline).toFixed(2)}` : '—';
}

function signed(value: number): string {
  return Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${value.toFixed(2)} ms` : '—';
}
