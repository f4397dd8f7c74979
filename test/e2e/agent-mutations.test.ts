import { useTestGateway, userId } from '../support/gateway';

const REGISTER = `
  mutation($input: RegisterAgentInput!) {
    registerAgent(input: $input) {
      agentId
      agent { id username livechatStatus }
      userErrors { code message field }
    }
  }`;
const REMOVE = `
  mutation($input: RemoveAgentInput!) {
    removeAgent(input: $input) { removedAgentId userErrors { code field } }
  }`;

interface RegisterAnswer {
  registerAgent: {
    agentId: string | null;
    agent: { id: string; username: string; livechatStatus: string } | null;
    userErrors: Array<{ code: string; message: string; field: string[] | null }>;
  };
}
interface RemoveAnswer {
  removeAgent: { removedAgentId: string | null; userErrors: Array<{ code: string; field: string[] | null }> };
}

describe('Mutation.registerAgent and Mutation.removeAgent', () => {
  const gateway = useTestGateway();

  const idOf = (username: string) => userId(gateway(), username);

  it('registers a user as agent, who then appears in the list as available', async () => {
    const answer = await gateway().graphql<RegisterAnswer>(REGISTER, { input: { type: 'AGENT', username: 'camila.rojas' } });
    expect(answer.body.data!.registerAgent).toEqual({
      agentId: idOf('camila.rojas'),
      agent: { id: idOf('camila.rojas'), username: 'camila.rojas', livechatStatus: 'AVAILABLE' },
      userErrors: [],
    });
    const list = await gateway().graphql<{ agents: { nodes: Array<{ username: string }> } }>(
      `{ agents(type: AGENT, search: "camila") { nodes { username } } }`,
    );
    expect(list.body.data!.agents.nodes).toEqual([{ username: 'camila.rojas' }]);
  });

  it('is safe to repeat: registering an agent again succeeds with the same id', async () => {
    const first = await gateway().graphql<RegisterAnswer>(REGISTER, { input: { type: 'MANAGER', username: 'daniel.pena' } });
    const second = await gateway().graphql<RegisterAnswer>(REGISTER, { input: { type: 'MANAGER', username: 'daniel.pena' } });
    expect(second.body.data!.registerAgent).toEqual(first.body.data!.registerAgent);
    expect(second.body.data!.registerAgent.agentId).toBe(idOf('daniel.pena'));
  });

  it('looks the username up among the role holders, grants the role, and fetches the agent only when asked for', async () => {
    await gateway().graphql(`mutation { registerAgent(input: {type: AGENT, username: "emilia.soto"}) { agentId userErrors { code } } }`);
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
    const answer = await gateway().graphql<RegisterAnswer>(REGISTER, { input: { type: 'AGENT', username: 'ana.acosta' } });
    expect(answer.body.data!.registerAgent).toEqual({
      agentId: offShift._id,
      agent: { id: offShift._id, username: 'ana.acosta', livechatStatus: 'NOT_AVAILABLE' },
      userErrors: [],
    });
    expect(gateway().simulator.log.list({ method: 'POST' })).toHaveLength(0);
    // The payload's agent came from the lookup: one call in all.
    expect(gateway().simulator.log.list()).toHaveLength(1);
    expect(offShift.statusLivechat).toBe('not-available');
  });

  it('removing the agent role drops the agent from every department (the platform does, role held or not)', async () => {
    const id = idOf('carla.flores');
    gateway().simulator.state.addToDepartment(gateway().simulator.state.departments[0]!._id, id);
    await gateway().graphql<RemoveAnswer>(REMOVE, { input: { type: 'AGENT', id } });
    expect(gateway().simulator.state.departmentIdsOf(id)).toEqual([]);
  });

  it('answers an unknown username with the userError UNKNOWN_USER', async () => {
    const answer = await gateway().graphql<RegisterAnswer>(REGISTER, { input: { type: 'AGENT', username: 'nobody.here' } });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data!.registerAgent).toEqual({
      agentId: null,
      agent: null,
      userErrors: [{ code: 'UNKNOWN_USER', message: expect.stringContaining('nobody.here'), field: ['input', 'username'] }],
    });
  });

  it.each([[''], ['   '], ['x'.repeat(121)], ['bad\nname']])(
    'refuses the username %j with INVALID_INPUT before calling Rocket.Chat',
    async (username) => {
      const answer = await gateway().graphql<RegisterAnswer>(REGISTER, { input: { type: 'AGENT', username } });
      expect(answer.body.data!.registerAgent.userErrors).toEqual([
        { code: 'INVALID_INPUT', message: expect.any(String), field: ['input', 'username'] },
      ]);
      expect(gateway().simulator.log.list()).toHaveLength(0);
    },
  );

  it('removes an agent, after which the agent is null, and removing again still succeeds', async () => {
    const id = idOf('carla.flores');
    const answer = await gateway().graphql<RemoveAnswer & { after: unknown }>(
      `mutation($id: ID!) {
        removeAgent(input: { type: AGENT, id: $id }) { removedAgentId userErrors { code field } }
      }`,
      { id },
    );
    expect(answer.body.data!.removeAgent).toEqual({ removedAgentId: id, userErrors: [] });
    const after = await gateway().graphql(`query($id: ID!) { agent(type: AGENT, id: $id) { id } }`, { id });
    expect(after.body.data).toEqual({ agent: null });
    const again = await gateway().graphql<RemoveAnswer>(REMOVE, { input: { type: 'AGENT', id } });
    expect(again.body.data!.removeAgent).toEqual({ removedAgentId: id, userErrors: [] });
  });

  it('answers an unknown id with the userError UNKNOWN_USER', async () => {
    const answer = await gateway().graphql<RemoveAnswer>(REMOVE, { input: { type: 'MANAGER', id: 'noSuchUser123456' } });
    expect(answer.body.data!.removeAgent).toEqual({
      removedAgentId: null,
      userErrors: [{ code: 'UNKNOWN_USER', field: ['input', 'id'] }],
    });
  });

  it("refuses to remove the service account's own manager role, which would lock the gateway out", async () => {
    const answer = await gateway().graphql<RemoveAnswer>(REMOVE, { input: { type: 'MANAGER', id: gateway().simulator.serviceAccount.userId } });
    expect(answer.body.data!.removeAgent).toEqual({ removedAgentId: null, userErrors: [{ code: 'PROTECTED_USER', field: ['input', 'id'] }] });
    expect(gateway().simulator.log.list()).toHaveLength(0);
    const stillWorks = await gateway().graphql(`{ agents(type: MANAGER, first: 1) { totalCount } }`);
    expect(stillWorks.body.errors).toBeUndefined();
  });

  it('refuses an empty id with INVALID_INPUT before calling Rocket.Chat', async () => {
    const answer = await gateway().graphql<RemoveAnswer>(REMOVE, { input: { type: 'AGENT', id: '' } });
    expect(answer.body.data!.removeAgent.userErrors).toEqual([{ code: 'INVALID_INPUT', field: ['input', 'id'] }]);
    expect(gateway().simulator.log.list()).toHaveLength(0);
  });
});

