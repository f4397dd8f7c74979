import type { RegisterAgentMutation } from '../../client/src/index.js';
import { useTestGateway, userId } from '../support/gateway';
import { document, useTypedClient } from '../support/typed-client';

// Through the typed client: its `RegisterAgent`, `RemoveAgent`, `Agent` and `Agents` operations.

type RegisterAgentMutationPayload = NonNullable<RegisterAgentMutation['registerAgent']>;

describe('Mutation.registerAgent and Mutation.removeAgent', () => {
  const gateway = useTestGateway();
  const client = useTypedClient(gateway);

  const idOf = (username: string) => userId(gateway(), username);

  it('registers a user as agent, who then appears in the list as available', async () => {
    const payload = await client().registerAgent({ input: { type: 'AGENT', username: 'camila.rojas' } });
    expect(payload).toEqual({
      agentId: idOf('camila.rojas'),
      agent: expect.objectContaining({ id: idOf('camila.rojas'), username: 'camila.rojas', livechatStatus: 'AVAILABLE' }),
      userErrors: [],
    });
    const list = await client().agents({ type: 'AGENT', search: 'camila' });
    expect(list.nodes.map((node) => node.username)).toEqual(['camila.rojas']);
  });

  it('is safe to repeat: registering an agent again succeeds with the same id', async () => {
    // The same agent: the first payload's agent was fetched on its own, the second's came from the list lookup.
    const essentials = ({ agentId, agent, userErrors }: RegisterAgentMutationPayload) => ({
      agentId,
      agent: agent && { id: agent.id, username: agent.username, livechatStatus: agent.livechatStatus },
      userErrors,
    });
    const first = await client().registerAgent({ input: { type: 'MANAGER', username: 'daniel.pena' } });
    const second = await client().registerAgent({ input: { type: 'MANAGER', username: 'daniel.pena' } });
    expect(essentials(second)).toEqual(essentials(first));
    expect(second.agentId).toBe(idOf('daniel.pena'));
  });

  it('looks the username up among the role holders, grants the role, and fetches the agent only when asked for', async () => {
    // The client's RegisterAgent asks for the agent: this selection leaves it out.
    await client().request(
      document<{ registerAgent: { agentId: string | null; userErrors: Array<{ code: string }> } | null }>(
        'mutation { registerAgent(input: {type: AGENT, username: "emilia.soto"}) { agentId userErrors { code } } }',
      ),
    );
    const calls = gateway().simulator.log.list();
    expect(calls.map((entry) => [entry.method, entry.path])).toEqual([
      ['GET', '/api/v1/livechat/users/agent'],
      ['POST', '/api/v1/livechat/users/agent'],
    ]);
    expect(calls[0]?.query.get('text')).toBe('emilia.soto');
  });

  it('changes nothing on the platform for a user who holds the role already: an off-shift agent stays off shift', async () => {
    // Rocket.Chat's grant would re-run "agent added" and put this agent back into chat routing.
    const offShift = gateway().simulator.state.userByUsername('ana.acosta')!;
    offShift.statusLivechat = 'not-available';
    const payload = await client().registerAgent({ input: { type: 'AGENT', username: 'ana.acosta' } });
    expect(payload).toEqual({
      agentId: offShift._id,
      agent: expect.objectContaining({ id: offShift._id, username: 'ana.acosta', livechatStatus: 'NOT_AVAILABLE' }),
      userErrors: [],
    });
    expect(gateway().simulator.log.list({ method: 'POST' })).toHaveLength(0);
    // The payload's agent came from the lookup: one call in all.
    expect(gateway().simulator.log.list({ pathPrefix: '/api/v1/livechat/users' })).toHaveLength(1);
    expect(offShift.statusLivechat).toBe('not-available');
  });

  it('removing the agent role drops the agent from every department (the platform does, role held or not)', async () => {
    const id = idOf('carla.flores');
    gateway().simulator.state.addToDepartment(gateway().simulator.state.departments[0]!._id, id);
    await client().removeAgent({ input: { type: 'AGENT', id } });
    expect(gateway().simulator.state.departmentIdsOf(id)).toEqual([]);
  });

  it('answers an unknown username with the userError UNKNOWN_USER', async () => {
    // The typed call throws on any GraphQL error: the refusal is data.
    const payload = await client().registerAgent({ input: { type: 'AGENT', username: 'nobody.here' } });
    expect(payload).toEqual({
      agentId: null,
      agent: null,
      userErrors: [{ code: 'UNKNOWN_USER', message: expect.stringContaining('nobody.here'), field: ['input', 'username'] }],
    });
  });

  it.each([[''], ['   '], ['x'.repeat(121)], ['bad\nname']])(
    'refuses the username %j with INVALID_INPUT before calling Rocket.Chat',
    async (username) => {
      const payload = await client().registerAgent({ input: { type: 'AGENT', username } });
      expect(payload.userErrors).toEqual([{ code: 'INVALID_INPUT', message: expect.any(String), field: ['input', 'username'] }]);
      expect(gateway().simulator.log.list()).toHaveLength(0);
    },
  );

  it('removes an agent, after which the agent is null, and removing again still succeeds', async () => {
    const id = idOf('carla.flores');
    expect(await client().removeAgent({ input: { type: 'AGENT', id } })).toEqual({ removedAgentId: id, userErrors: [] });
    expect(await client().agent({ type: 'AGENT', id })).toBeNull();
    expect(await client().removeAgent({ input: { type: 'AGENT', id } })).toEqual({ removedAgentId: id, userErrors: [] });
  });

  it('answers an unknown id with the userError UNKNOWN_USER', async () => {
    const payload = await client().removeAgent({ input: { type: 'MANAGER', id: 'noSuchUser123456' } });
    expect(payload).toEqual({
      removedAgentId: null,
      userErrors: [{ code: 'UNKNOWN_USER', message: expect.any(String), field: ['input', 'id'] }],
    });
  });

  it("refuses to remove the service account's own manager role, which would lock the gateway out", async () => {
    const payload = await client().removeAgent({ input: { type: 'MANAGER', id: gateway().simulator.serviceAccount.userId } });
    expect(payload).toEqual({ removedAgentId: null, userErrors: [{ code: 'PROTECTED_USER', message: expect.any(String), field: ['input', 'id'] }] });
    expect(gateway().simulator.log.list()).toHaveLength(0);
    // Throws on any GraphQL error.
    await client().agents({ type: 'MANAGER', first: 1 });
  });

  it('refuses an empty id with INVALID_INPUT before calling Rocket.Chat', async () => {
    const payload = await client().removeAgent({ input: { type: 'AGENT', id: '' } });
    expect(payload.userErrors).toEqual([{ code: 'INVALID_INPUT', message: expect.any(String), field: ['input', 'id'] }]);
    expect(gateway().simulator.log.list()).toHaveLength(0);
  });
});

