import type { Logger } from 'pino';
import type { CustomerCareUserModel, CustomerCareUserSearch, NewCustomerCareUser } from '../../src/platforms/imi/models.js';
import { ErrorCode } from '../../src/errors.js';
import { createUpstreamPool } from '../../src/upstream/upstream-http.js';
import { createLogger } from '../../src/logger.js';
import { DEFAULT_IMI_HEADER_NAMES, ImiSession, createImiClient, type ImiAuth, type ImiClient } from '../../src/platforms/imi/index.js';
import { FIRST_SEED_ID } from '../../src/simulators/imi/seed.js';
import { startImiSimulator, type ImiSimulator, type ImiSimulatorOptions } from '../../src/simulators/imi/server.js';
import type { SimImiUser } from '../../src/simulators/imi/state.js';
import { capturingLogger } from '../support/logger.js';
import { rejectionOf } from '../support/errors';
import { RESILIENCE_DEFAULTS } from '../../src/config/index';
import { within } from '../support/scope';

/**
 * The gateway's IMI client against the IMI simulator over real HTTP: it must read every answer the
 * platform gives as documented in shared/upstreams/imi.md, and spend upstream calls (counted in the
 * simulator's request log) exactly as the design says.
 */

const PASSWORD = 'Sup3r-secret-password!';
const deadline = () => within(5_000);

interface Opened {
  client: ImiClient;
  close(): Promise<void>;
}

let sim: ImiSimulator;
const opened: Opened[] = [];

async function startSim(options: ImiSimulatorOptions = {}): Promise<ImiSimulator> {
  sim = await startImiSimulator({ host: '127.0.0.1', port: 0, ...options });
  return sim;
}

/** A client as the gateway builds one: its own keep-alive pool. API-key mode unless told otherwise. */
function openClient(options: { auth?: ImiAuth; teamId?: string; logger?: Logger } = {}): ImiClient {
  const url = new URL(sim.url);
  const dispatcher = createUpstreamPool(url.origin, { connections: 8, connectTimeoutMs: 2_000, maxResponseBytes: 1024 * 1024 });
  const auth = options.auth ?? { kind: 'api-key', apiKey: sim.apiKey, domain: sim.domain };
  const connection = { url, teamId: options.teamId ?? sim.teamId, auth, headerNames: DEFAULT_IMI_HEADER_NAMES, dispatcher };
  const client = createImiClient(connection, options.logger ?? createLogger('silent'), RESILIENCE_DEFAULTS);
  opened.push({ client, close: () => dispatcher.close() });
  return client;
}

const calls = (method: string, pathPrefix: string) => sim.log.list({ method, pathPrefix }).length;
const authorizeCalls = () => calls('GET', '/v3.1/authorize');

function newUser(overrides: Partial<NewCustomerCareUser> = {}): NewCustomerCareUser {
  return {
    firstName: 'Nora',
    lastName: 'Nuevo',
    loginId: 'nora.nuevo',
    email: 'nora.nuevo@example.com',
    password: PASSWORD,
    jobDescription: 'Agent',
    loginUsingEmail: true,
    privileges: [{ teamId: '102', role: 'TEAM_AGENT' }],
    skillAttributes: { business: 'Banking', location: 'Lima' },
    ...overrides,
  };
}

/** Every page of a search, as the client reads them. */
async function allPages(client: ImiClient, search: CustomerCareUserSearch): Promise<CustomerCareUserModel[]> {
  const users: CustomerCareUserModel[] = [];
  for (let page = 1; ; page += 1) {
    const found = await client.searchUsers(search, page, deadline());
    users.push(...found);
    if (found.length < 10) return users;
  }
}

const idsWhere = (keep: (user: SimImiUser) => boolean) => sim.state.allUsers().filter(keep).map((user) => String(user.id));

afterEach(async () => {
  await Promise.all(opened.splice(0).map((entry) => entry.close()));
  await sim?.close();
});

