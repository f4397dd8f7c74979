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

export interface ScenarioResult {
  scenario: Scenario;
  baseline: ProcessSummary;
  gateway: ProcessSummary;
  /** The other gateway lanes (BENCH_GATEWAY_VARIANTS), in their order. */
  variants: Named<ProcessSummary>[];
}

export interface Named<T> {
  name: string;
  summary: T;
}

export interface RateSummary {
  achievedPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPerRequest: number;
  failures: number;
  graphqlErrors: number;
}

export interface FixedRateResult {
  rate: number;
  baseline: RateSummary;
  gateway: RateSummary;
  variants: Named<RateSummary>[];
}

export interface Target {
  name: string;
  passed: boolean;
  detail: string;
}

export interface Report {
  machine: string;
  /** The commit built and measured (and whether src/ had uncommitted changes). */
  code: string;
  settings: BenchSettings;
  scenarios: ScenarioResult[];
  fixedRate: FixedRateResult | undefined;
  /** Peak RSS of the gateway over the whole run. */
  gatewayPeakRssMb: number;
  peakIsPerScenario: boolean;
  /** RSS right after start, before any load, by process name. */
  startRssMb: Record<string, number>;
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
    `Machine: ${report.machine}. Code: ${report.code}. Load average ${report.loadBefore.map((n) => n.toFixed(2)).join(' ')} before, ` +
      `${report.loadAfter.map((n) => n.toFixed(2)).join(' ')} after (other work on the machine skews the numbers).`,
    '',
    `Each scenario: ${settings.warmupS} s warm-up per process, then ${settings.rounds} measured runs of ${settings.durationS} s per process, ` +
      `alternating ${alternation(report)}, at ${settings.connections} connections; medians reported. Every simulated platform call ` +
      `answers ${settings.upstreamLatencyMs} ms late; every process keeps ${settings.upstreamConnections} sockets per platform.` +
      (settings.gatewayNodeFlags.length > 0 ? ` Gateway node flags: \`${settings.gatewayNodeFlags.join(' ')}\`.` : '') +
      (Object.keys(settings.gatewayEnvOverrides).length > 0 ? ` Gateway variables added: ${Object.keys(settings.gatewayEnvOverrides).join(', ')}.` : '') +
      settings.gatewayVariants.map((variant) => ` Lane "${variant.name}": the gateway with ${envText(variant.env)}.`).join(''),
    '',
    '| scenario | process | req/s | p50 ms | p99 ms | upstream calls/op | CPU ms/req | peak RSS MB | errors | req/s per run | CPU ms/req per run |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { scenario, baseline, gateway, variants } of report.scenarios) {
    lines.push(row(`${scenario.id}. ${scenario.name}`, 'baseline', baseline));
    lines.push(row('', 'gateway', gateway));
    for (const variant of variants) lines.push(row('', variant.name, variant.summary));
    lines.push(ratioRow('gateway / baseline', gateway, baseline));
    for (const variant of variants) lines.push(ratioRow(`${variant.name} / baseline`, variant.summary, baseline));
    for (const variant of variants) lines.push(ratioRow(`gateway / ${variant.name}`, gateway, variant.summary));
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
      ` RSS right after start, before any load: ${Object.entries(report.startRssMb)
        .map(([name, mb]) => `${name} ${fmt(mb, 1)} MB`)
        .join(', ')}.`,
    '',
  );
  const loadNotes = report.scenarios
    .flatMap(({ scenario, baseline, gateway, variants }) => [
      [scenario, 'baseline', baseline] as const,
      [scenario, 'gateway', gateway] as const,
      ...variants.map((variant) => [scenario, variant.name, variant.summary] as const),
    ])
    .filter(([, , summary]) => Math.abs(summary.callsPerOperationUnderLoad - summary.callsPerOperation) >= 0.05)
    .map(([scenario, name, summary]) => `- scenario ${scenario.id}, ${name}: ${fmt(summary.callsPerOperationUnderLoad, 2)} upstream calls/op under load`);
  if (loadNotes.length > 0) lines.push('Upstream calls per operation under load, where they differ from one operation alone:', '', ...loadNotes, '');

  if (report.fixedRate) {
    const { rate, baseline, gateway, variants } = report.fixedRate;
    lines.push(
      `## Scenario 1 at a constant ${rate} requests/s (medians of ${settings.rounds} runs of ${settings.durationS} s)`,
      '',
      `Open loop, evenly spaced (one request every ${(1000 / rate).toFixed(2)} ms, up to ${settings.connections} sockets), ` +
        'each timed from when it was due (bench/paced.ts; autocannon\'s overallRate sends each second\'s requests in one burst).',
      '',
      '| process | achieved req/s | p50 ms | p99 ms | CPU ms/req | errors |',
      '|---|---|---|---|---|---|',
      rateRow('baseline', baseline),
      rateRow('gateway', gateway),
      ...variants.map((variant) => rateRow(variant.name, variant.summary)),
      differenceRow('gateway − baseline', gateway, baseline),
      ...variants.map((variant) => differenceRow(`${variant.name} − baseline`, variant.summary, baseline)),
      ...variants.map((variant) => differenceRow(`gateway − ${variant.name}`, gateway, variant.summary)),
      '',
    );
  }
  for (const name of report.settings.gatewayVariants.map((variant) => variant.name)) lines.push(...variantSection(report, name));
  lines.push('## Targets', '', ...targets.map((target) => `- ${target.passed ? '**PASS**' : '**FAIL**'} ${target.name}: ${target.detail}`), '');
  return lines.join('\n');
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
  return (
    `| **${label}** | | ${signed(a.p50Ms - b.p50Ms)} | **${signed(a.p99Ms - b.p99Ms)}** | ` +
    `${ratio(a.cpuMsPerRequest, b.cpuMsPerRequest)} × | |`
  );
}

