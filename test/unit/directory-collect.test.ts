import { collectImi } from '../../src/directory/collect-imi';
import { collectRocketChat, type RocketChatDirectorySource } from '../../src/directory/collect-rocketchat';
import type { CollectContext, Collected } from '../../src/directory/collected';
import { Pacer } from '../../src/directory/pacer';
import type { ImiQuota } from '../../src/platforms/imi';
import { seedImi } from '../../src/simulators/imi/seed';
import type { IdentityInput } from '../../src/store';
import { fakeClock, rocketChatSeedWithAgents, startDirectoryUpstreams, type DirectoryUpstreams, type FakeClock } from '../support/directory';
import { within } from '../support/scope';

/**
 * The collectors against the real simulators over HTTP, every upstream call counted in the simulators'
 * request logs: all pages read and no more, one identity per user, IMI's quota reserve, the pace.
 */

const AGENTS_PATH = '/api/v1/livechat/users/agent';
const MANAGERS_PATH = '/api/v1/livechat/users/manager';
const SEARCH_PATH = '/v3.1/users/search';

let upstreams: DirectoryUpstreams | undefined;
afterEach(async () => {
  await upstreams?.close();
  upstreams = undefined;
});

function context(clock: FakeClock, paceMs = 0, signal = new AbortController().signal): CollectContext {
  return { pacer: new Pacer(paceMs, clock), scope: () => within(5_000), signal, maxPages: 100 };
}

function identitiesOf(collected: Collected): IdentityInput[] {
  if (collected.kind !== 'complete') throw new Error(`expected a complete pass, got ${collected.code}`);
  return collected.identities;
}

describe('collectRocketChat', () => {
  it('reads every page of agents and managers in username order, and nothing more', async () => {
    // 47 seeded agents + 160 more: three pages of agents (100, 100, 7); one page of managers.
    upstreams = await startDirectoryUpstreams({ rocketchat: { data: rocketChatSeedWithAgents(160) } });
    const { rocketchat: sim, clients } = upstreams;
    const identities = identitiesOf(await collectRocketChat(clients.rocketchat, context(fakeClock())));

    const agentCalls = sim.log.list({ method: 'GET', pathPrefix: AGENTS_PATH });
    expect(agentCalls.map((call) => Object.fromEntries(call.query))).toEqual(
      [0, 100, 200].map((offset) => ({ sort: '{"username":1}', count: '100', offset: String(offset) })),
    );
    expect(sim.log.list({ method: 'GET', pathPrefix: MANAGERS_PATH })).toHaveLength(1);
    expect(sim.log.list()).toHaveLength(4);

    const holders = sim.state.allUsers().filter((user) => user.roles.includes('livechat-agent') || user.roles.includes('livechat-manager'));
    expect(identities.map((identity) => identity.userId).sort()).toEqual(holders.map((user) => user._id).sort());
    expect(new Set(identities.map((identity) => identity.userId)).size).toBe(identities.length);
  });

  it('makes a user who is an agent and a manager one identity with both roles', async () => {
    upstreams = await startDirectoryUpstreams();
    const identities = identitiesOf(await collectRocketChat(upstreams.clients.rocketchat, context(fakeClock())));
    const byUsername = (username: string) => {
      const user = upstreams?.rocketchat.state.userByUsername(username);
      return identities.filter((identity) => identity.userId === user?._id);
    };
    expect(byUsername('marta.quiroga')).toEqual([
      { platform: 'rocketchat', userId: expect.any(String), email: 'marta.quiroga@example.com', displayName: 'Marta Quiroga', roles: ['AGENT', 'MANAGER'] },
    ]);
    expect(byUsername('samuel.ortega')).toEqual([expect.objectContaining({ roles: ['MANAGER'] })]);
    expect(byUsername('ana.acosta')).toEqual([expect.objectContaining({ roles: ['AGENT'], email: 'ana.acosta@example.com', displayName: 'Ana Acosta' })]);
    // No e-mail and no name: nothing to link by, and the username stands in for the name.
    expect(byUsername('no.name')).toEqual([expect.objectContaining({ email: null, displayName: 'no.name' })]);
  });

  it('links by the first e-mail address, trimmed and lower-cased', async () => {
    const data = rocketChatSeedWithAgents(1);
    const extra = data.users.at(-1);
    if (!extra) throw new Error('no extra agent');
    extra.emails = [
      { address: '  Extra.Agent@Example.COM ', verified: true },
      { address: 'second@example.com', verified: true },
    ];
    upstreams = await startDirectoryUpstreams({ rocketchat: { data } });
    const identities = identitiesOf(await collectRocketChat(upstreams.clients.rocketchat, context(fakeClock())));
    expect(identities.find((identity) => identity.userId === extra._id)?.email).toBe('extra.agent@example.com');
  });

  it('reports the pass incomplete when an agent drops out mid-pass (offset pages would skip someone)', async () => {
    upstreams = await startDirectoryUpstreams({ rocketchat: { data: rocketChatSeedWithAgents(160) } });
    const { clients } = upstreams;
    let first = true;
    const source: RocketChatDirectorySource = {
      listUsers: async (type, query, scope) => {
        const page = await clients.rocketchat.listUsers(type, query, scope);
        if (first) {
          first = false;
          await clients.rocketchat.removeUser('agent', page.users[0]?.id as string, within(5_000));
        }
        return page;
      },
    };
    expect(await collectRocketChat(source, context(fakeClock()))).toEqual({ kind: 'incomplete', code: 'DIRECTORY_SOURCE_CHANGED' });
  });

  it('keeps its pace between calls, measured on the simulator by the shared clock', async () => {
    const clock = fakeClock();
    upstreams = await startDirectoryUpstreams({ rocketchat: { data: rocketChatSeedWithAgents(160), now: clock.now } });
    await collectRocketChat(upstreams.clients.rocketchat, context(clock, 750));
    const times = upstreams.rocketchat.log.list().map((call) => call.at);
    expect(times).toHaveLength(4);
    // The clock moves only when the pacer sleeps: every gap is exactly the pace.
    expect(times.slice(1).map((at, index) => at - (times[index] as number))).toEqual([750, 750, 750]);
    expect(clock.sleeps).toEqual([750, 750, 750]);
  });

  it('stops before its next page when told to (shutdown)', async () => {
    upstreams = await startDirectoryUpstreams({ rocketchat: { data: rocketChatSeedWithAgents(160) } });
    const { clients } = upstreams;
    const stop = new AbortController();
    const source: RocketChatDirectorySource = {
      listUsers: async (...args) => {
        const page = await clients.rocketchat.listUsers(...args);
        stop.abort();
        return page;
      },
    };
    expect(await collectRocketChat(source, context(fakeClock(), 0, stop.signal))).toEqual({ kind: 'incomplete', code: 'REFRESH_INTERRUPTED' });
    expect(upstreams.rocketchat.log.list()).toHaveLength(1);
  });
});

