import { seedRocketChat } from '../../src/simulators/rocketchat/seed.js';
import type { SimUser } from '../../src/simulators/rocketchat/state.js';
import {
  ROUTE_FORBIDDEN_BODY,
  UNAUTHORIZED_BODY,
  RawRocketChat,
  assertHoldsNoLivechatRole,
  USERS_PATH,
  idsOf,
  matchesText,
  queryString,
  sortedIds,
  unknownUserId,
  unknownUsername,
  type Credentials,
  type ListBody,
  type ListItem,
  type RawAnswer,
  type UserType,
} from './rocketchat-raw.js';
import {
  SIMULATOR_LIMITED_MANAGER_USERNAME,
  SIMULATOR_UNPRIVILEGED_USERNAME,
  TARGET_VERSIONS,
  describeIf,
  describeOnSimulator,
  describeWrites,
  offlineBotKnown,
  openRocketChatSimulatorTarget,
  openRocketChatTarget,
  plainUsernameOf,
  simulatorUserId,
  type RocketChatTarget,
  type RocketChatVersion,
} from './rocketchat-target.js';

/**
 * The Rocket.Chat livechat users API as the real server answers it (shared/upstreams/rocketchat.md),
 * asserted over plain HTTP. Runs against the simulator by default and against a real server when
 * CONTRACT_ROCKETCHAT_* is set (see rocketchat-target.ts): the simulator passes only if it answers
 * exactly as the platform does.
 */

const INVALID_TYPE_BODY = { success: false, error: 'Invalid type' };

/** The answers that differ between the current line (8.x) and 7.x. */
interface LineAnswers {
  /** The list handler's own 403. */
  listForbidden: unknown;
  /** POST of an unknown username. */
  unknownUsername: unknown;
  /** DELETE of an unknown id. */
  unknownIdOnDelete: unknown;
  /** GET of an unknown id. */
  unknownIdOnGet: { status: number; body: unknown };
}

const ANSWERS: Record<RocketChatVersion, LineAnswers> = {
  '8.x': {
    listForbidden: { success: false, error: 'error-not-authorized' },
    unknownUsername: { success: false, error: 'error-invalid-user' },
    unknownIdOnDelete: { success: false, error: 'error-invalid-user' },
    unknownIdOnGet: { status: 200, body: { user: null, success: true } },
  },
  '7.x': {
    listForbidden: { success: false, error: 'unauthorized' },
    unknownUsername: { success: false, error: '[error-invalid-user]', errorType: 'error-invalid-user' },
    unknownIdOnDelete: { success: false },
    unknownIdOnGet: { status: 400, body: { success: false, error: 'User not found' } },
  },
};
const UNKNOWN_QUERY_KEY_BODY = {
  success: false,
  error: 'must NOT have additional properties [invalid-params]',
  errorType: 'invalid-params',
};
const MISSING_USERNAME_BODY = {
  success: false,
  error: "must have required property 'username' [invalid-params]",
  errorType: 'invalid-params',
};
const LIST_ITEM_KEYS = ['_id', 'departments', 'emails', 'livechat', 'name', 'status', 'statusLivechat', 'username'];
/** The single-user lookup's projection. */
const LOOKUP_KEYS = ['_id', 'username', 'name', 'status', 'statusLivechat', 'emails', 'livechat'] as const;
const TOO_MANY_REQUESTS =
  /^Error, too many requests\. Please slow down\. You must wait (\d+) seconds before trying this endpoint again\. \[error-too-many-requests\]$/;

interface LookupBody {
  user: Record<string, unknown> | null;
  success: true;
}

const onePath = (type: string, id: string) => `${USERS_PATH}/${type}/${encodeURIComponent(id)}`;

