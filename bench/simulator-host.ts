/**
 * Child process of the benchmark (forked by run.ts): the three platform simulators, every route
 * answered `BENCH_LATENCY_MS` late through the simulators' own `latency` fault, with limits that would
 * throttle a benchmark (Rocket.Chat's rate limiter, IMI's daily quota) out of the way. In a process of
 * their own so that neither the measured processes nor autocannon share an event loop with them.
 *
 * It tells the runner where everything is (`ready`) and, when asked (`counts`), how many requests each
 * simulator received since it last asked: the request logs are drained twice a second so they do not
 * grow during long runs.
 */
import type { FaultSpec } from '../src/simulators/faults.js';
import type { RequestLog } from '../src/simulators/http-kit.js';
import { startImiSimulator } from '../src/simulators/imi/server.js';
import { startJelouSimulator } from '../src/simulators/jelou/server.js';
import { departmentMembership, randomId, seedRocketChat, seededRandom } from '../src/simulators/rocketchat/seed.js';
import { startRocketChatSimulator } from '../src/simulators/rocketchat/server.js';
import type { RocketChatData, SimUser } from '../src/simulators/rocketchat/state.js';
import type { HostMessage, RunnerMessage, UpstreamCounts } from './simulator-protocol.js';

/** The seed has 48 agents; scenario 1 asks for a page of 50, so a dozen more make it a full page with a next one. */
const EXTRA_AGENTS = 12;

async function main(): Promise<void> {
  const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 5);
  const faults: FaultSpec[] = latencyMs > 0 ? [{ effect: { kind: 'latency', ms: latencyMs } }] : [];
  const data = withExtraAgents(seedRocketChat(), EXTRA_AGENTS);

  const rocketchat = await startRocketChatSimulator({ data, faults, rateLimit: { limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 } });
  const jelou = await startJelouSimulator({ faults });
  // A fixed token that never expires: no /authorize calls in the counts (an operator's IMI_ACCESS_TOKEN).
  const imi = await startImiSimulator({ faults, dailyQuota: Number.MAX_SAFE_INTEGER });

  const logs: Record<keyof UpstreamCounts, RequestLog> = { rocketchat: rocketchat.log, jelou: jelou.log, imi: imi.log };
  const counts: UpstreamCounts = { rocketchat: 0, jelou: 0, imi: 0 };
  const drain = () => {
    for (const platform of Object.keys(logs) as Array<keyof UpstreamCounts>) {
      counts[platform] += logs[platform].list().length;
      logs[platform].clear();
    }
  };
  const drainer = setInterval(drain, 500);

  const send = (message: HostMessage) => process.send?.(message);
  process.on('message', (message: RunnerMessage) => {
    if (message.type !== 'counts') return;
    drain();
    send({ type: 'counts', counts: { ...counts } });
    counts.rocketchat = counts.jelou = counts.imi = 0;
  });
  // The runner gone (finished or crashed): nothing left to serve.
  process.on('disconnect', () => {
    clearInterval(drainer);
    void Promise.all([rocketchat.close(), jelou.close(), imi.close()]).finally(() => process.exit(0));
  });

  send({
    type: 'ready',
    info: {
      rocketchat: { url: rocketchat.url, ...rocketchat.serviceAccount },
      jelou: { url: jelou.url, ...jelou.credentials },
      imi: { url: imi.url, accessToken: imi.accessToken, teamId: imi.teamId },
      agentIds: data.users.filter((user) => user.roles.includes('livechat-agent')).map((user) => user._id),
    },
  });
}

/** The seed plus `count` more agents shaped like the seeded ones (deterministic). */
function withExtraAgents(data: RocketChatData, count: number): RocketChatData {
  const random = seededRandom(7);
  // Membership row ids from their own PRNG, so the agents' ids stay what they were.
  const rowIds = seededRandom(8);
  const statuses = ['online', 'away', 'busy', 'offline'] as const;
  for (let i = 0; i < count; i += 1) {
    const id = randomId(random);
    const username = `bench.agent${String(i).padStart(2, '0')}`;
    const status = statuses[i % statuses.length];
    const agent: SimUser = {
      _id: id,
      username,
      name: `Bench Agent ${i}`,
      status,
      statusLivechat: i % 3 === 0 ? 'not-available' : 'available',
      emails: [{ address: `${username}@example.com`, verified: i % 2 === 0 }],
      livechat: i % 4 === 0 ? { maxNumberSimultaneousChat: 3 + (i % 5) } : null,
      roles: ['user', 'livechat-agent'],
    };
    data.users.push(agent);
    const department = data.departments[i % data.departments.length];
    if (department) data.departmentAgents.push(departmentMembership(department, agent, { random: rowIds }));
  }
  return data;
}

main().catch((error: unknown) => {
  process.stderr.write(`simulator host failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
