import { SERVICE_ACCOUNT_USERNAME } from '../../src/simulators/rocketchat/seed';
import { useTestGateway, userId } from '../support/gateway';
import { caught, useTypedClient } from '../support/typed-client';

// Query.rocketChatUser, Mutation.createRocketChatUser and Mutation.setRocketChatUserActive through the
// typed client.

const PASSWORD = 'Tr0ub4dor&3-never-echoed';
const CREATE_PATH = '/api/v1/users.create';

describe('Query.rocketChatUser', () => {
  const gateway = useTestGateway();
  const client = useTypedClient(gateway);

  it('finds a user by username or id, with the Livechat roles that matter here', async () => {
    const byName = await client().rocketChatUser({ username: 'marta.quiroga' });
    expect(byName).toMatchObject({
      id: userId(gateway(), 'marta.quiroga'),
      platform: 'ROCKETCHAT',
      username: 'marta.quiroga',
      name: 'Marta Quiroga',
      active: true,
      isAgent: true,
      isManager: true,
      livechatRoles: ['AGENT', 'MANAGER'],
      emails: [{ address: 'marta.quiroga@example.com', verified: true }],
    });
    const byId = await client().rocketChatUser({ id: userId(gateway(), 'camila.rojas') });
    expect(byId).toMatchObject({ username: 'camila.rojas', isAgent: false, isManager: false, livechatRoles: [] });
  });

  it('answers null for an unknown user, and BAD_USER_INPUT unless exactly one of username and id is given', async () => {
    expect(await client().rocketChatUser({ username: 'nobody.here' })).toBeNull();
    expect(await client().rocketChatUser({ id: 'no-such-id' })).toBeNull();
    expect((await caught(client().rocketChatUser({}))).code).toBe('BAD_USER_INPUT');
    expect((await caught(client().rocketChatUser({ username: 'a', id: 'b' }))).code).toBe('BAD_USER_INPUT');
  });
});