describe('Mutation.registerAgent and Mutation.removeAgent against a Rocket.Chat 7.x server', () => {
  // 7.x answers an unknown username with `[error-invalid-user]` plus errorType, an unknown id on DELETE with a bare 400.
  const gateway = useTestGateway({ simulator: { version: '7.x' } });

  it('answers an unknown username with the userError UNKNOWN_USER', async () => {
    const answer = await gateway().graphql<RegisterAnswer>(REGISTER, { input: { type: 'AGENT', username: 'nobody.here' } });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data!.registerAgent.userErrors).toEqual([{ code: 'UNKNOWN_USER', message: expect.stringContaining('nobody.here'), field: ['input', 'username'] }]);
  });

  it('answers an unknown id with the userError UNKNOWN_USER, once a lookup confirms the bare 400', async () => {
    for (const type of ['AGENT', 'MANAGER']) {
      const answer = await gateway().graphql<RemoveAnswer>(REMOVE, { input: { type, id: 'noSuchUser123456' } });
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data!.removeAgent).toEqual({ removedAgentId: null, userErrors: [{ code: 'UNKNOWN_USER', field: ['input', 'id'] }] });
    }
  });

  it('answers agent(id) for an unknown id with null (7.x says 400 "User not found")', async () => {
    const answer = await gateway().graphql(`{ agent(type: AGENT, id: "noSuchUser123456") { id } }`);
    expect(answer.body).toEqual({ data: { agent: null } });
  });
});