describe.each(TARGET_VERSIONS)('Rocket.Chat livechat users API (%s)', (version) => {
  const answers = ANSWERS[version];
  let target: RocketChatTarget;
  let api: RawRocketChat;
  let allAgents: ListItem[];

  beforeAll(async () => {
    target = await openRocketChatTarget(version);
    api = new RawRocketChat(target);
    allAgents = await api.listAll('agent');
  });
  afterAll(async () => {
    await api?.close();
    await target?.close();
  });

  describe('authentication', () => {
    it('answers 401 with the real body when no credentials are sent', async () => {
      const answer = await api.call('GET', `${USERS_PATH}/agent`, { auth: null });
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual(UNAUTHORIZED_BODY);
    });

    it('answers 401 with the real body when the token is missing', async () => {
      const answer = await api.call('GET', `${USERS_PATH}/agent`, {
        auth: null,
        headers: { 'x-user-id': target.serviceAccount.userId },
      });
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual(UNAUTHORIZED_BODY);
    });

    it('answers 401 with the real body when the token is wrong', async () => {
      const answer = await api.call('GET', `${USERS_PATH}/agent`, {
        auth: { userId: target.serviceAccount.userId, authToken: 'contract-test-wrong-token' },
      });
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual(UNAUTHORIZED_BODY);
    });

    it('answers 401 when a valid token is sent with another user id', async () => {
      const answer = await api.call('GET', `${USERS_PATH}/agent`, {
        auth: { userId: unknownUserId(), authToken: target.serviceAccount.authToken },
      });
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual(UNAUTHORIZED_BODY);
    });

    it('answers 401 on every endpoint, before looking at the type, the query or the body', async () => {
      const wrong = { userId: target.serviceAccount.userId, authToken: 'contract-test-wrong-token' };
      const answers = await Promise.all([
        api.call('GET', `${USERS_PATH}/bogus?unknownKey=1`, { auth: wrong }),
        api.call('GET', onePath('agent', unknownUserId()), { auth: wrong }),
        api.call('POST', `${USERS_PATH}/agent`, { auth: wrong, json: {} }),
        api.call('DELETE', onePath('manager', unknownUserId()), { auth: wrong }),
      ]);
      for (const answer of answers) {
        expect({ status: answer.status, body: answer.body }).toEqual({ status: 401, body: UNAUTHORIZED_BODY });
      }
    });
  });

  describe('validation', () => {
    it("answers 400 'Invalid type' for a type other than agent or manager", async () => {
      const answers = await Promise.all([
        api.call('GET', `${USERS_PATH}/bogus`),
        api.call('GET', onePath('bogus', target.serviceAccount.userId)),
        api.call('POST', `${USERS_PATH}/bogus`, { json: { username: unknownUsername() } }),
        api.call('DELETE', onePath('bogus', target.serviceAccount.userId)),
      ]);
      for (const answer of answers) {
        expect({ status: answer.status, body: answer.body }).toEqual({ status: 400, body: INVALID_TYPE_BODY });
      }
    });

    it('answers 400 invalid-params for an unknown list query key', async () => {
      const answer = await api.call('GET', `${USERS_PATH}/agent?unknownKey=1`);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual(UNKNOWN_QUERY_KEY_BODY);
    });

    it('accepts and ignores the query and fields keys', async () => {
      const plain = await api.list('agent', { count: '5', sort: '{"username":1}' });
      const withIgnored = await api.list('agent', { count: '5', sort: '{"username":1}', query: '{}', fields: '{}' });
      expect(idsOf(withIgnored.users)).toEqual(idsOf(plain.users));
      expect(withIgnored.total).toBe(plain.total);
    });

    it('answers 400 invalid-params for a POST without username', async () => {
      const answer = await api.call('POST', `${USERS_PATH}/agent`, { json: {} });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual(MISSING_USERNAME_BODY);
    });

    it('answers 400 error-invalid-user for a POST of an unknown username (in its own body on 7.x)', async () => {
      for (const type of ['agent', 'manager'] as const) {
        const answer = await api.call('POST', `${USERS_PATH}/${type}`, { json: { username: unknownUsername() } });
        expect({ status: answer.status, body: answer.body }).toEqual({ status: 400, body: answers.unknownUsername });
      }
    });

    it('answers 400 (not 404) for a DELETE of an unknown id: error-invalid-user, or a bare {success:false} on 7.x', async () => {
      for (const type of ['agent', 'manager'] as const) {
        const answer = await api.call('DELETE', onePath(type, unknownUserId()));
        expect({ status: answer.status, body: answer.body }).toEqual({ status: 400, body: answers.unknownIdOnDelete });
      }
    });

    it.each([
      ['not JSON', 'username'],
      ['a direction other than 1 or -1', '{"username":2}'],
      ['a string direction', '{"username":"asc"}'],
      ['an array', '[1]'],
    ])('answers 400 error-invalid-sort for a sort that is %s', async (_why, sort) => {
      const answer = await api.call<Record<string, unknown>>('GET', `${USERS_PATH}/agent${queryString({ sort })}`);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ success: false, errorType: 'error-invalid-sort' });
      expect(typeof answer.body.error).toBe('string');
    });
  });

  describe('listing', () => {
    it.each(['agent', 'manager'] as const)('lists %ss with exactly the documented keys and value types', async (type) => {
      const body = await api.list(type, { count: '100' });
      expect(Object.keys(body).sort()).toEqual(['count', 'offset', 'success', 'total', 'users']);
      expect(body.success).toBe(true);
      expect(body.users.length).toBeGreaterThan(0);
      for (const user of body.users) expectListItem(user);
    });

    it('agrees with the lookup: a null in the list is a field the lookup omits (or stores as null)', async () => {
      const withNulls = allAgents.filter((user) => LOOKUP_KEYS.some((key) => user[key] === null)).slice(0, 5);
      const sample = [...withNulls, ...allAgents.slice(0, 3)];
      for (const item of sample) {
        const answer = await api.call<LookupBody>('GET', onePath('agent', item._id));
        expect(answer.status).toBe(200);
        const user = answer.body.user as Record<string, unknown>;
        expect(user).not.toBeNull();
        for (const key of LOOKUP_KEYS) {
          // A field stored as null comes back null from both; only a missing one differs (null vs omitted).
          if (item[key] === null) expect(user[key] ?? null).toBeNull();
          else expect(user[key]).toEqual(item[key]);
        }
      }
    });

    it('caps count at 100 and reports count as the number of users returned', async () => {
      const body = await api.list('agent', { count: '1000' });
      expect(body.count).toBeLessThanOrEqual(100);
      expect(body.count).toBe(body.users.length);
      expect(body.total).toBeGreaterThanOrEqual(body.count);
      expect(body.total).toBe(allAgents.length);
      expect(body.count).toBe(Math.min(100, body.total));
    });

    it('pages with offset, echoing it, over a stable sort', async () => {
      const sort = '{"username":1}';
      const first = await api.list('agent', { sort, count: '5', offset: '0' });
      const second = await api.list('agent', { sort, count: '5', offset: '5' });
      const both = await api.list('agent', { sort, count: '10', offset: '0' });
      expect(first.offset).toBe(0);
      expect(second.offset).toBe(5);
      expect(second.total).toBe(first.total);
      expect([...idsOf(first.users), ...idsOf(second.users)]).toEqual(idsOf(both.users));
      expect(idsOf(both.users)).toEqual(idsOf(allAgents.slice(0, 10)));
    });

    it('answers an empty page, with the total, past the end', async () => {
      const body = await api.list('agent', { offset: String(allAgents.length + 5) });
      expect(body).toEqual({ users: [], count: 0, offset: allAgents.length + 5, total: allAgents.length, success: true });
    });

    it('sorts by a JSON sort object, in both directions', async () => {
      const ascending = await api.list('agent', { sort: '{"username":1}', count: '100' });
      const last = Math.max(0, ascending.total - 100);
      const descending = await api.list('agent', { sort: '{"username":-1}', count: '100', offset: String(last) });
      expect(idsOf([...descending.users].reverse())).toEqual(idsOf(ascending.users));
      const first = ascending.users[0];
      const second = ascending.users[1];
      if (first?.username && second?.username) expect(first.username < second.username).toBe(true);
    });

    it('filters by text on the username, ignoring case', async () => {
      const probe = pickAgent((user) => asciiOnly(user.username)).username as string;
      await expectTextFilter(probe.toUpperCase());
    });

    it('filters by text on the name, ignoring case', async () => {
      const agent = pickAgent(
        (user) => asciiOnly(user.name) && user.name.includes(' ') && !matchesText({ ...user, name: null }, user.name),
      );
      await expectTextFilter((agent.name as string).toUpperCase());
    });

    it('filters by text on an e-mail address, ignoring case', async () => {
      const agent = pickAgent((user) => (user.emails ?? []).some((email) => asciiOnly(email.address) && email.address.includes('@')));
      const address = (agent.emails ?? [])[0]?.address as string;
      // Usernames cannot hold '@', so this part of an address matches on e-mail addresses only.
      const domain = address.slice(address.indexOf('@'));
      const matches = await expectTextFilter(domain.toUpperCase());
      expect(idsOf(matches)).toContain(agent._id);
    });

    it('onlyAvailable=true keeps only available agents; "false" keeps everyone', async () => {
      const available = await api.listAll('agent', { onlyAvailable: 'true' });
      expect(sortedIds(available)).toEqual(sortedIds(allAgents.filter((user) => user.statusLivechat === 'available')));
      expect(available.every((user) => user.statusLivechat === 'available')).toBe(true);
      const everyone = await api.list('agent', { onlyAvailable: 'false', count: '1' });
      expect(everyone.total).toBe(allAgents.length);
    });

    it('excludeId leaves that user out', async () => {
      const excluded = allAgents[0] as ListItem;
      const rest = await api.listAll('agent', { excludeId: excluded._id });
      expect(sortedIds(rest)).toEqual(sortedIds(allAgents.filter((user) => user._id !== excluded._id)));
    });

    it('showIdleAgents=false drops offline users; "true" (the default) keeps them', async () => {
      const active = await api.listAll('agent', { showIdleAgents: 'false' });
      const activeIds = new Set(idsOf(active));
      const allIds = new Set(idsOf(allAgents));
      const present = allAgents.filter((item) => item.status !== null && item.status !== 'offline');
      for (const user of present) expect(activeIds.has(user._id)).toBe(true);
      for (const id of activeIds) expect(allIds.has(id)).toBe(true);
      const idle = await api.list('agent', { showIdleAgents: 'true', count: '1' });
      expect(idle.total).toBe(allAgents.length);
    });

    describeIf(offlineBotKnown, 'with a known offline bot agent', 'set CONTRACT_ROCKETCHAT_OFFLINE_BOT_USERNAME', () => {
      it('showIdleAgents=false keeps offline users with role bot', async () => {
        const username = target.fixtures.offlineBotAgentUsername as string;
        const bot = allAgents.find((user) => user.username === username);
        expect(bot?.status).toBe('offline');
        const active = await api.listAll('agent', { showIdleAgents: 'false' });
        expect(idsOf(active)).toContain(bot?._id);
      });
    });
  });

  describe('looking up one user', () => {
    it('returns the projection without roles or departments, agreeing with the list', async () => {
      for (const item of allAgents.slice(0, 5)) {
        const answer = await api.call<LookupBody>('GET', onePath('agent', item._id));
        expect(answer.status).toBe(200);
        expect(Object.keys(answer.body).sort()).toEqual(['success', 'user']);
        expect(answer.body.success).toBe(true);
        const user = answer.body.user as Record<string, unknown>;
        expect(user._id).toBe(item._id);
        for (const key of Object.keys(user)) expect(LOOKUP_KEYS).toContain(key);
        expect(user).not.toHaveProperty('roles');
        expect(user).not.toHaveProperty('departments');
      }
    });

    it('looks up managers the same way', async () => {
      const managers = await api.list('manager', { count: '3' });
      for (const item of managers.users) {
        const answer = await api.call<LookupBody>('GET', onePath('manager', item._id));
        expect(answer.status).toBe(200);
        expect(answer.body.user?._id).toBe(item._id);
        expect(answer.body.user).not.toHaveProperty('roles');
      }
    });

    it('answers an unknown id with 200 {user: null}, or 400 User not found on 7.x', async () => {
      for (const type of ['agent', 'manager'] as const) {
        const answer = await api.call('GET', onePath(type, unknownUserId()));
        expect({ status: answer.status, body: answer.body }).toEqual(answers.unknownIdOnGet);
      }
    });
  });

  describeWrites('granting and revoking roles', () => {
    let username: string;

    beforeAll(async () => {
      username = plainUsernameOf(target);
      await assertHoldsNoLivechatRole(api, username);
    });

    /** Grants the role, runs the check, and always revokes the role again. */
    async function withRole(type: UserType, check: (id: string, firstAnswer: RawAnswer) => Promise<void>): Promise<void> {
      const answer = await api.call<{ user?: { _id?: string } }>('POST', `${USERS_PATH}/${type}`, { json: { username } });
      const id = answer.body?.user?._id;
      try {
        expect(answer.status).toBe(200);
        expect(typeof id).toBe('string');
        await check(id as string, answer);
      } finally {
        if (typeof id === 'string') {
          const removed = await api.call('DELETE', onePath(type, id));
          expect({ status: removed.status, body: removed.body }).toEqual({ status: 200, body: { success: true } });
        }
      }
    }

    it.each(['agent', 'manager'] as const)('answers POST %s twice with 200 and the same {user:{_id, username}} body', async (type) => {
      await withRole(type, async (id, first) => {
        expect(first.body).toEqual({ user: { _id: id, username }, success: true });
        const again = await api.call('POST', `${USERS_PATH}/${type}`, { json: { username } });
        expect(again.status).toBe(200);
        expect(again.body).toEqual(first.body);
      });
    });

    it('makes a newly registered agent available', async () => {
      await withRole('agent', async (id) => {
        const lookup = await api.call<LookupBody>('GET', onePath('agent', id));
        expect(lookup.body.user).toMatchObject({ _id: id, username, statusLivechat: 'available' });
        const available = await api.list('agent', { text: username, onlyAvailable: 'true' });
        expect(idsOf(available.users)).toContain(id);
      });
    });

    it('answers {user: null} for an existing user who lacks the role', async () => {
      await withRole('agent', async (id) => {
        const asManager = await api.call('GET', onePath('manager', id));
        expect({ status: asManager.status, body: asManager.body }).toEqual({ status: 200, body: { user: null, success: true } });
      });
    });

    it('answers DELETE with 200 {success: true} for a user who does not hold the role', async () => {
      await withRole('agent', async (id) => {
        const notManager = await api.call('DELETE', onePath('manager', id));
        expect({ status: notManager.status, body: notManager.body }).toEqual({ status: 200, body: { success: true } });
      });
    });

    it('revokes the role: the user then looks up as {user: null} and leaves the list', async () => {
      let agentId = '';
      await withRole('agent', async (id) => {
        agentId = id;
        const listed = await api.list('agent', { text: username });
        expect(idsOf(listed.users)).toContain(id);
      });
      const lookup = await api.call('GET', onePath('agent', agentId));
      expect(lookup.body).toEqual({ user: null, success: true });
      const listed = await api.list('agent', { text: username });
      expect(idsOf(listed.users)).not.toContain(agentId);
      const again = await api.call('DELETE', onePath('agent', agentId));
      expect({ status: again.status, body: again.body }).toEqual({ status: 200, body: { success: true } });
    });
  });

  it('marks every answer Cache-Control: no-store', async () => {
    const answers = await Promise.all([
      api.call('GET', `${USERS_PATH}/agent?count=1`),
      api.call('GET', onePath('agent', unknownUserId())),
      api.call('GET', `${USERS_PATH}/agent`, { auth: null }),
      api.call('GET', `${USERS_PATH}/bogus`),
      api.call('DELETE', onePath('agent', unknownUserId())),
    ]);
    for (const answer of answers) expect(answer.headers['cache-control']).toBe('no-store');
  });

  function pickAgent(predicate: (user: ListItem) => boolean): ListItem {
    const agent = allAgents.find(predicate);
    if (!agent) throw new Error('the target has no agent suitable for this probe');
    return agent;
  }

  /** The server's matches for `text` are exactly those computed locally from the full list. */
  async function expectTextFilter(text: string): Promise<ListItem[]> {
    const expected = allAgents.filter((user) => matchesText(user, text));
    expect(expected.length).toBeGreaterThan(0);
    const matches = await api.listAll('agent', { text });
    expect(sortedIds(matches)).toEqual(sortedIds(expected));
    return matches;
  }
});

