import {
  ROUTE_FORBIDDEN_BODY,
  UNAUTHORIZED_BODY,
  AGENT_STATUS_PATH,
  RawRocketChat,
  USERS_CREATE_PATH,
  USERS_INFO_PATH,
  USERS_PATH,
  USERS_SET_ACTIVE_PATH,
  queryString,
  unknownUserId,
  unknownUsername,
  type Credentials,
  type ListItem,
} from './rocketchat-raw.js';
import {
  SIMULATOR_AGENT_USERNAME,
  SIMULATOR_OTHER_AGENT_USERNAME,
  SIMULATOR_PLAIN_USERNAME,
  SIMULATOR_UNPRIVILEGED_USERNAME,
  TARGET_VERSIONS,
  describeOnSimulator,
  openRocketChatSimulatorTarget,
  openRocketChatTarget,
  simulatorCredentials,
  simulatorUserId,
  type RocketChatTarget,
} from './rocketchat-target.js';

/**
 * Rocket.Chat's user endpoints the gateway uses to create and (de)activate people (users.create,
 * users.info, users.setActiveStatus) and an agent's availability (livechat/agent.status), as the real
 * server answers them (shared/upstreams/rocketchat.md, "Users" and "Availability"). The first block
 * changes nothing and runs against a real server too; the simulator-only blocks create users, flip
 * statuses and close the business hours, each on a fresh workspace.
 */

const invalidParamsBody = (message: string) => ({ success: false, error: `${message} [invalid-params]`, errorType: 'invalid-params' });
const ADDITIONAL_BODY = invalidParamsBody('must NOT have additional properties');
const ONE_OF_BODY = invalidParamsBody('must match exactly one schema in oneOf');
const fieldUnavailableBody = (value: string) => ({
  success: false,
  error: `${value} is already in use :( [error-field-unavailable]`,
  errorType: 'error-field-unavailable',
});
const LAST_ADMIN_BODY = {
  success: false,
  error: 'Leaving the app without active admins is not allowed [error-action-not-allowed]',
  errorType: 'error-action-not-allowed',
};
const PUBLIC_INFO_KEYS = ['_id', 'active', 'name', 'status', 'type', 'username'];

interface InfoBody {
  user: Record<string, unknown>;
  success: true;
}

const infoPath = (query: Record<string, string>) => `${USERS_INFO_PATH}${queryString(query)}`;

/** A users.create body for a user nobody has; `tag` keeps usernames and e-mails unique per call. */
function newUser(tag: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const username = `contract.${tag}.${Math.random().toString(36).slice(2, 8)}`;
  return { email: `${username}@example.com`, name: `Contract ${tag}`, password: 'Contract-pass-1', username, ...extra };
}