describe('ImiClient.getUser', () => {
  beforeEach(() => startSim());

  it('maps a seeded user from the detail view, timestamps as ISO 8601 UTC', async () => {
    const seeded = sim.state.userById(FIRST_SEED_ID) as SimImiUser;
    const user = await openClient().getUser(String(FIRST_SEED_ID), deadline());
    expect(user).toEqual({
      id: String(FIRST_SEED_ID),
      firstName: seeded.first_name,
      lastName: seeded.last_name,
      loginId: seeded.login_id,
      email: seeded.email_id,
      status: 'ACTIVE',
      acceptingChats: seeded.accepting_chats,
      activeChats: seeded.active_chats,
      createdAt: new Date(seeded.createdAt).toISOString(),
      updatedAt: new Date(seeded.updatedAt).toISOString(),
      details: {
        loggedIn: seeded.logged_in,
        jobDescription: seeded.job_description,
        loginUsingEmail: seeded.login_using_email,
        roleType: 'CUSTOMER_CARE',
        skillAttributes: seeded.skill_attributes,
      },
    });
  });

  it('reads Administrative users, which exist although they cannot be created', async () => {
    const admin = sim.state.allUsers().find((user) => user.role_type === 'Administrative') as SimImiUser;
    expect((await openClient().getUser(String(admin.id), deadline()))?.details?.roleType).toBe('ADMINISTRATIVE');
  });

  it('answers null for an absent user', async () => {
    await expect(openClient().getUser('999999', deadline())).resolves.toBeNull();
    expect(calls('GET', '/v3.1/users/999999')).toBe(1);
  });

  it('answers null for a non-numeric id without any call', async () => {
    const client = openClient();
    await expect(client.getUser('../authorize', deadline())).resolves.toBeNull();
    await expect(client.getUser('abc', deadline())).resolves.toBeNull();
    expect(sim.log.list()).toHaveLength(0);
  });
});

describe('ImiClient.searchUsers', () => {
  beforeEach(() => startSim());

  it('pages ten users at a time in id order: page 3 is partial and page 4 empty', async () => {
    const client = openClient();
    const pages = [];
    for (let page = 1; page <= 4; page += 1) pages.push(await client.searchUsers({}, page, deadline()));
    expect(pages.map((page) => page.length)).toEqual([10, 10, 7, 0]);
    expect(pages.flat().map((user) => user.id)).toEqual(idsWhere(() => true));
    expect(pages.flat().every((user) => user.details === null)).toBe(true);
  });

  it.each<[string, CustomerCareUserSearch, (user: SimImiUser) => boolean]>([
    ['status', { status: 'INACTIVE' }, (user) => user.status === 'inactive'],
    ['acceptingChats', { acceptingChats: true }, (user) => user.accepting_chats],
    ['activeChats lt/gte', { activeChats: { gte: 1, lt: 3 } }, (user) => user.active_chats >= 1 && user.active_chats < 3],
    ['activeChats gt/lte', { activeChats: { gt: 3, lte: 5 } }, (user) => user.active_chats > 3 && user.active_chats <= 5],
    [
      'createdAt gte/lt',
      { createdAt: { gte: '2024-01-01T00:00:00Z', lt: '2025-01-01T00:00:00Z' } },
      (user) => user.createdAt >= Date.UTC(2024, 0, 1) && user.createdAt < Date.UTC(2025, 0, 1),
    ],
    ['createdAt gt/lte', { createdAt: { gt: '2023-06-01T00:00:00Z', lte: '2023-12-31T23:59:59Z' } }, (user) => user.createdAt > Date.UTC(2023, 5, 1) && user.createdAt <= Date.UTC(2023, 11, 31, 23, 59, 59)],
    ['updatedAt gte', { updatedAt: { gte: '2025-01-01T00:00:00+00:00' } }, (user) => user.updatedAt >= Date.UTC(2025, 0, 1)],
    [
      'every filter at once',
      { status: 'ACTIVE', acceptingChats: true, activeChats: { lte: 4 }, createdAt: { gte: '2023-03-01T00:00:00Z' } },
      (user) => user.status === 'active' && user.accepting_chats && user.active_chats <= 4 && user.createdAt >= Date.UTC(2023, 2, 1),
    ],
  ])('filters by %s exactly as the platform does', async (_name, search, keep) => {
    const expected = idsWhere(keep);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(27);
    expect((await allPages(openClient(), search)).map((user) => user.id)).toEqual(expected);
  });

  it('finds one user by exact creation time', async () => {
    const seeded = sim.state.allUsers()[4] as SimImiUser;
    const found = await openClient().searchUsers({ createdAt: { eq: new Date(seeded.createdAt).toISOString() } }, 1, deadline());
    expect(found.map((user) => user.id)).toEqual([String(seeded.id)]);
  });
});