describeOnSimulator('Rocket.Chat livechat users API permissions', 'needs a token for a user without Livechat roles', () => {
  describe.each(TARGET_VERSIONS)('%s', (version) => {
    let target: Awaited<ReturnType<typeof openRocketChatSimulatorTarget>>;
    let api: RawRocketChat;
    let unprivileged: Credentials;
    let someAgentId: string;

    beforeAll(async () => {
      target = await openRocketChatSimulatorTarget({ version });
      api = new RawRocketChat(target);
      const userId = simulatorUserId(target.simulator, SIMULATOR_UNPRIVILEGED_USERNAME);
      unprivileged = { userId, authToken: target.simulator.issueToken(userId) };
      someAgentId = ((await api.list('agent', { count: '1' })).users[0] as ListItem)._id;
    });
    afterAll(async () => {
      await api?.close();
      await target?.close();
    });

    it.each(['agent', 'manager'] as const)('answers the %s list with the handler’s 403 (error-not-authorized; unauthorized on 7.x)', async (type) => {
      const answer = await api.call('GET', `${USERS_PATH}/${type}`, { auth: unprivileged });
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual(ANSWERS[version].listForbidden);
    });

    it('answers GET one, POST and DELETE with the route permission 403 [error-unauthorized]', async () => {
      const answers = await Promise.all([
        api.call('GET', onePath('agent', someAgentId), { auth: unprivileged }),
        api.call('POST', `${USERS_PATH}/agent`, { auth: unprivileged, json: { username: SIMULATOR_UNPRIVILEGED_USERNAME } }),
        api.call('DELETE', onePath('agent', someAgentId), { auth: unprivileged }),
      ]);
      for (const answer of answers) {
        expect({ status: answer.status, body: answer.body }).toEqual({ status: 403, body: ROUTE_FORBIDDEN_BODY });
      }
      // Nothing changed.
      const still = await api.call<LookupBody>('GET', onePath('agent', someAgentId));
      expect(still.body.user?._id).toBe(someAgentId);
    });

    it('validates a POST body before the route permission check, and checks the permission before the type', async () => {
      const invalidBody = await api.call('POST', `${USERS_PATH}/agent`, { auth: unprivileged, json: {} });
      expect({ status: invalidBody.status, body: invalidBody.body }).toEqual({ status: 400, body: MISSING_USERNAME_BODY });
      const bogusType = await api.call('GET', onePath('bogus', someAgentId), { auth: unprivileged });
      expect({ status: bogusType.status, body: bogusType.body }).toEqual({ status: 403, body: ROUTE_FORBIDDEN_BODY });
    });

    it('validates the list query before the list handler checks permissions', async () => {
      const answer = await api.call('GET', `${USERS_PATH}/agent?unknownKey=1`, { auth: unprivileged });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual(UNKNOWN_QUERY_KEY_BODY);
    });
  });
});