describe.each(TARGET_VERSIONS)('Rocket.Chat users and availability API (%s)', (version) => {
  let target: RocketChatTarget;
  let api: RawRocketChat;

  beforeAll(async () => {
    target = await openRocketChatTarget(version);
    api = new RawRocketChat(target);
  });
  afterAll(async () => {
    await api?.close();
    await target?.close();
  });

  it('answers 401 with the real body on every endpoint when the token is wrong', async () => {
    const wrong = { userId: target.serviceAccount.userId, authToken: 'contract-test-wrong-token' };
    const answers = await Promise.all([
      api.call('POST', USERS_CREATE_PATH, { auth: wrong, json: {} }),
      api.call('GET', infoPath({ userId: target.serviceAccount.userId }), { auth: wrong }),
      api.call('POST', USERS_SET_ACTIVE_PATH, { auth: wrong, json: {} }),
      api.call('POST', AGENT_STATUS_PATH, { auth: wrong, json: { status: 'available' } }),
    ]);
    for (const answer of answers) expect({ status: answer.status, body: answer.body }).toEqual({ status: 401, body: UNAUTHORIZED_BODY });
  });

  describe('users.create validation (nothing is created)', () => {
    it.each([
      ['email', { name: 'N', password: 'p', username: 'u' }],
      ['name', { email: 'e@example.com', password: 'p', username: 'u' }],
      ['password', { email: 'e@example.com', name: 'N', username: 'u' }],
      ['username', { email: 'e@example.com', name: 'N', password: 'p' }],
    ])("answers 400 invalid-params naming the first missing required property (%s)", async (missing, body) => {
      const answer = await api.call('POST', USERS_CREATE_PATH, { json: body });
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 400, body: invalidParamsBody(`must have required property '${missing}'`) });
    });

    it('reports email first when everything is missing', async () => {
      const answer = await api.call('POST', USERS_CREATE_PATH, { json: {} });
      expect(answer.body).toEqual(invalidParamsBody("must have required property 'email'"));
    });

    it('answers 400 invalid-params for a key it does not know', async () => {
      const answer = await api.call('POST', USERS_CREATE_PATH, { json: newUser('extra', { department: 'x' }) });
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 400, body: ADDITIONAL_BODY });
    });

    it('refuses a username outside letters, digits, dots, hyphens and underscores', async () => {
      const answer = await api.call('POST', USERS_CREATE_PATH, { json: newUser('x', { username: 'has space' }) });
      expect({ status: answer.status, body: answer.body }).toEqual({
        status: 400,
        body: {
          success: false,
          error: 'has space is not a valid username, use only letters, numbers, dots, hyphens and underscores [error-input-is-not-a-valid-field]',
          errorType: 'error-input-is-not-a-valid-field',
        },
      });
    });

    it('refuses an e-mail address without the @-shape', async () => {
      const answer = await api.call('POST', USERS_CREATE_PATH, { json: newUser('x', { email: 'not-an-address' }) });
      expect({ status: answer.status, body: answer.body }).toEqual({
        status: 400,
        body: { success: false, error: 'Invalid email not-an-address [error-invalid-email]', errorType: 'error-invalid-email' },
      });
    });

    it("refuses the service account's own username and e-mail, ignoring case", async () => {
      const me = (await api.call<InfoBody>('GET', infoPath({ userId: target.serviceAccount.userId }))).body.user;
      const username = String(me.username);
      const address = (me.emails as Array<{ address: string }>)[0]?.address as string;
      const taken = await api.call('POST', USERS_CREATE_PATH, { json: newUser('x', { username: username.toUpperCase() }) });
      expect({ status: taken.status, body: taken.body }).toEqual({ status: 400, body: fieldUnavailableBody(username.toUpperCase()) });
      const email = await api.call('POST', USERS_CREATE_PATH, { json: newUser('x', { email: address.toUpperCase() }) });
      expect({ status: email.status, body: email.body }).toEqual({ status: 400, body: fieldUnavailableBody(address.toUpperCase()) });
    });
  });

  describe('users.info', () => {
    it('answers the caller itself with the full record', async () => {
      const answer = await api.call<InfoBody>('GET', infoPath({ userId: target.serviceAccount.userId }));
      expect(answer.status).toBe(200);
      expect(Object.keys(answer.body).sort()).toEqual(['success', 'user']);
      const user = answer.body.user;
      expect(user._id).toBe(target.serviceAccount.userId);
      expect(Array.isArray(user.roles)).toBe(true);
      expect(Array.isArray(user.emails)).toBe(true);
      expect(user.active).toBe(true);
      expect(['user', 'bot']).toContain(user.type);
      expect(Number.isNaN(Date.parse(String(user.createdAt)))).toBe(false);
      expect(answer.text).not.toMatch(/password|services/i);
    });

    it('finds the same user by username', async () => {
      const byId = await api.call<InfoBody>('GET', infoPath({ userId: target.serviceAccount.userId }));
      const byName = await api.call<InfoBody>('GET', infoPath({ username: String(byId.body.user.username) }));
      expect(byName.body).toEqual(byId.body);
    });

    it.each([
      ['neither key', {}],
      ['both keys', { userId: 'a', username: 'b' }],
      ['another key', { userId: 'a', fields: '{}' }],
    ])('answers 400 invalid-params for %s', async (_why, query) => {
      const answer = await api.call('GET', infoPath(query));
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 400, body: ONE_OF_BODY });
    });

    it("answers an unknown user with 400 'User not found.'", async () => {
      const queries: Array<Record<string, string>> = [{ userId: unknownUserId() }, { username: unknownUsername() }];
      for (const query of queries) {
        const answer = await api.call('GET', infoPath(query));
        expect({ status: answer.status, body: answer.body }).toEqual({ status: 400, body: { success: false, error: 'User not found.' } });
      }
    });
  });

  describe('users.setActiveStatus validation (nothing changes)', () => {
    it('requires userId and activeStatus, refuses other keys and a non-boolean status', async () => {
      const cases: Array<[unknown, unknown]> = [
        [{ activeStatus: true }, invalidParamsBody("must have required property 'userId'")],
        [{ userId: 'x' }, invalidParamsBody("must have required property 'activeStatus'")],
        [{ userId: 'x', activeStatus: true, reason: 'r' }, ADDITIONAL_BODY],
        [{ userId: 'x', activeStatus: 'maybe' }, invalidParamsBody('/activeStatus must be boolean')],
      ];
      for (const [json, body] of cases) {
        const answer = await api.call('POST', USERS_SET_ACTIVE_PATH, { json });
        expect({ status: answer.status, body: answer.body }).toEqual({ status: 400, body });
      }
    });

    it("answers an unknown user with 400 'User not found'", async () => {
      const answer = await api.call('POST', USERS_SET_ACTIVE_PATH, { json: { userId: unknownUserId(), activeStatus: true } });
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 400, body: { success: false, error: 'User not found' } });
    });
  });

  describe('livechat/agent.status validation (nothing changes)', () => {
    it('refuses other keys and a status other than available or not-available', async () => {
      const extra = await api.call('POST', AGENT_STATUS_PATH, { json: { status: 'available', reason: 'lunch' } });
      expect({ status: extra.status, body: extra.body }).toEqual({ status: 400, body: ADDITIONAL_BODY });
      const bad = await api.call('POST', AGENT_STATUS_PATH, { json: { status: 'away' } });
      expect({ status: bad.status, body: bad.body }).toEqual({ status: 400, body: invalidParamsBody('/status must be equal to one of the allowed values') });
    });

    it("answers 404 'Agent not found' for a user who is not an agent", async () => {
      const answer = await api.call('POST', AGENT_STATUS_PATH, { json: { status: 'available', agentId: unknownUserId() } });
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 404, body: { success: false, error: 'Agent not found' } });
    });
  });
});

