import type { IncomingHttpHeaders } from 'node:http';
import { Agent, request } from 'undici';
import { FIRST_SEED_ID, SEED_BUSINESS_VALUES, SEED_LOCATIONS } from '../../src/simulators/imi/seed.js';
import { startImiSimulator, type ImiSimulator, type ImiSimulatorOptions } from '../../src/simulators/imi/server.js';

/**
 * The IMI v3.1 users API as shared/upstreams/imi.md documents it, asserted over plain HTTP against the
 * simulator: envelopes, status codes, headers, validation. A lenient simulator would hide gateway bugs,
 * so these tests prove it refuses what the platform refuses.
 */

interface Envelope {
  status_code: number;
  description: string;
  response: unknown;
}

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  body: Envelope;
  text: string;
}

const LIST_KEYS = ['accepting_chats', 'active_chats', 'created_at', 'email_id', 'first_name', 'id', 'last_name', 'login_id', 'status', 'updated_at'];
const DETAIL_KEYS = [...LIST_KEYS, 'job_description', 'logged_in', 'login_using_email', 'role_type', 'skill_attributes'].sort();
const IMI_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

let sim: ImiSimulator;
let agent: Agent;
let clock: number;

async function start(options: ImiSimulatorOptions = {}): Promise<void> {
  sim = await startImiSimulator({ host: '127.0.0.1', port: 0, now: () => clock, ...options });
}

beforeEach(() => {
  clock = Date.UTC(2025, 5, 1, 12, 0, 0);
  agent = new Agent({ keepAliveTimeout: 1_000 });
});
afterEach(async () => {
  await agent.close();
  await sim?.close();
});

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