describeOnSimulator('Rocket.Chat livechat users API rate limiting', 'trips the rate limiter with a token for a manager without role bot', () => {
  let target: Awaited<ReturnType<typeof openRocketChatSimulatorTarget>>;
  let api: RawRocketChat;
  let manager: Credentials;

  // A fresh simulator per test: the limiter counts per route, method and client IP, not per user.
  beforeEach(async () => {
    target = await openRocketChatSimulatorTarget();
    api = new RawRocketChat(target);
    const userId = simulatorUserId(target.simulator, SIMULATOR_LIMITED_MANAGER_USERNAME);
    manager = { userId, authToken: target.simulator.issueToken(userId) };
  });
  afterEach(async () => {
    await api?.close();
    await target?.close();
  });

  it('answers the 11th call within the window with 429, the real error text and X-RateLimit headers', async () => {
    const path = `${USERS_PATH}/agent?count=1`;
    for (let call = 1; call <= 10; call += 1) {
      const answer = await api.call('GET', path, { auth: manager });
      expect(answer.status).toBe(200);
    }
    const before = Date.now();
    const limited = await api.call<{ success: boolean; error: string }>('GET', path, { auth: manager });
    expect(limited.status).toBe(429);
    expect(Object.keys(limited.body).sort()).toEqual(['error', 'success']);
    expect(limited.body.success).toBe(false);
    const wait = Number(TOO_MANY_REQUESTS.exec(limited.body.error)?.[1]);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect(limited.headers['x-ratelimit-limit']).toBe('10');
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    const reset = Number(limited.headers['x-ratelimit-reset']);
    expect(reset).toBeGreaterThan(before);
    expect(reset).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(limited.headers['cache-control']).toBe('no-store');
  });

  it('counts per route pattern and method: the other type shares the window, other routes do not', async () => {
    for (let call = 1; call <= 11; call += 1) await api.call('GET', `${USERS_PATH}/agent?count=1`, { auth: manager });
    const listAgain = await api.call('GET', `${USERS_PATH}/manager?count=1`, { auth: manager });
    expect(listAgain.status).toBe(429);
    const lookup = await api.call('GET', onePath('agent', manager.userId), { auth: manager });
    expect(lookup.status).toBe(200);
    const remove = await api.call('DELETE', onePath('agent', unknownUserId()), { auth: manager });
    expect(remove.status).toBe(400);
  });

  it('never limits the service account (role bot)', async () => {
    for (let call = 1; call <= 15; call += 1) {
      const answer = await api.call('GET', `${USERS_PATH}/agent?count=1`);
      expect(answer.status).toBe(200);
    }
  });
});