describe('ImiClient.createUser', () => {
  beforeEach(() => startSim());

  it('creates a Customer Care user and answers it without the password', async () => {
    const client = openClient();
    const result = await client.createUser(newUser(), deadline());
    expect(result).toMatchObject({
      kind: 'created',
      user: {
        loginId: 'nora.nuevo',
        email: 'nora.nuevo@example.com',
        status: 'ACTIVE',
        acceptingChats: false,
        activeChats: 0,
        details: { loggedIn: false, roleType: 'CUSTOMER_CARE', loginUsingEmail: true, skillAttributes: { business: 'Banking', location: 'Lima' } },
      },
    });
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    const id = result.kind === 'created' ? result.user.id : '';
    await expect(client.getUser(id, deadline())).resolves.toEqual(result.kind === 'created' ? result.user : null);
    const stored = sim.state.userById(Number(id)) as SimImiUser;
    expect(stored.privileges).toEqual([{ teamid: 102, role: 'Team Agent' }]);
    expect(JSON.stringify(stored)).not.toContain(PASSWORD);
  });

  it.each<[string, Partial<NewCustomerCareUser>, unknown]>([
    ['a taken login id (3102)', { loginId: 'ana.acosta' }, { reason: 'USER_ALREADY_EXISTS' }],
    ['a taken e-mail in another case (3111)', { email: 'ANA.ACOSTA@example.com' }, { reason: 'EMAIL_TAKEN' }],
    ['an invalid business (3107)', { skillAttributes: { business: 'Mining' } }, { reason: 'INVALID_ATTRIBUTE', attribute: 'business' }],
    ['an invalid location (3110)', { skillAttributes: { location: 'Atlantis' } }, { reason: 'INVALID_ATTRIBUTE', attribute: 'location' }],
    ['an unknown privilege team (2010)', { privileges: [{ teamId: '999', role: 'TEAM_MANAGER' }] }, { reason: 'TEAM_NOT_FOUND' }],
    ['an e-mail that is not one (3115)', { email: 'not-an-email' }, { reason: 'INVALID_REQUEST' }],
    ['no privileges (3115)', { privileges: [] }, { reason: 'INVALID_REQUEST' }],
  ])('returns %s as a rejection and creates nobody', async (_name, overrides, rejection) => {
    const before = sim.state.allUsers().length;
    await expect(openClient().createUser(newUser(overrides), deadline())).resolves.toEqual({ kind: 'rejected', rejection });
    expect(sim.state.allUsers()).toHaveLength(before);
    expect(calls('POST', '/v3.1/users')).toBe(1);
  });

  it('does not repeat a create whose connection dropped after sending: UPSTREAM_OUTCOME_UNKNOWN, and the user exists', async () => {
    sim.faults.add({ method: 'POST', path: '/v3.1/users', times: 1, effect: { kind: 'drop' } });
    const error = await rejectionOf(openClient().createUser(newUser(), deadline()));
    expect(error.code).toBe(ErrorCode.UPSTREAM_OUTCOME_UNKNOWN);
    expect(calls('POST', '/v3.1/users')).toBe(1);
    expect(sim.state.userByLoginId('nora.nuevo')).toMatchObject({ login_id: 'nora.nuevo', status: 'active' });
  });

  it('does not repeat a create that timed out: UPSTREAM_OUTCOME_UNKNOWN', async () => {
    sim.faults.add({ method: 'POST', path: '/v3.1/users', times: 1, effect: { kind: 'hang' } });
    const error = await rejectionOf(openClient().createUser(newUser(), within(300)));
    expect(error.code).toBe(ErrorCode.UPSTREAM_OUTCOME_UNKNOWN);
    expect(calls('POST', '/v3.1/users')).toBe(1);
  });

  it('repeats a create once after an auth refusal (IMI did not act), creating one user', async () => {
    const client = openClient();
    await client.getUser(String(FIRST_SEED_ID), deadline());
    sim.expireTokens();
    await expect(client.createUser(newUser(), deadline())).resolves.toMatchObject({ kind: 'created' });
    expect(sim.log.list({ method: 'POST', pathPrefix: '/v3.1/users' }).map((entry) => entry.status)).toEqual([401, 200]);
    expect(authorizeCalls()).toBe(2);
    expect(sim.state.allUsers().filter((user) => user.login_id === 'nora.nuevo')).toHaveLength(1);
  });
});