describe('Mutation.registerAgent and Mutation.removeAgent against a Rocket.Chat 7.x server', () => {
  // 7.x answers an unknown username with `[error-invalid-user]` plus errorType, an unknown id on DELETE with a bare 400.
  const gateway = useTestGateway({ simulator: { version: '7.x' } });
  const client = useTypedClient(gateway);

  it('answers an unknown username with the userError UNKNOWN_USER', async () => {
    const payload = await client().registerAgent({ input: { type: 'AGENT', username: 'nobody.here' } });
    expect(payload.userErrors).toEqual([{ code: 'UNKNOWN_USER', message: expect.stringContaining('nobody.here'), field: ['input', 'username'] }]);
  });

  it('answers an unknown id with the userError UNKNOWN_USER, once a lookup confirms the bare 400', async () => {
    for (const type of ['AGENT', 'MANAGER'] as const) {
      const payload = await client().removeAgent({ input: { type, id: 'noSuchUser123456' } });
      expect(payload).toEqual({ removedAgentId: null, userErrors: [{ code: 'UNKNOWN_USER', message: expect.any(String), field: ['input', 'id'] }] });
    }
  });

  it('answers agent(id) for an unknown id with null (7.x says 400 "User not found")', async () => {
    expect(await client().agent({ type: 'AGENT', id: 'noSuchUser123456' })).toBeNull();
  });
});
