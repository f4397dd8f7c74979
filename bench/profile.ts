/**
 * Reads a V8 `.cpuprofile` (written by `node --cpu-prof`) and says where the CPU time went: self time
 * grouped by what the code is (GraphQL parse / validate / execute, Apollo, JSON, undici, pino, our own
 * code, the bench's reference processes …), the functions with the most self time, and the inclusive time of a few entry points.
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Sampled time in the window, ms. */
  totalMs: number;
  idleMs: number;
  /** Self time per group, largest first; share = of busy (non-idle) time. */
  groups: Array<{ name: string; ms: number; share: number }>;
  functions: Array<{ name: string; location: string; group: string; ms: number; share: number }>;
  /** Inclusive time of entry points (outermost call only, so recursion is not counted twice). */
  entryPoints: Array<{ name: string; ms: number; share: number }>;
}

/** Window in the profile's clock (µs, CLOCK_MONOTONIC, as `process.hrtime`); all samples when omitted. */
export interface Window {
  fromUs: number;
  toUs: number;
}

export function summarizeProfile(file: string, window?: Window, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  let selfUs = sampleSelfTimes(profile, window);
  // If the clocks did not line up (empty window), fall back to the whole profile rather than report nothing.
  if ([...selfUs.values()].reduce((a, b) => a + b, 0) === 0) selfUs = sampleSelfTimes(profile);

  let totalUs = 0;
  let idleUs = 0;
  const groups = new Map<string, number>();
  const functions = new Map<string, { name: string; location: string; group: string; us: number }>();
  for (const [id, us] of selfUs) {
    const frame = (byId.get(id) as ProfileNode).callFrame;
    totalUs += us;
    const group = groupOf(frame);
    if (group === 'idle') {
      idleUs += us;
      continue;
    }
    groups.set(group, (groups.get(group) ?? 0) + us);
    const location = `${shortUrl(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    const key = `${frame.functionName}|${location}`;
    const entry = functions.get(key) ?? { name: frame.functionName || '(anonymous)', location, group, us: 0 };
    entry.us += us;
    functions.set(key, entry);
  }
  const busyUs = totalUs - idleUs || 1;
  const share = (us: number) => us / busyUs;

  const inclusive = inclusiveTimes(profile, byId, selfUs);
  const entryPoints = ENTRY_POINTS.map(({ name, matches }) => {
    const us = outermost(profile, byId, inclusive, matches);
    return { name, ms: us / 1000, share: share(us) };
  });

  return {
    totalMs: totalUs / 1000,
    idleMs: idleUs / 1000,
    groups: [...groups]
      .map(([name, us]) => ({ name, ms: us / 1000, share: share(us) }))
      .sort((a, b) => b.ms - a.ms),
    functions: [...functions.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((entry) => ({ name: entry.name, location: entry.location, group: entry.group, ms: entry.us / 1000, share: share(entry.us) })),
    entryPoints,
  };
}

/** Self time per node: each sample is charged the time until the next one. */
function sampleSelfTimes(profile: CpuProfile, window?: Window): Map<number, number> {
  const self = new Map<number, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i += 1) {
    at += profile.timeDeltas[i] ?? 0;
    const next = profile.timeDeltas[i + 1] ?? 0;
    if (window && (at < window.fromUs || at > window.toUs)) continue;
    const id = profile.samples[i] as number;
    self.set(id, (self.get(id) ?? 0) + next);
  }
  return self;
}

function inclusiveTimes(profile: CpuProfile, byId: Map<number, ProfileNode>, self: Map<number, number>): Map<number, number> {
  const inclusive = new Map<number, number>();
  const visit = (node: ProfileNode): number => {
    let us = self.get(node.id) ?? 0;
    for (const child of node.children ?? []) us += visit(byId.get(child) as ProfileNode);
    inclusive.set(node.id, us);
    return us;
  };
  visit(profile.nodes[0] as ProfileNode);
  return inclusive;
}

/** Inclusive time of the outermost nodes matching, so that a recursive function is counted once. */
function outermost(profile: CpuProfile, byId: Map<number, ProfileNode>, inclusive: Map<number, number>, matches: (frame: CallFrame) => boolean): number {
  let us = 0;
  const stack: ProfileNode[] = [profile.nodes[0] as ProfileNode];
  while (stack.length > 0) {
    const node = stack.pop() as ProfileNode;
    if (matches(node.callFrame)) {
      us += inclusive.get(node.id) ?? 0;
      continue;
    }
    for (const child of node.children ?? []) stack.push(byId.get(child) as ProfileNode);
  }
  return us;
}

/**
 * Inclusive time of synchronous entry points. Async work (resolvers awaiting upstream answers) is
 * charged to the callback that resumes it, so an async function's own entry covers its first part only.
 */
const ENTRY_POINTS: Array<{ name: string; matches: (frame: CallFrame) => boolean }> = [
  { name: 'graphql parse (0 when Apollo\'s parsed-document cache hits)', matches: (f) => f.functionName === 'parse' && f.url.includes('/graphql/language/parser') },
  { name: 'graphql validate (0 when the document cache hits)', matches: (f) => f.functionName === 'validate' && f.url.includes('/graphql/validation/validate') },
  { name: 'graphql-js execute, synchronous part (a document\'s first executions only; resolvers that return at once included)', matches: (f) => f.functionName === 'execute' && f.url.includes('/graphql/execution/execute') },
  { name: 'graphql-jit compiled operations, synchronous part (resolvers that return at once included)', matches: (f) => f.url.includes('/graphql-jit/dist/execution') },
  { name: "Apollo per-field plugin hooks (invokeWillResolveField; the cache-control plugin's willResolveField)", matches: (f) => f.functionName === 'invokeWillResolveField' },
  { name: 'Apollo per-field resolver wrapper (whenResultIsFinished)', matches: (f) => f.functionName === 'whenResultIsFinished' },
  { name: 'Apollo response serialisation (prettyJSONStringify: JSON.stringify)', matches: (f) => f.functionName === 'prettyJSONStringify' },
  { name: 'Apollo content negotiation and CSRF check (negotiator, whatwg-mimetype)', matches: (f) => /\/(negotiator|whatwg-mimetype)\//.test(f.url) && /^(mediaType|parse)$/.test(f.functionName) },
  { name: 'upstream answers: JSON.parse (parseJson in src/upstream/upstream-http)', matches: (f) => f.functionName === 'parseJson' && f.url.includes('/src/upstream/') },
  { name: 'upstream answers: zod safeParse', matches: (f) => f.functionName === 'safeParse' && f.url.includes('/zod/') },
  { name: 'pino log calls (LOG)', matches: (f) => f.functionName === 'LOG' && f.url.includes('/pino/') },
  { name: 'AbortSignal.timeout (one per request: its deadline)', matches: (f) => f.functionName === 'timeout' && f.url === 'node:internal/abort_controller' },
];

/** Functions whose self time is mostly a native JSON.parse / JSON.stringify (V8 charges natives to their caller). */
const JSON_CALLERS: Array<{ functionName: string; url: string }> = [
  { functionName: 'parseJson', url: '/src/upstream/upstream-http' },
  { functionName: 'prettyJSONStringify', url: '/@apollo/server/' },
  { functionName: 'consumeEnd', url: '/undici/lib/api/readable' },
  { functionName: 'send', url: '/bench/baseline' },
  { functionName: 'parse', url: '/body-parser/lib/types/json' },
];

const PINO = new Set(['pino', '@pinojs/redact', 'sonic-boom', 'fast-redact', 'pino-std-serializers', 'quick-format-unescaped', 'thread-stream', 'safe-stable-stringify', 'atomic-sleep', 'on-exit-leak-free']);

/** What a frame's code is, for grouping self time. */
export function groupOf(frame: CallFrame): string {
  const { functionName: name, url } = frame;
  if (name === '(idle)') return 'idle';
  if (name === '(garbage collector)') return 'GC';
  if (name === '(program)') return 'V8 / native (program)';
  if (name === '(root)') return 'V8 / native (program)';
  if (JSON_CALLERS.some((caller) => caller.functionName === name && url.includes(caller.url))) return 'JSON parse/stringify (charged to its caller)';
  // graphql-jit's generated functions have no script URL; they are named after the type or field they handle.
  if (url === '' && /^[A-Za-z_]\w*Handler$/.test(name)) return 'graphql-jit (compiled operations)';
  if (url === '') return 'native (V8 builtins, Node bindings such as socket writev)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules !== -1) {
    const rest = url.slice(modules + '/node_modules/'.length);
    const parts = rest.split('/');
    const pkg = rest.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] as string);
    if (pkg === 'graphql') {
      if (rest.includes('/language/')) return 'graphql language (parse, print)';
      if (rest.includes('/validation/')) return 'graphql validate';
      if (rest.includes('/execution/')) return 'graphql execute';
      return 'graphql (types, utilities)';
    }
    if (pkg === '@apollo/server') return rest.includes('/plugin/') ? "Apollo Server's built-in plugins" : 'Apollo Server (request pipeline, HTTP glue)';
    if (pkg === '@apollo/subgraph' || pkg === '@apollo/federation-internals') return 'Apollo subgraph / federation';
    if (pkg.startsWith('@apollo/utils')) return 'Apollo utils (caches, hashing, keyvalue)';
    if (PINO.has(pkg)) return 'pino logging';
    if (pkg === 'undici') return 'undici';
    if (pkg === 'zod') return 'zod (upstream body validation)';
    if (pkg === 'dataloader') return 'dataloader';
    if (pkg === 'cockatiel') return 'cockatiel (retry, breaker)';
    return pkg;
  }
  if (url.includes('/src/plugins/')) return 'our Apollo plugins (src/plugins)';
  if (url.includes('/bench/baseline')) return 'the baseline (bench/baseline.ts)';
  if (url.includes('/bench/apollo-plain')) return 'plain Apollo Server resolvers (bench/apollo-plain.ts)';
  if (url.includes('/bench/platform-calls')) return 'upstream calls and mappings of the baseline and plain Apollo (bench/platform-calls.ts)';
  if (url.includes('/bench/')) return 'bench/ (other)';
  if (/\/(?:dist-bench\/)?src\//.test(url) || url.includes('/dist/')) return 'our code (src/)';
  if (url.startsWith('node:')) {
    if (/_http_|internal\/http|node:http/.test(url)) return 'Node http';
    if (/stream/.test(url)) return 'Node streams';
    if (/net|tcp|dns/.test(url)) return 'Node net';
    if (/timers|async_hooks|process\/task_queues|promise/.test(url)) return 'Node timers, promises, async hooks';
    return 'Node core (other)';
  }
  return 'other';
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('/node_modules/');
  if (modules !== -1) return url.slice(modules + '/node_modules/'.length);
  const src = url.search(/\/(?:dist-bench\/)?(?:src|bench)\//);
  if (src !== -1) return url.slice(src + 1).replace(/^dist-bench\//, '');
  return url.replace(/^file:\/\//, '');
}

/** `answers`: requests answered in the profiled window, to express busy time per request. */
export function renderProfile(title: string, summary: ProfileSummary, answers?: number): string {
  const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
  const busy = summary.totalMs - summary.idleMs;
  const perAnswer = answers ? ` for ${answers} answers (${(busy / answers).toFixed(3)} ms each)` : '';
  return [
    `### ${title}`,
    '',
    `Sampled ${summary.totalMs.toFixed(0)} ms, of which idle ${summary.idleMs.toFixed(0)} ms; busy ${busy.toFixed(0)} ms${perAnswer} = 100 % below.`,
    '',
    '| self time by group | ms | share of busy |',
    '|---|---|---|',
    ...summary.groups.map((group) => `| ${group.name} | ${group.ms.toFixed(0)} | ${pct(group.share)} |`),
    '',
    '| entry point (inclusive) | ms | share of busy |',
    '|---|---|---|',
    ...summary.entryPoints.map((entry) => `| ${entry.name} | ${entry.ms.toFixed(0)} | ${pct(entry.share)} |`),
    '',
    `| top ${summary.functions.length} functions by self time | where | group | ms | share |`,
    '|---|---|---|---|---|',
    ...summary.functions.map((fn) => `| \`${fn.name}\` | ${fn.location} | ${fn.group} | ${fn.ms.toFixed(0)} | ${pct(fn.share)} |`),
    '',
  ].join('\n');
}