describeOnSimulator('Rocket.Chat users.create', 'creates users in the simulator', () => {
  describe.each(TARGET_VERSIONS)('%s', (version) => {
    let target: Awaited<ReturnType<typeof openRocketChatSimulatorTarget>>;
    let api: RawRocketChat;

    beforeEach(async () => {
      target = await openRocketChatSimulatorTarget({ version });
      api = new RawRocketChat(target);
    });
    afterEach(async () => {
      await api?.close();
      await target?.close();
    });

    const create = (json: unknown, auth?: Credentials) => api.call<{ user: Record<string, unknown> }>('POST', USERS_CREATE_PATH, auth ? { json, auth } : { json });

    it('creates a user and answers the new record, never the password', async () => {
      const body = newUser('shape');
      const answer = await create(body);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        user: {
          _id: expect.any(String),
          createdAt: expect.any(String),
          username: body.username,
          emails: [{ address: body.email, verified: false }],
          type: 'user',
          status: 'offline',
          active: true,
          roles: ['user'],
          name: body.name,
        },
        success: true,
      });
      expect(answer.text).not.toContain(String(body.password));
      const stored = target.simulator.state.userById(String(answer.body.user._id));
      expect(JSON.stringify(stored)).not.toContain(String(body.password));
      const info = await api.call<InfoBody>('GET', infoPath({ username: String(body.username) }));
      expect(info.body.user).toMatchObject({ _id: answer.body.user._id, active: true, roles: ['user'] });
      expect(info.text).not.toContain(String(body.password));
    });

    it('is not idempotent: the same call again is a 400 field-unavailable for the username', async () => {
      const body = newUser('twice');
      expect((await create(body)).status).toBe(200);
      const again = await create(body);
      expect({ status: again.status, body: again.body }).toEqual({ status: 400, body: fieldUnavailableBody(String(body.username)) });
      expect(target.simulator.state.allUsers().filter((user) => user.username === body.username)).toHaveLength(1);
    });

    it('refuses an e-mail address any user has, ignoring case, under another username', async () => {
      const first = newUser('mail');
      await create(first);
      const address = String(first.email).toUpperCase();
      const answer = await create(newUser('mail2', { email: address }));
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 400, body: fieldUnavailableBody(address) });
    });

    it('refuses a username another user has in another case, before looking at the e-mail', async () => {
      const taken = await create(newUser('case', { username: 'Camila.Rojas', email: 'camila.rojas@example.com' }));
      expect(taken.body).toEqual(fieldUnavailableBody('Camila.Rojas'));
    });

    it('joins the new user to the default channels unless joinDefaultChannels is false', async () => {
      const joined = await create(newUser('joins'));
      expect(target.simulator.state.defaultChannelJoins.has(String(joined.body.user._id))).toBe(true);
      const explicit = await create(newUser('joins2', { joinDefaultChannels: true }));
      expect(target.simulator.state.defaultChannelJoins.has(String(explicit.body.user._id))).toBe(true);
      const notJoined = await create(newUser('nojoin', { joinDefaultChannels: false }));
      expect(notJoined.status).toBe(200);
      expect(target.simulator.state.defaultChannelJoins.has(String(notJoined.body.user._id))).toBe(false);
    });

    it('replaces the default roles with the given ones; role livechat-agent makes an available agent', async () => {
      const body = newUser('agent', { roles: ['user', 'livechat-agent'], joinDefaultChannels: false, verified: true });
      const answer = await create(body);
      expect(answer.body.user).toMatchObject({ roles: ['user', 'livechat-agent'], emails: [{ address: body.email, verified: true }] });
      const id = String(answer.body.user._id);
      const lookup = await api.call('GET', `${USERS_PATH}/agent/${id}`);
      expect(lookup.body).toEqual({
        user: { _id: id, username: body.username, name: body.name, status: 'offline', statusLivechat: 'available', emails: [{ address: body.email, verified: true }] },
        success: true,
      });
      const botOnly = await create(newUser('bot', { roles: ['bot'] }));
      expect(botOnly.body.user.roles).toEqual(['bot']);
    });

    it('creates an inactive user with active: false', async () => {
      const answer = await create(newUser('inactive', { active: false }));
      expect(answer.body.user.active).toBe(false);
      expect(target.simulator.state.userById(String(answer.body.user._id))?.active).toBe(false);
    });

    it('validates the body before the create-user permission, which only admins hold', async () => {
      const manager = simulatorCredentials(target.simulator, 'samuel.ortega');
      const invalid = await create({ name: 'x' }, manager);
      expect({ status: invalid.status, body: invalid.body }).toEqual({ status: 400, body: invalidParamsBody("must have required property 'email'") });
      const body = newUser('forbidden');
      const forbidden = await create(body, manager);
      expect({ status: forbidden.status, body: forbidden.body }).toEqual({ status: 403, body: ROUTE_FORBIDDEN_BODY });
      expect(target.simulator.state.userByUsername(String(body.username))).toBeUndefined();
    });
  });
});