describe('collectImi', () => {
  const RESERVE = 1_000;
  const collect = (clock = fakeClock(), paceMs = 0, onQuota?: (quota: ImiQuota) => void) =>
    collectImi(upstreams?.clients.imi as NonNullable<DirectoryUpstreams['clients']['imi']>, context(clock, paceMs), {
      quotaReserve: RESERVE,
      ...(onQuota && { onQuota }),
    });
  const searchCalls = () => upstreams?.imi.log.list({ method: 'POST', pathPrefix: SEARCH_PATH }) ?? [];

  it('pages the unfiltered search to the first short page: 27 users, three calls', async () => {
    upstreams = await startDirectoryUpstreams();
    const identities = identitiesOf(await collect());
    expect(searchCalls().map((call) => call.query.get('page'))).toEqual(['1', '2', '3']);
    expect(identities.map((identity) => identity.userId)).toEqual(seedImi().users.map((user) => String(user.id)));
    expect(identities.find((identity) => identity.userId === '5018')).toEqual({
      platform: 'imi',
      userId: '5018',
      // IMI holds Samuel.Ortega@Example.com: linked in lower case.
      email: 'samuel.ortega@example.com',
      displayName: 'Samuel Ortega',
      roles: [],
    });
  });

  it('reads the empty page after a full one when the users fill their pages exactly', async () => {
    const data = seedImi();
    for (const [offset, login] of ['x.one', 'x.two', 'x.three'].entries()) {
      data.users.push({ ...(data.users[0] as (typeof data.users)[number]), id: 6001 + offset, login_id: login, email_id: `${login}@example.com` });
    }
    upstreams = await startDirectoryUpstreams({ imi: { data } });
    expect(identitiesOf(await collect())).toHaveLength(30);
    expect(searchCalls().map((call) => call.query.get('page'))).toEqual(['1', '2', '3', '4']);
  });

  it('stops early, and reports the pass incomplete, once the remaining quota reaches the reserve', async () => {
    // The authorize call leaves RESERVE + 2, page 1 RESERVE + 1, page 2 RESERVE: no page 3.
    upstreams = await startDirectoryUpstreams({ imi: { dailyQuota: RESERVE + 3 } });
    const quotas: number[] = [];
    expect(await collect(fakeClock(), 0, (quota) => quotas.push(quota.remaining))).toEqual({ kind: 'incomplete', code: 'IMI_QUOTA_RESERVE' });
    expect(searchCalls().map((call) => call.query.get('page'))).toEqual(['1', '2']);
    expect(quotas).toEqual([RESERVE + 1, RESERVE]);
    expect(upstreams.imi.log.list()).toHaveLength(3);
  });

  it('completes when the page that reaches the reserve is the last one', async () => {
    upstreams = await startDirectoryUpstreams({ imi: { dailyQuota: RESERVE + 4 } });
    expect(identitiesOf(await collect())).toHaveLength(27);
    expect(searchCalls()).toHaveLength(3);
  });

  it('keeps its pace between calls, measured on the simulator by the shared clock', async () => {
    const clock = fakeClock();
    upstreams = await startDirectoryUpstreams({ imi: { now: clock.now } });
    await collect(clock, 1_200);
    const times = searchCalls().map((call) => call.at);
    expect(times.slice(1).map((at, index) => at - (times[index] as number))).toEqual([1_200, 1_200]);
  });
});
