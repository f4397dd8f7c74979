import type { AgentModel } from '../../src/platforms/rocketchat/models';
import { ErrorCode, GatewayError } from '../../src/errors';
import type { RocketChatClient } from '../../src/platforms/rocketchat/client';
import { MAX_LOOKUPS_PER_REQUEST, RocketChatSession } from '../../src/platforms/rocketchat/session';
import { within } from '../support/scope';

function agent(id: string): AgentModel {
  return { id, username: id, name: null, status: null, livechatStatus: null, emails: [], maxSimultaneousChats: null, departmentIds: null };
}

/**
 * A client double that records calls; the real client is covered by its own unit and contract tests.
 * `holders` are the users who hold a role already, by `type:username`.
 */
function fakeClient(users: Record<string, AgentModel | Error>, holders: Record<string, AgentModel> = {}) {
  const calls: string[] = [];
  const client = {
    serviceAccountId: 'svc',
    async findUserByUsername(type: string, username: string) {
      calls.push(`find ${type} ${username}`);
      return holders[`${type}:${username}`] ?? null;
    },
    async getUser(type: string, id: string) {
      calls.push(`get ${type} ${id}`);
      const found = users[`${type}:${id}`];
      if (found instanceof Error) throw found;
      return found ?? null;
    },
    async listUsers(type: string) {
      calls.push(`list ${type}`);
      return { users: [agent('listed')], offset: 0, total: 1 };
    },
    async addUser(type: string, username: string) {
      calls.push(`add ${type} ${username}`);
      return username === 'ghost' ? { kind: 'unknown-user' as const } : { kind: 'added' as const, id: username };
    },
    async removeUser(type: string, id: string) {
      calls.push(`remove ${type} ${id}`);
      return { kind: 'removed' as const };
    },
  };
  return { client: client as unknown as RocketChatClient, calls };
}