/**
 * The default gateway against one variant lane, scenario by scenario: medians, their ratio, and the
 * ratio of each round's two runs (the two ran one after the other in the same round, so the spread of
 * these ratios is the run-to-run noise of the comparison itself).
 */
function variantSection(report: Report, name: string): string[] {
  const variantEnv = report.settings.gatewayVariants.find((variant) => variant.name === name)?.env ?? {};
  const lines = [
    `## gateway vs ${name}`,
    '',
    `The same gateway, same build and settings, in two processes; "${name}" runs with ${envText(variantEnv)}. ` +
      'Ratios are gateway / ' +
      `${name}: below 1 for CPU and p99, above 1 for req/s, favour the gateway with its defaults. "per round": the ratio of the ` +
      'two runs of each round (run back to back), in round order; their range is the noise of this comparison.',
    '',
    `| scenario | CPU ms/req gateway | CPU ms/req ${name} | **CPU ratio** | CPU saved | CPU ratio per round | req/s gateway | req/s ${name} | **req/s ratio** | req/s ratio per round | p99 ms gateway | p99 ms ${name} | peak RSS MB gateway | peak RSS MB ${name} |`,
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { scenario, gateway, variants } of report.scenarios) {
    const variant = variants.find((candidate) => candidate.name === name)?.summary;
    if (!variant) continue;
    const cpuRatio = gateway.cpuMsPerRequest / variant.cpuMsPerRequest;
    lines.push(
      `| ${scenario.id}. ${scenario.name} | ${fmt(gateway.cpuMsPerRequest, 3)} | ${fmt(variant.cpuMsPerRequest, 3)} | ` +
        `**${ratio(gateway.cpuMsPerRequest, variant.cpuMsPerRequest)}** | ${percent(1 - cpuRatio)} | ` +
        `${perRound(gateway.cpuMsPerRequestRuns, variant.cpuMsPerRequestRuns)} | ` +
        `${fmt(gateway.requestsPerSecond, 0)} | ${fmt(variant.requestsPerSecond, 0)} | ` +
        `**${ratio(gateway.requestsPerSecond, variant.requestsPerSecond)}** | ${perRound(gateway.runsPerSecond, variant.runsPerSecond)} | ` +
        `${fmt(gateway.p99Ms, 2)} | ${fmt(variant.p99Ms, 2)} | ${fmt(gateway.peakRssMb, 1)} | ${fmt(variant.peakRssMb, 1)} |`,
    );
  }
  const rate = report.fixedRate;
  const rateVariant = rate?.variants.find((candidate) => candidate.name === name)?.summary;
  if (rate && rateVariant) {
    lines.push(
      '',
      `At a constant ${rate.rate} requests/s (scenario 1): CPU ms/req ${fmt(rate.gateway.cpuMsPerRequest, 3)} vs ${fmt(rateVariant.cpuMsPerRequest, 3)} ` +
        `(ratio ${ratio(rate.gateway.cpuMsPerRequest, rateVariant.cpuMsPerRequest)}), p99 ${fmt(rate.gateway.p99Ms, 2)} vs ${fmt(rateVariant.p99Ms, 2)} ms.`,
    );
  }
  lines.push(
    '',
    `Start RSS: gateway ${fmt(report.startRssMb.gateway ?? NaN, 1)} MB, ${name} ${fmt(report.startRssMb[name] ?? NaN, 1)} MB.`,
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
function alternation(report: Report): string {
  const gateways = ['gateway', ...report.settings.gatewayVariants.map((variant) => variant.name)];
  if (gateways.length === 1) return 'baseline and gateway';
  return `baseline then ${gateways.map((name) => `"${name}"`).join(', ')} (the gateways' order rotating each round)`;
}

function envText(env: Record<string, string>): string {
  const entries = Object.entries(env);
  return entries.length === 0 ? 'no other variables' : entries.map(([key, value]) => `\`${key}=${value}\``).join(', ');
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