describeOnSimulator('Rocket.Chat users.info views', 'needs tokens for seeded users', () => {
  describe.each(TARGET_VERSIONS)('%s', (version) => {
    let target: Awaited<ReturnType<typeof openRocketChatSimulatorTarget>>;
    let api: RawRocketChat;

    beforeAll(async () => {
      target = await openRocketChatSimulatorTarget({ version });
      api = new RawRocketChat(target);
    });
    afterAll(async () => {
      await api?.close();
      await target?.close();
    });

    it('gives a caller without view-full-other-user-info only the public fields of someone else', async () => {
      const agent = simulatorCredentials(target.simulator, SIMULATOR_AGENT_USERNAME);
      const marta = target.simulator.state.userByUsername('marta.quiroga');
      const answer = await api.call<InfoBody>('GET', infoPath({ username: 'marta.quiroga' }), { auth: agent });
      expect(answer.body).toEqual({
        user: { _id: marta?._id, username: 'marta.quiroga', name: 'Marta Quiroga', status: 'online', active: true, type: 'user', utcOffset: -3 },
        success: true,
      });
      const other = await api.call<InfoBody>('GET', infoPath({ username: SIMULATOR_PLAIN_USERNAME }), { auth: agent });
      expect(Object.keys(other.body.user).sort()).toEqual(PUBLIC_INFO_KEYS);
    });

    it('gives the same caller its own full record, and an admin anyone’s', async () => {
      const agent = simulatorCredentials(target.simulator, SIMULATOR_AGENT_USERNAME);
      const seeded = target.simulator.state.userById(agent.userId);
      const own = await api.call<InfoBody>('GET', infoPath({ userId: agent.userId }), { auth: agent });
      expect(own.body.user).toEqual({
        _id: agent.userId,
        username: SIMULATOR_AGENT_USERNAME,
        name: seeded?.name,
        status: seeded?.status,
        statusLivechat: seeded?.statusLivechat,
        emails: seeded?.emails,
        roles: ['user', 'livechat-agent'],
        active: true,
        type: 'user',
        createdAt: seeded?.createdAt,
      });
      const byAdmin = await api.call<InfoBody>('GET', infoPath({ userId: agent.userId }));
      expect(byAdmin.body).toEqual(own.body);
    });

    it('answers a bot as type bot, and fields the database lacks are omitted', async () => {
      const bot = await api.call<InfoBody>('GET', infoPath({ username: 'dialog.bot' }));
      expect(bot.body.user).toMatchObject({ type: 'bot', roles: ['bot', 'livechat-agent'] });
      const bare = await api.call<InfoBody>('GET', infoPath({ username: 'legacy.import' }));
      expect(bare.body.user).not.toHaveProperty('status');
      expect(bare.body.user).not.toHaveProperty('emails');
      expect(bare.body.user).not.toHaveProperty('statusLivechat');
    });
  });
});