describe('Mutation.createRocketChatUser', () => {
  const gateway = useTestGateway();
  const client = useTypedClient(gateway);
  const state = () => gateway().simulator.state;
  const creates = () => gateway().simulator.log.list({ method: 'POST', pathPrefix: CREATE_PATH }).length;

  it('creates an agent in its departments, outside the default channels, and never returns or logs the password', async () => {
    const departmentIds = state().departments.filter((d) => d.enabled && d.archived !== true).slice(0, 2).map((d) => d._id);
    const payload = await client().createRocketChatUser({
      input: { username: 'lucia.diaz', name: 'Lucía Díaz', email: 'Lucia.Diaz@example.com', password: PASSWORD, roles: ['AGENT'], departmentIds },
    });
    expect(payload.userErrors).toEqual([]);
    expect(payload.user).toMatchObject({ username: 'lucia.diaz', name: 'Lucía Díaz', active: true, isAgent: true, isManager: false });
    const id = payload.user!.id;
    expect(state().departmentIdsOf(id).sort()).toEqual([...departmentIds].sort());
    expect(state().defaultChannelJoins.has(id)).toBe(false);
    // A new agent starts available (Rocket.Chat's "agent added" step), and is listed with its departments.
    const agent = await client().agent({ type: 'AGENT', id });
    expect(agent).toMatchObject({ livechatStatus: 'AVAILABLE' });
    expect(agent?.departments.map((department) => department.id).sort()).toEqual([...departmentIds].sort());
    expect(creates()).toBe(1);
    const everything = [...client().answers.map((answer) => answer.text), ...gateway().logs].join('\n');
    expect(everything).not.toContain(PASSWORD);
  });

  it('creates nothing for a username in use, and says USERNAME_TAKEN', async () => {
    const payload = await client().createRocketChatUser({
      input: { username: 'camila.rojas', name: 'Camila', email: 'other@example.com', password: PASSWORD },
    });
    expect(payload).toEqual({ user: null, userErrors: [{ code: 'USERNAME_TAKEN', message: expect.any(String), field: ['input', 'username'] }] });
    expect(creates()).toBe(0);
  });

  it('says EMAIL_TAKEN for an e-mail address in use (compared case-insensitively by the platform)', async () => {
    const payload = await client().createRocketChatUser({
      input: { username: 'camila.two', name: 'Camila Two', email: 'CAMILA.ROJAS@example.com', password: PASSWORD },
    });
    expect(payload).toEqual({ user: null, userErrors: [{ code: 'EMAIL_TAKEN', message: expect.any(String), field: ['input', 'email'] }] });
    expect(state().userByUsername('camila.two')).toBeUndefined();
  });

  it('checks the input before any call, and never quotes the password', async () => {
    gateway().simulator.log.clear();
    const payload = await client().createRocketChatUser({
      input: { username: 'bad name', name: ' ', email: 'not-an-address', password: '', departmentIds: ['d1'] },
    });
    expect(payload.userErrors.map((error) => [error.code, error.field?.join('.')])).toEqual([
      ['INVALID_INPUT', 'input.username'],
      ['INVALID_INPUT', 'input.name'],
      ['INVALID_INPUT', 'input.email'],
      ['INVALID_INPUT', 'input.password'],
      ['INVALID_INPUT', 'input.departmentIds'],
    ]);
    expect(gateway().simulator.log.list()).toHaveLength(0);
  });

  it('refuses an unknown department before creating anyone', async () => {
    const payload = await client().createRocketChatUser({
      input: { username: 'pedro.ruiz', name: 'Pedro Ruiz', email: 'pedro@example.com', password: PASSWORD, roles: ['AGENT'], departmentIds: ['no-such-department'] },
    });
    expect(payload.userErrors).toEqual([{ code: 'UNKNOWN_DEPARTMENT', message: expect.any(String), field: ['input', 'departmentIds', '0'] }]);
    expect(state().userByUsername('pedro.ruiz')).toBeUndefined();
  });

  it('never repeats the create: an answer lost on the way is an unknown outcome, and the user is there to look up', async () => {
    gateway().simulator.faults.add({ method: 'POST', path: CREATE_PATH, times: 1, effect: { kind: 'drop' } });
    const error = await caught(
      client().createRocketChatUser({ input: { username: 'rosa.vega', name: 'Rosa Vega', email: 'rosa@example.com', password: PASSWORD, roles: ['MANAGER'] } }),
    );
    expect(error.code).toBe('UPSTREAM_OUTCOME_UNKNOWN');
    expect(creates()).toBe(1);
    expect(await client().rocketChatUser({ username: 'rosa.vega' })).toMatchObject({ username: 'rosa.vega', isManager: true });
  });
});

describe('Mutation.setRocketChatUserActive', () => {
  const gateway = useTestGateway();
  const client = useTypedClient(gateway);
  const state = () => gateway().simulator.state;

  it('deactivates an agent, who then takes no chats, and activates them again (not available until they say so)', async () => {
    const id = userId(gateway(), 'ana.acosta');
    const off = await client().setRocketChatUserActive({ input: { userId: id, active: false } });
    expect(off).toMatchObject({ user: { id, active: false }, userErrors: [] });
    expect((await client().agent({ type: 'AGENT', id }))?.livechatStatus).toBe('NOT_AVAILABLE');
    const again = await client().setRocketChatUserActive({ input: { userId: id, active: false } });
    expect(again).toMatchObject({ user: { active: false }, userErrors: [] });
    const on = await client().setRocketChatUserActive({ input: { userId: id, active: true } });
    expect(on).toMatchObject({ user: { active: true }, userErrors: [] });
    expect(state().userById(id)?.statusLivechat).toBe('not-available');
  });

  it('answers UNKNOWN_USER for an unknown id, and PROTECTED_USER for the service account without a call', async () => {
    const unknown = await client().setRocketChatUserActive({ input: { userId: 'no-such-id', active: false } });
    expect(unknown).toEqual({ user: null, userErrors: [{ code: 'UNKNOWN_USER', message: expect.any(String), field: ['input', 'userId'] }] });
    gateway().simulator.log.clear();
    const service = await client().setRocketChatUserActive({ input: { userId: userId(gateway(), SERVICE_ACCOUNT_USERNAME), active: false } });
    expect(service.userErrors).toEqual([{ code: 'PROTECTED_USER', message: expect.any(String), field: ['input', 'userId'] }]);
    expect(gateway().simulator.log.list({ method: 'POST' })).toHaveLength(0);
  });
});