describe('ImiClient tokens and failures', () => {
  it('mints a token once and reuses it across calls', async () => {
    await startSim();
    const client = openClient();
    await client.getUser(String(FIRST_SEED_ID), deadline());
    await client.searchUsers({}, 1, deadline());
    await client.getUser(String(FIRST_SEED_ID + 1), deadline());
    expect(authorizeCalls()).toBe(1);
  });

  it('after the tokens expire, renews once and retries each of 5 concurrent calls once', async () => {
    await startSim();
    const client = openClient();
    await client.getUser(String(FIRST_SEED_ID), deadline());
    sim.log.clear();
    sim.expireTokens();
    const ids = [1, 2, 3, 4, 5].map((offset) => String(FIRST_SEED_ID + offset));
    const users = await Promise.all(ids.map((id) => client.getUser(id, deadline())));
    expect(users.map((user) => user?.id)).toEqual(ids);
    expect(authorizeCalls()).toBe(1);
    const gets = sim.log.list({ method: 'GET', pathPrefix: '/v3.1/users/' });
    expect(gets.filter((entry) => entry.status === 401)).toHaveLength(5);
    expect(gets.filter((entry) => entry.status === 200)).toHaveLength(5);
  });

  it('in static-token mode answers an expired token with UPSTREAM_UNAUTHORIZED and never calls authorize', async () => {
    await startSim();
    const client = openClient({ auth: { kind: 'access-token', accessToken: sim.accessToken } });
    await expect(client.getUser(String(FIRST_SEED_ID), deadline())).resolves.not.toBeNull();
    sim.expireTokens();
    expect((await rejectionOf(client.getUser(String(FIRST_SEED_ID), deadline()))).code).toBe(ErrorCode.UPSTREAM_UNAUTHORIZED);
    expect(authorizeCalls()).toBe(0);
  });

  it('maps a wrong API key to UPSTREAM_UNAUTHORIZED', async () => {
    await startSim();
    const client = openClient({ auth: { kind: 'api-key', apiKey: 'wrong-key', domain: sim.domain } });
    expect((await rejectionOf(client.searchUsers({}, 1, deadline()))).code).toBe(ErrorCode.UPSTREAM_UNAUTHORIZED);
    expect(calls('POST', '/v3.1/users/search')).toBe(0);
  });

  it('maps an unknown configured team on a read to UPSTREAM_UNAUTHORIZED naming the team id', async () => {
    await startSim();
    const error = await rejectionOf(openClient({ teamId: '999' }).getUser(String(FIRST_SEED_ID), deadline()));
    expect(error.code).toBe(ErrorCode.UPSTREAM_UNAUTHORIZED);
    expect(error.message).toMatch(/team id/);
  });

  it('maps 2099 (method not allowed) to INTERNAL_SERVER_ERROR and logs it', async () => {
    await startSim();
    const { logger, lines } = capturingLogger();
    sim.faults.add({ path: '/v3.1/users/search', times: 1, effect: { kind: 'status', status: 405 } });
    const error = await rejectionOf(openClient({ logger }).searchUsers({}, 1, deadline()));
    expect(error.code).toBe(ErrorCode.INTERNAL_SERVER_ERROR);
    expect(lines.some((line) => line.includes('"level":50') && line.includes('"statusCode":2099'))).toBe(true);
  });

  it('maps an exhausted daily quota to UPSTREAM_RATE_LIMITED with retryAfterMs, warning while it runs low', async () => {
    await startSim({ dailyQuota: 4 });
    const { logger, lines } = capturingLogger();
    const client = openClient({ logger });
    await client.getUser(String(FIRST_SEED_ID), deadline()); // authorize + get
    await client.getUser(String(FIRST_SEED_ID), deadline());
    await client.getUser(String(FIRST_SEED_ID), deadline()); // the 4th call: none left
    const error = await rejectionOf(client.getUser(String(FIRST_SEED_ID), deadline()));
    expect(error.code).toBe(ErrorCode.UPSTREAM_RATE_LIMITED);
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(86_400_000);
    expect(lines.some((line) => line.includes('"level":40') && line.includes('"rateLimitRemaining":0'))).toBe(true);
  });

  it('puts no secret or password in any thrown message or log line', async () => {
    await startSim();
    const { logger, lines } = capturingLogger();
    const client = openClient({ logger });
    const thrown: string[] = [];
    const note = (error: unknown) => void thrown.push(`${String(error)} ${JSON.stringify(error)}`);
    await client.createUser(newUser(), deadline());
    await client.createUser(newUser(), deadline());
    sim.expireTokens();
    await client.createUser(newUser({ loginId: 'other', email: 'other@example.com' }), deadline());
    await openClient({ logger, teamId: '999' }).getUser(String(FIRST_SEED_ID), deadline()).catch(note);
    await openClient({ logger, auth: { kind: 'access-token', accessToken: sim.accessToken } }).getUser('5001', deadline()).catch(note);
    sim.faults.add({ method: 'POST', times: 1, effect: { kind: 'drop' } });
    await client.createUser(newUser({ loginId: 'third', email: 'third@example.com' }), deadline()).catch(note);
    expect(thrown).toHaveLength(3);
    const everything = `${lines.join('\n')}\n${thrown.join('\n')}`;
    const credential = Buffer.from(`${sim.apiKey}@${sim.domain}`).toString('base64');
    for (const secret of [PASSWORD, sim.apiKey, credential, sim.accessToken]) expect(everything).not.toContain(secret);
    expect(lines.length).toBeGreaterThan(5);
  });
});

describe('ImiSession over the simulator', () => {
  beforeEach(() => startSim());

  it('costs one call per distinct user, one per search page, and none for a user it just created', async () => {
    const session = new ImiSession(openClient(), deadline());
    const first = String(FIRST_SEED_ID);
    await Promise.all([session.customerCareUser(first), session.customerCareUser(first), session.customerCareUser('5002')]);
    await session.searchCustomerCareUsers({ status: 'ACTIVE' }, 1);
    await session.searchCustomerCareUsers({ status: 'ACTIVE' }, 1);
    const created = await session.createCustomerCareUser(newUser());
    const id = created.kind === 'created' ? created.user.id : '';
    await expect(session.customerCareUser(id)).resolves.toMatchObject({ loginId: 'nora.nuevo' });
    expect(calls('GET', '/v3.1/users/')).toBe(2);
    expect(calls('POST', '/v3.1/users/search')).toBe(1);
    expect(calls('POST', '/v3.1/users')).toBe(2);
  });
});