describeOnSimulator('Rocket.Chat livechat users API over the seeded workspace', 'asserts values of the simulator’s seed', () => {
  let target: Awaited<ReturnType<typeof openRocketChatSimulatorTarget>>;
  let api: RawRocketChat;

  beforeAll(async () => {
    // The seed plus 80 extra agents, so that more users match than one page can hold.
    const data = seedRocketChat();
    for (let i = 0; i < 80; i += 1) {
      data.users.push({
        _id: `ExtraAgent${String(i).padStart(7, '0')}`,
        username: `zz.extra${String(i).padStart(2, '0')}`,
        name: `Zz Extra ${i}`,
        status: 'online',
        statusLivechat: 'available',
        roles: ['user', 'livechat-agent'],
      });
    }
    target = await openRocketChatSimulatorTarget({ data });
    api = new RawRocketChat(target);
  });
  afterAll(async () => {
    await api?.close();
    await target?.close();
  });

  const agentsInState = (predicate: (user: SimUser) => boolean = () => true) =>
    target.simulator.state.allUsers().filter((user) => user.roles.includes('livechat-agent') && predicate(user));

  it('returns 50 users by default and at most 100 when more match', async () => {
    const total = agentsInState().length;
    expect(total).toBeGreaterThan(100);
    const byDefault = await api.list('agent');
    expect({ count: byDefault.count, length: byDefault.users.length, total: byDefault.total }).toEqual({ count: 50, length: 50, total });
    const capped = await api.list('agent', { count: '1000' });
    expect({ count: capped.count, length: capped.users.length, total: capped.total }).toEqual({ count: 100, length: 100, total });
  });

  it('lists a user without name, e-mail or chat limit with nulls for the missing fields', async () => {
    const body = await api.list('agent', { text: 'no.name' });
    const item = body.users.find((user) => user.username === 'no.name');
    expect(item).toEqual({
      _id: simulatorUserId(target.simulator, 'no.name'),
      username: 'no.name',
      name: null,
      status: 'online',
      statusLivechat: 'available',
      emails: null,
      livechat: null,
      departments: [],
    });
  });

  it('lists a user without presence with status null', async () => {
    const body = await api.list('agent', { text: 'legacy.import' });
    expect(body.users.find((user) => user.username === 'legacy.import')).toMatchObject({
      status: null,
      statusLivechat: null,
      emails: null,
      livechat: { maxNumberSimultaneousChat: '3' },
    });
  });

  it('looks up the same user with the missing fields omitted', async () => {
    const id = simulatorUserId(target.simulator, 'no.name');
    const answer = await api.call('GET', onePath('agent', id));
    expect(answer.body).toEqual({ user: { _id: id, username: 'no.name', status: 'online', statusLivechat: 'available' }, success: true });
  });

  it('showIdleAgents=false keeps exactly the users with a presence other than offline, plus the bots', async () => {
    const active = await api.listAll('agent', { showIdleAgents: 'false' });
    const expected = agentsInState((user) => (user.status !== undefined && user.status !== 'offline') || user.roles.includes('bot'));
    expect(sortedIds(active)).toEqual(expected.map((user) => user._id).sort());
    expect(idsOf(active)).toContain(simulatorUserId(target.simulator, 'dialog.bot'));
    // A user with no presence at all is dropped too.
    expect(idsOf(active)).not.toContain(simulatorUserId(target.simulator, 'legacy.import'));
  });

  it('sorts by name ascending by default', async () => {
    const body = await api.list('agent', { text: 'zz extra 1' });
    expect(body.users.map((user) => user.name)).toEqual([
      'Zz Extra 1',
      ...Array.from({ length: 10 }, (_, i) => `Zz Extra 1${i}`),
    ]);
  });

  it('reports departments as an array of department ids', async () => {
    const all: ListBody = await api.list('agent', { count: '100' });
    const departmentIds = new Set(target.simulator.state.departments.map((department) => department._id));
    const withDepartments = all.users.filter((user) => user.departments.length > 0);
    expect(withDepartments.length).toBeGreaterThan(0);
    for (const user of withDepartments) {
      for (const id of user.departments) expect(departmentIds.has(id)).toBe(true);
      expect(user.departments).toEqual(target.simulator.state.departmentIdsOf(user._id));
    }
  });
});

