import { useTestGateway, userId, type TestGateway } from '../support/gateway';
import { useTypedClient } from '../support/typed-client';

// Mutation.setAgentDepartments and Mutation.setAgentAvailability through the typed client.

const CHANGE_PATH = /^\/api\/v1\/livechat\/department\/[^/]+\/agents$/;
const STATUS_PATH = '/api/v1/livechat/agent.status';

function posts(gateway: TestGateway, path: RegExp | string): number {
  return gateway.simulator.log
    .list({ method: 'POST' })
    .filter((entry) => (typeof path === 'string' ? entry.path === path : path.test(entry.path))).length;
}

describe('Mutation.setAgentDepartments', () => {
  const gateway = useTestGateway();
  const client = useTypedClient(gateway);
  const state = () => gateway().simulator.state;
  const idOf = (name: string) => state().departments.find((department) => department.name === name)!._id;

  it('puts the agent in exactly those departments, keeping the routing order of the ones kept', async () => {
    const agentId = userId(gateway(), 'bruno.herrera');
    const before = state().membershipsOf(agentId);
    const kept = before[0];
    const wanted = [...new Set([...(kept ? [kept.departmentId] : []), idOf('Billing'), idOf('VIP')])];
    const payload = await client().setAgentDepartments({ input: { agentId, departmentIds: wanted } });
    expect(payload.userErrors).toEqual([]);
    expect(payload.agent?.departments.map((department) => department.id).sort()).toEqual([...wanted].sort());
    expect(state().departmentIdsOf(agentId).sort()).toEqual([...wanted].sort());
    if (kept) expect(state().membershipsOf(agentId).find((m) => m.departmentId === kept.departmentId)).toEqual(kept);

    // Safe to repeat: the second time nothing is sent but the reads.
    gateway().simulator.log.clear();
    const again = await client().setAgentDepartments({ input: { agentId, departmentIds: wanted } });
    expect(again.userErrors).toEqual([]);
    expect(posts(gateway(), CHANGE_PATH)).toBe(0);
  });

  it('removes the agent from every department with an empty list', async () => {
    const agentId = userId(gateway(), 'carla.flores');
    state().addToDepartment(idOf('Support'), agentId);
    const payload = await client().setAgentDepartments({ input: { agentId, departmentIds: [] } });
    expect(payload).toMatchObject({ agent: { id: agentId, departments: [] }, userErrors: [] });
    expect(state().departmentIdsOf(agentId)).toEqual([]);
  });

  it('changes nothing when a department id is unknown, and says which', async () => {
    const agentId = userId(gateway(), 'diego.dominguez');
    const before = state().departmentIdsOf(agentId).sort();
    const payload = await client().setAgentDepartments({ input: { agentId, departmentIds: [idOf('Sales'), 'no-such-department'] } });
    expect(payload).toEqual({
      agent: null,
      userErrors: [{ code: 'UNKNOWN_DEPARTMENT', message: expect.stringContaining('no-such-department'), field: ['input', 'departmentIds', '1'] }],
    });
    expect(state().departmentIdsOf(agentId).sort()).toEqual(before);
    expect(posts(gateway(), CHANGE_PATH)).toBe(0);
  });

  it('refuses a user who is not an agent (the platform would take them), and bad input before any call', async () => {
    const plain = userId(gateway(), 'emilia.soto');
    const payload = await client().setAgentDepartments({ input: { agentId: plain, departmentIds: [idOf('Sales')] } });
    expect(payload.userErrors).toEqual([{ code: 'UNKNOWN_USER', message: expect.any(String), field: ['input', 'agentId'] }]);
    expect(state().departmentIdsOf(plain)).toEqual([]);

    gateway().simulator.log.clear();
    const bad = await client().setAgentDepartments({ input: { agentId: '', departmentIds: ['ok', 'x'.repeat(200)] } });
    expect(bad.userErrors.map((error) => [error.code, error.field])).toEqual([
      ['INVALID_INPUT', ['input', 'agentId']],
      ['INVALID_INPUT', ['input', 'departmentIds', '1']],
    ]);
    expect(gateway().simulator.log.list()).toHaveLength(0);
  });
});

describe('Mutation.setAgentAvailability', () => {
  const gateway = useTestGateway();
  const client = useTypedClient(gateway);
  const state = () => gateway().simulator.state;

  afterEach(() => state().setBusinessHoursOpen(true));

  it('sets an explicit status each time, so repeating it never toggles back', async () => {
    const agentId = userId(gateway(), 'elena.benitez');
    const off = await client().setAgentAvailability({ input: { agentId, available: false } });
    expect(off).toMatchObject({ agent: { id: agentId, livechatStatus: 'NOT_AVAILABLE' }, userErrors: [] });
    const again = await client().setAgentAvailability({ input: { agentId, available: false } });
    expect(again).toMatchObject({ agent: { livechatStatus: 'NOT_AVAILABLE' }, userErrors: [] });
    expect(state().userById(agentId)?.statusLivechat).toBe('not-available');
    const on = await client().setAgentAvailability({ input: { agentId, available: true } });
    expect(on).toMatchObject({ agent: { livechatStatus: 'AVAILABLE' }, userErrors: [] });
    const sent = gateway().simulator.log.list({ method: 'POST' }).filter((entry) => entry.path === STATUS_PATH);
    expect(sent).toHaveLength(3);
  });

  it('reads the answer: with business hours closed the platform keeps the old status, and the payload says so', async () => {
    const agentId = userId(gateway(), 'felipe.ibarra');
    await client().setAgentAvailability({ input: { agentId, available: false } });
    state().setBusinessHoursOpen(false);
    const payload = await client().setAgentAvailability({ input: { agentId, available: true } });
    expect(payload).toEqual({
      agent: expect.objectContaining({ id: agentId, livechatStatus: 'NOT_AVAILABLE' }),
      userErrors: [{ code: 'BUSINESS_HOURS_CLOSED', message: expect.any(String), field: ['input', 'available'] }],
    });
    expect(state().userById(agentId)?.statusLivechat).toBe('not-available');
    // Going off shift is always allowed.
    state().setBusinessHoursOpen(true);
  });

  it('answers UNKNOWN_USER for a user who is not an agent and USER_DEACTIVATED for a deactivated one', async () => {
    const plain = await client().setAgentAvailability({ input: { agentId: userId(gateway(), 'gloria.mendez'), available: true } });
    expect(plain).toEqual({ agent: null, userErrors: [{ code: 'UNKNOWN_USER', message: expect.any(String), field: ['input', 'agentId'] }] });
    const agentId = userId(gateway(), 'hugo.espinoza');
    state().userById(agentId)!.active = false;
    const deactivated = await client().setAgentAvailability({ input: { agentId, available: true } });
    expect(deactivated.userErrors).toEqual([{ code: 'USER_DEACTIVATED', message: expect.any(String), field: ['input', 'agentId'] }]);
    state().userById(agentId)!.active = true;
  });
});