describe('RocketChatSession', () => {
  it('looks each distinct agent up once per request, returning results in key order', async () => {
    const { client, calls } = fakeClient({ 'agent:a': agent('a'), 'agent:b': agent('b') });
    const session = new RocketChatSession(client, within(1_000));
    const results = await Promise.all([session.agent('AGENT', 'b'), session.agent('AGENT', 'a'), session.agent('AGENT', 'b'), session.agent('MANAGER', 'a')]);
    expect(results.map((result) => result?.id ?? null)).toEqual(['b', 'a', 'b', null]);
    expect(calls.sort()).toEqual(['get agent a', 'get agent b', 'get manager a']);
  });

  it('fails only the key whose lookup failed, once for every asker in the request', async () => {
    const outage = new GatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, 'down', { provider: 'rocketchat' });
    const users: Record<string, AgentModel | Error> = { 'agent:a': agent('a'), 'agent:bad': outage };
    const { client, calls } = fakeClient(users);
    const session = new RocketChatSession(client, within(1_000));
    const [ok, failed] = await Promise.allSettled([session.agent('AGENT', 'a'), session.agent('AGENT', 'bad')]);
    expect(ok).toEqual({ status: 'fulfilled', value: agent('a') });
    expect(failed).toEqual({ status: 'rejected', reason: outage });
    // A platform that just failed is not asked again within the same request (DataLoader caches per-key errors).
    await expect(session.agent('AGENT', 'bad')).rejects.toBe(outage);
    expect(calls.filter((call) => call === 'get agent bad')).toHaveLength(1);
    // A new request asks again.
    users['agent:bad'] = agent('bad');
    await expect(new RocketChatSession(client, within(1_000)).agent('AGENT', 'bad')).resolves.toEqual(agent('bad'));
  });

  it('answers later lookups of listed agents from the list', async () => {
    const { client, calls } = fakeClient({});
    const session = new RocketChatSession(client, within(1_000));
    await session.listAgents({ type: 'AGENT', offset: 0, count: 10 });
    await expect(session.agent('AGENT', 'listed')).resolves.toEqual(agent('listed'));
    expect(calls).toEqual(['list agent']);
  });

  it('answers from a page of the same role only, and counts only real lookups in batch sizes', async () => {
    const { client, calls } = fakeClient({ 'manager:listed': agent('listed'), 'agent:other': agent('other') });
    const session = new RocketChatSession(client, within(1_000));
    const batches: number[] = [];
    session.observeBatchSizes((size) => batches.push(size));
    await session.listAgents({ type: 'AGENT', offset: 0, count: 10 });
    await Promise.all([session.agent('AGENT', 'listed'), session.agent('MANAGER', 'listed'), session.agent('AGENT', 'other')]);
    expect(calls).toEqual(['list agent', 'get manager listed', 'get agent other']);
    expect(batches).toEqual([2]);
  });

  it('re-reads a listed agent after a write changed it, and answers null after its removal', async () => {
    const { client, calls } = fakeClient({ 'agent:listed': agent('listed') });
    const session = new RocketChatSession(client, within(1_000));
    await session.listAgents({ type: 'AGENT', offset: 0, count: 10 });
    await session.registerAgent('AGENT', 'listed');
    await expect(session.agent('AGENT', 'listed')).resolves.toEqual(agent('listed'));
    await session.removeAgent('AGENT', 'listed');
    await expect(session.agent('AGENT', 'listed')).resolves.toBeNull();
    expect(calls).toEqual(['list agent', 'find agent listed', 'add agent listed', 'get agent listed', 'remove agent listed']);
  });

  it('forgets a removed agent: a later lookup in the same request answers null without a call', async () => {
    const { client, calls } = fakeClient({ 'agent:a': agent('a') });
    const session = new RocketChatSession(client, within(1_000));
    await session.agent('AGENT', 'a');
    await expect(session.removeAgent('AGENT', 'a')).resolves.toEqual({ kind: 'removed' });
    await expect(session.agent('AGENT', 'a')).resolves.toBeNull();
    expect(calls).toEqual(['get agent a', 'remove agent a']);
  });

  it('re-reads a registered agent instead of serving a cached null', async () => {
    const users: Record<string, AgentModel | Error> = {};
    const { client, calls } = fakeClient(users);
    const session = new RocketChatSession(client, within(1_000));
    await expect(session.agent('AGENT', 'ana')).resolves.toBeNull();
    users['agent:ana'] = agent('ana');
    await session.registerAgent('AGENT', 'ana');
    await expect(session.agent('AGENT', 'ana')).resolves.toEqual(agent('ana'));
    expect(calls).toEqual(['get agent ana', 'find agent ana', 'add agent ana', 'get agent ana']);
  });

  it('sends no grant for a user who holds the role already, and answers the lookup from what it found', async () => {
    // Rocket.Chat's grant re-runs "agent added", which would make an off-shift agent available again.
    const offShift = { ...agent('ana'), livechatStatus: 'NOT_AVAILABLE' as const };
    const { client, calls } = fakeClient({}, { 'agent:ana': offShift });
    const session = new RocketChatSession(client, within(1_000));
    await expect(session.registerAgent('AGENT', 'ana')).resolves.toEqual({ kind: 'already-held', id: 'ana' });
    await expect(session.agent('AGENT', 'ana')).resolves.toEqual(offShift);
    expect(calls).toEqual(['find agent ana']);
  });

  it('passes an unknown username on as an outcome, not an error', async () => {
    const { client } = fakeClient({});
    const session = new RocketChatSession(client, within(1_000));
    await expect(session.registerAgent('MANAGER', 'ghost')).resolves.toEqual({ kind: 'unknown-user' });
  });

  it("never removes the service account's own manager role, which would lock the gateway out", async () => {
    const { client, calls } = fakeClient({});
    const session = new RocketChatSession(client, within(1_000));
    await expect(session.removeAgent('MANAGER', 'svc')).resolves.toEqual({ kind: 'protected' });
    await expect(session.removeAgent('AGENT', 'svc')).resolves.toEqual({ kind: 'removed' });
    expect(calls).toEqual(['remove agent svc']);
  });

  it(`refuses more than ${MAX_LOOKUPS_PER_REQUEST} distinct lookups in one request with BAD_USER_INPUT`, async () => {
    const { client, calls } = fakeClient({});
    const session = new RocketChatSession(client, within(1_000));
    const ids = Array.from({ length: MAX_LOOKUPS_PER_REQUEST + 1 }, (_, index) => `id${index}`);
    const results = await Promise.allSettled(ids.map((id) => session.agent('AGENT', id)));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(MAX_LOOKUPS_PER_REQUEST);
    const refused = results.at(-1);
    expect(refused?.status === 'rejected' && (refused.reason as GatewayError).code).toBe(ErrorCode.BAD_USER_INPUT);
    expect(calls).toHaveLength(MAX_LOOKUPS_PER_REQUEST);
    // Repeats of ids already looked up still count once.
    await expect(session.agent('AGENT', 'id0')).resolves.toBeNull();
  });

  it('resolves a reference as a manager only when the user is not an agent', async () => {
    const { client, calls } = fakeClient({ 'agent:a': agent('a'), 'manager:m': agent('m') });
    const session = new RocketChatSession(client, within(1_000));
    const [a, m] = await Promise.all([session.agentWithAnyRole('a'), session.agentWithAnyRole('m')]);
    expect([a?.id, m?.id]).toEqual(['a', 'm']);
    expect(calls.sort()).toEqual(['get agent a', 'get agent m', 'get manager m']);
  });
});