/** One list item: exactly the documented keys, each null or of its documented type. */
function expectListItem(user: ListItem): void {
  expect(Object.keys(user).sort()).toEqual(LIST_ITEM_KEYS);
  expect(typeof user._id).toBe('string');
  expect(user.username === null || typeof user.username === 'string').toBe(true);
  expect(user.name === null || typeof user.name === 'string').toBe(true);
  expect([null, 'online', 'away', 'busy', 'offline']).toContain(user.status);
  expect([null, 'available', 'not-available']).toContain(user.statusLivechat);
  if (user.emails !== null) {
    expect(Array.isArray(user.emails)).toBe(true);
    for (const email of user.emails) {
      expect(Object.keys(email).sort()).toEqual(['address', 'verified']);
      expect(typeof email.address).toBe('string');
      expect(typeof email.verified).toBe('boolean');
    }
  }
  if (user.livechat !== null) {
    expect(typeof user.livechat).toBe('object');
    const limit = user.livechat.maxNumberSimultaneousChat;
    expect(limit === undefined || typeof limit === 'number' || typeof limit === 'string').toBe(true);
  }
  expect(Array.isArray(user.departments)).toBe(true);
  for (const id of user.departments) expect(typeof id).toBe('string');
}

function asciiOnly(value: string | null): value is string {
  return typeof value === 'string' && /^[\x20-\x7e]+$/.test(value);
}