describeOnSimulator('Rocket.Chat users.setActiveStatus', 'deactivates seeded users', () => {
  describe.each(TARGET_VERSIONS)('%s', (version) => {
    let target: Awaited<ReturnType<typeof openRocketChatSimulatorTarget>>;
    let api: RawRocketChat;

    beforeEach(async () => {
      target = await openRocketChatSimulatorTarget({ version });
      api = new RawRocketChat(target);
    });
    afterEach(async () => {
      await api?.close();
      await target?.close();
    });

    const setActive = (userId: string, activeStatus: boolean, auth?: Credentials) =>
      api.call('POST', USERS_SET_ACTIVE_PATH, auth ? { auth, json: { userId, activeStatus } } : { json: { userId, activeStatus } });
    const agentLookup = async (id: string) => (await api.call<{ user: Record<string, unknown> }>('GET', `${USERS_PATH}/agent/${id}`)).body.user;

    it('deactivating an agent makes them not-available; they still appear in the agent list', async () => {
      const id = simulatorUserId(target.simulator, SIMULATOR_AGENT_USERNAME);
      expect(await agentLookup(id)).toMatchObject({ statusLivechat: 'available' });
      const answer = await setActive(id, false);
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: { user: { _id: id, active: false }, success: true } });
      expect(await agentLookup(id)).toMatchObject({ statusLivechat: 'not-available' });
      expect(await agentLookup(id)).not.toHaveProperty('active');
      const listed = await api.call<{ users: ListItem[] }>('GET', `${USERS_PATH}/agent?text=${SIMULATOR_AGENT_USERNAME}`);
      expect(listed.body.users.map((user) => user._id)).toContain(id);
      const info = await api.call<InfoBody>('GET', infoPath({ userId: id }));
      expect(info.body.user).toMatchObject({ active: false, statusLivechat: 'not-available' });
    });

    it('activating again leaves the agent not-available', async () => {
      const id = simulatorUserId(target.simulator, SIMULATOR_AGENT_USERNAME);
      await setActive(id, false);
      const answer = await setActive(id, true);
      expect(answer.body).toEqual({ user: { _id: id, active: true }, success: true });
      expect(await agentLookup(id)).toMatchObject({ statusLivechat: 'not-available' });
    });

    it('answers the status already held with 200 and the same body', async () => {
      const id = simulatorUserId(target.simulator, SIMULATOR_PLAIN_USERNAME);
      for (let call = 0; call < 2; call += 1) {
        const answer = await setActive(id, true);
        expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: { user: { _id: id, active: true }, success: true } });
      }
      await setActive(id, false);
      const again = await setActive(id, false);
      expect({ status: again.status, body: again.body }).toEqual({ status: 200, body: { user: { _id: id, active: false }, success: true } });
    });

    it('refuses to deactivate the last active admin, and allows it once there is another', async () => {
      const admin = target.serviceAccount.userId;
      const refused = await setActive(admin, false);
      expect({ status: refused.status, body: refused.body }).toEqual({ status: 400, body: LAST_ADMIN_BODY });
      expect(target.simulator.state.userById(admin)?.active).not.toBe(false);

      const second = await api.call<{ user: { _id: string } }>('POST', USERS_CREATE_PATH, { json: newUser('admin', { roles: ['user', 'admin'] }) });
      const secondId = second.body.user._id;
      const allowed = await setActive(secondId, false);
      expect(allowed.body).toEqual({ user: { _id: secondId, active: false }, success: true });
      // Back to one active admin: the service account is protected again.
      expect((await setActive(admin, false)).body).toEqual(LAST_ADMIN_BODY);
    });

    it('signs a deactivated user out: their token answers 401', async () => {
      const agent = simulatorCredentials(target.simulator, SIMULATOR_OTHER_AGENT_USERNAME);
      expect((await api.call('GET', infoPath({ userId: agent.userId }), { auth: agent })).status).toBe(200);
      await setActive(agent.userId, false);
      const after = await api.call('GET', infoPath({ userId: agent.userId }), { auth: agent });
      expect({ status: after.status, body: after.body }).toEqual({ status: 401, body: UNAUTHORIZED_BODY });
    });

    it('needs edit-other-user-active-status (admins only), checked after the body', async () => {
      const manager = simulatorCredentials(target.simulator, 'samuel.ortega');
      const id = simulatorUserId(target.simulator, SIMULATOR_AGENT_USERNAME);
      const invalid = await api.call('POST', USERS_SET_ACTIVE_PATH, { auth: manager, json: { userId: id } });
      expect(invalid.body).toEqual(invalidParamsBody("must have required property 'activeStatus'"));
      const forbidden = await setActive(id, false, manager);
      expect({ status: forbidden.status, body: forbidden.body }).toEqual({ status: 403, body: ROUTE_FORBIDDEN_BODY });
      expect(target.simulator.state.userById(id)?.active).not.toBe(false);
    });
  });
});