async function call(method: Method, path: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<Raw> {
  const answer = await request(`${sim.url}${path}`, { method, headers: options.headers, body: options.body, dispatcher: agent });
  const text = await answer.body.text();
  return { status: answer.statusCode, headers: answer.headers, body: JSON.parse(text) as Envelope, text };
}

const keyHeader = (key = sim.apiKey, domain = sim.domain) => ({ key: Buffer.from(`${key}@${domain}`).toString('base64') });

async function mint(): Promise<string> {
  const answer = await call('GET', '/v3.1/authorize', { headers: keyHeader() });
  return answer.headers.access_token as string;
}

/** Headers of an authenticated resource call; JSON content type when a body is sent. */
function auth(token: string, team = sim.teamId): Record<string, string> {
  return { access_token: token, teamid: team, 'content-type': 'application/json' };
}

const expectCode = (answer: Raw, status: number, code: number) => {
  expect([answer.status, answer.body.status_code]).toEqual([status, code]);
  expect(typeof answer.body.description).toBe('string');
};

const validUser = () => ({
  first_name: 'Nora',
  last_name: 'Nuevo',
  login_id: 'nora.nuevo',
  email_id: 'nora@example.com',
  password: 'Secret-pass-1',
  privileges: [{ teamid: 102, role: 'Team Agent' }],
});

describe('GET /v3.1/authorize', () => {
  beforeEach(() => start());

  it('returns the token in the access_token response header with the Rate-Limit headers', async () => {
    const answer = await call('GET', '/v3.1/authorize', { headers: keyHeader() });
    expect(answer.status).toBe(200);
    expect(answer.headers.access_token).toEqual(expect.any(String));
    expect(answer.text).not.toContain(answer.headers.access_token as string);
    for (const name of ['rate-limit-limit', 'rate-limit-remaining', 'rate-limit-reset']) expect(answer.headers[name]).toMatch(/^\d+$/);
  });

  it('refuses a missing key header with 2002 and a wrong key or domain with 2003', async () => {
    expectCode(await call('GET', '/v3.1/authorize'), 400, 2002);
    expectCode(await call('GET', '/v3.1/authorize', { headers: keyHeader('wrong') }), 400, 2003);
    expectCode(await call('GET', '/v3.1/authorize', { headers: keyHeader(sim.apiKey, 'other-domain') }), 400, 2003);
    expectCode(await call('GET', '/v3.1/authorize', { headers: { key: sim.apiKey } }), 400, 2003);
  });

  it('keeps earlier tokens valid when minting a new one, until they expire', async () => {
    await sim.close();
    await start({ tokenTtlMs: 60_000 });
    const first = await mint();
    clock += 30_000;
    const second = await mint();
    expect(second).not.toBe(first);
    expectCode(await call('GET', `/v3.1/users/${FIRST_SEED_ID}`, { headers: auth(first) }), 200, 4306);
    clock += 30_000;
    expectCode(await call('GET', `/v3.1/users/${FIRST_SEED_ID}`, { headers: auth(first) }), 401, 2004);
    expectCode(await call('GET', `/v3.1/users/${FIRST_SEED_ID}`, { headers: auth(second) }), 200, 4306);
  });
});

describe('resource call checks', () => {
  let token: string;
  beforeEach(async () => {
    await start();
    token = await mint();
  });

  const path = `/v3.1/users/${FIRST_SEED_ID}`;

  it('answers 2002 when the token or team header is missing', async () => {
    expectCode(await call('GET', path, { headers: { teamid: sim.teamId } }), 400, 2002);
    expectCode(await call('GET', path, { headers: { access_token: token } }), 400, 2002);
  });

  it('answers 2003 for an unknown token and 2004 (HTTP 401) for an expired one', async () => {
    expectCode(await call('GET', path, { headers: auth('made-up-token') }), 400, 2003);
    sim.expireTokens();
    expectCode(await call('GET', path, { headers: auth(token) }), 401, 2004);
    expectCode(await call('GET', path, { headers: auth(sim.accessToken) }), 401, 2004);
  });

  it('answers 2010 (HTTP 404) for a team id it does not know', async () => {
    expectCode(await call('GET', path, { headers: auth(token, '999') }), 404, 2010);
    expectCode(await call('GET', path, { headers: auth(token, 'abc') }), 404, 2010);
  });

  it.each<[Method, string]>([
    ['DELETE', `/v3.1/users/${FIRST_SEED_ID}`],
    ['PUT', `/v3.1/users/${FIRST_SEED_ID}`],
    ['GET', '/v3.1/users/search'],
    ['GET', '/v3.1/users'],
    ['POST', '/v3.1/authorize'],
  ])('answers 2099 (HTTP 405) to %s %s', async (method, target) => {
    expectCode(await call(method, target, { headers: auth(token) }), 405, 2099);
  });

  it('accepts the pre-issued static token', async () => {
    expectCode(await call('GET', path, { headers: auth(sim.accessToken) }), 200, 4306);
  });

  it('reads the header names it is configured with', async () => {
    await sim.close();
    await start({ headerNames: { token: 'x-imi-token', team: 'x-imi-team', apiKey: 'x-imi-key' } });
    const minted = await call('GET', '/v3.1/authorize', { headers: { 'x-imi-key': keyHeader().key } });
    expect(minted.status).toBe(200);
    const headers = { 'x-imi-token': minted.headers.access_token as string, 'x-imi-team': sim.teamId };
    expectCode(await call('GET', path, { headers }), 200, 4306);
    expectCode(await call('GET', path, { headers: auth(minted.headers.access_token as string) }), 400, 2002);
  });
});

describe('daily quota', () => {
  it('counts every request down in Rate-Limit-Remaining and answers 429 until the day is over', async () => {
    await start({ dailyQuota: 3 });
    const get = () => call('GET', `/v3.1/users/${FIRST_SEED_ID}`, { headers: auth(sim.accessToken) });
    const first = await get();
    expect([first.headers['rate-limit-limit'], first.headers['rate-limit-remaining']]).toEqual(['3', '2']);
    expect((await get()).headers['rate-limit-remaining']).toBe('1');
    expect((await get()).headers['rate-limit-remaining']).toBe('0');
    const refused = await get();
    expect(refused.status).toBe(429);
    expect(refused.headers['rate-limit-remaining']).toBe('0');
    // 12:00 UTC: the quota resets at midnight, 12 hours on.
    expect(refused.headers['rate-limit-reset']).toBe(String(12 * 3600));
    clock += 12 * 3600 * 1000;
    expectCode(await get(), 200, 4306);
  });
});

describe('GET /v3.1/users/{id}', () => {
  let token: string;
  beforeEach(async () => {
    await start();
    token = await mint();
  });

  it('answers 4306 with the documented user object', async () => {
    const answer = await call('GET', `/v3.1/users/${FIRST_SEED_ID}`, { headers: auth(token) });
    expectCode(answer, 200, 4306);
    const user = answer.body.response as Record<string, unknown>;
    expect(Object.keys(user).sort()).toEqual(DETAIL_KEYS);
    expect(user).toMatchObject({ id: FIRST_SEED_ID, role_type: 'Customer Care', created_at: expect.stringMatching(IMI_TIME) });
  });

  it('serves the Administrative users too', async () => {
    const roles = new Set<unknown>();
    for (let id = FIRST_SEED_ID; id < FIRST_SEED_ID + 27; id += 1) {
      roles.add((((await call('GET', `/v3.1/users/${id}`, { headers: auth(token) })).body.response ?? {}) as Record<string, unknown>).role_type);
    }
    expect([...roles].sort()).toEqual(['Administrative', 'Customer Care']);
  });

  it('answers an unknown or non-numeric id with HTTP 404, status_code 3101 (the simulator\'s unverified choice)', async () => {
    for (const id of ['999999', 'abc', '-1', '12ab']) {
      const answer = await call('GET', `/v3.1/users/${id}`, { headers: auth(token) });
      expect(answer.body).toEqual({ status_code: 3101, description: 'User not found', response: null });
      expect(answer.status).toBe(404);
    }
  });
});

describe('POST /v3.1/users/search', () => {
  let token: string;
  beforeEach(async () => {
    await start();
    token = await mint();
  });

  const search = (query: string, body: unknown) =>
    call('POST', `/v3.1/users/search${query}`, { headers: auth(token), body: typeof body === 'string' ? body : JSON.stringify(body) });

  /** The documented Users List object: `response: { users: [...] }`. */
  const usersOf = (answer: { body: { response?: unknown } }) => {
    const response = answer.body.response as { users?: unknown };
    expect(Object.keys(response)).toEqual(['users']);
    return response.users as Array<Record<string, unknown>>;
  };

  it('answers 4307 with a Users List object: ten users per page in id order, in the list view, empty past the end', async () => {
    const pages = [];
    for (const page of [1, 2, 3, 4]) pages.push(usersOf(await search(`?page=${page}`, { filters: {} })));
    expect(pages.map((page) => page.length)).toEqual([10, 10, 7, 0]);
    const ids = pages.flat().map((user) => user.id as number);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    for (const user of pages.flat()) expect(Object.keys(user).sort()).toEqual(LIST_KEYS);
  });

  it('reads a missing page as page 1', async () => {
    expect((await search('', { filters: {} })).body).toEqual((await search('?page=1', { filters: {} })).body);
  });

  it.each(['?page=0', '?page=-1', '?page=abc', '?page=1.5'])('refuses %s with 3115', async (query) => {
    expectCode(await search(query, { filters: {} }), 400, 3115);
  });

  it('refuses an empty body with 3114', async () => {
    expectCode(await search('?page=1', ''), 400, 3114);
  });

  it.each<[string, unknown]>([
    ['body that is not JSON', '{filters'],
    ['unknown top-level key', { filters: {}, sort: 'id' }],
    ['filters that are not an object', { filters: [] }],
    ['unknown field', { filters: { team: { eq: 101 } } }],
    ['operator the field lacks', { filters: { status: { lt: 'active' } } }],
    ['unknown operator', { filters: { created_at: { after: '2024-01-01T00:00:00Z' } } }],
    ['empty operator object', { filters: { active_chats: {} } }],
    ['unknown status', { filters: { status: { eq: 'ACTIVE' } } }],
    ['non-boolean accepting_chats', { filters: { accepting_chats: { eq: 'true' } } }],
    ['eq on active_chats', { filters: { active_chats: { eq: 2 } } }],
    ['fractional active_chats', { filters: { active_chats: { lt: 2.5 } } }],
    ['date without time zone', { filters: { created_at: { gte: '2024-01-01 00:00:00' } } }],
    ['unreadable date', { filters: { updated_at: { lt: 'yesterday' } } }],
  ])('refuses a %s with 3115', async (_name, body) => {
    expectCode(await search('?page=1', body), 400, 3115);
  });

  it('applies every operator it accepts', async () => {
    const body = { filters: { status: { eq: 'active' }, accepting_chats: { eq: true }, active_chats: { gt: 0, lte: 4 }, created_at: { gte: '2023-06-01T00:00:00Z' } } };
    const users = usersOf(await search('?page=1', body));
    expect(users.length).toBeGreaterThan(0);
    for (const user of users) {
      expect(user).toMatchObject({ status: 'active', accepting_chats: true });
      expect(user.active_chats as number).toBeGreaterThan(0);
      expect(user.active_chats as number).toBeLessThanOrEqual(4);
      expect(`${user.created_at as string}`.replace(' ', 'T') >= '2023-06-01T00:00:00').toBe(true);
    }
  });
});

describe('POST /v3.1/users', () => {
  let token: string;
  beforeEach(async () => {
    await start();
    token = await mint();
  });

  const create = (body: unknown) =>
    call('POST', '/v3.1/users', { headers: auth(token), body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('creates a Customer Care user: 4308 with the user object, never the password', async () => {
    const answer = await create({ ...validUser(), job_description: 'Agent', login_using_email: true, skill_attributes: { business: SEED_BUSINESS_VALUES[0] }, active_chats: 2 });
    expectCode(answer, 200, 4308);
    const user = answer.body.response as Record<string, unknown>;
    expect(Object.keys(user).sort()).toEqual(DETAIL_KEYS);
    expect(user).toMatchObject({
      id: FIRST_SEED_ID + 27,
      login_id: 'nora.nuevo',
      role_type: 'Customer Care',
      status: 'active',
      logged_in: false,
      accepting_chats: false,
      active_chats: 2,
      created_at: '2025-06-01 12:00:00',
      updated_at: '2025-06-01 12:00:00',
    });
    expect(answer.text).not.toContain('Secret-pass-1');
    const stored = sim.state.userById(FIRST_SEED_ID + 27);
    expect(JSON.stringify(stored)).not.toContain('Secret-pass-1');
    expect(stored?.passwordHash).toMatch(/^[0-9a-f]+:[0-9a-f]{64}$/);
  });

  it('defaults active_chats to 0 and job_description to null', async () => {
    expect((await create(validUser())).body.response).toMatchObject({ active_chats: 0, job_description: null, login_using_email: false });
  });

  it('refuses an empty body with 3114', async () => {
    expectCode(await create(''), 400, 3114);
  });

  const invalidBodies: Array<[string, unknown]> = [
    ...['first_name', 'last_name', 'login_id', 'email_id', 'password', 'privileges'].map((key): [string, unknown] => [
      `missing ${key}`,
      Object.fromEntries(Object.entries(validUser()).filter(([name]) => name !== key)),
    ]),
    ['empty first_name', { ...validUser(), first_name: ' ' }],
    ['numeric login_id', { ...validUser(), login_id: 42 }],
    ['e-mail without a domain', { ...validUser(), email_id: 'nora@' }],
    ['empty privileges', { ...validUser(), privileges: [] }],
    ['unknown role', { ...validUser(), privileges: [{ teamid: 101, role: 'Team Owner' }] }],
    ['teamid as a string', { ...validUser(), privileges: [{ teamid: '101', role: 'Team Agent' }] }],
    ['teamid zero', { ...validUser(), privileges: [{ teamid: 0, role: 'Team Agent' }] }],
    ['string login_using_email', { ...validUser(), login_using_email: 'yes' }],
    ['array skill_attributes', { ...validUser(), skill_attributes: [] }],
    ['negative active_chats', { ...validUser(), active_chats: -1 }],
    ['unknown field', { ...validUser(), role_type: 'Administrative' }],
    ['body that is not JSON', '{"first_name":'],
    ['body that is an array', [validUser()]],
  ];
  it.each(invalidBodies)('refuses a %s with 3115 and creates nobody', async (_name, body) => {
    expectCode(await create(body), 400, 3115);
    expect(sim.state.allUsers()).toHaveLength(27);
  });

  it('refuses a privilege for an unknown team with 2010', async () => {
    expectCode(await create({ ...validUser(), privileges: [{ teamid: 999, role: 'Team Agent' }] }), 404, 2010);
  });

  it('refuses a business or location outside the tenant lists with 3107 / 3110', async () => {
    expectCode(await create({ ...validUser(), skill_attributes: { business: 'Mining' } }), 400, 3107);
    expectCode(await create({ ...validUser(), skill_attributes: { location: 'Atlantis' } }), 400, 3110);
    expectCode(await create({ ...validUser(), skill_attributes: { location: SEED_LOCATIONS[1], team_size: 4 } }), 200, 4308);
  });

  it('refuses a taken login id with 3102 (HTTP 409) and a taken e-mail in any case with 3111', async () => {
    expectCode(await create(validUser()), 200, 4308);
    expectCode(await create({ ...validUser(), email_id: 'other@example.com' }), 409, 3102);
    expectCode(await create({ ...validUser(), login_id: 'other', email_id: 'NORA@Example.com' }), 400, 3111);
  });
});

describe('request log', () => {
  it('records every request with method, path and status, authorize calls included', async () => {
    await start();
    const token = await mint();
    await call('GET', `/v3.1/users/${FIRST_SEED_ID}?x=1`, { headers: auth(token) });
    expect(sim.log.list().map((entry) => [entry.method, entry.path, entry.status])).toEqual([
      ['GET', '/v3.1/authorize', 200],
      ['GET', `/v3.1/users/${FIRST_SEED_ID}`, 200],
    ]);
  });
});