describeOnSimulator('Rocket.Chat livechat/agent.status', 'changes seeded agents and the business hours', () => {
  describe.each(TARGET_VERSIONS)('%s', (version) => {
    let target: Awaited<ReturnType<typeof openRocketChatSimulatorTarget>>;
    let api: RawRocketChat;
    let self: Credentials;
    let otherId: string;

    beforeEach(async () => {
      target = await openRocketChatSimulatorTarget({ version });
      api = new RawRocketChat(target);
      self = simulatorCredentials(target.simulator, SIMULATOR_AGENT_USERNAME);
      otherId = simulatorUserId(target.simulator, SIMULATOR_OTHER_AGENT_USERNAME);
    });
    afterEach(async () => {
      await api?.close();
      await target?.close();
    });

    const statusOf = (id: string) => target.simulator.state.userById(id)?.statusLivechat;
    const post = (json: unknown, auth?: Credentials) => api.call('POST', AGENT_STATUS_PATH, auth ? { auth, json } : { json });

    it('toggles when no status is sent: available → not-available → available', async () => {
      expect(statusOf(self.userId)).toBe('available');
      const first = await post({}, self);
      expect({ status: first.status, body: first.body }).toEqual({ status: 200, body: { status: 'not-available', success: true } });
      const second = await post({}, self);
      expect(second.body).toEqual({ status: 'available', success: true });
      expect(statusOf(self.userId)).toBe('available');
    });

    it('answers the status already held with 200 and changes nothing', async () => {
      const answer = await post({ status: 'available' }, self);
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: { status: 'available', success: true } });
      expect(statusOf(self.userId)).toBe('available');
    });

    it("lets a manager set another agent's status, answering the new status", async () => {
      expect(statusOf(otherId)).toBe('available');
      const answer = await post({ status: 'not-available', agentId: otherId });
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: { status: 'not-available', success: true } });
      expect(statusOf(otherId)).toBe('not-available');
    });

    it("refuses an agent another agent's change with 403 'unauthorized', but answers the status already held first", async () => {
      const refused = await post({ status: 'not-available', agentId: otherId }, self);
      expect({ status: refused.status, body: refused.body }).toEqual({ status: 403, body: { success: false, error: 'unauthorized' } });
      expect(statusOf(otherId)).toBe('available');
      const same = await post({ status: 'available', agentId: otherId }, self);
      expect({ status: same.status, body: same.body }).toEqual({ status: 200, body: { status: 'available', success: true } });
    });

    it('with business hours closed, answers a manager 200 with the OLD status and changes nothing', async () => {
      target.simulator.state.userById(otherId)!.statusLivechat = 'not-available';
      target.simulator.state.setBusinessHoursOpen(false);
      const answer = await post({ status: 'available', agentId: otherId });
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: { status: 'not-available', success: true } });
      expect(statusOf(otherId)).toBe('not-available');
      // Going off shift is always allowed.
      const off = await post({ status: 'not-available', agentId: simulatorUserId(target.simulator, 'marta.quiroga') });
      expect(off.body).toEqual({ status: 'not-available', success: true });
    });

    it('with business hours closed, answers the agent itself 400 error-business-hours-are-closed; going off shift still works', async () => {
      target.simulator.state.setBusinessHoursOpen(false);
      const off = await post({ status: 'not-available' }, self);
      expect(off.body).toEqual({ status: 'not-available', success: true });
      const on = await post({ status: 'available' }, self);
      expect({ status: on.status, body: on.body }).toEqual({ status: 400, body: { success: false, error: 'error-business-hours-are-closed' } });
      const toggle = await post({}, self);
      expect(toggle.body).toEqual({ success: false, error: 'error-business-hours-are-closed' });
      expect(statusOf(self.userId)).toBe('not-available');
      target.simulator.state.setBusinessHoursOpen(true);
      expect((await post({ status: 'available' }, self)).body).toEqual({ status: 'available', success: true });
    });

    it("answers 404 'Agent not found' for a user without the agent role, the caller included", async () => {
      const plain = simulatorUserId(target.simulator, SIMULATOR_PLAIN_USERNAME);
      const other = await post({ status: 'available', agentId: plain });
      expect({ status: other.status, body: other.body }).toEqual({ status: 404, body: { success: false, error: 'Agent not found' } });
      // The service account is an admin and a manager, not an agent.
      const itself = await post({ status: 'available' });
      expect({ status: itself.status, body: itself.body }).toEqual({ status: 404, body: { success: false, error: 'Agent not found' } });
    });

    it('answers 400 error-user-deactivated for a deactivated agent', async () => {
      await api.call('POST', USERS_SET_ACTIVE_PATH, { json: { userId: otherId, activeStatus: false } });
      const answer = await post({ status: 'available', agentId: otherId });
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 400, body: { success: false, error: 'error-user-deactivated' } });
      expect(statusOf(otherId)).toBe('not-available');
    });

    it('needs view-l-room (route 403 for a user without Livechat roles), checked after the body', async () => {
      const plain = simulatorCredentials(target.simulator, SIMULATOR_UNPRIVILEGED_USERNAME);
      const invalid = await post({ status: 'busy' }, plain);
      expect(invalid.body).toEqual(invalidParamsBody('/status must be equal to one of the allowed values'));
      const forbidden = await post({ status: 'available' }, plain);
      expect({ status: forbidden.status, body: forbidden.body }).toEqual({ status: 403, body: ROUTE_FORBIDDEN_BODY });
    });
  });
});
